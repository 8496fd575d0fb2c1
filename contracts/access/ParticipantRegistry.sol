// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DepartmentGated} from "./DepartmentGated.sol";
import {IDepartmentDirectory} from "./IDepartmentDirectory.sol";
import {IParticipantRegistry} from "./IParticipantRegistry.sol";

/**
 * @title ParticipantRegistry
 * @notice The accreditations of organisations that act without being departments (see {IParticipantRegistry}).
 * @dev A directory listener: each role caches its department's active flag, pushed by the directory in the
 * (de)activating transaction, so that {isAccredited}, asked on other modules' hot paths, reads two slots and
 * never the directory.
 */
contract ParticipantRegistry is DepartmentGated, IParticipantRegistry {
    struct Role {
        bytes32 department;
        bool defined;
        bool departmentActive;
    }

    /// @custom:storage-location erc7201:govchain.storage.ParticipantRegistry
    struct ParticipantRegistryStorage {
        mapping(bytes32 role => Role) roles;
        /// @dev The roles each department owns, to update their cached active flag on (de)activation.
        mapping(bytes32 department => bytes32[]) rolesOf;
        mapping(bytes32 role => mapping(address account => Accreditation)) accreditations;
    }

    // keccak256(abi.encode(uint256(keccak256("govchain.storage.ParticipantRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xbedf1a565983fe47a3964c01f27f0c84c4bc5615e1588bc5799b4555c7ef6700;

    /**
     * @notice Initializes the proxy.
     * @param authority The suite's AccessManager.
     * @param directory_ The department directory.
     */
    function initialize(address authority, IDepartmentDirectory directory_) external initializer {
        __DepartmentGated_init(authority, directory_);
    }

    /// @inheritdoc IParticipantRegistry
    function defineRole(bytes32 role, bytes32 department) external restricted {
        ParticipantRegistryStorage storage $ = _getStorage();
        if ($.roles[role].defined) revert ParticipantRegistryRoleExists(role);
        IDepartmentDirectory directory_ = directory();
        if (role == bytes32(0) || department == bytes32(0) || !directory_.exists(department)) {
            revert ParticipantRegistryInvalidRole(role, department);
        }
        $.roles[role] = Role(department, true, !directory_.isDeactivated(department));
        $.rolesOf[department].push(role);
        emit ParticipantRoleDefined(role, department);
    }

    /// @inheritdoc IParticipantRegistry
    function accredit(
        bytes32 role,
        address account,
        uint64 validFrom,
        uint64 validUntil,
        string calldata label
    ) external restricted {
        bytes32 department = _roleDepartmentChecked(role);
        if (validFrom == 0) validFrom = uint64(block.timestamp);
        if (account == address(0) || (validUntil != 0 && (validUntil <= validFrom || validUntil <= block.timestamp))) {
            revert ParticipantRegistryInvalidAccreditation(role, account, validFrom, validUntil);
        }
        _getStorage().accreditations[role][account] = Accreditation(validFrom, validUntil, false);
        emit ParticipantAccredited(role, account, department, validFrom, validUntil, msg.sender, label);
    }

    /// @inheritdoc IParticipantRegistry
    function revokeAccreditation(bytes32 role, address account, bytes32 reason) external restricted {
        bytes32 department = _roleDepartmentChecked(role);
        Accreditation storage record = _getStorage().accreditations[role][account];
        if (record.validFrom == 0 || record.revoked) revert ParticipantRegistryNotAccredited(role, account);
        record.revoked = true;
        emit ParticipantAccreditationRevoked(role, account, department, msg.sender, reason);
    }

    /// @inheritdoc IParticipantRegistry
    function roleDepartment(bytes32 role) external view returns (bytes32) {
        return _getStorage().roles[role].department;
    }

    /// @inheritdoc IParticipantRegistry
    function accreditation(bytes32 role, address account) external view returns (Accreditation memory) {
        return _getStorage().accreditations[role][account];
    }

    /// @inheritdoc IParticipantRegistry
    function isAccredited(bytes32 role, address account) public view returns (bool) {
        ParticipantRegistryStorage storage $ = _getStorage();
        if (!$.roles[role].departmentActive) return false;
        Accreditation memory record = $.accreditations[role][account];
        return
            record.validFrom != 0 &&
            !record.revoked &&
            record.validFrom <= block.timestamp &&
            (record.validUntil == 0 || block.timestamp < record.validUntil);
    }

    /// @inheritdoc IParticipantRegistry
    function checkAccredited(bytes32 role, address account) external view {
        if (!isAccredited(role, account)) revert ParticipantRegistryNotAccredited(role, account);
    }

    /// @dev The directory reports a department's (de)activation: its roles' accreditations stop (or resume) counting.
    function _departmentActiveChanged(bytes32 department, bool active) internal override {
        ParticipantRegistryStorage storage $ = _getStorage();
        bytes32[] storage owned = $.rolesOf[department];
        uint256 count = owned.length;
        for (uint256 i = 0; i < count; i++) $.roles[owned[i]].departmentActive = active;
    }

    /// @dev The role's department, after checking that the caller is one of its officers now (the one rule for
    /// accrediting and revoking).
    function _roleDepartmentChecked(bytes32 role) private view returns (bytes32 department) {
        Role storage config = _getStorage().roles[role];
        if (!config.defined) revert ParticipantRegistryUnknownRole(role);
        department = config.department;
        _checkOfficer(department, msg.sender);
    }

    function _getStorage() private pure returns (ParticipantRegistryStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
