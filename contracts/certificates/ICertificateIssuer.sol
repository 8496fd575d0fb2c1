// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title ICertificateIssuer
 * @notice The part of the certificate registry that other modules call: a contract the
 * operator authorised for a certificate type issues certificates of that type on behalf of
 * the type's department (the property registry issues every title certificate this way and
 * supersedes the previous one in the same transaction).
 */
interface ICertificateIssuer {
    /**
     * @notice Issues certificate `certHash` of `certType`, optionally superseding `supersedes`.
     * @dev Only a contract authorised for `certType` may call it; the type's validity rules apply.
     * @param subject Commitment to the holder (never personal data).
     * @param supersedes The certificate this one replaces (0 for none); it stops being valid in the same call.
     */
    function issueFor(
        bytes32 certType,
        bytes32 certHash,
        bytes32 subject,
        uint64 validFrom,
        uint64 validUntil,
        bytes32 supersedes
    ) external;

    /// @notice Whether `certHash` is valid now (issued, not suspended, revoked, superseded or expired).
    function isValid(bytes32 certHash) external view returns (bool);
}
