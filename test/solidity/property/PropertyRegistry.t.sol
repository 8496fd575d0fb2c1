// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

import {DepartmentDirectory} from "../../../contracts/access/DepartmentDirectory.sol";
import {DepartmentGated} from "../../../contracts/access/DepartmentGated.sol";
import {GovAccessManager} from "../../../contracts/access/GovAccessManager.sol";
import {GovRoles} from "../../../contracts/access/GovRoles.sol";
import {IDepartmentDirectory} from "../../../contracts/access/IDepartmentDirectory.sol";
import {CertificateIssuerMock} from "../../../contracts/mocks/CertificateIssuerMock.sol";
import {WorkflowCasesMock} from "../../../contracts/mocks/WorkflowCasesMock.sol";
import {IWorkflowCases} from "../../../contracts/workflow/IWorkflowCases.sol";
import {IPropertyRegistry} from "../../../contracts/property/IPropertyRegistry.sol";
import {PropertyRegistry} from "../../../contracts/property/PropertyRegistry.sol";
import {GovTest, Vm} from "../utils/GovTest.sol";

/// @dev Builds titles for the tests: owners ascending from a seed, shares summing to 10,000 unless corrupted.
library Titles {
    function make(
        uint256 seed,
        uint256 count,
        uint256 corruption
    ) internal pure returns (IPropertyRegistry.TitleInput memory t) {
        count = 1 + (count % 5);
        t.kind = count == 1 ? IPropertyRegistry.OwnershipKind.Sole : IPropertyRegistry.OwnershipKind.ByShares;
        t.owners = new bytes32[](count);
        t.shares = new uint16[](count);
        uint256 base = 1 + (uint256(keccak256(abi.encode(seed))) >> 8);
        uint256 each = 10_000 / count;
        for (uint256 i = 0; i < count; ++i) {
            t.owners[i] = bytes32(base + i);
            t.shares[i] = uint16(each);
        }
        t.shares[0] += uint16(10_000 - each * count);
        // One in four titles is corrupted: its shares sum to a little more, or a little less, than 10,000.
        if (corruption % 8 == 0) t.shares[0] += uint16(1 + ((corruption >> 3) % 7));
        else if (corruption % 8 == 4) t.shares[0] -= uint16(1 + ((corruption >> 3) % 7));
    }

    function sum(IPropertyRegistry.TitleInput memory t) internal pure returns (uint256 total) {
        for (uint256 i = 0; i < t.shares.length; ++i) total += t.shares[i];
    }
}

