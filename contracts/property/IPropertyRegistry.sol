// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title IPropertyRegistry
 * @notice Real-estate registration (不动产登记): units identified by their national unit number,
 * titles with co-owners and shares, encumbrances (mortgage, court freeze, lien, lease, easement)
 * with blocking rules, transfers approved through a workflow case, and a title certificate per
 * title version issued through the certificates module.
 * @dev No personal data: owners and beneficiaries are salted commitments, documents are hashes.
 * A title is stored as its hash (`titleHash`) plus its size; its owners and shares travel in the
 * {TitleRecorded} event of the version that created it (the SDK rebuilds titles from events and
 * checks them against `titleHash`). Every per-unit list is bounded ({MAX_OWNERS},
 * {MAX_ENCUMBRANCES}), so no call's gas grows with the registry.
 */
interface IPropertyRegistry {
    /// @notice How the owners hold the unit: alone, jointly (共同共有) or by shares (按份共有).
    enum OwnershipKind {
        Sole,
        Joint,
        ByShares
    }

    /// @notice Why a title version exists. `Initial` is the first registration; the others are transfers
    /// (`NewBuildSale`: the first sale of a new build by its developer, where planning acceptance applies).
    enum TransferKind {
        Initial,
        Sale,
        Inheritance,
        Gift,
        CourtOrder,
        NewBuildSale
    }

    /// @notice The kinds of encumbrance. Only an unexpired `Freeze` and an unconsented `Mortgage` block a transfer.
    enum EncumbranceKind {
        None,
        Mortgage,
        Freeze,
        Lien,
        Lease,
        Easement
    }

    /// @notice Why a unit cannot be transferred now (see {transferBlockers}).
    enum BlockerReason {
        None,
        UnknownUnit,
        Frozen,
        Mortgaged,
        CaseNotApproved
    }

    /// @notice A title as submitted: owners' commitments in strictly ascending order, shares in basis points.
    struct TitleInput {
        OwnershipKind kind;
        bytes32[] owners;
        uint16[] shares;
    }

    /// @notice The static facts of a unit at its first registration.
    struct UnitInput {
        /// @dev The 28-character national unit number, ASCII, right-padded with zero bytes.
        bytes32 unit;
        /// @dev Hash of the land-parcel (宗地/宗海) record.
        bytes32 parcelRef;
        /// @dev Hash of the planning permit (建设工程规划许可证); zero for land without fixtures.
        bytes32 planningPermit;
        /// @dev Land/building use code (city code list; e.g. 1 residential, 2 commercial, 3 industrial).
        uint8 usage;
        /// @dev Floor or land area in hundredths of a square metre.
        uint48 area;
        /// @dev Hash of the application file.
        bytes32 documentHash;
    }

    /// @notice A unit as stored on chain.
    /// @dev Usage, area, parcel and permit are in {UnitRegistered} (no rule reads them).
    struct UnitView {
        uint32 titleVersion;
        OwnershipKind ownershipKind;
        uint8 ownerCount;
        /// @dev Active encumbrances (recorded and not released; an expired one stays until released).
        uint8 encumbranceCount;
        uint8 freezes;
        uint8 mortgages;
        bytes32 titleHash;
        /// @dev The certificate of the current title version (see {titleCertificate}).
        bytes32 certificate;
    }

    /// @notice An active encumbrance of a unit.
    struct EncumbranceView {
        /// @dev The storage slot (0..MAX_ENCUMBRANCES-1) it occupies; released slots are reused.
        uint8 slot;
        /// @dev Its number within the unit (1, 2, ...); never reused.
        uint32 seq;
        EncumbranceKind kind;
        /// @dev The department entitled to release it (the bank, the court, or the registry).
        bytes32 holder;
        /// @dev 0 for no end date. (The start is in {EncumbranceAdded}.)
        uint64 end;
        /// @dev For a mortgage: the transfer case the bank consented to (0 for none).
        uint64 consentCase;
    }

    /// @notice One reason a unit cannot be transferred now.
    struct Blocker {
        BlockerReason reason;
        /// @dev The encumbrance's seq for `Frozen`/`Mortgaged`, else 0.
        uint32 seq;
        /// @dev The court or bank for `Frozen`/`Mortgaged`, else 0.
        bytes32 holder;
    }

    /// @notice The contracts and types the registry works with.
    struct Config {
        /// @dev The department whose officers register units and open and execute transfers (REGISTRY).
        bytes32 registrar;
        address workflow;
        address certificates;
        /// @dev Certificate type of the title certificate (不动产权证书).
        bytes32 titleCertificateType;
        /// @dev Certificate type of the certificate of other rights (不动产登记证明), issued to a mortgagee.
        bytes32 proofCertificateType;
    }

    /// @notice A unit was registered (its first title is reported by {TitleRecorded} in the same call).
    event UnitRegistered(
        bytes32 indexed unit,
        bytes32 parcelRef,
        bytes32 planningPermit,
        uint8 usage,
        uint48 area,
        bytes32 documentHash,
        address indexed actor
    );

