// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {CoreTestBase} from "./CoreTestBase.sol";
import {IStrategy} from "../../../src/eigenlayer/interfaces/IStrategy.sol";
import {IERC20} from "../../../src/eigenlayer/interfaces/IERC20.sol";
import {
    IRewardsCoordinatorErrors,
    IRewardsCoordinatorEvents
} from "../../../src/eigenlayer/slashing/interfaces/IRewardsCoordinator.sol";
import {
    IPermissionControllerMixin
} from "../../../src/eigenlayer/slashing/interfaces/IPermissionController.sol";
import {IPausable} from "../../../src/eigenlayer/slashing/interfaces/IPauserRegistry.sol";
import {IStrategyManager} from "../../../src/eigenlayer/slashing/interfaces/IStrategyManager.sol";
import {
    IAllocationManager
} from "../../../src/eigenlayer/slashing/interfaces/IAllocationManager.sol";
import {
    IPermissionController
} from "../../../src/eigenlayer/slashing/interfaces/IPermissionController.sol";
import {OperatorSet} from "../../../src/eigenlayer/slashing/interfaces/OperatorSet.sol";
import {RewardsCoordinator} from "../../../src/eigenlayer/slashing/core/RewardsCoordinator.sol";

/// @notice RewardsCoordinator's AVS entry points: validation, token custody, hashes, events.
contract RewardsTest is CoreTestBase, IRewardsCoordinatorEvents {
    uint32 internal constant DAY = 86400;
    RewardsCoordinator internal rewards;
    uint32 internal start;

    function setUp() public override {
        super.setUp();
        rewards = new RewardsCoordinator(
            IStrategyManager(address(strategyManager)),
            IAllocationManager(address(allocationManager)),
            pauserRegistry,
            IPermissionController(address(permissionController)),
            RewardsCoordinator.TimeParams({
                calculationIntervalSeconds: DAY,
                maxRewardsDuration: 70 * DAY,
                maxRetroactiveLength: 90 * DAY,
                maxFutureLength: 30 * DAY,
                genesisRewardsTimestamp: 1_697_328_000 // a multiple of a day, 30 days back
            }),
            "v1.12.0"
        );
        start = uint32(block.timestamp - block.timestamp % DAY);
        tokenB.mint(avs, 1000e18);
        vm.prank(avs);
        tokenB.approve(address(rewards), type(uint256).max);
    }

    function _strategies() internal view returns (StrategyAndMultiplier[] memory s) {
        s = new StrategyAndMultiplier[](2);
        s[0] = StrategyAndMultiplier(IStrategy(address(strategyLow)), 1e18);
        s[1] = StrategyAndMultiplier(IStrategy(address(strategyHigh)), 2e18);
    }

    function _submission(uint256 amount) internal view returns (RewardsSubmission[] memory r) {
        r = new RewardsSubmission[](1);
        r[0] = RewardsSubmission(_strategies(), IERC20(address(tokenB)), amount, start, 7 * DAY);
    }

    function _directed(uint32 startTs)
        internal
        view
        returns (OperatorDirectedRewardsSubmission[] memory r)
    {
        OperatorReward[] memory rewardsList = new OperatorReward[](2);
        rewardsList[0] = OperatorReward(operator, 3e18);
        rewardsList[1] = OperatorReward(operator2, 4e18);
        r = new OperatorDirectedRewardsSubmission[](1);
        r[0] = OperatorDirectedRewardsSubmission(
            _strategies(), IERC20(address(tokenB)), rewardsList, startTs, 2 * DAY, "week 1"
        );
    }

    function test_avsRewardsSubmission() public {
        RewardsSubmission[] memory r = _submission(100e18);
        bytes32 hash = keccak256(abi.encode(avs, uint256(0), r[0]));
        vm.expectEmit(address(rewards));
        emit AVSRewardsSubmissionCreated(avs, 0, hash, r[0]);
        vm.prank(avs);
        rewards.createAVSRewardsSubmission(r);
        assertEq(tokenB.balanceOf(address(rewards)), 100e18, "tokens taken");
        assertEq(tokenB.balanceOf(avs), 900e18);
        assertTrue(rewards.isAVSRewardsSubmissionHash(avs, hash));
        assertEq(rewards.submissionNonce(avs), 1);
    }

    function test_avsRewardsSubmissionErrors() public {
        RewardsSubmission[] memory r = _submission(0);
        vm.prank(avs);
        vm.expectRevert(IRewardsCoordinatorErrors.AmountIsZero.selector);
        rewards.createAVSRewardsSubmission(r);
        r = _submission(1e38);
        vm.prank(avs);
        vm.expectRevert(IRewardsCoordinatorErrors.AmountExceedsMax.selector);
        rewards.createAVSRewardsSubmission(r);
        r = _submission(1e18);
        r[0].duration = 71 * DAY;
        vm.prank(avs);
        vm.expectRevert(IRewardsCoordinatorErrors.DurationExceedsMax.selector);
        rewards.createAVSRewardsSubmission(r);
        r[0].duration = DAY + 1;
        vm.prank(avs);
        vm.expectRevert(IRewardsCoordinatorErrors.InvalidDurationRemainder.selector);
        rewards.createAVSRewardsSubmission(r);
        r[0].duration = 0;
        vm.prank(avs);
        vm.expectRevert(IRewardsCoordinatorErrors.DurationIsZero.selector);
        rewards.createAVSRewardsSubmission(r);
        r[0].duration = DAY;
        r[0].startTimestamp = start + 1;
        vm.prank(avs);
        vm.expectRevert(IRewardsCoordinatorErrors.InvalidStartTimestampRemainder.selector);
        rewards.createAVSRewardsSubmission(r);
        r[0].startTimestamp = start - 91 * DAY;
        vm.prank(avs);
        vm.expectRevert(IRewardsCoordinatorErrors.StartTimestampTooFarInPast.selector);
        rewards.createAVSRewardsSubmission(r);
        r[0].startTimestamp = start + 31 * DAY;
        vm.prank(avs);
        vm.expectRevert(IRewardsCoordinatorErrors.StartTimestampTooFarInFuture.selector);
        rewards.createAVSRewardsSubmission(r);
        r[0].startTimestamp = start;
        r[0].strategiesAndMultipliers[0].strategy = IStrategy(address(0xdead));
        vm.prank(avs);
        vm.expectRevert(IRewardsCoordinatorErrors.StrategyNotWhitelisted.selector);
        rewards.createAVSRewardsSubmission(r);
        r = _submission(1e18);
        (r[0].strategiesAndMultipliers[0], r[0].strategiesAndMultipliers[1]) =
        (r[0].strategiesAndMultipliers[1], r[0].strategiesAndMultipliers[0]);
        vm.prank(avs);
        vm.expectRevert(IRewardsCoordinatorErrors.StrategiesNotInAscendingOrder.selector);
        rewards.createAVSRewardsSubmission(r);
        r[0].strategiesAndMultipliers = new StrategyAndMultiplier[](0);
        vm.prank(avs);
        vm.expectRevert(IRewardsCoordinatorErrors.InputArrayLengthZero.selector);
        rewards.createAVSRewardsSubmission(r);
        rewards.pause(1);
        vm.prank(avs);
        vm.expectRevert(IPausable.CurrentlyPaused.selector);
        rewards.createAVSRewardsSubmission(_submission(1e18));
    }

    function test_operatorDirectedSubmissions() public {
        uint32 past = start - 7 * DAY;
        OperatorDirectedRewardsSubmission[] memory r = _directed(past);
        bytes32 hash = keccak256(abi.encode(avs, uint256(0), r[0]));
        vm.expectEmit(address(rewards));
        emit OperatorDirectedAVSRewardsSubmissionCreated(avs, avs, hash, 0, r[0]);
        vm.prank(avs);
        rewards.createOperatorDirectedAVSRewardsSubmission(avs, r);
        assertEq(tokenB.balanceOf(address(rewards)), 7e18, "sum of operator rewards");
        assertTrue(rewards.isOperatorDirectedAVSRewardsSubmissionHash(avs, hash));

        hash = keccak256(abi.encode(avs, uint256(1), r[0]));
        vm.expectEmit(address(rewards));
        emit OperatorDirectedOperatorSetRewardsSubmissionCreated(avs, hash, _set(), 1, r[0]);
        vm.prank(avs);
        rewards.createOperatorDirectedOperatorSetRewardsSubmission(_set(), r);
        assertEq(tokenB.balanceOf(address(rewards)), 14e18);
        assertTrue(rewards.isOperatorDirectedOperatorSetRewardsSubmissionHash(avs, hash));

        vm.prank(avs);
        vm.expectRevert(IRewardsCoordinatorErrors.InvalidOperatorSet.selector);
        rewards.createOperatorDirectedOperatorSetRewardsSubmission(OperatorSet(avs, 99), r);
        vm.prank(stranger);
        vm.expectRevert(IPermissionControllerMixin.InvalidPermissions.selector);
        rewards.createOperatorDirectedAVSRewardsSubmission(avs, r);
    }

    function test_operatorDirectedErrors() public {
        OperatorDirectedRewardsSubmission[] memory r = _directed(start);
        vm.prank(avs);
        vm.expectRevert(IRewardsCoordinatorErrors.SubmissionNotRetroactive.selector);
        rewards.createOperatorDirectedAVSRewardsSubmission(avs, r);
        r = _directed(start - 7 * DAY);
        (r[0].operatorRewards[0], r[0].operatorRewards[1]) =
        (r[0].operatorRewards[1], r[0].operatorRewards[0]);
        vm.prank(avs);
        vm.expectRevert(IRewardsCoordinatorErrors.OperatorsNotInAscendingOrder.selector);
        rewards.createOperatorDirectedAVSRewardsSubmission(avs, r);
        r[0].operatorRewards[0].operator = address(0);
        vm.prank(avs);
        vm.expectRevert(IRewardsCoordinatorErrors.InvalidAddressZero.selector);
        rewards.createOperatorDirectedAVSRewardsSubmission(avs, r);
        r = _directed(start - 7 * DAY);
        r[0].operatorRewards[1].amount = 0;
        vm.prank(avs);
        vm.expectRevert(IRewardsCoordinatorErrors.AmountIsZero.selector);
        rewards.createOperatorDirectedAVSRewardsSubmission(avs, r);
    }

    function test_claimerFor() public {
        vm.expectEmit(address(rewards));
        emit ClaimerForSet(avs, address(0), stranger);
        vm.prank(avs);
        rewards.setClaimerFor(stranger);
        assertEq(rewards.claimerFor(avs), stranger);
        _registerOperator(operator);
        vm.prank(operator);
        rewards.setClaimerFor(operator, staker);
        assertEq(rewards.claimerFor(operator), staker);
        vm.prank(stranger);
        vm.expectRevert(IPermissionControllerMixin.InvalidPermissions.selector);
        rewards.setClaimerFor(operator, stranger);
    }
}
