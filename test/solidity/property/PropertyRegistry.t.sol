// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

import {DepartmentDirectory} from "../../../contracts/access/DepartmentDirectory.sol";
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
    uint256 public transfersExecuted;

    constructor(
        PropertyRegistry registry_,
        WorkflowCasesMock workflow_,
        address registrar_,
        address court_,
        address bank_
    ) {
        registry = registry_;
        workflow = workflow_;
        registrar = registrar_;
        court = court_;
        bank = bank_;
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

    function mortgage(uint256 unitSeed) external {
        vm.prank(bank);
        (bool ok, ) = address(registry).call(
            abi.encodeCall(PropertyRegistry.addMortgage, (units[unitSeed % 3], bytes32("BANK"), 0, 0, keccak256("m")))
        );
        ok;
    }

    function release(uint256 unitSeed, uint256 pick) external {
        bytes32 unit = units[unitSeed % 3];
        if (!registry.exists(unit)) return;
        IPropertyRegistry.EncumbranceView[] memory list = registry.encumbrances(unit);
        if (list.length == 0) return;
        IPropertyRegistry.EncumbranceView memory e = list[pick % list.length];
        vm.prank(e.kind == IPropertyRegistry.EncumbranceKind.Freeze ? court : bank);
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
    address internal constant BANK_OFFICER = address(0xB1);
    bytes32 internal constant UNIT = "110105003001GB00001F00010001";

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
        bytes4[] memory operatorOnly = new bytes4[](2);
        operatorOnly[0] = DepartmentDirectory.registerDepartment.selector;
        operatorOnly[1] = DepartmentDirectory.grantDepartmentAdmin.selector;
        manager.setTargetFunctionRole(address(directory), operatorOnly, GovRoles.OPERATOR);
        bytes4[] memory scoped = new bytes4[](1);
        scoped[0] = DepartmentDirectory.grantOfficer.selector;
        manager.setTargetFunctionRole(address(directory), scoped, GovRoles.PUBLIC);
        _staff("REGISTRY", IDepartmentDirectory.DepartmentKind.Government, REGISTRAR);
        _staff("COURT", IDepartmentDirectory.DepartmentKind.Court, COURT_OFFICER);
        _staff("BANK", IDepartmentDirectory.DepartmentKind.Bank, BANK_OFFICER);

        workflow = new WorkflowCasesMock();
        certificates = new CertificateIssuerMock();
        IPropertyRegistry.Config memory config = IPropertyRegistry.Config(
            "REGISTRY",
            address(workflow),
            address(certificates),
            "PROPERTY_TITLE",
            "PROPERTY_RIGHTS_CERT"
        );
        bytes32[5] memory caseTypes = [bytes32("SALE"), "INHERITANCE", "GIFT", "COURT_ORDER", "NEW_BUILD"];
        registry = PropertyRegistry(
            address(
                new ERC1967Proxy(
                    address(new PropertyRegistry(config)),
                    abi.encodeCall(PropertyRegistry.initialize, (address(manager), directory, caseTypes))
                )
            )
        );
        bytes4[] memory publicFns = new bytes4[](8);
        publicFns[0] = PropertyRegistry.registerUnit.selector;
        publicFns[1] = PropertyRegistry.openTransfer.selector;
        publicFns[2] = PropertyRegistry.executeTransfer.selector;
        publicFns[3] = PropertyRegistry.addMortgage.selector;
        publicFns[4] = PropertyRegistry.addFreeze.selector;
        publicFns[5] = PropertyRegistry.addEncumbrance.selector;
        publicFns[6] = PropertyRegistry.releaseEncumbrance.selector;
        publicFns[7] = PropertyRegistry.consentToTransfer.selector;
        manager.setTargetFunctionRole(address(registry), publicFns, GovRoles.PUBLIC);
        certificates.setIssuer(address(registry));

        handler = new PropertyHandler(registry, workflow, REGISTRAR, COURT_OFFICER, BANK_OFFICER);
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

    /// @dev A unit under a live freeze never gets a new title version.
    function invariant_frozenUnitNeverChangesOwner() public view {
        assertTrue(!handler.frozenUnitChangedOwner(), "a frozen unit changed owner");
    }
}
