// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {DepartmentGated} from "../access/DepartmentGated.sol";
import {GovRoles} from "../access/GovRoles.sol";
import {IDepartmentDirectory} from "../access/IDepartmentDirectory.sol";

import {IDataExchange} from "./IDataExchange.sol";
import {IReceiptLog} from "./IReceiptLog.sol";
import {StaticQuery} from "../utils/StaticQuery.sol";

/**
 * @title ReceiptLog
 * @notice The exchange's access receipts: events only, checked against a one-slot mirror of the grant,
 * a cache of its grantee department's active flag, and the exchange's emergency stop.
 * @dev Deliberately NOT behind a proxy and NOT `restricted`: the proxy (~4.9k gas) and the
 * AccessManager's `canCall` round trip would put a receipt far above its budget. What that costs:
 * - Upgrades: the log's only state is a cache of the exchange's truth. The exchange takes its
 *   log once; replacing it is an exchange upgrade (through the AccessManager delay) that must
 *   also stop the old log, after which the new log is filled with {sync} and {syncDepartments}.
 * - Deactivation: the exchange (a listener of the directory) pushes a department's active flag in
 *   the transaction that changes it; a department never pushed counts as inactive (fail-safe).
 * - Emergency stop: the directory closes the exchange in the AccessManager and tells nobody, so
 *   every receipt asks the AccessManager whether the exchange is closed (its authority when this
 *   log was built): no cache, so the stop bites in the same transaction.
 * Bounded gas: {sync} and {syncDepartments} are bounded by their calldata; nothing else loops.
 */
