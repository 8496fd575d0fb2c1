// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title IDataExchange
 * @notice Data sharing and exchange between departments: a catalogue of datasets, requests
 * and grants with purpose, scope and expiry, consent records for personal data, and access
 * receipts. The data itself stays off chain in each department's systems; the chain holds
 * the catalogue, the agreements and the receipts so that every sharing act can be audited.
 * @dev Approval rules by classification (see docs/EXCHANGE.md):
 * - Public, Internal: any officer of the owner department approves.
 * - Restricted: an admin of the owner department approves.
 * - Confidential: an admin of the owner department endorses, then an admin of the dataset's
 *   co-signing department (a second department named in the catalogue) countersigns.
 * The classification and co-signer that govern a request are fixed when it is made (a later
 * reclassification may raise them, never lower them); the co-signer is never the requester.
 * Grant ids are request ids. Receipts are recorded by the {IReceiptLog} (events only), which
 * refuses one unless its grant is live at that block (not revoked, not expired, its consent, if
 * any, not revoked, its grantee department active, the exchange open).
 */
interface IDataExchange {
    /// @notice How sensitive a dataset is; decides who must approve a request for it.
    enum Classification {
        Public,
        Internal,
        Restricted,
        Confidential
    }

    /// @notice Where a request stands. A confidential request is Endorsed by its owner before it is Approved.
    enum RequestStatus {
        None,
        Pending,
        Endorsed,
        Approved,
        Rejected
    }

    /// @notice A catalogue entry. Hashes only: the schema and the endpoint live off chain.
    struct Dataset {
        bytes32 owner;
        bytes32 schemaHash;
        bytes32 endpointHash;
        /// @dev The second department that countersigns grants of a Confidential dataset (zero otherwise).
        bytes32 cosigner;
        uint32 version;
        Classification classification;
        /// @dev Holds personal data: every request must cite a live consent record.
        bool personal;
        bool retired;
    }

    /// @notice A department's request for a dataset.
    struct Request {
        bytes32 dataset;
        bytes32 requester;
        bytes32 purpose;
        bytes32 legalBasis;
        bytes32 scopeHash;
        uint256 consentId;
        address requestedBy;
        uint40 duration;
        RequestStatus status;
        /// @dev The bar fixed when the request was made (raised, never lowered, by a later reclassification).
        /// Packed with `requestedBy`, `duration` and `status` (one slot written anyway).
        Classification classification;
        /// @dev The scope and expiry the owner approved (or endorsed, for a Confidential request).
        bytes32 approvedScope;
        uint40 approvedExpiry;
        /// @dev The co-signing department fixed for this request (zero unless its bar is Confidential).
        bytes32 cosigner;
    }

    /// @notice A grant as the views return it (id = the request id).
    struct Grant {
        bytes32 dataset;
        bytes32 grantee;
        bytes32 purpose;
        bytes32 scopeHash;
        uint256 consentId;
        address submitter;
        uint40 expiresAt;
        bool revoked;
        bool live;
    }

    /// @notice A subject's consent, by commitment. `signer` is the key the subject revokes with.
    struct Consent {
        address signer;
        uint40 expiresAt;
        bool revoked;
        bytes32 subject;
        bytes32 purpose;
        /// @dev The dataset the consent covers; zero for any dataset of the purpose.
        bytes32 dataset;
        bytes32 department;
    }

    /// @notice What a department records when a subject consents; the subject's key signs exactly these terms.
    struct ConsentTerms {
        /// @dev The department the consent is given to (the only one whose requests it can back).
        bytes32 department;
        bytes32 subject;
        bytes32 purpose;
        /// @dev The dataset covered; zero for any dataset of `purpose`.
        bytes32 dataset;
        /// @dev The subject's key: it signs this consent and any revocation of it.
        address signer;
        uint40 expiresAt;
    }

