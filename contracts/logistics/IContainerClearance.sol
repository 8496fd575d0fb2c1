// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title IContainerClearance
 * @notice Beijing-Tianjin-Hebei port customs clearance: one record per container entry, visible to every
 * terminal of the three jurisdictions. Clearance is a workflow case whose type may require departments of
 * several jurisdictions; a hold by any customs office blocks release at every terminal until that office lifts
 * it, or a legal basis does (an approved hold-lift case), as a court freeze blocks a property transfer.
 */
interface IContainerClearance {
    /// @notice Where a container entry stands (holds are separate: see {ContainerView-holdMask}).
    enum ContainerStatus {
        None,
        /// @dev Declared: its clearance case is open in the workflow.
        Declared,
        /// @dev The clearance case was approved and consumed.
        Cleared,
        /// @dev Released by a terminal (once).
        Released
    }

    /// @notice What the implementation is wired to (constructor; read back by {config} for upgrades).
    struct Wiring {
        /// @dev The participant registry (declarants and terminals are its participants).
        address participants;
        /// @dev The workflow engine; this contract owns both case types there.
        address workflow;
        /// @dev The participant role that declares containers.
        bytes32 declarantRole;
        /// @dev The clearance case type (its stages may require departments of several jurisdictions).
        bytes32 clearanceCaseType;
        /// @dev The hold-lift case type: the legal basis to lift another office's hold.
        bytes32 holdLiftCaseType;
    }

    /// @notice A container entry as stored.
    struct ContainerView {
        ContainerStatus status;
        /// @dev Bit i set: the i-th customs office (see {customsOffices}) holds the container.
        uint16 holdMask;
        uint32 caseId;
        uint40 declaredAt;
        uint40 releasedAt;
        /// @dev The terminal role that released it (zero until released).
        bytes32 releasedBy;
        address declarant;
    }

    /// @notice The declarant resubmitted the returned clearance case (corrected declaration `documentHash`).
    event ClearanceResubmitted(
        bytes32 indexed container,
        uint256 indexed caseId,
        bytes32 documentHash,
        address declarant
    );
    /// @notice The declarant withdrew the clearance case: the entry is undeclared (its holds stay).
    event ClearanceWithdrawn(bytes32 indexed container, uint256 indexed caseId, address declarant);
    /// @notice The operator added a customs office (a department whose officers may hold containers).
    event CustomsOfficeAdded(bytes32 indexed office, uint8 index);
    /// @notice The operator enabled (or disabled) a participant role whose accounts release containers.
    event TerminalRoleSet(bytes32 indexed role, bool enabled);
    /// @notice A declarant declared the container; its clearance case is open.
    event ContainerDeclared(
        bytes32 indexed container,
        uint256 indexed caseId,
        address indexed declarant,
        bytes32 subject,
        bytes32 documentHash
    );
    /// @notice The approved clearance case was consumed.
    event ContainerCleared(bytes32 indexed container, uint256 indexed caseId, address declarant);
    /// @notice A customs office put a hold on the container: no terminal may release it.
    event HoldPlaced(bytes32 indexed container, bytes32 indexed office, address officer, bytes32 documentHash);
    /// @notice A hold was lifted: by its office, or (`caseId` non-zero) on an approved hold-lift case.
    event HoldLifted(
        bytes32 indexed container,
        bytes32 indexed office,
        uint256 caseId,
        address officer,
        bytes32 documentHash
    );
    /// @notice A customs officer opened a hold-lift case (the legal basis to lift `office`'s hold).
    event HoldLiftOpened(
        bytes32 indexed container,
        bytes32 indexed office,
        uint256 indexed caseId,
        bytes32 subject,
        address officer
    );
    /// @notice A terminal released the container.
    event ContainerReleased(
        bytes32 indexed container,
        bytes32 indexed terminalRole,
        address indexed terminal,
        bytes32 documentHash
    );

