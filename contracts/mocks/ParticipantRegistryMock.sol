// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IParticipantRegistry} from "../access/IParticipantRegistry.sol";

/// @dev A stand-in for the participant registry in unit tests: anyone defines, accredits and revokes (no department
/// checks); `isAccredited` applies the window and the revocation like the real one.
contract ParticipantRegistryMock is IParticipantRegistry {
    mapping(bytes32 role => bytes32) public roleDepartment;
    mapping(bytes32 role => mapping(address account => Accreditation)) private _accreditations;
    mapping(bytes32 role => mapping(address account => bool)) private _granted;

    function defineRole(bytes32 role, bytes32 department) external {
        roleDepartment[role] = department;
        emit ParticipantRoleDefined(role, department);
    }

    function accredit(
        bytes32 role,
        address account,
        uint64 validFrom,
        uint64 validUntil,
        string calldata label
    ) external {
        _accreditations[role][account] = Accreditation(validFrom, validUntil, false);
        _granted[role][account] = true;
        emit ParticipantAccredited(role, account, roleDepartment[role], validFrom, validUntil, msg.sender, label);
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
        if (!_granted[role][account] || a.revoked || a.validFrom > block.timestamp) return false;
        return a.validUntil == 0 || a.validUntil >= block.timestamp;
    }

    function checkAccredited(bytes32 role, address account) external view {
        if (!isAccredited(role, account)) revert ParticipantRegistryNotAccredited(role, account);
    }
}