    /// @notice A dataset was added to the catalogue.
    event DatasetRegistered(
        bytes32 indexed id,
        bytes32 indexed owner,
        Classification classification,
        bytes32 schemaHash,
        bytes32 endpointHash,
        bool personal,
        bytes32 cosigner,
        address indexed actor
    );
    /// @notice A dataset's schema or endpoint changed; `version` is the new version.
    event DatasetUpdated(
        bytes32 indexed id,
        uint32 version,
        bytes32 schemaHash,
        bytes32 endpointHash,
        address indexed actor
    );
    /// @notice A dataset's classification (and co-signing department) changed.
    event DatasetReclassified(
        bytes32 indexed id,
        uint32 version,
        Classification classification,
        bytes32 cosigner,
        address indexed actor
    );
    /// @notice A dataset was retired: no new requests; outstanding grants run on until expiry or revocation.
    event DatasetRetired(bytes32 indexed id, bytes32 indexed owner, address indexed actor);
    /// @notice A department asked for a dataset.
    event AccessRequested(
        uint256 indexed requestId,
        bytes32 indexed dataset,
        bytes32 indexed requester,
        bytes32 purpose,
        bytes32 legalBasis,
        bytes32 scopeHash,
        uint40 duration,
        uint256 consentId,
        address actor
    );
    /// @notice The owner endorsed a Confidential request; it now waits for the co-signing department.
    event RequestEndorsed(
        uint256 indexed requestId,
        bytes32 indexed owner,
        bytes32 scopeHash,
        uint40 expiresAt,
        address indexed actor
    );
    /// @notice A request was rejected by `department`.
    event RequestRejected(uint256 indexed requestId, bytes32 indexed department, bytes32 reason, address indexed actor);
    /// @notice A grant was issued (id = request id).
    event GrantIssued(
        uint256 indexed grantId,
        bytes32 indexed dataset,
        bytes32 indexed grantee,
        bytes32 purpose,
        bytes32 scopeHash,
        uint40 expiresAt,
        address submitter,
        address actor
    );
    /// @notice A grant was revoked by an officer of its owner `department`, or by the operator once `department` was deactivated.
    event GrantRevoked(uint256 indexed grantId, bytes32 indexed department, bytes32 reason, address indexed actor);
    /// @notice The grantee department changed the key that records receipts for a grant.
    event GrantSubmitterSet(uint256 indexed grantId, address indexed submitter, address indexed actor);
    /// @notice A department recorded a subject's consent.
    event ConsentRecorded(
        uint256 indexed consentId,
        bytes32 indexed subject,
        bytes32 indexed department,
        bytes32 purpose,
        bytes32 dataset,
        address signer,
        uint40 expiresAt,
        address actor
    );
    /// @notice The subject revoked a consent; every grant relying on it stops at once.
    event ConsentRevoked(uint256 indexed consentId, bytes32 indexed subject, address indexed actor);
    /// @notice The exchange pushed a department's (de)activation to the receipt log's cache (`index`: its bit there).
    event DepartmentStateCached(bytes32 indexed department, uint16 index, bool active);
    /// @notice The operator pointed the exchange at a receipt log (see {IReceiptLog}).
    event ReceiptLogSet(address indexed receiptLog, address indexed actor);

