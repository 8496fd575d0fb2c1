// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";

import {GovernedUpgradeable} from "./GovernedUpgradeable.sol";
import {IDepartmentDirectory} from "./IDepartmentDirectory.sol";
import {IDepartmentListener} from "./IDepartmentListener.sol";

/**
 * @title DepartmentGated
 * @notice Base of the suite's modules whose rules depend on the caller's department
 * ("only TAX may record deed-tax clearance"): it links the module to the directory and
 * checks department membership in one place.
 * @dev A module's department-scoped functions are mapped to PUBLIC in the permissions table
 * (so the AccessManager's emergency stop still applies through `restricted`) and call
 * {_checkOfficer} for the record's department.
 */
abstract contract DepartmentGated is GovernedUpgradeable, IDepartmentListener {
    /// @custom:storage-location erc7201:govchain.storage.DepartmentGated
    struct DepartmentGatedStorage {
        IDepartmentDirectory directory;
    }

    // keccak256(abi.encode(uint256(keccak256("govchain.storage.DepartmentGated")) - 1)) & ~bytes32(uint256(0xff));
    // its own name: the modules that inherit this base declare their own STORAGE_LOCATION (Slither: shadowing-state)
    bytes32 private constant GATED_STORAGE_LOCATION =
        0x408174639d65145119542bb1b3b2cc65084adbc665e16043bd5b6350e6b2ff00;

    /// @notice The caller is not an officer of the department that owns the record (the department is active).
    error DepartmentGatedUnauthorizedOfficer(bytes32 department, address account);
    /// @notice The department is deactivated in the directory: none of its officers (here `account`) may act.
    error DepartmentGatedInactiveDepartment(bytes32 department, address account);
    /// @notice The directory address is zero.
    error DepartmentGatedZeroDirectory();
    /// @notice Only the department directory may report department activation changes.
    error DepartmentGatedUnauthorizedDirectory(address caller);

    // solhint-disable-next-line func-name-mixedcase
    function __DepartmentGated_init(address authority, IDepartmentDirectory directory_) internal onlyInitializing {
        __GovernedUpgradeable_init(authority);
        if (address(directory_) == address(0)) revert DepartmentGatedZeroDirectory();
        _getDepartmentGatedStorage().directory = directory_;
    }

    /// @notice The department directory this module checks callers against.
    function directory() public view returns (IDepartmentDirectory) {
        return _getDepartmentGatedStorage().directory;
    }

    /// @inheritdoc IDepartmentListener
    /// @dev Not `restricted`: the directory calls it from `setDepartmentActive` and nobody else may.
    function departmentActiveChanged(bytes32 department, bool active) external {
        if (msg.sender != address(_getDepartmentGatedStorage().directory)) {
            revert DepartmentGatedUnauthorizedDirectory(msg.sender);
        }
        _departmentActiveChanged(department, active);
    }

    /// @dev Hook for modules that cache a department's active flag; they must also be registered
    /// with {IDepartmentDirectory-setDepartmentListener} (their deploy module does it).
    function _departmentActiveChanged(bytes32 department, bool active) internal virtual {}

    /**
     * @dev The live form of the officer rule: reverts unless `account` is an officer of `department` right now
     * (department active, role in effect), asking the directory. Reverts with
     * {DepartmentGatedInactiveDepartment} when the department is deactivated, {DepartmentGatedUnauthorizedOfficer}
     * otherwise.
     */
    function _checkOfficer(bytes32 department, address account) internal view {
        IDepartmentDirectory dir = _getDepartmentGatedStorage().directory;
        if (!dir.isOfficer(department, account)) {
            _revertIfDeactivated(department, account);
            revert DepartmentGatedUnauthorizedOfficer(department, account);
        }
    }

    /**
     * @dev The cached form of {_checkOfficer}'s rule, for hot paths that keep a department's officer role
     * (immutable in the directory) and its active flag (pushed by the directory through
     * {_departmentActiveChanged}) in a word they read anyway. The rule is the directory's: the department is
     * active and `account` holds its officer role now.
     */
    function _isOfficerCached(uint64 officerRole, bool departmentActive, address account) internal view returns (bool) {
        return _officerSinceCached(officerRole, departmentActive, account) != 0;
    }

    /**
     * @dev {_isOfficerCached} that reverts like {_checkOfficer} and returns when `account`'s officer role took
     * effect (a revoked and re-granted officer has a new `since`), for rules about appointment time.
     */
    function _checkOfficerCached(
        bytes32 department,
        uint64 officerRole,
        bool departmentActive,
        address account
    ) internal view returns (uint48 since) {
        since = _officerSinceCached(officerRole, departmentActive, account);
        if (since == 0) _revertNotOfficer(department, account, departmentActive);
    }

    /// @dev The one place the officer rule reads the AccessManager: 0 unless the department is active and the
    /// role is in effect now; otherwise the time the role took effect.
    function _officerSinceCached(
        uint64 officerRole,
        bool departmentActive,
        address account
    ) private view returns (uint48 since) {
        if (!departmentActive) return 0;
        (since, , , ) = IAccessManager(authority()).getAccess(officerRole, account);
        if (since > block.timestamp) return 0;
    }

    /**
     * @dev For the failure path of a live check (officer, admin, approver): a deactivated `department` is named as
     * such ({DepartmentGatedInactiveDepartment}), so that the caller learns the cause; returns otherwise.
     */
    function _revertIfDeactivated(bytes32 department, address account) internal view {
        if (_getDepartmentGatedStorage().directory.isDeactivated(department)) {
            revert DepartmentGatedInactiveDepartment(department, account);
        }
    }

    /// @dev The officer rule's one way to fail: a deactivated department is named as such, anything else is "not an officer".
    function _revertNotOfficer(bytes32 department, address account, bool departmentActive) internal pure {
        if (!departmentActive) revert DepartmentGatedInactiveDepartment(department, account);
        revert DepartmentGatedUnauthorizedOfficer(department, account);
    }

    function _getDepartmentGatedStorage() private pure returns (DepartmentGatedStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := GATED_STORAGE_LOCATION
        }
    }
}
