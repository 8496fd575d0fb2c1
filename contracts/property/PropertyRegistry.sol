// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DepartmentGated} from "../access/DepartmentGated.sol";
import {IDepartmentDirectory} from "../access/IDepartmentDirectory.sol";
import {ICertificateIssuer} from "../certificates/ICertificateIssuer.sol";
import {IWorkflow} from "../workflow/IWorkflow.sol";
import {IWorkflowCases} from "../workflow/IWorkflowCases.sol";
import {IPropertyRegistry} from "./IPropertyRegistry.sol";

/**
 * @title PropertyRegistry
 * @notice The real-estate register: units, titles, encumbrances, transfers and title certificates.
 * @dev Who may do what (checked against the department directory on every call):
 * - officers of the registrar department (REGISTRY) register units, record liens, leases and
 *   easements, open transfers and execute approved ones;
 * - officers of a Bank department open mortgage applications, register the approved ones, release
 *   their own mortgages and consent to transfers;
 * - officers of a Court department freeze and unfreeze; only the court that froze may unfreeze;
 * - the registrar releases, on an approved release case, what a deactivated bank or court holds.
 * Every "may this officer of this department act now" goes through {DepartmentGated-_checkOfficer}
 * (the directory's live rule: a deactivated department's officers can do nothing here).
 * A department's kind never changes once registered, so the registry caches it with a 16-bit
 * local index (the holder field of an encumbrance) the first time the department acts.
 *
 * Storage per unit: one packed header slot, the title hash, and a fixed array of 32 one-slot
 * encumbrance records addressed by a 32-bit occupancy mask. Capacity is split by kind, not by
 * slot: at most {MAX_ENCUMBRANCES} mortgages, liens, leases and easements, and at most
 * {MAX_FREEZES} freezes, so no bank or registrar can crowd out a court; and one holder holds at
 * most {MAX_PER_HOLDER} of a unit's records. Released records are left in place (only the mask
 * bit is cleared) so a later encumbrance reuses the slot at the price of a non-zero write.
 * Every loop runs over at most 32 slots.
 */
