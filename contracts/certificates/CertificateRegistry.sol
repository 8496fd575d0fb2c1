// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {NoncesUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/NoncesUpgradeable.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

import {DepartmentGated} from "../access/DepartmentGated.sol";
import {IDepartmentDirectory} from "../access/IDepartmentDirectory.sol";
import {ICertificateIssuer} from "./ICertificateIssuer.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";

/**
 * @title CertificateRegistry
 * @notice Electronic licences and certificates (see {ICertificateRegistry}).
 * @dev Gas is the product here. A certificate, a batch, and a leaf override each take exactly
 * one storage slot ({Record}); subject, department and actor live in the events, the document's
 * content in its hash. Department checks go through the directory on every call so that a
 * deactivated department or a revoked officer stops at once.
 */
contract CertificateRegistry is DepartmentGated, EIP712Upgradeable, NoncesUpgradeable, ICertificateRegistry {
    /// @dev Stored states of a {Record}. `Expired`/`NotYetValid` are computed, never stored.
    uint8 private constant NONE = 0;
    uint8 private constant ACTIVE = 1;
    uint8 private constant SUSPENDED = 2;
    uint8 private constant REVOKED = 3;
    uint8 private constant SUPERSEDED = 4;

    /// @dev Reason code recorded when a supersession ends a certificate.
    uint16 private constant REASON_SUPERSEDED = 1;

    bytes32 private constant ISSUE_TYPEHASH = keccak256(
        "IssueRequest(bytes32 certType,bytes32 certHash,bytes32 subject,uint64 validFrom,uint64 validUntil,address signer,uint256 nonce,uint256 deadline)"
    );

    /**
     * @dev One slot per certificate, batch or leaf override (200 of 256 bits): the state, the
     * validity window, when it was issued and when the state last changed (for "status at T"),
     * and the type by index (its department is one more lookup, paid only by status changes).
     * Times are uint40 seconds (good until year 36812).
     */
    struct Record {
        uint8 state;
        uint40 validFrom;
        uint40 validUntil;
        uint40 issuedAt;
        uint40 changedAt;
        uint32 typeIndex;
    }

    /**
     * @dev One slot: everything an issuance or a status change checks. The department's officer
     * role id is immutable in the directory, so it is cached here; the department's active flag is
     * cached too, updated by the directory in the same transaction that (de)activates the department. Officer membership itself is read live from the
     * AccessManager, so a revoked officer stops at once. Kept twice (by type id for issuance, by
     * index for status changes, whose record holds only the index) and always written together.
     */
    struct TypeConfig {
        uint64 officerRole;
        uint64 maxValidity;
        uint32 index;
        bool active;
        bool renewable;
        bool suspendable;
    }

    /// @custom:storage-location erc7201:govchain.storage.CertificateRegistry
    struct CertificateRegistryStorage {
        mapping(bytes32 certType => TypeConfig) types;
        mapping(uint32 index => TypeConfig) typesByIndex;
        mapping(uint32 index => bytes32 certType) typeAt;
        mapping(bytes32 certType => bytes32 department) departmentOf;
        /// @dev Bounded by the number of types a department owns (a handful); walked only when the directory reports a (de)activation.
        mapping(bytes32 department => bytes32[] certTypes) typesOf;
        uint32 typeCount;
        mapping(bytes32 certType => mapping(address issuer => bool)) issuers;
        mapping(bytes32 certHash => Record) certificates;
        mapping(bytes32 root => Record) batches;
        /// @dev Per-leaf overrides, keyed by root and leaf: revoking a leaf in one batch never touches another.
        mapping(bytes32 root => mapping(bytes32 certHash => Record)) leaves;
        mapping(bytes32 certHash => bytes32 successor) supersededBy;
    }

    // keccak256(abi.encode(uint256(keccak256("govchain.storage.CertificateRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x9c49ab578574b04779e6f2647b8e21503a3a981898c2d04554981eb7e93b2800;

    /**
     * @notice Initializes the proxy.
     * @param authority The suite's AccessManager.
     * @param directory_ The department directory.
     */
    function initialize(address authority, IDepartmentDirectory directory_) external initializer {
        __DepartmentGated_init(authority, directory_);
        __EIP712_init("govchain CertificateRegistry", "1");
        __Nonces_init();
    }

    // ── operator ──────────────────────────────────────────────────────────────

    /// @inheritdoc ICertificateRegistry
    function registerType(
        bytes32 certType,
        bytes32 department,
        uint64 maxValidity,
        bool renewable,
        bool suspendable
    ) external restricted {
        if (certType == bytes32(0)) revert CertificateRegistryInvalidType();
        CertificateRegistryStorage storage $ = _getStorage();
        if ($.types[certType].index != 0) revert CertificateRegistryTypeExists(certType);
        IDepartmentDirectory directory_ = directory();
        if (!directory_.exists(department)) revert CertificateRegistryUnknownDepartment(department);
        IDepartmentDirectory.Department memory dept = directory_.department(department);
        uint32 index = ++$.typeCount;
        TypeConfig memory config = TypeConfig(
            dept.officerRole,
            maxValidity,
            index,
            dept.active,
            renewable,
            suspendable
        );
        $.types[certType] = config;
        $.typesByIndex[index] = config;
        $.typeAt[index] = certType;
        $.departmentOf[certType] = department;
        $.typesOf[department].push(certType);
        emit CertificateTypeRegistered(certType, department, maxValidity, renewable, suspendable, msg.sender);
    }

    /// @dev The directory reports a department's (de)activation in the same transaction: the
    /// cached flag of each of its types follows.
    function _departmentActiveChanged(bytes32 department, bool active) internal override {
        CertificateRegistryStorage storage $ = _getStorage();
        bytes32[] storage certTypes = $.typesOf[department];
        for (uint256 i = 0; i < certTypes.length; i++) {
            TypeConfig storage config = $.types[certTypes[i]];
            config.active = active;
            $.typesByIndex[config.index].active = active;
        }
        emit DepartmentSynced(department, active, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function setIssuerAuthorised(bytes32 certType, address issuer, bool authorised) external restricted {
        _type(certType);
        if (issuer == address(0)) revert CertificateRegistryZeroAddress();
        _getStorage().issuers[certType][issuer] = authorised;
        emit IssuerAuthorisationSet(certType, issuer, authorised, msg.sender);
    }

    // ── issuance ──────────────────────────────────────────────────────────────

    /// @inheritdoc ICertificateRegistry
    function issue(
        bytes32 certType,
        bytes32 certHash,
        bytes32 subject,
        uint64 validFrom,
        uint64 validUntil
    ) external restricted {
        TypeConfig memory config = _type(certType);
        _checkTypeOfficer(config, msg.sender);
        _issue(config, certType, certHash, subject, validFrom, validUntil, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function issueBatch(
        bytes32 certType,
        bytes32 root,
        uint256 count,
        uint64 validFrom,
        uint64 validUntil
    ) external restricted {
        TypeConfig memory config = _type(certType);
        _checkTypeOfficer(config, msg.sender);
        if (count == 0) revert CertificateRegistryEmptyBatch();
        _create(_getStorage().batches, config, root, validFrom, validUntil);
        emit BatchIssued(root, certType, count, validFrom, validUntil, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function issueWithSignature(IssueRequest calldata request, bytes calldata signature) external restricted {
        if (block.timestamp > request.deadline) revert CertificateRegistryExpiredSignature(request.deadline);
        bytes32 digest = _hashTypedDataV4(
            keccak256(
                abi.encode(
                    ISSUE_TYPEHASH,
                    request.certType,
                    request.certHash,
                    request.subject,
                    request.validFrom,
                    request.validUntil,
                    request.signer,
                    request.nonce,
                    request.deadline
                )
            )
        );
        address recovered = ECDSA.recover(digest, signature);
        if (recovered != request.signer) revert CertificateRegistryInvalidSigner(request.signer, recovered);
        _useCheckedNonce(request.signer, request.nonce);
        TypeConfig memory config = _type(request.certType);
        _checkTypeOfficer(config, request.signer);
        _issue(
            config,
            request.certType,
            request.certHash,
            request.subject,
            request.validFrom,
            request.validUntil,
            request.signer
        );
    }

    /// @inheritdoc ICertificateIssuer
    function issueFor(
        bytes32 certType,
        bytes32 certHash,
        bytes32 subject,
        uint64 validFrom,
        uint64 validUntil,
        bytes32 supersedes
    ) external restricted {
        TypeConfig memory config = _type(certType);
        if (!_getStorage().issuers[certType][msg.sender]) {
            revert CertificateRegistryUnauthorizedIssuer(certType, msg.sender);
        }
        if (supersedes != bytes32(0)) _supersede(config, certType, supersedes, certHash);
        _issue(config, certType, certHash, subject, validFrom, validUntil, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function renew(
        bytes32 oldHash,
        bytes32 newHash,
        bytes32 subject,
        uint64 validFrom,
        uint64 validUntil
    ) external restricted {
        CertificateRegistryStorage storage $ = _getStorage();
        Record storage old = $.certificates[oldHash];
        if (old.state == NONE) revert CertificateRegistryUnknownCertificate(oldHash);
        TypeConfig memory config = $.typesByIndex[old.typeIndex];
        _checkTypeOfficer(config, msg.sender);
        bytes32 certType = $.typeAt[old.typeIndex];
        _supersede(config, certType, oldHash, newHash);
        _issue(config, certType, newHash, subject, validFrom, validUntil, msg.sender);
    }

    // ── status changes ────────────────────────────────────────────────────────

    /// @inheritdoc ICertificateRegistry
    function revoke(bytes32 certHash, uint16 reason) external restricted {
        (Record storage record, ) = _ownedCertificate(certHash);
        uint8 state = record.state;
        if (state != ACTIVE && state != SUSPENDED)
            revert CertificateRegistryInvalidStatus(certHash, _statusNow(record));
        _setState(record, REVOKED);
        emit CertificateRevoked(certHash, reason, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function suspend(bytes32 certHash, uint16 reason) external restricted {
        (Record storage record, TypeConfig memory config) = _ownedCertificate(certHash);
        _requireSuspendable(config, record.typeIndex);
        if (record.state != ACTIVE) revert CertificateRegistryInvalidStatus(certHash, _statusNow(record));
        _setState(record, SUSPENDED);
        emit CertificateSuspended(certHash, reason, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function reinstate(bytes32 certHash, uint16 reason) external restricted {
        (Record storage record, ) = _ownedCertificate(certHash);
        if (record.state != SUSPENDED) revert CertificateRegistryInvalidStatus(certHash, _statusNow(record));
        _setState(record, ACTIVE);
        emit CertificateReinstated(certHash, reason, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function revokeBatch(bytes32 root, uint16 reason) external restricted {
        (Record storage batch, ) = _ownedBatch(root);
        if (batch.state != ACTIVE) revert CertificateRegistryInvalidStatus(root, _statusNow(batch));
        _setState(batch, REVOKED);
        emit BatchRevoked(root, reason, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function revokeInBatch(
        bytes32 root,
        bytes32 certHash,
        bytes32[] calldata proof,
        uint16 reason
    ) external restricted {
        (Record storage leaf, , ) = _ownedLeaf(root, certHash, proof);
        uint8 state = leaf.state;
        if (state == REVOKED) revert CertificateRegistryInvalidStatus(certHash, Status.Revoked);
        _setState(leaf, REVOKED);
        emit BatchCertificateRevoked(root, certHash, reason, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function suspendInBatch(
        bytes32 root,
        bytes32 certHash,
        bytes32[] calldata proof,
        uint16 reason
    ) external restricted {
        (Record storage leaf, TypeConfig memory config, uint32 typeIndex) = _ownedLeaf(root, certHash, proof);
        _requireSuspendable(config, typeIndex);
        uint8 state = leaf.state;
        if (state != NONE && state != ACTIVE) revert CertificateRegistryInvalidStatus(certHash, _stored(state));
        _setState(leaf, SUSPENDED);
        emit BatchCertificateSuspended(root, certHash, reason, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function reinstateInBatch(
        bytes32 root,
        bytes32 certHash,
        bytes32[] calldata proof,
        uint16 reason
    ) external restricted {
        (Record storage leaf, , ) = _ownedLeaf(root, certHash, proof);
        uint8 state = leaf.state;
        if (state != SUSPENDED) {
            revert CertificateRegistryInvalidStatus(certHash, state == NONE ? Status.Active : _stored(state));
        }
        _setState(leaf, ACTIVE);
        emit BatchCertificateReinstated(root, certHash, reason, msg.sender);
    }

    // ── reads ─────────────────────────────────────────────────────────────────

    /// @inheritdoc ICertificateRegistry
    function certificateType(bytes32 certType) external view returns (CertificateType memory) {
        TypeConfig memory config = _type(certType);
        return
            CertificateType(
                _getStorage().departmentOf[certType],
                config.maxValidity,
                config.renewable,
                config.suspendable,
                config.active
            );
    }

    /// @inheritdoc ICertificateRegistry
    function isIssuerAuthorised(bytes32 certType, address issuer) external view returns (bool) {
        return _getStorage().issuers[certType][issuer];
    }

    /// @inheritdoc ICertificateRegistry
    function certificate(bytes32 certHash) public view returns (CertificateView memory view_) {
        CertificateRegistryStorage storage $ = _getStorage();
        view_ = _view($.certificates[certHash], block.timestamp);
        view_.supersededBy = $.supersededBy[certHash];
    }

    /// @inheritdoc ICertificateRegistry
    function certificates(bytes32[] calldata certHashes) external view returns (CertificateView[] memory views) {
        views = new CertificateView[](certHashes.length);
        for (uint256 i = 0; i < certHashes.length; i++) views[i] = certificate(certHashes[i]);
    }

    /// @inheritdoc ICertificateRegistry
    function batchCertificate(
        bytes32 root,
        bytes32 certHash,
        bytes32[] calldata proof
    ) external view returns (CertificateView memory view_) {
        CertificateRegistryStorage storage $ = _getStorage();
        Record memory batch = $.batches[root];
        if (batch.state == NONE || !_inBatch(root, certHash, proof)) return view_;
        view_ = _view(batch, block.timestamp);
        view_.status = _leafStatusAt(batch, $.leaves[root][certHash], block.timestamp);
        Record memory leaf = $.leaves[root][certHash];
        if (leaf.changedAt > view_.statusChangedAt) view_.statusChangedAt = leaf.changedAt;
    }

    /// @inheritdoc ICertificateRegistry
    function statusOf(bytes32 certHash) public view returns (Status) {
        return _statusAt(_getStorage().certificates[certHash], block.timestamp);
    }

    /// @inheritdoc ICertificateRegistry
    function statusAt(bytes32 certHash, uint64 timestamp) external view returns (Status) {
        return _statusAt(_getStorage().certificates[certHash], timestamp);
    }

    /// @inheritdoc ICertificateRegistry
    function statuses(bytes32[] calldata certHashes) external view returns (Status[] memory result) {
        result = new Status[](certHashes.length);
        for (uint256 i = 0; i < certHashes.length; i++) result[i] = statusOf(certHashes[i]);
    }

    /// @inheritdoc ICertificateRegistry
    function batchStatusAt(
        bytes32 root,
        bytes32 certHash,
        bytes32[] calldata proof,
        uint64 timestamp
    ) public view returns (Status) {
        CertificateRegistryStorage storage $ = _getStorage();
        Record memory batch = $.batches[root];
        if (batch.state == NONE || !_inBatch(root, certHash, proof)) return Status.NotIssued;
        return _leafStatusAt(batch, $.leaves[root][certHash], timestamp);
    }

    /// @inheritdoc ICertificateRegistry
    function isValidInBatch(bytes32 root, bytes32 certHash, bytes32[] calldata proof) external view returns (bool) {
        return batchStatusAt(root, certHash, proof, uint64(block.timestamp)) == Status.Active;
    }

    /// @inheritdoc ICertificateIssuer
    function isValid(bytes32 certType, bytes32 certHash) external view returns (bool) {
        CertificateRegistryStorage storage $ = _getStorage();
        Record memory record = $.certificates[certHash];
        return
            record.typeIndex == $.types[certType].index &&
            _statusAt(record, block.timestamp) == Status.Active;
    }

    /// @inheritdoc ICertificateIssuer
    function revokeFor(bytes32 certType, bytes32 certHash, uint16 reason) external restricted {
        CertificateRegistryStorage storage $ = _getStorage();
        if (!$.issuers[certType][msg.sender]) revert CertificateRegistryUnauthorizedIssuer(certType, msg.sender);
        Record storage record = $.certificates[certHash];
        uint8 state = record.state;
        if (record.typeIndex != $.types[certType].index || (state != ACTIVE && state != SUSPENDED)) return;
        _setState(record, REVOKED);
        emit CertificateRevoked(certHash, reason, msg.sender);
    }

    // ── internals ─────────────────────────────────────────────────────────────

    function _issue(
        TypeConfig memory config,
        bytes32 certType,
        bytes32 certHash,
        bytes32 subject,
        uint64 validFrom,
        uint64 validUntil,
        address actor
    ) private {
        _create(_getStorage().certificates, config, certHash, validFrom, validUntil);
        emit CertificateIssued(certHash, certType, subject, validFrom, validUntil, actor);
    }

    /// @dev Writes a new record (certificate or batch) after checking the hash and the type's validity rules.
    function _create(
        mapping(bytes32 => Record) storage records,
        TypeConfig memory config,
        bytes32 key,
        uint64 validFrom,
        uint64 validUntil
    ) private {
        if (key == bytes32(0)) revert CertificateRegistryZeroHash();
        if (validUntil <= validFrom || validUntil > type(uint40).max) {
            revert CertificateRegistryInvalidValidity(validFrom, validUntil);
        }
        uint64 maxValidity = config.maxValidity;
        if (maxValidity != 0 && validUntil - validFrom > maxValidity) {
            revert CertificateRegistryValidityTooLong(validFrom, validUntil, maxValidity);
        }
        Record storage record = records[key];
        if (record.state != NONE) revert CertificateRegistryAlreadyIssued(key);
        uint40 now_ = uint40(block.timestamp);
        records[key] = Record(ACTIVE, uint40(validFrom), uint40(validUntil), now_, now_, config.index);
    }

    /// @dev Ends `oldHash` (same type, renewable, not revoked or superseded) in favour of `newHash`.
    function _supersede(TypeConfig memory config, bytes32 certType, bytes32 oldHash, bytes32 newHash) private {
        if (!config.renewable) revert CertificateRegistryNotRenewable(certType);
        CertificateRegistryStorage storage $ = _getStorage();
        Record storage old = $.certificates[oldHash];
        uint8 state = old.state;
        if (state == NONE) revert CertificateRegistryUnknownCertificate(oldHash);
        if (old.typeIndex != config.index) revert CertificateRegistryTypeMismatch(oldHash, certType);
        if (state != ACTIVE && state != SUSPENDED) revert CertificateRegistryInvalidStatus(oldHash, _statusNow(old));
        _setState(old, SUPERSEDED);
        $.supersededBy[oldHash] = newHash;
        emit CertificateSuperseded(oldHash, newHash, msg.sender);
    }

    /// @dev A singly issued certificate whose type's department the caller is an officer of.
    function _ownedCertificate(
        bytes32 certHash
    ) private view returns (Record storage record, TypeConfig memory config) {
        CertificateRegistryStorage storage $ = _getStorage();
        record = $.certificates[certHash];
        if (record.state == NONE) revert CertificateRegistryUnknownCertificate(certHash);
        config = $.typesByIndex[record.typeIndex];
        _checkTypeOfficer(config, msg.sender);
    }

    function _ownedBatch(bytes32 root) private view returns (Record storage batch, TypeConfig memory config) {
        CertificateRegistryStorage storage $ = _getStorage();
        batch = $.batches[root];
        if (batch.state == NONE) revert CertificateRegistryUnknownBatch(root);
        config = $.typesByIndex[batch.typeIndex];
        _checkTypeOfficer(config, msg.sender);
    }

    /// @dev The override record of a leaf proved inside an unrevoked batch the caller's department owns.
    function _ownedLeaf(
        bytes32 root,
        bytes32 certHash,
        bytes32[] calldata proof
    ) private view returns (Record storage leaf, TypeConfig memory config, uint32 typeIndex) {
        Record storage batch;
        (batch, config) = _ownedBatch(root);
        if (!_inBatch(root, certHash, proof)) revert CertificateRegistryInvalidProof(root, certHash);
        if (batch.state != ACTIVE) revert CertificateRegistryInvalidStatus(certHash, _stored(batch.state));
        leaf = _getStorage().leaves[root][certHash];
        typeIndex = batch.typeIndex;
    }

    /**
     * @dev Reverts unless `account` is an officer of the type's department now: the department is
     * active (cached, see {_departmentActiveChanged}) and the AccessManager says `account` holds its officer role.
     */
    function _checkTypeOfficer(TypeConfig memory config, address account) private view {
        if (config.active) {
            (bool isMember, ) = IAccessManager(authority()).hasRole(config.officerRole, account);
            if (isMember) return;
        }
        CertificateRegistryStorage storage $ = _getStorage();
        revert DepartmentGatedUnauthorizedOfficer($.departmentOf[$.typeAt[config.index]], account);
    }

    function _requireSuspendable(TypeConfig memory config, uint32 typeIndex) private view {
        if (!config.suspendable) revert CertificateRegistryNotSuspendable(_getStorage().typeAt[typeIndex]);
    }

    function _setState(Record storage record, uint8 state) private {
        record.state = state;
        record.changedAt = uint40(block.timestamp);
    }

    function _type(bytes32 certType) private view returns (TypeConfig memory config) {
        config = _getStorage().types[certType];
        if (config.index == 0) revert CertificateRegistryUnknownType(certType);
    }

    /// @dev StandardMerkleTree leaf of ["bytes32"]: the double hash keeps inner nodes from passing as leaves.
    function _inBatch(bytes32 root, bytes32 certHash, bytes32[] calldata proof) private pure returns (bool) {
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(certHash))));
        return MerkleProof.verifyCalldata(proof, root, leaf);
    }

    function _view(Record memory record, uint256 timestamp) private view returns (CertificateView memory view_) {
        if (record.state == NONE) return view_;
        CertificateRegistryStorage storage $ = _getStorage();
        bytes32 certType = $.typeAt[record.typeIndex];
        view_ = CertificateView({
            certType: certType,
            department: $.departmentOf[certType],
            status: _statusAt(record, timestamp),
            validFrom: record.validFrom,
            validUntil: record.validUntil,
            issuedAt: record.issuedAt,
            statusChangedAt: record.changedAt,
            supersededBy: bytes32(0)
        });
    }

    function _statusNow(Record memory record) private view returns (Status) {
        return _statusAt(record, block.timestamp);
    }

    /**
     * @dev The status at `timestamp`. Exact for issuance, the validity window, revocation, supersession
     * and the current suspension; a suspension that was later reinstated is known from the events only.
     */
    function _statusAt(Record memory record, uint256 timestamp) private pure returns (Status) {
        if (record.state == NONE || timestamp < record.issuedAt) return Status.NotIssued;
        if (record.state != ACTIVE && timestamp >= record.changedAt) return _stored(record.state);
        if (timestamp < record.validFrom) return Status.NotYetValid;
        if (timestamp >= record.validUntil) return Status.Expired;
        return Status.Active;
    }

    /// @dev A batch's status, overridden by the leaf's own suspension or revocation once it happened.
    function _leafStatusAt(Record memory batch, Record memory leaf, uint256 timestamp) private pure returns (Status) {
        Status status = _statusAt(batch, timestamp);
        if (status == Status.NotIssued || status == Status.Revoked) return status;
        if ((leaf.state == SUSPENDED || leaf.state == REVOKED) && timestamp >= leaf.changedAt) {
            return _stored(leaf.state);
        }
        return status;
    }

    function _stored(uint8 state) private pure returns (Status) {
        if (state == ACTIVE) return Status.Active;
        if (state == SUSPENDED) return Status.Suspended;
        if (state == REVOKED) return Status.Revoked;
        if (state == SUPERSEDED) return Status.Superseded;
        return Status.NotIssued;
    }

    function _getStorage() private pure returns (CertificateRegistryStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