    /// @notice A dataset id, hash, purpose or legal basis is zero (`field`: its name as a bytes32 string).
    error DataExchangeZeroValue(bytes32 field);
    /// @notice A dataset with this id is already in the catalogue.
    error DataExchangeDuplicateDataset(bytes32 id);
    /// @notice No dataset has this id.
    error DataExchangeUnknownDataset(bytes32 id);
    /// @notice The dataset is retired.
    error DataExchangeDatasetRetired(bytes32 id);
    /// @notice The co-signing department is missing, unknown, the owner itself, or given for a non-confidential dataset.
    error DataExchangeInvalidCosigner(bytes32 id, bytes32 cosigner);
    /// @notice A department asked for its own dataset.
    error DataExchangeSelfRequest(bytes32 dataset, bytes32 department);
    /// @notice The duration is zero or above the maximum.
    error DataExchangeInvalidDuration(uint256 duration, uint256 max);
    /// @notice No request (or grant) has this id.
    error DataExchangeUnknownRequest(uint256 requestId);
    /// @notice The request is not in a status that allows the action.
    error DataExchangeRequestNotPending(uint256 requestId, RequestStatus status);
    /// @notice The caller may not approve, endorse, countersign or reject this request.
    error DataExchangeUnauthorizedApprover(uint256 requestId, address account);
    /// @notice The expiry is in the past or beyond what the request asked for.
    error DataExchangeInvalidExpiry(uint256 expiresAt, uint256 max);
    /// @notice No grant has this id.
    error DataExchangeUnknownGrant(uint256 grantId);
    /// @notice The grant was revoked.
    error DataExchangeGrantRevoked(uint256 grantId);
    /// @notice The grant has expired.
    error DataExchangeGrantExpired(uint256 grantId, uint256 expiredAt);
    /// @notice The caller is neither the grant's submitter key nor an officer of the grantee department.
    error DataExchangeUnauthorizedSubmitter(uint256 grantId, address account);
    /// @notice A batch receipt counts zero accesses.
    error DataExchangeEmptyBatch(uint256 grantId);
    /// @notice No consent record has this id.
    error DataExchangeUnknownConsent(uint256 consentId);
    /// @notice A personal dataset was requested without a consent, or the consent does not cover this request.
    error DataExchangeConsentMismatch(uint256 consentId, bytes32 dataset, bytes32 purpose);
    /// @notice The consent was revoked by its subject.
    error DataExchangeConsentRevoked(uint256 consentId);
    /// @notice The consent has expired.
    error DataExchangeConsentExpired(uint256 consentId, uint256 expiredAt);
    /// @notice The revocation signature's deadline has passed.
    error DataExchangeSignatureExpired(uint256 deadline);
    /// @notice The nonce is not the signer's next one (a reused or skipped nonce).
    error DataExchangeInvalidNonce(address signer, uint256 expected, uint256 given);
    /// @notice The signature is not the consent's signing key's.
    error DataExchangeInvalidSignature(uint256 consentId, address recovered);
    /// @notice The caller is not an admin of the department (reclassification needs one).
    error DataExchangeUnauthorizedAdmin(bytes32 department, address account);
    /// @notice The receipt log is set once (replacing it takes an upgrade that also retires the old one).
    error DataExchangeReceiptLogAlreadySet(address receiptLog);
    /// @notice The receipt log is zero or mirrors another exchange.
    error DataExchangeInvalidReceiptLog(address receiptLog);
    /// @notice The submitter key is the zero address.
    error DataExchangeZeroSubmitter(uint256 grantId);
    /// @notice `department` is deactivated in the directory: it can neither act nor receive a grant.
    error DataExchangeDepartmentInactive(bytes32 department);
    /// @notice The grantee department of `grantId` is deactivated: its grant is not live.
    error DataExchangeGranteeInactive(uint256 grantId);
    /// @notice The operator may revoke a grant only once its owner department `owner` is deactivated.
    error DataExchangeOwnerActive(uint256 grantId, bytes32 owner);
    /// @notice The exchange is closed (emergency stop): no receipt is recorded and no grant is live.
    error DataExchangeClosed(address exchange);
    /// @notice The co-signing department of `dataset` is the requester: two departments must decide.
    error DataExchangeCosignerIsRequester(bytes32 dataset, bytes32 department);
    /// @notice Consent `consentId` was given to department `givenTo`, not to the requester `requester`.
    error DataExchangeConsentOfOtherDepartment(uint256 consentId, bytes32 givenTo, bytes32 requester);
    /// @notice The consent's terms are not signed by its subject key `signer` (`recovered` signed them).
    error DataExchangeInvalidConsentSignature(address signer, address recovered);

    /**
     * @notice Registers a dataset owned by `owner`. Caller: an officer of `owner`.
     * @param cosigner The department that countersigns grants of a Confidential dataset; zero otherwise.
     */
    function registerDataset(
        bytes32 id,
        bytes32 owner,
        bytes32 schemaHash,
        bytes32 endpointHash,
        Classification classification,
        bool personal,
        bytes32 cosigner
    ) external;

    /// @notice New schema and endpoint hashes (version + 1). Caller: an officer of the owner department.
    function updateDataset(bytes32 id, bytes32 schemaHash, bytes32 endpointHash) external;

    /// @notice Changes the classification (version + 1). Caller: an admin of the owner department.
    function reclassifyDataset(bytes32 id, Classification classification, bytes32 cosigner) external;

    /// @notice Retires a dataset: no new requests. Caller: an officer of the owner department.
    function retireDataset(bytes32 id) external;

