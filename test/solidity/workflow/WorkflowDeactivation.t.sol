// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

import {DepartmentDirectory} from "../../../contracts/access/DepartmentDirectory.sol";
import {DepartmentGated} from "../../../contracts/access/DepartmentGated.sol";
import {GovAccessManager} from "../../../contracts/access/GovAccessManager.sol";
import {GovRoles} from "../../../contracts/access/GovRoles.sol";
import {IDepartmentDirectory} from "../../../contracts/access/IDepartmentDirectory.sol";
import {IWorkflow} from "../../../contracts/workflow/IWorkflow.sol";
import {Workflow} from "../../../contracts/workflow/Workflow.sol";
import {GovTest, Vm} from "../utils/GovTest.sol";

/**
 * @dev Random cases acted on by random departments' officers while the operator deactivates and
 * reactivates departments at random. Ghost: some call by an officer of a deactivated department
 * changed the workflow (open, approve, reject, return, resubmit, withdraw, consume).
 */
contract DeactivationHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    Workflow public immutable workflow;
    DepartmentDirectory public immutable directory;
    /// @dev TAX, PSB, HOUSING decide; MARKET opens and consumes MARKET_CASE cases.
    bytes32[4] public departments;
    address[4] public officers;
    bytes32 public constant TRANSFER = "TRANSFER";
    bytes32 public constant MARKET_CASE = "MARKET_CASE";

    /// @dev Ghost: a state change went through for a deactivated department.
    bool public inactiveChangedState;
    uint256 public refusedWhileInactive;
    uint256 public actedWhileActive;

    constructor(
        Workflow workflow_,
        DepartmentDirectory directory_,
        bytes32[4] memory departments_,
        address[4] memory officers_
    ) {
        workflow = workflow_;
        directory = directory_;
        departments = departments_;
        officers = officers_;
    }

    /// @dev The operator's switch (this handler holds the OPERATOR role).
    function toggle(uint256 deptSeed) external {
        bytes32 code = departments[deptSeed % 4];
        directory.setDepartmentActive(code, !directory.department(code).active);
    }

    function openOwned(uint256 subject) external {
        workflow.openCase(TRANSFER, bytes32(subject), bytes32(0));
    }

    function openByMarket(uint256 subject) external {
        _as(3, abi.encodeCall(Workflow.openCase, (MARKET_CASE, bytes32(subject), bytes32(0))));
    }

    function approve(uint256 caseSeed, uint256 deptSeed) external {
        uint256 d = deptSeed % 3;
        _as(d, abi.encodeCall(Workflow.approve, (_caseId(caseSeed), departments[d], bytes32(0))));
    }

    function reject(uint256 caseSeed, uint256 deptSeed) external {
        uint256 d = deptSeed % 3;
        _as(d, abi.encodeCall(Workflow.reject, (_caseId(caseSeed), departments[d], "no", bytes32(0))));
    }

    function returnCase(uint256 caseSeed, uint256 deptSeed) external {
        uint256 d = deptSeed % 3;
        _as(d, abi.encodeCall(Workflow.returnCase, (_caseId(caseSeed), departments[d], "more", bytes32(0))));
    }

    function resubmit(uint256 caseSeed) external {
        uint256 caseId = _caseId(caseSeed);
        if (caseId > workflow.caseCount()) return;
        if (workflow.getCase(caseId).caseType != TRANSFER) {
            _as(3, abi.encodeCall(Workflow.resubmitCase, (caseId, bytes32(0))));
        } else {
            try workflow.resubmitCase(caseId, bytes32(0)) {} catch {} // the owner contract: no department
        }
    }

    function withdraw(uint256 caseSeed) external {
        _as(3, abi.encodeCall(Workflow.withdrawCase, (_caseId(caseSeed), "withdrawn")));
    }

    function consume(uint256 caseSeed) external {
        _as(3, abi.encodeCall(Workflow.consumeCase, (_caseId(caseSeed))));
    }

    /// @dev Calls the workflow as the officer of `departments[d]`; records whether it went through while inactive.
    function _as(uint256 d, bytes memory call) private {
        bool active = directory.department(departments[d]).active;
        vm.prank(officers[d]);
        (bool ok, bytes memory reason) = address(workflow).call(call);
        if (active) {
            if (ok) actedWhileActive++;
            return;
        }
        if (ok) inactiveChangedState = true;
        else if (bytes4(reason) == DepartmentGated.DepartmentGatedInactiveDepartment.selector) refusedWhileInactive++;
    }

    function _caseId(uint256 seed) private view returns (uint256) {
        uint256 count = workflow.caseCount();
        return count == 0 ? 1 : 1 + (seed % count);
    }
}

