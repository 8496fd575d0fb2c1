// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DepartmentGated} from "../access/DepartmentGated.sol";
import {IDepartmentDirectory} from "../access/IDepartmentDirectory.sol";
import {ApprovalMask} from "../utils/ApprovalMask.sol";
import {StaticQuery} from "../utils/StaticQuery.sol";
import {IWorkflow} from "./IWorkflow.sol";
import {IWorkflowCases} from "./IWorkflowCases.sol";

/**
 * @title Workflow
 * @notice The suite's one approval engine: multi-department cases with ordered stages,
 * quorums, per-stage deadlines, rejection, return for more information, withdrawal, and
 * single consumption by the module that owns the case type. See {IWorkflow}.
 * @dev Gas is the product here (an approval must stay under 50,000 gas through the proxy):
 * - a case's mutable state (type, status, stage, approval bitmap, quorum counters, clock) is
 *   one storage slot, read once and written once per action;
 * - approvals are {ApprovalMask} bits by department position (the logic the governance council shares),
 *   bits 48 to 63 of the case word; a stage is complete when the mask covers its stage mask;
 * - a department's requirement in a type (position, stage, quorum, the bitmap of its stage,
 *   the stage count and the department's officer role) is one slot, read once per approval;
 * - the officer check of approve, reject and return is {DepartmentGated-_checkOfficerCached}: the cached
 *   officer role (role ids are immutable in the directory) asked of the AccessManager, and the
 *   department's active flag read from an "inactive" bit in the same rule word, which the directory
 *   keeps in step ({_departmentActiveChanged}). Open, resubmit, withdraw and consume by an opener
 *   department use the live {DepartmentGated-_checkOfficer}. Both are the directory's one rule.
 */
