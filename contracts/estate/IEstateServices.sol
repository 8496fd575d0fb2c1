// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IPropertyRegistry} from "../property/IPropertyRegistry.sol";
import {IWorkflowCases} from "../workflow/IWorkflowCases.sol";

/**
 * @title IEstateServices
 * @notice What a real-estate transfer brings along besides the title (issue 16 section 4): the supervised deposit
 * of the buyer's funds (资金监管), the utility providers' account transfers (水电气热过户) and the tax audit of the
 * declared price (税务核价). It reads the property register and the workflow through their interfaces and writes
 * nothing to them (the register has no code room left).
 * @dev Every transfer case is identified by the register's own subject rule (unit, title version, kind, next title
 * hash): a deposit, audit or utility step can only name a case that really is that unit's transfer.
 */
interface IEstateServices {
    /// @notice A deposit's state: held by the bank, paid to the seller (transfer executed) or back to the buyer.
    enum DepositState {
        None,
        Held,
        ReleasedToSeller,
        ReturnedToBuyer
    }

    /// @notice The utilities whose accounts follow a unit (order = index of the provider roles in {Config}).
    enum Utility {
        Water,
        Power,
        Gas,
        Heating
    }

    /// @notice Result codes of a tax audit (核价) of a declared price against the assessed reference.
    enum AuditResult {
        None,
        /// Declared price at or above the reference: tax on the declared price.
        Accepted,
        /// Declared price below the reference: tax assessed on the reference (核定征收).
        Assessed,
        /// The audit returned the case in the workflow (more documents, a corrected declaration).
        Returned
    }

    /// @notice The wiring, immutable in the implementation (an upgrade changes it).
    struct Config {
        IPropertyRegistry property;
        IWorkflowCases workflow;
        address participants;
        /// @dev The department whose officers record tax audits (TAX).
        bytes32 auditor;
        /// @dev Participant roles of the water, power, gas and heating providers, in {Utility} order.
        bytes32[4] utilityRoles;
        /// @dev The case type (owned by this contract) on which the registrar releases a deposit whose bank was
        /// deactivated (DEPOSIT_RELEASE); zero: the city has none and {openDepositRelease} is refused.
        bytes32 depositReleaseCaseType;
    }

    /// @dev One slot, read and written once by a release (the bank's code is in {depositBank}).
    struct Deposit {
        /// @dev The bank's officer role (fixed for good in the directory), for the cached officer rule.
        uint64 officerRole;
        DepositState state;
        /// @dev An amount band (1-`MAX_BAND`), not the amount: the contract held by the bank has the figure.
        uint8 band;
        uint40 recordedAt;
    }

    struct UtilityStep {
        address provider;
        uint40 doneAt;
    }

    struct Audit {
        AuditResult result;
        uint16 count;
        uint40 at;
    }

    /// @notice `bank` holds the buyer's funds for transfer case `caseId` of `unit`, under the supervision agreement hashed `agreementHash`.
    event DepositRecorded(
        bytes32 indexed unit,
        uint256 indexed caseId,
        bytes32 indexed bank,
        uint8 band,
        bytes32 agreementHash,
        address officer
    );
    /// @notice The bank released the deposit, to the seller or back to the buyer (`state`), once.
    event DepositReleased(uint256 indexed caseId, DepositState indexed state, bytes32 documentHash, address officer);
    /// @notice The registrar opened release case `releaseCaseId` for the deposit of `caseId` (its bank `bank` is deactivated).
    event DepositReleaseOpened(
        uint256 indexed caseId,
        uint256 indexed releaseCaseId,
        bytes32 indexed bank,
        address officer
    );
    /// @notice The registrar opened the account-transfer steps of executed transfer `caseId`.
    event UtilityStepsOpened(bytes32 indexed unit, uint256 indexed caseId, address[4] providers, address officer);
    /// @notice `provider` confirmed arrears settled and the account moved to the new owner.
    event UtilityStepConfirmed(
        uint256 indexed caseId,
        Utility indexed utility,
        address indexed provider,
        bytes32 settlementHash
    );
    /// @notice A TAX officer audited the price declared in case `caseId` (hashes only: salted price commitments).
    event TaxAuditRecorded(
        bytes32 indexed unit,
        uint256 indexed caseId,
        AuditResult indexed result,
        bytes32 declaredPriceHash,
        bytes32 assessedReferenceHash,
        bytes32 reasonCode,
        address officer
    );

