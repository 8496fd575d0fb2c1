// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title IShipments
 * @notice Airport international logistics: a shipment (air waybill) collects its documents as hashes from the
 * parties entitled to add each kind, goes through customs clearance as a workflow case (customs, then
 * inspection), and is released by the airport operator once.
 * @dev The parties (merchants, forwarders, airlines, the airport operator) are participants of the
 * {IParticipantRegistry}, not departments: each acts in a participant role and must be accredited in it at the
 * moment it acts. Documents stay off chain; only their hashes are in the events (the timeline).
 */
interface IShipments {
    /// @notice Where a shipment stands.
    enum ShipmentStatus {
        None,
        /// @dev Collecting documents.
        Open,
        /// @dev The clearance case is open in the workflow (documents are fixed).
        InClearance,
        /// @dev The clearance case was approved and consumed: the airport may release.
        Cleared,
        /// @dev Released by the airport operator (once).
        Released
    }

    /// @notice A document kind and the participant role entitled to add it.
    struct DocumentKind {
        bytes32 kind;
        bytes32 role;
        /// @dev Whether clearance needs it.
        bool required;
    }

    /// @notice What the implementation is wired to (constructor; read back by {config} for upgrades).
    struct Wiring {
        /// @dev The participant registry whose accreditations the parties need.
        address participants;
        /// @dev The workflow engine; this contract owns the clearance case type there.
        address workflow;
        bytes32 clearanceCaseType;
        /// @dev The participant role that creates shipments and runs their clearance (forwarders).
        bytes32 creatorRole;
        /// @dev The participant role that releases cleared shipments (the airport operator).
        bytes32 releaserRole;
    }

    /// @notice A party of a shipment: the account acting for it in `role`.
    struct Party {
        bytes32 role;
        address account;
    }

    /// @notice A shipment as stored.
    struct ShipmentView {
        ShipmentStatus status;
        /// @dev Bit i set: a document of the i-th kind was added (see {documentKinds}).
        uint16 documentMask;
        uint32 caseId;
        uint40 createdAt;
        uint40 releasedAt;
    }

    /// @notice The operator defined (or changed) a document kind: who adds it, and whether clearance needs it.
    event DocumentKindSet(bytes32 indexed kind, bytes32 indexed role, uint8 index, bool required);
    /// @notice A forwarder created the shipment with its parties (the creator first).
    event ShipmentCreated(bytes32 indexed shipment, address indexed creator, Party[] parties);
    /// @notice A party added a document (or an amended one: the latest of a kind counts).
    event DocumentAdded(bytes32 indexed shipment, bytes32 indexed kind, address indexed party, bytes32 documentHash);
    /// @notice The shipment's customs clearance case was opened in the workflow.
    event ClearanceOpened(
        bytes32 indexed shipment,
        uint256 indexed caseId,
        bytes32 subject,
        bytes32 documentHash,
        address party
    );
    /// @notice The approved clearance case was consumed: the shipment is cleared.
    event ClearanceRecorded(bytes32 indexed shipment, uint256 indexed caseId, address party);
    /// @notice The airport operator released the shipment.
    event ShipmentReleased(bytes32 indexed shipment, address indexed operator, bytes32 documentHash);
    /// @notice The creator resubmitted the returned clearance case (corrected application file `documentHash`).
    event ClearanceResubmitted(bytes32 indexed shipment, uint256 indexed caseId, bytes32 documentHash, address party);
    /// @notice The creator withdrew the clearance case: the shipment collects documents again.
    event ClearanceWithdrawn(bytes32 indexed shipment, uint256 indexed caseId, address party);

    /// @notice A wiring address or role is zero.
    error ShipmentsInvalidConfig();
    /// @notice The kind or its role is zero, or the kind table is full (`max` kinds).
    error ShipmentsInvalidDocumentKind(bytes32 kind, bytes32 role, uint256 max);
    /// @notice No document kind has this code.
    error ShipmentsUnknownDocumentKind(bytes32 kind);
    /// @notice The shipment id is zero or already used.
    error ShipmentsExists(bytes32 shipment);
    /// @notice No shipment has this id.
    error ShipmentsUnknown(bytes32 shipment);
    /// @notice A party is zero, its role is zero or the creator's, it is listed twice, or there are more than `max`.
    error ShipmentsInvalidParty(bytes32 role, address account, uint256 max);
    /// @notice `account` is not the shipment's party in `role`, the role entitled to this action or document kind.
    error ShipmentsNotEntitled(bytes32 shipment, bytes32 role, address account);
    /// @notice The shipment's status does not allow the action.
    error ShipmentsInvalidStatus(bytes32 shipment, ShipmentStatus status);
    /// @notice Clearance needs the documents of the kinds in `missingMask`.
    error ShipmentsMissingDocuments(bytes32 shipment, uint16 missingMask);
    /// @notice The shipment was already released (a release is recorded once).
    error ShipmentsAlreadyReleased(bytes32 shipment);
    /// @notice The consumed case is not this shipment's clearance.
    error ShipmentsCaseMismatch(uint256 caseId, bytes32 expected, bytes32 subject);
    /// @notice A document is corrected only while the shipment's clearance case is returned.
    error ShipmentsClearanceNotReturned(bytes32 shipment, uint256 caseId);

    /// @notice Defines a document kind or changes its role and whether clearance needs it (operator).
    function setDocumentKind(bytes32 kind, bytes32 role, bool required) external;

    /**
     * @notice Creates a shipment; the caller, accredited in the creator role (a forwarder), is its party in
     * that role. `parties` names the other parties (merchant, airline), each accredited in its role now.
     */
    function createShipment(bytes32 shipment, Party[] calldata parties) external;

    /// @notice Adds a document's hash: only the shipment's party in the role the kind names, accredited now.
    function addDocument(bytes32 shipment, bytes32 kind, bytes32 documentHash) external;

    /// @notice Opens the clearance case (the creator party; every required document present).
    function openClearance(bytes32 shipment, bytes32 documentHash) external returns (uint256 caseId);

    /// @notice Consumes the approved clearance case (the creator party): the shipment is cleared.
    function recordClearance(bytes32 shipment) external;

    /**
     * @notice Corrects a document while the clearance case is returned: the shipment's party in the kind's role,
     * accredited now (as {addDocument}). The event is the record; a new kind joins the shipment's mask.
     */
    function correctDocument(bytes32 shipment, bytes32 kind, bytes32 documentHash) external;

    /// @notice Resubmits the returned clearance case (the creator party, accredited now); the workflow's clock restarts.
    function resubmitClearance(bytes32 shipment, bytes32 documentHash) external;

    /**
     * @notice Withdraws the open or returned clearance case (the creator party, accredited now): the shipment is
     * Open again, its parties may add documents, and the creator may open a new clearance case.
     */
    function withdrawClearance(bytes32 shipment, string calldata reason) external;

    /// @notice Releases a cleared shipment (an account accredited in the releaser role: the airport operator).
    function release(bytes32 shipment, bytes32 documentHash) external;

    /// @notice The shipment (status None when unknown).
    function shipmentOf(bytes32 shipment) external view returns (ShipmentView memory);

    /// @notice The shipment's party in `role` (zero when none).
    function partyOf(bytes32 shipment, bytes32 role) external view returns (address);

    /// @notice The document kinds, in index order.
    function documentKinds() external view returns (DocumentKind[] memory);

    /// @notice The wiring (implementation immutables): registry, workflow, clearance case type, creator and releaser roles.
    function config() external view returns (Wiring memory);
}
