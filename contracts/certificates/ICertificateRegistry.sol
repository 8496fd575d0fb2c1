// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ICertificateIssuer} from "./ICertificateIssuer.sol";

/**
 * @title ICertificateRegistry
 * @notice Electronic licences and certificates: types owned by one department each, single and
 * Merkle-batch issuance of document hashes, suspension, revocation (of a certificate, a batch, or
 * one leaf of a batch), renewal, delegated issuance by EIP-712 signature, and verification by
 * anyone with no account.
 * @dev Nothing personal reaches the chain: a certificate is the hash of its canonical document
 * (salted per-field hashes, see the SDK), its holder a salted commitment. The chain stores only what
 * an on-chain check needs (one storage slot per certificate or batch); the rest is in the event.
 *
 * A certificate's identity is the pair (type, hash) on every path, batch roots included: the same
 * hash under another type is another certificate, so no department can squat a hash another type
 * needs. A type is either officer-issued or contract-managed, fixed at registration: a managed type
 * is changed only through {issueFor}/{revokeFor} by the contracts authorised for it. Revocation of a
 * (type, hash), singly or as a batch leaf, is final: it leaves a tombstone that every later issuance
 * and every batch view of that (type, hash) reads.
 */
interface ICertificateRegistry is ICertificateIssuer {
    /**
     * @notice A certificate's status at a moment.
     * @dev `Expired` and `NotYetValid` are computed from the validity window, never stored.
     * Suspension, revocation and supersession take precedence over the window.
     */
    enum Status {
        NotIssued,
        Active,
        Suspended,
        Revoked,
        Expired,
        Superseded,
        NotYetValid
    }

    /// @notice A certificate type as registered by the operator.
    struct CertificateType {
        /// @dev The one department whose officers issue, suspend, revoke and renew certificates of this type.
        bytes32 department;
        /// @dev The longest validity window in seconds (0: unlimited).
        uint64 maxValidity;
        /// @dev Officers may renew (supersede) certificates of this type.
        bool renewable;
        /// @dev Officers may suspend certificates of this type.
        bool suspendable;
        /// @dev The department's active flag, pushed by the directory when it changes.
        bool active;
        /// @dev Contract-managed: only authorised contracts change it ({issueFor}, {revokeFor}); officers never.
        bool managed;
    }

    /// @notice Everything the chain knows about one certificate (or one leaf of a batch).
    struct CertificateView {
        bytes32 certType;
        bytes32 department;
        /// @dev The status now.
        Status status;
        uint64 validFrom;
        /// @dev Exclusive: the certificate is valid while validFrom <= t < validUntil.
        uint64 validUntil;
        uint64 issuedAt;
        /// @dev When the stored status last changed (suspension, reinstatement, revocation, supersession).
        uint64 statusChangedAt;
        /// @dev The certificate of the same type that replaced this one (0 if none).
        bytes32 supersededBy;
    }

    /// @notice An issuance signed off chain by a department officer and submitted by any relayer.
    struct IssueRequest {
        bytes32 certType;
        bytes32 certHash;
        bytes32 subject;
        uint64 validFrom;
        uint64 validUntil;
        /// @dev The officer who signed; must be an officer of the type's department when submitted.
        address signer;
        /// @dev The signer's next nonce ({nonces}); a used nonce cannot be replayed.
        uint256 nonce;
        /// @dev Unix seconds after which the signature is refused.
        uint256 deadline;
    }

    /// @notice The operator registered a certificate type bound to `department`; `managed` types are
    /// changed only by authorised contracts.
    event CertificateTypeRegistered(
        bytes32 indexed certType,
        bytes32 indexed department,
        uint64 maxValidity,
        bool renewable,
        bool suspendable,
        bool managed,
        address indexed actor
    );
    /// @notice The operator authorised (or deauthorised) contract `issuer` for the managed type `certType`.
    event IssuerAuthorisationSet(
        bytes32 indexed certType,
        address indexed issuer,
        bool authorised,
        address indexed actor
    );
    /// @notice A certificate was issued (`actor`: the officer, the EIP-712 signer, or the authorised contract).
    /// @dev The department is the type's (fixed at registration, see {CertificateTypeRegistered}).
    event CertificateIssued(
        bytes32 indexed certHash,
        bytes32 indexed certType,
        bytes32 subject,
        uint64 validFrom,
        uint64 validUntil,
        address actor
    );
    /// @notice A Merkle batch of `count` certificates of one type was issued under `root`.
    event BatchIssued(
        bytes32 indexed root,
        bytes32 indexed certType,
        uint256 count,
        uint64 validFrom,
        uint64 validUntil,
        address actor
    );
    /// @notice (`certType`, `certHash`) stopped being valid because (`certType`, `successor`) replaces it.
    event CertificateSuperseded(
        bytes32 indexed certHash,
        bytes32 indexed certType,
        bytes32 indexed successor,
        address actor
    );
    /// @notice A certificate was revoked for good with `reason` (a code listed by the SDK).
    event CertificateRevoked(bytes32 indexed certHash, bytes32 indexed certType, uint16 reason, address actor);
    /// @notice A certificate was suspended with `reason`.
    event CertificateSuspended(bytes32 indexed certHash, bytes32 indexed certType, uint16 reason, address actor);
    /// @notice A suspended certificate was reinstated with `reason`.
    event CertificateReinstated(bytes32 indexed certHash, bytes32 indexed certType, uint16 reason, address actor);
    /// @notice A whole batch was revoked.
    event BatchRevoked(bytes32 indexed root, bytes32 indexed certType, uint16 reason, address actor);
    /// @notice The directory reported `department`'s (de)activation; the cached flag of its `typeCount` types follows.
    event DepartmentSynced(bytes32 indexed department, bool active, uint256 typeCount, address indexed actor);
    /// @notice Certificate (`certType`, `certHash`) inside batch `root` was revoked for good, in every batch and
    /// singly; the rest of the batch is untouched.
    event BatchCertificateRevoked(
        bytes32 indexed root,
        bytes32 indexed certHash,
        bytes32 indexed certType,
        uint16 reason,
        address actor
    );
    /// @notice One certificate inside batch `root` was suspended.
    event BatchCertificateSuspended(
        bytes32 indexed root,
        bytes32 indexed certHash,
        bytes32 indexed certType,
        uint16 reason,
        address actor
    );
    /// @notice One suspended certificate inside batch `root` was reinstated.
    event BatchCertificateReinstated(
        bytes32 indexed root,
        bytes32 indexed certHash,
        bytes32 indexed certType,
        uint16 reason,
        address actor
    );

