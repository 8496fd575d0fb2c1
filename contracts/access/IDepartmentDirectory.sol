// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title IDepartmentDirectory
 * @notice The registry of the departments (and outside parties such as courts and banks) that
 * take part in the suite, their AccessManager roles and their members.
 * @dev OpenZeppelin's AccessManager cannot enumerate role members; the directory is the one
 * path through which department roles are granted, so its member lists stay complete.
 */
interface IDepartmentDirectory {
    /// @notice What kind of party a department is; modules use it for rules such as "only a court may freeze".
    enum DepartmentKind {
        Government,
        Court,
        Bank,
        Other
    }

    /// @notice A department as stored on chain.
    /// @dev `code` is a short upper-case ASCII code (`TAX`) right-padded into bytes32.
    struct Department {
        bytes32 code;
        DepartmentKind kind;
        bool active;
        uint64 adminRole;
        uint64 officerRole;
        string name;
    }

    /// @notice A department was registered (active) with its two AccessManager roles; its admin role got
    /// `adminGrantDelay` seconds of grant delay. Every field of {Department} is here: events alone rebuild it.
    event DepartmentRegistered(
        bytes32 indexed code,
        string name,
        DepartmentKind kind,
        uint64 adminRole,
        uint64 officerRole,
        uint32 adminGrantDelay,
        address indexed actor
    );
    /// @notice The delay before a newly granted department admin can act was set (at initialization).
    event AdminGrantDelaySet(uint32 adminGrantDelay);
    /// @notice A department was deactivated: its officers can no longer act in any module.
    event DepartmentDeactivated(bytes32 indexed code, address indexed actor);
    /// @notice A deactivated department was reactivated.
    event DepartmentReactivated(bytes32 indexed code, address indexed actor);
    /// @notice An account was made a department admin; it can act from `since` (the admin grant delay).
    event DepartmentAdminGranted(bytes32 indexed code, address indexed account, uint48 since, address indexed actor);
    /// @notice An account stopped being a department admin.
    event DepartmentAdminRevoked(bytes32 indexed code, address indexed account, address indexed actor);
    /// @notice An account was made an officer of a department; its role took effect at `since` (a quorum counts
    /// only officers appointed before the case was opened, see the workflow).
    event OfficerGranted(bytes32 indexed code, address indexed account, uint48 since, address indexed actor);
    /// @notice An account stopped being an officer of a department.
    event OfficerRevoked(bytes32 indexed code, address indexed account, address indexed actor);
    /// @notice A module started (or stopped) being told of department activation changes.
    event DepartmentListenerSet(address indexed listener, bool listening, address indexed actor);
    /// @notice The operator closed a suite contract (emergency stop) or reopened it.
    event ModuleClosedSet(address indexed target, bool closed, address indexed actor);

    /// @notice The department code is empty (zero).
    error DepartmentDirectoryInvalidCode();
    /// @notice The department name is empty.
    error DepartmentDirectoryEmptyName(bytes32 code);
    /// @notice A department with this code already exists.
    error DepartmentDirectoryDuplicateCode(bytes32 code);
    /// @notice No department has this code.
    error DepartmentDirectoryUnknownDepartment(bytes32 code);
    /// @notice The department is already in the requested active state.
    error DepartmentDirectoryActiveUnchanged(bytes32 code, bool active);
    /// @notice The caller is not an admin of the department whose officers it tried to manage (the department is active).
    error DepartmentDirectoryUnauthorizedDepartmentAdmin(bytes32 code, address account);
    /// @notice The department is deactivated: its admins (here `account`) cannot manage its officers.
    error DepartmentDirectoryInactiveDepartment(bytes32 code, address account);
    /// @notice The zero address cannot be a member.
    error DepartmentDirectoryZeroAddress();
    /// @notice The account already holds this department role.
    error DepartmentDirectoryAlreadyMember(bytes32 code, address account);
    /// @notice The account does not hold this department role.
    error DepartmentDirectoryNotMember(bytes32 code, address account);
    /// @notice The listener is already in the requested state, or is the zero address.
    error DepartmentDirectoryListenerUnchanged(address listener, bool listening);
    /// @notice No more listeners can be added (the bound keeps deactivation's gas bounded).
    error DepartmentDirectoryTooManyListeners(uint256 max);
    /// @notice The directory and the AccessManager cannot be closed: nothing could reopen them.
    error DepartmentDirectoryInvalidTarget(address target);

    /**
     * @notice Registers a department and allocates its admin and officer roles in the AccessManager.
     * @dev Restricted to the platform operator. The admin role gets the configured grant delay.
     * @return adminRole The new department admin role id.
     * @return officerRole The new department officer role id.
     */
    function registerDepartment(
        bytes32 code,
        string calldata name,
        DepartmentKind kind
    ) external returns (uint64 adminRole, uint64 officerRole);

    /// @notice Deactivates or reactivates a department, telling every listener in the same transaction. Operator only.
    function setDepartmentActive(bytes32 code, bool active) external;

    /// @notice Adds (or removes) a module told of department activation changes. Operator only.
    function setDepartmentListener(address listener, bool listening) external;

    /// @notice Grants the department admin role; it takes effect after the admin grant delay. Operator only.
    function grantDepartmentAdmin(bytes32 code, address account) external;

    /// @notice Revokes the department admin role at once. Operator only.
    function revokeDepartmentAdmin(bytes32 code, address account) external;

    /// @notice Grants the officer role of `code`. Only an admin of that same department may call it.
    function grantOfficer(bytes32 code, address account) external;

    /// @notice Revokes the officer role of `code`. Only an admin of that same department may call it.
    function revokeOfficer(bytes32 code, address account) external;

    /// @notice Closes (emergency stop) or reopens a suite contract: its restricted functions revert while closed.
    function setModuleClosed(address target, bool closed) external;

    /// @notice The department registered under `code`; reverts for an unknown code.
    function department(bytes32 code) external view returns (Department memory);

    /// @notice Whether a department is registered under `code`.
    function exists(bytes32 code) external view returns (bool);

    /// @notice Whether `code` is a registered department that is deactivated now (false for an unknown code).
    function isDeactivated(bytes32 code) external view returns (bool);

    /// @notice All department codes, in registration order.
    function departmentCodes() external view returns (bytes32[] memory);

    /// @notice The accounts that were granted the department's admin role (including those still in their grant delay).
    function admins(bytes32 code) external view returns (address[] memory);

    /// @notice The accounts holding the department's officer role.
    function officers(bytes32 code) external view returns (address[] memory);

    /// @notice Whether `account` may act as an officer of `code` now: the department is active and the role is in effect.
    function isOfficer(bytes32 code, address account) external view returns (bool);

    /// @notice Whether `account` may act as an admin of `code` now (grant delay passed, department active).
    function isDepartmentAdmin(bytes32 code, address account) external view returns (bool);

    /// @notice The modules told of department activation changes.
    function departmentListeners() external view returns (address[] memory);

    /// @notice The delay, in seconds, before a new department admin can act.
    function adminGrantDelay() external view returns (uint32);
}
