// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DepartmentDirectory} from "../../../contracts/access/DepartmentDirectory.sol";
import {GovernanceCouncil} from "../../../contracts/governance/GovernanceCouncil.sol";
import {IGovernanceCouncil} from "../../../contracts/governance/IGovernanceCouncil.sol";
import {Vm} from "../utils/GovTest.sol";
import {CouncilFixture, CountingTarget} from "./CouncilFixture.sol";

/**
 * @dev Acts on the council only as the members of one coalition per class: proposals of class c are proposed,
 * approved and objected to only by `coalitions[c]`; anyone executes; time passes. Each proposal is 1 to 3 random
 * calls of its class (emergency: close the target; routine, sensitive, critical: the target's counters; critical
 * also: change the council).
 */
contract CoalitionHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    GovernanceCouncil public immutable council;
    DepartmentDirectory public immutable directory;
    CountingTarget public immutable target;
    bytes32[4] internal codes;
    address[4] internal admins;
    /// @dev Member indexes allowed to vote on proposals of each class.
    uint8[][4] internal coalitions;

    uint256 public proposed;
    uint256 public approved;
    uint256 public executed;

    constructor(
        GovernanceCouncil council_,
        DepartmentDirectory directory_,
        CountingTarget target_,
        bytes32[4] memory codes_,
        address[4] memory admins_,
        uint8[][4] memory coalitions_
    ) {
        council = council_;
        directory = directory_;
        target = target_;
        codes = codes_;
        admins = admins_;
        for (uint256 c = 0; c < 4; c++) coalitions[c] = coalitions_[c];
    }

    function propose(uint256 classSeed, uint256 memberSeed, uint256 callSeed) external {
        uint256 c = classSeed % 4;
        uint256 m = _member(c, memberSeed);
        IGovernanceCouncil.Call[] memory calls = new IGovernanceCouncil.Call[](1 + (callSeed % 3));
        for (uint256 i = 0; i < calls.length; i++) calls[i] = _call(c, callSeed >> (8 * (i + 1)));
        vm.prank(admins[m]);
        try council.propose(codes[m], calls, "coalition") {
            proposed++;
        } catch {}
    }

    function approve(uint256 idSeed, uint256 memberSeed) external {
        (uint256 id, uint256 c) = _proposal(idSeed);
        if (id == 0) return;
        uint256 m = _member(c, memberSeed);
        vm.prank(admins[m]);
        try council.approve(id, codes[m]) {
            approved++;
        } catch {}
    }

    function object(uint256 idSeed, uint256 memberSeed) external {
        (uint256 id, uint256 c) = _proposal(idSeed);
        if (id == 0) return;
        uint256 m = _member(c, memberSeed);
        vm.prank(admins[m]);
        try council.object(id, codes[m]) {} catch {}
    }

    function cancel(uint256 idSeed) external {
        (uint256 id, ) = _proposal(idSeed);
        if (id == 0) return;
        vm.prank(council.proposal(id).proposer);
        try council.cancel(id) {} catch {}
    }

    function execute(uint256 idSeed) external {
        (uint256 id, ) = _proposal(idSeed);
        if (id == 0) return;
        try council.execute(id) {
            executed++;
        } catch {}
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + (seconds_ % 4 days));
    }

    function _member(uint256 c, uint256 seed) private view returns (uint256) {
        return coalitions[c][seed % coalitions[c].length];
    }

    function _proposal(uint256 seed) private view returns (uint256 id, uint256 c) {
        uint256 count = council.proposalCount();
        if (count == 0) return (0, 0);
        id = 1 + (seed % count);
        c = uint256(council.proposal(id).actionClass);
    }

    /// @dev A random call of class `c` exactly.
    function _call(uint256 c, uint256 seed) private view returns (IGovernanceCouncil.Call memory) {
        if (c == 0) {
            return
                IGovernanceCouncil.Call(
                    address(directory),
                    abi.encodeCall(DepartmentDirectory.setModuleClosed, (address(target), true))
                );
        }
        if (c == 1) return IGovernanceCouncil.Call(address(target), abi.encodeCall(CountingTarget.routine, ()));
        if (c == 2) return IGovernanceCouncil.Call(address(target), abi.encodeCall(CountingTarget.sensitive, ()));
        if (seed % 2 == 0) return IGovernanceCouncil.Call(address(target), abi.encodeCall(CountingTarget.critical, ()));
        return IGovernanceCouncil.Call(address(council), abi.encodeCall(council.setPeriods, (1 days, 1 days)));
    }
}