    /// @notice A title version was recorded: the initial one, or the result of a transfer case.
    event TitleRecorded(
        bytes32 indexed unit,
        uint32 indexed version,
        TransferKind cause,
        OwnershipKind kind,
        bytes32[] owners,
        uint16[] shares,
        bytes32 titleHash,
        uint256 caseId,
        bytes32 certificate,
        address indexed actor
    );

    /// @notice A transfer case was opened in the workflow module.
    event TransferOpened(
        bytes32 indexed unit,
        uint256 indexed caseId,
        TransferKind kind,
        uint32 fromVersion,
        bytes32 titleHash,
        bytes32 subject,
        address indexed actor
    );

    /// @notice An encumbrance was recorded. `beneficiary` is a commitment for liens, leases and easements.
    event EncumbranceAdded(
        bytes32 indexed unit,
        uint32 indexed seq,
        bytes32 indexed holder,
        EncumbranceKind kind,
        uint8 slot,
        uint64 start,
        uint64 end,
        bytes32 beneficiary,
        bytes32 documentHash,
        address actor
    );

    /// @notice An encumbrance was released (deregistered).
    event EncumbranceReleased(
        bytes32 indexed unit,
        uint32 indexed seq,
        bytes32 indexed holder,
        EncumbranceKind kind,
        bytes32 documentHash,
        address actor
    );

    /// @notice A mortgagee consented to the transfer of the mortgaged unit in case `caseId` (the mortgage follows the unit).
    event TransferConsented(
        bytes32 indexed unit,
        uint32 indexed seq,
        uint256 indexed caseId,
        bytes32 bank,
        address actor
    );

    /// @notice The operator set the workflow case type for a transfer kind.
    event CaseTypeSet(TransferKind indexed kind, bytes32 caseType, address indexed actor);

    /// @notice The unit number is not a 28-character ASCII string right-padded with zero bytes.
    error PropertyRegistryInvalidUnitNumber(bytes32 unit);
    /// @notice A unit with this number is already registered.
    error PropertyRegistryUnitExists(bytes32 unit);
    /// @notice No unit with this number is registered.
    error PropertyRegistryUnknownUnit(bytes32 unit);
    /// @notice The area is zero.
    error PropertyRegistryInvalidArea();
    /// @notice The owners and shares arrays differ in length.
    error PropertyRegistryLengthMismatch(uint256 owners, uint256 shares);
    /// @notice The title has more owners than {MAX_OWNERS} (or none).
    error PropertyRegistryInvalidOwnerCount(uint256 count, uint256 max);
    /// @notice The ownership kind does not fit the number of owners (sole needs one, joint and by-shares two or more).
    error PropertyRegistryOwnershipKindMismatch(OwnershipKind kind, uint256 count);
    /// @notice An owner commitment is zero.
    error PropertyRegistryZeroOwner(uint256 index);
    /// @notice Owner commitments must be strictly ascending (no duplicates; the SDK sorts them).
    error PropertyRegistryOwnersNotSorted(uint256 index);
    /// @notice An owner's share is zero.
    error PropertyRegistryZeroShare(uint256 index);
    /// @notice The shares do not sum to 10,000 basis points.
    error PropertyRegistrySharesDoNotSum(uint256 total);
    /// @notice `Initial` is not a transfer kind, or no case type is configured for the kind.
    error PropertyRegistryInvalidTransferKind(TransferKind kind);
    /// @notice The unit is frozen by a court: no transfer and no new mortgage.
    error PropertyRegistryUnitFrozen(bytes32 unit, uint32 seq, bytes32 court);
    /// @notice The unit is mortgaged and the mortgagee has not consented to this transfer.
    error PropertyRegistryUnitMortgaged(bytes32 unit, uint32 seq, bytes32 bank);
    /// @notice The consumed case is not the transfer being executed (another unit, version, title or kind).
    error PropertyRegistryCaseMismatch(uint256 caseId, bytes32 expectedSubject, bytes32 caseSubject);
    /// @notice The department is not of the kind the action needs (a bank for mortgages, a court for freezes).
    error PropertyRegistryWrongDepartmentKind(bytes32 department, uint8 required);
    /// @notice The unit already carries {MAX_ENCUMBRANCES} active encumbrances.
    error PropertyRegistryTooManyEncumbrances(bytes32 unit, uint256 max);
    /// @notice No active encumbrance `seq` occupies `slot` of the unit.
    error PropertyRegistryUnknownEncumbrance(bytes32 unit, uint8 slot, uint32 seq);
    /// @notice Only the encumbrance's holder (or the registrar, once it has expired) may release it.
    error PropertyRegistryNotHolder(bytes32 unit, uint32 seq, bytes32 holder, bytes32 department);
    /// @notice The encumbrance is not a mortgage.
    error PropertyRegistryNotMortgage(bytes32 unit, uint32 seq);
    /// @notice The kind cannot be added through this function.
    error PropertyRegistryInvalidEncumbranceKind(EncumbranceKind kind);
    /// @notice The period ends before it starts, has already ended, or ends after 2^40 - 1 (year 36812).
    error PropertyRegistryInvalidPeriod(uint64 start, uint64 end);
    /// @notice The case id does not fit 32 bits (the consent is stored in 32 bits).
    error PropertyRegistryCaseIdTooLarge(uint256 caseId);
    /// @notice A configured address or type is zero.
    error PropertyRegistryInvalidConfig();

