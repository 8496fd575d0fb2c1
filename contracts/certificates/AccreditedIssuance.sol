// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DepartmentGated} from "../access/DepartmentGated.sol";
import {IDepartmentDirectory} from "../access/IDepartmentDirectory.sol";
import {IParticipantRegistry} from "../access/IParticipantRegistry.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";
import {IAccreditedIssuance} from "./IAccreditedIssuance.sol";

/**
 * @title AccreditedIssuance
 * @notice Issuance of contract-managed certificate types by accredited participants (see {IAccreditedIssuance}).
 * @dev A separate contract because the certificate registry is at the EIP-170 size limit: the registry only
 * learnt {ICertificateIssuer-issueBatchFor}; accreditation lives here and in the participant registry.
 * One slot per certificate (the issuer), keyed like the registry's records by (type, hash).
 */
contract AccreditedIssuance is DepartmentGated, IAccreditedIssuance {
    /// @custom:storage-location erc7201:govchain.storage.AccreditedIssuance
    struct AccreditedIssuanceStorage {
        ICertificateRegistry certificates;
        IParticipantRegistry participants;
        mapping(bytes32 certType => bytes32 role) roles;
        /// @dev Keyed by keccak256(type, hash or root).
        mapping(bytes32 id => address issuer) issuers;
    }

    // keccak256(abi.encode(uint256(keccak256("govchain.storage.AccreditedIssuance")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x666ec74feda5ff353df997a3bda6d2aa3b7a8bb5f0ec62ab85210ed86b8e5500;

    /**
     * @notice Initializes the proxy.
     * @param authority The suite's AccessManager.
     * @param directory_ The department directory (for officers revoking).
     * @param certificates_ The certificate registry (this contract is the authorised issuer of its types).
     * @param participants_ The participant registry (accreditation).
     */
    function initialize(
        address authority,
        IDepartmentDirectory directory_,
        ICertificateRegistry certificates_,
        IParticipantRegistry participants_
    ) external initializer {
        __DepartmentGated_init(authority, directory_);
        if (address(certificates_) == address(0) || address(participants_) == address(0)) {
            revert AccreditedIssuanceZeroAddress();
        }
        AccreditedIssuanceStorage storage $ = _getStorage();
        $.certificates = certificates_;
        $.participants = participants_;
    }

    /// @inheritdoc IAccreditedIssuance
    function setIssuerRole(bytes32 certType, bytes32 role) external restricted {
        AccreditedIssuanceStorage storage $ = _getStorage();
        if (role != bytes32(0)) {
            // Reverts for an unknown type; a role of another department would let it accredit this type's issuers.
            bytes32 typeDepartment = $.certificates.certificateType(certType).department;
            bytes32 roleDepartment = $.participants.roleDepartment(role);
            if (roleDepartment == bytes32(0) || roleDepartment != typeDepartment) {
                revert AccreditedIssuanceRoleMismatch(certType, role, roleDepartment, typeDepartment);
            }
        }
        $.roles[certType] = role;
        emit IssuerRoleSet(certType, role, msg.sender);
    }

    /// @inheritdoc IAccreditedIssuance
    function issue(
        bytes32 certType,
        bytes32 certHash,
        bytes32 subject,
        uint64 validFrom,
        uint64 validUntil
    ) external restricted {
        _record(certType, certHash, false);
        _getStorage().certificates.issueFor(certType, certHash, subject, validFrom, validUntil, bytes32(0));
    }

    /// @inheritdoc IAccreditedIssuance
    function issueBatch(
        bytes32 certType,
        bytes32 root,
        uint256 count,
        uint64 validFrom,
        uint64 validUntil
    ) external restricted {
        _record(certType, root, true);
        _getStorage().certificates.issueBatchFor(certType, root, count, validFrom, validUntil);
    }

    /// @inheritdoc IAccreditedIssuance
    function revoke(bytes32 certType, bytes32 certHash, uint16 reason) external restricted {
        AccreditedIssuanceStorage storage $ = _getStorage();
        address issuer = $.issuers[_id(certType, certHash)];
        if (issuer == address(0)) revert AccreditedIssuanceUnknownCertificate(certType, certHash);
        bytes32 role = _roleOf(certType);
        if (msg.sender == issuer) {
            $.participants.checkAccredited(role, msg.sender);
        } else {
            _checkOfficer($.participants.roleDepartment(role), msg.sender);
        }
        $.certificates.revokeFor(certType, certHash, reason);
        emit AccreditedRevoked(certType, certHash, msg.sender, reason);
    }

    /// @inheritdoc IAccreditedIssuance
    function issuerRole(bytes32 certType) external view returns (bytes32) {
        return _getStorage().roles[certType];
    }

    /// @inheritdoc IAccreditedIssuance
    function issuerOf(bytes32 certType, bytes32 certHash) external view returns (address) {
        return _getStorage().issuers[_id(certType, certHash)];
    }

    /// @notice The certificate and participant registries this contract joins.
    function registries() external view returns (ICertificateRegistry certificates, IParticipantRegistry participants) {
        AccreditedIssuanceStorage storage $ = _getStorage();
        return ($.certificates, $.participants);
    }

    /// @dev Checks the caller's accreditation in the type's role now and records it as the issuer. The registry
    /// refuses a (type, hash) issued before, so the record is never overwritten by a successful call.
    function _record(bytes32 certType, bytes32 certHash, bool batch) private {
        AccreditedIssuanceStorage storage $ = _getStorage();
        bytes32 role = _roleOf(certType);
        $.participants.checkAccredited(role, msg.sender);
        $.issuers[_id(certType, certHash)] = msg.sender;
        emit AccreditedIssued(certType, certHash, msg.sender, role, batch);
    }

    function _roleOf(bytes32 certType) private view returns (bytes32 role) {
        role = _getStorage().roles[certType];
        if (role == bytes32(0)) revert AccreditedIssuanceUnknownType(certType);
    }

    function _id(bytes32 certType, bytes32 certHash) private pure returns (bytes32) {
        return keccak256(abi.encode(certType, certHash));
    }

    function _getStorage() private pure returns (AccreditedIssuanceStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
