// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

import {DepartmentDirectory} from "../../../contracts/access/DepartmentDirectory.sol";
import {GovAccessManager} from "../../../contracts/access/GovAccessManager.sol";
import {GovRoles} from "../../../contracts/access/GovRoles.sol";
import {IDepartmentDirectory} from "../../../contracts/access/IDepartmentDirectory.sol";
import {GovernanceCouncil} from "../../../contracts/governance/GovernanceCouncil.sol";
import {IGovernanceCouncil} from "../../../contracts/governance/IGovernanceCouncil.sol";
import {GovTest} from "../utils/GovTest.sol";

/// @dev A target the council configures: one counter per class of action (its functions are in the class table,
/// except `critical`, which has no entry and is therefore critical).
contract CountingTarget {
    uint256 public routineCount;
    uint256 public sensitiveCount;
    uint256 public criticalCount;

    error CountingTargetRefused();

    function routine() external {
        routineCount++;
    }

    function sensitive() external {
        sensitiveCount++;
    }

    function critical() external {
        criticalCount++;
    }

    function fail() external pure {
        revert CountingTargetRefused();
    }
}

/// @dev A routine action that tries to execute the proposal running it a second time.
contract ReentrantTarget {
    IGovernanceCouncil public immutable council;
    uint256 public runs;
    bytes public reentryError;

    constructor(IGovernanceCouncil council_) {
        council = council_;
    }

    function reenter(uint256 id) external {
        // Re-enters once only: a council that let it through would run this twice, not recurse forever.
        if (++runs > 1) return;
        try council.execute(id) {} catch (bytes memory reason) {
            reentryError = reason;
        }
    }
}

/// @dev The next implementation of the council, for the upgrade proposal.
contract GovernanceCouncilV2Mock is GovernanceCouncil {
    function version() external pure returns (uint256) {
        return 2;
    }
}

/**
 * @dev The suite for the council's tests: an AccessManager, the directory, the council behind a proxy holding
 * OPERATOR (no delay: the emergency stop is immediate) and UPGRADER (5 days), four member departments of
 * weights 3, 2, 1, 1 (total 7) with one admin each, and thresholds 2 / 3 / 4 / 5 for emergency / routine /
 * sensitive / critical, with delays 0 / 1 / 2 / 3 days.
 */
