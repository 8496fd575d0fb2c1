// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IWorkflowCases} from "./IWorkflowCases.sol";

/**
 * @title IWorkflow
 * @notice Business collaborative processing: one case handled by several departments in
 * ordered stages, with quorums, per-stage deadlines and a full audit trail in events.
 * @dev Case types are defined by the platform operator. Every stage must be approved (each of
 * its departments, in any order, by `quorum` distinct officers) before the next one starts; the
 * first rejection closes the case. A case is opened and consumed by its type's owner contract,
 * or, for types without an owner contract, by officers of the type's opener department.
 *
 * Limits (bounded gas): at most {MAX_DEPARTMENTS} departments and {MAX_STAGES} stages per case
 * type, a quorum of at most {MAX_QUORUM}. Approvals are kept as a bitmap in the case's one
 * state slot; no function loops over data that grows with the registry.
 *
 * Clock: each stage has its own deadline (`duration` seconds from the moment the stage starts;
 * 0 means no deadline). A case past its stage deadline reads as Expired and nobody can act on it.
 * While a case is Returned for more information the clock STOPS: the remaining time is kept and
 * given back in full when the opener resubmits.
 */
interface IWorkflow is IWorkflowCases {
    /// @notice One required department of a case type.
    struct DepartmentRequirement {
        /// @dev Directory code of the department.
        bytes32 department;
        /// @dev Zero-based stage; every stage from 0 to `stageDurations.length - 1` needs at least one department.
        uint8 stage;
        /// @dev Distinct officers of the department who must sign (1 to MAX_QUORUM).
        uint8 quorum;
    }

    /// @notice What the operator defines for a case type.
    struct CaseTypeConfig {
        /// @dev The contract that opens and consumes cases of the type (zero: none, the opener department does).
        address owner;
        /// @dev The department whose officers may open, resubmit, withdraw (and, without an owner, consume) cases (zero: none).
        bytes32 openerDepartment;
        /// @dev The required departments with their stage and quorum.
        DepartmentRequirement[] departments;
        /// @dev Seconds each stage may take from its start (0: no deadline); its length is the number of stages.
        uint32[] stageDurations;
    }

    /// @notice A case type as stored, for views.
    struct CaseTypeView {
        bytes32 caseType;
        address owner;
        bytes32 openerDepartment;
        bool active;
        DepartmentRequirement[] departments;
        uint32[] stageDurations;
    }

    /// @notice A case as stored, with its status now (deadlines applied).
    struct CaseView {
        uint256 caseId;
        bytes32 caseType;
        bytes32 subject;
        CaseStatus status;
        /// @dev The stage now in progress (equal to the stage count once Approved).
        uint8 stage;
        /// @dev Bit i set: the type's i-th department has approved (quorum reached).
        uint16 approvedMask;
        uint64 openedAt;
        /// @dev Deadline of the stage in progress (0: none, or the case is Returned or closed).
        uint64 deadline;
        /// @dev While Returned: seconds the stage will still have once resubmitted.
        uint64 pausedRemaining;
    }

    /// @notice The operator registered a case type (active): the whole {CaseTypeConfig}, so that events alone
    /// rebuild it (departments in the type's order with their stage and quorum; one duration per stage).
    event CaseTypeRegistered(
        bytes32 indexed caseType,
        address indexed owner,
        bytes32 indexed openerDepartment,
        DepartmentRequirement[] departments,
        uint32[] stageDurations,
        address actor
    );
    /// @notice The operator retired (or re-enabled) a case type: no new cases while inactive.
    event CaseTypeActiveSet(bytes32 indexed caseType, bool active, address indexed actor);
    /// @notice The directory reported `department` (de)activated; its cached rule in each of `caseTypes` (every
    /// type requiring it) now refuses (`active` false) or accepts again its officers' approve, reject and return.
    event DepartmentActiveCached(bytes32 indexed department, bool active, bytes32[] caseTypes);
    /// @notice A case was opened; `deadline` is the first stage's (0: none).
    event CaseOpened(
        uint256 indexed caseId,
        bytes32 indexed caseType,
        bytes32 indexed subject,
        bytes32 documentHash,
        uint64 deadline,
        address actor
    );
    /// @notice An officer signed the approval of `department`; the department has approved once its quorum of
    /// distinct officers signed (one event per signature: count them, or read {signatures}).
    event CaseApprovalSigned(
        uint256 indexed caseId,
        bytes32 indexed department,
        address indexed actor,
        bytes32 documentHash
    );
    /// @notice Every department of the previous stage approved; `stage` starts now with `deadline` (0: none).
    event CaseStageAdvanced(uint256 indexed caseId, uint8 stage, uint64 deadline);
    /// @notice Every stage approved: the case can be consumed by its type's owner (read the case for its type and subject).
    event CaseApproved(uint256 indexed caseId);
    /// @notice A department rejected the case; it is closed.
    event CaseRejected(
        uint256 indexed caseId,
        bytes32 indexed department,
        address indexed actor,
        string reason,
        bytes32 documentHash
    );
    /// @notice A department returned the case for more information; the clock stopped with `remaining` seconds left.
    event CaseReturned(
        uint256 indexed caseId,
        bytes32 indexed department,
        address indexed actor,
        string reason,
        bytes32 documentHash,
        uint64 remaining
    );
    /// @notice The opener resubmitted a returned case with more information; the clock restarted.
    event CaseResubmitted(uint256 indexed caseId, address indexed actor, bytes32 documentHash, uint64 deadline);
    /// @notice The opener withdrew the case; it is closed.
    event CaseWithdrawn(uint256 indexed caseId, address indexed actor, string reason);
    /// @notice The type's owner consumed the approved case (executed what it approved).
    event CaseConsumed(uint256 indexed caseId, bytes32 indexed caseType, bytes32 indexed subject, address actor);