contract PropertyRegistry is DepartmentGated, IPropertyRegistry {
    // The bounds are internal (the SDK mirrors them in sdk/property/title.ts): a public getter each would cost
    // code size, and the implementation is within a few hundred bytes of the EVM's 24 KiB limit.
    /// @dev Most owners a title may have (bounds the validation loop and the event).
    uint256 internal constant MAX_OWNERS = 32;
    /// @dev Most active mortgages, liens, leases and easements a unit may carry at once (freezes not counted).
    uint256 internal constant MAX_ENCUMBRANCES = 16;
    /// @dev Most freezes (in effect and waiting) a unit may carry at once: capacity of their own.
    uint256 internal constant MAX_FREEZES = 16;
    /// @dev Most active encumbrances of a unit one department may hold (so no bank or court hogs the capacity).
    uint256 internal constant MAX_PER_HOLDER = 4;
    /// @dev Shares are in basis points and sum to this.
    uint256 internal constant TOTAL_SHARES = 10_000;

    /// @dev The certificates module's "never expires" (its windows are 40-bit): titles, open-ended mortgages.
    uint64 private constant NO_EXPIRY = type(uint40).max;

    bytes32 private constant TITLE_CERTIFICATE_TAG = keccak256("govchain.property.titleCertificate");
    bytes32 private constant PROOF_CERTIFICATE_TAG = keccak256("govchain.property.proofCertificate");
    bytes32 private constant TRANSFER_TAG = keccak256("govchain.property.transfer");
    bytes32 private constant MORTGAGE_TAG = keccak256("govchain.property.mortgage");
    bytes32 private constant RELEASE_TAG = keccak256("govchain.property.release");

    /// @dev Record slots per unit: {MAX_ENCUMBRANCES} + {MAX_FREEZES} (slot 0 inline, 31 in `encumbrances`).
    uint8 private constant SLOTS = 32;
    /// @dev Revocation reason of a released mortgage's certificate of other rights (the SDK's "unspecified":
    /// the release itself, with its document, is in {EncumbranceReleased}).
    uint16 private constant RELEASED_REASON = 0;

    /// @dev The unit header, one slot (32 bytes): the title summary, the encumbrance bookkeeping, and
    /// encumbrance slot 0 itself (`inline*`), so a unit's first encumbrance costs a write to a slot the
    /// call writes anyway instead of a fresh slot (22,100 gas). Static facts (usage, area, parcel,
    /// permit) are in {UnitRegistered} only: no rule reads them.
    struct Unit {
        uint32 titleVersion;
        OwnershipKind ownershipKind;
        uint8 ownerCount;
        /// @dev Bit i set: encumbrance slot i holds an active record (slot 0 inline, 1-31 in `encumbrances`).
        uint32 encumbranceMask;
        /// @dev The last encumbrance number given out in this unit.
        uint32 encumbranceSeq;
        /// @dev Active freezes and mortgages, so a transfer of an unencumbered unit reads no record (and the
        /// freeze count enforces {MAX_FREEZES} without reading one).
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
        mapping(bytes32 unit => Encumbrance[31]) encumbrances;
        mapping(bytes32 code => DepartmentRef) departments;
        mapping(uint16 index => bytes32 code) departmentCodes;
        uint16 departmentCount;
        mapping(EncumbranceCase which => bytes32) encumbranceCaseTypes;
        /// @dev The bank that opened a mortgage case (it resubmits and withdraws it); 0 for registrar cases.
        mapping(uint256 caseId => bytes32 department) caseDepartments;
        /// @dev The registrar's officer role (immutable in the directory) and active flag (pushed by the directory,
        /// this registry being a department listener): the registrar's officer check reads this one word instead of
        /// asking the directory (about 11,000 gas less on every registration and transfer).
        uint64 registrarRole;
        bool registrarInactive;
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
     * @param encumbranceCaseTypes_ Workflow case types for mortgage applications and releases (0: not offered).
     */
    function initialize(
        address authority,
        IDepartmentDirectory directory_,
        bytes32[5] calldata caseTypes_,
        bytes32[2] calldata encumbranceCaseTypes_
    ) external initializer {
        __DepartmentGated_init(authority, directory_);
        IDepartmentDirectory.Department memory registrar = directory_.department(_registrar);
        PropertyRegistryStorage storage $ = _getStorage();
        $.registrarRole = registrar.officerRole;
        $.registrarInactive = !registrar.active;
        // Through the setters' bodies, so the wiring is in the events from the first block (rebuildable).
        for (uint256 i = 0; i < 5; ++i) _setCaseType(TransferKind(i + 1), caseTypes_[i]);
        for (uint256 i = 0; i < 2; ++i) _setEncumbranceCaseType(EncumbranceCase(i), encumbranceCaseTypes_[i]);
    }

    // ── registration ──────────────────────────────────────────────────────────

    /// @inheritdoc IPropertyRegistry
    function registerUnit(UnitInput calldata input, TitleInput calldata title) external restricted {
        PropertyRegistryStorage storage $ = _getStorage();
        _checkRegistrar();
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
        _checkRegistrar();
        Unit storage record = _unit(unit);
        bytes32 caseType = _caseType(kind);
        bytes32 titleHash = _validateTitle(next);
        _checkNotFrozen(unit, record);
        uint32 version = record.titleVersion;
        bytes32 subject = _transferSubject(unit, version, kind, titleHash);
        caseId = _openCase(caseType, subject, documentHash);
        emit TransferOpened(unit, caseId, kind, version, titleHash, subject, msg.sender);
    }

    /// @inheritdoc IPropertyRegistry
    function executeTransfer(
        bytes32 unit,
        uint256 caseId,
        TransferKind kind,
        TitleInput calldata next
    ) external restricted {
        _checkRegistrar();
        Unit storage record = _unit(unit);
        bytes32 titleHash = _validateTitle(next);
        uint32 version = record.titleVersion;
        _checkTransferable(unit, record, caseId);
        _consumeCase(caseId, _caseType(kind), _transferSubject(unit, version, kind, titleHash));

        record.titleVersion = version + 1;
        record.ownershipKind = next.kind;
        record.ownerCount = uint8(next.owners.length);
        record.titleHash = titleHash;
        _recordTitle(unit, version + 1, kind, next, titleHash, caseId);
    }

    // ── encumbrances ──────────────────────────────────────────────────────────

    /// @inheritdoc IPropertyRegistry
    function openMortgage(
        bytes32 unit,
        bytes32 bank,
        uint64 start,
        uint64 end,
        bytes32 documentHash
    ) external restricted returns (uint256 caseId) {
        _checkOfficer(bank, msg.sender);
        _departmentOfKind(bank, IDepartmentDirectory.DepartmentKind.Bank);
        Unit storage record = _unit(unit);
        _checkNotFrozen(unit, record);
        _checkPeriod(start, end);
        uint32 version = record.titleVersion;
        bytes32 subject = _mortgageSubject(unit, version, bank, start, end);
        caseId = _openCase(_encumbranceCaseType(EncumbranceCase.Mortgage), subject, documentHash);
        _getStorage().caseDepartments[caseId] = bank;
        emit MortgageOpened(unit, caseId, bank, version, start, end, subject, msg.sender);
    }

    /// @inheritdoc IPropertyRegistry
    function executeMortgage(
        bytes32 unit,
        uint256 caseId,
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
        _consumeCase(
            caseId,
            _encumbranceCaseType(EncumbranceCase.Mortgage),
            _mortgageSubject(unit, record.titleVersion, bank, start, end)
        );
        // Whatever the operator configured, a mortgage never registers without the registrar's decision.
        _checkApprovedBy(caseId, _registrar);
        uint8 slot;
        (seq, slot) = _addEncumbrance(unit, record, EncumbranceKind.Mortgage, holder, bank, end);
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
        // A unit already frozen: this freeze waits behind the one in effect (轮候查封).
        (uint32 aheadSeq, ) = _effectiveFreezeOf(unit, record);
        uint8 slot;
        (seq, slot) = _addEncumbrance(unit, record, EncumbranceKind.Freeze, holder, court, end);
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
        if (aheadSeq != 0) emit FreezeWaiting(unit, seq, court, aheadSeq);
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
        _checkRegistrar();
        uint64 from = _checkPeriod(start, end);
        uint8 slot;
        (seq, slot) = _addEncumbrance(unit, _unit(unit), kind, _departmentIndex(registrar), registrar, end);
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
        _release(unit, record, slot, e, holder, documentHash);
    }

    /// @inheritdoc IPropertyRegistry
    function openRelease(
        bytes32 unit,
        uint8 slot,
        uint32 seq,
        bytes32 documentHash
    ) external restricted returns (uint256 caseId) {
        _checkRegistrar();
        Unit storage record = _unit(unit);
        bytes32 holder = _inactiveHolder(unit, seq, _activeEncumbrance(unit, record, slot, seq));
        bytes32 subject = _releaseSubject(unit, seq);
        caseId = _openCase(_encumbranceCaseType(EncumbranceCase.Release), subject, documentHash);
        emit ReleaseOpened(unit, seq, caseId, holder, subject, msg.sender);
    }

    /// @inheritdoc IPropertyRegistry
    function executeRelease(
        bytes32 unit,
        uint8 slot,
        uint32 seq,
        uint256 caseId,
        bytes32 documentHash
    ) external restricted {
        _checkRegistrar();
        Unit storage record = _unit(unit);
        Encumbrance memory e = _activeEncumbrance(unit, record, slot, seq);
        // Still inactive: a reactivated holder releases (or keeps) its own encumbrance again.
        bytes32 holder = _inactiveHolder(unit, seq, e);
        _consumeCase(caseId, _encumbranceCaseType(EncumbranceCase.Release), _releaseSubject(unit, seq));
        _release(unit, record, slot, e, holder, documentHash);
    }

    // ── the registry's returned cases ─────────────────────────────────────────

    /// @inheritdoc IPropertyRegistry
    function resubmitCase(uint256 caseId, bytes32 documentHash) external restricted {
        bytes32 department = _caseDepartment(caseId);
        _checkOfficer(department, msg.sender);
        IWorkflowCases(_workflow).resubmitCase(caseId, documentHash);
        emit RegistryCaseResubmitted(caseId, department, documentHash, msg.sender);
    }

    /// @inheritdoc IPropertyRegistry
    function withdrawCase(uint256 caseId, string calldata reason) external restricted {
        bytes32 department = _caseDepartment(caseId);
        _checkOfficer(department, msg.sender);
        IWorkflowCases(_workflow).withdrawCase(caseId, reason);
        emit RegistryCaseWithdrawn(caseId, department, msg.sender);
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
        _setCaseType(kind, caseType);
    }

    /// @inheritdoc IPropertyRegistry
    function setEncumbranceCaseType(EncumbranceCase which, bytes32 caseType) external restricted {
        _setEncumbranceCaseType(which, caseType);
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
        uint32 mask = record.encumbranceMask;
        list = new EncumbranceView[](_popCount(mask));
        uint256 n = 0;
        for (uint8 slot = 0; n < list.length; ++slot) {
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
    function titleCertificate(bytes32 unit, uint32 version) public view returns (bytes32) {
        return keccak256(abi.encode(TITLE_CERTIFICATE_TAG, block.chainid, address(this), unit, version));
    }

    /// @inheritdoc IPropertyRegistry
    function proofCertificate(bytes32 unit, uint32 seq) public view returns (bytes32) {
        return keccak256(abi.encode(PROOF_CERTIFICATE_TAG, block.chainid, address(this), unit, seq));
    }

    /// @dev `keccak256(abi.encode(kind, owners, shares))` (the SDK's `hashTitle`).
    function _hashTitle(TitleInput calldata title) private pure returns (bytes32) {
        return keccak256(abi.encode(title.kind, title.owners, title.shares));
    }

    /// @inheritdoc IPropertyRegistry
    function caseTypeFor(TransferKind kind) external view returns (bytes32) {
        return _getStorage().caseTypes[kind];
    }

    /// @dev The department whose officers may resubmit or withdraw the registry's case `caseId`: the bank that
    /// opened a mortgage case (in {MortgageOpened}), else the registrar.
    function _caseDepartment(uint256 caseId) private view returns (bytes32 department) {
        department = _getStorage().caseDepartments[caseId];
        if (department == bytes32(0)) department = _registrar;
    }

    /// @inheritdoc IPropertyRegistry
    function config() external view returns (Config memory) {
        return Config(_registrar, _workflow, _certificates, _titleCertificateType, _proofCertificateType);
    }

    // ── internals ─────────────────────────────────────────────────────────────

    function _openCase(bytes32 caseType, bytes32 subject, bytes32 documentHash) private returns (uint256) {
        return IWorkflowCases(_workflow).openCase(caseType, subject, documentHash);
    }

    /// @dev Consumes the approved case and checks it is exactly what is executed (type and subject).
    function _consumeCase(uint256 caseId, bytes32 caseType, bytes32 expected) private {
        (bytes32 consumedType, bytes32 consumedSubject) = IWorkflowCases(_workflow).consumeCase(caseId);
        if (consumedType != caseType || consumedSubject != expected) {
            revert PropertyRegistryCaseMismatch(caseId, expected, consumedSubject);
        }
    }

    /// @dev Reverts unless `department` signed the approved case `caseId`: a department that signed is one its
    /// type requires, and an Approved case has every required department at quorum. (The workflow reverts with
    /// its own error when the type does not require `department` at all.)
    function _checkApprovedBy(uint256 caseId, bytes32 department) private view {
        if (IWorkflow(_workflow).signatures(caseId, department) == 0) {
            revert PropertyRegistryCaseNotApprovedBy(caseId, department);
        }
    }

    /// @dev Clears the record, hands a lifted freeze's effect on to the next one waiting, revokes a mortgage's
    /// certificate of other rights, and reports the release.
    function _release(
        bytes32 unit,
        Unit storage record,
        uint8 slot,
        Encumbrance memory e,
        bytes32 holder,
        bytes32 documentHash
    ) private {
        // Only with other freezes recorded can lifting this one hand the effect on (waiting freezes).
        uint32 effectiveBefore;
        if (e.kind == EncumbranceKind.Freeze && record.freezes > 1)
            (effectiveBefore, ) = _effectiveFreezeOf(unit, record);
        record.encumbranceMask &= ~uint32(1 << slot);
        if (e.kind == EncumbranceKind.Freeze) --record.freezes;
        else if (e.kind == EncumbranceKind.Mortgage) --record.mortgages;
        emit EncumbranceReleased(unit, e.seq, holder, e.kind, documentHash, msg.sender);
        if (e.kind == EncumbranceKind.Mortgage) {
            // No valid proof of a right that no longer exists (a lapsed one expires with the mortgage's end).
            ICertificateIssuer(_certificates).revokeFor(
                _proofCertificateType,
                proofCertificate(unit, e.seq),
                RELEASED_REASON
            );
        } else if (e.kind == EncumbranceKind.Freeze && effectiveBefore == e.seq) {
            (uint32 next, uint16 nextHolder) = _effectiveFreezeOf(unit, record);
            if (next != 0) emit FreezeTookEffect(unit, next, _getStorage().departmentCodes[nextHolder - 1]);
        }
    }

    /// @dev The holder of `e`, after checking it is deactivated (a release case is only for those).
    function _inactiveHolder(bytes32 unit, uint32 seq, Encumbrance memory e) private view returns (bytes32 holder) {
        holder = _getStorage().departmentCodes[e.holder - 1];
        if (!directory().isDeactivated(holder)) revert PropertyRegistryHolderActive(unit, seq, holder);
    }

    function _setCaseType(TransferKind kind, bytes32 caseType) private {
        _getStorage().caseTypes[kind] = caseType;
        emit CaseTypeSet(kind, caseType, msg.sender);
    }

    function _setEncumbranceCaseType(EncumbranceCase which, bytes32 caseType) private {
        _getStorage().encumbranceCaseTypes[which] = caseType;
        emit EncumbranceCaseTypeSet(which, caseType, msg.sender);
    }

    function _encumbranceCaseType(EncumbranceCase which) private view returns (bytes32 caseType) {
        caseType = _getStorage().encumbranceCaseTypes[which];
        if (caseType == bytes32(0)) revert PropertyRegistryCaseTypeNotSet(which);
    }

    function _mortgageSubject(
        bytes32 unit,
        uint32 version,
        bytes32 bank,
        uint64 start,
        uint64 end
    ) private view returns (bytes32) {
        return keccak256(abi.encode(MORTGAGE_TAG, address(this), unit, version, bank, start, end));
    }

    function _releaseSubject(bytes32 unit, uint32 seq) private view returns (bytes32) {
        return keccak256(abi.encode(RELEASE_TAG, address(this), unit, seq));
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
        return _hashTitle(title);
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

    /// @dev Reverts while an unexpired freeze is recorded (naming the one in effect). Reads no record unless the
    /// header counts one.
    function _checkNotFrozen(bytes32 unit, Unit storage record) private view {
        (uint32 seq, uint16 holder) = _effectiveFreezeOf(unit, record);
        if (seq != 0) revert PropertyRegistryUnitFrozen(unit, seq, _getStorage().departmentCodes[holder - 1]);
    }

    /// @dev Reverts on the live freeze in effect, or on the first live mortgage not consented for `caseId`.
    function _checkTransferable(bytes32 unit, Unit storage record, uint256 caseId) private view {
        if (record.freezes == 0 && record.mortgages == 0) return;
        _checkNotFrozen(unit, record);
        if (record.mortgages == 0) return;
        uint32 mask = record.encumbranceMask;
        for (uint8 slot = 0; mask >> slot != 0; ++slot) {
            if (mask & (1 << slot) == 0) continue;
            Encumbrance memory e = _readRecord(unit, record, slot);
            if (e.kind == EncumbranceKind.Mortgage && _isLive(e) && e.consentCase != caseId) {
                revert PropertyRegistryUnitMortgaged(unit, e.seq, _getStorage().departmentCodes[e.holder - 1]);
            }
        }
    }

    /// @dev The freeze in effect: the live freeze filed first (lowest seq); later live ones wait behind it.
    /// (0, 0) when none is live. Reads no record unless the header counts a freeze; at most {SLOTS} records.
    function _effectiveFreezeOf(bytes32 unit, Unit storage record) private view returns (uint32 seq, uint16 holder) {
        if (record.freezes == 0) return (0, 0);
        uint32 mask = record.encumbranceMask;
        for (uint8 slot = 0; mask >> slot != 0; ++slot) {
            if (mask & (1 << slot) == 0) continue;
            Encumbrance memory e = _readRecord(unit, record, slot);
            if (e.kind == EncumbranceKind.Freeze && _isLive(e) && (seq == 0 || e.seq < seq))
                (seq, holder) = (e.seq, e.holder);
        }
    }

    /// @dev Checks the kind's own capacity and the holder's cap, then writes the record in the first free slot.
    function _addEncumbrance(
        bytes32 unit,
        Unit storage record,
        EncumbranceKind kind,
        uint16 holder,
        bytes32 holderCode,
        uint64 end
    ) private returns (uint32 seq, uint8 slot) {
        uint32 mask = record.encumbranceMask;
        uint8 active = _popCount(mask);
        uint8 freezes = record.freezes;
        if (kind == EncumbranceKind.Freeze) {
            if (freezes >= MAX_FREEZES) revert PropertyRegistryTooManyFreezes(unit, MAX_FREEZES);
        } else if (active - freezes >= MAX_ENCUMBRANCES) {
            revert PropertyRegistryTooManyEncumbrances(unit, MAX_ENCUMBRANCES);
        }
        // Fewer active records than the cap: no holder can be at it, so the common case reads no record.
        if (active >= MAX_PER_HOLDER && _heldBy(unit, record, holder) >= MAX_PER_HOLDER) {
            revert PropertyRegistryHolderCapReached(unit, holderCode, MAX_PER_HOLDER);
        }
        // Both capacities hold, so fewer than SLOTS records are active and a free slot exists.
        while (mask & (1 << slot) != 0) ++slot;
        seq = record.encumbranceSeq + 1;
        record.encumbranceSeq = seq;
        record.encumbranceMask = mask | uint32(1 << slot);
        if (kind == EncumbranceKind.Freeze) ++record.freezes;
        else if (kind == EncumbranceKind.Mortgage) ++record.mortgages;
        _writeRecord(unit, record, slot, Encumbrance(kind, holder, uint40(end), seq, 0));
    }

    /// @dev How many active records of the unit `holder` holds (at most {SLOTS} reads).
    function _heldBy(bytes32 unit, Unit storage record, uint16 holder) private view returns (uint256 n) {
        uint32 mask = record.encumbranceMask;
        for (uint8 slot = 0; mask >> slot != 0; ++slot) {
            if (mask & (1 << slot) != 0 && _readRecord(unit, record, slot).holder == holder) ++n;
        }
    }

    /// @dev Record `slot` of a unit: slot 0 lives in the header, slots 1-31 in `encumbrances[unit][slot - 1]`.
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
        if (slot >= SLOTS || record.encumbranceMask & (1 << slot) == 0) {
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
        emit DepartmentCached(code, uint8(dept.kind), index);
    }

    /// @dev The officer rule for the registrar, from the cached word (see `registrarRole`).
    function _checkRegistrar() private view {
        PropertyRegistryStorage storage $ = _getStorage();
        _checkOfficerCached(_registrar, $.registrarRole, !$.registrarInactive, msg.sender);
    }

    /// @dev The directory's push when a department is (de)activated: keeps the registrar's cached flag true.
    function _departmentActiveChanged(bytes32 department, bool active) internal override {
        if (department == _registrar) _getStorage().registrarInactive = !active;
    }

    function _popCount(uint32 mask) private pure returns (uint8 count) {
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