contract Workflow is DepartmentGated, IWorkflow {
    /// @notice Most departments a case type may require (the approval bitmap is 16 bits).
    uint256 public constant MAX_DEPARTMENTS = 16;
    /// @notice Most stages a case type may have (stage durations pack into one slot, 32 bits each).
    uint256 public constant MAX_STAGES = 8;
    /// @notice Highest quorum (signature counters are 2 bits per department).
    uint8 public constant MAX_QUORUM = 3;
    /// @notice Longest reason, in bytes (reasons are emitted, never stored).
    uint256 public constant MAX_REASON_LENGTH = 256;

    /// @dev One required department of a type, packed by hand into one word (see {_packRule}).
    struct Rule {
        uint8 position;
        uint8 stage;
        /// @dev 0 = the department is not required by the type.
        uint8 quorum;
        uint8 stageCount;
        /// @dev Bitmap (by position) of every department in this department's stage.
        uint16 stageMask;
        uint64 officerRole;
        /// @dev False while the department is deactivated in the directory (the rule's inactive bit).
        bool active;
    }

    /// @dev A case's mutable state, packed by hand into one word (see {_storeCase}): one SLOAD and one
    /// SSTORE per action. The stored `status` is never Expired (derived at read time); None = no case.
    struct CaseState {
        uint32 typeIndex;
        CaseStatus status;
        uint8 stage;
        uint16 approvedMask;
        /// @dev 2 bits per position: signatures collected towards a quorum above 1.
        uint32 signatureCounts;
        uint40 openedAt;
        uint40 deadline;
        uint40 pausedRemaining;
    }

    struct CaseTypeData {
        bytes32 id;
        address owner;
        bool active;
        uint8 stageCount;
        bytes32 openerDepartment;
        /// @dev Stage i's duration in bits [32i, 32i + 32).
        uint256 stageDurations;
        bytes32[] departments;
    }

    /// @custom:storage-location erc7201:govchain.storage.Workflow
    struct WorkflowStorage {
        mapping(bytes32 caseType => uint32 index) typeIndex;
        mapping(uint32 index => CaseTypeData) types;
        mapping(uint32 index => mapping(bytes32 department => uint256 packedRule)) rules;
        mapping(uint256 caseId => uint256 packedState) cases;
        mapping(uint256 caseId => bytes32 subject) subjects;
        mapping(uint256 caseId => mapping(bytes32 department => mapping(address officer => bool))) signed;
        uint256 caseCount;
        uint32 typeCount;
        /// @dev The types requiring each department, so a (de)activation can flag their rules;
        /// bounded by the number of case types the operator registers.
        mapping(bytes32 department => uint32[] typeIndexes) typesOf;
    }

    /// @dev Bit of a packed rule set while the department is deactivated in the directory, so
    /// {approve} refuses its officers without another storage read.
    uint256 private constant RULE_INACTIVE_BIT = 1 << 112;

    // keccak256(abi.encode(uint256(keccak256("govchain.storage.Workflow")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x8dac7db1b5685fdf9ce7b7e231737081fde9a4afcfc58d56d0bc841c704c7700;

    /**
     * @notice Initializes the proxy.
     * @param authority The suite's AccessManager.
     * @param directory_ The department directory.
     */
    function initialize(address authority, IDepartmentDirectory directory_) external initializer {
        __DepartmentGated_init(authority, directory_);
    }

    // ── operator ─────────────────────────────────────────────────────────────

    /// @inheritdoc IWorkflow
    function registerCaseType(bytes32 caseType, CaseTypeConfig calldata config) external restricted {
        if (caseType == bytes32(0)) revert WorkflowInvalidCaseTypeId();
        WorkflowStorage storage $ = _getStorage();
        if ($.typeIndex[caseType] != 0) revert WorkflowCaseTypeExists(caseType);
        if (config.owner == address(0) && config.openerDepartment == bytes32(0)) revert WorkflowNoOpener(caseType);
        uint256 count = config.departments.length;
        if (count == 0 || count > MAX_DEPARTMENTS) {
            revert WorkflowInvalidDepartmentCount(caseType, count, MAX_DEPARTMENTS);
        }
        uint256 stageCount = config.stageDurations.length;
        if (stageCount == 0 || stageCount > MAX_STAGES) revert WorkflowInvalidStages(caseType, stageCount, MAX_STAGES);
        if (config.openerDepartment != bytes32(0)) _requireActiveDepartment(config.openerDepartment);

        uint32 index = ++$.typeCount;
        $.typeIndex[caseType] = index;
        CaseTypeData storage t = $.types[index];
        t.id = caseType;
        t.owner = config.owner;
        t.active = true;
        t.stageCount = uint8(stageCount);
        t.openerDepartment = config.openerDepartment;
        t.stageDurations = _packDurations(config.stageDurations);

        uint16[MAX_STAGES] memory stageMasks = _stageMasks(caseType, config.departments, stageCount);
        for (uint256 i = 0; i < count; i++) {
            DepartmentRequirement calldata req = config.departments[i];
            if ($.rules[index][req.department] != 0) revert WorkflowDuplicateDepartment(caseType, req.department);
            uint64 officerRole = _requireActiveDepartment(req.department);
            $.rules[index][req.department] = _packRule(
                Rule({
                    position: uint8(i),
                    stage: req.stage,
                    quorum: req.quorum,
                    stageCount: uint8(stageCount),
                    stageMask: stageMasks[req.stage],
                    officerRole: officerRole,
                    active: true
                })
            );
            t.departments.push(req.department);
            $.typesOf[req.department].push(index);
        }
        emit CaseTypeRegistered(
            caseType,
            config.owner,
            config.openerDepartment,
            config.departments,
            config.stageDurations,
            msg.sender
        );
    }

    /// @dev Stage i's duration in bits [32i, 32i + 32) of one word.
    function _packDurations(uint32[] calldata stageDurations) private pure returns (uint256 durations) {
        for (uint256 s = 0; s < stageDurations.length; s++) durations |= uint256(stageDurations[s]) << (32 * s);
    }

    /// @dev The bitmap (by position) of each stage's departments; checks stages and quorums.
    function _stageMasks(
        bytes32 caseType,
        DepartmentRequirement[] calldata departments,
        uint256 stageCount
    ) private pure returns (uint16[MAX_STAGES] memory stageMasks) {
        for (uint256 i = 0; i < departments.length; i++) {
            DepartmentRequirement calldata req = departments[i];
            if (req.stage >= stageCount) revert WorkflowInvalidStages(caseType, stageCount, MAX_STAGES);
            if (req.quorum == 0 || req.quorum > MAX_QUORUM) {
                revert WorkflowInvalidQuorum(req.department, req.quorum, MAX_QUORUM);
            }
            stageMasks[req.stage] = uint16(ApprovalMask.set(stageMasks[req.stage], i));
        }
        for (uint256 s = 0; s < stageCount; s++) {
            if (stageMasks[s] == 0) revert WorkflowInvalidStages(caseType, stageCount, MAX_STAGES);
        }
    }

    /// @inheritdoc IWorkflow
    function setCaseTypeActive(bytes32 caseType, bool active) external restricted {
        CaseTypeData storage t = _getStorage().types[_typeIndex(caseType)];
        if (t.active == active) revert WorkflowCaseTypeActiveUnchanged(caseType, active);
        t.active = active;
        emit CaseTypeActiveSet(caseType, active, msg.sender);
    }

    // ── opener side ──────────────────────────────────────────────────────────

    /// @inheritdoc IWorkflowCases
    function openCase(
        bytes32 caseType,
        bytes32 subject,
        bytes32 documentHash
    ) external restricted returns (uint256 caseId) {
        WorkflowStorage storage $ = _getStorage();
        uint32 index = _typeIndex(caseType);
        CaseTypeData storage t = $.types[index];
        if (!t.active) revert WorkflowCaseTypeInactive(caseType);
        _checkOpener(t, msg.sender);

        caseId = ++$.caseCount;
        uint32 duration = _stageDuration(t.stageDurations, 0);
        uint40 deadline = _deadlineIn(duration, duration);
        _storeCase(
            caseId,
            CaseState({
                typeIndex: index,
                status: CaseStatus.Open,
                stage: 0,
                approvedMask: 0,
                signatureCounts: 0,
                openedAt: uint40(block.timestamp),
                deadline: deadline,
                pausedRemaining: 0
            })
        );
        $.subjects[caseId] = subject;
        emit CaseOpened(caseId, caseType, subject, documentHash, deadline, msg.sender);
    }

    /// @inheritdoc IWorkflowCases
    function resubmitCase(uint256 caseId, bytes32 documentHash) external restricted {
        WorkflowStorage storage $ = _getStorage();
        CaseState memory c = _case(caseId);
        CaseTypeData storage t = $.types[c.typeIndex];
        _checkOpener(t, msg.sender);
        if (c.status != CaseStatus.Returned) revert WorkflowInvalidStatus(caseId, _statusNow(c));
        // The clock stopped at the return: the stage gets back exactly the time it had left.
        c.deadline = _deadlineIn(_stageDuration(t.stageDurations, c.stage), c.pausedRemaining);
        c.pausedRemaining = 0;
        c.status = CaseStatus.Open;
        _storeCase(caseId, c);
        emit CaseResubmitted(caseId, msg.sender, documentHash, c.deadline);
    }

    /// @inheritdoc IWorkflowCases
    function withdrawCase(uint256 caseId, string calldata reason) external restricted {
        WorkflowStorage storage $ = _getStorage();
        _checkReason(reason);
        CaseState memory c = _case(caseId);
        _checkOpener($.types[c.typeIndex], msg.sender);
        CaseStatus status = _statusNow(c);
        if (status != CaseStatus.Open && status != CaseStatus.Returned) revert WorkflowInvalidStatus(caseId, status);
        c.status = CaseStatus.Withdrawn;
        c.deadline = 0;
        _storeCase(caseId, c);
        emit CaseWithdrawn(caseId, msg.sender, reason);
    }

    /// @inheritdoc IWorkflowCases
    function consumeCase(uint256 caseId) external restricted returns (bytes32 caseType, bytes32 subject) {
        WorkflowStorage storage $ = _getStorage();
        CaseState memory c = _case(caseId);
        CaseTypeData storage t = $.types[c.typeIndex];
        address owner = t.owner;
        if (owner == address(0)) _checkOfficer(t.openerDepartment, msg.sender);
        else if (msg.sender != owner) revert WorkflowUnauthorizedConsumer(caseId, msg.sender);
        if (c.status != CaseStatus.Approved) revert WorkflowInvalidStatus(caseId, _statusNow(c));
        c.status = CaseStatus.Consumed;
        _storeCase(caseId, c);
        caseType = t.id;
        subject = $.subjects[caseId];
        emit CaseConsumed(caseId, caseType, subject, msg.sender);
    }

    // ── departments ──────────────────────────────────────────────────────────

    /// @inheritdoc IWorkflow
    function approve(uint256 caseId, bytes32 department, bytes32 documentHash) external {
        // The hot path, on packed words rather than memory structs (layouts in {_storeCase} and {_packRule}).
        // The emergency stop, without `restricted`'s second lookup (the function is PUBLIC in the table).
        if (StaticQuery.isTargetClosed(authority(), address(this))) {
            revert AccessManagedUnauthorized(msg.sender);
        }
        WorkflowStorage storage $ = _getStorage();
        uint256 state = $.cases[caseId];
        {
            uint256 deadline = uint40(state >> 136);
            if (uint8(state >> 32) != uint8(CaseStatus.Open) || (deadline != 0 && block.timestamp > deadline)) {
                if (state == 0) revert WorkflowUnknownCase(caseId);
                revert WorkflowInvalidStatus(caseId, _statusNow(_unpackCase(state)));
            }
        }
        uint256 rule = $.rules[uint32(state)][department];
        {
            uint256 stage = uint8(rule >> 8);
            if (uint8(rule >> 16) == 0) revert WorkflowDepartmentNotRequired(caseId, department);
            if (stage != uint8(state >> 40)) {
                if (stage > uint8(state >> 40)) {
                    revert WorkflowStageNotReached(caseId, department, uint8(stage), uint8(state >> 40));
                }
                revert WorkflowAlreadyApproved(caseId, department);
            }
        }
        unchecked {
            // The approval bits are bits 48 to 63 of the case word (position < 16: no overflow).
            if (ApprovalMask.isSet(state, 48 + uint256(uint8(rule)))) {
                revert WorkflowAlreadyApproved(caseId, department);
            }
        }
        uint48 since = _checkOfficerCached(department, uint64(rule >> 48), rule & RULE_INACTIVE_BIT == 0, msg.sender);

        bool reached = true;
        if (uint8(rule >> 16) > 1) (state, reached) = _sign(caseId, department, state, rule, since);
        uint256 advancedTo;
        if (reached) (state, advancedTo) = _departmentApproved(state, rule);
        $.cases[caseId] = state;
        emit CaseApprovalSigned(caseId, department, msg.sender, documentHash);
        if (advancedTo != 0) {
            if (uint8(state >> 32) == uint8(CaseStatus.Approved)) emit CaseApproved(caseId);
            else emit CaseStageAdvanced(caseId, uint8(advancedTo), uint40(state >> 136));
        }
    }

    /**
     * @dev One signature towards a quorum above 1: by a distinct officer appointed before the case was opened
     * (strictly: a same-second appointment does not count), so that one department admin cannot appoint the
     * second signature a quorum is there to require. Counts it in `state`; `reached` once the quorum is met.
     */
    function _sign(
        uint256 caseId,
        bytes32 department,
        uint256 state,
        uint256 rule,
        uint48 since
    ) private returns (uint256, bool reached) {
        uint256 openedAt = uint40(state >> 96);
        if (since >= openedAt) {
            revert WorkflowOfficerAppointedAfterCase(caseId, department, msg.sender, since, uint64(openedAt));
        }
        mapping(address => bool) storage signed = _getStorage().signed[caseId][department];
        if (signed[msg.sender]) revert WorkflowAlreadySigned(caseId, department, msg.sender);
        signed[msg.sender] = true;
        uint256 counterShift = 64 + 2 * uint8(rule);
        if (((state >> counterShift) & 3) + 1 < uint8(rule >> 16)) return (state + (1 << counterShift), false);
        return (state, true);
    }

    /**
     * @dev Sets the department's bit in the packed case `state`; when that completes its stage, moves
     * to the next stage (with its deadline) or marks the case Approved. `advancedTo` is 0 otherwise.
     */
    function _departmentApproved(
        uint256 state,
        uint256 rule
    ) private view returns (uint256 newState, uint256 advancedTo) {
        unchecked {
            newState = ApprovalMask.set(state, 48 + uint256(uint8(rule)));
        }
        uint256 stageMask = uint16(rule >> 32);
        if (!ApprovalMask.covers(uint16(newState >> 48), stageMask)) return (newState, 0);
        advancedTo = uint8(rule >> 8) + 1;
        uint256 nextDeadline;
        uint256 status = uint8(CaseStatus.Open);
        if (advancedTo == uint8(rule >> 24)) {
            status = uint8(CaseStatus.Approved);
        } else {
            uint32 duration = _stageDuration(_getStorage().types[uint32(state)].stageDurations, advancedTo);
            nextDeadline = _deadlineIn(duration, duration);
        }
        uint256 cleared = (uint256(0xff) << 32) | (uint256(0xff) << 40) | (uint256(type(uint40).max) << 136);
        newState = (newState & ~cleared) | (status << 32) | (advancedTo << 40) | (nextDeadline << 136);
    }

    /// @inheritdoc IWorkflow
    function reject(
        uint256 caseId,
        bytes32 department,
        string calldata reason,
        bytes32 documentHash
    ) external restricted {
        _checkReason(reason);
        CaseState memory c = _case(caseId);
        CaseStatus status = _statusNow(c);
        if (status != CaseStatus.Open && status != CaseStatus.Returned) revert WorkflowInvalidStatus(caseId, status);
        Rule memory rule = _currentStageRule(caseId, c, department);
        _checkOfficerCached(department, rule.officerRole, rule.active, msg.sender);
        c.status = CaseStatus.Rejected;
        c.deadline = 0;
        c.pausedRemaining = 0;
        _storeCase(caseId, c);
        emit CaseRejected(caseId, department, msg.sender, reason, documentHash);
    }

    /// @inheritdoc IWorkflow
    function returnCase(
        uint256 caseId,
        bytes32 department,
        string calldata reason,
        bytes32 documentHash
    ) external restricted {
        _checkReason(reason);
        CaseState memory c = _case(caseId);
        if (c.status != CaseStatus.Open || _expired(c)) revert WorkflowInvalidStatus(caseId, _statusNow(c));
        Rule memory rule = _currentStageRule(caseId, c, department);
        _checkOfficerCached(department, rule.officerRole, rule.active, msg.sender);
        // The clock stops: keep what is left of the stage, restore it on resubmission.
        c.pausedRemaining = c.deadline == 0 ? 0 : uint40(c.deadline - block.timestamp);
        c.deadline = 0;
        c.status = CaseStatus.Returned;
        _storeCase(caseId, c);
        emit CaseReturned(caseId, department, msg.sender, reason, documentHash, c.pausedRemaining);
    }

    // ── views ────────────────────────────────────────────────────────────────

    /// @inheritdoc IWorkflowCases
    function caseStatus(uint256 caseId) external view returns (CaseStatus) {
        return _statusNow(_unpackCase(_getStorage().cases[caseId]));
    }

    /// @inheritdoc IWorkflow
    function getCase(uint256 caseId) external view returns (CaseView memory) {
        WorkflowStorage storage $ = _getStorage();
        CaseState memory c = _case(caseId);
        return
            CaseView({
                caseId: caseId,
                caseType: $.types[c.typeIndex].id,
                subject: $.subjects[caseId],
                status: _statusNow(c),
                stage: c.stage,
                approvedMask: c.approvedMask,
                openedAt: c.openedAt,
                deadline: c.deadline,
                pausedRemaining: c.pausedRemaining
            });
    }

    /// @inheritdoc IWorkflow
    function caseTypeOf(bytes32 caseType) external view returns (CaseTypeView memory view_) {
        WorkflowStorage storage $ = _getStorage();
        uint32 index = _typeIndex(caseType);
        CaseTypeData storage t = $.types[index];
        uint256 count = t.departments.length;
        view_.caseType = caseType;
        view_.owner = t.owner;
        view_.openerDepartment = t.openerDepartment;
        view_.active = t.active;
        view_.departments = new DepartmentRequirement[](count);
        for (uint256 i = 0; i < count; i++) {
            bytes32 department = t.departments[i];
            Rule memory rule = _rule(index, department);
            view_.departments[i] = DepartmentRequirement(department, rule.stage, rule.quorum);
        }
        view_.stageDurations = new uint32[](t.stageCount);
        for (uint256 s = 0; s < t.stageCount; s++) view_.stageDurations[s] = _stageDuration(t.stageDurations, s);
    }

    /// @inheritdoc IWorkflow
    function approvedDepartments(uint256 caseId) external view returns (bytes32[] memory list) {
        CaseState memory c = _case(caseId);
        bytes32[] storage departments = _getStorage().types[c.typeIndex].departments;
        list = new bytes32[](departments.length);
        uint256 n;
        for (uint256 i = 0; i < departments.length; i++) {
            if (ApprovalMask.isSet(c.approvedMask, i)) list[n++] = departments[i];
        }
        _truncate(list, n);
    }

    /// @inheritdoc IWorkflow
    function pendingDepartments(uint256 caseId) external view returns (bytes32[] memory list) {
        WorkflowStorage storage $ = _getStorage();
        CaseState memory c = _case(caseId);
        CaseStatus status = _statusNow(c);
        if (status != CaseStatus.Open && status != CaseStatus.Returned) return list;
        bytes32[] storage departments = $.types[c.typeIndex].departments;
        list = new bytes32[](departments.length);
        uint256 n;
        for (uint256 i = 0; i < departments.length; i++) {
            if (ApprovalMask.isSet(c.approvedMask, i)) continue;
            if (_rule(c.typeIndex, departments[i]).stage == c.stage) list[n++] = departments[i];
        }
        _truncate(list, n);
    }

    /// @inheritdoc IWorkflow
    function signatures(uint256 caseId, bytes32 department) external view returns (uint8) {
        CaseState memory c = _case(caseId);
        Rule memory rule = _rule(c.typeIndex, department);
        if (rule.quorum == 0) revert WorkflowDepartmentNotRequired(caseId, department);
        if (ApprovalMask.isSet(c.approvedMask, rule.position)) return rule.quorum;
        return uint8((c.signatureCounts >> (2 * rule.position)) & 3);
    }

    /// @inheritdoc IWorkflow
    function timeLeft(uint256 caseId) external view returns (uint64) {
        CaseState memory c = _case(caseId);
        if (c.status == CaseStatus.Returned) {
            bool noDeadline = _stageDuration(_getStorage().types[c.typeIndex].stageDurations, c.stage) == 0;
            return noDeadline ? type(uint64).max : c.pausedRemaining;
        }
        if (c.status != CaseStatus.Open || _expired(c)) return 0;
        if (c.deadline == 0) return type(uint64).max;
        return uint64(c.deadline - block.timestamp);
    }

    /// @inheritdoc IWorkflow
    function caseCount() external view returns (uint256) {
        return _getStorage().caseCount;
    }

    // ── internals ────────────────────────────────────────────────────────────

    /// @dev The rule of `department` in the case's type, which must be of the current stage and not yet approved.
    function _currentStageRule(
        uint256 caseId,
        CaseState memory c,
        bytes32 department
    ) private view returns (Rule memory rule) {
        rule = _rule(c.typeIndex, department);
        if (rule.quorum == 0) revert WorkflowDepartmentNotRequired(caseId, department);
        if (rule.stage > c.stage) revert WorkflowStageNotReached(caseId, department, rule.stage, c.stage);
        if (rule.stage < c.stage || ApprovalMask.isSet(c.approvedMask, rule.position)) {
            revert WorkflowAlreadyApproved(caseId, department);
        }
    }

    /// @dev The caller is the type's owner contract or an officer of its (active) opener department.
    function _checkOpener(CaseTypeData storage t, address account) private view {
        if (account == t.owner && account != address(0)) return;
        bytes32 opener = t.openerDepartment;
        if (opener == bytes32(0)) revert WorkflowUnauthorizedOpener(t.id, account);
        _checkOfficer(opener, account);
    }

    function _requireActiveDepartment(bytes32 department) private view returns (uint64 officerRole) {
        IDepartmentDirectory.Department memory d = directory().department(department);
        if (!d.active) revert WorkflowInactiveDepartment(department);
        return d.officerRole;
    }

    function _checkReason(string calldata reason) private pure {
        uint256 length = bytes(reason).length;
        if (length == 0 || length > MAX_REASON_LENGTH) revert WorkflowInvalidReason(length, MAX_REASON_LENGTH);
    }

    function _case(uint256 caseId) private view returns (CaseState memory c) {
        c = _unpackCase(_getStorage().cases[caseId]);
        if (c.status == CaseStatus.None) revert WorkflowUnknownCase(caseId);
    }

    function _typeIndex(bytes32 caseType) private view returns (uint32 index) {
        index = _getStorage().typeIndex[caseType];
        if (index == 0) revert WorkflowUnknownCaseType(caseType);
    }

    /// @dev The directory reports a department's (de)activation in the same transaction: flag (or
    /// unflag) its rule in every type that requires it, which approve, reject and return read anyway.
    function _departmentActiveChanged(bytes32 department, bool active) internal override {
        WorkflowStorage storage $ = _getStorage();
        uint32[] storage typeIndexes = $.typesOf[department];
        bytes32[] memory caseTypes = new bytes32[](typeIndexes.length);
        for (uint256 i = 0; i < typeIndexes.length; i++) {
            uint32 index = typeIndexes[i];
            uint256 rule = $.rules[index][department];
            $.rules[index][department] = active ? rule & ~RULE_INACTIVE_BIT : rule | RULE_INACTIVE_BIT;
            caseTypes[i] = $.types[index].id;
        }
        emit DepartmentActiveCached(department, active, caseTypes);
    }

    function _rule(uint32 typeIndex, bytes32 department) private view returns (Rule memory rule) {
        uint256 w = _getStorage().rules[typeIndex][department];
        rule.position = uint8(w);
        rule.stage = uint8(w >> 8);
        rule.quorum = uint8(w >> 16);
        rule.stageCount = uint8(w >> 24);
        rule.stageMask = uint16(w >> 32);
        rule.officerRole = uint64(w >> 48);
        rule.active = w & RULE_INACTIVE_BIT == 0;
    }

    function _packRule(Rule memory rule) private pure returns (uint256) {
        return
            uint256(rule.position) |
            (uint256(rule.stage) << 8) |
            (uint256(rule.quorum) << 16) |
            (uint256(rule.stageCount) << 24) |
            (uint256(rule.stageMask) << 32) |
            (uint256(rule.officerRole) << 48) |
            (rule.active ? 0 : RULE_INACTIVE_BIT);
    }

    function _unpackCase(uint256 w) private pure returns (CaseState memory c) {
        c.typeIndex = uint32(w);
        c.status = CaseStatus(uint8(w >> 32));
        c.stage = uint8(w >> 40);
        c.approvedMask = uint16(w >> 48);
        c.signatureCounts = uint32(w >> 64);
        c.openedAt = uint40(w >> 96);
        c.deadline = uint40(w >> 136);
        c.pausedRemaining = uint40(w >> 176);
    }

    function _storeCase(uint256 caseId, CaseState memory c) private {
        _getStorage().cases[caseId] =
            uint256(c.typeIndex) |
            (uint256(uint8(c.status)) << 32) |
            (uint256(c.stage) << 40) |
            (uint256(c.approvedMask) << 48) |
            (uint256(c.signatureCounts) << 64) |
            (uint256(c.openedAt) << 96) |
            (uint256(c.deadline) << 136) |
            (uint256(c.pausedRemaining) << 176);
    }

    function _expired(CaseState memory c) private view returns (bool) {
        return c.deadline != 0 && block.timestamp > c.deadline;
    }

    function _statusNow(CaseState memory c) private view returns (CaseStatus) {
        if (c.status == CaseStatus.Open && _expired(c)) return CaseStatus.Expired;
        return c.status;
    }

    function _stageDuration(uint256 durations, uint256 stage) private pure returns (uint32) {
        return uint32(durations >> (32 * stage));
    }

    /// @dev The deadline `seconds_` from now, for a stage of `duration` (0 = the stage has no deadline).
    function _deadlineIn(uint32 duration, uint256 seconds_) private view returns (uint40) {
        if (duration == 0) return 0;
        return uint40(block.timestamp + seconds_);
    }

    function _truncate(bytes32[] memory list, uint256 length) private pure {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            mstore(list, length)
        }
    }

    function _getStorage() private pure returns (WorkflowStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
