// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DepartmentGated} from "../access/DepartmentGated.sol";
import {IDepartmentDirectory} from "../access/IDepartmentDirectory.sol";
import {IDataExchange} from "../exchange/IDataExchange.sol";
import {IWorkflow} from "../workflow/IWorkflow.sol";
import {IWorkflowCases} from "../workflow/IWorkflowCases.sol";
import {IUnemploymentBenefits} from "./IUnemploymentBenefits.sol";

/**
 * @title UnemploymentBenefits
 * @notice Unemployment benefit claims and their monthly payments, one per beneficiary and month (see
 * {IUnemploymentBenefits}).
 * @dev The once-per-month rule is keyed by (beneficiary commitment, month), not by claim: a second claim for the
 * same beneficiary cannot pay a month twice either, and whichever office records a month first, every other
 * attempt for that month reverts with {UnemploymentBenefitsAlreadyPaid} and changes nothing.
 */
contract UnemploymentBenefits is DepartmentGated, IUnemploymentBenefits {
    /// @dev Longest claim in months (the statutory maximum is 24).
    uint16 internal constant MAX_MONTHS = 24;

    /// @custom:storage-location erc7201:govchain.storage.UnemploymentBenefits
    struct UnemploymentBenefitsStorage {
        IWorkflow workflow;
        IDataExchange exchange;
        bytes32 employmentDataset;
        bytes32 insuranceDataset;
        mapping(bytes32 district => bytes32 caseType) districtCaseTypes;
        mapping(bytes32 department => bool) payers;
        mapping(uint256 caseId => Claim) claims;
        mapping(bytes32 beneficiary => mapping(uint32 period => uint256 caseId)) paid;
    }

    // keccak256(abi.encode(uint256(keccak256("govchain.storage.UnemploymentBenefits")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xcdefce77f3a3dd2e7f61e60fa4b8b0b2b6a3754b7e41d87a3dadfca90bbfd800;

    /**
     * @notice Initializes the proxy.
     * @param authority The suite's AccessManager.
     * @param directory_ The department directory.
     * @param workflow_ The workflow whose case types (owned by this contract) carry the claims.
     * @param exchange_ The data exchange whose grants and consents are a claim's evidence.
     * @param employmentDataset Dataset id of the employment records (held by the bureau, e.g. HRSS).
     * @param insuranceDataset Dataset id of the social-insurance contribution records.
     */
    function initialize(
        address authority,
        IDepartmentDirectory directory_,
        IWorkflow workflow_,
        IDataExchange exchange_,
        bytes32 employmentDataset,
        bytes32 insuranceDataset
    ) external initializer {
        __DepartmentGated_init(authority, directory_);
        if (address(workflow_) == address(0) || address(exchange_) == address(0)) {
            revert UnemploymentBenefitsInvalidConfig();
        }
        UnemploymentBenefitsStorage storage $ = _getStorage();
        $.workflow = workflow_;
        $.exchange = exchange_;
        _setEvidenceDatasets(employmentDataset, insuranceDataset);
    }

    /// @inheritdoc IUnemploymentBenefits
    function setDistrict(bytes32 district, bytes32 caseType) external restricted {
        _getStorage().districtCaseTypes[district] = caseType;
        emit DistrictSet(district, caseType, msg.sender);
    }

    /// @inheritdoc IUnemploymentBenefits
    function setPayer(bytes32 department, bool allowed) external restricted {
        _getStorage().payers[department] = allowed;
        emit PayerSet(department, allowed, msg.sender);
    }

    /// @inheritdoc IUnemploymentBenefits
    function setEvidenceDatasets(bytes32 employment, bytes32 insurance) external restricted {
        _setEvidenceDatasets(employment, insurance);
    }

    /// @inheritdoc IUnemploymentBenefits
    function openClaim(
        bytes32 district,
        bytes32 beneficiary,
        uint256 employmentGrant,
        uint256 insuranceGrant,
        uint32 firstPeriod,
        uint16 months,
        bytes32 documentHash
    ) external restricted returns (uint256 caseId) {
        UnemploymentBenefitsStorage storage $ = _getStorage();
        _checkOfficer(district, msg.sender);
        bytes32 caseType = $.districtCaseTypes[district];
        if (caseType == bytes32(0)) revert UnemploymentBenefitsUnknownDistrict(district);
        if (beneficiary == bytes32(0) || months == 0 || months > MAX_MONTHS) {
            revert UnemploymentBenefitsInvalidClaim(MAX_MONTHS);
        }
        uint32 firstMonth = _monthIndex(firstPeriod);
        _checkEvidence(employmentGrant, $.employmentDataset, district, beneficiary);
        _checkEvidence(insuranceGrant, $.insuranceDataset, district, beneficiary);
        caseId = $.workflow.openCase(caseType, _claimSubject(beneficiary, district, firstMonth, months), documentHash);
        $.claims[caseId] = Claim(beneficiary, district, firstMonth, months, false);
        emit ClaimOpened(
            caseId,
            beneficiary,
            district,
            employmentGrant,
            insuranceGrant,
            firstPeriod,
            months,
            msg.sender
        );
    }

    /// @inheritdoc IUnemploymentBenefits
    function resubmitClaim(uint256 caseId, bytes32 documentHash) external restricted {
        _checkOfficer(_claim(caseId).district, msg.sender);
        _getStorage().workflow.resubmitCase(caseId, documentHash);
        emit ClaimResubmitted(caseId, documentHash, msg.sender);
    }

    /// @inheritdoc IUnemploymentBenefits
    function withdrawClaim(uint256 caseId, string calldata reason) external restricted {
        _checkOfficer(_claim(caseId).district, msg.sender);
        _getStorage().workflow.withdrawCase(caseId, reason);
        emit ClaimWithdrawn(caseId, msg.sender);
    }

    /// @inheritdoc IUnemploymentBenefits
    function recordPayment(
        uint256 caseId,
        bytes32 department,
        uint32 period,
        uint64 amountFen,
        bytes32 paymentRef
    ) external restricted {
        UnemploymentBenefitsStorage storage $ = _getStorage();
        Claim storage claim = _claim(caseId);
        if (department != claim.district && !$.payers[department]) {
            revert UnemploymentBenefitsNotPayer(caseId, department);
        }
        _checkOfficer(department, msg.sender);
        uint32 month = _monthIndex(period);
        if (month < claim.firstMonth || month >= claim.firstMonth + claim.months) {
            revert UnemploymentBenefitsInvalidPeriod(period);
        }
        bytes32 beneficiary = claim.beneficiary;
        uint256 paidUnder_ = $.paid[beneficiary][period];
        if (paidUnder_ != 0) revert UnemploymentBenefitsAlreadyPaid(beneficiary, period, paidUnder_);
        $.paid[beneficiary][period] = caseId;
        emit BenefitPaid(caseId, beneficiary, period, amountFen, paymentRef, department, msg.sender);
        if (!claim.active) _activate(caseId, claim);
    }

    /// @inheritdoc IUnemploymentBenefits
    function claimOf(uint256 caseId) external view returns (Claim memory) {
        return _claim(caseId);
    }

    /// @inheritdoc IUnemploymentBenefits
    function paidUnder(bytes32 beneficiary, uint32 period) external view returns (uint256) {
        return _getStorage().paid[beneficiary][period];
    }

    /// @inheritdoc IUnemploymentBenefits
    function districtCaseType(bytes32 district) external view returns (bytes32) {
        return _getStorage().districtCaseTypes[district];
    }

    /// @inheritdoc IUnemploymentBenefits
    function isPayer(bytes32 department) external view returns (bool) {
        return _getStorage().payers[department];
    }

    /// @inheritdoc IUnemploymentBenefits
    function evidenceDatasets() external view returns (bytes32 employment, bytes32 insurance) {
        UnemploymentBenefitsStorage storage $ = _getStorage();
        return ($.employmentDataset, $.insuranceDataset);
    }

    /// @dev The first payment consumes the approved case (so it can never be consumed for anything else) and
    /// checks that the district itself approved it, whatever the case type was configured with.
    function _activate(uint256 caseId, Claim storage claim) private {
        IWorkflow workflow = _getStorage().workflow;
        IWorkflowCases.CaseStatus status = workflow.caseStatus(caseId);
        if (status != IWorkflowCases.CaseStatus.Approved) revert UnemploymentBenefitsCaseNotApproved(caseId, status);
        if (workflow.signatures(caseId, claim.district) == 0) {
            revert UnemploymentBenefitsNotApprovedByDistrict(caseId, claim.district);
        }
        claim.active = true;
        workflow.consumeCase(caseId);
    }

    /// @dev A grant is evidence for `beneficiary` at `district` when it is live, of `dataset`, granted to the
    /// district, and backed by a consent the beneficiary gave (the exchange requires one for personal datasets).
    function _checkEvidence(uint256 grantId, bytes32 dataset, bytes32 district, bytes32 beneficiary) private view {
        IDataExchange exchange = _getStorage().exchange;
        if (!exchange.isGrantLive(grantId)) revert UnemploymentBenefitsEvidenceNotLive(grantId);
        IDataExchange.Grant memory grant = exchange.grant(grantId);
        if (grant.dataset != dataset || grant.grantee != district) {
            revert UnemploymentBenefitsEvidenceMismatch(grantId, grant.dataset, grant.grantee);
        }
        if (grant.consentId == 0 || exchange.consent(grant.consentId).subject != beneficiary) {
            revert UnemploymentBenefitsConsentMismatch(grantId, beneficiary);
        }
    }

    function _setEvidenceDatasets(bytes32 employment, bytes32 insurance) private {
        if (employment == bytes32(0) || insurance == bytes32(0)) revert UnemploymentBenefitsInvalidConfig();
        UnemploymentBenefitsStorage storage $ = _getStorage();
        $.employmentDataset = employment;
        $.insuranceDataset = insurance;
        emit EvidenceDatasetsSet(employment, insurance, msg.sender);
    }

    function _claim(uint256 caseId) private view returns (Claim storage claim) {
        claim = _getStorage().claims[caseId];
        if (claim.beneficiary == bytes32(0)) revert UnemploymentBenefitsUnknownClaim(caseId);
    }

    /// @dev YYYYMM → year * 12 + month - 1; reverts for a month outside 1..12 or a year before 2000.
    function _monthIndex(uint32 period) private pure returns (uint32) {
        uint32 year = period / 100;
        uint32 month = period % 100;
        if (year < 2000 || year > 9999 || month == 0 || month > 12) revert UnemploymentBenefitsInvalidPeriod(period);
        return year * 12 + month - 1;
    }

    function _claimSubject(
        bytes32 beneficiary,
        bytes32 district,
        uint32 firstMonth,
        uint16 months
    ) private pure returns (bytes32) {
        return
            keccak256(
                abi.encode(keccak256("govchain.onestop.unemployment"), beneficiary, district, firstMonth, months)
            );
    }

    function _getStorage() private pure returns (UnemploymentBenefitsStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
