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

    // keccak256(abi.encode(uint256(keccak256("govchain.storage.DepartmentGated")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x408174639d65145119542bb1b3b2cc65084adbc665e16043bd5b6350e6b2ff00;

    /// @notice The caller is not an officer of the department that owns the record.
    error DepartmentGatedUnauthorizedOfficer(bytes32 department, address account);
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

    /// @dev Reverts unless `account` is an officer of `department` right now (department active, role in effect).
    function _checkOfficer(bytes32 department, address account) internal view {
        if (!_getDepartmentGatedStorage().directory.isOfficer(department, account)) {
            revert DepartmentGatedUnauthorizedOfficer(department, account);
        }
    }

    /**
     * @dev The cached form of {_checkOfficer}'s rule, for hot paths that keep a department's officer role
     * (immutable in the directory) and its active flag (pushed by the directory through
     * {_departmentActiveChanged}) in a word they read anyway. The rule is the directory's: the department is
     * active and `account` holds its officer role now. Callers revert with {DepartmentGatedUnauthorizedOfficer}.
     */
    function _isOfficerCached(uint64 officerRole, bool departmentActive, address account) internal view returns (bool) {
        if (!departmentActive) return false;
        (bool isMember, ) = IAccessManager(authority()).hasRole(officerRole, account);
        return isMember;
    }

    function _getDepartmentGatedStorage() private pure returns (DepartmentGatedStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
