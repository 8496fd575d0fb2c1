// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

import {DepartmentDirectory} from "../../../contracts/access/DepartmentDirectory.sol";
import {GovAccessManager} from "../../../contracts/access/GovAccessManager.sol";
import {GovRoles} from "../../../contracts/access/GovRoles.sol";
import {IDepartmentDirectory} from "../../../contracts/access/IDepartmentDirectory.sol";
import {ContainerClearance} from "../../../contracts/logistics/ContainerClearance.sol";
import {IContainerClearance} from "../../../contracts/logistics/IContainerClearance.sol";
import {WorkflowCasesMock} from "../../../contracts/mocks/WorkflowCasesMock.sol";
import {IWorkflowCases} from "../../../contracts/workflow/IWorkflowCases.sol";
import {GovTest, Vm} from "../utils/GovTest.sol";

/// @dev The participant registry's one call ContainerClearance makes: accredited (role, account) pairs, set by the test.
contract AccreditationsStub {
    error NotAccredited(bytes32 role, address account);

    mapping(bytes32 role => mapping(address account => bool)) public accredited;

    function set(bytes32 role, address account, bool on) external {
        accredited[role][account] = on;
    }

    function checkAccredited(bytes32 role, address account) external view {
        if (!accredited[role][account]) revert NotAccredited(role, account);
    }
}

/**
 * @dev Drives ContainerClearance from random actors: declarations, case decisions (the workflow mock stands in for
 * the departments), clearances, holds and lifts (by their office, or on an approved hold-lift case), office
 * deactivations, resubmissions, withdrawals and releases at random terminals. Ghost state records what the
 * invariants check: a release that went through while the container was held, and how often each was released.
 */
