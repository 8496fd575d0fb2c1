// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DepartmentGated} from "../access/DepartmentGated.sol";
import {IDepartmentDirectory} from "../access/IDepartmentDirectory.sol";
import {ICertificateIssuer} from "../certificates/ICertificateIssuer.sol";
import {IWorkflowCases} from "../workflow/IWorkflowCases.sol";
import {IPropertyRegistry} from "./IPropertyRegistry.sol";

/**
 * @title PropertyRegistry
 * @notice The real-estate register: units, titles, encumbrances, transfers and title certificates.
 * @dev Who may do what (checked against the department directory on every call):
 * - officers of the registrar department (REGISTRY) register units, record liens, leases and
 *   easements, open transfers and execute approved ones;
 * - officers of a Bank department register and release their own mortgages and consent to transfers;
 * - officers of a Court department freeze and unfreeze; only the court that froze may unfreeze.
 * A department's kind never changes once registered, so the registry caches it with a 16-bit
 * local index (the holder field of an encumbrance) the first time the department acts.
 *
 * Storage per unit: one packed header slot, the title hash, and a fixed array of
 * {MAX_ENCUMBRANCES} one-slot encumbrance records addressed by a 16-bit occupancy mask. Released
 * records are left in place (only the mask bit is cleared) so a later encumbrance reuses the
 * slot at the price of a non-zero write.
 */