contract ReceiptLog is IReceiptLog {
    /// @dev The grant part of the receipt check in one slot: 160 + 32 + 8 + 40 + 16 = 256 bits.
    /// `expiresAt` is uint32 (seconds, good to 2106): a truncated later expiry would read as expired (fail-safe).
    struct GrantState {
        address submitter;
        uint32 expiresAt;
        bool revoked;
        uint40 consentId;
        /// @dev The grantee department's bit in `_activeDepartments` (its index in the directory).
        uint16 department;
    }

    /// @inheritdoc IReceiptLog
    IDataExchange public immutable exchange;
    /// @notice The AccessManager whose closed flag for the exchange is the emergency stop.
    IAccessManager public immutable manager;
    /// @notice The exchange's department directory (the truth {sync} and {syncDepartments} copy).
    IDepartmentDirectory public immutable directory;

    mapping(uint256 grantId => GrantState) private _grants;
    mapping(uint256 consentId => bool) private _consentRevoked;
    /// @dev 256 departments per word, bit set = active. Unset (never pushed) reads as inactive.
    mapping(uint256 word => uint256 bits) private _activeDepartments;

    modifier onlyExchange() {
        if (msg.sender != address(exchange)) revert ReceiptLogOnlyExchange(msg.sender);
        _;
    }

    constructor(IDataExchange exchange_) {
        if (address(exchange_) == address(0)) revert ReceiptLogZeroExchange();
        exchange = exchange_;
        manager = IAccessManager(IAccessManaged(address(exchange_)).authority());
        IDepartmentDirectory directory_ = DepartmentGated(address(exchange_)).directory();
        directory = directory_;
        // The department cache is only as good as the directory's pushes to the exchange.
        if (!_isListener(directory_, address(exchange_))) {
            revert ReceiptLogExchangeNotListening(address(exchange_), address(directory_));
        }
    }

    /// @inheritdoc IReceiptLog
    function mirrorGrant(
        uint256 grantId,
        address submitter,
        uint40 expiresAt,
        bool revoked,
        uint40 consentId,
        uint16 department,
        bool departmentActive
    ) external onlyExchange {
        _grants[grantId] = GrantState(submitter, uint32(expiresAt), revoked, consentId, department);
        _setDepartment(department, departmentActive);
    }

    /// @inheritdoc IReceiptLog
    function mirrorDepartment(uint16 index, bool active) external onlyExchange {
        _setDepartment(index, active);
    }

    /// @inheritdoc IReceiptLog
    function mirrorConsentRevoked(uint256 consentId) external onlyExchange {
        _consentRevoked[consentId] = true;
    }

    /// @inheritdoc IReceiptLog
    /// @dev An id the exchange does not know is skipped.
    function sync(uint256[] calldata grantIds) external {
        for (uint256 i = 0; i < grantIds.length; i++) {
            try exchange.grant(grantIds[i]) returns (IDataExchange.Grant memory g) {
                (uint16 department, bool active) = _departmentState(g.grantee);
                _grants[grantIds[i]] = GrantState(
                    g.submitter,
                    uint32(g.expiresAt),
                    g.revoked,
                    uint40(g.consentId),
                    department
                );
                if (g.consentId != 0 && exchange.consent(g.consentId).revoked) _consentRevoked[g.consentId] = true;
                _setDepartment(department, active);
            } catch {}
        }
    }

    /// @inheritdoc IReceiptLog
    function syncDepartments(bytes32[] calldata departments) external {
        for (uint256 i = 0; i < departments.length; i++) {
            (uint16 index, bool active) = _departmentState(departments[i]);
            _setDepartment(index, active);
        }
    }

    /// @inheritdoc IReceiptLog
    function recordReceipt(uint256 grantId, bytes32 queryHash, bytes32 responseHash) external {
        _checkReceipt(grantId);
        emit AccessRecorded(grantId, queryHash, responseHash, msg.sender);
    }

    /// @inheritdoc IReceiptLog
    function recordReceiptBatch(uint256 grantId, bytes32 root, uint32 count) external {
        if (count == 0) revert IDataExchange.DataExchangeEmptyBatch(grantId);
        _checkReceipt(grantId);
        emit AccessBatchRecorded(grantId, root, count, msg.sender);
    }

    /// @inheritdoc IReceiptLog
    function isLive(uint256 grantId) external view returns (bool) {
        GrantState memory g = _grants[grantId];
        return
            g.expiresAt != 0 &&
            !g.revoked &&
            block.timestamp < g.expiresAt &&
            (g.consentId == 0 || !_consentRevoked[g.consentId]) &&
            _isDepartmentActive(g.department) &&
            !StaticQuery.isTargetClosed(address(manager), address(exchange));
    }

    /// @dev Two cold SLOADs (three for a consent-based grant) and one AccessManager read; the exchange
    /// (directory) only off the fast path.
    function _checkReceipt(uint256 grantId) private view {
        GrantState memory g = _grants[grantId];
        if (g.expiresAt == 0) revert IDataExchange.DataExchangeUnknownGrant(grantId);
        if (g.revoked) revert IDataExchange.DataExchangeGrantRevoked(grantId);
        if (block.timestamp >= g.expiresAt) revert IDataExchange.DataExchangeGrantExpired(grantId, g.expiresAt);
        if (!_isDepartmentActive(g.department)) revert IDataExchange.DataExchangeGranteeInactive(grantId);
        if (g.consentId != 0 && _consentRevoked[g.consentId]) {
            revert IDataExchange.DataExchangeConsentRevoked(g.consentId);
        }
        if (StaticQuery.isTargetClosed(address(manager), address(exchange)))
            revert IDataExchange.DataExchangeClosed(address(exchange));
        if (msg.sender != g.submitter && !exchange.isGranteeOfficer(grantId, msg.sender)) {
            revert IDataExchange.DataExchangeUnauthorizedSubmitter(grantId, msg.sender);
        }
    }

    /// @dev The department's bit (its index in the directory: roles are allocated two per department) and flag.
    function _departmentState(bytes32 code) private view returns (uint16 index, bool active) {
        IDepartmentDirectory.Department memory d = directory.department(code);
        return (SafeCast.toUint16((d.adminRole - GovRoles.FIRST_DEPARTMENT_ROLE) / 2), d.active);
    }

    function _isListener(IDepartmentDirectory directory_, address listener) private view returns (bool) {
        address[] memory listeners = directory_.departmentListeners();
        for (uint256 i = 0; i < listeners.length; i++) {
            if (listeners[i] == listener) return true;
        }
        return false;
    }

    function _setDepartment(uint16 index, bool active) private {
        uint256 bit = 1 << (index & 0xff);
        uint256 word = _activeDepartments[index >> 8];
        _activeDepartments[index >> 8] = active ? word | bit : word & ~bit;
    }

    function _isDepartmentActive(uint16 index) private view returns (bool) {
        return _activeDepartments[index >> 8] & (1 << (index & 0xff)) != 0;
    }
}