    /**
     * @notice Asks for a dataset. Caller: an officer of `requester`, who becomes the grant's submitter key.
     * @param scopeHash Hash of the requested fields (SDK: `hashScope`).
     * @param duration Seconds the grant should last from approval (at most `MAX_GRANT_DURATION`).
     * @param consentId The consent the request relies on (required for personal datasets, else 0 or any).
     * @return requestId The new request id (also the id of the grant if approved).
     */
    function requestAccess(
        bytes32 dataset,
        bytes32 requester,
        bytes32 purpose,
        bytes32 legalBasis,
        bytes32 scopeHash,
        uint40 duration,
        uint256 consentId
    ) external returns (uint256 requestId);

    /**
     * @notice Approves a request (or endorses a Confidential one), possibly narrower and shorter.
     * @param scopeHash The granted scope; zero keeps the requested scope.
     * @param expiresAt Unix time the grant ends; zero means approval time + requested duration.
     */
    function approveRequest(uint256 requestId, bytes32 scopeHash, uint40 expiresAt) external;

    /// @notice Countersigns an endorsed Confidential request, issuing its grant. Caller: an admin of the co-signing department.
    function countersignRequest(uint256 requestId) external;

    /// @notice Rejects a pending or endorsed request. Caller: an officer of the owner department, or an admin of the co-signer (endorsed).
    function rejectRequest(uint256 requestId, bytes32 reason) external;

    /// @notice Revokes a grant at once. Caller: an officer of the owner department.
    function revokeGrant(uint256 grantId, bytes32 reason) external;

    /// @notice Revokes a grant whose owner department is deactivated (nobody else can). Caller: the operator.
    function revokeGrantOfInactiveOwner(uint256 grantId, bytes32 reason) external;

    /// @notice Sets the key (an officer or a relayer) that records the grant's receipts. Caller: an officer of the grantee.
    function setGrantSubmitter(uint256 grantId, address submitter) external;

    /**
     * @notice Records a subject's consent given to `terms.department`. Caller: an officer of that department.
     * The subject key signs the terms (EIP-712 `RecordConsent(bytes32 department,bytes32 subject,bytes32 purpose,
     * bytes32 dataset,uint40 expiresAt,uint256 nonce,uint256 deadline)`, its next nonce): no department can
     * record a consent the subject did not give, nor replay one.
     * @return consentId The new consent id.
     */
    function recordConsent(
        ConsentTerms calldata terms,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external returns (uint256 consentId);

    /**
     * @notice Revokes a consent with the subject's EIP-712 signature
     * `RevokeConsent(uint256 consentId,uint256 nonce,uint256 deadline)`; anyone may relay it.
     */
    function revokeConsent(uint256 consentId, uint256 nonce, uint256 deadline, bytes calldata signature) external;

    /**
     * @notice Points the exchange at its receipt log, once (setting the same log again is a no-op).
     * Grant changes are pushed to it from then on; its `sync` copies grants issued before.
     * Caller: the operator.
     */
    function setReceiptLog(address receiptLog) external;

    /// @notice Whether `department` holds a live grant for `dataset` and `purpose` (its latest one; see {isGrantLive}).
    function canAccess(bytes32 department, bytes32 dataset, bytes32 purpose) external view returns (bool);

    /// @notice The catalogue entry `id`; reverts for an unknown id.
    function dataset(bytes32 id) external view returns (Dataset memory);

    /// @notice The request `requestId`; reverts for an unknown id.
    function request(uint256 requestId) external view returns (Request memory);

    /// @notice The grant `grantId` with its liveness now; reverts for an unknown id.
    function grant(uint256 grantId) external view returns (Grant memory);

    /// @notice Whether the grant is live now: issued, not revoked, not expired, consent not revoked, grantee
    /// department active, and the exchange open (not under the emergency stop).
    function isGrantLive(uint256 grantId) external view returns (bool);

    /// @notice The consent `consentId`; reverts for an unknown id.
    function consent(uint256 consentId) external view returns (Consent memory);

    /// @notice The next nonce a consent signer must use.
    function nonces(address signer) external view returns (uint256);

    /// @notice The receipt log (zero until the operator sets it).
    function receiptLog() external view returns (address);

    /// @notice Whether `account` is a current officer of the grantee department of `grantId`.
    function isGranteeOfficer(uint256 grantId, address account) external view returns (bool);
}
