// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DepartmentGated} from "../access/DepartmentGated.sol";
import {IDepartmentDirectory} from "../access/IDepartmentDirectory.sol";
import {IParticipantRegistry} from "../access/IParticipantRegistry.sol";
import {IPropertyRegistry} from "../property/IPropertyRegistry.sol";
import {IWorkflow} from "../workflow/IWorkflow.sol";
import {IWorkflowCases} from "../workflow/IWorkflowCases.sol";
import {IEstateServices} from "./IEstateServices.sol";

/**
 * @title EstateServices
 * @notice Deposits, utility account transfers and tax audits around the register's transfers (docs/SERVICES.md,
 * "Real-estate registration: deposits, utilities, tax audits").
 * @dev A separate contract because PropertyRegistry has no code room left: it reads the register (`unitOf`,
 * `caseTypeFor`, `config`) and the workflow (`getCase`, `caseStatus`) and changes neither.
 */
contract EstateServices is DepartmentGated, IEstateServices {
    /// @dev Amount bands 1-8 (the SDK names them: below 1M CNY, 1-2M, 2-3M, 3-5M, 5-8M, 8-12M, 12-20M, 20M+).
    uint8 internal constant MAX_BAND = 8;

    /// @dev The register's transfer subject tag: must equal PropertyRegistry's TRANSFER_TAG (the one rule is
    /// `keccak256(abi.encode(tag, registry, unit, version, kind, titleHash))`; PropertyRegistry has no room
    /// left for a view of it, and test/estate checks the two agree on a real case).
    bytes32 private constant TRANSFER_TAG = keccak256("govchain.property.transfer");

    /// @custom:storage-location erc7201:govchain.storage.EstateServices
    struct EstateServicesStorage {
        mapping(uint256 caseId => Deposit) deposits;
        mapping(uint256 caseId => bytes32 bank) depositBanks;
        /// @dev Pushed by the directory (this contract is one of its listeners, see ignition/modules/Estate.ts).
        mapping(uint64 officerRole => bool) inactive;
        mapping(uint256 caseId => UtilityStep[4]) steps;
        mapping(uint256 caseId => Audit) audits;
    }

    // keccak256(abi.encode(uint256(keccak256("govchain.storage.EstateServices")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x985a40d476bcf5f173d6ec18d89ed038531d649780ba1d91c86c763df66c5e00;

    // The wiring is part of the implementation (read back by `config()` for an upgrade), as in PropertyRegistry.
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IPropertyRegistry private immutable _property;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IWorkflowCases private immutable _workflow;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IParticipantRegistry private immutable _participants;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    bytes32 private immutable _auditor;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    bytes32 private immutable _waterRole;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    bytes32 private immutable _powerRole;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    bytes32 private immutable _gasRole;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    bytes32 private immutable _heatingRole;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    bytes32 private immutable _depositReleaseCaseType;

    bytes32 private constant DEPOSIT_RELEASE_TAG = keccak256("govchain.estate.depositRelease");

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(Config memory config_) {
        if (
            address(config_.property) == address(0) ||
            address(config_.workflow) == address(0) ||
            config_.participants == address(0) ||
            config_.auditor == bytes32(0)
        ) revert EstateInvalidConfig();
        for (uint256 i = 0; i < 4; ++i) {
            if (config_.utilityRoles[i] == bytes32(0)) revert EstateInvalidConfig();
        }
        _property = config_.property;
        _workflow = config_.workflow;
        _participants = IParticipantRegistry(config_.participants);
        _auditor = config_.auditor;
        _waterRole = config_.utilityRoles[0];
        _powerRole = config_.utilityRoles[1];
        _gasRole = config_.utilityRoles[2];
        _heatingRole = config_.utilityRoles[3];
        _depositReleaseCaseType = config_.depositReleaseCaseType;
    }

    function initialize(address authority, IDepartmentDirectory directory_) external initializer {
        __DepartmentGated_init(authority, directory_);
    }

    // ── deposits (资金监管) ─────────────────────────────────────────────────

    /// @inheritdoc IEstateServices
    function recordDeposit(
        uint256 caseId,
        bytes32 unit,
        IPropertyRegistry.TransferKind kind,
        bytes32 nextTitleHash,
        bytes32 bank,
        uint8 band,
        bytes32 agreementHash
    ) external restricted {
        _checkOfficer(bank, msg.sender);
        if (directory().department(bank).kind != IDepartmentDirectory.DepartmentKind.Bank) revert EstateNotBank(bank);
        if (kind != IPropertyRegistry.TransferKind.Sale && kind != IPropertyRegistry.TransferKind.NewBuildSale) {
            revert EstateNotSale(kind);
        }
        if (band == 0 || band > MAX_BAND || agreementHash == bytes32(0)) revert EstateInvalidInput();
        IWorkflowCases.CaseStatus status = _checkTransferCase(
            caseId,
            unit,
            kind,
            _property.unitOf(unit).titleVersion,
            nextTitleHash
        );
        // Funds are supervised before the transfer: an executed or dead case takes no new deposit.
        if (
            status != IWorkflowCases.CaseStatus.Open &&
            status != IWorkflowCases.CaseStatus.Returned &&
            status != IWorkflowCases.CaseStatus.Approved
        ) revert EstateCaseStatus(caseId, status);
        EstateServicesStorage storage $ = _getStorage();
        bytes32 holder = $.depositBanks[caseId];
        if (holder != bytes32(0)) revert EstateDepositExists(caseId, holder);
        $.depositBanks[caseId] = bank;
        $.deposits[caseId] = Deposit({
            officerRole: directory().department(bank).officerRole,
            state: DepositState.Held,
            band: band,
            recordedAt: uint40(block.timestamp)
        });
        emit DepositRecorded(unit, caseId, bank, band, agreementHash, msg.sender);
    }

    /// @inheritdoc IEstateServices
    /// @dev The hot path (bench `property.depositRelease`, target 60,000 gas): one deposit slot read and written,
    /// the cached officer check, one workflow status read. The unit and the bank are in {DepositRecorded}.
    function releaseDeposit(uint256 caseId, bytes32 documentHash) external restricted {
        EstateServicesStorage storage $ = _getStorage();
        Deposit memory d = $.deposits[caseId];
        if (d.state != DepositState.Held) {
            if ($.depositBanks[caseId] == bytes32(0)) revert EstateUnknownDeposit(caseId);
            revert EstateDepositAlreadyReleased(caseId, _releasedState(caseId));
        }
        // The cached form of the officer rule (the bank's role from the deposit, its active flag pushed by the
        // directory): the live isOfficer call would cost ~13k more. The bank's code is read only to name a refusal.
        bool active = !$.inactive[d.officerRole];
        if (!_isOfficerCached(d.officerRole, active, msg.sender)) {
            _revertNotOfficer($.depositBanks[caseId], msg.sender, active);
        }
        DepositState next = _releaseDirection(caseId);
        // Cleared, not rewritten: the refund keeps the release under 60,000 gas. A released deposit is a bank
        // code without a deposit slot; which way it went follows from the case's final status ({depositOf}).
        delete $.deposits[caseId];
        emit DepositReleased(caseId, next, documentHash, msg.sender);
    }

    /// @inheritdoc IEstateServices
    function openDepositRelease(
        uint256 caseId,
        bytes32 documentHash
    ) external restricted returns (uint256 releaseCaseId) {
        _checkOfficer(_property.config().registrar, msg.sender);
        bytes32 caseType = _depositReleaseCaseType;
        if (caseType == bytes32(0)) revert EstateInvalidConfig();
        EstateServicesStorage storage $ = _getStorage();
        Deposit memory d = _heldDeposit($, caseId);
        bytes32 bank = $.depositBanks[caseId];
        // An active bank releases its deposits itself; the registrar's path is for a bank that no longer can.
        if (!$.inactive[d.officerRole]) revert EstateDepositBankActive(caseId, bank);
        releaseCaseId = _workflow.openCase(caseType, _depositReleaseSubject(caseId), documentHash);
        emit DepositReleaseOpened(caseId, releaseCaseId, bank, msg.sender);
    }

    /// @inheritdoc IEstateServices
    function executeDepositRelease(uint256 caseId, uint256 releaseCaseId, bytes32 documentHash) external restricted {
        _checkOfficer(_property.config().registrar, msg.sender);
        EstateServicesStorage storage $ = _getStorage();
        _heldDeposit($, caseId);
        // The direction first: a sale still pending keeps the release case approved, unconsumed, for later.
        DepositState next = _releaseDirection(caseId);
        (bytes32 caseType, bytes32 subject) = _workflow.consumeCase(releaseCaseId);
        if (caseType != _depositReleaseCaseType || subject != _depositReleaseSubject(caseId)) {
            revert EstateReleaseCaseMismatch(releaseCaseId, caseId);
        }
        delete $.deposits[caseId];
        emit DepositReleased(caseId, next, documentHash, msg.sender);
    }

    // ── utility account transfers (水电气热过户) ─────────────────────────────

    /// @inheritdoc IEstateServices
    function openUtilitySteps(
        uint256 caseId,
        bytes32 unit,
        IPropertyRegistry.TransferKind kind,
        uint32 fromVersion,
        bytes32 nextTitleHash,
        address[4] calldata providers
    ) external restricted {
        _checkOfficer(_property.config().registrar, msg.sender);
        IWorkflowCases.CaseStatus status = _checkTransferCase(caseId, unit, kind, fromVersion, nextTitleHash);
        if (status != IWorkflowCases.CaseStatus.Consumed) revert EstateCaseStatus(caseId, status);
        UtilityStep[4] storage steps = _getStorage().steps[caseId];
        bool any = false;
        for (uint256 i = 0; i < 4; ++i) {
            if (steps[i].provider != address(0)) revert EstateStepsExist(caseId);
            address provider = providers[i];
            if (provider == address(0)) continue;
            if (!_participants.isAccredited(_utilityRole(Utility(i)), provider)) {
                revert EstateProviderNotAccredited(Utility(i), provider);
            }
            steps[i].provider = provider;
            any = true;
        }
        if (!any) revert EstateNoProvider();
        emit UtilityStepsOpened(unit, caseId, providers, msg.sender);
    }

    /// @inheritdoc IEstateServices
    function confirmUtilityStep(uint256 caseId, Utility utility, bytes32 settlementHash) external restricted {
        if (settlementHash == bytes32(0)) revert EstateInvalidInput();
        UtilityStep storage step = _getStorage().steps[caseId][uint8(utility)];
        address provider = step.provider;
        if (provider == address(0)) revert EstateUnknownStep(caseId, utility);
        if (msg.sender != provider) revert EstateNotStepProvider(caseId, utility, provider, msg.sender);
        if (!_participants.isAccredited(_utilityRole(utility), provider)) {
            revert EstateProviderNotAccredited(utility, provider);
        }
        if (step.doneAt != 0) revert EstateStepAlreadyConfirmed(caseId, utility);
        step.doneAt = uint40(block.timestamp);
        emit UtilityStepConfirmed(caseId, utility, provider, settlementHash);
    }

    // ── tax audits (核价) ────────────────────────────────────────────────────

    /// @inheritdoc IEstateServices
    function recordAudit(
        uint256 caseId,
        bytes32 unit,
        IPropertyRegistry.TransferKind kind,
        bytes32 nextTitleHash,
        bytes32 declaredPriceHash,
        bytes32 assessedReferenceHash,
        AuditResult result,
        bytes32 reasonCode
    ) external restricted {
        _checkOfficer(_auditor, msg.sender);
        if (result == AuditResult.None || declaredPriceHash == bytes32(0) || assessedReferenceHash == bytes32(0)) {
            revert EstateInvalidInput();
        }
        IWorkflowCases.CaseStatus status = _checkTransferCase(
            caseId,
            unit,
            kind,
            _property.unitOf(unit).titleVersion,
            nextTitleHash
        );
        // A Returned audit records a return that happened (the workflow's returnCase, with the reason in clear);
        // any other result is recorded while the case is under review.
        IWorkflowCases.CaseStatus required =
            result == AuditResult.Returned ? IWorkflowCases.CaseStatus.Returned : IWorkflowCases.CaseStatus.Open;
        if (status != required) revert EstateAuditStatus(caseId, result, status);
        Audit storage a = _getStorage().audits[caseId];
        a.result = result;
        a.count += 1;
        a.at = uint40(block.timestamp);
        emit TaxAuditRecorded(unit, caseId, result, declaredPriceHash, assessedReferenceHash, reasonCode, msg.sender);
    }

    // ── views ────────────────────────────────────────────────────────────────

    /// @inheritdoc IEstateServices
    function depositOf(uint256 caseId) external view returns (Deposit memory d) {
        EstateServicesStorage storage $ = _getStorage();
        d = $.deposits[caseId];
        if (d.state == DepositState.None && $.depositBanks[caseId] != bytes32(0)) d.state = _releasedState(caseId);
    }

    /// @inheritdoc IEstateServices
    function depositBank(uint256 caseId) external view returns (bytes32) {
        return _getStorage().depositBanks[caseId];
    }

    /// @inheritdoc IEstateServices
    function utilitySteps(uint256 caseId) external view returns (UtilityStep[4] memory) {
        return _getStorage().steps[caseId];
    }

    /// @inheritdoc IEstateServices
    function auditOf(uint256 caseId) external view returns (Audit memory) {
        return _getStorage().audits[caseId];
    }

    /// @inheritdoc IEstateServices
    function config() external view returns (Config memory) {
        return
            Config({
                property: _property,
                workflow: _workflow,
                participants: address(_participants),
                auditor: _auditor,
                utilityRoles: [_waterRole, _powerRole, _gasRole, _heatingRole],
                depositReleaseCaseType: _depositReleaseCaseType
            });
    }

    // ── internals ────────────────────────────────────────────────────────────

    /// @dev The directory reports every (de)activation: a deactivated bank's officers cannot release. Keyed by the
    /// officer role (fixed for good per department), which the deposit slot holds, to save a read on release.
    function _departmentActiveChanged(bytes32 department, bool active) internal override {
        _getStorage().inactive[directory().department(department).officerRole] = !active;
    }

    /// @dev The held deposit of `caseId` (refusals name an unknown or already released one).
    function _heldDeposit(EstateServicesStorage storage $, uint256 caseId) private view returns (Deposit memory d) {
        d = $.deposits[caseId];
        if (d.state != DepositState.Held) {
            if ($.depositBanks[caseId] == bytes32(0)) revert EstateUnknownDeposit(caseId);
            revert EstateDepositAlreadyReleased(caseId, _releasedState(caseId));
        }
    }

    /// @dev Where a deposit goes now: to the seller once the transfer executed (consumed: only the register consumes
    /// its transfer cases, in executeTransfer, after checking the subject), back to the buyer once the case ended
    /// without executing; a pending case reverts.
    function _releaseDirection(uint256 caseId) private view returns (DepositState) {
        IWorkflowCases.CaseStatus status = _workflow.caseStatus(caseId);
        if (status == IWorkflowCases.CaseStatus.Consumed) return DepositState.ReleasedToSeller;
        if (
            status != IWorkflowCases.CaseStatus.Rejected &&
            status != IWorkflowCases.CaseStatus.Withdrawn &&
            status != IWorkflowCases.CaseStatus.Expired
        ) revert EstateTransferPending(caseId, status);
        return DepositState.ReturnedToBuyer;
    }

    function _depositReleaseSubject(uint256 caseId) private view returns (bytes32) {
        return keccak256(abi.encode(DEPOSIT_RELEASE_TAG, address(this), caseId));
    }

    /// @dev A released deposit went to the seller when its case was consumed, else back to the buyer (a release
    /// happens only in a final status, so this never changes afterwards).
    function _releasedState(uint256 caseId) private view returns (DepositState) {
        return
            _workflow.caseStatus(caseId) == IWorkflowCases.CaseStatus.Consumed
                ? DepositState.ReleasedToSeller
                : DepositState.ReturnedToBuyer;
    }

    /**
     * @dev Reverts unless `caseId` is the register's transfer of `unit` from `version` by `kind` to the title
     * hashed `nextTitleHash` (its type is the register's type for the kind, its subject the register's rule);
     * returns the case's status now.
     */
    function _checkTransferCase(
        uint256 caseId,
        bytes32 unit,
        IPropertyRegistry.TransferKind kind,
        uint32 version,
        bytes32 nextTitleHash
    ) private view returns (IWorkflowCases.CaseStatus) {
        IWorkflow.CaseView memory c = IWorkflow(address(_workflow)).getCase(caseId);
        bytes32 caseType = _property.caseTypeFor(kind);
        bytes32 subject = keccak256(abi.encode(TRANSFER_TAG, address(_property), unit, version, kind, nextTitleHash));
        if (caseType == bytes32(0) || c.caseType != caseType || c.subject != subject) {
            revert EstateNotTransferCase(caseId, unit);
        }
        return c.status;
    }

    function _utilityRole(Utility utility) private view returns (bytes32) {
        if (utility == Utility.Water) return _waterRole;
        if (utility == Utility.Power) return _powerRole;
        if (utility == Utility.Gas) return _gasRole;
        return _heatingRole;
    }

    function _getStorage() private pure returns (EstateServicesStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