    /// @notice The type id is zero.
    error CertificateRegistryInvalidType();
    /// @notice No certificate type is registered under `certType`.
    error CertificateRegistryUnknownType(bytes32 certType);
    /// @notice A certificate type is already registered under `certType`.
    error CertificateRegistryTypeExists(bytes32 certType);
    /// @notice The directory has no department `department`.
    error CertificateRegistryUnknownDepartment(bytes32 department);
    /// @notice The certificate hash (or batch root) is zero.
    error CertificateRegistryZeroHash();
    /// @notice (`certType`, `certHash`) was already issued (a certificate, or a batch root, is issued once, ever).
    error CertificateRegistryAlreadyIssued(bytes32 certType, bytes32 certHash);
    /// @notice (`certType`, `certHash`) was revoked: revocation is final, it can never be issued again.
    error CertificateRegistryRevokedForever(bytes32 certType, bytes32 certHash);
    /// @notice The validity window is empty (validUntil <= validFrom) or does not fit in 40 bits.
    error CertificateRegistryInvalidValidity(uint64 validFrom, uint64 validUntil);
    /// @notice The validity window ended (at `validUntil`) before the issuance (at `timestamp`).
    error CertificateRegistryValidityEnded(uint64 validUntil, uint64 timestamp);
    /// @notice The validity window is longer than the type allows.
    error CertificateRegistryValidityTooLong(uint64 validFrom, uint64 validUntil, uint64 maxValidity);
    /// @notice No certificate (`certType`, `certHash`) was issued singly.
    error CertificateRegistryUnknownCertificate(bytes32 certType, bytes32 certHash);
    /// @notice No batch of `certType` was issued under `root`.
    error CertificateRegistryUnknownBatch(bytes32 certType, bytes32 root);
    /// @notice The batch is empty (count 0).
    error CertificateRegistryEmptyBatch();
    /// @notice `proof` does not show `certHash` inside batch `root`.
    error CertificateRegistryInvalidProof(bytes32 root, bytes32 certHash);
    /// @notice The current status (`status`) of (`certType`, `certHash`) (or of a batch root) does not allow the action.
    error CertificateRegistryInvalidStatus(bytes32 certType, bytes32 certHash, Status status);
    /// @notice Certificates of `certType` cannot be suspended.
    error CertificateRegistryNotSuspendable(bytes32 certType);
    /// @notice Certificates of `certType` cannot be renewed.
    error CertificateRegistryNotRenewable(bytes32 certType);
    /// @notice `certType` is managed by a contract: officers cannot issue, renew, suspend, reinstate or revoke it.
    error CertificateRegistryManagedType(bytes32 certType);
    /// @notice `certType` is officer-issued: no contract can be authorised for it.
    error CertificateRegistryUnmanagedType(bytes32 certType);
    /// @notice `account` is not a contract the operator authorised for the managed type `certType`.
    error CertificateRegistryUnauthorizedIssuer(bytes32 certType, address account);
    /// @notice The address is zero.
    error CertificateRegistryZeroAddress();
    /// @notice The signed request's deadline has passed.
    error CertificateRegistryExpiredSignature(uint256 deadline);
    /// @notice The signature was made by `recovered`, not by the request's `signer`.
    error CertificateRegistryInvalidSigner(address signer, address recovered);