abstract contract CouncilFixture is GovTest {
    GovAccessManager internal manager;
    DepartmentDirectory internal directory;
    GovernanceCouncil internal council;
    CountingTarget internal target;

    bytes32 internal constant BUREAU = "BUREAU";
    bytes32 internal constant SCITECH = "SCITECH";
    bytes32 internal constant ECON = "ECON";
    bytes32 internal constant TAX = "TAX";
    /// @dev Registered in the directory, not a member.
    bytes32 internal constant COURT = "COURT";

    bytes32[4] internal codes = [BUREAU, SCITECH, ECON, TAX];
    uint16[4] internal weights = [3, 2, 1, 1];
    address[4] internal admins = [address(0xA0), address(0xA1), address(0xA2), address(0xA3)];
    address internal constant COURT_ADMIN = address(0xC0);
    address internal constant STRANGER = address(0xBAD);

    uint32 internal constant DAY = 1 days;
    uint32 internal constant VOTING_PERIOD = 7 days;
    uint32 internal constant EXECUTION_WINDOW = 7 days;
    uint32 internal constant UPGRADER_DELAY = 5 days;

    function setUp() public virtual {
        vm.warp(1_000_000);
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
        operatorOnly[3] = DepartmentDirectory.setModuleClosed.selector;
        manager.setTargetFunctionRole(address(directory), operatorOnly, GovRoles.OPERATOR);
        for (uint256 i = 0; i < 4; i++) {
            directory.registerDepartment(codes[i], "Member", IDepartmentDirectory.DepartmentKind.Government);
            directory.grantDepartmentAdmin(codes[i], admins[i]);
        }
        directory.registerDepartment(COURT, "Court", IDepartmentDirectory.DepartmentKind.Court);
        directory.grantDepartmentAdmin(COURT, COURT_ADMIN);

        target = new CountingTarget();
        council = GovernanceCouncil(address(new ERC1967Proxy(address(new GovernanceCouncil()), _initCall())));
        manager.grantRole(GovRoles.OPERATOR, address(council), 0);
        manager.grantRole(GovRoles.UPGRADER, address(council), UPGRADER_DELAY);
        bytes4[] memory upgrade = new bytes4[](1);
        upgrade[0] = council.upgradeToAndCall.selector;
        manager.setTargetFunctionRole(address(council), upgrade, GovRoles.UPGRADER);
    }

    function _initCall() internal view returns (bytes memory) {
        return _initCall(_members(), _rules(), VOTING_PERIOD, EXECUTION_WINDOW, _table());
    }

    function _initCall(
        IGovernanceCouncil.Member[] memory members,
        IGovernanceCouncil.ClassRule[4] memory rules,
        uint32 votingPeriod,
        uint32 executionWindow,
        IGovernanceCouncil.ClassAssignment[] memory table
    ) internal view returns (bytes memory) {
        return
            abi.encodeCall(
                GovernanceCouncil.initialize,
                (address(manager), address(directory), members, rules, votingPeriod, executionWindow, table)
            );
    }

    function _members() internal view returns (IGovernanceCouncil.Member[] memory members) {
        members = new IGovernanceCouncil.Member[](4);
        for (uint256 i = 0; i < 4; i++) members[i] = IGovernanceCouncil.Member(codes[i], weights[i]);
    }

    function _rules() internal pure returns (IGovernanceCouncil.ClassRule[4] memory rules) {
        rules[0] = IGovernanceCouncil.ClassRule(2, 0);
        rules[1] = IGovernanceCouncil.ClassRule(3, 1 days);
        rules[2] = IGovernanceCouncil.ClassRule(4, 2 days);
        rules[3] = IGovernanceCouncil.ClassRule(5, 3 days);
    }

    function _table() internal view returns (IGovernanceCouncil.ClassAssignment[] memory table) {
        table = new IGovernanceCouncil.ClassAssignment[](2);
        table[0] = IGovernanceCouncil.ClassAssignment(
            address(target),
            CountingTarget.routine.selector,
            IGovernanceCouncil.ActionClass.Routine
        );
        table[1] = IGovernanceCouncil.ClassAssignment(
            address(target),
            CountingTarget.sensitive.selector,
            IGovernanceCouncil.ActionClass.Sensitive
        );
    }

    // ── helpers ──────────────────────────────────────────────────────────────

    function _one(address to, bytes memory data) internal pure returns (IGovernanceCouncil.Call[] memory calls) {
        calls = new IGovernanceCouncil.Call[](1);
        calls[0] = IGovernanceCouncil.Call(to, data);
    }

    /// @dev Proposes as the admin of member `m` (index into {codes}).
    function _propose(uint256 m, IGovernanceCouncil.Call[] memory calls) internal returns (uint256) {
        vm.prank(admins[m]);
        return council.propose(codes[m], calls, "test");
    }

    function _approve(uint256 id, uint256 m) internal {
        vm.prank(admins[m]);
        council.approve(id, codes[m]);
    }

    function _object(uint256 id, uint256 m) internal {
        vm.prank(admins[m]);
        council.object(id, codes[m]);
    }

    function _state(uint256 id) internal view returns (IGovernanceCouncil.ProposalState) {
        return council.proposal(id).state;
    }

    function _assertState(uint256 id, IGovernanceCouncil.ProposalState expected, string memory message) internal view {
        assertEq(uint256(_state(id)), uint256(expected), message);
    }

    function _invalidState(uint256 id, IGovernanceCouncil.ProposalState state) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IGovernanceCouncil.GovernanceCouncilInvalidState.selector, id, state);
    }

    /// @dev A proposal of one council call (critical), e.g. a change of the council itself.
    function _selfCall(bytes memory data) internal view returns (IGovernanceCouncil.Call[] memory) {
        return _one(address(council), data);
    }
}
