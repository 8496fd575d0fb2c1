// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DepartmentGated} from "../access/DepartmentGated.sol";
import {IDepartmentDirectory} from "../access/IDepartmentDirectory.sol";
import {IParticipantRegistry} from "../access/IParticipantRegistry.sol";
import {StaticQuery} from "../utils/StaticQuery.sol";
import {IWorkflowCases} from "../workflow/IWorkflowCases.sol";
import {IShipments} from "./IShipments.sol";

/**
 * @title Shipments
 * @notice Airport international logistics (docs/SERVICES.md "Airport international logistics").
 * @dev Who may do what, checked when they act:
 * - a participant accredited in the creator role (a forwarder) creates a shipment and names its other parties;
 * - a document kind names the participant role entitled to add it: only the shipment's party in that role,
 *   accredited now, adds it (an invoice by the merchant, a manifest by the airline);
 * - the creator opens the clearance case once the required documents are present (the workflow's case type,
 *   owned by this contract: customs, then inspection) and records it once approved (consumed, exactly once);
 * - an account accredited in the releaser role (the airport operator) releases a cleared shipment, once.
 * The two hot paths ({addDocument}, {release}) are not `restricted`: they check the emergency stop themselves
 * (as {Workflow-approve} does), which keeps each under 60,000 gas. Documents are hashes in events only: a
 * fresh storage slot per document would cost 20,000 gas; the events are the record (promise 11).
 */
