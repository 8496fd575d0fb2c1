// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";

import {DepartmentGated} from "../access/DepartmentGated.sol";
import {IDepartmentDirectory} from "../access/IDepartmentDirectory.sol";
import {IDataExchange} from "./IDataExchange.sol";
import {IReceiptLog} from "./IReceiptLog.sol";

/**
 * @title DataExchange
 * @notice The catalogue, agreements and receipts of data sharing between departments.
 * @dev Receipts are recorded by the {ReceiptLog} (a plain contract, for gas: see its @dev and
 * docs/EXCHANGE.md). This contract is the source of truth for grants and consents and pushes
 * every change that affects a receipt (issue, revocation, submitter key, consent revocation) to
 * the log's one-slot mirror in the same transaction.
 * Bounded gas: no function loops over registry data.
 */
contract DataExchange is DepartmentGated, EIP712Upgradeable, IDataExchange {
    /// @dev What a receipt depends on, packed in one slot (160 + 40 + 8 + 40 = 248 bits) and mirrored to the ReceiptLog.
    struct GrantState {
        address submitter;
        uint40 expiresAt;
        bool revoked;
        uint40 consentId;
    }

    /// @custom:storage-location erc7201:govchain.storage.DataExchange
    struct DataExchangeStorage {
        mapping(bytes32 id => Dataset) datasets;
        mapping(uint256 requestId => Request) requests;
        mapping(uint256 grantId => GrantState) grants;
        mapping(uint256 consentId => Consent) consents;
        /// @dev keccak256(department, dataset, purpose) → the latest grant issued for that triple.
        mapping(bytes32 key => uint256 grantId) latestGrant;
        mapping(address signer => uint256) nonces;
        uint256 requestCount;
        uint40 consentCount;
        IReceiptLog receiptLog;
    }

    // keccak256(abi.encode(uint256(keccak256("govchain.storage.DataExchange")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xa5d2ad2682c32c9e318dcb6f56951100ffc0cf2c8f11b72dcfffc4c56d0dd200;

    /// @notice The EIP-712 type a subject signs to revoke a consent.
    bytes32 public constant REVOKE_CONSENT_TYPEHASH = keccak256(
        "RevokeConsent(uint256 consentId,uint256 nonce,uint256 deadline)"
    );

    /// @notice The longest a grant may last: five years.
    uint40 public constant MAX_GRANT_DURATION = 5 * 365 days;

    /**
     * @notice Initializes the proxy.
     * @param authority The suite's AccessManager.
     * @param directory_ The department directory.
     */
    function initialize(address authority, IDepartmentDirectory directory_) external initializer {
        __DepartmentGated_init(authority, directory_);
        __EIP712_init("govchain DataExchange", "1");
    }

    // ── catalogue ─────────────────────────────────────────────────────────────

    /// @inheritdoc IDataExchange
    function registerDataset(
        bytes32 id,
        bytes32 owner,
        bytes32 schemaHash,
        bytes32 endpointHash,
        Classification classification,
        bool personal,
        bytes32 cosigner
    ) external restricted {
        _checkOfficer(owner, msg.sender);
        if (id == bytes32(0)) revert DataExchangeZeroValue("id");
        if (schemaHash == bytes32(0)) revert DataExchangeZeroValue("schemaHash");
        if (endpointHash == bytes32(0)) revert DataExchangeZeroValue("endpointHash");
        DataExchangeStorage storage $ = _getStorage();
        if ($.datasets[id].owner != bytes32(0)) revert DataExchangeDuplicateDataset(id);
        _checkCosigner(id, owner, classification, cosigner);
        $.datasets[id] = Dataset(owner, schemaHash, endpointHash, cosigner, 1, classification, personal, false);
        emit DatasetRegistered(id, owner, classification, schemaHash, endpointHash, personal, cosigner, msg.sender);
    }

    /// @inheritdoc IDataExchange
    function updateDataset(bytes32 id, bytes32 schemaHash, bytes32 endpointHash) external restricted {
        Dataset storage d = _liveDataset(id);
        _checkOfficer(d.owner, msg.sender);
        if (schemaHash == bytes32(0)) revert DataExchangeZeroValue("schemaHash");
        if (endpointHash == bytes32(0)) revert DataExchangeZeroValue("endpointHash");
        d.schemaHash = schemaHash;
        d.endpointHash = endpointHash;
        uint32 version = ++d.version;
        emit DatasetUpdated(id, version, schemaHash, endpointHash, msg.sender);
    }

    /// @inheritdoc IDataExchange
    function reclassifyDataset(bytes32 id, Classification classification, bytes32 cosigner) external restricted {
        Dataset storage d = _liveDataset(id);
        _checkAdmin(d.owner, msg.sender);
        _checkCosigner(id, d.owner, classification, cosigner);
        d.classification = classification;
        d.cosigner = cosigner;
        uint32 version = ++d.version;
        emit DatasetReclassified(id, version, classification, cosigner, msg.sender);
    }

    /// @inheritdoc IDataExchange
    function retireDataset(bytes32 id) external restricted {
        Dataset storage d = _liveDataset(id);
        _checkOfficer(d.owner, msg.sender);
        d.retired = true;
        emit DatasetRetired(id, d.owner, msg.sender);
    }

    // ── requests and grants ───────────────────────────────────────────────────

    /// @inheritdoc IDataExchange
    function requestAccess(
        bytes32 dataset_,
        bytes32 requester,
        bytes32 purpose,
        bytes32 legalBasis,
        bytes32 scopeHash,
        uint40 duration,
        uint256 consentId
    ) external restricted returns (uint256 requestId) {
        _checkOfficer(requester, msg.sender);
        Dataset storage d = _liveDataset(dataset_);
        if (d.owner == requester) revert DataExchangeSelfRequest(dataset_, requester);
        if (purpose == bytes32(0)) revert DataExchangeZeroValue("purpose");
        if (legalBasis == bytes32(0)) revert DataExchangeZeroValue("legalBasis");
        if (scopeHash == bytes32(0)) revert DataExchangeZeroValue("scopeHash");
        if (duration == 0 || duration > MAX_GRANT_DURATION) {
            revert DataExchangeInvalidDuration(duration, MAX_GRANT_DURATION);
        }
        if (consentId != 0 || d.personal) _checkConsentCovers(consentId, dataset_, purpose);

        DataExchangeStorage storage $ = _getStorage();
        requestId = ++$.requestCount;
        $.requests[requestId] = Request({
            dataset: dataset_,
            requester: requester,
            purpose: purpose,
            legalBasis: legalBasis,
            scopeHash: scopeHash,
            consentId: consentId,
            requestedBy: msg.sender,
            duration: duration,
            status: RequestStatus.Pending,
            approvedScope: bytes32(0),
            approvedExpiry: 0
        });
        emit AccessRequested(
            requestId,
            dataset_,
            requester,
            purpose,
            legalBasis,
            scopeHash,
            duration,
            consentId,
            msg.sender
        );
    }

    /// @inheritdoc IDataExchange
    function approveRequest(uint256 requestId, bytes32 scopeHash, uint40 expiresAt) external restricted {
        Request storage r = _request(requestId);
        if (r.status != RequestStatus.Pending) revert DataExchangeRequestNotPending(requestId, r.status);
        Dataset storage d = _liveDataset(r.dataset);
        IDepartmentDirectory dir = directory();
        bool authorized =
            d.classification >= Classification.Restricted
                ? dir.isDepartmentAdmin(d.owner, msg.sender)
                : dir.isOfficer(d.owner, msg.sender);
        if (!authorized) revert DataExchangeUnauthorizedApprover(requestId, msg.sender);

        uint40 max = uint40(block.timestamp) + r.duration;
        if (expiresAt == 0) expiresAt = max;
        else if (expiresAt <= block.timestamp || expiresAt > max) revert DataExchangeInvalidExpiry(expiresAt, max);
        if (scopeHash == bytes32(0)) scopeHash = r.scopeHash;
        if (r.consentId != 0) {
            // A grant never outlives the consent it relies on.
            uint40 consentExpiry = _checkConsentCovers(r.consentId, r.dataset, r.purpose);
            if (consentExpiry < expiresAt) expiresAt = consentExpiry;
        }
        r.approvedScope = scopeHash;
        r.approvedExpiry = expiresAt;

        if (d.classification == Classification.Confidential) {
            r.status = RequestStatus.Endorsed;
            emit RequestEndorsed(requestId, d.owner, scopeHash, expiresAt, msg.sender);
        } else {
            _issue(requestId, r);
        }
    }

    /// @inheritdoc IDataExchange
    function countersignRequest(uint256 requestId) external restricted {
        Request storage r = _request(requestId);
        if (r.status != RequestStatus.Endorsed) revert DataExchangeRequestNotPending(requestId, r.status);
        Dataset storage d = _liveDataset(r.dataset);
        if (!directory().isDepartmentAdmin(d.cosigner, msg.sender)) {
            revert DataExchangeUnauthorizedApprover(requestId, msg.sender);
        }
        if (r.approvedExpiry <= block.timestamp) revert DataExchangeInvalidExpiry(r.approvedExpiry, block.timestamp);
        if (r.consentId != 0) _checkConsentCovers(r.consentId, r.dataset, r.purpose);
        _issue(requestId, r);
    }

    /// @inheritdoc IDataExchange
    function rejectRequest(uint256 requestId, bytes32 reason) external restricted {
        Request storage r = _request(requestId);
        RequestStatus status = r.status;
        if (status != RequestStatus.Pending && status != RequestStatus.Endorsed) {
            revert DataExchangeRequestNotPending(requestId, status);
        }
        Dataset storage d = _getStorage().datasets[r.dataset];
        IDepartmentDirectory dir = directory();
        bytes32 department;
        if (dir.isOfficer(d.owner, msg.sender)) {
            department = d.owner;
        } else if (status == RequestStatus.Endorsed && dir.isDepartmentAdmin(d.cosigner, msg.sender)) {
            department = d.cosigner;
        } else {
            revert DataExchangeUnauthorizedApprover(requestId, msg.sender);
        }
        r.status = RequestStatus.Rejected;
        emit RequestRejected(requestId, department, reason, msg.sender);
    }

    /// @inheritdoc IDataExchange
    function revokeGrant(uint256 grantId, bytes32 reason) external restricted {
        GrantState storage g = _grantState(grantId);
        bytes32 owner = _getStorage().datasets[_getStorage().requests[grantId].dataset].owner;
        _checkOfficer(owner, msg.sender);
        if (g.revoked) revert DataExchangeGrantRevoked(grantId);
        g.revoked = true;
        emit GrantRevoked(grantId, owner, reason, msg.sender);
        _mirror(grantId, g);
    }

    /// @inheritdoc IDataExchange
    function setGrantSubmitter(uint256 grantId, address submitter) external restricted {
        GrantState storage g = _grantState(grantId);
        _checkOfficer(_getStorage().requests[grantId].requester, msg.sender);
        if (submitter == address(0)) revert DataExchangeZeroSubmitter(grantId);
        g.submitter = submitter;
        emit GrantSubmitterSet(grantId, submitter, msg.sender);
        _mirror(grantId, g);
    }

    // ── consent ───────────────────────────────────────────────────────────────

    /// @inheritdoc IDataExchange
    function recordConsent(
        bytes32 department,
        bytes32 subject,
        bytes32 purpose,
        bytes32 dataset_,
        address signer,
        uint40 expiresAt
    ) external restricted returns (uint256 consentId) {
        _checkOfficer(department, msg.sender);
        if (subject == bytes32(0)) revert DataExchangeZeroValue("subject");
        if (purpose == bytes32(0)) revert DataExchangeZeroValue("purpose");
        if (signer == address(0)) revert DataExchangeZeroValue("signer");
        if (expiresAt <= block.timestamp) revert DataExchangeInvalidExpiry(expiresAt, block.timestamp);
        DataExchangeStorage storage $ = _getStorage();
        uint40 id = ++$.consentCount;
        $.consents[id] = Consent(signer, expiresAt, false, subject, purpose, dataset_, department);
        emit ConsentRecorded(id, subject, department, purpose, dataset_, signer, expiresAt, msg.sender);
        return id;
    }

    /// @inheritdoc IDataExchange
    function revokeConsent(
        uint256 consentId,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external restricted {
        DataExchangeStorage storage $ = _getStorage();
        Consent storage c = $.consents[consentId];
        address signer = c.signer;
        if (signer == address(0)) revert DataExchangeUnknownConsent(consentId);
        if (c.revoked) revert DataExchangeConsentRevoked(consentId);
        if (block.timestamp > deadline) revert DataExchangeSignatureExpired(deadline);
        uint256 expected = $.nonces[signer];
        if (nonce != expected) revert DataExchangeInvalidNonce(signer, expected, nonce);
        bytes32 digest = _hashTypedDataV4(keccak256(abi.encode(REVOKE_CONSENT_TYPEHASH, consentId, nonce, deadline)));
        (address recovered, ECDSA.RecoverError failure, ) = ECDSA.tryRecover(digest, signature);
        if (failure != ECDSA.RecoverError.NoError || recovered != signer) {
            revert DataExchangeInvalidSignature(consentId, recovered);
        }
        $.nonces[signer] = expected + 1;
        c.revoked = true;
        emit ConsentRevoked(consentId, c.subject, msg.sender);
        IReceiptLog log = $.receiptLog;
        if (address(log) != address(0)) log.mirrorConsentRevoked(consentId);
    }

    // ── receipt log ───────────────────────────────────────────────────────────

    /// @inheritdoc IDataExchange
    function setReceiptLog(address receiptLog_) external restricted {
        if (!_isOwnReceiptLog(receiptLog_)) revert DataExchangeInvalidReceiptLog(receiptLog_);
        DataExchangeStorage storage $ = _getStorage();
        address current = address($.receiptLog);
        // Set once: a replaced log would stop receiving revocations yet still accept receipts.
        if (current != address(0) && current != receiptLog_) revert DataExchangeReceiptLogAlreadySet(current);
        $.receiptLog = IReceiptLog(receiptLog_);
        emit ReceiptLogSet(receiptLog_, msg.sender);
    }

    // ── reads ─────────────────────────────────────────────────────────────────

    /// @inheritdoc IDataExchange
    function canAccess(bytes32 department, bytes32 dataset_, bytes32 purpose) external view returns (bool) {
        uint256 grantId = _getStorage().latestGrant[_grantKey(department, dataset_, purpose)];
        return grantId != 0 && _isLive(grantId) && !IAccessManager(authority()).isTargetClosed(address(this));
    }

    /// @inheritdoc IDataExchange
    function dataset(bytes32 id) external view returns (Dataset memory) {
        return _dataset(id);
    }

    /// @inheritdoc IDataExchange
    function request(uint256 requestId) external view returns (Request memory) {
        return _request(requestId);
    }

    /// @inheritdoc IDataExchange
    function grant(uint256 grantId) external view returns (Grant memory) {
        GrantState storage g = _grantState(grantId);
        Request storage r = _getStorage().requests[grantId];
        return
            Grant({
                dataset: r.dataset,
                grantee: r.requester,
                purpose: r.purpose,
                scopeHash: r.approvedScope,
                consentId: g.consentId,
                submitter: g.submitter,
                expiresAt: g.expiresAt,
                revoked: g.revoked,
                live: _isLive(grantId)
            });
    }

    /// @inheritdoc IDataExchange
    function isGrantLive(uint256 grantId) external view returns (bool) {
        return _isLive(grantId);
    }

    /// @inheritdoc IDataExchange
    function consent(uint256 consentId) external view returns (Consent memory c) {
        c = _getStorage().consents[consentId];
        if (c.signer == address(0)) revert DataExchangeUnknownConsent(consentId);
    }

    /// @inheritdoc IDataExchange
    function nonces(address signer) external view returns (uint256) {
        return _getStorage().nonces[signer];
    }

    /// @inheritdoc IDataExchange
    function receiptLog() external view returns (address) {
        return address(_getStorage().receiptLog);
    }

    /// @inheritdoc IDataExchange
    function receiptState(
        uint256 grantId
    ) external view returns (address submitter, uint40 expiresAt, bool revoked, uint40 consentId, bool consentRevoked) {
        DataExchangeStorage storage $ = _getStorage();
        GrantState memory g = $.grants[grantId];
        return (g.submitter, g.expiresAt, g.revoked, g.consentId, g.consentId != 0 && $.consents[g.consentId].revoked);
    }

    /// @inheritdoc IDataExchange
    function isGranteeOfficer(uint256 grantId, address account) external view returns (bool) {
        return directory().isOfficer(_getStorage().requests[grantId].requester, account);
    }

    /// @notice The grant currently answering {canAccess} for the triple (0 if none was ever issued).
    function latestGrant(bytes32 department, bytes32 dataset_, bytes32 purpose) external view returns (uint256) {
        return _getStorage().latestGrant[_grantKey(department, dataset_, purpose)];
    }

    /// @notice How many requests were made (request and grant ids run from 1 to this).
    function requestCount() external view returns (uint256) {
        return _getStorage().requestCount;
    }

    // ── internals ─────────────────────────────────────────────────────────────

    /// @dev Consent expiry needs no check here: a grant's expiry is clipped to its consent's at approval.
    function _isLive(uint256 grantId) private view returns (bool) {
        GrantState memory g = _getStorage().grants[grantId];
        if (g.expiresAt == 0 || g.revoked || block.timestamp >= g.expiresAt) return false;
        return g.consentId == 0 || !_getStorage().consents[g.consentId].revoked;
    }

    function _issue(uint256 requestId, Request storage r) private {
        DataExchangeStorage storage $ = _getStorage();
        r.status = RequestStatus.Approved;
        GrantState storage g = $.grants[requestId];
        (g.submitter, g.expiresAt, g.revoked, g.consentId) = (
            r.requestedBy,
            r.approvedExpiry,
            false,
            uint40(r.consentId)
        );
        $.latestGrant[_grantKey(r.requester, r.dataset, r.purpose)] = requestId;
        emit GrantIssued(
            requestId,
            r.dataset,
            r.requester,
            r.purpose,
            r.approvedScope,
            r.approvedExpiry,
            r.requestedBy,
            msg.sender
        );
        _mirror(requestId, g);
    }

    /// @dev Pushes a grant's receipt state to the log (until a log is set, no receipt can be recorded: fail-safe).
    function _mirror(uint256 grantId, GrantState storage g) private {
        IReceiptLog log = _getStorage().receiptLog;
        if (address(log) != address(0)) log.mirrorGrant(grantId, g.submitter, g.expiresAt, g.revoked, g.consentId);
    }

    /// @dev Reverts unless the consent exists, is live, and covers `dataset_` for `purpose`; returns its expiry.
    function _checkConsentCovers(
        uint256 consentId,
        bytes32 dataset_,
        bytes32 purpose
    ) private view returns (uint40 expiresAt) {
        Consent storage c = _getStorage().consents[consentId];
        if (consentId == 0 || c.signer == address(0)) revert DataExchangeConsentMismatch(consentId, dataset_, purpose);
        if (c.revoked) revert DataExchangeConsentRevoked(consentId);
        expiresAt = c.expiresAt;
        if (expiresAt <= block.timestamp) revert DataExchangeConsentExpired(consentId, expiresAt);
        if (c.purpose != purpose || (c.dataset != bytes32(0) && c.dataset != dataset_)) {
            revert DataExchangeConsentMismatch(consentId, dataset_, purpose);
        }
    }

    function _isOwnReceiptLog(address receiptLog_) private view returns (bool) {
        if (receiptLog_.code.length == 0) return false;
        try IReceiptLog(receiptLog_).exchange() returns (IDataExchange mirrored) {
            return address(mirrored) == address(this);
        } catch {
            return false;
        }
    }

    function _checkCosigner(bytes32 id, bytes32 owner, Classification classification, bytes32 cosigner) private view {
        bool valid =
            classification == Classification.Confidential
                ? cosigner != bytes32(0) && cosigner != owner && directory().exists(cosigner)
                : cosigner == bytes32(0);
        if (!valid) revert DataExchangeInvalidCosigner(id, cosigner);
    }

    function _checkAdmin(bytes32 department, address account) private view {
        if (!directory().isDepartmentAdmin(department, account)) {
            revert DataExchangeUnauthorizedAdmin(department, account);
        }
    }

    function _dataset(bytes32 id) private view returns (Dataset storage d) {
        d = _getStorage().datasets[id];
        if (d.owner == bytes32(0)) revert DataExchangeUnknownDataset(id);
    }

    function _liveDataset(bytes32 id) private view returns (Dataset storage d) {
        d = _dataset(id);
        if (d.retired) revert DataExchangeDatasetRetired(id);
    }

    function _request(uint256 requestId) private view returns (Request storage r) {
        r = _getStorage().requests[requestId];
        if (r.status == RequestStatus.None) revert DataExchangeUnknownRequest(requestId);
    }

    function _grantState(uint256 grantId) private view returns (GrantState storage g) {
        g = _getStorage().grants[grantId];
        if (g.expiresAt == 0) revert DataExchangeUnknownGrant(grantId);
    }

    function _grantKey(bytes32 department, bytes32 dataset_, bytes32 purpose) private pure returns (bytes32) {
        return keccak256(abi.encode(department, dataset_, purpose));
    }

    function _getStorage() private pure returns (DataExchangeStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