/// @dev Members of weights 3, 2, 1, 1 (total 7); thresholds 2 / 3 / 4 / 5. Each class's coalition weighs one
/// less than its threshold.
abstract contract CoalitionFixture is CouncilFixture {
    CoalitionHandler internal handler;

    function _handler(uint8[][4] memory coalitions) internal returns (CoalitionHandler) {
        return new CoalitionHandler(council, directory, target, codes, admins, coalitions);
    }

    function _belowThresholds() internal pure returns (uint8[][4] memory coalitions) {
        coalitions[0] = new uint8[](1); // TAX: 1 < 2
        coalitions[0][0] = 3;
        coalitions[1] = new uint8[](2); // ECON + TAX: 2 < 3
        (coalitions[1][0], coalitions[1][1]) = (2, 3);
        coalitions[2] = new uint8[](2); // SCITECH + ECON: 3 < 4
        (coalitions[2][0], coalitions[2][1]) = (1, 2);
        coalitions[3] = new uint8[](3); // SCITECH + ECON + TAX: 4 < 5
        (coalitions[3][0], coalitions[3][1], coalitions[3][2]) = (1, 2, 3);
    }

    function _noActionOfAnyClass() internal view returns (bool) {
        return
            !manager.isTargetClosed(address(target)) &&
            target.routineCount() == 0 &&
            target.sensitiveCount() == 0 &&
            target.criticalCount() == 0 &&
            council.councilVersion() == 1;
    }
}

contract GovernanceCouncilInvariantTest is CoalitionFixture {
    function setUp() public override {
        super.setUp();
        handler = _handler(_belowThresholds());
        targetContract(address(handler));
    }

    /// @dev Issue 12's invariant: no sequence of calls by members whose total weight is below a class's threshold
    /// executes an action of that class.
    function invariant_aCoalitionBelowTheThresholdNeverActs() public view {
        assertTrue(_noActionOfAnyClass(), "a coalition below a class's threshold executed an action of that class");
    }
}

/// @dev The handler can break the invariant: the same sequence by coalitions that reach their thresholds acts.
contract GovernanceCouncilCoalitionSanityTest is CoalitionFixture {
    function test_aCoalitionReachingTheThresholdActs() public {
        uint8[][4] memory coalitions = _belowThresholds();
        coalitions[1] = new uint8[](2); // BUREAU + TAX: 4 >= 3
        (coalitions[1][0], coalitions[1][1]) = (0, 3);
        handler = _handler(coalitions);
        handler.propose(1, 0, 0);
        handler.approve(0, 1);
        handler.warp(1 days);
        handler.execute(0);
        assertEq(target.routineCount(), 1, "a routine action ran");
        assertTrue(!_noActionOfAnyClass(), "the invariant would fail");
    }

    function test_theBelowThresholdCoalitionOnlyGetsThatFar() public {
        handler = _handler(_belowThresholds());
        handler.propose(1, 0, 0);
        handler.approve(0, 1);
        handler.warp(1 days);
        handler.execute(0);
        assertEq(handler.proposed(), 1, "proposed");
        assertEq(handler.approved(), 1, "the second coalition member approved");
        assertEq(uint256(council.proposal(1).state), uint256(IGovernanceCouncil.ProposalState.Pending), "not reached");
        assertTrue(_noActionOfAnyClass(), "nothing ran");
    }
}