    /// @notice A wiring address or role is zero.
    error ContainerClearanceInvalidConfig();
    /// @notice The office is zero, not a registered department, already listed, or the list is full (`max`).
    error ContainerClearanceInvalidOffice(bytes32 office, uint256 max);
    /// @notice The department is not one of the customs offices.
    error ContainerClearanceNotCustomsOffice(bytes32 office);
    /// @notice The role is zero, or the terminal list is full (`max`).
    error ContainerClearanceInvalidTerminalRole(bytes32 role, uint256 max);
    /// @notice The role is not an enabled terminal role.
    error ContainerClearanceUnknownTerminal(bytes32 role);
    /// @notice The container id is zero or already declared.
    error ContainerClearanceExists(bytes32 container);
    /// @notice No container has this id.
    error ContainerClearanceUnknown(bytes32 container);
    /// @notice The container's status does not allow the action.
    error ContainerClearanceInvalidStatus(bytes32 container, ContainerStatus status);
    /// @notice The caller is not the container's declarant.
    error ContainerClearanceNotDeclarant(bytes32 container, address account);
    /// @notice `office` holds the container (the first of `holdMask`): no terminal may release it.
    error ContainerClearanceHeld(bytes32 container, bytes32 office, uint16 holdMask);
    /// @notice The office already holds the container.
    error ContainerClearanceAlreadyHeld(bytes32 container, bytes32 office);
    /// @notice The office holds no hold on the container.
    error ContainerClearanceNotHeld(bytes32 container, bytes32 office);
    /// @notice The container was already released (a release is recorded once).
    error ContainerClearanceAlreadyReleased(bytes32 container);
    /// @notice The consumed case is not the one expected.
    error ContainerClearanceCaseMismatch(uint256 caseId, bytes32 expected, bytes32 subject);

    /// @notice Adds a customs office (operator).
    function addCustomsOffice(bytes32 office) external;

    /// @notice Enables or disables a terminal role (operator).
    function setTerminalRole(bytes32 role, bool enabled) external;

    /// @notice Declares a container entry and opens its clearance case (an accredited declarant).
    function declare(bytes32 container, bytes32 documentHash) external returns (uint256 caseId);

    /// @notice Consumes the approved clearance case (the container's declarant, accredited now).
    function recordClearance(bytes32 container) external;

    /// @notice Resubmits the returned clearance case with the corrected declaration (its declarant, accredited now).
    function resubmitClearance(bytes32 container, bytes32 documentHash) external;

    /**
     * @notice Withdraws the open or returned clearance case (its declarant, accredited now): the entry is undeclared
     * and may be declared again; holds stay in force (a withdrawal never lifts a hold).
     */
    function withdrawClearance(bytes32 container, string calldata reason) external;

    /// @notice Puts `office`'s hold on the container (an officer of that customs office).
    function hold(bytes32 container, bytes32 office, bytes32 documentHash) external;

    /// @notice Lifts `office`'s hold (an officer of that same office).
    function liftHold(bytes32 container, bytes32 office, bytes32 documentHash) external;

    /// @notice Opens a hold-lift case for `office`'s hold (an officer of any customs office named as `by`).
    function openHoldLift(
        bytes32 container,
        bytes32 office,
        bytes32 by,
        bytes32 documentHash
    ) external returns (uint256 caseId);

    /// @notice Lifts `office`'s hold on an approved hold-lift case (an officer of any customs office, `by`).
    function executeHoldLift(
        bytes32 container,
        bytes32 office,
        bytes32 by,
        uint256 caseId,
        bytes32 documentHash
    ) external;

    /// @notice Releases a cleared container that nobody holds (an account accredited in `terminalRole`).
    function release(bytes32 container, bytes32 terminalRole, bytes32 documentHash) external;

    /// @notice The container entry (status None when unknown).
    function containerOf(bytes32 container) external view returns (ContainerView memory);

    /// @notice The customs offices holding the container, in office order.
    function holdsOf(bytes32 container) external view returns (bytes32[] memory offices);

    /// @notice The customs offices, in index order.
    function customsOffices() external view returns (bytes32[] memory);

    /// @notice Whether `role` is an enabled terminal role.
    function isTerminalRole(bytes32 role) external view returns (bool);

    /// @notice The wiring (implementation immutables): registry, workflow, declarant role, the two case types.
    function config() external view returns (Wiring memory);
}
