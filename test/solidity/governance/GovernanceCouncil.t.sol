// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

import {DepartmentDirectory} from "../../../contracts/access/DepartmentDirectory.sol";
import {GovRoles} from "../../../contracts/access/GovRoles.sol";
import {GovernanceCouncil} from "../../../contracts/governance/GovernanceCouncil.sol";
import {IGovernanceCouncil} from "../../../contracts/governance/IGovernanceCouncil.sol";
import {CouncilFixture, CountingTarget, GovernanceCouncilV2Mock, ReentrantTarget} from "./CouncilFixture.sol";

/// @dev Every class end to end, cancellation, expiry, staleness, deactivation, reentrancy.
contract GovernanceCouncilTest is CouncilFixture {
    // Members: 0 BUREAU (3), 1 SCITECH (2), 2 ECON (1), 3 TAX (1). Thresholds: 2 / 3 / 4 / 5.

    // ── classes end to end ───────────────────────────────────────────────────

    function test_emergencyClosesAtOnceWithASmallQuorum() public {
        uint256 id = _propose(
            2,
            _one(address(directory), abi.encodeCall(DepartmentDirectory.setModuleClosed, (address(target), true)))
        );
        assertEq(uint256(council.proposal(id).actionClass), uint256(IGovernanceCouncil.ActionClass.Emergency), "class");
        assertTrue(!manager.isTargetClosed(address(target)), "one member of weight 1 is not enough");
        _approve(id, 3);
        assertTrue(manager.isTargetClosed(address(target)), "closed in the approving transaction");
        _assertState(id, IGovernanceCouncil.ProposalState.Executed, "executed");
    }

    function test_reopeningNeedsTheSensitiveThresholdAndDelay() public {
        manager.setTargetClosed(address(target), true);
        uint256 id = _propose(
            2,
            _one(address(directory), abi.encodeCall(DepartmentDirectory.setModuleClosed, (address(target), false)))
        );
        assertEq(uint256(council.proposal(id).actionClass), uint256(IGovernanceCouncil.ActionClass.Sensitive), "class");
        _approve(id, 3);
        _assertState(id, IGovernanceCouncil.ProposalState.Pending, "weight 2 does not reopen");
        _approve(id, 1);
        _assertState(id, IGovernanceCouncil.ProposalState.Queued, "weight 4 queues");
        vm.warp(block.timestamp + 2 days - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernanceCouncil.GovernanceCouncilTooEarly.selector,
                id,
                uint64(block.timestamp + 1)
            )
        );
        council.execute(id);
        vm.warp(block.timestamp + 1);
        council.execute(id);
        assertTrue(!manager.isTargetClosed(address(target)), "reopened");
    }

    function test_routineWaitsItsDelay() public {
        _classEndToEnd(CountingTarget.routine.selector, IGovernanceCouncil.ActionClass.Routine, 1 days);
        assertEq(target.routineCount(), 1, "routine ran once");
    }

    function test_sensitiveWaitsItsDelay() public {
        _classEndToEnd(CountingTarget.sensitive.selector, IGovernanceCouncil.ActionClass.Sensitive, 2 days);
        assertEq(target.sensitiveCount(), 1, "sensitive ran once");
    }

    function test_criticalWaitsItsDelay() public {
        _classEndToEnd(CountingTarget.critical.selector, IGovernanceCouncil.ActionClass.Critical, 3 days);
        assertEq(target.criticalCount(), 1, "critical ran once");
    }

    /// @dev Approved by members in order of weight until the threshold, then too early, then executed by anyone.
    function _classEndToEnd(bytes4 selector, IGovernanceCouncil.ActionClass actionClass, uint256 delay) private {
        uint256 id = _propose(2, _one(address(target), abi.encodeWithSelector(selector)));
        assertEq(uint256(council.proposal(id).actionClass), uint256(actionClass), "class");
        uint16 threshold = council.classRule(actionClass).threshold;
        for (uint256 m = 0; council.proposal(id).weight < threshold; m++) {
            if (m == 2) continue;
            _approve(id, m);
        }
        IGovernanceCouncil.ProposalView memory p = council.proposal(id);
        assertEq(uint256(p.state), uint256(IGovernanceCouncil.ProposalState.Queued), "queued");
        assertEq(p.executableAt, block.timestamp + delay, "executable after the class delay");
        assertEq(p.expiresAt, p.executableAt + EXECUTION_WINDOW, "execution deadline");
        vm.warp(p.executableAt - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IGovernanceCouncil.GovernanceCouncilTooEarly.selector, id, p.executableAt)
        );
        council.execute(id);
        vm.warp(p.executableAt);
        vm.prank(STRANGER);
        council.execute(id);
        _assertState(id, IGovernanceCouncil.ProposalState.Executed, "executed");
    }

    function test_upgradeIsScheduledInTheAccessManagerAndWaitsTheUpgraderDelay() public {
        address next = address(new GovernanceCouncilV2Mock());
        bytes memory upgrade = abi.encodeCall(council.upgradeToAndCall, (next, ""));
        uint256 id = _propose(0, _selfCall(upgrade));
        _approve(id, 1);
        IGovernanceCouncil.ProposalView memory p = council.proposal(id);
        assertEq(p.executableAt, block.timestamp + UPGRADER_DELAY, "the UPGRADER delay (5 days) beats critical's 3");
        bytes32 op = manager.hashOperation(address(council), address(council), upgrade);
        assertEq(manager.getSchedule(op), p.executableAt, "scheduled in the AccessManager for the same moment");
        vm.warp(block.timestamp + 3 days);
        vm.expectRevert(
            abi.encodeWithSelector(IGovernanceCouncil.GovernanceCouncilTooEarly.selector, id, p.executableAt)
        );
        council.execute(id);
        vm.warp(p.executableAt);
        council.execute(id);
        assertEq(GovernanceCouncilV2Mock(address(council)).version(), 2, "upgraded");
        assertEq(manager.getSchedule(op), 0, "operation consumed");
        assertEq(council.totalWeight(), 7, "state kept across the upgrade");
    }

    function test_nobodyButTheCouncilUpgradesItAndOnlyAfterTheDelay() public {
        address next = address(new GovernanceCouncilV2Mock());
        vm.prank(admins[0]);
        vm.expectRevert(abi.encodeWithSelector(bytes4(keccak256("AccessManagedUnauthorized(address)")), admins[0]));
        council.upgradeToAndCall(next, "");
    }

    function test_managerCallsFollowTheAdminExecutionDelay() public {
        manager.grantRole(GovRoles.ADMIN, address(council), 4 days);
        uint64 role = directory.department(TAX).adminRole;
        bytes memory grant = abi.encodeCall(IAccessManager.grantRole, (role, STRANGER, 0));
        uint256 id = _propose(0, _one(address(manager), grant));
        assertEq(uint256(council.proposal(id).actionClass), uint256(IGovernanceCouncil.ActionClass.Sensitive), "class");
        _approve(id, 2);
        uint64 executableAt = council.proposal(id).executableAt;
        assertEq(executableAt, block.timestamp + 4 days, "ADMIN's delay beats sensitive's 2 days");
        vm.warp(executableAt);
        council.execute(id);
        (bool isMember, ) = manager.hasRole(role, STRANGER);
        assertTrue(isMember, "granted through the scheduled operation");
    }

    // ── cancellation ─────────────────────────────────────────────────────────

    function test_blockingMinorityCancels() public {
        uint256 id = _propose(2, _one(address(target), abi.encodeCall(CountingTarget.critical, ())));
        _object(id, 1);
        _assertState(id, IGovernanceCouncil.ProposalState.Pending, "2 of 7 objecting: 5 can still approve");
        assertEq(council.proposal(id).objectionWeight, 2, "objection weight");
        _object(id, 3);
        _assertState(id, IGovernanceCouncil.ProposalState.Cancelled, "3 of 7 objecting: 5 is out of reach");
        vm.expectRevert(_invalidState(id, IGovernanceCouncil.ProposalState.Cancelled));
        _approve(id, 0);
    }

    function test_proposerCancelsAndTheScheduledOperationGoes() public {
        bytes memory upgrade = abi.encodeCall(council.upgradeToAndCall, (address(new GovernanceCouncilV2Mock()), ""));
        uint256 id = _propose(0, _selfCall(upgrade));
        _approve(id, 1);
        bytes32 op = manager.hashOperation(address(council), address(council), upgrade);
        assertTrue(manager.getSchedule(op) != 0, "scheduled");
        vm.prank(admins[1]);
        vm.expectRevert(
            abi.encodeWithSelector(IGovernanceCouncil.GovernanceCouncilNotProposer.selector, id, admins[0])
        );
        council.cancel(id);
        vm.prank(admins[0]);
        council.cancel(id);
        _assertState(id, IGovernanceCouncil.ProposalState.Cancelled, "cancelled");
        assertEq(manager.getSchedule(op), 0, "the AccessManager operation is cancelled too");
        vm.warp(block.timestamp + UPGRADER_DELAY);
        vm.expectRevert(_invalidState(id, IGovernanceCouncil.ProposalState.Cancelled));
        council.execute(id);
        vm.prank(admins[0]);
        vm.expectRevert(_invalidState(id, IGovernanceCouncil.ProposalState.Cancelled));
        council.cancel(id);
    }

    // ── expiry and staleness ─────────────────────────────────────────────────

    function test_expiresWhenNotApprovedInTheVotingPeriod() public {
        uint256 id = _propose(2, _one(address(target), abi.encodeCall(CountingTarget.routine, ())));
        vm.warp(block.timestamp + VOTING_PERIOD + 1);
        _assertState(id, IGovernanceCouncil.ProposalState.Expired, "expired");
        vm.expectRevert(_invalidState(id, IGovernanceCouncil.ProposalState.Expired));
        _approve(id, 0);
    }

    function test_expiresWhenNotExecutedInTheWindow() public {
        uint256 id = _propose(0, _one(address(target), abi.encodeCall(CountingTarget.routine, ())));
        uint64 deadline = council.proposal(id).expiresAt;
        vm.warp(deadline);
        _assertState(id, IGovernanceCouncil.ProposalState.Ready, "ready until the deadline");
        vm.warp(deadline + 1);
        vm.expectRevert(_invalidState(id, IGovernanceCouncil.ProposalState.Expired));
        council.execute(id);
        assertEq(target.routineCount(), 0, "not run");
    }

    function test_aCouncilChangeMakesOpenProposalsStale() public {
        uint256 open = _propose(2, _one(address(target), abi.encodeCall(CountingTarget.routine, ())));
        uint256 change = _propose(0, _selfCall(abi.encodeCall(council.setPeriods, (3 days, 3 days))));
        _approve(change, 1);
        vm.warp(block.timestamp + 3 days);
        council.execute(change);
        assertEq(council.councilVersion(), 2, "version bumped");
        (uint32 voting, uint32 window) = council.periods();
        assertEq(voting + window, 6 days, "periods set");
        _assertState(open, IGovernanceCouncil.ProposalState.Stale, "stale");
        vm.expectRevert(_invalidState(open, IGovernanceCouncil.ProposalState.Stale));
        _approve(open, 0);
    }

    function test_aStaleQueuedProposalCannotExecute() public {
        uint256 queued = _propose(0, _one(address(target), abi.encodeCall(CountingTarget.routine, ())));
        IGovernanceCouncil.ClassAssignment[] memory table = new IGovernanceCouncil.ClassAssignment[](1);
        table[0] = IGovernanceCouncil.ClassAssignment(
            address(target),
            CountingTarget.critical.selector,
            IGovernanceCouncil.ActionClass.Routine
        );
        uint256 change = _propose(0, _selfCall(abi.encodeCall(council.setActionClasses, (table))));
        _approve(change, 1);
        vm.warp(block.timestamp + 3 days);
        council.execute(change);
        vm.expectRevert(_invalidState(queued, IGovernanceCouncil.ProposalState.Stale));
        council.execute(queued);
        assertEq(
            uint256(council.classOf(address(target), abi.encodeCall(CountingTarget.critical, ()))),
            uint256(IGovernanceCouncil.ActionClass.Routine),
            "table entry set"
        );
    }

    // ── deactivation ─────────────────────────────────────────────────────────

    function test_aDeactivatedMembersApprovalDoesNotCount() public {
        uint256 id = _propose(0, _one(address(target), abi.encodeCall(CountingTarget.routine, ())));
        _assertState(id, IGovernanceCouncil.ProposalState.Queued, "BUREAU alone reaches routine's 3");
        directory.setDepartmentActive(BUREAU, false);
        assertEq(council.proposal(id).weight, 0, "the deactivated member's weight is gone");
        vm.warp(block.timestamp + 1 days);
        vm.expectRevert(abi.encodeWithSelector(IGovernanceCouncil.GovernanceCouncilBelowThreshold.selector, id, 0, 3));
        council.execute(id);
        vm.prank(admins[0]);
        vm.expectRevert(
            abi.encodeWithSelector(IGovernanceCouncil.GovernanceCouncilInactiveDepartment.selector, BUREAU)
        );
        council.propose(BUREAU, _one(address(target), abi.encodeCall(CountingTarget.routine, ())), "x");
        directory.setDepartmentActive(BUREAU, true);
        council.execute(id);
        assertEq(target.routineCount(), 1, "counts again once reactivated");
    }

    // ── the council cannot disable itself ─────────────────────────────────────

    function test_aProposalLeavingTheCouncilUnableToActIsRefused() public {
        uint256 id = _propose(0, _selfCall(abi.encodeCall(council.setMember, (BUREAU, 0))));
        _approve(id, 1);
        vm.warp(block.timestamp + 3 days);
        bytes memory unreachable = abi.encodeWithSelector(
            IGovernanceCouncil.GovernanceCouncilUnreachableThreshold.selector,
            IGovernanceCouncil.ActionClass.Critical,
            uint16(5),
            uint16(4)
        );
        vm.expectRevert(
            abi.encodeWithSelector(IGovernanceCouncil.GovernanceCouncilCallFailed.selector, id, 0, unreachable)
        );
        council.execute(id);
        assertEq(council.totalWeight(), 7, "members unchanged");
        assertEq(council.members().length, 4, "BUREAU still a member");
        assertEq(council.councilVersion(), 1, "version unchanged");
        _assertState(id, IGovernanceCouncil.ProposalState.Ready, "still ready: nothing changed");
    }

    function test_aThresholdAboveTheTotalIsRefused() public {
        IGovernanceCouncil.ClassRule memory rule = IGovernanceCouncil.ClassRule(8, 0);
        uint256 id = _propose(
            0,
            _selfCall(abi.encodeCall(council.setClassRule, (IGovernanceCouncil.ActionClass.Routine, rule)))
        );
        _approve(id, 1);
        vm.warp(block.timestamp + 3 days);
        bytes memory unreachable = abi.encodeWithSelector(
            IGovernanceCouncil.GovernanceCouncilUnreachableThreshold.selector,
            IGovernanceCouncil.ActionClass.Routine,
            uint16(8),
            uint16(7)
        );
        vm.expectRevert(
            abi.encodeWithSelector(IGovernanceCouncil.GovernanceCouncilCallFailed.selector, id, 0, unreachable)
        );
        council.execute(id);
        assertEq(council.classRule(IGovernanceCouncil.ActionClass.Routine).threshold, 3, "rule unchanged");
    }

    function test_membersChangeThroughACriticalProposal() public {
        IGovernanceCouncil.Call[] memory calls = new IGovernanceCouncil.Call[](2);
        calls[0] = IGovernanceCouncil.Call(address(council), abi.encodeCall(council.setMember, (COURT, 2)));
        calls[1] = IGovernanceCouncil.Call(address(council), abi.encodeCall(council.setMember, (TAX, 0)));
        uint256 id = _propose(0, calls);
        _approve(id, 1);
        vm.warp(block.timestamp + 3 days);
        council.execute(id);
        assertEq(council.totalWeight(), 8, "3 + 2 + 1 + 2");
        assertEq(council.councilVersion(), 3, "one bump per change");
        vm.prank(admins[3]);
        vm.expectRevert(abi.encodeWithSelector(IGovernanceCouncil.GovernanceCouncilNotMember.selector, TAX));
        council.propose(TAX, calls, "x");
        vm.prank(COURT_ADMIN);
        uint256 next = council.propose(COURT, _one(address(target), abi.encodeCall(CountingTarget.routine, ())), "x");
        assertEq(council.proposal(next).weight, 2, "the new member votes with its weight");
    }

    // ── reentrancy ───────────────────────────────────────────────────────────

    function test_aCallReenteringExecuteDoesNotRunTwice() public {
        ReentrantTarget reentrant = new ReentrantTarget(council);
        IGovernanceCouncil.ClassAssignment[] memory table = new IGovernanceCouncil.ClassAssignment[](1);
        table[0] = IGovernanceCouncil.ClassAssignment(
            address(reentrant),
            ReentrantTarget.reenter.selector,
            IGovernanceCouncil.ActionClass.Routine
        );
        uint256 change = _propose(0, _selfCall(abi.encodeCall(council.setActionClasses, (table))));
        _approve(change, 1);
        vm.warp(block.timestamp + 3 days);
        council.execute(change);

        uint256 id = council.proposalCount() + 1;
        uint256 created = _propose(0, _one(address(reentrant), abi.encodeCall(ReentrantTarget.reenter, (id))));
        assertEq(created, id, "id");
        vm.warp(block.timestamp + 1 days);
        council.execute(id);
        assertEq(reentrant.runs(), 1, "ran once");
        assertEq(
            keccak256(reentrant.reentryError()),
            keccak256(_invalidState(id, IGovernanceCouncil.ProposalState.Executed)),
            "the nested execute was refused"
        );
    }

    // ── bad input: every error ───────────────────────────────────────────────

    function test_proposeRefusesBadCallers() public {
        IGovernanceCouncil.Call[] memory calls = _one(address(target), abi.encodeCall(CountingTarget.routine, ()));
        vm.prank(COURT_ADMIN);
        vm.expectRevert(abi.encodeWithSelector(IGovernanceCouncil.GovernanceCouncilNotMember.selector, COURT));
        council.propose(COURT, calls, "x");
        vm.prank(admins[1]);
        vm.expectRevert(
            abi.encodeWithSelector(IGovernanceCouncil.GovernanceCouncilNotDepartmentAdmin.selector, BUREAU, admins[1])
        );
        council.propose(BUREAU, calls, "x");
        vm.prank(admins[0]);
        vm.expectRevert(abi.encodeWithSelector(IGovernanceCouncil.GovernanceCouncilInvalidCalls.selector, 0, 32));
        council.propose(BUREAU, new IGovernanceCouncil.Call[](0), "x");
        IGovernanceCouncil.Call[] memory tooMany = new IGovernanceCouncil.Call[](33);
        vm.prank(admins[0]);
        vm.expectRevert(abi.encodeWithSelector(IGovernanceCouncil.GovernanceCouncilInvalidCalls.selector, 33, 32));
        council.propose(BUREAU, tooMany, "x");
        assertEq(council.proposalCount(), 0, "nothing proposed");
    }

    function test_aDepartmentVotesOnce() public {
        uint256 id = _propose(2, _one(address(target), abi.encodeCall(CountingTarget.critical, ())));
        bytes memory twice = abi.encodeWithSelector(
            IGovernanceCouncil.GovernanceCouncilAlreadyVoted.selector,
            id,
            ECON
        );
        vm.expectRevert(twice);
        _approve(id, 2);
        vm.expectRevert(twice);
        _object(id, 2);
        _object(id, 3);
        vm.expectRevert(abi.encodeWithSelector(IGovernanceCouncil.GovernanceCouncilAlreadyVoted.selector, id, TAX));
        _approve(id, 3);
    }

    function test_unknownProposals() public {
        vm.expectRevert(_invalidState(1, IGovernanceCouncil.ProposalState.Unknown));
        council.execute(1);
        vm.expectRevert(_invalidState(0, IGovernanceCouncil.ProposalState.Unknown));
        _approve(0, 0);
        vm.expectRevert(_invalidState(9, IGovernanceCouncil.ProposalState.Unknown));
        _object(9, 0);
        vm.expectRevert(_invalidState(9, IGovernanceCouncil.ProposalState.Unknown));
        council.cancel(9);
    }

    function test_approveAfterQueuedIsRefused() public {
        uint256 id = _propose(0, _one(address(target), abi.encodeCall(CountingTarget.routine, ())));
        vm.expectRevert(_invalidState(id, IGovernanceCouncil.ProposalState.Queued));
        _approve(id, 1);
    }

    function test_aFailingCallRevertsTheExecution() public {
        IGovernanceCouncil.Call[] memory calls = new IGovernanceCouncil.Call[](2);
        calls[0] = IGovernanceCouncil.Call(address(target), abi.encodeCall(CountingTarget.critical, ()));
        calls[1] = IGovernanceCouncil.Call(address(target), abi.encodeCall(CountingTarget.fail, ()));
        uint256 id = _propose(0, calls);
        _approve(id, 1);
        vm.warp(block.timestamp + 3 days);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernanceCouncil.GovernanceCouncilCallFailed.selector,
                id,
                1,
                abi.encodeWithSelector(CountingTarget.CountingTargetRefused.selector)
            )
        );
        council.execute(id);
        assertEq(target.criticalCount(), 0, "the first call is undone");
    }

    function test_settersAreOnlyForTheCouncilItself() public {
        bytes memory onlySelf = abi.encodeWithSelector(
            IGovernanceCouncil.GovernanceCouncilOnlySelf.selector,
            admins[0]
        );
        vm.startPrank(admins[0]);
        vm.expectRevert(onlySelf);
        council.setMember(COURT, 1);
        vm.expectRevert(onlySelf);
        council.setClassRule(IGovernanceCouncil.ActionClass.Routine, IGovernanceCouncil.ClassRule(1, 0));
        vm.expectRevert(onlySelf);
        council.setActionClasses(new IGovernanceCouncil.ClassAssignment[](0));
        vm.expectRevert(onlySelf);
        council.setPeriods(1, 1);
        vm.stopPrank();
    }

    function test_initializeRefusesACouncilThatCannotAct() public {
        address impl = address(new GovernanceCouncil());
        IGovernanceCouncil.ClassRule[4] memory rules = _rules();
        rules[3].threshold = 8;
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernanceCouncil.GovernanceCouncilUnreachableThreshold.selector,
                IGovernanceCouncil.ActionClass.Critical,
                uint16(8),
                uint16(7)
            )
        );
        new ERC1967Proxy(impl, _initCall(_members(), rules, VOTING_PERIOD, EXECUTION_WINDOW, _table()));
        rules[3].threshold = 0;
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernanceCouncil.GovernanceCouncilUnreachableThreshold.selector,
                IGovernanceCouncil.ActionClass.Critical,
                uint16(0),
                uint16(7)
            )
        );
        new ERC1967Proxy(impl, _initCall(_members(), rules, VOTING_PERIOD, EXECUTION_WINDOW, _table()));
    }

    function test_initializeRefusesBadMembersPeriodsAndTable() public {
        address impl = address(new GovernanceCouncil());
        IGovernanceCouncil.Member[] memory members = _members();
        members[3].department = "NOWHERE";
        vm.expectRevert(
            abi.encodeWithSelector(IGovernanceCouncil.GovernanceCouncilInvalidMember.selector, bytes32("NOWHERE"))
        );
        new ERC1967Proxy(impl, _initCall(members, _rules(), VOTING_PERIOD, EXECUTION_WINDOW, _table()));

        vm.expectRevert(abi.encodeWithSelector(IGovernanceCouncil.GovernanceCouncilInvalidPeriods.selector, 0, 1 days));
        new ERC1967Proxy(impl, _initCall(_members(), _rules(), 0, 1 days, _table()));
        uint32 tooLong = manager.expiration() + 1;
        vm.expectRevert(
            abi.encodeWithSelector(IGovernanceCouncil.GovernanceCouncilInvalidPeriods.selector, 1 days, tooLong)
        );
        new ERC1967Proxy(impl, _initCall(_members(), _rules(), 1 days, tooLong, _table()));

        bytes4[3] memory reserved = [
            council.upgradeToAndCall.selector,
            DepartmentDirectory.setModuleClosed.selector,
            IAccessManager.grantRole.selector
        ];
        address[3] memory targets = [address(target), address(directory), address(manager)];
        for (uint256 i = 0; i < 3; i++) {
            IGovernanceCouncil.ClassAssignment[] memory table = new IGovernanceCouncil.ClassAssignment[](1);
            table[0] = IGovernanceCouncil.ClassAssignment(
                targets[i],
                reserved[i],
                IGovernanceCouncil.ActionClass.Routine
            );
            vm.expectRevert(
                abi.encodeWithSelector(
                    IGovernanceCouncil.GovernanceCouncilReservedSelector.selector,
                    targets[i],
                    reserved[i]
                )
            );
            new ERC1967Proxy(impl, _initCall(_members(), _rules(), VOTING_PERIOD, EXECUTION_WINDOW, table));
        }
    }

    function test_theTableCannotLowerTheCouncilsOwnFunctions() public {
        IGovernanceCouncil.ClassAssignment[] memory table = new IGovernanceCouncil.ClassAssignment[](1);
        bytes4 selector = council.setMember.selector;
        table[0] = IGovernanceCouncil.ClassAssignment(
            address(council),
            selector,
            IGovernanceCouncil.ActionClass.Routine
        );
        uint256 id = _propose(0, _selfCall(abi.encodeCall(council.setActionClasses, (table))));
        _approve(id, 1);
        vm.warp(block.timestamp + 3 days);
        bytes memory reserved = abi.encodeWithSelector(
            IGovernanceCouncil.GovernanceCouncilReservedSelector.selector,
            address(council),
            selector
        );
        vm.expectRevert(
            abi.encodeWithSelector(IGovernanceCouncil.GovernanceCouncilCallFailed.selector, id, 0, reserved)
        );
        council.execute(id);
    }

    // ── classOf ──────────────────────────────────────────────────────────────

    function test_classOfIsSecureByDefault() public view {
        IGovernanceCouncil.ActionClass critical = IGovernanceCouncil.ActionClass.Critical;
        IGovernanceCouncil.ActionClass sensitive = IGovernanceCouncil.ActionClass.Sensitive;
        _assertClass(address(target), hex"aabbcc", critical, "short data");
        _assertClass(address(target), abi.encodeWithSelector(bytes4(0x12345678)), critical, "no table entry");
        _assertClass(address(council), abi.encodeCall(council.setPeriods, (1, 1)), critical, "the council");
        _assertClass(address(target), abi.encodeCall(council.upgradeToAndCall, (address(1), "")), critical, "upgrade");
        uint64 departmentRole = directory.department(TAX).adminRole;
        _assertClass(
            address(manager),
            abi.encodeCall(IAccessManager.grantRole, (departmentRole, STRANGER, 0)),
            sensitive,
            "department role"
        );
        _assertClass(
            address(manager),
            abi.encodeCall(IAccessManager.revokeRole, (departmentRole, STRANGER)),
            sensitive,
            "revoke department role"
        );
        _assertClass(
            address(manager),
            abi.encodeCall(IAccessManager.grantRole, (GovRoles.OPERATOR, STRANGER, 0)),
            critical,
            "platform role"
        );
        _assertClass(
            address(manager),
            abi.encodeCall(IAccessManager.setGrantDelay, (departmentRole, 0)),
            critical,
            "other admin"
        );
        bytes4[] memory selectors = new bytes4[](1);
        selectors[0] = CountingTarget.routine.selector;
        _assertClass(
            address(manager),
            _permission(address(target), selectors, GovRoles.OPERATOR),
            sensitive,
            "permission"
        );
        _assertClass(address(manager), _permission(address(target), selectors, GovRoles.ADMIN), critical, "to ADMIN");
        _assertClass(
            address(manager),
            _permission(address(target), selectors, GovRoles.UPGRADER),
            critical,
            "to UPGRADER"
        );
        _assertClass(
            address(manager),
            _permission(address(manager), selectors, GovRoles.OPERATOR),
            critical,
            "the manager"
        );
        _assertClass(
            address(manager),
            _permission(address(council), selectors, GovRoles.OPERATOR),
            critical,
            "the council"
        );
        selectors[0] = council.upgradeToAndCall.selector;
        _assertClass(
            address(manager),
            _permission(address(target), selectors, GovRoles.OPERATOR),
            critical,
            "upgrades"
        );
    }

    function _permission(address to, bytes4[] memory selectors, uint64 role) private pure returns (bytes memory) {
        return abi.encodeCall(IAccessManager.setTargetFunctionRole, (to, selectors, role));
    }

    function _assertClass(
        address to,
        bytes memory data,
        IGovernanceCouncil.ActionClass expected,
        string memory message
    ) private view {
        assertEq(uint256(council.classOf(to, data)), uint256(expected), message);
    }
}
