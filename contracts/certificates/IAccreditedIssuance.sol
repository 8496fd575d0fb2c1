// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title IAccreditedIssuance
 * @notice Certificates issued by organisations that are not departments (a hospital's fiscal bills, a shop's
 * invoices): a contract-managed certificate type names a **participant role** (e.g. `INVOICE_ISSUER`, owned by
 * TAX), and any account accredited in that role at the moment of issuance may issue certificates of the type,
 * singly or as a Merkle batch root, through this contract (the type's one authorised issuer). Who issued each
 * certificate (or root) is recorded, so a verifier can show the accredited issuer.
 * @dev The accreditation rule is the participant registry's, asked live; the certificate rules (validity, batches,
 * revocation is final) are the certificate registry's. This contract only joins the two.
 */
interface IAccreditedIssuance {
    /// @notice The operator bound `certType` to participant `role` (0: no longer issued through this contract).
    event IssuerRoleSet(bytes32 indexed certType, bytes32 indexed role, address indexed actor);
    /// @notice `issuer`, accredited in `role`, issued (`certType`, `certHash`): a single certificate, or a batch root.
    event AccreditedIssued(
        bytes32 indexed certType,
        bytes32 indexed certHash,
        address indexed issuer,
        bytes32 role,
        bool batch
    );
    /// @notice `actor` (the certificate's issuer, or an officer of the role's department) revoked it for good.
    event AccreditedRevoked(bytes32 indexed certType, bytes32 indexed certHash, address indexed actor, uint16 reason);

    /// @notice `certType` is bound to no participant role here.
    error AccreditedIssuanceUnknownType(bytes32 certType);
    /// @notice `role` is not a defined participant role, or its department (`roleDepartment`) does not own
    /// `certType` (`typeDepartment`): a department accredits issuers only of its own types.
    error AccreditedIssuanceRoleMismatch(
        bytes32 certType,
        bytes32 role,
        bytes32 roleDepartment,
        bytes32 typeDepartment
    );
    /// @notice (`certType`, `certHash`) was not issued through this contract.
    error AccreditedIssuanceUnknownCertificate(bytes32 certType, bytes32 certHash);
    /// @notice A registry address is zero.
    error AccreditedIssuanceZeroAddress();

    /// @notice Binds `certType` (contract-managed, this contract authorised for it) to participant `role`. Operator.
    function setIssuerRole(bytes32 certType, bytes32 role) external;

    /// @notice Issues (`certType`, `certHash`) as the caller, who must be accredited in the type's role now.
    function issue(bytes32 certType, bytes32 certHash, bytes32 subject, uint64 validFrom, uint64 validUntil) external;

    /// @notice Issues a Merkle batch of `count` certificates of `certType` under `root` (leaves as the registry's
    /// `issueBatch`), as the caller, who must be accredited in the type's role now.
    function issueBatch(bytes32 certType, bytes32 root, uint256 count, uint64 validFrom, uint64 validUntil) external;

    /// @notice Revokes a singly issued (`certType`, `certHash`) for good: its issuer (still accredited), or an
    /// officer of the department that owns the type's role.
    function revoke(bytes32 certType, bytes32 certHash, uint16 reason) external;

    /// @notice The participant role whose accredited accounts issue `certType` (0 when none).
    function issuerRole(bytes32 certType) external view returns (bytes32);

    /// @notice The account that issued (`certType`, `certHash`) (or batch root) through this contract (0 if none).
    function issuerOf(bytes32 certType, bytes32 certHash) external view returns (address);
}