contract PropertyRegistry is DepartmentGated, IPropertyRegistry {
    /// @notice Most owners a title may have (bounds the validation loop and the event).
    uint256 public constant MAX_OWNERS = 32;
    /// @notice Most active encumbrances a unit may carry at once (the occupancy mask is 16 bits).
    uint256 public constant MAX_ENCUMBRANCES = 16;
    /// @notice Shares are in basis points and sum to this.
    uint256 public constant TOTAL_SHARES = 10_000;

    /// @dev The certificates module's "never expires" (its windows are 40-bit): titles, open-ended mortgages.
    uint64 private constant NO_EXPIRY = type(uint40).max;

    bytes32 private constant TITLE_CERTIFICATE_TAG = keccak256("govchain.property.titleCertificate");
    bytes32 private constant PROOF_CERTIFICATE_TAG = keccak256("govchain.property.proofCertificate");
    bytes32 private constant TRANSFER_TAG = keccak256("govchain.property.transfer");

    /// @dev The unit header, one slot (30 bytes): the title summary, the encumbrance bookkeeping, and
    /// encumbrance slot 0 itself (`inline*`), so a unit's first encumbrance costs a write to a slot the
    /// call writes anyway instead of a fresh slot (22,100 gas). Static facts (usage, area, parcel,
    /// permit) are in {UnitRegistered} only: no rule reads them.
    struct Unit {
        uint32 titleVersion;
        OwnershipKind ownershipKind;
        uint8 ownerCount;
        /// @dev Bit i set: encumbrance slot i holds an active record (slot 0 inline, 1-15 in `encumbrances`).
        uint16 encumbranceMask;
        /// @dev The last encumbrance number given out in this unit.
        uint32 encumbranceSeq;
        /// @dev Active freezes and mortgages, so a transfer of an unencumbered unit reads no record.
        uint8 freezes;
        uint8 mortgages;
        EncumbranceKind inlineKind;
        uint16 inlineHolder;
        uint40 inlineEnd;
        uint32 inlineSeq;
        uint32 inlineConsentCase;
        bytes32 titleHash;
    }

    /// @dev An encumbrance record, 16 bytes. `holder` is the department's local index + 1; `end` 0 is open-ended;
    /// the start is in {EncumbranceAdded} only (no rule reads it).
    struct Encumbrance {
        EncumbranceKind kind;
        uint16 holder;
        uint40 end;
        uint32 seq;
        uint32 consentCase;
    }

    /// @dev A department the registry has seen: its kind (immutable in the directory) and local index.
    struct DepartmentRef {
        uint8 kindPlusOne;
        uint16 index;
    }

    /// @custom:storage-location erc7201:govchain.storage.PropertyRegistry
    struct PropertyRegistryStorage {
        mapping(TransferKind kind => bytes32) caseTypes;
        mapping(bytes32 unit => Unit) units;
        mapping(bytes32 unit => Encumbrance[15]) encumbrances;
        mapping(bytes32 code => DepartmentRef) departments;
        mapping(uint16 index => bytes32 code) departmentCodes;
        uint16 departmentCount;
    }

    /// @dev The wiring to the registrar department and the other modules, fixed per implementation: the
    /// registry reads it on every call, and immutables save a cold storage read (2,100 gas) each. The
    /// modules are UUPS proxies whose addresses never change; changing a code or a type is an upgrade
    /// (scheduled through the AccessManager's delay) to an implementation built with the new values.
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    bytes32 private immutable _registrar;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    address private immutable _workflow;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    address private immutable _certificates;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    bytes32 private immutable _titleCertificateType;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    bytes32 private immutable _proofCertificateType;

    // keccak256(abi.encode(uint256(keccak256("govchain.storage.PropertyRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x0757645dd4e4bef1f4e1522154212e2b1616b2b5acd4714aebc213794ddc6d00;

    /**
     * @notice Builds an implementation wired to `config_` (see the immutables above).
     * @param config_ Registrar department, workflow and certificate contracts, certificate types.
     */
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(Config memory config_) {
        if (
            config_.registrar == bytes32(0) ||
            config_.workflow == address(0) ||
            config_.certificates == address(0) ||
            config_.titleCertificateType == bytes32(0) ||
            config_.proofCertificateType == bytes32(0)
        ) revert PropertyRegistryInvalidConfig();
        _registrar = config_.registrar;
        _workflow = config_.workflow;
        _certificates = config_.certificates;
        _titleCertificateType = config_.titleCertificateType;
        _proofCertificateType = config_.proofCertificateType;
    }

    /**
     * @notice Initializes the proxy.
     * @param authority The suite's AccessManager.
     * @param directory_ The department directory.
     * @param caseTypes_ Workflow case types for Sale, Inheritance, Gift, CourtOrder and NewBuildSale transfers
     * (0: not offered).
     */
    function initialize(
        address authority,
        IDepartmentDirectory directory_,
        bytes32[5] calldata caseTypes_
    ) external initializer {
        __DepartmentGated_init(authority, directory_);
        PropertyRegistryStorage storage $ = _getStorage();
        for (uint256 i = 0; i < 5; ++i) {
            $.caseTypes[TransferKind(i + 1)] = caseTypes_[i];
        }
    }

    // ── registration ──────────────────────────────────────────────────────────

    /// @inheritdoc IPropertyRegistry
    function registerUnit(UnitInput calldata input, TitleInput calldata title) external restricted {
        PropertyRegistryStorage storage $ = _getStorage();
        _checkOfficer(_registrar, msg.sender);
        _checkUnitNumber(input.unit);
        if (input.area == 0) revert PropertyRegistryInvalidArea();
        if ($.units[input.unit].titleVersion != 0) revert PropertyRegistryUnitExists(input.unit);
        bytes32 titleHash = _validateTitle(title);

        Unit storage record = $.units[input.unit];
        record.titleVersion = 1;
        record.ownershipKind = title.kind;
        record.ownerCount = uint8(title.owners.length);
        record.titleHash = titleHash;
        emit UnitRegistered(
            input.unit,
            input.parcelRef,
            input.planningPermit,
            input.usage,
            input.area,
            input.documentHash,
            msg.sender
        );
        _recordTitle(input.unit, 1, TransferKind.Initial, title, titleHash, 0);
    }

    // ── transfers ─────────────────────────────────────────────────────────────

    /// @inheritdoc IPropertyRegistry
    function openTransfer(
        bytes32 unit,
        TransferKind kind,
        TitleInput calldata next,
        bytes32 documentHash
    ) external restricted returns (uint256 caseId) {
        _checkOfficer(_registrar, msg.sender);
        Unit storage record = _unit(unit);
        bytes32 caseType = _caseType(kind);
        bytes32 titleHash = _validateTitle(next);
        _checkNotFrozen(unit, record);
        uint32 version = record.titleVersion;
        bytes32 subject = _transferSubject(unit, version, kind, titleHash);
        caseId = IWorkflowCases(_workflow).openCase(caseType, subject, documentHash);
        emit TransferOpened(unit, caseId, kind, version, titleHash, subject, msg.sender);
    }

    /// @inheritdoc IPropertyRegistry
    function executeTransfer(
        bytes32 unit,
        uint256 caseId,
        TransferKind kind,
        TitleInput calldata next
    ) external restricted {
        _checkOfficer(_registrar, msg.sender);
        Unit storage record = _unit(unit);
        bytes32 titleHash = _validateTitle(next);
        uint32 version = record.titleVersion;
        _checkTransferable(unit, record, caseId);
        _consumeTransferCase(caseId, _caseType(kind), _transferSubject(unit, version, kind, titleHash));

        record.titleVersion = version + 1;
        record.ownershipKind = next.kind;
        record.ownerCount = uint8(next.owners.length);
        record.titleHash = titleHash;
        _recordTitle(unit, version + 1, kind, next, titleHash, caseId);
    }

    // ── encumbrances ──────────────────────────────────────────────────────────

    /// @inheritdoc IPropertyRegistry
    function addMortgage(
        bytes32 unit,
        bytes32 bank,
        uint64 start,
        uint64 end,
        bytes32 documentHash
    ) external restricted returns (uint32 seq) {
        _checkOfficer(bank, msg.sender);
        uint16 holder = _departmentOfKind(bank, IDepartmentDirectory.DepartmentKind.Bank);
        Unit storage record = _unit(unit);
        _checkNotFrozen(unit, record);
        uint64 from = _checkPeriod(start, end);
        uint8 slot;
        (seq, slot) = _addEncumbrance(unit, record, EncumbranceKind.Mortgage, holder, end);
        emit EncumbranceAdded(
            unit,
            seq,
            bank,
            EncumbranceKind.Mortgage,
            slot,
            from,
            end,
            bytes32(0),
            documentHash,
            msg.sender
        );
        ICertificateIssuer(_certificates).issueFor(
            _proofCertificateType,
            proofCertificate(unit, seq),
            bank,
            from,
            end == 0 ? NO_EXPIRY : end,
            bytes32(0)
        );
    }

    /// @inheritdoc IPropertyRegistry
    function addFreeze(
        bytes32 unit,
        bytes32 court,
        uint64 end,
        bytes32 courtOrder
    ) external restricted returns (uint32 seq) {
        _checkOfficer(court, msg.sender);
        uint16 holder = _departmentOfKind(court, IDepartmentDirectory.DepartmentKind.Court);
        Unit storage record = _unit(unit);
        uint64 from = _checkPeriod(0, end);
        uint8 slot;
        (seq, slot) = _addEncumbrance(unit, record, EncumbranceKind.Freeze, holder, end);
        emit EncumbranceAdded(
            unit,
            seq,
            court,
            EncumbranceKind.Freeze,
            slot,
            from,
            end,
            bytes32(0),
            courtOrder,
            msg.sender
        );
    }

    /// @inheritdoc IPropertyRegistry
    function addEncumbrance(
        bytes32 unit,
        EncumbranceKind kind,
        bytes32 beneficiary,
        uint64 start,
        uint64 end,
        bytes32 documentHash
    ) external restricted returns (uint32 seq) {
        if (kind != EncumbranceKind.Lien && kind != EncumbranceKind.Lease && kind != EncumbranceKind.Easement) {
            revert PropertyRegistryInvalidEncumbranceKind(kind);
        }
        bytes32 registrar = _registrar;
        _checkOfficer(registrar, msg.sender);
        uint64 from = _checkPeriod(start, end);
        uint8 slot;
        (seq, slot) = _addEncumbrance(unit, _unit(unit), kind, _departmentIndex(registrar), end);
        emit EncumbranceAdded(unit, seq, registrar, kind, slot, from, end, beneficiary, documentHash, msg.sender);
    }

    /// @inheritdoc IPropertyRegistry
    function releaseEncumbrance(
        bytes32 unit,
        uint8 slot,
        uint32 seq,
        bytes32 department,
        bytes32 documentHash
    ) external restricted {
        _checkOfficer(department, msg.sender);
        PropertyRegistryStorage storage $ = _getStorage();
        Unit storage record = _unit(unit);
        Encumbrance memory e = _activeEncumbrance(unit, record, slot, seq);
        bytes32 holder = $.departmentCodes[e.holder - 1];
        if (holder != department) {
            bool lapsed = e.end != 0 && e.end <= block.timestamp;
            if (!lapsed || department != _registrar) {
                revert PropertyRegistryNotHolder(unit, seq, holder, department);
            }
        }
        record.encumbranceMask &= ~uint16(1 << slot);
        if (e.kind == EncumbranceKind.Freeze) --record.freezes;
        else if (e.kind == EncumbranceKind.Mortgage) --record.mortgages;
        emit EncumbranceReleased(unit, seq, holder, e.kind, documentHash, msg.sender);
    }

    /// @inheritdoc IPropertyRegistry
    function consentToTransfer(bytes32 unit, uint8 slot, uint32 seq, bytes32 bank, uint256 caseId) external restricted {
        _checkOfficer(bank, msg.sender);
        if (caseId > type(uint32).max) revert PropertyRegistryCaseIdTooLarge(caseId);
        PropertyRegistryStorage storage $ = _getStorage();
        Unit storage record = _unit(unit);
        Encumbrance memory e = _activeEncumbrance(unit, record, slot, seq);
        if (e.kind != EncumbranceKind.Mortgage) revert PropertyRegistryNotMortgage(unit, seq);
        bytes32 holder = $.departmentCodes[e.holder - 1];
        if (holder != bank) revert PropertyRegistryNotHolder(unit, seq, holder, bank);
        e.consentCase = uint32(caseId);
        _writeRecord(unit, record, slot, e);
        emit TransferConsented(unit, seq, caseId, bank, msg.sender);
    }

    // ── operator ──────────────────────────────────────────────────────────────

    /// @inheritdoc IPropertyRegistry
    function setCaseType(TransferKind kind, bytes32 caseType) external restricted {
        if (kind == TransferKind.Initial) revert PropertyRegistryInvalidTransferKind(kind);
        _getStorage().caseTypes[kind] = caseType;
        emit CaseTypeSet(kind, caseType, msg.sender);
    }

    // ── reads ─────────────────────────────────────────────────────────────────

    /// @inheritdoc IPropertyRegistry
    function unitOf(bytes32 unit) external view returns (UnitView memory view_) {
        Unit storage record = _unit(unit);
        view_ = UnitView({
            titleVersion: record.titleVersion,
            ownershipKind: record.ownershipKind,
            ownerCount: record.ownerCount,
            encumbranceCount: _popCount(record.encumbranceMask),
            freezes: record.freezes,
            mortgages: record.mortgages,
            titleHash: record.titleHash,
            certificate: titleCertificate(unit, record.titleVersion)
        });
    }

    /// @inheritdoc IPropertyRegistry
    function exists(bytes32 unit) external view returns (bool) {
        return _getStorage().units[unit].titleVersion != 0;
    }

    /// @inheritdoc IPropertyRegistry
    function encumbrances(bytes32 unit) external view returns (EncumbranceView[] memory list) {
        PropertyRegistryStorage storage $ = _getStorage();
        Unit storage record = _unit(unit);
        uint16 mask = record.encumbranceMask;
        list = new EncumbranceView[](_popCount(mask));
        uint256 n = 0;
        for (uint8 slot = 0; slot < MAX_ENCUMBRANCES; ++slot) {
            if (mask & (1 << slot) == 0) continue;
            Encumbrance memory e = _readRecord(unit, record, slot);
            list[n++] = EncumbranceView({
                slot: slot,
                seq: e.seq,
                kind: e.kind,
                holder: $.departmentCodes[e.holder - 1],
                end: e.end,
                consentCase: e.consentCase
            });
        }
    }

    /// @inheritdoc IPropertyRegistry
    function transferBlockers(bytes32 unit, uint256 caseId) external view returns (Blocker[] memory list) {
        PropertyRegistryStorage storage $ = _getStorage();
        Unit storage record = $.units[unit];
        if (record.titleVersion == 0) {
            list = new Blocker[](1);
            list[0] = Blocker(BlockerReason.UnknownUnit, 0, bytes32(0));
            return list;
        }
        Blocker[] memory found = new Blocker[](MAX_ENCUMBRANCES + 1);
        uint256 n = 0;
        if (caseId != 0 && IWorkflowCases(_workflow).caseStatus(caseId) != IWorkflowCases.CaseStatus.Approved) {
            found[n++] = Blocker(BlockerReason.CaseNotApproved, 0, bytes32(0));
        }
        uint16 mask = record.encumbranceMask;
        for (uint8 slot = 0; slot < MAX_ENCUMBRANCES; ++slot) {
            if (mask & (1 << slot) == 0) continue;
            Encumbrance memory e = _readRecord(unit, record, slot);
            if (e.end != 0 && e.end <= block.timestamp) continue;
            if (e.kind == EncumbranceKind.Freeze) {
                found[n++] = Blocker(BlockerReason.Frozen, e.seq, $.departmentCodes[e.holder - 1]);
            } else if (e.kind == EncumbranceKind.Mortgage && (caseId == 0 || e.consentCase != caseId)) {
                found[n++] = Blocker(BlockerReason.Mortgaged, e.seq, $.departmentCodes[e.holder - 1]);
            }
        }
        list = new Blocker[](n);
        for (uint256 i = 0; i < n; ++i) list[i] = found[i];
    }

    /// @inheritdoc IPropertyRegistry
    function titleCertificate(bytes32 unit, uint32 version) public view returns (bytes32) {
        return keccak256(abi.encode(TITLE_CERTIFICATE_TAG, block.chainid, address(this), unit, version));
    }

    /// @inheritdoc IPropertyRegistry
    function proofCertificate(bytes32 unit, uint32 seq) public view returns (bytes32) {
        return keccak256(abi.encode(PROOF_CERTIFICATE_TAG, block.chainid, address(this), unit, seq));
    }

    /// @inheritdoc IPropertyRegistry
    function hashTitle(TitleInput calldata title) public pure returns (bytes32) {
        return keccak256(abi.encode(title.kind, title.owners, title.shares));
    }

    /// @inheritdoc IPropertyRegistry
    function transferSubject(
        bytes32 unit,
        TransferKind kind,
        TitleInput calldata next
    ) external view returns (bytes32) {
        return _transferSubject(unit, _unit(unit).titleVersion, kind, hashTitle(next));
    }

    /// @inheritdoc IPropertyRegistry
    function caseTypeFor(TransferKind kind) external view returns (bytes32) {
        return _getStorage().caseTypes[kind];
    }

    /// @inheritdoc IPropertyRegistry
    function config() external view returns (Config memory) {
        return Config(_registrar, _workflow, _certificates, _titleCertificateType, _proofCertificateType);
    }

    // ── internals ─────────────────────────────────────────────────────────────

    /// @dev Consumes the approved case and checks it is exactly this transfer.
    function _consumeTransferCase(uint256 caseId, bytes32 caseType, bytes32 expected) private {
        (bytes32 consumedType, bytes32 consumedSubject) = IWorkflowCases(_workflow).consumeCase(caseId);
        if (consumedType != caseType || consumedSubject != expected) {
            revert PropertyRegistryCaseMismatch(caseId, expected, consumedSubject);
        }
    }

    /// @dev Reports title `version` and issues its certificate, superseding the previous version's.
    function _recordTitle(
        bytes32 unit,
        uint32 version,
        TransferKind cause,
        TitleInput calldata title,
        bytes32 titleHash,
        uint256 caseId
    ) private {
        bytes32 certificate = titleCertificate(unit, version);
        emit TitleRecorded(
            unit,
            version,
            cause,
            title.kind,
            title.owners,
            title.shares,
            titleHash,
            caseId,
            certificate,
            msg.sender
        );
        _issueTitleCertificate(unit, version, titleHash, certificate);
    }

    function _issueTitleCertificate(bytes32 unit, uint32 version, bytes32 titleHash, bytes32 certificate) private {
        bytes32 supersedes = version == 1 ? bytes32(0) : titleCertificate(unit, version - 1);
        ICertificateIssuer(_certificates).issueFor(
            _titleCertificateType,
            certificate,
            titleHash,
            uint64(block.timestamp),
            NO_EXPIRY,
            supersedes
        );
    }

    /// @dev 28 non-zero ASCII bytes followed by 4 zero bytes (the SDK checks the national structure).
    function _checkUnitNumber(bytes32 unit) private pure {
        uint256 value = uint256(unit);
        uint256 chars = value >> 32;
        uint256 ones = 0x01010101010101010101010101010101010101010101010101010101;
        uint256 highs = ones << 7;
        bool hasZeroByte;
        unchecked {
            // The classic "has a zero byte" test: exact for whether any of the 28 bytes is zero.
            hasZeroByte = ((chars - ones) & ~chars & highs) != 0;
        }
        if (uint32(value) != 0 || hasZeroByte || chars & highs != 0) {
            revert PropertyRegistryInvalidUnitNumber(unit);
        }
    }

    /// @dev Checks owners (non-zero, strictly ascending), shares (non-zero, sum 10,000) and kind; returns the title hash.
    function _validateTitle(TitleInput calldata title) private pure returns (bytes32) {
        uint256 count = title.owners.length;
        if (count != title.shares.length) revert PropertyRegistryLengthMismatch(count, title.shares.length);
        if (count == 0 || count > MAX_OWNERS) revert PropertyRegistryInvalidOwnerCount(count, MAX_OWNERS);
        if ((title.kind == OwnershipKind.Sole) != (count == 1)) {
            revert PropertyRegistryOwnershipKindMismatch(title.kind, count);
        }
        uint256 total = 0;
        bytes32 previous = bytes32(0);
        for (uint256 i = 0; i < count; ++i) {
            bytes32 owner = title.owners[i];
            if (owner == bytes32(0)) revert PropertyRegistryZeroOwner(i);
            if (owner <= previous) revert PropertyRegistryOwnersNotSorted(i);
            uint256 share = title.shares[i];
            if (share == 0) revert PropertyRegistryZeroShare(i);
            total += share;
            previous = owner;
        }
        if (total != TOTAL_SHARES) revert PropertyRegistrySharesDoNotSum(total);
        return hashTitle(title);
    }

    function _transferSubject(
        bytes32 unit,
        uint32 version,
        TransferKind kind,
        bytes32 titleHash
    ) private view returns (bytes32) {
        return keccak256(abi.encode(TRANSFER_TAG, address(this), unit, version, kind, titleHash));
    }

    function _caseType(TransferKind kind) private view returns (bytes32 caseType) {
        caseType = _getStorage().caseTypes[kind];
        if (caseType == bytes32(0)) revert PropertyRegistryInvalidTransferKind(kind);
    }

    function _unit(bytes32 unit) private view returns (Unit storage record) {
        record = _getStorage().units[unit];
        if (record.titleVersion == 0) revert PropertyRegistryUnknownUnit(unit);
    }

    /// @dev Start defaults to now; a non-zero end must lie after both the start and now.
    function _checkPeriod(uint64 start, uint64 end) private view returns (uint64 from) {
        from = start == 0 ? uint64(block.timestamp) : start;
        if (end != 0 && (end <= from || end <= block.timestamp || end > NO_EXPIRY)) {
            revert PropertyRegistryInvalidPeriod(from, end);
        }
    }

    function _isLive(Encumbrance memory e) private view returns (bool) {
        return e.end == 0 || e.end > block.timestamp;
    }

    /// @dev Reverts while an unexpired freeze is recorded. Reads no record unless the header counts one.
    function _checkNotFrozen(bytes32 unit, Unit storage record) private view {
        if (record.freezes == 0) return;
        uint16 mask = record.encumbranceMask;
        PropertyRegistryStorage storage $ = _getStorage();
        for (uint8 slot = 0; slot < MAX_ENCUMBRANCES; ++slot) {
            if (mask & (1 << slot) == 0) continue;
            Encumbrance memory e = _readRecord(unit, record, slot);
            if (e.kind == EncumbranceKind.Freeze && _isLive(e)) {
                revert PropertyRegistryUnitFrozen(unit, e.seq, $.departmentCodes[e.holder - 1]);
            }
        }
    }

    /// @dev Reverts on the first live freeze, or live mortgage not consented for `caseId`.
    function _checkTransferable(bytes32 unit, Unit storage record, uint256 caseId) private view {
        if (record.freezes == 0 && record.mortgages == 0) return;
        _checkNotFrozen(unit, record);
        uint16 mask = record.encumbranceMask;
        PropertyRegistryStorage storage $ = _getStorage();
        for (uint8 slot = 0; slot < MAX_ENCUMBRANCES; ++slot) {
            if (mask & (1 << slot) == 0) continue;
            Encumbrance memory e = _readRecord(unit, record, slot);
            if (e.kind == EncumbranceKind.Mortgage && _isLive(e) && e.consentCase != caseId) {
                revert PropertyRegistryUnitMortgaged(unit, e.seq, $.departmentCodes[e.holder - 1]);
            }
        }
    }

    function _addEncumbrance(
        bytes32 unit,
        Unit storage record,
        EncumbranceKind kind,
        uint16 holder,
        uint64 end
    ) private returns (uint32 seq, uint8 slot) {
        uint16 mask = record.encumbranceMask;
        if (mask == type(uint16).max) revert PropertyRegistryTooManyEncumbrances(unit, MAX_ENCUMBRANCES);
        while (mask & (1 << slot) != 0) ++slot;
        seq = record.encumbranceSeq + 1;
        record.encumbranceSeq = seq;
        record.encumbranceMask = mask | uint16(1 << slot);
        if (kind == EncumbranceKind.Freeze) ++record.freezes;
        else if (kind == EncumbranceKind.Mortgage) ++record.mortgages;
        _writeRecord(unit, record, slot, Encumbrance(kind, holder, uint40(end), seq, 0));
    }

    /// @dev Record `slot` of a unit: slot 0 lives in the header, slots 1-15 in `encumbrances[unit][slot - 1]`.
    function _readRecord(bytes32 unit, Unit storage record, uint8 slot) private view returns (Encumbrance memory) {
        if (slot == 0) {
            return
                Encumbrance(
                    record.inlineKind,
                    record.inlineHolder,
                    record.inlineEnd,
                    record.inlineSeq,
                    record.inlineConsentCase
                );
        }
        return _getStorage().encumbrances[unit][slot - 1];
    }

    function _writeRecord(bytes32 unit, Unit storage record, uint8 slot, Encumbrance memory e) private {
        if (slot == 0) {
            record.inlineKind = e.kind;
            record.inlineHolder = e.holder;
            record.inlineEnd = e.end;
            record.inlineSeq = e.seq;
            record.inlineConsentCase = e.consentCase;
        } else {
            _getStorage().encumbrances[unit][slot - 1] = e;
        }
    }

    function _activeEncumbrance(
        bytes32 unit,
        Unit storage record,
        uint8 slot,
        uint32 seq
    ) private view returns (Encumbrance memory e) {
        if (slot >= MAX_ENCUMBRANCES || record.encumbranceMask & (1 << slot) == 0) {
            revert PropertyRegistryUnknownEncumbrance(unit, slot, seq);
        }
        e = _readRecord(unit, record, slot);
        if (e.seq != seq) revert PropertyRegistryUnknownEncumbrance(unit, slot, seq);
    }

    /// @dev The department's local index + 1, after checking it is of `kind` (cached on first use).
    function _departmentOfKind(bytes32 code, IDepartmentDirectory.DepartmentKind kind) private returns (uint16) {
        DepartmentRef memory ref = _departmentRef(code);
        if (ref.kindPlusOne != uint8(kind) + 1) revert PropertyRegistryWrongDepartmentKind(code, uint8(kind));
        return ref.index;
    }

    function _departmentIndex(bytes32 code) private returns (uint16) {
        return _departmentRef(code).index;
    }

    function _departmentRef(bytes32 code) private returns (DepartmentRef memory ref) {
        PropertyRegistryStorage storage $ = _getStorage();
        ref = $.departments[code];
        if (ref.kindPlusOne != 0) return ref;
        IDepartmentDirectory.Department memory dept = directory().department(code);
        uint16 index = ++$.departmentCount;
        ref = DepartmentRef(uint8(dept.kind) + 1, index);
        $.departments[code] = ref;
        $.departmentCodes[index - 1] = code;
    }

    function _popCount(uint16 mask) private pure returns (uint8 count) {
        while (mask != 0) {
            mask &= mask - 1;
            ++count;
        }
    }

    function _getStorage() private pure returns (PropertyRegistryStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