    /**
     * @notice Registers a certificate type bound to `department`. Operator only.
     * @param maxValidity Longest validity window in seconds (0: unlimited).
     * @param managed Whether the type is contract-managed (fixed for good): officers can never touch it,
     * only the contracts authorised with {setIssuerAuthorised}.
     */
    function registerType(
        bytes32 certType,
        bytes32 department,
        uint64 maxValidity,
        bool renewable,
        bool suspendable,
        bool managed
    ) external;

    /// @notice Authorises (or deauthorises) contract `issuer` for the managed type `certType`. Operator only.
    function setIssuerAuthorised(bytes32 certType, address issuer, bool authorised) external;

    /// @notice Issues (`certType`, `certHash`); only an officer of the type's department may, and never for a managed type.
    function issue(bytes32 certType, bytes32 certHash, bytes32 subject, uint64 validFrom, uint64 validUntil) external;

    /**
     * @notice Issues a Merkle batch of `count` certificates of one type and one validity window.
     * @dev Leaves are `@openzeppelin/merkle-tree` StandardMerkleTree leaves of `["bytes32"]` (the certificate hash):
     * keccak256(bytes.concat(keccak256(abi.encode(certHash)))). The root is bound to `certType`.
     */
    function issueBatch(bytes32 certType, bytes32 root, uint256 count, uint64 validFrom, uint64 validUntil) external;

    /// @notice Issues a certificate an officer signed off chain (EIP-712); anyone may submit it.
    function issueWithSignature(IssueRequest calldata request, bytes calldata signature) external;

    /// @notice Issues (`certType`, `newHash`) replacing (`certType`, `oldHash`), which stops being valid. Type must be renewable.
    function renew(
        bytes32 certType,
        bytes32 oldHash,
        bytes32 newHash,
        bytes32 subject,
        uint64 validFrom,
        uint64 validUntil
    ) external;

    /// @notice Revokes a certificate for good.
    function revoke(bytes32 certType, bytes32 certHash, uint16 reason) external;

    /// @notice Suspends an active certificate (type must be suspendable).
    function suspend(bytes32 certType, bytes32 certHash, uint16 reason) external;

    /// @notice Reinstates a suspended certificate.
    function reinstate(bytes32 certType, bytes32 certHash, uint16 reason) external;

    /// @notice Revokes a whole batch.
    function revokeBatch(bytes32 certType, bytes32 root, uint16 reason) external;

    /// @notice Revokes (`certType`, `certHash`) inside batch `root` (proved by `proof`) for good, in every batch and
    /// singly; the rest of the batch stays valid.
    function revokeInBatch(
        bytes32 certType,
        bytes32 root,
        bytes32 certHash,
        bytes32[] calldata proof,
        uint16 reason
    ) external;

    /// @notice Suspends one certificate inside batch `root`.
    function suspendInBatch(
        bytes32 certType,
        bytes32 root,
        bytes32 certHash,
        bytes32[] calldata proof,
        uint16 reason
    ) external;

    /// @notice Reinstates one suspended certificate inside batch `root`.
    function reinstateInBatch(
        bytes32 certType,
        bytes32 root,
        bytes32 certHash,
        bytes32[] calldata proof,
        uint16 reason
    ) external;

    /// @notice The certificate type registered under `certType`; reverts for an unknown type.
    function certificateType(bytes32 certType) external view returns (CertificateType memory);

    /// @notice Whether `issuer` may call {issueFor} and {revokeFor} for `certType`.
    function isIssuerAuthorised(bytes32 certType, address issuer) external view returns (bool);

    /// @notice A singly issued (or revoked) certificate (status NotIssued and zeros when unknown).
    function certificate(bytes32 certType, bytes32 certHash) external view returns (CertificateView memory);

    /// @notice Many certificates of one type in one call (private chains have no Multicall3).
    function certificates(
        bytes32 certType,
        bytes32[] calldata certHashes
    ) external view returns (CertificateView[] memory);

    /// @notice A certificate of batch `root` of `certType`; status NotIssued when the proof fails or the batch is unknown.
    function batchCertificate(
        bytes32 certType,
        bytes32 root,
        bytes32 certHash,
        bytes32[] calldata proof
    ) external view returns (CertificateView memory);

    /// @notice The status now of a singly issued certificate.
    function statusOf(bytes32 certType, bytes32 certHash) external view returns (Status);

    /// @notice The status of a singly issued certificate at unix time `timestamp` (exact, past suspensions included).
    function statusAt(bytes32 certType, bytes32 certHash, uint64 timestamp) external view returns (Status);

    /// @notice The statuses now of many singly issued certificates of one type.
    function statuses(bytes32 certType, bytes32[] calldata certHashes) external view returns (Status[] memory);

    /// @notice The status of a certificate of batch `root` at unix time `timestamp` (exact, past suspensions included).
    function batchStatusAt(
        bytes32 certType,
        bytes32 root,
        bytes32 certHash,
        bytes32[] calldata proof,
        uint64 timestamp
    ) external view returns (Status);

    /// @notice Whether a certificate of batch `root` is valid now.
    function isValidInBatch(
        bytes32 certType,
        bytes32 root,
        bytes32 certHash,
        bytes32[] calldata proof
    ) external view returns (bool);
}
