// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title IParticipantRegistry
 * @notice Organisations that act on the chain without being departments of the city: bill issuers (businesses,
 * hospitals), reimbursing organisations, merchants, forwarders, airlines, port terminals, utility providers,
 * lenders. Each acts in a **participant role** (e.g. `INVOICE_ISSUER`), and each role is owned by one department
 * (TAX for invoice issuers) whose officers accredit accounts in it, for a validity window, and revoke them.
 * @dev Modules ask {isAccredited} (or {checkAccredited}) at the moment a participant acts; the answer is "now":
 * accredited, inside its window, not revoked, and the owning department active (a deactivated department's
 * accreditations stop counting until it is reactivated, as its officers stop acting).
 */
interface IParticipantRegistry {
    /// @notice One account's accreditation in one role. `validUntil` 0 = no end.
    struct Accreditation {
        uint64 validFrom;
        uint64 validUntil;
        bool revoked;
    }

    /// @notice The operator defined a participant role, owned (accredited) by `department`.
    event ParticipantRoleDefined(bytes32 indexed role, bytes32 indexed department);
    /**
     * @notice An officer of the role's department accredited `account` (again, replacing an earlier
     * accreditation); `label` names the organisation for readers (a business name, never a person's data).
     */
    event ParticipantAccredited(
        bytes32 indexed role,
        address indexed account,
        bytes32 indexed department,
        uint64 validFrom,
        uint64 validUntil,
        address officer,
        string label
    );
    /// @notice An officer of the role's department revoked `account`'s accreditation, for a reason code.
    event ParticipantAccreditationRevoked(
        bytes32 indexed role,
        address indexed account,
        bytes32 indexed department,
        address officer,
        bytes32 reason
    );

    /// @notice The role is not defined.
    error ParticipantRegistryUnknownRole(bytes32 role);
    /// @notice The role is already defined (roles keep their department for good).
    error ParticipantRegistryRoleExists(bytes32 role);
    /// @notice The role's code, or the department, is empty; or the department is not registered.
    error ParticipantRegistryInvalidRole(bytes32 role, bytes32 department);
    /// @notice The account is zero, or the window is empty or already over.
    error ParticipantRegistryInvalidAccreditation(bytes32 role, address account, uint64 validFrom, uint64 validUntil);
    /// @notice The account holds no accreditation in the role that could be revoked.
    error ParticipantRegistryNotAccredited(bytes32 role, address account);

    /// @notice Defines a participant role owned by `department` (operator; routine governance).
    function defineRole(bytes32 role, bytes32 department) external;

    /// @notice Accredits `account` in `role` from `validFrom` (0 = now) until `validUntil` (0 = no end).
    /// Only an officer of the role's department.
    function accredit(
        bytes32 role,
        address account,
        uint64 validFrom,
        uint64 validUntil,
        string calldata label
    ) external;

    /// @notice Revokes `account`'s accreditation in `role`. Only an officer of the role's department.
    function revokeAccreditation(bytes32 role, address account, bytes32 reason) external;

    /// @notice The department that owns `role` (zero when the role is not defined).
    function roleDepartment(bytes32 role) external view returns (bytes32);

    /// @notice `account`'s accreditation record in `role` (all zero when never accredited).
    function accreditation(bytes32 role, address account) external view returns (Accreditation memory);

    /// @notice Whether `account` may act in `role` now (see the contract's dev note).
    function isAccredited(bytes32 role, address account) external view returns (bool);

    /// @notice Reverts with {ParticipantRegistryNotAccredited} unless {isAccredited}.
    function checkAccredited(bytes32 role, address account) external view;
}
