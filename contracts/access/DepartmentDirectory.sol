// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";

import {GovernedUpgradeable} from "./GovernedUpgradeable.sol";
import {GovRoles} from "./GovRoles.sol";
import {IDepartmentDirectory} from "./IDepartmentDirectory.sol";
import {IDepartmentListener} from "./IDepartmentListener.sol";

/**
 * @title DepartmentDirectory
 * @notice Departments, their AccessManager roles and their members; the emergency stop.
 * @dev The directory holds the AccessManager's ADMIN_ROLE so that it alone labels and grants
 * department roles (their role admin stays ADMIN_ROLE, so nobody can bypass the directory and
 * leave its member lists incomplete). It enforces the cross-department rule itself: a
 * department's admins manage that department's officers and no other's.
 */
contract DepartmentDirectory is GovernedUpgradeable, IDepartmentDirectory {
    using EnumerableSet for EnumerableSet.AddressSet;
    using EnumerableSet for EnumerableSet.Bytes32Set;

    /// @custom:storage-location erc7201:govchain.storage.DepartmentDirectory
    struct DepartmentDirectoryStorage {
        mapping(bytes32 code => Department) departments;
        EnumerableSet.Bytes32Set codes;
        mapping(bytes32 code => EnumerableSet.AddressSet) admins;
        mapping(bytes32 code => EnumerableSet.AddressSet) officers;
        uint32 adminGrantDelay;
        /// @dev Modules caching department activation; bounded by MAX_LISTENERS.
        EnumerableSet.AddressSet listeners;
    }

    /// @notice The most listeners the directory calls on (de)activation: a suite has a handful of modules.
    uint256 public constant MAX_LISTENERS = 16;

    // keccak256(abi.encode(uint256(keccak256("govchain.storage.DepartmentDirectory")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xd8db7d9ac7ede8739b7fb26c4be6f8e0820530dc8a72836ec3fdfba1e63caf00;

    /**
     * @notice Initializes the proxy.
     * @param authority The suite's AccessManager.
     * @param adminGrantDelay_ Seconds before a newly granted department admin can act.
     */
    function initialize(address authority, uint32 adminGrantDelay_) external initializer {
        __GovernedUpgradeable_init(authority);
        _getStorage().adminGrantDelay = adminGrantDelay_;
        emit AdminGrantDelaySet(adminGrantDelay_);
    }

    /// @inheritdoc IDepartmentDirectory
    function registerDepartment(
        bytes32 code,
        string calldata name,
        DepartmentKind kind
    ) external restricted returns (uint64 adminRole, uint64 officerRole) {
        if (code == bytes32(0)) revert DepartmentDirectoryInvalidCode();
        if (bytes(name).length == 0) revert DepartmentDirectoryEmptyName(code);
        DepartmentDirectoryStorage storage $ = _getStorage();
        if (!$.codes.add(code)) revert DepartmentDirectoryDuplicateCode(code);

        // Roles are allocated densely in registration order, two per department.
        adminRole = GovRoles.FIRST_DEPARTMENT_ROLE + uint64(($.codes.length() - 1) * 2);
        officerRole = adminRole + 1;
        $.departments[code] = Department(code, kind, true, adminRole, officerRole, name);

        IAccessManager manager = _manager();
        manager.labelRole(adminRole, string.concat(name, " admin"));
        manager.labelRole(officerRole, string.concat(name, " officer"));
        uint32 grantDelay = $.adminGrantDelay;
        manager.setGrantDelay(adminRole, grantDelay);
        emit DepartmentRegistered(code, name, kind, adminRole, officerRole, grantDelay, msg.sender);
    }

    /// @inheritdoc IDepartmentDirectory
    function setDepartmentActive(bytes32 code, bool active) external restricted {
        Department storage dept = _department(code);
        if (dept.active == active) revert DepartmentDirectoryActiveUnchanged(code, active);
        dept.active = active;
        if (active) emit DepartmentReactivated(code, msg.sender);
        else emit DepartmentDeactivated(code, msg.sender);
        address[] memory listeners = _getStorage().listeners.values();
        for (uint256 i = 0; i < listeners.length; i++) {
            IDepartmentListener(listeners[i]).departmentActiveChanged(code, active);
        }
    }

    /// @inheritdoc IDepartmentDirectory
    function setDepartmentListener(address listener, bool listening) external restricted {
        EnumerableSet.AddressSet storage listeners = _getStorage().listeners;
        bool changed = listener != address(0) && (listening ? listeners.add(listener) : listeners.remove(listener));
        if (!changed) revert DepartmentDirectoryListenerUnchanged(listener, listening);
        if (listeners.length() > MAX_LISTENERS) revert DepartmentDirectoryTooManyListeners(MAX_LISTENERS);
        emit DepartmentListenerSet(listener, listening, msg.sender);
    }

    /// @inheritdoc IDepartmentDirectory
    function grantDepartmentAdmin(bytes32 code, address account) external restricted {
        Department storage dept = _department(code);
        _addMember(_getStorage().admins[code], code, account);
        IAccessManager manager = _manager();
        manager.grantRole(dept.adminRole, account, 0);
        (uint48 since, , , ) = manager.getAccess(dept.adminRole, account);
        emit DepartmentAdminGranted(code, account, since, msg.sender);
    }

    /// @inheritdoc IDepartmentDirectory
    function revokeDepartmentAdmin(bytes32 code, address account) external restricted {
        Department storage dept = _department(code);
        _removeMember(_getStorage().admins[code], code, account);
        _manager().revokeRole(dept.adminRole, account);
        emit DepartmentAdminRevoked(code, account, msg.sender);
    }

    /// @inheritdoc IDepartmentDirectory
    /// @dev `restricted` too (PUBLIC in the permissions table) so that an emergency stop also halts it.
    function grantOfficer(bytes32 code, address account) external restricted {
        Department storage dept = _department(code);
        _checkDepartmentAdmin(dept, msg.sender);
        _addMember(_getStorage().officers[code], code, account);
        IAccessManager manager = _manager();
        manager.grantRole(dept.officerRole, account, 0);
        (uint48 since, , , ) = manager.getAccess(dept.officerRole, account);
        emit OfficerGranted(code, account, since, msg.sender);
    }

    /// @inheritdoc IDepartmentDirectory
    function revokeOfficer(bytes32 code, address account) external restricted {
        Department storage dept = _department(code);
        _checkDepartmentAdmin(dept, msg.sender);
        _removeMember(_getStorage().officers[code], code, account);
        _manager().revokeRole(dept.officerRole, account);
        emit OfficerRevoked(code, account, msg.sender);
    }

    /// @inheritdoc IDepartmentDirectory
    function setModuleClosed(address target, bool closed) external restricted {
        if (target == address(this) || target == authority() || target == address(0)) {
            revert DepartmentDirectoryInvalidTarget(target);
        }
        _manager().setTargetClosed(target, closed);
        emit ModuleClosedSet(target, closed, msg.sender);
    }

    /// @inheritdoc IDepartmentDirectory
    function department(bytes32 code) external view returns (Department memory) {
        return _department(code);
    }

    /// @inheritdoc IDepartmentDirectory
    function exists(bytes32 code) external view returns (bool) {
        return _getStorage().codes.contains(code);
    }

    /// @inheritdoc IDepartmentDirectory
    function isDeactivated(bytes32 code) external view returns (bool) {
        DepartmentDirectoryStorage storage $ = _getStorage();
        return $.codes.contains(code) && !$.departments[code].active;
    }

    /// @inheritdoc IDepartmentDirectory
    function departmentCodes() external view returns (bytes32[] memory) {
        return _getStorage().codes.values();
    }

    /// @inheritdoc IDepartmentDirectory
    function admins(bytes32 code) external view returns (address[] memory) {
        _department(code);
        return _getStorage().admins[code].values();
    }

    /// @inheritdoc IDepartmentDirectory
    function officers(bytes32 code) external view returns (address[] memory) {
        _department(code);
        return _getStorage().officers[code].values();
    }

    /// @inheritdoc IDepartmentDirectory
    function isOfficer(bytes32 code, address account) external view returns (bool) {
        Department storage dept = _getStorage().departments[code];
        return dept.active && _hasRoleNow(dept.officerRole, account);
    }

    /// @inheritdoc IDepartmentDirectory
    function isDepartmentAdmin(bytes32 code, address account) public view returns (bool) {
        Department storage dept = _getStorage().departments[code];
        return dept.active && _hasRoleNow(dept.adminRole, account);
    }

    /// @inheritdoc IDepartmentDirectory
    function departmentListeners() external view returns (address[] memory) {
        return _getStorage().listeners.values();
    }

    /// @inheritdoc IDepartmentDirectory
    function adminGrantDelay() external view returns (uint32) {
        return _getStorage().adminGrantDelay;
    }

    function _checkDepartmentAdmin(Department storage dept, address account) private view {
        if (!dept.active) revert DepartmentDirectoryInactiveDepartment(dept.code, account);
        if (!_hasRoleNow(dept.adminRole, account))
            revert DepartmentDirectoryUnauthorizedDepartmentAdmin(dept.code, account);
    }

    /// @dev An unregistered department's roles are 0 (ADMIN_ROLE), so callers must check `active` or existence first.
    function _hasRoleNow(uint64 roleId, address account) private view returns (bool isMember) {
        (isMember, ) = _manager().hasRole(roleId, account);
    }

    function _addMember(EnumerableSet.AddressSet storage members, bytes32 code, address account) private {
        if (account == address(0)) revert DepartmentDirectoryZeroAddress();
        if (!members.add(account)) revert DepartmentDirectoryAlreadyMember(code, account);
    }

    function _removeMember(EnumerableSet.AddressSet storage members, bytes32 code, address account) private {
        if (!members.remove(account)) revert DepartmentDirectoryNotMember(code, account);
    }

    function _department(bytes32 code) private view returns (Department storage dept) {
        dept = _getStorage().departments[code];
        if (dept.code == bytes32(0)) revert DepartmentDirectoryUnknownDepartment(code);
    }

    function _manager() private view returns (IAccessManager) {
        return IAccessManager(authority());
    }

    function _getStorage() private pure returns (DepartmentDirectoryStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