/// @dev Drives the registry with random registrations, freezes, mortgages, releases and transfers.
contract PropertyHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    PropertyRegistry public immutable registry;
    WorkflowCasesMock public immutable workflow;
    address public immutable registrar;
    address public immutable court;
    address public immutable bank;
    address public immutable court2;
    bytes32[3] public units = [
        bytes32("110105003001GB00001F00010001"),
        bytes32("110105003001GB00001F00010002"),
        bytes32("110105003001GB00002W00000000")
    ];

    /// @dev The shares of the title each registered unit currently has, as submitted.
    mapping(bytes32 unit => uint16[]) public currentShares;
    /// @dev Ghost flags: a recorded title whose shares do not sum to 10,000; a frozen unit that changed owner.
    bool public acceptedBadShares;
    bool public frozenUnitChangedOwner;
    bool public mortgageWithoutRegistrar;
    uint256 public transfersExecuted;

    constructor(
        PropertyRegistry registry_,
        WorkflowCasesMock workflow_,
        address registrar_,
        address court_,
        address bank_,
        address court2_
    ) {
        registry = registry_;
        workflow = workflow_;
        registrar = registrar_;
        court = court_;
        bank = bank_;
        court2 = court2_;
    }

    function register(uint256 unitSeed, uint256 seed, uint256 count, uint256 corruption) external {
        bytes32 unit = units[unitSeed % 3];
        IPropertyRegistry.TitleInput memory t = Titles.make(seed, count, corruption);
        IPropertyRegistry.UnitInput memory input = IPropertyRegistry.UnitInput(
            unit,
            keccak256("parcel"),
            0,
            1,
            100,
            keccak256("doc")
        );
        vm.prank(registrar);
        (bool ok, ) = address(registry).call(abi.encodeCall(PropertyRegistry.registerUnit, (input, t)));
        if (ok) _accepted(unit, t);
    }

    function freeze(uint256 unitSeed) external {
        vm.prank(court);
        (bool ok, ) = address(registry).call(
            abi.encodeCall(PropertyRegistry.addFreeze, (units[unitSeed % 3], bytes32("COURT"), 0, keccak256("order")))
        );
        ok;
    }

    /// @dev A bank opens a mortgage application; the case is approved by the registrar, or only by the bank
    /// (a case type misconfigured, or a bank acting alone), or by nobody; the bank then executes it, with the
    /// approved terms or with other ones. Ghost: a mortgage registered without the registrar's approval, or on
    /// terms its case did not approve.
    function mortgage(uint256 unitSeed, uint256 flags) external {
        bytes32 unit = units[unitSeed % 3];
        vm.prank(bank);
        (bool opened, bytes memory ret) = address(registry).call(
            abi.encodeCall(PropertyRegistry.openMortgage, (unit, bytes32("BANK"), 0, 0, keccak256("application")))
        );
        if (!opened) return;
        uint256 caseId = abi.decode(ret, (uint256));
        bool registrarApproved = flags % 3 == 0;
        if (registrarApproved) workflow.approveBy(caseId, "REGISTRY");
        else if (flags % 3 == 1) workflow.approveBy(caseId, "BANK");
        bool sameTerms = (flags >> 2) % 4 != 0;
        uint64 end = sameTerms ? 0 : uint64(block.timestamp + 365 days);
        uint8 before = registry.unitOf(unit).mortgages;
        vm.prank(bank);
        (bool ok, ) = address(registry).call(
            abi.encodeCall(PropertyRegistry.executeMortgage, (unit, caseId, bytes32("BANK"), 0, end, keccak256("m")))
        );
        if ((ok || registry.unitOf(unit).mortgages != before) && (!registrarApproved || !sameTerms)) {
            mortgageWithoutRegistrar = true;
        }
    }

    /// @dev A second court freezes (a waiting freeze when the first court already froze).
    function freezeByCourt2(uint256 unitSeed) external {
        vm.prank(court2);
        (bool ok, ) = address(registry).call(
            abi.encodeCall(PropertyRegistry.addFreeze, (units[unitSeed % 3], bytes32("COURT_2"), 0, keccak256("order")))
        );
        ok;
    }

    function release(uint256 unitSeed, uint256 pick) external {
        bytes32 unit = units[unitSeed % 3];
        if (!registry.exists(unit)) return;
        IPropertyRegistry.EncumbranceView[] memory list = registry.encumbrances(unit);
        if (list.length == 0) return;
        IPropertyRegistry.EncumbranceView memory e = list[pick % list.length];
        vm.prank(
            e.kind != IPropertyRegistry.EncumbranceKind.Freeze
                ? bank
                : e.holder == bytes32("COURT")
                    ? court
                    : court2
        );
        registry.releaseEncumbrance(unit, e.slot, e.seq, e.holder, keccak256("release"));
    }

    /// @dev Opens a sale, maybe freezes the unit meanwhile, approves, maybe consents, and tries to execute.
    function transfer(uint256 unitSeed, uint256 seed, uint256 count, uint256 flags) external {
        bytes32 unit = units[unitSeed % 3];
        if (!registry.exists(unit)) return;
        IPropertyRegistry.TitleInput memory t = Titles.make(seed, count, 1);
        vm.prank(registrar);
        (bool opened, bytes memory ret) = address(registry).call(
            abi.encodeCall(
                PropertyRegistry.openTransfer,
                (unit, IPropertyRegistry.TransferKind.Sale, t, keccak256("sale"))
            )
        );
        if (!opened) return;
        uint256 caseId = abi.decode(ret, (uint256));
        if (flags & 1 != 0) this.freeze(unitSeed);
        if (flags & 4 != 0) this.freezeByCourt2(unitSeed);
        workflow.setStatus(caseId, IWorkflowCases.CaseStatus.Approved);
        if (flags & 2 != 0) _consentAll(unit, caseId);

        bool frozen = registry.unitOf(unit).freezes > 0;
        bytes32 before = registry.unitOf(unit).titleHash;
        vm.prank(registrar);
        (bool ok, ) = address(registry).call(
            abi.encodeCall(PropertyRegistry.executeTransfer, (unit, caseId, IPropertyRegistry.TransferKind.Sale, t))
        );
        if (frozen && (ok || registry.unitOf(unit).titleHash != before)) frozenUnitChangedOwner = true;
        if (ok) {
            ++transfersExecuted;
            _accepted(unit, t);
        }
    }

    function _consentAll(bytes32 unit, uint256 caseId) private {
        IPropertyRegistry.EncumbranceView[] memory list = registry.encumbrances(unit);
        for (uint256 i = 0; i < list.length; ++i) {
            if (list[i].kind != IPropertyRegistry.EncumbranceKind.Mortgage) continue;
            vm.prank(bank);
            registry.consentToTransfer(unit, list[i].slot, list[i].seq, bytes32("BANK"), caseId);
        }
    }

    function _accepted(bytes32 unit, IPropertyRegistry.TitleInput memory t) private {
        if (Titles.sum(t) != 10_000) acceptedBadShares = true;
        currentShares[unit] = t.shares;
    }

    function sharesOf(bytes32 unit) external view returns (uint16[] memory) {
        return currentShares[unit];
    }
}

