// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IDataExchange} from "./IDataExchange.sol";
import {IReceiptLog} from "./IReceiptLog.sol";

/**
 * @title ReceiptLog
 * @notice The exchange's access receipts: events only, checked against a one-slot mirror of the grant.
 * @dev Deliberately NOT behind a proxy and NOT `restricted`: the proxy (~4.9k gas) and the
 * AccessManager round trip (~9.6k) would put a receipt above its 30k budget. What that costs:
 * - Upgrades: the log's only state is a cache of the exchange's truth. The exchange takes its
 *   log once; replacing it is an exchange upgrade (through the AccessManager delay) that must
 *   also stop the old log, after which the new log is filled with {sync}.
 * - Emergency stop: receipts grant no access; while the exchange is closed `canAccess` answers
 *   false, so gateways stop serving, and late receipts keep the audit trail whole.
 * Bounded gas: {sync} is bounded by its calldata; nothing else loops.
 */
contract ReceiptLog is IReceiptLog {
    /// @dev The whole receipt check in one slot: 160 + 40 + 8 + 40 = 248 bits.
    struct GrantState {
        address submitter;
        uint40 expiresAt;
        bool revoked;
        uint40 consentId;
    }

    /// @inheritdoc IReceiptLog
    IDataExchange public immutable exchange;

    mapping(uint256 grantId => GrantState) private _grants;
    mapping(uint256 consentId => bool) private _consentRevoked;

    modifier onlyExchange() {
        if (msg.sender != address(exchange)) revert ReceiptLogOnlyExchange(msg.sender);
        _;
    }

    constructor(IDataExchange exchange_) {
        if (address(exchange_) == address(0)) revert ReceiptLogZeroExchange();
        exchange = exchange_;
    }

    /// @inheritdoc IReceiptLog
    function mirrorGrant(
        uint256 grantId,
        address submitter,
        uint40 expiresAt,
        bool revoked,
        uint40 consentId
    ) external onlyExchange {
        _grants[grantId] = GrantState(submitter, expiresAt, revoked, consentId);
    }

    /// @inheritdoc IReceiptLog
    function mirrorConsentRevoked(uint256 consentId) external onlyExchange {
        _consentRevoked[consentId] = true;
    }

    /// @inheritdoc IReceiptLog
    function sync(uint256[] calldata grantIds) external {
        for (uint256 i = 0; i < grantIds.length; i++) {
            (address submitter, uint40 expiresAt, bool revoked, uint40 consentId, bool consentRevoked) = exchange
                .receiptState(grantIds[i]);
            _grants[grantIds[i]] = GrantState(submitter, expiresAt, revoked, consentId);
            if (consentRevoked) _consentRevoked[consentId] = true;
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
            (g.consentId == 0 || !_consentRevoked[g.consentId]);
    }

    /// @dev One cold SLOAD (two for a consent-based grant); the exchange (directory) only off the fast path.
    function _checkReceipt(uint256 grantId) private view {
        GrantState memory g = _grants[grantId];
        if (g.expiresAt == 0) revert IDataExchange.DataExchangeUnknownGrant(grantId);
        if (g.revoked) revert IDataExchange.DataExchangeGrantRevoked(grantId);
        if (block.timestamp >= g.expiresAt) revert IDataExchange.DataExchangeGrantExpired(grantId, g.expiresAt);
        if (g.consentId != 0 && _consentRevoked[g.consentId]) {
            revert IDataExchange.DataExchangeConsentRevoked(g.consentId);
        }
        if (msg.sender != g.submitter && !exchange.isGranteeOfficer(grantId, msg.sender)) {
            revert IDataExchange.DataExchangeUnauthorizedSubmitter(grantId, msg.sender);
        }
    }
}
