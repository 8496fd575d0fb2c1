// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title ICertificateIssuer
 * @notice The part of the certificate registry that other modules call. A certificate's identity
 * is the pair (type, hash): a hash issued under one type says nothing about any other type, so
 * nobody can squat a hash another module will need. A type managed by a contract (the property
 * registry's title and proof-of-rights certificates) is changed only by that contract: officers
 * cannot issue, renew, suspend, reinstate or revoke it by hand.
 */
interface ICertificateIssuer {
    /**
     * @notice Issues certificate (`certType`, `certHash`), optionally superseding (`certType`, `supersedes`).
     * @dev Only a contract authorised for the managed type `certType` may call it; the type's validity rules apply.
     * A `supersedes` certificate that has already ended (revoked, superseded) is left as it is, so the
     * caller can never be blocked by the state of a previous certificate.
     * @param subject Commitment to the holder (never personal data).
     * @param supersedes The certificate of the same type this one replaces (0 for none).
     */
    function issueFor(
        bytes32 certType,
        bytes32 certHash,
        bytes32 subject,
        uint64 validFrom,
        uint64 validUntil,
        bytes32 supersedes
    ) external;

    /**
     * @notice Issues a Merkle batch of `count` certificates of the managed type `certType` under `root` (leaves as
     * in {ICertificateRegistry-issueBatch}), e.g. an accredited issuer's bills through the contract that checks
     * its accreditation.
     * @dev Only a contract authorised for `certType` may call it; the type's validity rules apply.
     */
    function issueBatchFor(bytes32 certType, bytes32 root, uint256 count, uint64 validFrom, uint64 validUntil) external;

    /**
     * @notice Revokes certificate (`certType`, `certHash`) of a managed type, for good.
     * @dev Only a contract authorised for `certType` may call it (e.g. the property registry when a
     * mortgage is released). Revoking a certificate that has already ended is a no-op, never a revert.
     */
    function revokeFor(bytes32 certType, bytes32 certHash, uint16 reason) external;

    /// @notice Whether certificate (`certType`, `certHash`) is valid now (issued under that type, and not
    /// suspended, revoked, superseded or expired).
    function isValid(bytes32 certType, bytes32 certHash) external view returns (bool);
}
