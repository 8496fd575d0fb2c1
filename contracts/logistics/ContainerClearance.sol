// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DepartmentGated} from "../access/DepartmentGated.sol";
import {IDepartmentDirectory} from "../access/IDepartmentDirectory.sol";
import {IParticipantRegistry} from "../access/IParticipantRegistry.sol";
import {StaticQuery} from "../utils/StaticQuery.sol";
import {IWorkflowCases} from "../workflow/IWorkflowCases.sol";
import {IContainerClearance} from "./IContainerClearance.sol";

/**
 * @title ContainerClearance
 * @notice Beijing-Tianjin-Hebei port customs clearance (docs/SERVICES.md "Port customs clearance").
 * @dev Who may do what, checked when they act:
 * - an account accredited in the declarant role declares a container (its clearance case opens in the workflow,
 *   a type owned by this contract whose stages may require departments of several jurisdictions) and records the
 *   approved case (consumed, exactly once);
 * - an officer of a customs office (any of the three jurisdictions) holds the container; only an officer of that
 *   same office lifts the hold, or any customs office on an approved hold-lift case (the legal basis: a court, as
 *   the case type requires), which is also the way out when the holding office is deactivated: its hold stays
 *   in force meanwhile, as a deactivated court's freeze does in the property register;
 * - an account accredited in any enabled terminal role (the terminals of the three jurisdictions) releases a
 *   cleared container that no office holds, once.
 * One storage slot per container holds its status, hold bits, case and times, so every terminal reads one word.
 * {release} is not `restricted`: it checks the emergency stop itself (gas, as {Workflow-approve}).
 */