    /**
     * @notice Registers a unit and its first title (version 1), and issues its title certificate.
     * @dev Only an officer of the registrar department. Reverts for a duplicate unit, a malformed number or title.
     */
    function registerUnit(UnitInput calldata unit, TitleInput calldata title) external;

    /**
     * @notice Opens a transfer of `unit` to the title `next` as a workflow case of the kind's case type.
     * @dev Only a registrar officer. The case subject binds the unit, its current version, the kind and `next`,
     * so an approved case executes exactly that transfer and goes stale when the title changes meanwhile.
     * @return caseId The workflow case to be approved by the departments its type requires.
     */
    function openTransfer(
        bytes32 unit,
        TransferKind kind,
        TitleInput calldata next,
        bytes32 documentHash
    ) external returns (uint256 caseId);

    /**
     * @notice Executes an approved transfer case: consumes it, checks that nothing blocks, records the next
     * title version and issues its certificate, superseding the previous one.
     * @dev Only a registrar officer. Reverts while a freeze is active or a mortgage is unconsented.
     */
    function executeTransfer(bytes32 unit, uint256 caseId, TransferKind kind, TitleInput calldata next) external;

    /**
     * @notice Registers a mortgage for `bank` and issues the certificate of other rights to it.
     * @dev Only an officer of `bank`, which must be a Bank department. Refused while the unit is frozen.
     * @return seq The mortgage's number within the unit.
     */
    function addMortgage(
        bytes32 unit,
        bytes32 bank,
        uint64 start,
        uint64 end,
        bytes32 documentHash
    ) external returns (uint32 seq);

    /**
     * @notice Records a court seizure/freeze (查封). `courtOrder` is the hash of the court's order.
     * @dev Only an officer of `court`, which must be a Court department. Several courts may freeze (轮候查封).
     * @return seq The freeze's number within the unit.
     */
    function addFreeze(bytes32 unit, bytes32 court, uint64 end, bytes32 courtOrder) external returns (uint32 seq);

    /**
     * @notice Records a lien, lease or easement for `beneficiary` (a commitment). Registrar officers only.
     * @return seq The encumbrance's number within the unit.
     */
    function addEncumbrance(
        bytes32 unit,
        EncumbranceKind kind,
        bytes32 beneficiary,
        uint64 start,
        uint64 end,
        bytes32 documentHash
    ) external returns (uint32 seq);

    /**
     * @notice Releases encumbrance `seq` in `slot` of `unit`, acting for `department`.
     * @dev Only an officer of the holder (the bank that registered the mortgage, the court that froze);
     * the registrar may also release any encumbrance whose end date has passed (注销).
     */
    function releaseEncumbrance(
        bytes32 unit,
        uint8 slot,
        uint32 seq,
        bytes32 department,
        bytes32 documentHash
    ) external;

    /// @notice The mortgagee `bank` consents to the transfer in `caseId`; the mortgage then follows the unit.
    function consentToTransfer(bytes32 unit, uint8 slot, uint32 seq, bytes32 bank, uint256 caseId) external;

    /// @notice Sets the workflow case type used for transfers of `kind`. Operator only.
    function setCaseType(TransferKind kind, bytes32 caseType) external;

    /// @notice The unit as stored; reverts for an unknown unit.
    function unitOf(bytes32 unit) external view returns (UnitView memory);

    /// @notice Whether `unit` is registered.
    function exists(bytes32 unit) external view returns (bool);

    /// @notice The active encumbrances of `unit` (at most {MAX_ENCUMBRANCES}).
    function encumbrances(bytes32 unit) external view returns (EncumbranceView[] memory);

    /**
     * @notice Every reason `unit` cannot be transferred now. With `caseId` 0 the case is not considered
     * (a consented mortgage still counts as a blocker); otherwise the case must be Approved and each
     * mortgage consented for it. An empty list means the transfer can execute.
     */
    function transferBlockers(bytes32 unit, uint256 caseId) external view returns (Blocker[] memory);

    /// @notice The title certificate hash of `version` of `unit` (deterministic: anyone can recompute it).
    function titleCertificate(bytes32 unit, uint32 version) external view returns (bytes32);

    /// @notice The certificate of other rights issued for encumbrance `seq` of `unit` (mortgages only).
    function proofCertificate(bytes32 unit, uint32 seq) external view returns (bytes32);

    /// @notice The hash a title is stored as: `keccak256(abi.encode(kind, owners, shares))`.
    function hashTitle(TitleInput calldata title) external pure returns (bytes32);

    /// @notice The workflow case subject of a transfer of `unit` at its current version to `next`.
    function transferSubject(bytes32 unit, TransferKind kind, TitleInput calldata next) external view returns (bytes32);

    /// @notice The workflow case type used for transfers of `kind` (0 when not configured).
    function caseTypeFor(TransferKind kind) external view returns (bytes32);

    /// @notice The registry's configuration.
    function config() external view returns (Config memory);
}
