// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";

import {GovernedUpgradeable} from "../access/GovernedUpgradeable.sol";
import {GovRoles} from "../access/GovRoles.sol";
import {IDepartmentDirectory} from "../access/IDepartmentDirectory.sol";
import {ApprovalMask} from "../utils/ApprovalMask.sol";
import {IGovernanceCouncil} from "./IGovernanceCouncil.sol";

/**
 * @title GovernanceCouncil
 * @notice The city's blockchain committee. See {IGovernanceCouncil}.
 * @dev Governance is rare: clarity over gas. Proposals keep their calls in storage.
 * - Votes are bits by member position ({ApprovalMask}, shared with the workflow). Positions only change
 *   with the member set, which bumps the council version and makes every open proposal stale, so a
 *   proposal's bits always mean the members of its version.
 * - The weight is recomputed from the bits whenever it is checked: a department deactivated in the
 *   directory since it voted does not count.
 * - propose/approve/object/cancel/execute are not `restricted`: an emergency stop of the council
 *   (AccessManager `setTargetClosed`) must never lock the council out. Only `upgradeToAndCall` is
 *   restricted (UPGRADER, held by the council itself with the AccessManager's execution delay).
 * - Execution marks the proposal Executed before any call, so a call re-entering {execute} fails.
 */
contract GovernanceCouncil is GovernedUpgradeable, IGovernanceCouncil {
    using ApprovalMask for uint256;

    /// @notice Most members (votes are bits of a 32-bit mask).
    uint256 public constant MAX_MEMBERS = 32;
    /// @notice Most calls in one proposal.
    uint256 public constant MAX_CALLS = 32;

    /// @dev One proposal. `expiresAt` is the approval deadline until approval, then the execution deadline.
    struct Proposal {
        address proposer;
        uint64 createdAt;
        ActionClass actionClass;
        bool executed;
        bool cancelled;
        uint32 councilVersion;
        uint64 approvedAt;
        uint64 executableAt;
        uint64 expiresAt;
        uint32 approvalMask;
        uint32 objectionMask;
        /// @dev Bits (by call index) of the calls scheduled in the AccessManager, cancelled with the proposal.
        uint32 scheduledMask;
        bytes32 proposerDepartment;
        string description;
        Call[] calls;
    }

    /// @custom:storage-location erc7201:govchain.storage.GovernanceCouncil
    struct CouncilStorage {
        IDepartmentDirectory directory;
        uint32 councilVersion;
        uint32 votingPeriod;
        uint32 executionWindow;
        uint16 totalWeight;
        /// @dev Member departments; a member's position is its bit in the vote masks.
        bytes32[] memberCodes;
        mapping(bytes32 department => uint16 weight) weights;
        mapping(bytes32 department => uint256 positionPlusOne) positions;
        ClassRule[4] rules;
        /// @dev The class table: actionClass + 1 (0 = no entry: critical).
        mapping(address target => mapping(bytes4 selector => uint8 classPlusOne)) table;
        uint256 proposalCount;
        mapping(uint256 id => Proposal) proposals;
    }

    // keccak256(abi.encode(uint256(keccak256("govchain.storage.GovernanceCouncil")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x8595a411b50dd7b033af3347d229a2bf5a8449b6b61e7a4a8a8808e0b9b2f500;

    bytes4 private constant UPGRADE_SELECTOR = UUPSUpgradeable.upgradeToAndCall.selector;
    bytes4 private constant SET_MODULE_CLOSED_SELECTOR = IDepartmentDirectory.setModuleClosed.selector;

    modifier onlySelf() {
        if (msg.sender != address(this)) revert GovernanceCouncilOnlySelf(msg.sender);
        _;
    }

    /**
     * @notice Initializes the proxy (council version 1).
     * @param authority The suite's AccessManager.
     * @param directory_ The department directory: members are its departments, approvers its department admins.
     * @param members_ The member departments and weights.
     * @param rules The threshold and delay of each class, indexed by {ActionClass}.
     * @param votingPeriod Seconds a proposal has to reach its threshold.
     * @param executionWindow Seconds an approved proposal may be executed once its delay has passed.
     * @param table The class table's initial entries.
     */
    function initialize(
        address authority,
        address directory_,
        Member[] calldata members_,
        ClassRule[4] calldata rules,
        uint32 votingPeriod,
        uint32 executionWindow,
        ClassAssignment[] calldata table
    ) external initializer {
        __GovernedUpgradeable_init(authority);
        CouncilStorage storage $ = _getStorage();
        $.directory = IDepartmentDirectory(directory_);
        $.councilVersion = 1;
        for (uint256 i = 0; i < members_.length; i++) _setMember(members_[i].department, members_[i].weight);
        for (uint256 c = 0; c < 4; c++) _setClassRule(ActionClass(c), rules[c]);
        _setActionClasses(table);
        _setPeriods(votingPeriod, executionWindow);
        _checkReachable();
    }

    // ── proposals ────────────────────────────────────────────────────────────

    /// @inheritdoc IGovernanceCouncil
    function propose(
        bytes32 department,
        Call[] calldata calls,
        string calldata description
    ) external returns (uint256 id) {
        if (calls.length == 0 || calls.length > MAX_CALLS)
            revert GovernanceCouncilInvalidCalls(calls.length, MAX_CALLS);
        _checkVoter(department);
        CouncilStorage storage $ = _getStorage();
        ActionClass actionClass = ActionClass.Emergency;
        for (uint256 i = 0; i < calls.length; i++) {
            ActionClass callClass = _classOf(calls[i].target, calls[i].data);
            if (callClass > actionClass) actionClass = callClass;
        }
        id = ++$.proposalCount;
        Proposal storage p = $.proposals[id];
        p.proposer = msg.sender;
        p.createdAt = uint64(block.timestamp);
        p.actionClass = actionClass;
        p.councilVersion = $.councilVersion;
        p.expiresAt = uint64(block.timestamp) + $.votingPeriod;
        p.proposerDepartment = department;
        p.description = description;
        for (uint256 i = 0; i < calls.length; i++) {
            Call storage stored = p.calls.push();
            stored.target = calls[i].target;
            stored.data = calls[i].data;
        }
        emit ProposalCreated(id, department, msg.sender, actionClass, calls, description, p.expiresAt);
        _recordApproval(id, p, department);
    }

    /// @inheritdoc IGovernanceCouncil
    function approve(uint256 id, bytes32 department) external {
        Proposal storage p = _getStorage().proposals[id];
        ProposalState state = _state(id);
        if (state != ProposalState.Pending) revert GovernanceCouncilInvalidState(id, state);
        _checkVoter(department);
        _recordApproval(id, p, department);
    }

    /// @inheritdoc IGovernanceCouncil
    function object(uint256 id, bytes32 department) external {
        CouncilStorage storage $ = _getStorage();
        Proposal storage p = $.proposals[id];
        ProposalState state = _state(id);
        if (state != ProposalState.Pending && state != ProposalState.Queued && state != ProposalState.Ready) {
            revert GovernanceCouncilInvalidState(id, state);
        }
        _checkVoter(department);
        uint256 position = _position(department);
        if (uint256(p.approvalMask | p.objectionMask).isSet(position))
            revert GovernanceCouncilAlreadyVoted(id, department);
        p.objectionMask = uint32(uint256(p.objectionMask).set(position));
        uint16 objectionWeight = _liveWeight(p.objectionMask);
        emit ProposalObjected(id, department, msg.sender, objectionWeight);
        // Blocking minority: the members who did not object can no longer reach the threshold.
        if (objectionWeight > $.totalWeight - $.rules[uint8(p.actionClass)].threshold) _cancel(id, p, true);
    }

    /// @inheritdoc IGovernanceCouncil
    function cancel(uint256 id) external {
        Proposal storage p = _getStorage().proposals[id];
        ProposalState state = _state(id);
        // A stale proposal may still be cancelled: it withdraws the AccessManager operations it scheduled.
        if (
            state != ProposalState.Pending &&
            state != ProposalState.Queued &&
            state != ProposalState.Ready &&
            state != ProposalState.Stale
        ) revert GovernanceCouncilInvalidState(id, state);
        if (msg.sender != p.proposer) revert GovernanceCouncilNotProposer(id, p.proposer);
        _cancel(id, p, false);
    }

    /// @inheritdoc IGovernanceCouncil
    function execute(uint256 id) external {
        Proposal storage p = _getStorage().proposals[id];
        ProposalState state = _state(id);
        if (state == ProposalState.Queued) revert GovernanceCouncilTooEarly(id, p.executableAt);
        if (state != ProposalState.Ready) revert GovernanceCouncilInvalidState(id, state);
        _execute(id, p);
    }

    // ── the council itself (through an executed critical proposal) ─────────────

    /// @inheritdoc IGovernanceCouncil
    function setMember(bytes32 department, uint16 weight) external onlySelf {
        _bumpVersion();
        _setMember(department, weight);
        _checkReachable();
    }

    /// @inheritdoc IGovernanceCouncil
    function setClassRule(ActionClass actionClass, ClassRule calldata rule) external onlySelf {
        _bumpVersion();
        _setClassRule(actionClass, rule);
        _checkReachable();
    }

    /// @inheritdoc IGovernanceCouncil
    function setActionClasses(ClassAssignment[] calldata assignments) external onlySelf {
        _bumpVersion();
        _setActionClasses(assignments);
    }

    /// @inheritdoc IGovernanceCouncil
    function setPeriods(uint32 votingPeriod, uint32 executionWindow) external onlySelf {
        _bumpVersion();
        _setPeriods(votingPeriod, executionWindow);
    }

    // ── views ────────────────────────────────────────────────────────────────

    /// @inheritdoc IGovernanceCouncil
    function classOf(address target, bytes calldata data) external view returns (ActionClass) {
        return _classOf(target, data);
    }

    /// @inheritdoc IGovernanceCouncil
    function proposal(uint256 id) external view returns (ProposalView memory view_) {
        CouncilStorage storage $ = _getStorage();
        Proposal storage p = $.proposals[id];
        view_.state = _state(id);
        if (view_.state == ProposalState.Unknown) return view_;
        view_.id = id;
        view_.proposer = p.proposer;
        view_.proposerDepartment = p.proposerDepartment;
        view_.actionClass = p.actionClass;
        view_.createdAt = p.createdAt;
        view_.approvedAt = p.approvedAt;
        view_.executableAt = p.executableAt;
        view_.expiresAt = p.expiresAt;
        view_.councilVersion = p.councilVersion;
        view_.threshold = $.rules[uint8(p.actionClass)].threshold;
        view_.description = p.description;
        // The bits name members of the proposal's council version: meaningless once it is stale.
        if (view_.state == ProposalState.Stale) return view_;
        view_.weight = _liveWeight(p.approvalMask);
        view_.objectionWeight = _liveWeight(p.objectionMask);
        view_.approvals = _departmentsOf(p.approvalMask);
        view_.objections = _departmentsOf(p.objectionMask);
    }

    /// @inheritdoc IGovernanceCouncil
    function proposalCalls(uint256 id) external view returns (Call[] memory) {
        return _getStorage().proposals[id].calls;
    }

    /// @inheritdoc IGovernanceCouncil
    function proposalCount() external view returns (uint256) {
        return _getStorage().proposalCount;
    }

    /// @inheritdoc IGovernanceCouncil
    function members() external view returns (Member[] memory list) {
        CouncilStorage storage $ = _getStorage();
        list = new Member[]($.memberCodes.length);
        for (uint256 i = 0; i < list.length; i++) {
            bytes32 code = $.memberCodes[i];
            list[i] = Member(code, $.weights[code]);
        }
    }

    /// @inheritdoc IGovernanceCouncil
    function classRule(ActionClass actionClass) external view returns (ClassRule memory) {
        return _getStorage().rules[uint8(actionClass)];
    }

    /// @inheritdoc IGovernanceCouncil
    function totalWeight() external view returns (uint16) {
        return _getStorage().totalWeight;
    }

    /// @inheritdoc IGovernanceCouncil
    function councilVersion() external view returns (uint32) {
        return _getStorage().councilVersion;
    }

    /// @inheritdoc IGovernanceCouncil
    function periods() external view returns (uint32 votingPeriod, uint32 executionWindow) {
        CouncilStorage storage $ = _getStorage();
        return ($.votingPeriod, $.executionWindow);
    }

    /// @inheritdoc IGovernanceCouncil
    function directory() external view returns (address) {
        return address(_getStorage().directory);
    }

    // ── internals: proposals ─────────────────────────────────────────────────

    function _state(uint256 id) private view returns (ProposalState) {
        CouncilStorage storage $ = _getStorage();
        if (id == 0 || id > $.proposalCount) return ProposalState.Unknown;
        Proposal storage p = $.proposals[id];
        if (p.executed) return ProposalState.Executed;
        if (p.cancelled) return ProposalState.Cancelled;
        if (p.councilVersion != $.councilVersion) return ProposalState.Stale;
        if (block.timestamp > p.expiresAt) return ProposalState.Expired;
        if (p.approvedAt == 0) return ProposalState.Pending;
        return block.timestamp < p.executableAt ? ProposalState.Queued : ProposalState.Ready;
    }

    /// @dev The caller acts for `department`: a member, active in the directory, of which it is an admin now.
    function _checkVoter(bytes32 department) private view {
        CouncilStorage storage $ = _getStorage();
        if ($.weights[department] == 0) revert GovernanceCouncilNotMember(department);
        if ($.directory.isDeactivated(department)) revert GovernanceCouncilInactiveDepartment(department);
        if (!$.directory.isDepartmentAdmin(department, msg.sender)) {
            revert GovernanceCouncilNotDepartmentAdmin(department, msg.sender);
        }
    }

    /// @dev Records `department`'s approval; queues the proposal when that reaches its class threshold.
    function _recordApproval(uint256 id, Proposal storage p, bytes32 department) private {
        uint256 position = _position(department);
        if (uint256(p.approvalMask | p.objectionMask).isSet(position))
            revert GovernanceCouncilAlreadyVoted(id, department);
        p.approvalMask = uint32(uint256(p.approvalMask).set(position));
        uint16 weight = _liveWeight(p.approvalMask);
        uint16 threshold = _getStorage().rules[uint8(p.actionClass)].threshold;
        emit ProposalApproved(id, department, msg.sender, weight, threshold);
        if (weight >= threshold) _queue(id, p);
    }

    /**
     * @dev The threshold is reached: the proposal waits the longer of its class delay and the AccessManager's
     * delay of each call for the council. Delayed calls are scheduled in the AccessManager for the same
     * moment, so that the council's direct call consumes the operation. Executes now when nothing waits.
     */
    function _queue(uint256 id, Proposal storage p) private {
        CouncilStorage storage $ = _getStorage();
        IAccessManager manager = IAccessManager(authority());
        uint256 count = p.calls.length;
        uint32[] memory delays = new uint32[](count);
        uint256 wait = $.rules[uint8(p.actionClass)].delay;
        for (uint256 i = 0; i < count; i++) {
            delays[i] = _managerDelay(manager, p.calls[i].target, p.calls[i].data);
            if (delays[i] > wait) wait = delays[i];
        }
        uint64 executableAt = uint64(block.timestamp + wait);
        uint32 scheduled = 0;
        for (uint256 i = 0; i < count; i++) {
            if (delays[i] != 0) scheduled = uint32(uint256(scheduled).set(i));
        }
        // Every state change before the AccessManager calls (checks-effects-interactions).
        p.scheduledMask = scheduled;
        p.approvedAt = uint64(block.timestamp);
        p.executableAt = executableAt;
        p.expiresAt = executableAt + $.executionWindow;
        emit ProposalQueued(id, executableAt, p.expiresAt);
        for (uint256 i = 0; i < count; i++) {
            if (delays[i] != 0) manager.schedule(p.calls[i].target, p.calls[i].data, uint48(executableAt));
        }
        if (executableAt <= block.timestamp) _execute(id, p);
    }

    /// @dev Marks the proposal executed, then calls each target directly (the AccessManager sees the council).
    function _execute(uint256 id, Proposal storage p) private {
        uint16 weight = _liveWeight(p.approvalMask);
        uint16 threshold = _getStorage().rules[uint8(p.actionClass)].threshold;
        if (weight < threshold) revert GovernanceCouncilBelowThreshold(id, weight, threshold);
        p.executed = true;
        uint256 count = p.calls.length;
        for (uint256 i = 0; i < count; i++) {
            Call storage c = p.calls[i];
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory reason) = c.target.call(c.data);
            if (!ok) revert GovernanceCouncilCallFailed(id, i, reason);
        }
        emit ProposalExecuted(id, msg.sender);
    }

    /// @dev Cancels the proposal and the AccessManager operations it scheduled.
    function _cancel(uint256 id, Proposal storage p, bool byBlockingMinority) private {
        p.cancelled = true;
        uint256 scheduled = p.scheduledMask;
        if (scheduled != 0) {
            IAccessManager manager = IAccessManager(authority());
            for (uint256 i = 0; i < p.calls.length; i++) {
                if (!scheduled.isSet(i)) continue;
                // An operation already consumed or cancelled in the manager has nothing left to withdraw.
                try manager.cancel(address(this), p.calls[i].target, p.calls[i].data) {} catch {} // solhint-disable-line no-empty-blocks
            }
        }
        emit ProposalCancelled(id, msg.sender, byBlockingMinority);
    }

    /// @dev The weight of the members whose bits are set in `mask`, deactivated departments not counted.
    function _liveWeight(uint32 mask) private view returns (uint16) {
        CouncilStorage storage $ = _getStorage();
        uint256 count = $.memberCodes.length;
        uint16[] memory weights = new uint16[](count);
        for (uint256 i = 0; i < count; i++) {
            if (!uint256(mask).isSet(i)) continue;
            bytes32 code = $.memberCodes[i];
            if (!$.directory.isDeactivated(code)) weights[i] = $.weights[code];
        }
        return uint16(uint256(mask).weightOf(weights));
    }

    function _departmentsOf(uint32 mask) private view returns (bytes32[] memory list) {
        bytes32[] storage codes = _getStorage().memberCodes;
        list = new bytes32[](codes.length);
        uint256 n;
        for (uint256 i = 0; i < codes.length; i++) {
            if (uint256(mask).isSet(i)) list[n++] = codes[i];
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(list, n)
        }
    }

    function _position(bytes32 department) private view returns (uint256) {
        return _getStorage().positions[department] - 1;
    }

    // ── internals: classes ───────────────────────────────────────────────────

    /// @dev Secure by default: what the council cannot recognise is critical.
    function _classOf(address target, bytes calldata data) private view returns (ActionClass) {
        if (data.length < 4 || target == address(this)) return ActionClass.Critical;
        bytes4 selector = bytes4(data[:4]);
        if (selector == UPGRADE_SELECTOR) return ActionClass.Critical;
        address manager = authority();
        if (target == manager) return _managerCallClass(data, selector);
        CouncilStorage storage $ = _getStorage();
        if (target == address($.directory) && selector == SET_MODULE_CLOSED_SELECTOR) {
            if (data.length < 68) return ActionClass.Critical;
            (, uint256 closed) = abi.decode(data[4:68], (address, uint256));
            if (closed == 1) return ActionClass.Emergency;
            return closed == 0 ? ActionClass.Sensitive : ActionClass.Critical;
        }
        uint8 entry = $.table[target][selector];
        return entry == 0 ? ActionClass.Critical : ActionClass(entry - 1);
    }

    /// @dev AccessManager administration is critical, except department roles and the permissions of modules.
    function _managerCallClass(bytes calldata data, bytes4 selector) private view returns (ActionClass) {
        if (selector == IAccessManager.grantRole.selector || selector == IAccessManager.revokeRole.selector) {
            if (data.length < 36) return ActionClass.Critical;
            uint256 roleId = abi.decode(data[4:36], (uint256));
            bool departmentRole = roleId >= GovRoles.FIRST_DEPARTMENT_ROLE && roleId < GovRoles.PUBLIC;
            return departmentRole ? ActionClass.Sensitive : ActionClass.Critical;
        }
        if (selector == IAccessManager.setTargetFunctionRole.selector) {
            (address target, bytes4[] memory selectors, uint64 roleId) = abi.decode(
                data[4:],
                (address, bytes4[], uint64)
            );
            if (target == authority() || target == address(this)) return ActionClass.Critical;
            if (roleId == GovRoles.ADMIN || roleId == GovRoles.UPGRADER) return ActionClass.Critical;
            for (uint256 i = 0; i < selectors.length; i++) {
                if (selectors[i] == UPGRADE_SELECTOR) return ActionClass.Critical;
            }
            return ActionClass.Sensitive;
        }
        return ActionClass.Critical;
    }

    /**
     * @dev The AccessManager's execution delay of the council for one call (0: immediate, or not allowed at all,
     * which then fails at execution). Calls to the manager itself follow its admin rules (a role's admin;
     * ADMIN, plus the target admin delay for functions that take a target).
     */
    function _managerDelay(IAccessManager manager, address target, bytes memory data) private view returns (uint32) {
        if (data.length < 4) return 0;
        bytes4 selector = bytes4(data);
        if (target != address(manager)) {
            (bool immediate, uint32 delay) = manager.canCall(address(this), target, selector);
            return immediate ? 0 : delay;
        }
        uint64 role = GovRoles.ADMIN;
        uint32 targetDelay = 0;
        if (selector == IAccessManager.grantRole.selector || selector == IAccessManager.revokeRole.selector) {
            role = manager.getRoleAdmin(_word(data, 0) > type(uint64).max ? 0 : uint64(_word(data, 0)));
        } else if (
            selector == IAccessManager.updateAuthority.selector ||
            selector == IAccessManager.setTargetClosed.selector ||
            selector == IAccessManager.setTargetFunctionRole.selector
        ) {
            targetDelay = manager.getTargetAdminDelay(address(uint160(_word(data, 0))));
        } else if (
            selector != IAccessManager.labelRole.selector &&
            selector != IAccessManager.setRoleAdmin.selector &&
            selector != IAccessManager.setRoleGuardian.selector &&
            selector != IAccessManager.setGrantDelay.selector &&
            selector != IAccessManager.setTargetAdminDelay.selector
        ) {
            return 0; // not an admin function of the manager: no delay
        }
        (bool isMember, uint32 executionDelay) = manager.hasRole(role, address(this));
        if (!isMember) return 0;
        return executionDelay > targetDelay ? executionDelay : targetDelay;
    }

    /// @dev The `index`-th 32-byte argument of ABI-encoded call `data` (0 when it is too short).
    function _word(bytes memory data, uint256 index) private pure returns (uint256 word) {
        if (data.length < 36 + 32 * index) return 0;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            word := mload(add(add(data, 36), mul(index, 32)))
        }
    }

    // ── internals: configuration ─────────────────────────────────────────────

    function _bumpVersion() private {
        _getStorage().councilVersion++;
    }

    function _setMember(bytes32 department, uint16 weight) private {
        CouncilStorage storage $ = _getStorage();
        uint256 positionPlusOne = $.positions[department];
        if (weight == 0) {
            if (positionPlusOne == 0) revert GovernanceCouncilNotMember(department);
            // Swap and pop: positions move, which is safe because the version bump made every proposal stale.
            bytes32 last = $.memberCodes[$.memberCodes.length - 1];
            $.memberCodes[positionPlusOne - 1] = last;
            $.positions[last] = positionPlusOne;
            $.memberCodes.pop();
            delete $.positions[department];
        } else {
            if (department == bytes32(0) || !$.directory.exists(department))
                revert GovernanceCouncilInvalidMember(department);
            if (positionPlusOne == 0) {
                if ($.memberCodes.length >= MAX_MEMBERS) revert GovernanceCouncilInvalidMember(department);
                $.memberCodes.push(department);
                $.positions[department] = $.memberCodes.length;
            }
        }
        uint256 total = uint256($.totalWeight) - $.weights[department] + weight;
        if (total > type(uint16).max) revert GovernanceCouncilInvalidMember(department);
        $.totalWeight = uint16(total);
        $.weights[department] = weight;
        emit MemberSet(department, weight, $.councilVersion);
    }

    function _setClassRule(ActionClass actionClass, ClassRule calldata rule) private {
        CouncilStorage storage $ = _getStorage();
        $.rules[uint8(actionClass)] = rule;
        emit ClassRuleSet(actionClass, rule.threshold, rule.delay, $.councilVersion);
    }

    function _setActionClasses(ClassAssignment[] calldata assignments) private {
        CouncilStorage storage $ = _getStorage();
        address manager = authority();
        for (uint256 i = 0; i < assignments.length; i++) {
            ClassAssignment calldata a = assignments[i];
            if (
                a.target == address(this) ||
                a.target == manager ||
                a.selector == UPGRADE_SELECTOR ||
                a.selector == SET_MODULE_CLOSED_SELECTOR
            ) revert GovernanceCouncilReservedSelector(a.target, a.selector);
            $.table[a.target][a.selector] = uint8(a.actionClass) + 1;
            emit ActionClassSet(a.target, a.selector, a.actionClass, $.councilVersion);
        }
    }

    function _setPeriods(uint32 votingPeriod, uint32 executionWindow) private {
        if (votingPeriod == 0 || executionWindow == 0 || executionWindow > IAccessManager(authority()).expiration()) {
            revert GovernanceCouncilInvalidPeriods(votingPeriod, executionWindow);
        }
        CouncilStorage storage $ = _getStorage();
        $.votingPeriod = votingPeriod;
        $.executionWindow = executionWindow;
        emit PeriodsSet(votingPeriod, executionWindow, $.councilVersion);
    }

    /// @dev Every class must stay reachable: a threshold in 1..totalWeight.
    function _checkReachable() private view {
        CouncilStorage storage $ = _getStorage();
        for (uint256 c = 0; c < 4; c++) {
            uint16 threshold = $.rules[c].threshold;
            if (threshold == 0 || threshold > $.totalWeight) {
                revert GovernanceCouncilUnreachableThreshold(ActionClass(c), threshold, $.totalWeight);
            }
        }
    }

    function _getStorage() private pure returns (CouncilStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
