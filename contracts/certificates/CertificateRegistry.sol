// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {NoncesUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/NoncesUpgradeable.sol";
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
 * one storage slot ({Record}), keyed by the type with the hash (or root): subject, department and
 * actor live in the events, the document's content in its hash. A status history ({_history}) is
 * written only when a suspension (or a supersession) ends, so issuance pays nothing for it.
 */
contract CertificateRegistry is DepartmentGated, EIP712Upgradeable, NoncesUpgradeable, ICertificateRegistry {
    /// @dev Stored states of a {Record}. `Expired`/`NotYetValid` are computed, never stored.
    uint8 private constant NONE = 0;
    uint8 private constant ACTIVE = 1;
    uint8 private constant SUSPENDED = 2;
    uint8 private constant REVOKED = 3;
    uint8 private constant SUPERSEDED = 4;

    bytes32 private constant ISSUE_TYPEHASH = keccak256(
        "IssueRequest(bytes32 certType,bytes32 certHash,bytes32 subject,uint64 validFrom,uint64 validUntil,address signer,uint256 nonce,uint256 deadline)"
    );

    /**
     * @dev One slot per certificate, batch or leaf override (168 of 256 bits): the state, the validity
     * window, when it was issued and when the state last changed (for "status at T"). The type is in
     * the key ({_id}), so a record can never be read as another type's. A revocation of a (type, hash)
     * that was never issued singly (a batch leaf) writes a tombstone here: state REVOKED, an empty window.
     * Times are uint40 seconds (good until year 36812).
     */
    struct Record {
        uint8 state;
        uint40 validFrom;
        uint40 validUntil;
        uint40 issuedAt;
        uint40 changedAt;
    }

    /**
     * @dev One slot: everything an issuance or a status change checks. The department's officer
     * role id is immutable in the directory, so it is cached here; the department's active flag is
     * cached too, updated by the directory in the same transaction that (de)activates the department.
     * Officer membership itself is read live from the AccessManager, so a revoked officer stops at once.
     * `managed` is fixed at registration, so a type can never be half officer-issued, half managed.
     */
    struct TypeConfig {
        uint64 officerRole;
        uint64 maxValidity;
        uint32 index;
        bool active;
        bool renewable;
        bool suspendable;
        bool managed;
    }

    /// @custom:storage-location erc7201:govchain.storage.CertificateRegistry
    struct CertificateRegistryStorage {
        mapping(bytes32 certType => TypeConfig) types;
        mapping(bytes32 certType => bytes32 department) departmentOf;
        /// @dev Bounded by the number of types a department owns (a handful); walked only when the directory reports a (de)activation.
        mapping(bytes32 department => bytes32[] certTypes) typesOf;
        uint32 typeCount;
        mapping(bytes32 certType => mapping(address issuer => bool)) issuers;
        /// @dev Keyed by {_id}(type, hash): singly issued certificates and revocation tombstones.
        mapping(bytes32 id => Record) certificates;
        /// @dev Keyed by {_id}(type, root).
        mapping(bytes32 batchId => Record) batches;
        /// @dev Per-leaf overrides keyed by {_id}(batchId, hash): suspending a leaf in one batch never touches another.
        mapping(bytes32 leafId => Record) leaves;
        mapping(bytes32 id => bytes32 successor) supersededBy;
        /**
         * @dev Ended intervals of a certificate's suspension (or supersession undone into revocation), in time
         * order, one word each: `start | end << 40 | state << 80`. Pushed only when such an interval ends; bounded
         * by the status changes officers made. Single certificates by id, leaves by leafId (never equal: different
         * preimages). (A plain array rather than OpenZeppelin's Checkpoints: same cost, less code in a contract
         * that is near the EIP-170 size limit.)
         */
        mapping(bytes32 id => uint256[]) history;
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
        bool suspendable,
        bool managed
    ) external restricted {
        if (certType == bytes32(0)) revert CertificateRegistryInvalidType();
        CertificateRegistryStorage storage $ = _getStorage();
        if ($.types[certType].index != 0) revert CertificateRegistryTypeExists(certType);
        IDepartmentDirectory directory_ = directory();
        if (!directory_.exists(department)) revert CertificateRegistryUnknownDepartment(department);
        IDepartmentDirectory.Department memory dept = directory_.department(department);
        $.types[certType] = TypeConfig(
            dept.officerRole,
            maxValidity,
            ++$.typeCount,
            dept.active,
            renewable,
            suspendable,
            managed
        );
        $.departmentOf[certType] = department;
        $.typesOf[department].push(certType);
        emit CertificateTypeRegistered(certType, department, maxValidity, renewable, suspendable, managed, msg.sender);
    }

    /// @dev The directory reports a department's (de)activation in the same transaction: the
    /// cached flag of each of its types follows.
    function _departmentActiveChanged(bytes32 department, bool active) internal override {
        CertificateRegistryStorage storage $ = _getStorage();
        bytes32[] storage certTypes = $.typesOf[department];
        uint256 count = certTypes.length;
        for (uint256 i = 0; i < count; i++) $.types[certTypes[i]].active = active;
        emit DepartmentSynced(department, active, count, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function setIssuerAuthorised(bytes32 certType, address issuer, bool authorised) external restricted {
        if (!_type(certType).managed) revert CertificateRegistryUnmanagedType(certType);
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
        TypeConfig memory config = _officerType(certType, msg.sender);
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
        _issueBatch(_officerType(certType, msg.sender), certType, root, count, validFrom, validUntil);
    }

    /// @inheritdoc ICertificateIssuer
    function issueBatchFor(
        bytes32 certType,
        bytes32 root,
        uint256 count,
        uint64 validFrom,
        uint64 validUntil
    ) external restricted {
        _issueBatch(_issuerType(certType), certType, root, count, validFrom, validUntil);
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
        TypeConfig memory config = _officerType(request.certType, request.signer);
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
    /// @dev A `supersedes` certificate still current (active or suspended) is superseded; one that ended or
    /// was never issued is left as it is. The type's `renewable` flag governs officers' {renew} only.
    function issueFor(
        bytes32 certType,
        bytes32 certHash,
        bytes32 subject,
        uint64 validFrom,
        uint64 validUntil,
        bytes32 supersedes
    ) external restricted {
        TypeConfig memory config = _issuerType(certType);
        if (supersedes != bytes32(0)) {
            Record storage old = _getStorage().certificates[_id(certType, supersedes)];
            uint8 state = old.state;
            if (state == ACTIVE || state == SUSPENDED) _supersede(certType, supersedes, old, state, certHash);
        }
        _issue(config, certType, certHash, subject, validFrom, validUntil, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function renew(
        bytes32 certType,
        bytes32 oldHash,
        bytes32 newHash,
        bytes32 subject,
        uint64 validFrom,
        uint64 validUntil
    ) external restricted {
        TypeConfig memory config = _officerType(certType, msg.sender);
        if (!config.renewable) revert CertificateRegistryNotRenewable(certType);
        Record storage old = _getStorage().certificates[_id(certType, oldHash)];
        uint8 state = old.state;
        if (state != ACTIVE && state != SUSPENDED) _refuse(certType, oldHash, old);
        _supersede(certType, oldHash, old, state, newHash);
        _issue(config, certType, newHash, subject, validFrom, validUntil, msg.sender);
    }

    // ── status changes ────────────────────────────────────────────────────────

    /// @inheritdoc ICertificateRegistry
    function revoke(bytes32 certType, bytes32 certHash, uint16 reason) external restricted {
        _changeCertificate(certType, certHash, REVOKED);
        emit CertificateRevoked(certHash, certType, reason, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function suspend(bytes32 certType, bytes32 certHash, uint16 reason) external restricted {
        _changeCertificate(certType, certHash, SUSPENDED);
        emit CertificateSuspended(certHash, certType, reason, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function reinstate(bytes32 certType, bytes32 certHash, uint16 reason) external restricted {
        _changeCertificate(certType, certHash, ACTIVE);
        emit CertificateReinstated(certHash, certType, reason, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function revokeBatch(bytes32 certType, bytes32 root, uint16 reason) external restricted {
        _officerType(certType, msg.sender);
        Record storage batch = _issuedBatch(certType, root);
        if (batch.state != ACTIVE) revert CertificateRegistryInvalidStatus(certType, root, _statusNow(batch));
        batch.state = REVOKED;
        batch.changedAt = uint40(block.timestamp);
        emit BatchRevoked(root, certType, reason, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    /// @dev Also writes the tombstone in the (type, hash) slot, so the revocation holds in every batch and singly.
    function revokeInBatch(
        bytes32 certType,
        bytes32 root,
        bytes32 certHash,
        bytes32[] calldata proof,
        uint16 reason
    ) external restricted {
        _changeLeaf(certType, root, certHash, proof, REVOKED);
        emit BatchCertificateRevoked(root, certHash, certType, reason, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function suspendInBatch(
        bytes32 certType,
        bytes32 root,
        bytes32 certHash,
        bytes32[] calldata proof,
        uint16 reason
    ) external restricted {
        _changeLeaf(certType, root, certHash, proof, SUSPENDED);
        emit BatchCertificateSuspended(root, certHash, certType, reason, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function reinstateInBatch(
        bytes32 certType,
        bytes32 root,
        bytes32 certHash,
        bytes32[] calldata proof,
        uint16 reason
    ) external restricted {
        _changeLeaf(certType, root, certHash, proof, ACTIVE);
        emit BatchCertificateReinstated(root, certHash, certType, reason, msg.sender);
    }

    /// @inheritdoc ICertificateIssuer
    function revokeFor(bytes32 certType, bytes32 certHash, uint16 reason) external restricted {
        _issuerType(certType);
        bytes32 id = _id(certType, certHash);
        Record storage record = _getStorage().certificates[id];
        uint8 state = record.state;
        if (state != ACTIVE && state != SUSPENDED) return;
        _setState(record, id, state, REVOKED);
        emit CertificateRevoked(certHash, certType, reason, msg.sender);
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
                config.active,
                config.managed
            );
    }

    /// @inheritdoc ICertificateRegistry
    function isIssuerAuthorised(bytes32 certType, address issuer) external view returns (bool) {
        return _getStorage().issuers[certType][issuer];
    }

    /// @inheritdoc ICertificateRegistry
    function certificate(bytes32 certType, bytes32 certHash) public view returns (CertificateView memory view_) {
        CertificateRegistryStorage storage $ = _getStorage();
        bytes32 id = _id(certType, certHash);
        Record memory record = $.certificates[id];
        if (record.state == NONE) return view_;
        view_ = _view(certType, record);
        view_.status = _statusAt(record, id, block.timestamp);
        view_.supersededBy = $.supersededBy[id];
    }

    /// @inheritdoc ICertificateRegistry
    function certificates(
        bytes32 certType,
        bytes32[] calldata certHashes
    ) external view returns (CertificateView[] memory views) {
        views = new CertificateView[](certHashes.length);
        for (uint256 i = 0; i < certHashes.length; i++) views[i] = certificate(certType, certHashes[i]);
    }

    /// @inheritdoc ICertificateRegistry
    function batchCertificate(
        bytes32 certType,
        bytes32 root,
        bytes32 certHash,
        bytes32[] calldata proof
    ) external view returns (CertificateView memory view_) {
        CertificateRegistryStorage storage $ = _getStorage();
        bytes32 batchId = _id(certType, root);
        Record memory batch = $.batches[batchId];
        if (batch.state == NONE || !_inBatch(root, certHash, proof)) return view_;
        view_ = _view(certType, batch);
        view_.status = _leafStatusAt(certType, batchId, certHash, block.timestamp);
        uint40 leafChanged = $.leaves[_id(batchId, certHash)].changedAt;
        Record memory tombstone = $.certificates[_id(certType, certHash)];
        if (tombstone.state == REVOKED && tombstone.changedAt > leafChanged) leafChanged = tombstone.changedAt;
        if (leafChanged > view_.statusChangedAt) view_.statusChangedAt = leafChanged;
    }

    /// @inheritdoc ICertificateRegistry
    function statusOf(bytes32 certType, bytes32 certHash) public view returns (Status) {
        return statusAt(certType, certHash, uint64(block.timestamp));
    }

    /// @inheritdoc ICertificateRegistry
    function statusAt(bytes32 certType, bytes32 certHash, uint64 timestamp) public view returns (Status) {
        bytes32 id = _id(certType, certHash);
        return _statusAt(_getStorage().certificates[id], id, timestamp);
    }

    /// @inheritdoc ICertificateRegistry
    function statuses(bytes32 certType, bytes32[] calldata certHashes) external view returns (Status[] memory result) {
        result = new Status[](certHashes.length);
        for (uint256 i = 0; i < certHashes.length; i++) result[i] = statusOf(certType, certHashes[i]);
    }

    /// @inheritdoc ICertificateRegistry
    function batchStatusAt(
        bytes32 certType,
        bytes32 root,
        bytes32 certHash,
        bytes32[] calldata proof,
        uint64 timestamp
    ) public view returns (Status) {
        bytes32 batchId = _id(certType, root);
        if (_getStorage().batches[batchId].state == NONE || !_inBatch(root, certHash, proof)) return Status.NotIssued;
        return _leafStatusAt(certType, batchId, certHash, timestamp);
    }

    /// @inheritdoc ICertificateRegistry
    function isValidInBatch(
        bytes32 certType,
        bytes32 root,
        bytes32 certHash,
        bytes32[] calldata proof
    ) external view returns (bool) {
        return batchStatusAt(certType, root, certHash, proof, uint64(block.timestamp)) == Status.Active;
    }

    /// @inheritdoc ICertificateIssuer
    function isValid(bytes32 certType, bytes32 certHash) external view returns (bool) {
        return statusOf(certType, certHash) == Status.Active;
    }

    // ── internals ─────────────────────────────────────────────────────────────

    /// @dev The storage key of a certificate (type, hash), a batch (type, root) or a leaf (batchId, hash).
    function _id(bytes32 a, bytes32 b) private pure returns (bytes32 id) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, a)
            mstore(0x20, b)
            id := keccak256(0x00, 0x40)
        }
    }

    function _issue(
        TypeConfig memory config,
        bytes32 certType,
        bytes32 certHash,
        bytes32 subject,
        uint64 validFrom,
        uint64 validUntil,
        address actor
    ) private {
        _create(_getStorage().certificates, config, certType, certHash, validFrom, validUntil);
        emit CertificateIssued(certHash, certType, subject, validFrom, validUntil, actor);
    }

    function _issueBatch(
        TypeConfig memory config,
        bytes32 certType,
        bytes32 root,
        uint256 count,
        uint64 validFrom,
        uint64 validUntil
    ) private {
        if (count == 0) revert CertificateRegistryEmptyBatch();
        _create(_getStorage().batches, config, certType, root, validFrom, validUntil);
        emit BatchIssued(root, certType, count, validFrom, validUntil, msg.sender);
    }

    /**
     * @dev Writes a new record (certificate or batch) after checking the hash and the type's validity rules.
     * The slot it reads anyway holds the revocation tombstone, so "revoked is final" costs issuance nothing.
     */
    function _create(
        mapping(bytes32 => Record) storage records,
        TypeConfig memory config,
        bytes32 certType,
        bytes32 key,
        uint64 validFrom,
        uint64 validUntil
    ) private {
        if (key == bytes32(0)) revert CertificateRegistryZeroHash();
        if (validUntil <= validFrom || validUntil > type(uint40).max) {
            revert CertificateRegistryInvalidValidity(validFrom, validUntil);
        }
        if (validUntil <= block.timestamp) {
            revert CertificateRegistryValidityEnded(validUntil, uint64(block.timestamp));
        }
        uint64 maxValidity = config.maxValidity;
        if (maxValidity != 0 && validUntil - validFrom > maxValidity) {
            revert CertificateRegistryValidityTooLong(validFrom, validUntil, maxValidity);
        }
        Record storage record = records[_id(certType, key)];
        uint8 state = record.state;
        if (state != NONE) {
            if (state == REVOKED) revert CertificateRegistryRevokedForever(certType, key);
            revert CertificateRegistryAlreadyIssued(certType, key);
        }
        uint40 now_ = uint40(block.timestamp);
        record.state = ACTIVE;
        record.validFrom = uint40(validFrom);
        record.validUntil = uint40(validUntil);
        record.issuedAt = now_;
        record.changedAt = now_;
    }

    /**
     * @dev An officer's status change of a singly issued certificate: revoke (active or suspended), suspend
     * (active, suspendable type) or reinstate (suspended). One body for the three keeps the contract small.
     */
    function _changeCertificate(bytes32 certType, bytes32 certHash, uint8 to) private {
        TypeConfig memory config = _officerType(certType, msg.sender);
        if (to == SUSPENDED) _requireSuspendable(config, certType);
        bytes32 id = _id(certType, certHash);
        Record storage record = _getStorage().certificates[id];
        uint8 state = record.state;
        if (!_allowed(state, to)) {
            if (state == NONE) revert CertificateRegistryUnknownCertificate(certType, certHash);
            revert CertificateRegistryInvalidStatus(certType, certHash, _statusNow(record));
        }
        _setState(record, id, state, to);
    }

    /**
     * @dev An officer's status change of one leaf of an unrevoked batch. A leaf is Active until overridden, and
     * Revoked for good once the (type, hash) tombstone is written; revoking writes that tombstone (or revokes the
     * single certificate of the same content), so the revocation holds in every batch and singly.
     */
    function _changeLeaf(bytes32 certType, bytes32 root, bytes32 certHash, bytes32[] calldata proof, uint8 to) private {
        TypeConfig memory config = _officerType(certType, msg.sender);
        if (to == SUSPENDED) _requireSuspendable(config, certType);
        bytes32 leafId = _leafInActiveBatch(certType, root, certHash, proof);
        CertificateRegistryStorage storage $ = _getStorage();
        bytes32 id = _id(certType, certHash);
        Record storage single = $.certificates[id];
        Record storage leaf = $.leaves[leafId];
        uint8 singleState = single.state;
        uint8 leafState = leaf.state;
        uint8 state =
            singleState == REVOKED
                ? REVOKED
                : leafState == NONE
                    ? ACTIVE
                    : leafState;
        if (!_allowed(state, to)) revert CertificateRegistryInvalidStatus(certType, certHash, _stored(state));
        _setState(leaf, leafId, leafState, to);
        if (to != REVOKED) return;
        if (singleState == NONE) {
            uint40 now_ = uint40(block.timestamp);
            $.certificates[id] = Record(REVOKED, 0, 0, now_, now_);
        } else {
            _setState(single, id, singleState, REVOKED);
        }
    }

    /// @dev The officers' transitions: revoke an active or suspended record, suspend an active one, reinstate a suspended one.
    function _allowed(uint8 state, uint8 to) private pure returns (bool) {
        if (to == REVOKED) return state == ACTIVE || state == SUSPENDED;
        if (to == SUSPENDED) return state == ACTIVE;
        return state == SUSPENDED;
    }

    /// @dev Ends the current (active or suspended) (`certType`, `oldHash`) in favour of `newHash`.
    function _supersede(bytes32 certType, bytes32 oldHash, Record storage old, uint8 state, bytes32 newHash) private {
        bytes32 id = _id(certType, oldHash);
        _setState(old, id, state, SUPERSEDED);
        _getStorage().supersededBy[id] = newHash;
        emit CertificateSuperseded(oldHash, certType, newHash, msg.sender);
    }

    /// @dev The type, if `account` may change it by hand: it is not contract-managed and `account` is an officer
    /// of its department now (the directory's rule in its cached form, {DepartmentGated-_isOfficerCached}).
    function _officerType(bytes32 certType, address account) private view returns (TypeConfig memory config) {
        config = _type(certType);
        if (config.managed) revert CertificateRegistryManagedType(certType);
        if (!_isOfficerCached(config.officerRole, config.active, account)) {
            _revertNotOfficer(_getStorage().departmentOf[certType], account, config.active);
        }
    }

    /// @dev The managed type, if the caller is a contract the operator authorised for it (only managed types
    /// can have one, see {setIssuerAuthorised}).
    function _issuerType(bytes32 certType) private view returns (TypeConfig memory config) {
        CertificateRegistryStorage storage $ = _getStorage();
        if (!$.issuers[certType][msg.sender]) revert CertificateRegistryUnauthorizedIssuer(certType, msg.sender);
        config = $.types[certType];
    }

    /// @dev Reverts for a status change its current status does not allow (unknown when never issued).
    function _refuse(bytes32 certType, bytes32 certHash, Record storage record) private view {
        if (record.state == NONE) revert CertificateRegistryUnknownCertificate(certType, certHash);
        revert CertificateRegistryInvalidStatus(certType, certHash, _statusNow(record));
    }

    function _issuedBatch(bytes32 certType, bytes32 root) private view returns (Record storage batch) {
        batch = _getStorage().batches[_id(certType, root)];
        if (batch.state == NONE) revert CertificateRegistryUnknownBatch(certType, root);
    }

    /// @dev The leaf id of `certHash` proved inside the unrevoked batch (`certType`, `root`).
    function _leafInActiveBatch(
        bytes32 certType,
        bytes32 root,
        bytes32 certHash,
        bytes32[] calldata proof
    ) private view returns (bytes32 leafId) {
        Record storage batch = _issuedBatch(certType, root);
        if (!_inBatch(root, certHash, proof)) revert CertificateRegistryInvalidProof(root, certHash);
        if (batch.state != ACTIVE) revert CertificateRegistryInvalidStatus(certType, certHash, _stored(batch.state));
        leafId = _id(_id(certType, root), certHash);
    }

    function _requireSuspendable(TypeConfig memory config, bytes32 certType) private pure {
        if (!config.suspendable) revert CertificateRegistryNotSuspendable(certType);
    }

    /**
     * @dev Moves `record` to `state`. When the state it leaves is an interval that a later state would hide
     * (a suspension, or a supersession undone into revocation), the interval goes to the history first, so
     * "status at T" stays exact. A plain issuance or revocation of an active certificate pushes nothing.
     */
    function _setState(Record storage record, bytes32 id, uint8 previous, uint8 state) private {
        uint40 now_ = uint40(block.timestamp);
        if (previous == SUSPENDED || previous == SUPERSEDED) {
            _getStorage().history[id].push(
                uint256(record.changedAt) | (uint256(now_) << 40) | (uint256(previous) << 80)
            );
        }
        record.state = state;
        record.changedAt = now_;
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

    function _view(bytes32 certType, Record memory record) private view returns (CertificateView memory) {
        return
            CertificateView({
                certType: certType,
                department: _getStorage().departmentOf[certType],
                status: Status.NotIssued,
                validFrom: record.validFrom,
                validUntil: record.validUntil,
                issuedAt: record.issuedAt,
                statusChangedAt: record.changedAt,
                supersededBy: bytes32(0)
            });
    }

    /// @dev The status now of a record without history (batches) or one whose status is read only now.
    function _statusNow(Record memory record) private view returns (Status) {
        return _statusAt(record, bytes32(0), block.timestamp);
    }

    /**
     * @dev The status at `timestamp`, exact: the stored state from when it was set, an ended suspension (or
     * supersession) from the history, otherwise the validity window. `id` 0 reads no history.
     */
    function _statusAt(Record memory record, bytes32 id, uint256 timestamp) private view returns (Status) {
        if (record.state == NONE || timestamp < record.issuedAt) return Status.NotIssued;
        if (timestamp >= record.changedAt) {
            if (record.state != ACTIVE) return _stored(record.state);
        } else if (id != bytes32(0)) {
            Status past = _pastInterval(id, timestamp);
            if (past != Status.Active) return past;
        }
        return _windowAt(record, timestamp);
    }

    /// @dev The ended interval of the history covering `timestamp`, or Active when none does.
    function _pastInterval(bytes32 id, uint256 timestamp) private view returns (Status) {
        uint256[] storage entries = _getStorage().history[id];
        // Binary search for the last interval starting at or before `timestamp` (intervals are disjoint, in order).
        uint256 low = 0;
        uint256 high = entries.length;
        while (low < high) {
            uint256 mid = (low + high) >> 1;
            if (uint40(entries[mid]) > timestamp) high = mid;
            else low = mid + 1;
        }
        if (low == 0) return Status.Active;
        uint256 entry = entries[low - 1];
        if (timestamp < uint40(entry >> 40)) return _stored(uint8(entry >> 80));
        return Status.Active;
    }

    function _windowAt(Record memory record, uint256 timestamp) private pure returns (Status) {
        if (timestamp < record.validFrom) return Status.NotYetValid;
        if (timestamp >= record.validUntil) return Status.Expired;
        return Status.Active;
    }

    /**
     * @dev A leaf's status: the batch's, overridden by a revocation of the (type, hash) anywhere (the tombstone
     * in its single slot) and by the leaf's own suspension or revocation in this batch, current or past.
     */
    function _leafStatusAt(
        bytes32 certType,
        bytes32 batchId,
        bytes32 certHash,
        uint256 timestamp
    ) private view returns (Status) {
        CertificateRegistryStorage storage $ = _getStorage();
        Status status = _statusAt($.batches[batchId], bytes32(0), timestamp);
        if (status == Status.NotIssued || status == Status.Revoked) return status;
        Record memory tombstone = $.certificates[_id(certType, certHash)];
        if (tombstone.state == REVOKED && timestamp >= tombstone.changedAt) return Status.Revoked;
        bytes32 leafId = _id(batchId, certHash);
        Record memory leaf = $.leaves[leafId];
        if (leaf.state == NONE) return status;
        if (timestamp >= leaf.changedAt) {
            if (leaf.state != ACTIVE) return _stored(leaf.state);
        } else {
            Status past = _pastInterval(leafId, timestamp);
            if (past != Status.Active) return past;
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
