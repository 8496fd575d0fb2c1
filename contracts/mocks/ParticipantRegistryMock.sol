// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IParticipantRegistry} from "../access/IParticipantRegistry.sol";

/// @dev A stand-in for the participant registry in unit tests: anyone defines roles and accredits; the rule of
/// {isAccredited} is the interface's (window, revocation), without the owning department's active flag.
contract ParticipantRegistryMock is IParticipantRegistry {
    mapping(bytes32 role => bytes32) public roleDepartment;
    mapping(bytes32 role => mapping(address => Accreditation)) private _accreditations;

    function defineRole(bytes32 role, bytes32 department) external {
        if (roleDepartment[role] != bytes32(0)) revert ParticipantRegistryRoleExists(role);
        roleDepartment[role] = department;
        emit ParticipantRoleDefined(role, department);
    }

    function accredit(bytes32 role, address account, uint64 validFrom, uint64 validUntil, string calldata label) external {
        if (roleDepartment[role] == bytes32(0)) revert ParticipantRegistryUnknownRole(role);
        uint64 from = validFrom == 0 ? uint64(block.timestamp) : validFrom;
        _accreditations[role][account] = Accreditation(from, validUntil, false);
        emit ParticipantAccredited(role, account, roleDepartment[role], from, validUntil, msg.sender, label);
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
            (a.validUntil == 0 || block.timestamp < a.validUntil);
    }

    function checkAccredited(bytes32 role, address account) external view {
        if (!isAccredited(role, account)) revert ParticipantRegistryNotAccredited(role, account);
    }
}