contract Shipments is DepartmentGated, IShipments {
    /// @dev Most document kinds (bits of `documentMask`) and most parties besides the creator.
    uint256 internal constant MAX_KINDS = 16;
    uint256 internal constant MAX_PARTIES = 8;

    bytes32 private constant CLEARANCE_TAG = keccak256("govchain.logistics.shipmentClearance");

    /// @dev A party word: the account (bits 0-159), the kinds it added (bits 160-175), documents open (bit 176).
    uint256 private constant ADDED_SHIFT = 160;
    uint256 private constant OPEN_BIT = 1 << 176;

    /// @custom:storage-location erc7201:govchain.storage.Shipments
    struct ShipmentsStorage {
        uint16 requiredMask;
        uint8 kindCount;
        /// @dev The entitled role with the kind's index + 1 in its last byte (role codes are at most 31 bytes).
        mapping(bytes32 kind => bytes32) kindWords;
        bytes32[MAX_KINDS] kindCodes;
        mapping(bytes32 shipment => ShipmentView) shipments;
        /// @dev One word per party: a document reads only its party's word and writes it once per kind.
        mapping(bytes32 shipment => mapping(bytes32 role => uint256)) parties;
    }

    // The wiring is read on the hot paths: implementation immutables save a cold storage read each (2,100 gas),
    // as in PropertyRegistry; `config()` reads it back, so an upgrade builds the new implementation with it.
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IParticipantRegistry private immutable _participants;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    address private immutable _workflow;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    bytes32 private immutable _clearanceCaseType;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    bytes32 private immutable _creatorRole;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    bytes32 private immutable _releaserRole;

    // keccak256(abi.encode(uint256(keccak256("govchain.storage.Shipments")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x90f7e88cad25b630c0edeb5426072c1a2b4860b600e9f369b755ab0118bef200;

    /// @notice Builds an implementation wired to `config_` (registry, workflow, clearance case type, roles).
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(Wiring memory config_) {
        if (
            config_.participants == address(0) ||
            config_.workflow == address(0) ||
            config_.clearanceCaseType == bytes32(0) ||
            config_.creatorRole == bytes32(0) ||
            config_.releaserRole == bytes32(0)
        ) revert ShipmentsInvalidConfig();
        _participants = IParticipantRegistry(config_.participants);
        _workflow = config_.workflow;
        _clearanceCaseType = config_.clearanceCaseType;
        _creatorRole = config_.creatorRole;
        _releaserRole = config_.releaserRole;
    }

    /**
     * @notice Initializes the proxy.
     * @param kinds The document kinds, in index order.
     */
    function initialize(
        address authority,
        IDepartmentDirectory directory_,
        DocumentKind[] calldata kinds
    ) external initializer {
        __DepartmentGated_init(authority, directory_);
        for (uint256 i = 0; i < kinds.length; ++i) _setDocumentKind(kinds[i].kind, kinds[i].role, kinds[i].required);
    }

    /// @inheritdoc IShipments
    function setDocumentKind(bytes32 kind, bytes32 role, bool required) external restricted {
        _setDocumentKind(kind, role, required);
    }

    /// @inheritdoc IShipments
    function createShipment(bytes32 shipment, Party[] calldata parties) external restricted {
        ShipmentsStorage storage $ = _getStorage();
        bytes32 creatorRole = _creatorRole;
        _participants.checkAccredited(creatorRole, msg.sender);
        if (shipment == bytes32(0) || $.shipments[shipment].status != ShipmentStatus.None) {
            revert ShipmentsExists(shipment);
        }
        if (parties.length > MAX_PARTIES) revert ShipmentsInvalidParty(bytes32(0), address(0), MAX_PARTIES);
        mapping(bytes32 role => uint256) storage named = $.parties[shipment];
        named[creatorRole] = uint256(uint160(msg.sender)) | OPEN_BIT;
        Party[] memory all = new Party[](parties.length + 1);
        all[0] = Party(creatorRole, msg.sender);
        for (uint256 i = 0; i < parties.length; ++i) {
            Party calldata p = parties[i];
            if (p.role == bytes32(0) || p.account == address(0) || named[p.role] != 0) {
                revert ShipmentsInvalidParty(p.role, p.account, MAX_PARTIES);
            }
            _participants.checkAccredited(p.role, p.account);
            named[p.role] = uint256(uint160(p.account)) | OPEN_BIT;
            all[i + 1] = p;
        }
        $.shipments[shipment] = ShipmentView(ShipmentStatus.Open, 0, 0, uint40(block.timestamp), 0);
        emit ShipmentCreated(shipment, msg.sender, all);
    }

    /// @inheritdoc IShipments
    /// @dev Hot path: the kind's word and the party's word (the shipment's own slot is not touched: its party
    /// words carry "documents open" and the kinds added), then the registry's answer.
    function addDocument(bytes32 shipment, bytes32 kind, bytes32 documentHash) external {
        _checkNotClosed();
        ShipmentsStorage storage $ = _getStorage();
        bytes32 word = $.kindWords[kind];
        if (word == bytes32(0)) revert ShipmentsUnknownDocumentKind(kind);
        bytes32 role = word & ~bytes32(uint256(0xff));
        uint256 party = $.parties[shipment][role];
        if (party & OPEN_BIT == 0 || address(uint160(party)) != msg.sender) {
            ShipmentStatus status = $.shipments[shipment].status;
            if (status != ShipmentStatus.Open) _revertStatus(shipment, status);
            revert ShipmentsNotEntitled(shipment, role, msg.sender);
        }
        _participants.checkAccredited(role, msg.sender);
        uint256 bit = 1 << (ADDED_SHIFT + uint8(uint256(word)) - 1);
        // An amended document (same kind again) changes nothing stored: its event is the record.
        if (party & bit == 0) $.parties[shipment][role] = party | bit;
        emit DocumentAdded(shipment, kind, msg.sender, documentHash);
    }

    /// @inheritdoc IShipments
    function openClearance(bytes32 shipment, bytes32 documentHash) external restricted returns (uint256 caseId) {
        ShipmentsStorage storage $ = _getStorage();
        ShipmentView storage s = $.shipments[shipment];
        if (s.status != ShipmentStatus.Open) _revertStatus(shipment, s.status);
        _checkCreator($, shipment);
        // The documents are fixed from here: the mask moves into the shipment, each party's word closes.
        uint16 added = _closeDocuments($, shipment);
        uint16 missing = $.requiredMask & ~added;
        if (missing != 0) revert ShipmentsMissingDocuments(shipment, missing);
        bytes32 subject = _clearanceSubject(shipment);
        caseId = IWorkflowCases(_workflow).openCase(_clearanceCaseType, subject, documentHash);
        s.status = ShipmentStatus.InClearance;
        s.documentMask = added;
        s.caseId = uint32(caseId); // the workflow's ids count up from 1: 2^32 cases are out of reach
        emit ClearanceOpened(shipment, caseId, subject, documentHash, msg.sender);
    }

    /// @inheritdoc IShipments
    function recordClearance(bytes32 shipment) external restricted {
        ShipmentsStorage storage $ = _getStorage();
        ShipmentView storage s = $.shipments[shipment];
        if (s.status != ShipmentStatus.InClearance) _revertStatus(shipment, s.status);
        _checkCreator($, shipment);
        uint256 caseId = s.caseId;
        (bytes32 caseType, bytes32 subject) = IWorkflowCases(_workflow).consumeCase(caseId);
        bytes32 expected = _clearanceSubject(shipment);
        if (caseType != _clearanceCaseType || subject != expected) {
            revert ShipmentsCaseMismatch(caseId, expected, subject);
        }
        s.status = ShipmentStatus.Cleared;
        emit ClearanceRecorded(shipment, caseId, msg.sender);
    }

    /// @inheritdoc IShipments
    function correctDocument(bytes32 shipment, bytes32 kind, bytes32 documentHash) external restricted {
        ShipmentsStorage storage $ = _getStorage();
        ShipmentView storage s = _returnedClearance($, shipment);
        bytes32 word = $.kindWords[kind];
        if (word == bytes32(0)) revert ShipmentsUnknownDocumentKind(kind);
        bytes32 role = word & ~bytes32(uint256(0xff));
        if (address(uint160($.parties[shipment][role])) != msg.sender) {
            revert ShipmentsNotEntitled(shipment, role, msg.sender);
        }
        _participants.checkAccredited(role, msg.sender);
        s.documentMask |= uint16(1 << (uint8(uint256(word)) - 1));
        emit DocumentAdded(shipment, kind, msg.sender, documentHash);
    }

    /// @inheritdoc IShipments
    function resubmitClearance(bytes32 shipment, bytes32 documentHash) external restricted {
        ShipmentsStorage storage $ = _getStorage();
        ShipmentView storage s = $.shipments[shipment];
        if (s.status != ShipmentStatus.InClearance) _revertStatus(shipment, s.status);
        _checkCreator($, shipment);
        uint256 caseId = s.caseId;
        // The workflow refuses a case that is not returned (WorkflowInvalidStatus).
        IWorkflowCases(_workflow).resubmitCase(caseId, documentHash);
        emit ClearanceResubmitted(shipment, caseId, documentHash, msg.sender);
    }

    /// @inheritdoc IShipments
    function withdrawClearance(bytes32 shipment, string calldata reason) external restricted {
        ShipmentsStorage storage $ = _getStorage();
        ShipmentView storage s = $.shipments[shipment];
        if (s.status != ShipmentStatus.InClearance) _revertStatus(shipment, s.status);
        _checkCreator($, shipment);
        uint256 caseId = s.caseId;
        IWorkflowCases(_workflow).withdrawCase(caseId, reason);
        // Documents open again; the party words kept the kinds added, so the view's mask is unchanged.
        _reopenDocuments($, shipment);
        s.status = ShipmentStatus.Open;
        s.documentMask = 0;
        s.caseId = 0;
        emit ClearanceWithdrawn(shipment, caseId, msg.sender);
    }

    /// @inheritdoc IShipments
    function release(bytes32 shipment, bytes32 documentHash) external {
        _checkNotClosed();
        ShipmentsStorage storage $ = _getStorage();
        ShipmentView storage s = $.shipments[shipment];
        ShipmentStatus status = s.status;
        if (status != ShipmentStatus.Cleared) {
            if (status == ShipmentStatus.Released) revert ShipmentsAlreadyReleased(shipment);
            _revertStatus(shipment, status);
        }
        _participants.checkAccredited(_releaserRole, msg.sender);
        s.status = ShipmentStatus.Released;
        s.releasedAt = uint40(block.timestamp);
        emit ShipmentReleased(shipment, msg.sender, documentHash);
    }

    // ── views ────────────────────────────────────────────────────────────────

    /// @inheritdoc IShipments
    function shipmentOf(bytes32 shipment) external view returns (ShipmentView memory view_) {
        ShipmentsStorage storage $ = _getStorage();
        view_ = $.shipments[shipment];
        if (view_.status == ShipmentStatus.Open) view_.documentMask = _addedKinds($, shipment);
    }

    /// @inheritdoc IShipments
    function partyOf(bytes32 shipment, bytes32 role) external view returns (address) {
        return address(uint160(_getStorage().parties[shipment][role]));
    }

    /// @inheritdoc IShipments
    function documentKinds() external view returns (DocumentKind[] memory kinds) {
        ShipmentsStorage storage $ = _getStorage();
        kinds = new DocumentKind[]($.kindCount);
        for (uint256 i = 0; i < kinds.length; ++i) {
            bytes32 kind = $.kindCodes[i];
            kinds[i] = DocumentKind(kind, $.kindWords[kind] & ~bytes32(uint256(0xff)), ($.requiredMask >> i) & 1 == 1);
        }
    }

    /// @inheritdoc IShipments
    function config() external view returns (Wiring memory) {
        return Wiring(address(_participants), _workflow, _clearanceCaseType, _creatorRole, _releaserRole);
    }

    // ── internals ────────────────────────────────────────────────────────────

    function _setDocumentKind(bytes32 kind, bytes32 role, bool required) private {
        ShipmentsStorage storage $ = _getStorage();
        // A role code's last byte carries the kind's index in `kindWords`: codes are at most 31 bytes.
        if (kind == bytes32(0) || role == bytes32(0) || uint8(uint256(role)) != 0) {
            revert ShipmentsInvalidDocumentKind(kind, role, MAX_KINDS);
        }
        bytes32 word = $.kindWords[kind];
        uint8 index;
        if (word == bytes32(0)) {
            index = $.kindCount;
            if (index >= MAX_KINDS) revert ShipmentsInvalidDocumentKind(kind, role, MAX_KINDS);
            $.kindCount = index + 1;
            $.kindCodes[index] = kind;
        } else {
            index = uint8(uint256(word)) - 1;
        }
        $.kindWords[kind] = role | bytes32(uint256(index) + 1);
        uint16 bit = uint16(1 << index);
        $.requiredMask = required ? $.requiredMask | bit : $.requiredMask & ~bit;
        emit DocumentKindSet(kind, role, index, required);
    }

    /// @dev The caller is the shipment's party in the creator role and accredited in it now.
    function _checkCreator(ShipmentsStorage storage $, bytes32 shipment) private view {
        bytes32 role = _creatorRole;
        if (address(uint160($.parties[shipment][role])) != msg.sender) {
            revert ShipmentsNotEntitled(shipment, role, msg.sender);
        }
        _participants.checkAccredited(role, msg.sender);
    }

    /// @dev The kinds added to an open shipment, read from the party word of every kind's role; closes each word
    /// (documents fixed). At most {MAX_KINDS} words.
    function _closeDocuments(ShipmentsStorage storage $, bytes32 shipment) private returns (uint16 added) {
        mapping(bytes32 role => uint256) storage named = $.parties[shipment];
        uint256 count = $.kindCount;
        for (uint256 i = 0; i < count; ++i) {
            bytes32 role = $.kindWords[$.kindCodes[i]] & ~bytes32(uint256(0xff));
            uint256 party = named[role];
            added |= uint16(party >> ADDED_SHIFT);
            if (party & OPEN_BIT != 0) named[role] = party & ~OPEN_BIT;
        }
    }

    /// @dev Undoes {_closeDocuments}: every named party of a kind's role may add documents again.
    function _reopenDocuments(ShipmentsStorage storage $, bytes32 shipment) private {
        mapping(bytes32 role => uint256) storage named = $.parties[shipment];
        uint256 count = $.kindCount;
        for (uint256 i = 0; i < count; ++i) {
            bytes32 role = $.kindWords[$.kindCodes[i]] & ~bytes32(uint256(0xff));
            uint256 party = named[role];
            if (party != 0) named[role] = party | OPEN_BIT;
        }
    }

    /// @dev The shipment in clearance whose case the workflow reports returned (a correction window).
    function _returnedClearance(
        ShipmentsStorage storage $,
        bytes32 shipment
    ) private view returns (ShipmentView storage s) {
        s = $.shipments[shipment];
        if (s.status != ShipmentStatus.InClearance) _revertStatus(shipment, s.status);
        uint256 caseId = s.caseId;
        if (IWorkflowCases(_workflow).caseStatus(caseId) != IWorkflowCases.CaseStatus.Returned) {
            revert ShipmentsClearanceNotReturned(shipment, caseId);
        }
    }

    /// @dev {_closeDocuments}'s mask, read only (for views of an open shipment).
    function _addedKinds(ShipmentsStorage storage $, bytes32 shipment) private view returns (uint16 added) {
        uint256 count = $.kindCount;
        for (uint256 i = 0; i < count; ++i) {
            added |= uint16($.parties[shipment][$.kindWords[$.kindCodes[i]] & ~bytes32(uint256(0xff))] >> ADDED_SHIFT);
        }
    }

    /// @dev The emergency stop for the two functions that skip `restricted` (both PUBLIC in the table).
    function _checkNotClosed() private view {
        if (StaticQuery.isTargetClosed(authority(), address(this))) revert AccessManagedUnauthorized(msg.sender);
    }

    function _revertStatus(bytes32 shipment, ShipmentStatus status) private pure {
        if (status == ShipmentStatus.None) revert ShipmentsUnknown(shipment);
        revert ShipmentsInvalidStatus(shipment, status);
    }

    function _clearanceSubject(bytes32 shipment) private view returns (bytes32) {
        return keccak256(abi.encode(CLEARANCE_TAG, address(this), shipment));
    }

    function _getStorage() private pure returns (ShipmentsStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