contract ClearanceHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    ContainerClearance public immutable ports;
    WorkflowCasesMock public immutable workflow;
    DepartmentDirectory public immutable directory;

    bytes32[3] public boxes = [bytes32("MSKU0000001"), "MSKU0000002", "MSKU0000003"];
    bytes32[3] public offices = [bytes32("CUSTOMS_BJ"), "CUSTOMS_TJ", "CUSTOMS_HB"];
    address[3] public officers = [address(0x0B1), address(0x0B2), address(0x0B3)];
    bytes32[3] public terminalRoles = [bytes32("TERMINAL_TJ"), "TERMINAL_HB", "TERMINAL_OFF"];
    /// @dev Declarant (accredited), the two terminals (accredited), a disabled terminal's operator, a stranger.
    address[5] public actors = [address(0xD1), address(0x7E1), address(0x7E2), address(0x7E3), address(0xBAD)];

    bool public heldReleased;
    bool public releasedTwice;
    mapping(bytes32 box => uint256) public releases;
    uint256 public releaseCount;
    uint256 public holdCount;

    constructor(ContainerClearance ports_, WorkflowCasesMock workflow_, DepartmentDirectory directory_) {
        ports = ports_;
        workflow = workflow_;
        directory = directory_;
    }

    function declare(uint256 actor, uint256 box) external {
        vm.prank(actors[actor % 5]);
        try ports.declare(boxes[box % 3], keccak256("declaration")) {} catch {}
    }

    /// @dev The departments decide the container's open case: approve, return or reject.
    function decide(uint256 box, uint256 how) external {
        uint256 caseId = ports.containerOf(boxes[box % 3]).caseId;
        if (caseId == 0 || workflow.caseStatus(caseId) != IWorkflowCases.CaseStatus.Open) return;
        uint256 pick = how % 3;
        if (pick == 0) workflow.approveBy(caseId, "CUSTOMS_BJ");
        else if (pick == 1) workflow.setStatus(caseId, IWorkflowCases.CaseStatus.Returned);
        else workflow.setStatus(caseId, IWorkflowCases.CaseStatus.Rejected);
    }

    function record(uint256 actor, uint256 box) external {
        vm.prank(actors[actor % 5]);
        try ports.recordClearance(boxes[box % 3]) {} catch {}
    }

    function resubmit(uint256 actor, uint256 box) external {
        vm.prank(actors[actor % 5]);
        try ports.resubmitClearance(boxes[box % 3], keccak256("corrected")) {} catch {}
    }

    function withdraw(uint256 actor, uint256 box) external {
        vm.prank(actors[actor % 5]);
        try ports.withdrawClearance(boxes[box % 3], "withdrawn") {} catch {}
    }

    /// @dev A random officer (of a random office, or a participant) holds for a random office.
    function hold(uint256 officer, uint256 office, uint256 box) external {
        vm.prank(officer % 4 == 3 ? actors[officer % 5] : officers[officer % 4]);
        try ports.hold(boxes[box % 3], offices[office % 3], keccak256("hold")) {
            ++holdCount;
        } catch {}
    }

    function lift(uint256 officer, uint256 office, uint256 box) external {
        vm.prank(officer % 4 == 3 ? actors[officer % 5] : officers[officer % 4]);
        try ports.liftHold(boxes[box % 3], offices[office % 3], keccak256("lift")) {} catch {}
    }

    /// @dev Another office opens a hold-lift case; the mock approves it (the court) or not; the office executes it.
    function liftOnCase(uint256 by, uint256 office, uint256 box, bool approved) external {
        bytes32 b = boxes[box % 3];
        uint256 i = by % 3;
        vm.prank(officers[i]);
        try ports.openHoldLift(b, offices[office % 3], offices[i], keccak256("order")) returns (uint256 caseId) {
            if (approved) workflow.approveBy(caseId, "COURT");
            vm.prank(officers[i]);
            try ports.executeHoldLift(b, offices[office % 3], offices[i], caseId, keccak256("ruling")) {} catch {}
        } catch {}
    }

    /// @dev A customs office is deactivated or reactivated (its holds stay in force meanwhile).
    function toggleOffice(uint256 office) external {
        bytes32 code = offices[office % 3];
        directory.setDepartmentActive(code, !directory.department(code).active);
    }

    function release(uint256 actor, uint256 terminal, uint256 box) external {
        bytes32 b = boxes[box % 3];
        uint16 holdsBefore = ports.containerOf(b).holdMask;
        vm.prank(actors[actor % 5]);
        try ports.release(b, terminalRoles[terminal % 3], keccak256("gate out")) {
            if (holdsBefore != 0) heldReleased = true;
            if (++releases[b] > 1) releasedTwice = true;
            ++releaseCount;
        } catch {}
    }
}