    /// @notice The case is not the register's transfer of this unit to this title (type, subject or version).
    error EstateNotTransferCase(uint256 caseId, bytes32 unit);
    /// @notice The case is in a status where the action is not possible.
    error EstateCaseStatus(uint256 caseId, IWorkflowCases.CaseStatus status);
    /// @notice The department is not a bank.
    error EstateNotBank(bytes32 department);
    /// @notice Deposits supervise sales only (second-hand and new-build).
    error EstateNotSale(IPropertyRegistry.TransferKind kind);
    /// @notice The band is 0 or above `MAX_BAND`, or a hash is zero.
    error EstateInvalidInput();
    /// @notice The case already has a deposit.
    error EstateDepositExists(uint256 caseId, bytes32 bank);
    /// @notice The case has no deposit.
    error EstateUnknownDeposit(uint256 caseId);
    /// @notice The deposit was already released (`state`): a release is recorded once.
    error EstateDepositAlreadyReleased(uint256 caseId, DepositState state);
    /// @notice The transfer has neither executed (funds to the seller) nor ended without executing (back to the buyer).
    error EstateTransferPending(uint256 caseId, IWorkflowCases.CaseStatus status);
    /// @notice The case's utility steps are already open.
    error EstateStepsExist(uint256 caseId);
    /// @notice No provider named (all zero addresses).
    error EstateNoProvider();
    /// @notice The provider is not accredited in the utility's role now.
    error EstateProviderNotAccredited(Utility utility, address provider);
    /// @notice The case has no open step for `utility`.
    error EstateUnknownStep(uint256 caseId, Utility utility);
    /// @notice Only the provider named for the step may confirm it.
    error EstateNotStepProvider(uint256 caseId, Utility utility, address provider, address caller);
    /// @notice The step is already confirmed.
    error EstateStepAlreadyConfirmed(uint256 caseId, Utility utility);
    /// @notice A Returned audit needs the case returned in the workflow (by the auditor, first); others need it open.
    error EstateAuditStatus(uint256 caseId, AuditResult result, IWorkflowCases.CaseStatus status);
    /// @notice A configured address or code is zero.
    error EstateInvalidConfig();
    /// @notice The deposit's bank is active: it releases the deposit itself (the registrar's case is for a deactivated bank).
    error EstateDepositBankActive(uint256 caseId, bytes32 bank);
    /// @notice The consumed case is not the deposit release of `caseId` (type or subject).
    error EstateReleaseCaseMismatch(uint256 releaseCaseId, uint256 caseId);

    /**
     * @notice Records that `bank` holds the buyer's funds for the sale case `caseId` (open, returned or approved).
     * @dev Only an officer of `bank` (a Bank department, active). `nextTitleHash` is the title the case transfers
     * to (the register's `TransferOpened`); the case must be the register's transfer of `unit` at its current
     * version. One deposit per case.
     */
    function recordDeposit(
        uint256 caseId,
        bytes32 unit,
        IPropertyRegistry.TransferKind kind,
        bytes32 nextTitleHash,
        bytes32 bank,
        uint8 band,
        bytes32 agreementHash
    ) external;

    /**
     * @notice Releases the deposit of `caseId`, once: to the seller when the case was consumed (the transfer
     * executed), back to the buyer when it was rejected, withdrawn or expired. The workflow decides which.
     * @dev Only an officer of the deposit's bank (active).
     */
    function releaseDeposit(uint256 caseId, bytes32 documentHash) external;

    /**
     * @notice Opens the registrar's release case for the held deposit of `caseId` whose bank is deactivated (the
     * case type's departments approve it: the registrar and the court, docs/SERVICES.md).
     * @dev Only an officer of the registrar. The bank's own release stays refused while it is deactivated.
     */
    function openDepositRelease(uint256 caseId, bytes32 documentHash) external returns (uint256 releaseCaseId);

    /**
     * @notice Releases the deposit of `caseId` on its approved release case (consumed), once, in the direction
     * the sale case's outcome dictates (as {releaseDeposit}). Only an officer of the registrar.
     */
    function executeDepositRelease(uint256 caseId, uint256 releaseCaseId, bytes32 documentHash) external;

    /**
     * @notice Opens the account-transfer steps of the executed transfer `caseId` for the providers named
     * (zero: the unit has no such service). Only a registrar officer; each provider accredited in its role.
     */
    function openUtilitySteps(
        uint256 caseId,
        bytes32 unit,
        IPropertyRegistry.TransferKind kind,
        uint32 fromVersion,
        bytes32 nextTitleHash,
        address[4] calldata providers
    ) external;

    /// @notice The step's provider confirms arrears settled and the account moved. Only that provider, accredited.
    function confirmUtilityStep(uint256 caseId, Utility utility, bytes32 settlementHash) external;

    /**
     * @notice A TAX officer records the audit of the price declared in transfer case `caseId` of `unit` (open
     * case), or, with result Returned, of a case the officer returned in the workflow with the reason.
     * @dev Hashes only: `declaredPriceHash` and `assessedReferenceHash` are salted commitments (the SDK's
     * `priceCommitment`), `reasonCode` a code or the hash of the reasoning.
     */
    function recordAudit(
        uint256 caseId,
        bytes32 unit,
        IPropertyRegistry.TransferKind kind,
        bytes32 nextTitleHash,
        bytes32 declaredPriceHash,
        bytes32 assessedReferenceHash,
        AuditResult result,
        bytes32 reasonCode
    ) external;

    /// @notice The deposit of `caseId`; once released, only `state` (to the seller or back to the buyer) is set.
    function depositOf(uint256 caseId) external view returns (Deposit memory);

    /// @notice The bank holding the deposit of `caseId` (zero: no deposit).
    function depositBank(uint256 caseId) external view returns (bytes32);

    /// @notice The four steps of `caseId` in {Utility} order (provider zero: no step; `doneAt` zero: not yet).
    function utilitySteps(uint256 caseId) external view returns (UtilityStep[4] memory);

    /// @notice The latest audit of `caseId` and how many were recorded.
    function auditOf(uint256 caseId) external view returns (Audit memory);

    function config() external view returns (Config memory);
}
