// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IDataExchange} from "./IDataExchange.sol";

/**
 * @title IReceiptLog
 * @notice Access receipts of the data exchange: every access by a grantee, singly or many under
 * one Merkle root, recorded only while its grant is live at that block.
 * @dev Split from {IDataExchange} for gas (see docs/EXCHANGE.md): a receipt is the hot path and
 * the log is a plain (non-proxy) contract holding a mirror of each grant's liveness in one packed
 * slot and a bit per department. The exchange is the source of truth and pushes every change
 * (issue, revocation, submitter key, consent revocation, department (de)activation); {sync} and
 * {syncDepartments} copy the truth (e.g. for grants issued before the log was set, or into the log
 * of an upgraded exchange). The emergency stop is read from the AccessManager on every receipt.
 * It refuses with the exchange's own custom errors (declared in {IDataExchange}).
 */
interface IReceiptLog {
    /// @notice One access by a grantee, under a live grant.
    event AccessRecorded(uint256 indexed grantId, bytes32 queryHash, bytes32 responseHash, address actor);
    /// @notice `count` accesses under a live grant, committed to by a Merkle root (leaves built by the SDK).
    event AccessBatchRecorded(uint256 indexed grantId, bytes32 root, uint32 count, address actor);

    /// @notice Only the exchange pushes grant and consent changes.
    error ReceiptLogOnlyExchange(address caller);
    /// @notice The exchange address is zero.
    error ReceiptLogZeroExchange();
    /// @notice The exchange is not a listener of its directory, so this log's department cache could miss a deactivation.
    error ReceiptLogExchangeNotListening(address exchange, address directory);

    /// @notice The exchange whose grants this log mirrors.
    function exchange() external view returns (IDataExchange);

    /**
     * @notice Mirrors a grant's receipt state, and its grantee department's bit `department` and active flag
     * (see {mirrorDepartment}). Caller: the exchange.
     */
    function mirrorGrant(
        uint256 grantId,
        address submitter,
        uint40 expiresAt,
        bool revoked,
        uint40 consentId,
        uint16 department,
        bool departmentActive
    ) external;

    /// @notice Mirrors a department's active flag (bit `index`): a deactivated grantee's receipts stop. Caller: the exchange.
    function mirrorDepartment(uint16 index, bool active) external;

    /// @notice Mirrors a consent revocation: every grant relying on it stops. Caller: the exchange.
    function mirrorConsentRevoked(uint256 consentId) external;

    /// @notice Copies the exchange's current state of `grantIds` and their grantee departments (anyone; e.g. after replacing the log).
    function sync(uint256[] calldata grantIds) external;

    /// @notice Copies the directory's current active flag of `departments` (anyone).
    function syncDepartments(bytes32[] calldata departments) external;

    /// @notice Records one access under a live grant. Caller: the grant's submitter key or a grantee officer.
    function recordReceipt(uint256 grantId, bytes32 queryHash, bytes32 responseHash) external;

    /// @notice Records `count` accesses under a live grant as one Merkle root. Caller: as {recordReceipt}.
    function recordReceiptBatch(uint256 grantId, bytes32 root, uint32 count) external;

    /// @notice Whether the log accepts receipts for `grantId` now (ignoring who submits): grant live, grantee
    /// department active, exchange open.
    function isLive(uint256 grantId) external view returns (bool);
}
