// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IDepartmentDirectory} from "../access/IDepartmentDirectory.sol";
import {IParticipantRegistry} from "../access/IParticipantRegistry.sol";

/// @dev A stand-in for the participant registry in unit tests: the interface's rule (window, revocation, owning
/// department active in the directory), no officer checks.
contract ParticipantRegistryMock is IParticipantRegistry {
    IDepartmentDirectory public immutable directory;
    mapping(bytes32 role => bytes32 department) public roleDepartment;
    mapping(bytes32 role => mapping(address account => Accreditation)) private _accreditations;

    constructor(IDepartmentDirectory directory_) {
        directory = directory_;
    }

    function defineRole(bytes32 role, bytes32 department) external {
        if (roleDepartment[role] != bytes32(0)) revert ParticipantRegistryRoleExists(role);
        roleDepartment[role] = department;
        emit ParticipantRoleDefined(role, department);
    }

    function accredit(bytes32 role, address account, uint64 validFrom, uint64 validUntil, string calldata label) external {
        bytes32 department = roleDepartment[role];
        if (department == bytes32(0)) revert ParticipantRegistryUnknownRole(role);
        if (validFrom == 0) validFrom = uint64(block.timestamp);
        _accreditations[role][account] = Accreditation(validFrom, validUntil, false);
        emit ParticipantAccredited(role, account, department, validFrom, validUntil, msg.sender, label);
    }

    function revokeAccreditation(bytes32 role, address account, bytes32 reason) external {
        _accreditations[role][account].revoked = true;
        emit ParticipantAccreditationRevoked(role, account, roleDepartment[role], msg.sender, reason);
    }

    function accreditation(bytes32 role, address account) external view returns (Accreditation memory) {
        return _accreditations[role][account];
    }

    function isAccredited(bytes32 role, address account) public view returns (bool) {
        Accreditation memory a = _accreditations[role][account];
        return
            a.validFrom != 0 &&
            !a.revoked &&
            a.validFrom <= block.timestamp &&
            (a.validUntil == 0 || block.timestamp < a.validUntil) &&
            !directory.isDeactivated(roleDepartment[role]);
    }

    function checkAccredited(bytes32 role, address account) external view {
        if (!isAccredited(role, account)) revert ParticipantRegistryNotAccredited(role, account);
    }
}