contract WorkflowDeactivationTest is GovTest {
    GovAccessManager internal manager;
    DepartmentDirectory internal directory;
    Workflow internal workflow;
    DeactivationHandler internal handler;
    bytes32 internal constant TAX = "TAX";
    bytes32 internal constant PSB = "PSB";
    bytes32 internal constant HOUSING = "HOUSING";
    bytes32 internal constant MARKET = "MARKET";
    address[4] internal officers = [address(0xA1), address(0xB1), address(0xC1), address(0xD1)];

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
        workflow = Workflow(
            address(
                new ERC1967Proxy(
                    address(new Workflow()),
                    abi.encodeCall(Workflow.initialize, (address(manager), IDepartmentDirectory(address(directory))))
                )
            )
        );
        manager.grantRole(GovRoles.ADMIN, address(directory), 0);
        manager.grantRole(GovRoles.OPERATOR, address(this), 0);
        bytes4[] memory directoryPublic = new bytes4[](3);
        directoryPublic[0] = DepartmentDirectory.registerDepartment.selector;
        directoryPublic[1] = DepartmentDirectory.grantDepartmentAdmin.selector;
        directoryPublic[2] = DepartmentDirectory.grantOfficer.selector;
        manager.setTargetFunctionRole(address(directory), directoryPublic, GovRoles.PUBLIC);
        bytes4[] memory directoryOperator = new bytes4[](2);
        directoryOperator[0] = DepartmentDirectory.setDepartmentActive.selector;
        directoryOperator[1] = DepartmentDirectory.setDepartmentListener.selector;
        manager.setTargetFunctionRole(address(directory), directoryOperator, GovRoles.OPERATOR);
        bytes4[] memory workflowPublic = new bytes4[](7);
        workflowPublic[0] = Workflow.openCase.selector;
        workflowPublic[1] = Workflow.approve.selector;
        workflowPublic[2] = Workflow.reject.selector;
        workflowPublic[3] = Workflow.returnCase.selector;
        workflowPublic[4] = Workflow.resubmitCase.selector;
        workflowPublic[5] = Workflow.withdrawCase.selector;
        workflowPublic[6] = Workflow.consumeCase.selector;
        manager.setTargetFunctionRole(address(workflow), workflowPublic, GovRoles.PUBLIC);
        bytes4[] memory workflowOperator = new bytes4[](1);
        workflowOperator[0] = Workflow.registerCaseType.selector;
        manager.setTargetFunctionRole(address(workflow), workflowOperator, GovRoles.OPERATOR);
        directory.setDepartmentListener(address(workflow), true);

        bytes32[4] memory codes = [TAX, PSB, HOUSING, MARKET];
        for (uint256 i = 0; i < 4; i++) {
            directory.registerDepartment(codes[i], "Department", IDepartmentDirectory.DepartmentKind.Government);
            directory.grantDepartmentAdmin(codes[i], address(this));
            directory.grantOfficer(codes[i], officers[i]);
        }
        handler = new DeactivationHandler(workflow, directory, codes, officers);
        manager.grantRole(GovRoles.OPERATOR, address(handler), 0);

        IWorkflow.DepartmentRequirement[] memory transfer = new IWorkflow.DepartmentRequirement[](3);
        transfer[0] = IWorkflow.DepartmentRequirement(TAX, 0, 1);
        transfer[1] = IWorkflow.DepartmentRequirement(PSB, 0, 1);
        transfer[2] = IWorkflow.DepartmentRequirement(HOUSING, 1, 1);
        uint32[] memory twoStages = new uint32[](2);
        workflow.registerCaseType(
            "TRANSFER",
            IWorkflow.CaseTypeConfig(address(handler), bytes32(0), transfer, twoStages)
        );
        IWorkflow.DepartmentRequirement[] memory byTax = new IWorkflow.DepartmentRequirement[](1);
        byTax[0] = IWorkflow.DepartmentRequirement(TAX, 0, 1);
        workflow.registerCaseType("MARKET_CASE", IWorkflow.CaseTypeConfig(address(0), MARKET, byTax, new uint32[](1)));
        targetContract(address(handler));
    }

    /// @dev The invariant of issue 11 (promise 7): a deactivated department never changes workflow state.
    function invariant_deactivatedDepartmentNeverChangesState() public view {
        assertTrue(!handler.inactiveChangedState(), "an officer of a deactivated department changed a case");
    }

    /// @dev Every action of a deactivated department is refused, whatever the case's state was.
    function testFuzz_deactivatedDepartmentNeverActs(uint256 seed) public {
        handler.openOwned(seed);
        handler.openByMarket(seed);
        handler.approve(0, 0); // TAX approves the owned case, so stage 0 needs PSB only
        handler.toggle(seed); // deactivate one of the four departments
        handler.approve(seed, seed);
        handler.reject(seed >> 8, seed >> 16);
        handler.returnCase(seed >> 24, seed >> 32);
        handler.withdraw(seed >> 40);
        handler.consume(seed >> 48);
        handler.resubmit(seed >> 56);
        handler.openByMarket(seed >> 64);
        assertTrue(!handler.inactiveChangedState(), "an officer of a deactivated department changed a case");
    }

    /// @dev The ghost can see a violation: the handler's refusal count moves only for inactive departments.
    function test_handlerCountsRefusalsOfDeactivatedDepartments() public {
        handler.openOwned(1);
        handler.toggle(0); // TAX off
        handler.approve(0, 0);
        handler.reject(0, 0);
        handler.returnCase(0, 0);
        assertEq(handler.refusedWhileInactive(), 3, "TAX's three decisions were not refused as inactive");
        handler.toggle(0); // TAX on
        handler.approve(0, 0);
        assertEq(handler.actedWhileActive(), 1, "TAX's approval after reactivation did not go through");
        assertTrue(!handler.inactiveChangedState(), "ghost set");
    }
}