/// @dev Invariants of port clearance: a held container is never released; a container is released at most once.
contract ContainerClearanceInvariantTest is GovTest {
    GovAccessManager internal manager;
    DepartmentDirectory internal directory;
    ContainerClearance internal ports;
    WorkflowCasesMock internal workflow;
    AccreditationsStub internal registry;
    ClearanceHandler internal handler;

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
        bytes4[] memory operatorOnly = new bytes4[](3);
        operatorOnly[0] = DepartmentDirectory.registerDepartment.selector;
        operatorOnly[1] = DepartmentDirectory.grantDepartmentAdmin.selector;
        operatorOnly[2] = DepartmentDirectory.setDepartmentActive.selector;
        manager.setTargetFunctionRole(address(directory), operatorOnly, GovRoles.OPERATOR);
        bytes4[] memory scoped = new bytes4[](1);
        scoped[0] = DepartmentDirectory.grantOfficer.selector;
        manager.setTargetFunctionRole(address(directory), scoped, GovRoles.PUBLIC);

        workflow = new WorkflowCasesMock();
        registry = new AccreditationsStub();
        ContainerClearance implementation = new ContainerClearance(
            IContainerClearance.Wiring(address(registry), address(workflow), "DECLARANT", "PORT_CLEARANCE", "HOLD_LIFT")
        );
        // Built before the handler, whose constructor needs the proxy: offices and terminals come from its lists.
        bytes32[3] memory officeCodes = [bytes32("CUSTOMS_BJ"), "CUSTOMS_TJ", "CUSTOMS_HB"];
        address[3] memory officeOfficers = [address(0x0B1), address(0x0B2), address(0x0B3)];
        bytes32[] memory offices = new bytes32[](3);
        for (uint256 i = 0; i < 3; ++i) {
            directory.registerDepartment(officeCodes[i], "customs", IDepartmentDirectory.DepartmentKind.Government);
            directory.grantDepartmentAdmin(officeCodes[i], address(this));
            directory.grantOfficer(officeCodes[i], officeOfficers[i]);
            offices[i] = officeCodes[i];
        }
        bytes32[] memory terminals = new bytes32[](3);
        terminals[0] = "TERMINAL_TJ";
        terminals[1] = "TERMINAL_HB";
        terminals[2] = "TERMINAL_OFF";
        ports = ContainerClearance(
            address(
                new ERC1967Proxy(
                    address(implementation),
                    abi.encodeCall(ContainerClearance.initialize, (address(manager), directory, offices, terminals))
                )
            )
        );
        ports.setTerminalRole("TERMINAL_OFF", false);
        bytes4[] memory publicFns = new bytes4[](8);
        publicFns[0] = ContainerClearance.declare.selector;
        publicFns[1] = ContainerClearance.recordClearance.selector;
        publicFns[2] = ContainerClearance.hold.selector;
        publicFns[3] = ContainerClearance.liftHold.selector;
        publicFns[4] = ContainerClearance.openHoldLift.selector;
        publicFns[5] = ContainerClearance.executeHoldLift.selector;
        publicFns[6] = ContainerClearance.resubmitClearance.selector;
        publicFns[7] = ContainerClearance.withdrawClearance.selector;
        manager.setTargetFunctionRole(address(ports), publicFns, GovRoles.PUBLIC);

        registry.set("DECLARANT", address(0xD1), true);
        registry.set("TERMINAL_TJ", address(0x7E1), true);
        registry.set("TERMINAL_HB", address(0x7E2), true);
        registry.set("TERMINAL_OFF", address(0x7E3), true);

        handler = new ClearanceHandler(ports, workflow, directory);
        manager.grantRole(GovRoles.OPERATOR, address(handler), 0);
        targetContract(address(handler));
    }

    /// @dev The ghost flag: no release went through while any office held the container.
    function invariant_heldContainerIsNeverReleased() public view {
        assertTrue(!handler.heldReleased(), "a held container was released");
        // And the state agrees: a released container carries no hold (none can be placed after release).
        for (uint256 i = 0; i < 3; ++i) {
            IContainerClearance.ContainerView memory c = ports.containerOf(handler.boxes(i));
            if (c.status == IContainerClearance.ContainerStatus.Released) {
                assertEq(c.holdMask, 0, "a released container is held");
            }
        }
    }

    function invariant_releasedAtMostOnce() public view {
        assertTrue(!handler.releasedTwice(), "a container was released twice");
        for (uint256 i = 0; i < 3; ++i) {
            bytes32 box = handler.boxes(i);
            bool released = ports.containerOf(box).status == IContainerClearance.ContainerStatus.Released;
            assertEq(handler.releases(box), released ? 1 : 0, "releases recorded differ from the container's status");
        }
    }

    /// @dev The handler's path to a release works at all (a fuzzer that never releases would prove nothing).
    function test_handlerReleasesACleanContainerAndNotAHeldOne() public {
        handler.declare(0, 0);
        handler.decide(0, 0);
        handler.record(0, 0);
        handler.hold(1, 1, 0);
        handler.release(1, 0, 0);
        assertEq(handler.releaseCount(), 0, "released while held");
        handler.lift(1, 1, 0);
        handler.release(1, 0, 0);
        assertEq(handler.releaseCount(), 1, "a clean container was not released");
        handler.release(2, 1, 0);
        assertEq(handler.releaseCount(), 1, "released twice");
    }
}
