// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";

import {DepartmentGated} from "../access/DepartmentGated.sol";
import {GovRoles} from "../access/GovRoles.sol";
import {IDepartmentDirectory} from "../access/IDepartmentDirectory.sol";
import {IDataExchange} from "./IDataExchange.sol";
import {IReceiptLog} from "./IReceiptLog.sol";
import {StaticQuery} from "../utils/StaticQuery.sol";

/**
 * @title DataExchange
 * @notice The catalogue, agreements and receipts of data sharing between departments.
 * @dev Receipts are recorded by the {ReceiptLog} (a plain contract, for gas: see its @dev and
 * docs/EXCHANGE.md). This contract is the source of truth for grants and consents and pushes
 * every change that affects a receipt (issue, revocation, submitter key, consent revocation) to
 * the log's one-slot mirror in the same transaction, and (as a listener of the directory) every
 * department (de)activation to the log's department cache.
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

    /// @notice The EIP-712 type a subject signs to give a consent (recorded by the department it names).
    bytes32 public constant RECORD_CONSENT_TYPEHASH = keccak256(
        "RecordConsent(bytes32 department,bytes32 subject,bytes32 purpose,bytes32 dataset,uint40 expiresAt,uint256 nonce,uint256 deadline)"
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
        if (id == bytes32(0)) revert DataExchangeZeroValue(bytes32("id"));
        if (schemaHash == bytes32(0)) revert DataExchangeZeroValue(bytes32("schemaHash"));
        if (endpointHash == bytes32(0)) revert DataExchangeZeroValue(bytes32("endpointHash"));
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
        if (schemaHash == bytes32(0)) revert DataExchangeZeroValue(bytes32("schemaHash"));
        if (endpointHash == bytes32(0)) revert DataExchangeZeroValue(bytes32("endpointHash"));
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
        Classification classification = d.classification;
        bytes32 cosigner = d.cosigner;
        if (cosigner == requester) revert DataExchangeCosignerIsRequester(dataset_, requester);
        if (purpose == bytes32(0)) revert DataExchangeZeroValue(bytes32("purpose"));
        if (legalBasis == bytes32(0)) revert DataExchangeZeroValue(bytes32("legalBasis"));
        if (scopeHash == bytes32(0)) revert DataExchangeZeroValue(bytes32("scopeHash"));
        if (duration == 0 || duration > MAX_GRANT_DURATION) {
            revert DataExchangeInvalidDuration(duration, MAX_GRANT_DURATION);
        }
        if (consentId != 0 || d.personal) _checkConsentCovers(consentId, dataset_, purpose, requester);

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
            classification: classification,
            approvedScope: bytes32(0),
            approvedExpiry: 0,
            cosigner: cosigner
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
        // The bar fixed at request time; a later reclassification may raise it, never lower it.
        Classification classification = r.classification;
        if (d.classification > classification) {
            classification = d.classification;
            if (classification == Classification.Confidential) r.cosigner = d.cosigner;
            r.classification = classification;
        }
        bool authorized =
            classification >= Classification.Restricted
                ? _isAdmin(d.owner, msg.sender)
                : _isOfficer(d.owner, msg.sender);
        if (!authorized) {
            _revertIfDeactivated(d.owner, msg.sender);
            revert DataExchangeUnauthorizedApprover(requestId, msg.sender);
        }

        uint40 max = uint40(block.timestamp) + r.duration;
        if (expiresAt == 0) expiresAt = max;
        else if (expiresAt <= block.timestamp || expiresAt > max) revert DataExchangeInvalidExpiry(expiresAt, max);
        if (scopeHash == bytes32(0)) scopeHash = r.scopeHash;
        if (r.consentId != 0) {
            // A grant never outlives the consent it relies on.
            uint40 consentExpiry = _checkConsentCovers(r.consentId, r.dataset, r.purpose, r.requester);
            if (consentExpiry < expiresAt) expiresAt = consentExpiry;
        }
        r.approvedScope = scopeHash;
        r.approvedExpiry = expiresAt;

        if (classification == Classification.Confidential) {
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
        _liveDataset(r.dataset);
        // The co-signer fixed for this request, never the requester itself (two departments decide).
        bytes32 cosigner = r.cosigner;
        if (cosigner == r.requester) revert DataExchangeCosignerIsRequester(r.dataset, r.requester);
        if (!_isAdmin(cosigner, msg.sender)) {
            _revertIfDeactivated(cosigner, msg.sender);
            revert DataExchangeUnauthorizedApprover(requestId, msg.sender);
        }
        if (r.approvedExpiry <= block.timestamp) revert DataExchangeInvalidExpiry(r.approvedExpiry, block.timestamp);
        if (r.consentId != 0) _checkConsentCovers(r.consentId, r.dataset, r.purpose, r.requester);
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
        bytes32 department;
        if (_isOfficer(d.owner, msg.sender)) {
            department = d.owner;
        } else if (status == RequestStatus.Endorsed && _isAdmin(r.cosigner, msg.sender)) {
            department = r.cosigner;
        } else {
            _revertIfDeactivated(d.owner, msg.sender);
            revert DataExchangeUnauthorizedApprover(requestId, msg.sender);
        }
        r.status = RequestStatus.Rejected;
        emit RequestRejected(requestId, department, reason, msg.sender);
    }

    /// @inheritdoc IDataExchange
    function revokeGrant(uint256 grantId, bytes32 reason) external restricted {
        _revoke(grantId, reason, false);
    }

    /// @inheritdoc IDataExchange
    function revokeGrantOfInactiveOwner(uint256 grantId, bytes32 reason) external restricted {
        _revoke(grantId, reason, true);
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
        ConsentTerms calldata terms,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external restricted returns (uint256 consentId) {
        _checkOfficer(terms.department, msg.sender);
        if (terms.subject == bytes32(0)) revert DataExchangeZeroValue(bytes32("subject"));
        if (terms.purpose == bytes32(0)) revert DataExchangeZeroValue(bytes32("purpose"));
        if (terms.signer == address(0)) revert DataExchangeZeroValue(bytes32("signer"));
        if (terms.expiresAt <= block.timestamp) revert DataExchangeInvalidExpiry(terms.expiresAt, block.timestamp);
        _useConsentSignature(terms, nonce, deadline, signature);
        DataExchangeStorage storage $ = _getStorage();
        uint40 id = ++$.consentCount;
        $.consents[id] = Consent(
            terms.signer,
            terms.expiresAt,
            false,
            terms.subject,
            terms.purpose,
            terms.dataset,
            terms.department
        );
        emit ConsentRecorded(
            id,
            terms.subject,
            terms.department,
            terms.purpose,
            terms.dataset,
            terms.signer,
            terms.expiresAt,
            msg.sender
        );
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
        bytes32 structHash = keccak256(abi.encode(REVOKE_CONSENT_TYPEHASH, consentId, nonce, deadline));
        address recovered = _useSignature(signer, structHash, nonce, deadline, signature);
        if (recovered != signer) revert DataExchangeInvalidSignature(consentId, recovered);
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
        return grantId != 0 && _isLive(grantId);
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
    function isGranteeOfficer(uint256 grantId, address account) external view returns (bool) {
        return _isOfficer(_getStorage().requests[grantId].requester, account);
    }

    /// @notice How many requests were made (request and grant ids run from 1 to this).
    function requestCount() external view returns (uint256) {
        return _getStorage().requestCount;
    }

    // ── internals ─────────────────────────────────────────────────────────────

    /**
     * @dev The rule the receipt log applies, read live: consent expiry needs no check (a grant's expiry is
     * clipped to its consent's at approval); a deactivated grantee or the emergency stop ends liveness.
     */
    function _isLive(uint256 grantId) private view returns (bool) {
        DataExchangeStorage storage $ = _getStorage();
        GrantState memory g = $.grants[grantId];
        if (g.expiresAt == 0 || g.revoked || block.timestamp >= g.expiresAt) return false;
        if (g.consentId != 0 && $.consents[g.consentId].revoked) return false;
        (, bool active) = _departmentState($.requests[grantId].requester);
        if (!active) return false;
        return !StaticQuery.isTargetClosed(authority(), address(this));
    }

    /// @dev `byOperator`: the caller passed `restricted` as the operator, who stands in only for a deactivated owner
    /// (it has no officer left to revoke); otherwise the caller must be an officer of the owner.
    function _revoke(uint256 grantId, bytes32 reason, bool byOperator) private {
        GrantState storage g = _grantState(grantId);
        bytes32 owner = _getStorage().datasets[_getStorage().requests[grantId].dataset].owner;
        if (byOperator) {
            (, bool active) = _departmentState(owner);
            if (active) revert DataExchangeOwnerActive(grantId, owner);
        } else {
            _checkOfficer(owner, msg.sender);
        }
        if (g.revoked) revert DataExchangeGrantRevoked(grantId);
        g.revoked = true;
        emit GrantRevoked(grantId, owner, reason, msg.sender);
        _mirror(grantId, g);
    }

    /// @dev The directory reports a (de)activation in its own transaction: push it to the log's cache.
    /// Never reverts for a registered department (a revert would block its deactivation): a department beyond the
    /// log's 65,536 bits can hold no grant ({_mirror} refuses it), so there is nothing to cache.
    function _departmentActiveChanged(bytes32 department, bool active) internal override {
        (uint256 index, ) = _departmentState(department);
        if (index > type(uint16).max) return;
        IReceiptLog log = _getStorage().receiptLog;
        if (address(log) != address(0)) log.mirrorDepartment(uint16(index), active);
        emit DepartmentStateCached(department, uint16(index), active);
    }

    /**
     * @dev A department's index among the directory's departments (its roles are allocated two per department)
     * and its active flag, read from `department(code)`'s answer without decoding its name (code size).
     * Reverts like the directory for an unknown department.
     */
    function _departmentState(bytes32 department) private view returns (uint256 index, bool active) {
        address directory_ = address(directory());
        bytes4 selector = IDepartmentDirectory.department.selector;
        uint256 adminRole;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, selector)
            mstore(add(ptr, 0x04), department)
            if iszero(staticcall(gas(), directory_, ptr, 0x24, 0, 0)) {
                returndatacopy(ptr, 0, returndatasize())
                revert(ptr, returndatasize())
            }
            // The answer: offset, code, kind, active, adminRole, officerRole, name...
            returndatacopy(ptr, 0x60, 0x40)
            active := mload(ptr)
            adminRole := mload(add(ptr, 0x20))
        }
        index = (adminRole - GovRoles.FIRST_DEPARTMENT_ROLE) / 2;
    }

    /// @dev Reverts unless `signature` is the terms' signer's EIP-712 consent at its next nonce, before `deadline`.
    function _useConsentSignature(
        ConsentTerms calldata terms,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) private {
        bytes32 structHash = keccak256(
            abi.encode(
                RECORD_CONSENT_TYPEHASH,
                terms.department,
                terms.subject,
                terms.purpose,
                terms.dataset,
                terms.expiresAt,
                nonce,
                deadline
            )
        );
        address recovered = _useSignature(terms.signer, structHash, nonce, deadline, signature);
        if (recovered != terms.signer) revert DataExchangeInvalidConsentSignature(terms.signer, recovered);
    }

    /**
     * @dev Checks the deadline and `signer`'s next nonce, and returns who signed `structHash` (zero if nobody
     * could be recovered); consumes the nonce only when that is `signer` (the callers revert otherwise).
     */
    function _useSignature(
        address signer,
        bytes32 structHash,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) private returns (address recovered) {
        if (block.timestamp > deadline) revert DataExchangeSignatureExpired(deadline);
        DataExchangeStorage storage $ = _getStorage();
        uint256 expected = $.nonces[signer];
        if (nonce != expected) revert DataExchangeInvalidNonce(signer, expected, nonce);
        (recovered, , ) = ECDSA.tryRecover(_hashTypedDataV4(structHash), signature);
        if (recovered == signer) $.nonces[signer] = expected + 1;
    }

    function _issue(uint256 requestId, Request storage r) private {
        DataExchangeStorage storage $ = _getStorage();
        (, bool active) = _departmentState(r.requester);
        if (!active) revert DataExchangeDepartmentInactive(r.requester);
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
    /// @dev The grantee's active flag travels along: the log's department bits start unset (inactive, fail-safe).
    function _mirror(uint256 grantId, GrantState storage g) private {
        IReceiptLog log = _getStorage().receiptLog;
        if (address(log) == address(0)) return;
        (uint256 index, bool active) = _departmentState(_getStorage().requests[grantId].requester);
        log.mirrorGrant(grantId, g.submitter, g.expiresAt, g.revoked, g.consentId, SafeCast.toUint16(index), active);
    }

    /// @dev Reverts unless the consent exists, is live, was given to `requester`, and covers `dataset_` for
    /// `purpose`; returns its expiry.
    function _checkConsentCovers(
        uint256 consentId,
        bytes32 dataset_,
        bytes32 purpose,
        bytes32 requester
    ) private view returns (uint40 expiresAt) {
        Consent storage c = _getStorage().consents[consentId];
        if (consentId == 0 || c.signer == address(0)) revert DataExchangeConsentMismatch(consentId, dataset_, purpose);
        if (c.revoked) revert DataExchangeConsentRevoked(consentId);
        expiresAt = c.expiresAt;
        if (expiresAt <= block.timestamp) revert DataExchangeConsentExpired(consentId, expiresAt);
        if (c.purpose != purpose || (c.dataset != bytes32(0) && c.dataset != dataset_)) {
            revert DataExchangeConsentMismatch(consentId, dataset_, purpose);
        }
        if (c.department != requester) revert DataExchangeConsentOfOtherDepartment(consentId, c.department, requester);
    }

    function _isOwnReceiptLog(address receiptLog_) private view returns (bool) {
        (bool ok, bytes memory answer) = receiptLog_.staticcall(abi.encodeCall(IReceiptLog.exchange, ()));
        return ok && answer.length == 32 && abi.decode(answer, (address)) == address(this);
    }

    function _checkCosigner(bytes32 id, bytes32 owner, Classification classification, bytes32 cosigner) private view {
        bool valid =
            classification == Classification.Confidential
                ? cosigner != bytes32(0) && cosigner != owner && directory().exists(cosigner)
                : cosigner == bytes32(0);
        if (!valid) revert DataExchangeInvalidCosigner(id, cosigner);
    }

    /// @dev The directory's live officer rule (as {_checkOfficer}), as a bool for the paths that choose between rules.
    function _isOfficer(bytes32 department, address account) private view returns (bool) {
        return
            StaticQuery.askBool(
                address(directory()),
                IDepartmentDirectory.isOfficer.selector,
                uint256(department),
                uint160(account)
            );
    }

    /// @dev The directory's live department-admin rule (department active, admin role in effect).
    function _isAdmin(bytes32 department, address account) private view returns (bool) {
        return
            StaticQuery.askBool(
                address(directory()),
                IDepartmentDirectory.isDepartmentAdmin.selector,
                uint256(department),
                uint160(account)
            );
    }

    function _checkAdmin(bytes32 department, address account) private view {
        if (!_isAdmin(department, account)) {
            _revertIfDeactivated(department, account);
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