    /// @notice The case type id is zero.
    error WorkflowInvalidCaseTypeId();
    /// @notice A case type with this id already exists (types are immutable: register a new id).
    error WorkflowCaseTypeExists(bytes32 caseType);
    /// @notice No case type has this id.
    error WorkflowUnknownCaseType(bytes32 caseType);
    /// @notice The case type names neither an owner contract nor an opener department.
    error WorkflowNoOpener(bytes32 caseType);
    /// @notice A case type needs 1 to `max` departments.
    error WorkflowInvalidDepartmentCount(bytes32 caseType, uint256 count, uint256 max);
    /// @notice A case type needs 1 to `max` stages, each with at least one department, and departments in existing stages.
    error WorkflowInvalidStages(bytes32 caseType, uint256 stageCount, uint256 max);
    /// @notice A department is listed twice in the case type.
    error WorkflowDuplicateDepartment(bytes32 caseType, bytes32 department);
    /// @notice A department's quorum is outside 1..max.
    error WorkflowInvalidQuorum(bytes32 department, uint8 quorum, uint8 max);
    /// @notice The department is deactivated in the directory.
    error WorkflowInactiveDepartment(bytes32 department);
    /// @notice The case type is already in the requested active state.
    error WorkflowCaseTypeActiveUnchanged(bytes32 caseType, bool active);
    /// @notice The case type is retired: no new cases.
    error WorkflowCaseTypeInactive(bytes32 caseType);
    /// @notice The caller may not open (resubmit, withdraw) cases of this type.
    error WorkflowUnauthorizedOpener(bytes32 caseType, address account);
    /// @notice The caller may not consume cases of this type (only the type's owner may).
    error WorkflowUnauthorizedConsumer(uint256 caseId, address account);
    /// @notice No case has this id.
    error WorkflowUnknownCase(uint256 caseId);
    /// @notice The case's status (deadlines applied) does not allow the action.
    error WorkflowInvalidStatus(uint256 caseId, CaseStatus status);
    /// @notice The department is not required by the case's type.
    error WorkflowDepartmentNotRequired(uint256 caseId, bytes32 department);
    /// @notice The department's stage has not started yet (an earlier stage is still pending).
    error WorkflowStageNotReached(uint256 caseId, bytes32 department, uint8 departmentStage, uint8 currentStage);
    /// @notice The department already approved the case.
    error WorkflowAlreadyApproved(uint256 caseId, bytes32 department);
    /// @notice This officer already signed the department's approval (the quorum needs distinct officers).
    error WorkflowAlreadySigned(uint256 caseId, bytes32 department, address officer);
    /// @notice The officer's role took effect at `since`, not before the case was opened at `openedAt`: a quorum
    /// above 1 counts only officers appointed before the case (a department admin cannot mint a second signature).
    error WorkflowOfficerAppointedAfterCase(
        uint256 caseId,
        bytes32 department,
        address officer,
        uint48 since,
        uint64 openedAt
    );
    /// @notice A reason is required and may be at most `max` bytes.
    error WorkflowInvalidReason(uint256 length, uint256 max);

    /**
     * @notice Registers a case type. Restricted to the platform operator.
     * @dev Caches each department's officer role (immutable in the directory) so approvals stay cheap.
     */
    function registerCaseType(bytes32 caseType, CaseTypeConfig calldata config) external;

    /// @notice Retires a case type (no new cases; open ones continue) or re-enables it. Operator only.
    function setCaseTypeActive(bytes32 caseType, bool active) external;

    /**
     * @notice Signs the approval of `department` (the caller must be one of its officers, the department
     * active). When the department's quorum is reached it has approved; when its whole stage has, the next
     * stage starts. For a quorum above 1 each signer must have been an officer before the case was opened
     * (role in effect strictly before `openedAt`); a quorum of 1 is the department's ordinary decision by any
     * officer in office now.
     * @param documentHash Hash of the department's decision document, kept off chain.
     */
    function approve(uint256 caseId, bytes32 department, bytes32 documentHash) external;

    /// @notice Rejects the case for `department` (an officer of a department of the current stage); the case is closed.
    function reject(uint256 caseId, bytes32 department, string calldata reason, bytes32 documentHash) external;

    /// @notice Returns the case for more information (an officer of a department of the current stage); the clock stops.
    function returnCase(uint256 caseId, bytes32 department, string calldata reason, bytes32 documentHash) external;

    /// @notice The case type `caseType` (reverts for an unknown id).
    function caseTypeOf(bytes32 caseType) external view returns (CaseTypeView memory);

    /// @notice Case `caseId` with its status now (reverts for an unknown id).
    function getCase(uint256 caseId) external view returns (CaseView memory);

    /// @notice The departments that have approved `caseId`, in the type's order.
    function approvedDepartments(uint256 caseId) external view returns (bytes32[] memory);

    /// @notice The departments of the current stage still to approve (empty unless the case is Open or Returned).
    function pendingDepartments(uint256 caseId) external view returns (bytes32[] memory);

    /// @notice Signatures collected so far for `department` on `caseId` (equals the quorum once it approved).
    function signatures(uint256 caseId, bytes32 department) external view returns (uint8);

    /**
     * @notice Seconds left in the current stage: the remaining time while Returned, 0 once expired
     * or closed, `type(uint64).max` when the stage has no deadline.
     */
    function timeLeft(uint256 caseId) external view returns (uint64);

    /// @notice The number of cases opened so far (case ids run from 1 to this).
    function caseCount() external view returns (uint256);
}
