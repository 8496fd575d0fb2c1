// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title IGovernanceCouncil
 * @notice The city's blockchain committee: after the deploy hands over, the council alone holds the
 * suite's ADMIN, OPERATOR and UPGRADER roles in the AccessManager, and it acts only through proposals.
 * @dev Members are departments of the {IDepartmentDirectory}, each with a weight; an admin of a member
 * department approves (or objects) for it. A proposal is a list of calls; its action class (the
 * highest class of its calls, decided on chain by {classOf}) fixes the threshold of approving weight
 * and the delay between approval and execution. When the weight is reached, calls that the
 * AccessManager delays for the council (upgrades: UPGRADER's execution delay) are scheduled there too,
 * so an upgrade is visible on chain in both places. Anyone executes once the delay has passed.
 * A proposal is cancelled by its proposer, or by a blocking minority: members whose objecting weight
 * leaves the others unable to reach the threshold. It expires if not approved within the voting period
 * or not executed within the execution window. A change to the council (members, rules, class table)
 * makes every proposal created before it stale.
 */
interface IGovernanceCouncil {
    /// @notice What a call may do, in increasing order of power. Emergency: close a module at once;
    /// routine: register a department, a certificate or case type; sensitive: grant or revoke a
    /// department admin, change permissions, reopen a module; critical: upgrade, change the council,
    /// any AccessManager administration of platform roles, and every call the council does not know.
    enum ActionClass {
        Emergency,
        Routine,
        Sensitive,
        Critical
    }

    /// @notice Where a proposal stands. `Queued`: the threshold was reached, waiting for its delay;
    /// `Ready`: executable now.
    enum ProposalState {
        Unknown,
        Pending,
        Queued,
        Ready,
        Executed,
        Cancelled,
        Expired,
        Stale
    }

    struct Call {
        address target;
        bytes data;
    }

    struct Member {
        bytes32 department;
        uint16 weight;
    }

    /// @notice The approving weight a class needs and the seconds between approval and execution.
    struct ClassRule {
        uint16 threshold;
        uint32 delay;
    }

    /// @notice One entry of the class table: calls of `selector` on `target` are of `actionClass`.
    struct ClassAssignment {
        address target;
        bytes4 selector;
        ActionClass actionClass;
    }

    /// @notice A proposal as {proposal} returns it; the calls are in {proposalCalls}.
    struct ProposalView {
        uint256 id;
        address proposer;
        bytes32 proposerDepartment;
        ActionClass actionClass;
        ProposalState state;
        uint64 createdAt;
        /// @dev When the threshold was reached (0 before).
        uint64 approvedAt;
        /// @dev When it can be executed (0 before approval).
        uint64 executableAt;
        /// @dev Approval deadline before approval; execution deadline after.
        uint64 expiresAt;
        uint32 councilVersion;
        /// @dev Approving weight now (deactivated departments do not count).
        uint16 weight;
        uint16 threshold;
        uint16 objectionWeight;
        bytes32[] approvals;
        bytes32[] objections;
        string description;
    }

    event ProposalCreated(
        uint256 indexed id,
        bytes32 indexed department,
        address indexed proposer,
        ActionClass actionClass,
        Call[] calls,
        string description,
        uint64 approvalDeadline
    );
    /// @notice A member department approved; `weight` is the approving weight reached, of `threshold`.
    event ProposalApproved(
        uint256 indexed id,
        bytes32 indexed department,
        address indexed admin,
        uint16 weight,
        uint16 threshold
    );
    /// @notice A member department objected; `objectionWeight` is the objecting weight reached.
    event ProposalObjected(
        uint256 indexed id,
        bytes32 indexed department,
        address indexed admin,
        uint16 objectionWeight
    );
    /// @notice The threshold was reached: executable from `executableAt` until `executionDeadline`.
    event ProposalQueued(uint256 indexed id, uint64 executableAt, uint64 executionDeadline);
    event ProposalExecuted(uint256 indexed id, address indexed executor);
    /// @notice Cancelled by its proposer (`byBlockingMinority` false) or by objections.
    event ProposalCancelled(uint256 indexed id, address indexed by, bool byBlockingMinority);
    /// @notice A member's weight was set (0: removed).
    event MemberSet(bytes32 indexed department, uint16 weight, uint32 councilVersion);
    event ClassRuleSet(ActionClass indexed actionClass, uint16 threshold, uint32 delay, uint32 councilVersion);
    event ActionClassSet(
        address indexed target,
        bytes4 indexed selector,
        ActionClass actionClass,
        uint32 councilVersion
    );
    event PeriodsSet(uint32 votingPeriod, uint32 executionWindow, uint32 councilVersion);

    /// @notice `department` is not a member of the council.
    error GovernanceCouncilNotMember(bytes32 department);
    /// @notice `account` is not (yet) an admin of `department`.
    error GovernanceCouncilNotDepartmentAdmin(bytes32 department, address account);
    /// @notice `department` is deactivated in the directory and cannot act.
    error GovernanceCouncilInactiveDepartment(bytes32 department);
    /// @notice `department` already approved or objected to proposal `id`.
    error GovernanceCouncilAlreadyVoted(uint256 id, bytes32 department);
    /// @notice Proposal `id` is in `state`, which does not allow this.
    error GovernanceCouncilInvalidState(uint256 id, ProposalState state);
    /// @notice Proposal `id` cannot be executed before `executableAt`.
    error GovernanceCouncilTooEarly(uint256 id, uint64 executableAt);
    /// @notice Only the proposer `proposer` may cancel proposal `id` alone.
    error GovernanceCouncilNotProposer(uint256 id, address proposer);
    /// @notice A proposal needs at least one call, and at most {MAX_CALLS}.
    error GovernanceCouncilInvalidCalls(uint256 count, uint256 max);
    /// @notice The approving weight (`weight`) is below the class threshold (`threshold`) at execution.
    error GovernanceCouncilBelowThreshold(uint256 id, uint16 weight, uint16 threshold);
    /// @notice The change would leave `actionClass` with a threshold above the council's total weight
    /// (or zero): the council could no longer act.
    error GovernanceCouncilUnreachableThreshold(ActionClass actionClass, uint16 threshold, uint16 totalWeight);
    /// @notice A member must be a registered department; the council has at most {MAX_MEMBERS}.
    error GovernanceCouncilInvalidMember(bytes32 department);
    /// @notice The voting period or execution window is zero, or the window outlives the AccessManager's
    /// expiration of scheduled operations.
    error GovernanceCouncilInvalidPeriods(uint32 votingPeriod, uint32 executionWindow);
    /// @notice The class table may not lower calls the council classifies itself (its own functions,
    /// upgrades, the AccessManager).
    error GovernanceCouncilReservedSelector(address target, bytes4 selector);
    /// @notice Only the council itself (an executed critical proposal) may call this.
    error GovernanceCouncilOnlySelf(address caller);
    /// @notice Call `index` of proposal `id` reverted; `reason` is its revert data.
    error GovernanceCouncilCallFailed(uint256 id, uint256 index, bytes reason);

    /// @notice Proposes `calls` for `department` (caller: an admin of that member department), which
    /// approves at once. Executes in the same transaction when that reaches the threshold of a class
    /// without delay (an emergency stop by a small quorum).
    function propose(
        bytes32 department,
        Call[] calldata calls,
        string calldata description
    ) external returns (uint256 id);

    /// @notice Approves proposal `id` for `department` (caller: an admin of it). Reaching the threshold
    /// queues the proposal; when its delay is zero it is executed in the same transaction.
    function approve(uint256 id, bytes32 department) external;

    /// @notice Objects to proposal `id` for `department`; a blocking minority cancels it.
    function object(uint256 id, bytes32 department) external;

    /// @notice Cancels proposal `id` (caller: its proposer).
    function cancel(uint256 id) external;

    /// @notice Executes a queued proposal whose delay has passed (anyone).
    function execute(uint256 id) external;

    /// @notice Sets (weight > 0) or removes (weight 0) a member. Only through a proposal (critical).
    function setMember(bytes32 department, uint16 weight) external;

    /// @notice Sets a class's threshold and delay. Only through a proposal (critical).
    function setClassRule(ActionClass actionClass, ClassRule calldata rule) external;

    /// @notice Sets entries of the class table. Only through a proposal (critical).
    function setActionClasses(ClassAssignment[] calldata assignments) external;

    /// @notice Sets the voting period and execution window. Only through a proposal (critical).
    function setPeriods(uint32 votingPeriod, uint32 executionWindow) external;

    /// @notice The class of one call (see {ActionClass}); a proposal's class is the highest of its calls'.
    function classOf(address target, bytes calldata data) external view returns (ActionClass);

    function proposal(uint256 id) external view returns (ProposalView memory);

    function proposalCalls(uint256 id) external view returns (Call[] memory);

    function proposalCount() external view returns (uint256);

    function members() external view returns (Member[] memory);

    function classRule(ActionClass actionClass) external view returns (ClassRule memory);

    function totalWeight() external view returns (uint16);

    function councilVersion() external view returns (uint32);

    function periods() external view returns (uint32 votingPeriod, uint32 executionWindow);

    function directory() external view returns (address);
}