contract ContainerClearance is DepartmentGated, IContainerClearance {
    /// @dev Most customs offices (bits of `holdMask`) and terminal roles.
    uint256 internal constant MAX_OFFICES = 16;
    uint256 internal constant MAX_TERMINALS = 16;

    bytes32 private constant CLEARANCE_TAG = keccak256("govchain.logistics.containerClearance");
    bytes32 private constant HOLD_LIFT_TAG = keccak256("govchain.logistics.holdLift");

    /// @dev One slot per container entry.
    struct Container {
        ContainerStatus status;
        uint16 holdMask;
        uint32 caseId;
        uint40 declaredAt;
        uint40 releasedAt;
        /// @dev Index + 1 of the terminal role that released it.
        uint8 terminal;
    }

    struct TerminalRef {
        uint8 index;
        bool enabled;
    }

    /// @custom:storage-location erc7201:govchain.storage.ContainerClearance
    struct ContainerClearanceStorage {
        uint8 officeCount;
        uint8 terminalCount;
        /// @dev Index + 1 of each customs office.
        mapping(bytes32 office => uint8) officeIndex;
        bytes32[MAX_OFFICES] offices;
        mapping(bytes32 role => TerminalRef) terminals;
        bytes32[MAX_TERMINALS] terminalRoles;
        mapping(bytes32 container => Container) containers;
        mapping(bytes32 container => address) declarants;
    }

    // keccak256(abi.encode(uint256(keccak256("govchain.storage.ContainerClearance")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x9b9f330e31da44b036b1dbe88bf43ae8192efee4ff4501956c3324e8c65f9400;

    // Read on the hot paths: implementation immutables save a cold storage read each (as in Shipments).
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IParticipantRegistry private immutable _participants;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    address private immutable _workflow;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    bytes32 private immutable _declarantRole;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    bytes32 private immutable _clearanceCaseType;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    bytes32 private immutable _holdLiftCaseType;

    /// @notice Builds an implementation wired to `config_` (registry, workflow, declarant role, case types).
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(Wiring memory config_) {
        if (
            config_.participants == address(0) ||
            config_.workflow == address(0) ||
            config_.declarantRole == bytes32(0) ||
            config_.clearanceCaseType == bytes32(0) ||
            config_.holdLiftCaseType == bytes32(0)
        ) revert ContainerClearanceInvalidConfig();
        _participants = IParticipantRegistry(config_.participants);
        _workflow = config_.workflow;
        _declarantRole = config_.declarantRole;
        _clearanceCaseType = config_.clearanceCaseType;
        _holdLiftCaseType = config_.holdLiftCaseType;
    }

    /**
     * @notice Initializes the proxy.
     * @param offices The customs offices of the three jurisdictions; `terminalRoles` their terminals' roles.
     */
    function initialize(
        address authority,
        IDepartmentDirectory directory_,
        bytes32[] calldata offices,
        bytes32[] calldata terminalRoles
    ) external initializer {
        __DepartmentGated_init(authority, directory_);
        for (uint256 i = 0; i < offices.length; ++i) _addCustomsOffice(offices[i]);
        for (uint256 i = 0; i < terminalRoles.length; ++i) _setTerminalRole(terminalRoles[i], true);
    }

    // ── configuration ────────────────────────────────────────────────────────

    /// @inheritdoc IContainerClearance
    function addCustomsOffice(bytes32 office) external restricted {
        _addCustomsOffice(office);
    }

    /// @inheritdoc IContainerClearance
    function setTerminalRole(bytes32 role, bool enabled) external restricted {
        _setTerminalRole(role, enabled);
    }

    // ── declaration and clearance ───────────────────────────────────────────

    /// @inheritdoc IContainerClearance
    function declare(bytes32 container, bytes32 documentHash) external restricted returns (uint256 caseId) {
        ContainerClearanceStorage storage $ = _getStorage();
        _participants.checkAccredited(_declarantRole, msg.sender);
        if (container == bytes32(0) || $.containers[container].status != ContainerStatus.None) {
            revert ContainerClearanceExists(container);
        }
        bytes32 subject = _clearanceSubject(container);
        caseId = IWorkflowCases(_workflow).openCase(_clearanceCaseType, subject, documentHash);
        // The workflow's ids count up from 1: 2^32 cases are out of reach.
        // A withdrawn declaration left its holds: a new one keeps them.
        uint16 holds = $.containers[container].holdMask;
        $.containers[container] = Container(
            ContainerStatus.Declared,
            holds,
            uint32(caseId),
            uint40(block.timestamp),
            0,
            0
        );
        $.declarants[container] = msg.sender;
        emit ContainerDeclared(container, caseId, msg.sender, subject, documentHash);
    }

    /// @inheritdoc IContainerClearance
    function recordClearance(bytes32 container) external restricted {
        ContainerClearanceStorage storage $ = _getStorage();
        Container storage c = $.containers[container];
        if (c.status != ContainerStatus.Declared) _revertStatus(container, c.status);
        if ($.declarants[container] != msg.sender) revert ContainerClearanceNotDeclarant(container, msg.sender);
        _participants.checkAccredited(_declarantRole, msg.sender);
        uint256 caseId = c.caseId;
        _consumeCase(caseId, _clearanceCaseType, _clearanceSubject(container));
        c.status = ContainerStatus.Cleared;
        emit ContainerCleared(container, caseId, msg.sender);
    }

    /// @inheritdoc IContainerClearance
    function resubmitClearance(bytes32 container, bytes32 documentHash) external restricted {
        uint256 caseId = _checkDeclarant(container);
        // The workflow refuses a case that is not returned (WorkflowInvalidStatus).
        IWorkflowCases(_workflow).resubmitCase(caseId, documentHash);
        emit ClearanceResubmitted(container, caseId, documentHash, msg.sender);
    }

    /// @inheritdoc IContainerClearance
    function withdrawClearance(bytes32 container, string calldata reason) external restricted {
        uint256 caseId = _checkDeclarant(container);
        IWorkflowCases(_workflow).withdrawCase(caseId, reason);
        ContainerClearanceStorage storage $ = _getStorage();
        Container storage c = $.containers[container];
        // Undeclared, holds kept: the container may be declared again, still held where it was.
        c.status = ContainerStatus.None;
        c.caseId = 0;
        c.declaredAt = 0;
        delete $.declarants[container];
        emit ClearanceWithdrawn(container, caseId, msg.sender);
    }

    // ── holds ────────────────────────────────────────────────────────────────

    /// @inheritdoc IContainerClearance
    function hold(bytes32 container, bytes32 office, bytes32 documentHash) external restricted {
        ContainerClearanceStorage storage $ = _getStorage();
        uint16 bit = _officeBit($, office);
        _checkOfficer(office, msg.sender);
        Container storage c = $.containers[container];
        ContainerStatus status = c.status;
        if (status == ContainerStatus.None || status == ContainerStatus.Released) _revertStatus(container, status);
        if (c.holdMask & bit != 0) revert ContainerClearanceAlreadyHeld(container, office);
        c.holdMask |= bit;
        emit HoldPlaced(container, office, msg.sender, documentHash);
    }

    /// @inheritdoc IContainerClearance
    function liftHold(bytes32 container, bytes32 office, bytes32 documentHash) external restricted {
        ContainerClearanceStorage storage $ = _getStorage();
        uint16 bit = _officeBit($, office);
        _checkOfficer(office, msg.sender);
        _lift($, container, office, bit, 0, documentHash);
    }

    /// @inheritdoc IContainerClearance
    function openHoldLift(
        bytes32 container,
        bytes32 office,
        bytes32 by,
        bytes32 documentHash
    ) external restricted returns (uint256 caseId) {
        ContainerClearanceStorage storage $ = _getStorage();
        _officeBit($, by);
        _checkOfficer(by, msg.sender);
        uint16 bit = _officeBit($, office);
        if ($.containers[container].holdMask & bit == 0) revert ContainerClearanceNotHeld(container, office);
        bytes32 subject = _holdLiftSubject(container, office);
        caseId = IWorkflowCases(_workflow).openCase(_holdLiftCaseType, subject, documentHash);
        emit HoldLiftOpened(container, office, caseId, subject, msg.sender);
    }

    /// @inheritdoc IContainerClearance
    function executeHoldLift(
        bytes32 container,
        bytes32 office,
        bytes32 by,
        uint256 caseId,
        bytes32 documentHash
    ) external restricted {
        ContainerClearanceStorage storage $ = _getStorage();
        _officeBit($, by);
        _checkOfficer(by, msg.sender);
        uint16 bit = _officeBit($, office);
        _consumeCase(caseId, _holdLiftCaseType, _holdLiftSubject(container, office));
        _lift($, container, office, bit, caseId, documentHash);
    }

    // ── release ──────────────────────────────────────────────────────────────

    /// @inheritdoc IContainerClearance
    /// @dev Hot path: the container's slot, the terminal's slot, the registry's answer.
    function release(bytes32 container, bytes32 terminalRole, bytes32 documentHash) external {
        if (StaticQuery.isTargetClosed(authority(), address(this))) revert AccessManagedUnauthorized(msg.sender);
        ContainerClearanceStorage storage $ = _getStorage();
        Container storage c = $.containers[container];
        ContainerStatus status = c.status;
        if (status != ContainerStatus.Cleared) _revertStatus(container, status);
        uint16 holds = c.holdMask;
        if (holds != 0) revert ContainerClearanceHeld(container, $.offices[_lowestBit(holds)], holds);
        TerminalRef memory t = $.terminals[terminalRole];
        if (!t.enabled) revert ContainerClearanceUnknownTerminal(terminalRole);
        _participants.checkAccredited(terminalRole, msg.sender);
        c.status = ContainerStatus.Released;
        c.releasedAt = uint40(block.timestamp);
        c.terminal = t.index + 1;
        emit ContainerReleased(container, terminalRole, msg.sender, documentHash);
    }

    // ── views ────────────────────────────────────────────────────────────────

    /// @inheritdoc IContainerClearance
    function containerOf(bytes32 container) external view returns (ContainerView memory) {
        ContainerClearanceStorage storage $ = _getStorage();
        Container memory c = $.containers[container];
        return
            ContainerView(
                c.status,
                c.holdMask,
                c.caseId,
                c.declaredAt,
                c.releasedAt,
                c.terminal == 0 ? bytes32(0) : $.terminalRoles[c.terminal - 1],
                $.declarants[container]
            );
    }

    /// @inheritdoc IContainerClearance
    function holdsOf(bytes32 container) external view returns (bytes32[] memory offices) {
        ContainerClearanceStorage storage $ = _getStorage();
        uint16 mask = $.containers[container].holdMask;
        offices = new bytes32[](_popCount(mask));
        uint256 n = 0;
        for (uint256 i = 0; i < MAX_OFFICES; ++i) if ((mask >> i) & 1 == 1) offices[n++] = $.offices[i];
    }

    /// @inheritdoc IContainerClearance
    function customsOffices() external view returns (bytes32[] memory offices) {
        ContainerClearanceStorage storage $ = _getStorage();
        offices = new bytes32[]($.officeCount);
        for (uint256 i = 0; i < offices.length; ++i) offices[i] = $.offices[i];
    }

    /// @inheritdoc IContainerClearance
    function isTerminalRole(bytes32 role) external view returns (bool) {
        return _getStorage().terminals[role].enabled;
    }

    /// @inheritdoc IContainerClearance
    function config() external view returns (Wiring memory) {
        return Wiring(address(_participants), _workflow, _declarantRole, _clearanceCaseType, _holdLiftCaseType);
    }

    // ── internals ────────────────────────────────────────────────────────────

    function _addCustomsOffice(bytes32 office) private {
        ContainerClearanceStorage storage $ = _getStorage();
        uint8 count = $.officeCount;
        if (office == bytes32(0) || $.officeIndex[office] != 0 || count >= MAX_OFFICES || !directory().exists(office))
            revert ContainerClearanceInvalidOffice(office, MAX_OFFICES);
        $.offices[count] = office;
        $.officeIndex[office] = count + 1;
        $.officeCount = count + 1;
        emit CustomsOfficeAdded(office, count);
    }

    function _setTerminalRole(bytes32 role, bool enabled) private {
        ContainerClearanceStorage storage $ = _getStorage();
        TerminalRef storage t = $.terminals[role];
        if (role == bytes32(0)) revert ContainerClearanceInvalidTerminalRole(role, MAX_TERMINALS);
        if ($.terminalRoles[t.index] != role) {
            uint8 count = $.terminalCount;
            if (count >= MAX_TERMINALS) revert ContainerClearanceInvalidTerminalRole(role, MAX_TERMINALS);
            $.terminalRoles[count] = role;
            $.terminalCount = count + 1;
            t.index = count;
        }
        t.enabled = enabled;
        emit TerminalRoleSet(role, enabled);
    }

    function _lift(
        ContainerClearanceStorage storage $,
        bytes32 container,
        bytes32 office,
        uint16 bit,
        uint256 caseId,
        bytes32 documentHash
    ) private {
        Container storage c = $.containers[container];
        if (c.holdMask & bit == 0) revert ContainerClearanceNotHeld(container, office);
        c.holdMask &= ~bit;
        emit HoldLifted(container, office, caseId, msg.sender, documentHash);
    }

    /// @dev Consumes the approved case and checks it is exactly what is executed (type and subject).
    function _consumeCase(uint256 caseId, bytes32 caseType, bytes32 expected) private {
        (bytes32 consumedType, bytes32 subject) = IWorkflowCases(_workflow).consumeCase(caseId);
        if (consumedType != caseType || subject != expected) {
            revert ContainerClearanceCaseMismatch(caseId, expected, subject);
        }
    }

    /// @dev A declared container's declarant, accredited now; returns its clearance case.
    function _checkDeclarant(bytes32 container) private view returns (uint256) {
        ContainerClearanceStorage storage $ = _getStorage();
        Container storage c = $.containers[container];
        if (c.status != ContainerStatus.Declared) _revertStatus(container, c.status);
        if ($.declarants[container] != msg.sender) revert ContainerClearanceNotDeclarant(container, msg.sender);
        _participants.checkAccredited(_declarantRole, msg.sender);
        return c.caseId;
    }

    function _officeBit(ContainerClearanceStorage storage $, bytes32 office) private view returns (uint16) {
        uint8 index = $.officeIndex[office];
        if (index == 0) revert ContainerClearanceNotCustomsOffice(office);
        return uint16(1 << (index - 1));
    }

    function _revertStatus(bytes32 container, ContainerStatus status) private pure {
        if (status == ContainerStatus.None) revert ContainerClearanceUnknown(container);
        if (status == ContainerStatus.Released) revert ContainerClearanceAlreadyReleased(container);
        revert ContainerClearanceInvalidStatus(container, status);
    }

    function _clearanceSubject(bytes32 container) private view returns (bytes32) {
        return keccak256(abi.encode(CLEARANCE_TAG, address(this), container));
    }

    function _holdLiftSubject(bytes32 container, bytes32 office) private view returns (bytes32) {
        return keccak256(abi.encode(HOLD_LIFT_TAG, address(this), container, office));
    }

    function _lowestBit(uint16 mask) private pure returns (uint256 i) {
        while ((mask >> i) & 1 == 0) ++i;
    }

    function _popCount(uint16 mask) private pure returns (uint256 count) {
        for (; mask != 0; mask &= mask - 1) ++count;
    }

    function _getStorage() private pure returns (ContainerClearanceStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
