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
 * checks them against `titleHash`). Every per-unit list is bounded (the implementation's MAX_OWNERS = 32,
 * MAX_ENCUMBRANCES = 16 + MAX_FREEZES = 16 records, MAX_PER_HOLDER = 4), so no call's gas grows with the registry.
 *
 * No single department decides alone: a mortgage is registered only on a mortgage case the
 * registrar department approved (the bank opens it with the application carrying the owners'
 * consent); a transfer only on a case its type's departments approved; an encumbrance of a
 * deactivated bank or court is released only on an approved release case. Freezes have a
 * capacity of their own that no bank or registrar can fill, and a freeze on a unit already
 * frozen waits (轮候查封) and takes effect in filing order when the earlier ones end.
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

    /// @notice The registry's case types other than transfers (see {setEncumbranceCaseType} and its event).
    enum EncumbranceCase {
        /// @dev A bank's mortgage application: opened by the bank, approved (at least) by the registrar.
        Mortgage,
        /// @dev The release of an encumbrance whose holder (a bank or court) was deactivated; registrar cases.
        Release
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
        /// @dev Active encumbrances, freezes included (recorded and not released; an expired one stays until released).
        uint8 encumbranceCount;
        /// @dev Recorded freezes: the one in effect and those waiting behind it (轮候查封).
        uint8 freezes;
        uint8 mortgages;
        bytes32 titleHash;
        /// @dev The certificate of the current title version (see {titleCertificate}).
        bytes32 certificate;
    }

    /// @notice An active encumbrance of a unit.
    struct EncumbranceView {
        /// @dev The storage slot (0..MAX_ENCUMBRANCES+MAX_FREEZES-1) it occupies; released slots are reused.
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

    /// @notice A freeze was filed on a unit already frozen by freeze `aheadSeq`: it waits (轮候查封) and takes
    /// effect, in filing order, when the freezes filed before it are lifted or lapse.
    event FreezeWaiting(bytes32 indexed unit, uint32 indexed seq, bytes32 indexed court, uint32 aheadSeq);

    /// @notice The freeze in effect was lifted and waiting freeze `seq` took effect (its court now holds the unit).
    event FreezeTookEffect(bytes32 indexed unit, uint32 indexed seq, bytes32 indexed court);

    /// @notice A bank opened a mortgage application (workflow case `caseId`, to be approved by the registrar).
    event MortgageOpened(
        bytes32 indexed unit,
        uint256 indexed caseId,
        bytes32 indexed bank,
        uint32 titleVersion,
        uint64 start,
        uint64 end,
        bytes32 subject,
        address actor
    );

    /// @notice The registrar opened case `caseId` to release encumbrance `seq`, whose holder was deactivated.
    event ReleaseOpened(
        bytes32 indexed unit,
        uint32 indexed seq,
        uint256 indexed caseId,
        bytes32 holder,
        bytes32 subject,
        address actor
    );

    /// @notice An officer of `department` resubmitted the registry's returned case `caseId` with more information.
    event RegistryCaseResubmitted(
        uint256 indexed caseId,
        bytes32 indexed department,
        bytes32 documentHash,
        address indexed actor
    );

    /// @notice An officer of `department` withdrew the registry's case `caseId` (the reason is in the workflow's
    /// `CaseWithdrawn` of the same transaction).
    event RegistryCaseWithdrawn(uint256 indexed caseId, bytes32 indexed department, address indexed actor);

    /// @notice A mortgagee consented to the transfer of the mortgaged unit in case `caseId` (the mortgage follows the unit).
    event TransferConsented(
        bytes32 indexed unit,
        uint32 indexed seq,
        uint256 indexed caseId,
        bytes32 bank,
        address actor
    );

    /// @notice The workflow case type for a transfer kind was set (at initialization, or by the operator).
    event CaseTypeSet(TransferKind indexed kind, bytes32 caseType, address indexed actor);

    /// @notice The workflow case type for mortgages or releases was set (at initialization, or by the operator).
    event EncumbranceCaseTypeSet(EncumbranceCase indexed which, bytes32 caseType, address indexed actor);

    /// @notice The registry cached a department's kind (immutable in the directory) under a local index.
    event DepartmentCached(bytes32 indexed department, uint8 kind, uint16 index);

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
    /// @notice The title has more owners than MAX_OWNERS (32) (or none).
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
    /// @notice The unit is frozen by a court: no transfer and no new mortgage (`seq` is the first live freeze).
    error PropertyRegistryUnitFrozen(bytes32 unit, uint32 seq, bytes32 court);
    /// @notice The unit is mortgaged and the mortgagee has not consented to this transfer.
    error PropertyRegistryUnitMortgaged(bytes32 unit, uint32 seq, bytes32 bank);
    /// @notice The consumed case is not the transfer being executed (another unit, version, title or kind).
    error PropertyRegistryCaseMismatch(uint256 caseId, bytes32 expectedSubject, bytes32 caseSubject);
    /// @notice The department is not of the kind the action needs (a bank for mortgages, a court for freezes).
    error PropertyRegistryWrongDepartmentKind(bytes32 department, uint8 required);
    /// @notice The unit already carries MAX_ENCUMBRANCES (16) active mortgages, liens, leases and easements.
    error PropertyRegistryTooManyEncumbrances(bytes32 unit, uint256 max);
    /// @notice The unit already carries MAX_FREEZES (16) freezes (in effect and waiting).
    error PropertyRegistryTooManyFreezes(bytes32 unit, uint256 max);
    /// @notice `holder` already holds MAX_PER_HOLDER (4) active encumbrances of the unit.
    error PropertyRegistryHolderCapReached(bytes32 unit, bytes32 holder, uint256 max);
    /// @notice No case type is configured for mortgages or releases.
    error PropertyRegistryCaseTypeNotSet(EncumbranceCase which);
    /// @notice The consumed case was not approved by `department` (the registrar must approve every mortgage).
    error PropertyRegistryCaseNotApprovedBy(uint256 caseId, bytes32 department);
    /// @notice A release case is only for an encumbrance whose holder was deactivated; `holder` is active.
    error PropertyRegistryHolderActive(bytes32 unit, uint32 seq, bytes32 holder);
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
     * @notice Opens a mortgage application for `bank` on `unit` as a workflow case of the mortgage case type.
     * @dev Only an officer of `bank`, which must be a Bank department. Refused while the unit is frozen.
     * `documentHash` is the application file, which carries the owners' signed consent; the case type
     * needs (at least) the registrar's approval. The subject binds the unit, its current title version,
     * the bank and the terms (see {mortgageSubject}).
     * @return caseId The workflow case to be approved.
     */
    function openMortgage(
        bytes32 unit,
        bytes32 bank,
        uint64 start,
        uint64 end,
        bytes32 documentHash
    ) external returns (uint256 caseId);

    /**
     * @notice Registers the mortgage of an approved mortgage case and issues the certificate of other rights to `bank`.
     * @dev Only an officer of `bank`. Consumes the case, which must be of the mortgage type, approved by the
     * registrar department and about exactly this unit, title version, bank and terms. Refused while frozen.
     * @return seq The mortgage's number within the unit.
     */
    function executeMortgage(
        bytes32 unit,
        uint256 caseId,
        bytes32 bank,
        uint64 start,
        uint64 end,
        bytes32 documentHash
    ) external returns (uint32 seq);

    /**
     * @notice Records a court seizure/freeze (查封). `courtOrder` is the hash of the court's order.
     * @dev Only an officer of `court`, which must be a Court department. Never refused for lack of room while
     * the courts hold fewer than MAX_FREEZES (16) freezes of the unit (a court at most MAX_PER_HOLDER (4)): banks and
     * the registrar cannot use freeze capacity. On a unit already frozen the freeze waits (轮候查封,
     * {FreezeWaiting}) and takes effect in filing order when the earlier freezes are lifted or lapse.
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

    /**
     * @notice Opens a release case for encumbrance `seq` of `unit`, whose holder (a bank or court) was deactivated
     * and so can no longer release it. Only a registrar officer.
     * @return caseId The workflow case of the release type, approved as the case type requires.
     */
    function openRelease(bytes32 unit, uint8 slot, uint32 seq, bytes32 documentHash) external returns (uint256 caseId);

    /// @notice Releases encumbrance `seq` on its approved release case (consumed). Only a registrar officer.
    function executeRelease(bytes32 unit, uint8 slot, uint32 seq, uint256 caseId, bytes32 documentHash) external;

    /**
     * @notice Resubmits the registry's returned case `caseId` (transfer, mortgage or release) with more information.
     * @dev Only an officer of the department that opened it: the bank for a mortgage case, else the registrar.
     */
    function resubmitCase(uint256 caseId, bytes32 documentHash) external;

    /// @notice Withdraws the registry's open or returned case `caseId`; same officers as {resubmitCase}.
    function withdrawCase(uint256 caseId, string calldata reason) external;

    /// @notice The mortgagee `bank` consents to the transfer in `caseId`; the mortgage then follows the unit.
    function consentToTransfer(bytes32 unit, uint8 slot, uint32 seq, bytes32 bank, uint256 caseId) external;

    /// @notice Sets the workflow case type used for transfers of `kind`. Operator only.
    function setCaseType(TransferKind kind, bytes32 caseType) external;

    /// @notice Sets the workflow case type used for mortgage applications or releases. Operator only.
    function setEncumbranceCaseType(EncumbranceCase which, bytes32 caseType) external;

    /// @notice The unit as stored; reverts for an unknown unit.
    function unitOf(bytes32 unit) external view returns (UnitView memory);

    /// @notice Whether `unit` is registered.
    function exists(bytes32 unit) external view returns (bool);

    /**
     * @notice The active encumbrances of `unit` (at most MAX_ENCUMBRANCES (16) + MAX_FREEZES (16)). The freeze in
     * effect is the live freeze with the lowest `seq`; later live ones wait (the SDK marks them `waiting`). The
     * SDK's `transferCheck` turns the list into the blockers of a transfer
     * (the rules of {executeTransfer}: live freezes, live mortgages not consented for the case).
     */
    function encumbrances(bytes32 unit) external view returns (EncumbranceView[] memory);

    /// @notice The title certificate hash of `version` of `unit` (deterministic: anyone can recompute it).
    function titleCertificate(bytes32 unit, uint32 version) external view returns (bytes32);

    /// @notice The certificate of other rights issued for encumbrance `seq` of `unit` (mortgages only).
    function proofCertificate(bytes32 unit, uint32 seq) external view returns (bytes32);

    /// @notice The workflow case type used for transfers of `kind` (0 when not configured).
    function caseTypeFor(TransferKind kind) external view returns (bytes32);

    /// @notice The registry's configuration.
    function config() external view returns (Config memory);
}