contract PropertyRegistryTest is GovTest {
    GovAccessManager internal manager;
    DepartmentDirectory internal directory;
    PropertyRegistry internal registry;
    WorkflowCasesMock internal workflow;
    CertificateIssuerMock internal certificates;
    PropertyHandler internal handler;

    address internal constant REGISTRAR = address(0xA1);
    address internal constant COURT_OFFICER = address(0xC1);
    address internal constant COURT2_OFFICER = address(0xC2);
    address internal constant BANK_OFFICER = address(0xB1);
    address internal constant BANK2_OFFICER = address(0xB2);
    address internal constant BANK3_OFFICER = address(0xB3);
    address internal constant BANK4_OFFICER = address(0xB4);
    bytes32 internal constant UNIT = "110105003001GB00001F00010001";
    bytes32 internal constant PROOF_TYPE = "PROPERTY_RIGHTS_CERT";

    function setUp() public {
        manager = new GovAccessManager(address(this));
        directory = DepartmentDirectory(
            address(
                new ERC1967Proxy(
                    address(new DepartmentDirectory()),
                    abi.encodeCall(DepartmentDirectory.initialize, (address(manager), 0))
                )
            )
        );
        manager.grantRole(GovRoles.ADMIN, address(directory), 0);
        manager.grantRole(GovRoles.OPERATOR, address(this), 0);
        bytes4[] memory operatorOnly = new bytes4[](4);
        operatorOnly[0] = DepartmentDirectory.registerDepartment.selector;
        operatorOnly[1] = DepartmentDirectory.grantDepartmentAdmin.selector;
        operatorOnly[2] = DepartmentDirectory.setDepartmentActive.selector;
        operatorOnly[3] = DepartmentDirectory.setDepartmentListener.selector;
        manager.setTargetFunctionRole(address(directory), operatorOnly, GovRoles.OPERATOR);
        bytes4[] memory scoped = new bytes4[](1);
        scoped[0] = DepartmentDirectory.grantOfficer.selector;
        manager.setTargetFunctionRole(address(directory), scoped, GovRoles.PUBLIC);
        _staff("REGISTRY", IDepartmentDirectory.DepartmentKind.Government, REGISTRAR);
        _staff("COURT", IDepartmentDirectory.DepartmentKind.Court, COURT_OFFICER);
        _staff("COURT_2", IDepartmentDirectory.DepartmentKind.Court, COURT2_OFFICER);
        _staff("BANK", IDepartmentDirectory.DepartmentKind.Bank, BANK_OFFICER);
        _staff("BANK_2", IDepartmentDirectory.DepartmentKind.Bank, BANK2_OFFICER);
        _staff("BANK_3", IDepartmentDirectory.DepartmentKind.Bank, BANK3_OFFICER);
        _staff("BANK_4", IDepartmentDirectory.DepartmentKind.Bank, BANK4_OFFICER);

        workflow = new WorkflowCasesMock();
        certificates = new CertificateIssuerMock();
        IPropertyRegistry.Config memory config = IPropertyRegistry.Config(
            "REGISTRY",
            address(workflow),
            address(certificates),
            "PROPERTY_TITLE",
            PROOF_TYPE
        );
        bytes32[5] memory caseTypes = [bytes32("SALE"), "INHERITANCE", "GIFT", "COURT_ORDER", "NEW_BUILD"];
        bytes32[2] memory encumbranceCaseTypes = [bytes32("MORTGAGE"), "RELEASE"];
        registry = PropertyRegistry(
            address(
                new ERC1967Proxy(
                    address(new PropertyRegistry(config)),
                    abi.encodeCall(
                        PropertyRegistry.initialize,
                        (address(manager), directory, caseTypes, encumbranceCaseTypes)
                    )
                )
            )
        );
        bytes4[] memory publicFns = new bytes4[](13);
        publicFns[0] = PropertyRegistry.registerUnit.selector;
        publicFns[1] = PropertyRegistry.openTransfer.selector;
        publicFns[2] = PropertyRegistry.executeTransfer.selector;
        publicFns[3] = PropertyRegistry.openMortgage.selector;
        publicFns[4] = PropertyRegistry.addFreeze.selector;
        publicFns[5] = PropertyRegistry.addEncumbrance.selector;
        publicFns[6] = PropertyRegistry.releaseEncumbrance.selector;
        publicFns[7] = PropertyRegistry.consentToTransfer.selector;
        publicFns[8] = PropertyRegistry.executeMortgage.selector;
        publicFns[9] = PropertyRegistry.openRelease.selector;
        publicFns[10] = PropertyRegistry.executeRelease.selector;
        publicFns[11] = PropertyRegistry.resubmitCase.selector;
        publicFns[12] = PropertyRegistry.withdrawCase.selector;
        manager.setTargetFunctionRole(address(registry), publicFns, GovRoles.PUBLIC);
        certificates.setIssuer(address(registry));
        // As the Property Ignition module does: the registry caches the registrar's active flag, pushed by the directory.
        directory.setDepartmentListener(address(registry), true);

        handler = new PropertyHandler(registry, workflow, REGISTRAR, COURT_OFFICER, BANK_OFFICER, COURT2_OFFICER);
        targetContract(address(handler));
    }

    function _staff(bytes32 code, IDepartmentDirectory.DepartmentKind kind, address officer) private {
        directory.registerDepartment(code, "dept", kind);
        directory.grantDepartmentAdmin(code, address(this));
        directory.grantOfficer(code, officer);
    }

    function _register(IPropertyRegistry.TitleInput memory t) private {
        vm.prank(REGISTRAR);
        registry.registerUnit(IPropertyRegistry.UnitInput(UNIT, keccak256("parcel"), 0, 1, 100, keccak256("doc")), t);
    }

    /// @dev A mortgage the regular way: the bank opens the application, the registrar approves, the bank executes.
    function _mortgage(address officer, bytes32 bank, uint64 end) private returns (uint32 seq) {
        vm.prank(officer);
        uint256 caseId = registry.openMortgage(UNIT, bank, 0, end, keccak256("application with owners' consent"));
        workflow.approveBy(caseId, "REGISTRY");
        vm.prank(officer);
        seq = registry.executeMortgage(UNIT, caseId, bank, 0, end, keccak256("mortgage contract"));
    }

    /// @dev The registry's mortgage case subject (the SDK's `mortgageSubject`).
    function _mortgageSubject(
        bytes32 unit,
        uint32 version,
        bytes32 bank,
        uint64 start,
        uint64 end
    ) private view returns (bytes32) {
        return
            keccak256(
                abi.encode(keccak256("govchain.property.mortgage"), address(registry), unit, version, bank, start, end)
            );
    }

    function _freeze(address officer, bytes32 court) private returns (uint32 seq) {
        vm.prank(officer);
        seq = registry.addFreeze(UNIT, court, 0, keccak256("order"));
    }

    /// @dev The registry's rule for a freeze: it waits while a live freeze filed before it is recorded.
    function _waiting(uint32 seq) private view returns (bool) {
        IPropertyRegistry.EncumbranceView[] memory list = registry.encumbrances(UNIT);
        IPropertyRegistry.EncumbranceView memory e = _find(seq);
        if (e.kind != IPropertyRegistry.EncumbranceKind.Freeze || (e.end != 0 && e.end <= block.timestamp))
            return false;
        for (uint256 i = 0; i < list.length; ++i) {
            bool live = list[i].end == 0 || list[i].end > block.timestamp;
            if (list[i].kind == IPropertyRegistry.EncumbranceKind.Freeze && live && list[i].seq < seq) return true;
        }
        return false;
    }

    function _find(uint32 seq) private view returns (IPropertyRegistry.EncumbranceView memory e) {
        IPropertyRegistry.EncumbranceView[] memory list = registry.encumbrances(UNIT);
        for (uint256 i = 0; i < list.length; ++i) if (list[i].seq == seq) return list[i];
        revert AssertionFailed("encumbrance not active");
    }

    function testFuzz_sharesNotSummingAreRefused(uint16 a, uint16 b) public {
        a = uint16(bound(a, 1, 10_000));
        b = uint16(bound(b, 1, 10_000));
        vm.assume(uint256(a) + b != 10_000);
        IPropertyRegistry.TitleInput memory t = Titles.make(7, 1, 1);
        t.shares[0] = a;
        t.shares[1] = b;
        vm.prank(REGISTRAR);
        vm.expectRevert(
            abi.encodeWithSelector(IPropertyRegistry.PropertyRegistrySharesDoNotSum.selector, uint256(a) + b)
        );
        registry.registerUnit(IPropertyRegistry.UnitInput(UNIT, keccak256("parcel"), 0, 1, 100, keccak256("doc")), t);
        assertTrue(!registry.exists(UNIT), "a unit was registered with bad shares");
    }

    function testFuzz_frozenUnitCannotBeTransferred(uint256 seed, uint256 count) public {
        _register(Titles.make(seed, count, 1));
        IPropertyRegistry.TitleInput memory next = Titles.make(seed ^ 1, (count % 5) + 1, 1);
        vm.prank(REGISTRAR);
        uint256 caseId = registry.openTransfer(UNIT, IPropertyRegistry.TransferKind.Sale, next, keccak256("sale"));
        workflow.setStatus(caseId, IWorkflowCases.CaseStatus.Approved);
        vm.prank(COURT_OFFICER);
        registry.addFreeze(UNIT, "COURT", 0, keccak256("order"));
        bytes32 before = registry.unitOf(UNIT).titleHash;
        vm.prank(REGISTRAR);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPropertyRegistry.PropertyRegistryUnitFrozen.selector,
                UNIT,
                uint32(1),
                bytes32("COURT")
            )
        );
        registry.executeTransfer(UNIT, caseId, IPropertyRegistry.TransferKind.Sale, next);
        assertEq(registry.unitOf(UNIT).titleHash, before, "owner changed while frozen");
    }

    // ── promise 5: a court order always lands ─────────────────────────────────

    /// @dev Four banks and the registrar fill the unit's whole mortgage/lien/lease capacity; a freeze still lands.
    function test_fullEncumbranceCapacityCannotStopAFreeze() public {
        _register(Titles.make(1, 0, 1));
        address[4] memory officers = [BANK_OFFICER, BANK2_OFFICER, BANK3_OFFICER, BANK4_OFFICER];
        bytes32[4] memory banks = [bytes32("BANK"), "BANK_2", "BANK_3", "BANK_4"];
        for (uint256 b = 0; b < 4; ++b) {
            for (uint256 i = 0; i < 4; ++i) _mortgage(officers[b], banks[b], 0);
        }
        uint256 max = 16;
        assertEq(registry.unitOf(UNIT).encumbranceCount, max, "capacity not full");
        vm.prank(REGISTRAR);
        vm.expectRevert(
            abi.encodeWithSelector(IPropertyRegistry.PropertyRegistryTooManyEncumbrances.selector, UNIT, max)
        );
        registry.addEncumbrance(UNIT, IPropertyRegistry.EncumbranceKind.Lease, bytes32(uint256(1)), 0, 0, "lease");

        uint32 seq = _freeze(COURT_OFFICER, "COURT");
        assertEq(registry.unitOf(UNIT).freezes, 1, "the freeze did not land");
        assertTrue(!_waiting(seq), "the only freeze must be in effect");
    }

    /// @dev One holder holds at most MAX_PER_HOLDER records of a unit, whatever the kind.
    function test_perHolderCap() public {
        _register(Titles.make(1, 0, 1));
        uint256 cap = 4;
        for (uint256 i = 0; i < cap; ++i) _mortgage(BANK_OFFICER, "BANK", 0);
        vm.prank(BANK_OFFICER);
        uint256 caseId = registry.openMortgage(UNIT, "BANK", 0, 0, "application");
        workflow.approveBy(caseId, "REGISTRY");
        vm.prank(BANK_OFFICER);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPropertyRegistry.PropertyRegistryHolderCapReached.selector,
                UNIT,
                bytes32("BANK"),
                cap
            )
        );
        registry.executeMortgage(UNIT, caseId, "BANK", 0, 0, "m");
        // Another bank is not affected by the first one's cap.
        _mortgage(BANK2_OFFICER, "BANK_2", 0);
        for (uint256 i = 0; i < cap; ++i) _freeze(COURT_OFFICER, "COURT");
        vm.prank(COURT_OFFICER);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPropertyRegistry.PropertyRegistryHolderCapReached.selector,
                UNIT,
                bytes32("COURT"),
                cap
            )
        );
        registry.addFreeze(UNIT, "COURT", 0, "order");
        // Another court is not affected by the first one's cap.
        _freeze(COURT2_OFFICER, "COURT_2");
    }

    /// @dev A second court's freeze waits; when the first is lifted it takes effect, then the third, in order.
    function test_waitingFreezesTakeEffectInOrder() public {
        _register(Titles.make(1, 0, 1));
        uint32 first = _freeze(COURT_OFFICER, "COURT");
        uint32 second = _freeze(COURT2_OFFICER, "COURT_2");
        uint32 third = _freeze(COURT_OFFICER, "COURT");
        assertTrue(!_waiting(first) && _waiting(second) && _waiting(third), "queue order");

        // Lifting a waiting freeze does not disturb the one in effect.
        vm.prank(COURT2_OFFICER);
        uint32 fourth = registry.addFreeze(UNIT, "COURT_2", 0, "order 4");
        IPropertyRegistry.EncumbranceView memory w = _find(fourth);
        vm.prank(COURT2_OFFICER);
        registry.releaseEncumbrance(UNIT, w.slot, fourth, "COURT_2", "lifted");
        assertTrue(!_waiting(first), "the first stays in effect");

        IPropertyRegistry.EncumbranceView memory e = _find(first);
        vm.prank(COURT_OFFICER);
        registry.releaseEncumbrance(UNIT, e.slot, first, "COURT", "lifted");
        assertTrue(!_waiting(second) && _waiting(third), "the second did not take effect");
        // The unit stays frozen, now in the name of the second court.
        vm.prank(BANK_OFFICER);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPropertyRegistry.PropertyRegistryUnitFrozen.selector,
                UNIT,
                second,
                bytes32("COURT_2")
            )
        );
        registry.openMortgage(UNIT, "BANK", 0, 0, "application");

        e = _find(second);
        vm.prank(COURT2_OFFICER);
        registry.releaseEncumbrance(UNIT, e.slot, second, "COURT_2", "lifted");
        assertTrue(!_waiting(third), "the third did not take effect");
    }

    /// @dev When the freeze in effect lapses, the next one waiting is in effect without any call.
    function test_waitingFreezeTakesEffectWhenTheFirstLapses() public {
        _register(Titles.make(1, 0, 1));
        vm.prank(COURT_OFFICER);
        uint32 first = registry.addFreeze(UNIT, "COURT", uint64(block.timestamp + 30 days), "order");
        uint32 second = _freeze(COURT2_OFFICER, "COURT_2");
        assertTrue(_waiting(second), "second should wait");
        vm.warp(block.timestamp + 31 days);
        assertTrue(!_waiting(second) && !_waiting(first), "the second is in effect after the lapse");
        vm.prank(BANK_OFFICER);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPropertyRegistry.PropertyRegistryUnitFrozen.selector,
                UNIT,
                second,
                bytes32("COURT_2")
            )
        );
        registry.openMortgage(UNIT, "BANK", 0, 0, "application");
    }

    // ── promise 6: a mortgage needs the owners and the registrar ──────────────

    function test_bankAloneCannotMortgage() public {
        _register(Titles.make(1, 0, 1));
        // No case at all.
        vm.prank(BANK_OFFICER);
        vm.expectRevert(abi.encodeWithSelector(WorkflowCasesMock.WorkflowCasesMockNotApproved.selector, 7, 0));
        registry.executeMortgage(UNIT, 7, "BANK", 0, 0, "m");
        // A case nobody approved.
        vm.prank(BANK_OFFICER);
        uint256 caseId = registry.openMortgage(UNIT, "BANK", 0, 0, "application");
        vm.prank(BANK_OFFICER);
        vm.expectRevert(
            abi.encodeWithSelector(
                WorkflowCasesMock.WorkflowCasesMockNotApproved.selector,
                caseId,
                IWorkflowCases.CaseStatus.Open
            )
        );
        registry.executeMortgage(UNIT, caseId, "BANK", 0, 0, "m");
        // A case approved only by the bank (a case type that leaves the registrar out).
        workflow.approveBy(caseId, "BANK");
        vm.prank(BANK_OFFICER);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPropertyRegistry.PropertyRegistryCaseNotApprovedBy.selector,
                caseId,
                bytes32("REGISTRY")
            )
        );
        registry.executeMortgage(UNIT, caseId, "BANK", 0, 0, "m");
        assertEq(registry.unitOf(UNIT).mortgages, 0, "a mortgage was registered");
    }

    function test_approvedMortgageCaseBindsUnitBankVersionAndTerms() public {
        _register(Titles.make(1, 0, 1));
        bytes32 other = "110105003001GB00001F00010002";
        vm.prank(REGISTRAR);
        registry.registerUnit(
            IPropertyRegistry.UnitInput(other, keccak256("parcel"), 0, 1, 100, keccak256("doc")),
            Titles.make(2, 0, 1)
        );
        vm.prank(BANK_OFFICER);
        uint256 caseId = registry.openMortgage(UNIT, "BANK", 0, 0, "application");
        workflow.approveBy(caseId, "REGISTRY");
        bytes32 expected = _mortgageSubject(UNIT, 1, "BANK", 0, 0);
        // Another unit.
        vm.prank(BANK_OFFICER);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPropertyRegistry.PropertyRegistryCaseMismatch.selector,
                caseId,
                _mortgageSubject(other, 1, "BANK", 0, 0),
                expected
            )
        );
        registry.executeMortgage(other, caseId, "BANK", 0, 0, "m");
        // Other terms.
        uint64 end = uint64(block.timestamp + 365 days);
        vm.prank(BANK_OFFICER);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPropertyRegistry.PropertyRegistryCaseMismatch.selector,
                caseId,
                _mortgageSubject(UNIT, 1, "BANK", 0, end),
                expected
            )
        );
        registry.executeMortgage(UNIT, caseId, "BANK", 0, end, "m");
        // Another bank, acting with the first bank's approved case.
        vm.prank(BANK2_OFFICER);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPropertyRegistry.PropertyRegistryCaseMismatch.selector,
                caseId,
                _mortgageSubject(UNIT, 1, "BANK_2", 0, 0),
                expected
            )
        );
        registry.executeMortgage(UNIT, caseId, "BANK_2", 0, 0, "m");
        // Another title version: the unit was transferred after the case was approved.
        IPropertyRegistry.TitleInput memory next = Titles.make(3, 0, 1);
        vm.prank(REGISTRAR);
        uint256 sale = registry.openTransfer(UNIT, IPropertyRegistry.TransferKind.Sale, next, "sale");
        workflow.setStatus(sale, IWorkflowCases.CaseStatus.Approved);
        vm.prank(REGISTRAR);
        registry.executeTransfer(UNIT, sale, IPropertyRegistry.TransferKind.Sale, next);
        vm.prank(BANK_OFFICER);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPropertyRegistry.PropertyRegistryCaseMismatch.selector,
                caseId,
                _mortgageSubject(UNIT, 2, "BANK", 0, 0),
                expected
            )
        );
        registry.executeMortgage(UNIT, caseId, "BANK", 0, 0, "m");
        assertEq(registry.unitOf(UNIT).mortgages, 0, "a mortgage was registered");
    }

    // ── promise 12: no valid proof of a released or lapsed mortgage ──────────

    function test_releaseRevokesTheProofCertificate() public {
        _register(Titles.make(1, 0, 1));
        uint32 seq = _mortgage(BANK_OFFICER, "BANK", 0);
        bytes32 proof = registry.proofCertificate(UNIT, seq);
        assertTrue(certificates.isValid(PROOF_TYPE, proof), "proof certificate not issued");
        IPropertyRegistry.EncumbranceView memory e = _find(seq);
        vm.prank(BANK_OFFICER);
        registry.releaseEncumbrance(UNIT, e.slot, seq, "BANK", "repaid");
        assertTrue(!certificates.isValid(PROOF_TYPE, proof), "a released mortgage's proof is still valid");
    }

    function test_lapsedMortgageLeavesNoValidProof() public {
        _register(Titles.make(1, 0, 1));
        uint32 seq = _mortgage(BANK_OFFICER, "BANK", uint64(block.timestamp + 30 days));
        bytes32 proof = registry.proofCertificate(UNIT, seq);
        assertTrue(certificates.isValid(PROOF_TYPE, proof), "proof certificate not issued");
        vm.warp(block.timestamp + 30 days);
        assertTrue(!certificates.isValid(PROOF_TYPE, proof), "a lapsed mortgage's proof is still valid");
    }

    // ── promise 7: deactivation ───────────────────────────────────────────────

    function test_deactivatedBankMortgageReleasedThroughRegistrarCase() public {
        _register(Titles.make(1, 0, 1));
        uint32 seq = _mortgage(BANK_OFFICER, "BANK", 0);
        IPropertyRegistry.EncumbranceView memory e = _find(seq);
        // While the bank is active, its mortgage is its own business.
        vm.prank(REGISTRAR);
        vm.expectRevert(
            abi.encodeWithSelector(IPropertyRegistry.PropertyRegistryHolderActive.selector, UNIT, seq, bytes32("BANK"))
        );
        registry.openRelease(UNIT, e.slot, seq, "release application");

        directory.setDepartmentActive("BANK", false);
        vm.prank(BANK_OFFICER);
        vm.expectRevert(
            abi.encodeWithSelector(
                DepartmentGated.DepartmentGatedInactiveDepartment.selector,
                bytes32("BANK"),
                BANK_OFFICER
            )
        );
        registry.releaseEncumbrance(UNIT, e.slot, seq, "BANK", "repaid");

        vm.prank(REGISTRAR);
        uint256 caseId = registry.openRelease(UNIT, e.slot, seq, "release application");
        vm.prank(REGISTRAR);
        vm.expectRevert(
            abi.encodeWithSelector(
                WorkflowCasesMock.WorkflowCasesMockNotApproved.selector,
                caseId,
                IWorkflowCases.CaseStatus.Open
            )
        );
        registry.executeRelease(UNIT, e.slot, seq, caseId, "released");
        workflow.approveBy(caseId, "REGISTRY");
        vm.prank(REGISTRAR);
        registry.executeRelease(UNIT, e.slot, seq, caseId, "released");
        assertEq(registry.unitOf(UNIT).mortgages, 0, "the mortgage was not released");
        assertTrue(!certificates.isValid(PROOF_TYPE, registry.proofCertificate(UNIT, seq)), "proof still valid");
    }

    function test_deactivatedCourtFreezeReleasedThroughRegistrarCase() public {
        _register(Titles.make(1, 0, 1));
        uint32 first = _freeze(COURT_OFFICER, "COURT");
        uint32 second = _freeze(COURT2_OFFICER, "COURT_2");
        directory.setDepartmentActive("COURT", false);
        IPropertyRegistry.EncumbranceView memory e = _find(first);
        vm.prank(REGISTRAR);
        uint256 caseId = registry.openRelease(UNIT, e.slot, first, "release application");
        workflow.approveBy(caseId, "REGISTRY");
        vm.prank(REGISTRAR);
        registry.executeRelease(UNIT, e.slot, first, caseId, "released");
        assertTrue(!_waiting(second), "the waiting freeze took effect");
    }

    function test_deactivatedOfficersCanDoNothing() public {
        _register(Titles.make(1, 0, 1));
        directory.setDepartmentActive("BANK", false);
        directory.setDepartmentActive("COURT", false);
        directory.setDepartmentActive("REGISTRY", false);
        bytes memory bankDenied = abi.encodeWithSelector(
            DepartmentGated.DepartmentGatedInactiveDepartment.selector,
            bytes32("BANK"),
            BANK_OFFICER
        );
        vm.prank(BANK_OFFICER);
        vm.expectRevert(bankDenied);
        registry.openMortgage(UNIT, "BANK", 0, 0, "application");
        vm.prank(BANK_OFFICER);
        vm.expectRevert(bankDenied);
        registry.executeMortgage(UNIT, 1, "BANK", 0, 0, "m");
        vm.prank(COURT_OFFICER);
        vm.expectRevert(
            abi.encodeWithSelector(
                DepartmentGated.DepartmentGatedInactiveDepartment.selector,
                bytes32("COURT"),
                COURT_OFFICER
            )
        );
        registry.addFreeze(UNIT, "COURT", 0, "order");
        bytes memory registrarDenied = abi.encodeWithSelector(
            DepartmentGated.DepartmentGatedInactiveDepartment.selector,
            bytes32("REGISTRY"),
            REGISTRAR
        );
        vm.prank(REGISTRAR);
        vm.expectRevert(registrarDenied);
        registry.openTransfer(UNIT, IPropertyRegistry.TransferKind.Sale, Titles.make(2, 0, 1), "sale");
        vm.prank(REGISTRAR);
        vm.expectRevert(registrarDenied);
        registry.resubmitCase(1, "more");
    }

    // ── promise 12: returned cases are not dead ends ──────────────────────────

    function test_returnedMortgageCaseResubmittedAndWithdrawnByItsBankOnly() public {
        _register(Titles.make(1, 0, 1));
        vm.prank(BANK_OFFICER);
        uint256 caseId = registry.openMortgage(UNIT, "BANK", 0, 0, "application");
        workflow.setStatus(caseId, IWorkflowCases.CaseStatus.Returned);
        vm.prank(REGISTRAR);
        vm.expectRevert(
            abi.encodeWithSelector(
                DepartmentGated.DepartmentGatedUnauthorizedOfficer.selector,
                bytes32("BANK"),
                REGISTRAR
            )
        );
        registry.resubmitCase(caseId, "more");
        vm.prank(BANK_OFFICER);
        registry.resubmitCase(caseId, "more");
        assertEq(uint256(workflow.caseStatus(caseId)), uint256(IWorkflowCases.CaseStatus.Open), "not resubmitted");
        workflow.setStatus(caseId, IWorkflowCases.CaseStatus.Returned);
        vm.prank(BANK_OFFICER);
        registry.withdrawCase(caseId, "owners changed their mind");
        assertEq(uint256(workflow.caseStatus(caseId)), uint256(IWorkflowCases.CaseStatus.Withdrawn), "not withdrawn");
    }

    function test_returnedTransferCaseResubmittedByTheRegistrarOnly() public {
        _register(Titles.make(1, 0, 1));
        vm.prank(REGISTRAR);
        uint256 caseId = registry.openTransfer(UNIT, IPropertyRegistry.TransferKind.Sale, Titles.make(2, 0, 1), "s");
        workflow.setStatus(caseId, IWorkflowCases.CaseStatus.Returned);
        vm.prank(BANK_OFFICER);
        vm.expectRevert(
            abi.encodeWithSelector(
                DepartmentGated.DepartmentGatedUnauthorizedOfficer.selector,
                bytes32("REGISTRY"),
                BANK_OFFICER
            )
        );
        registry.resubmitCase(caseId, "more");
        vm.prank(REGISTRAR);
        registry.resubmitCase(caseId, "more");
        assertEq(uint256(workflow.caseStatus(caseId)), uint256(IWorkflowCases.CaseStatus.Open), "not resubmitted");
    }

    /// @dev Every title the registry holds has shares summing to 10,000, and its stored hash is that title's.
    function invariant_sharesAlwaysSumTo10000() public view {
        assertTrue(!handler.acceptedBadShares(), "a title with shares not summing to 10,000 was recorded");
        for (uint256 i = 0; i < 3; ++i) {
            bytes32 unit = handler.units(i);
            if (!registry.exists(unit)) continue;
            uint16[] memory shares = handler.sharesOf(unit);
            uint256 total;
            for (uint256 j = 0; j < shares.length; ++j) total += shares[j];
            assertEq(total, 10_000, "current title's shares do not sum to 10,000");
            assertEq(uint256(registry.unitOf(unit).ownerCount), shares.length, "owner count differs from the title");
        }
    }

    /// @dev A unit under a live freeze (in effect or waiting) never gets a new title version.
    function invariant_frozenUnitNeverChangesOwner() public view {
        assertTrue(!handler.frozenUnitChangedOwner(), "a frozen unit changed owner");
    }

    /// @dev No mortgage is registered by the bank alone: only on a case the registrar approved, on its exact terms.
    function invariant_noSingleDepartmentRegistersAMortgage() public view {
        assertTrue(!handler.mortgageWithoutRegistrar(), "a mortgage was registered without the registrar");
    }
}
