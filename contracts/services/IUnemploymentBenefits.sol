// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IWorkflowCases} from "../workflow/IWorkflowCases.sol";

/**
 * @title IUnemploymentBenefits
 * @notice Unemployment insurance benefits (失业保险金): a district's human-resources office opens a claim for a
 * beneficiary (a salted commitment) on evidence it received through the data exchange (live grants for the
 * employment and social-insurance records, each backed by the beneficiary's own consent), the district approves
 * the claim's workflow case, and the monthly payments are recorded against it, at most ONE per beneficiary and
 * month whichever office records it (the district's or a payer department such as the municipal bureau).
 * @dev No personal data: the beneficiary is a commitment, amounts are in fen, references are hashes.
 * Periods are months written YYYYMM (202611).
 */
interface IUnemploymentBenefits {
    /// @notice A claim as stored. `firstMonth` is a month index (year * 12 + month - 1).
    struct Claim {
        bytes32 beneficiary;
        bytes32 district;
        uint32 firstMonth;
        uint16 months;
        /// @dev Set by the first payment, which consumes the approved case.
        bool active;
    }

    /// @notice The operator set the case type for claims opened by `district` (0: the district opens none).
    event DistrictSet(bytes32 indexed district, bytes32 caseType, address indexed actor);
    /// @notice The operator allowed (or stopped) `department` to record payments of every district's claims.
    event PayerSet(bytes32 indexed department, bool allowed, address indexed actor);
    /// @notice The operator set the exchange datasets a claim's evidence must come from.
    event EvidenceDatasetsSet(bytes32 employment, bytes32 insurance, address indexed actor);
    /// @notice `district` opened claim `caseId` for `beneficiary` on the evidence of the two grants.
    event ClaimOpened(
        uint256 indexed caseId,
        bytes32 indexed beneficiary,
        bytes32 indexed district,
        uint256 employmentGrant,
        uint256 insuranceGrant,
        uint32 firstPeriod,
        uint16 months,
        address actor
    );
    /// @notice The district resubmitted returned claim `caseId`.
    event ClaimResubmitted(uint256 indexed caseId, bytes32 documentHash, address indexed actor);
    /// @notice The district withdrew claim `caseId`.
    event ClaimWithdrawn(uint256 indexed caseId, address indexed actor);
    /// @notice The benefit of month `period` was paid to `beneficiary` under claim `caseId`, recorded by `department`.
    event BenefitPaid(
        uint256 indexed caseId,
        bytes32 indexed beneficiary,
        uint32 indexed period,
        uint64 amountFen,
        bytes32 paymentRef,
        bytes32 department,
        address actor
    );

    /// @notice `beneficiary` was already paid for `period` (under claim `caseId`): nothing was recorded.
    error UnemploymentBenefitsAlreadyPaid(bytes32 beneficiary, uint32 period, uint256 caseId);
    /// @notice Claim `caseId`'s workflow case is not approved (`status`): no payment.
    error UnemploymentBenefitsCaseNotApproved(uint256 caseId, IWorkflowCases.CaseStatus status);
    /// @notice The consumed case was not approved by the claim's district.
    error UnemploymentBenefitsNotApprovedByDistrict(uint256 caseId, bytes32 district);
    /// @notice No claim has this case id.
    error UnemploymentBenefitsUnknownClaim(uint256 caseId);
    /// @notice `district` opens no claims (no case type set).
    error UnemploymentBenefitsUnknownDistrict(bytes32 district);
    /// @notice `department` may not record payments of claim `caseId` (neither its district nor a payer).
    error UnemploymentBenefitsNotPayer(uint256 caseId, bytes32 department);
    /// @notice The evidence grant is not live (revoked, expired, consent revoked, exchange stopped).
    error UnemploymentBenefitsEvidenceNotLive(uint256 grantId);
    /// @notice The evidence grant is not of the expected dataset or not granted to the district.
    error UnemploymentBenefitsEvidenceMismatch(uint256 grantId, bytes32 dataset, bytes32 grantee);
    /// @notice The evidence grant's consent is not the beneficiary's.
    error UnemploymentBenefitsConsentMismatch(uint256 grantId, bytes32 beneficiary);
    /// @notice The period is not a month YYYYMM, or lies outside the claim's months.
    error UnemploymentBenefitsInvalidPeriod(uint32 period);
    /// @notice The beneficiary is zero, the months are 0 or above `max`.
    error UnemploymentBenefitsInvalidClaim(uint256 max);
    /// @notice A wiring address or dataset id is zero.
    error UnemploymentBenefitsInvalidConfig();

    /// @notice Sets the case type (owner: this contract; required approver: the district) of `district`'s claims.
    function setDistrict(bytes32 district, bytes32 caseType) external;

    /// @notice Allows `department` to record payments of every district's claims (the municipal bureau). Operator.
    function setPayer(bytes32 department, bool allowed) external;

    /// @notice Sets the datasets of the employment and social-insurance records. Operator.
    function setEvidenceDatasets(bytes32 employment, bytes32 insurance) external;

    /**
     * @notice Opens a claim for `beneficiary` as a workflow case of `district`'s case type.
     * @dev Only an officer of `district`. Both grants must be live, granted to `district`, of the configured
     * employment and social-insurance datasets, and backed by consents whose subject is `beneficiary`.
     * @param firstPeriod The first month paid (YYYYMM); `months` the number of months (at most 24).
     * @return caseId The claim's workflow case.
     */
    function openClaim(
        bytes32 district,
        bytes32 beneficiary,
        uint256 employmentGrant,
        uint256 insuranceGrant,
        uint32 firstPeriod,
        uint16 months,
        bytes32 documentHash
    ) external returns (uint256 caseId);

    /// @notice Resubmits returned claim `caseId`. Only an officer of its district.
    function resubmitClaim(uint256 caseId, bytes32 documentHash) external;

    /// @notice Withdraws open or returned claim `caseId`. Only an officer of its district.
    function withdrawClaim(uint256 caseId, string calldata reason) external;

    /**
     * @notice Records the payment of month `period` under claim `caseId`, acting for `department`.
     * @dev Only an officer of the claim's district or of a payer department. The claim's case must be approved
     * (by the district; the first payment consumes it); `period` within the claim's months; the beneficiary not
     * yet paid for `period` under any claim.
     */
    function recordPayment(
        uint256 caseId,
        bytes32 department,
        uint32 period,
        uint64 amountFen,
        bytes32 paymentRef
    ) external;

    /// @notice Claim `caseId` (reverts for an unknown one).
    function claimOf(uint256 caseId) external view returns (Claim memory);

    /// @notice The claim under which `beneficiary` was paid for `period` (0: not paid).
    function paidUnder(bytes32 beneficiary, uint32 period) external view returns (uint256 caseId);

    /// @notice The case type of `district`'s claims (0: none).
    function districtCaseType(bytes32 district) external view returns (bytes32);

    /// @notice Whether `department` records payments of every district's claims.
    function isPayer(bytes32 department) external view returns (bool);

    /// @notice The employment and social-insurance datasets evidence must come from.
    function evidenceDatasets() external view returns (bytes32 employment, bytes32 insurance);
}
