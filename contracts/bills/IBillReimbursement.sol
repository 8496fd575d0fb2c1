// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ICertificateRegistry} from "../certificates/ICertificateRegistry.sol";

/**
 * @title IBillReimbursement
 * @notice The citywide reimbursement state of electronic bills (invoices, fiscal bills), keyed by the bill
 * (certificate type, hash): an accredited reimbursing organisation (employer, insurer, medical-insurance fund)
 * **locks** a valid bill, then **closes** it (reimbursed, final) or **unlocks** it (abandoned; anyone accredited
 * may lock it again). A bill locked or closed by one organisation cannot be locked by another, so a bill is
 * reimbursed at most once in the whole city.
 * @dev The chain records which organisation holds the bill and since when, never the amount. The bill's holder
 * reads the state with {claimOf}.
 */
interface IBillReimbursement {
    enum State {
        None,
        Locked,
        Closed,
        Unlocked
    }

    /// @notice One bill's reimbursement: one storage slot.
    struct Claim {
        /// @dev The organisation that locked (and maybe closed or unlocked) the bill last.
        address reimburser;
        State state;
        /// @dev When the state last changed (unix seconds).
        uint40 changedAt;
    }

    /// @notice The operator made `certType` reimbursable by accounts accredited in participant `reimburserRole`
    /// (0: no longer reimbursable; existing claims keep their state).
    event BillTypeSet(bytes32 indexed certType, bytes32 indexed reimburserRole, address indexed actor);
    event BillLocked(bytes32 indexed certType, bytes32 indexed certHash, address indexed reimburser);
    event BillClosed(bytes32 indexed certType, bytes32 indexed certHash, address indexed reimburser);
    event BillUnlocked(bytes32 indexed certType, bytes32 indexed certHash, address indexed reimburser);

    /// @notice `certType` is not a reimbursable bill type.
    error BillReimbursementUnknownBillType(bytes32 certType);
    /// @notice The bill is not valid now (`status`: never issued, revoked, suspended, expired...), so it cannot be locked.
    error BillReimbursementInvalidBill(bytes32 certType, bytes32 certHash, ICertificateRegistry.Status status);
    /// @notice The bill is locked or closed (`state`) by `reimburser`.
    error BillReimbursementUnavailable(bytes32 certType, bytes32 certHash, State state, address reimburser);
    /// @notice `account` does not hold the lock of the bill (state `state`, by `reimburser`).
    error BillReimbursementNotLocker(
        bytes32 certType,
        bytes32 certHash,
        address account,
        State state,
        address reimburser
    );
    /// @notice No bills given, or the bills and proofs differ in number.
    error BillReimbursementInvalidInput();
    /// @notice A registry address is zero.
    error BillReimbursementZeroAddress();

    /// @notice Makes `certType` reimbursable by accounts accredited in participant `role` (0: no longer). Operator.
    function setBillType(bytes32 certType, bytes32 role) external;

    /// @notice Locks singly issued bills of one type for the caller (accredited in the type's reimburser role).
    /// All or nothing: one unavailable or invalid bill refuses the whole call.
    function lock(bytes32 certType, bytes32[] calldata certHashes) external;

    /// @notice Locks bills issued in the Merkle batch `root` of `certType`, each proved by its proof.
    function lockInBatch(
        bytes32 certType,
        bytes32 root,
        bytes32[] calldata certHashes,
        bytes32[][] calldata proofs
    ) external;

    /// @notice Closes (reimbursed, final) bills the caller locked; the caller must still be accredited.
    function close(bytes32 certType, bytes32[] calldata certHashes) external;

    /// @notice Releases bills the caller locked (abandoned), so another organisation may lock them. Needs no
    /// accreditation: an organisation whose accreditation ended must still be able to let go of its locks.
    function unlock(bytes32 certType, bytes32[] calldata certHashes) external;

    /// @notice The participant role whose accredited accounts reimburse `certType` (0 when not reimbursable).
    function reimburserRole(bytes32 certType) external view returns (bytes32);

    /// @notice The reimbursement state of bill (`certType`, `certHash`).
    function claimOf(bytes32 certType, bytes32 certHash) external view returns (Claim memory);

    /// @notice Many bills' states of one type in one call.
    function claims(bytes32 certType, bytes32[] calldata certHashes) external view returns (Claim[] memory);
}
