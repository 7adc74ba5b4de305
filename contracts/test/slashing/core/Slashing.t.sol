// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {CoreTestBase} from "./CoreTestBase.sol";
import {StrategyBase} from "../../../src/eigenlayer/slashing/core/StrategyBase.sol";
import {IStrategy} from "../../../src/eigenlayer/interfaces/IStrategy.sol";
import {IERC20} from "../../../src/eigenlayer/interfaces/IERC20.sol";
import {
    IAllocationManagerErrors,
    IAllocationManagerEvents,
    IAllocationManagerTypes
} from "../../../src/eigenlayer/slashing/interfaces/IAllocationManager.sol";
import {
    IDelegationManagerErrors,
    IDelegationManagerTypes
} from "../../../src/eigenlayer/slashing/interfaces/IDelegationManager.sol";
import {
    IStrategyManagerErrors,
    IStrategyManagerEvents
} from "../../../src/eigenlayer/slashing/interfaces/IStrategyManager.sol";
import {IPausable} from "../../../src/eigenlayer/slashing/interfaces/IPauserRegistry.sol";
import {OperatorSet} from "../../../src/eigenlayer/slashing/interfaces/OperatorSet.sol";

/// @notice slashOperator: magnitudes (WAD maths, rounding up), delegated shares, the slashed
/// share ledger and clearing it to the burn address or a redistribution recipient with real
/// token transfers, stakers' withdrawable shares, and queued withdrawals inside the window.
contract SlashingTest is CoreTestBase, IAllocationManagerEvents, IStrategyManagerEvents {
    IStrategy internal sLow;
    IStrategy internal sHigh;

    function setUp() public override {
        super.setUp();
        sLow = IStrategy(address(strategyLow));
        sHigh = IStrategy(address(strategyHigh));
    }

    function test_slashMathsAndBurn() public {
        _slashableOperator(operator, 100e18, 5e17);
        assertEq(delegation.operatorShares(operator, sLow), 100e18);

        IStrategy[] memory list = _one(strategyLow);
        uint256[] memory wadSlashed = new uint256[](1);
        wadSlashed[0] = 5e16; // ceil(5e17 × 10%) of a max of 1e18
        vm.expectEmit(address(allocationManager));
        emit AllocationUpdated(operator, _set(), sLow, 45e16, uint32(block.number));
        vm.expectEmit(address(allocationManager));
        emit EncumberedMagnitudeUpdated(operator, sLow, 45e16);
        vm.expectEmit(address(allocationManager));
        emit MaxMagnitudeUpdated(operator, sLow, 95e16);
        vm.expectEmit(address(strategyManager));
        emit BurnOrRedistributableSharesIncreased(_set(), 1, sLow, 5e18);
        vm.expectEmit(address(allocationManager));
        emit OperatorSlashed(operator, _set(), list, wadSlashed, "test slash");
        (uint256 slashId, uint256[] memory shares) = _slash(operator, strategyLow, 1e17);

        assertEq(slashId, 1, "first slash id");
        assertEq(allocationManager.getSlashCount(_set()), 1);
        assertEq(shares[0], 5e18, "100e18 - ceil(100e18 x 0.95)");
        assertEq(allocationManager.getMaxMagnitude(operator, sLow), 95e16);
        assertEq(allocationManager.getAllocation(operator, _set(), sLow).currentMagnitude, 45e16);
        assertEq(allocationManager.getEncumberedMagnitude(operator, sLow), 45e16);
        assertEq(delegation.operatorShares(operator, sLow), 95e18);
        (uint256[] memory withdrawable, uint256[] memory deposit) =
            delegation.getWithdrawableShares(operator, list);
        assertEq(deposit[0], 100e18, "deposit shares untouched");
        assertEq(withdrawable[0], 95e18, "withdrawable fall with the max magnitude");

        // The history keeps the old max for earlier blocks.
        assertEq(
            allocationManager.getMaxMagnitudesAtBlock(operator, list, uint32(block.number - 1))[0],
            WAD
        );
        assertEq(
            allocationManager.getMaxMagnitudesAtBlock(operator, list, uint32(block.number))[0],
            95e16
        );

        // Pending until cleared by anyone; clearing burns real tokens.
        assertEq(strategyManager.getBurnOrRedistributableShares(_set(), 1, sLow), 5e18);
        assertEq(strategyManager.getBurnOrRedistributableCount(_set(), 1), 1);
        assertEq(strategyManager.getPendingOperatorSets().length, 1);
        assertEq(strategyManager.getPendingSlashIds(_set())[0], 1);
        vm.expectEmit(address(strategyManager));
        emit BurnOrRedistributableSharesDecreased(_set(), 1, sLow, 5e18);
        vm.prank(stranger);
        uint256[] memory amounts = strategyManager.clearBurnOrRedistributableShares(_set(), 1);
        assertEq(amounts[0], 5e18);
        assertEq(tokenA.balanceOf(BURN), 5e18, "tokens at the burn address");
        assertEq(tokenA.balanceOf(address(strategyLow)), 95e18);
        assertEq(strategyLow.totalShares(), 95e18);
        assertEq(strategyManager.getPendingOperatorSets().length, 0);
        assertEq(strategyManager.getPendingSlashIds(_set()).length, 0);
        // Clearing again does nothing.
        assertEq(strategyManager.clearBurnOrRedistributableShares(_set(), 1).length, 0);
        assertEq(tokenA.balanceOf(BURN), 5e18);
    }

    function test_secondSlashUsesTheReducedMax() public {
        _slashableOperator(operator, 100e18, 5e17);
        _slash(operator, strategyLow, 1e17);
        uint256[] memory wadSlashed = new uint256[](1);
        // ceil(45e16 × 10%) = 45e15, over a max of 95e16, floored.
        wadSlashed[0] = uint256(45e15) * 1e18 / 95e16;
        vm.expectEmit(address(allocationManager));
        emit OperatorSlashed(operator, _set(), _one(strategyLow), wadSlashed, "test slash");
        (uint256 slashId, uint256[] memory shares) = _slash(operator, strategyLow, 1e17);
        assertEq(slashId, 2);
        assertEq(allocationManager.getMaxMagnitude(operator, sLow), 95e16 - 45e15);
        // 95e18 - ceil(95e18 × 905e15 / 950e15)
        uint256 remaining = (uint256(95e18) * 905e15 + 950e15 - 1) / 950e15;
        assertEq(shares[0], 95e18 - remaining);
        assertEq(delegation.operatorShares(operator, sLow), remaining);
    }

    function test_fullSlashOfTheAllocation() public {
        _slashableOperator(operator, 100e18, 5e17);
        (, uint256[] memory shares) = _slash(operator, strategyLow, WAD);
        assertEq(shares[0], 50e18);
        assertEq(allocationManager.getAllocation(operator, _set(), sLow).currentMagnitude, 0);
        assertEq(allocationManager.getMaxMagnitude(operator, sLow), 5e17);
        // Nothing left allocated: a further slash is a no-op for this strategy.
        (uint256 slashId, uint256[] memory again) = _slash(operator, strategyLow, WAD);
        assertEq(slashId, 2);
        assertEq(again[0], 0);
        assertEq(strategyManager.getBurnOrRedistributableCount(_set(), 2), 0);
    }

    function test_delegatedStakerLosesProportionally() public {
        _registerOperator(operator);
        _deposit(operator, strategyLow, 100e18);
        _deposit(staker, strategyLow, 50e18);
        vm.prank(staker);
        delegation.delegateTo(operator, IDelegationManagerTypes.SignatureWithExpiry("", 0), 0);
        assertEq(delegation.operatorShares(operator, sLow), 150e18);
        _register(operator, SET_ID);
        _allocate(operator, _set(), strategyLow, 5e17);
        vm.roll(block.number + ALLOCATION_DELAY);
        (, uint256[] memory shares) = _slash(operator, strategyLow, 1e17);
        assertEq(shares[0], 75e17, "150e18 - ceil(150e18 x 0.95)");
        (uint256[] memory withdrawable,) =
            delegation.getWithdrawableShares(staker, _one(strategyLow));
        assertEq(withdrawable[0], 475e17, "staker keeps 95%");
        // Stake views read the already-slashed operator shares.
        address[] memory ops = new address[](1);
        ops[0] = operator;
        uint256 expected = uint256(1425e17) * (uint256(45e16) * 1e18 / 95e16) / 1e18;
        assertEq(
            allocationManager.getAllocatedStake(_set(), ops, _one(strategyLow))[0][0], expected
        );
    }

    function test_depositAfterSlashKeepsExactValue() public {
        _slashableOperator(operator, 100e18, 5e17);
        _slash(operator, strategyLow, 1e17);
        vm.prank(staker);
        delegation.delegateTo(operator, IDelegationManagerTypes.SignatureWithExpiry("", 0), 0);
        uint256 shares = _deposit(staker, strategyLow, 10e18);
        assertEq(delegation.depositScalingFactor(staker, sLow), uint256(1e18) * 1e18 / 95e16);
        (uint256[] memory withdrawable,) =
            delegation.getWithdrawableShares(staker, _one(strategyLow));
        assertTrue(withdrawable[0] <= shares && withdrawable[0] + 2 >= shares, "within rounding");
        assertEq(delegation.operatorShares(operator, sLow), 95e18 + shares);
    }

    function test_pendingDecreaseShrinksWithTheSlash() public {
        _slashableOperator(operator, 100e18, 6e17);
        _allocate(operator, _set(), strategyLow, 2e17);
        uint32 effect = uint32(block.number) + DEALLOCATION_DELAY + 1;
        vm.expectEmit(address(allocationManager));
        emit AllocationUpdated(operator, _set(), sLow, 1e17, effect);
        vm.expectEmit(address(allocationManager));
        emit AllocationUpdated(operator, _set(), sLow, 3e17, uint32(block.number));
        _slash(operator, strategyLow, 5e17);
        Allocation memory a = allocationManager.getAllocation(operator, _set(), sLow);
        assertEq(a.currentMagnitude, 3e17);
        assertTrue(a.pendingDiff == -2e17, "pending decrease halved");
        assertEq(allocationManager.getEncumberedMagnitude(operator, sLow), 3e17);
        vm.roll(effect);
        assertEq(allocationManager.getAllocation(operator, _set(), sLow).currentMagnitude, 1e17);
        assertEq(allocationManager.getAllocatableMagnitude(operator, sLow), 7e17 - 1e17);
    }

    function test_twoStrategiesAndPartialClearing() public {
        _registerOperator(operator);
        _deposit(operator, strategyLow, 100e18);
        _deposit(operator, strategyHigh, 40e18);
        _register(operator, SET_ID);
        IAllocationManagerTypes.AllocateParams[] memory p =
            new IAllocationManagerTypes.AllocateParams[](1);
        uint64[] memory mags = new uint64[](2);
        mags[0] = WAD;
        mags[1] = WAD;
        p[0] = IAllocationManagerTypes.AllocateParams(_set(), _both(), mags);
        vm.prank(operator);
        allocationManager.modifyAllocations(operator, p);
        vm.roll(block.number + ALLOCATION_DELAY);

        uint256[] memory wads = new uint256[](2);
        wads[0] = 2e17;
        wads[1] = 5e17;
        vm.prank(slasher);
        (, uint256[] memory shares) = allocationManager.slashOperator(
            avs, IAllocationManagerTypes.SlashingParams(operator, SET_ID, _both(), wads, "two")
        );
        assertEq(shares[0], 20e18);
        assertEq(shares[1], 20e18);
        (IStrategy[] memory strategies, uint256[] memory pending) =
            strategyManager.getBurnOrRedistributableShares(_set(), 1);
        assertEq(strategies.length, 2);
        assertEq(pending[0] + pending[1], 40e18);

        assertEq(
            strategyManager.clearBurnOrRedistributableSharesByStrategy(_set(), 1, sHigh), 20e18
        );
        assertEq(tokenB.balanceOf(BURN), 20e18);
        assertEq(strategyManager.getPendingSlashIds(_set()).length, 1, "low still pending");
        strategyManager.clearBurnOrRedistributableSharesByStrategy(_set(), 1, sLow);
        assertEq(tokenA.balanceOf(BURN), 20e18);
        assertEq(strategyManager.getPendingOperatorSets().length, 0);
    }

    function test_redistributionGoesToTheRecipient() public {
        address recipient = address(0xFEED);
        IAllocationManagerTypes.CreateSetParamsV2[] memory p =
            new IAllocationManagerTypes.CreateSetParamsV2[](1);
        p[0] = IAllocationManagerTypes.CreateSetParamsV2(8, _one(strategyLow), slasher);
        address[] memory recipients = new address[](1);
        recipients[0] = recipient;
        vm.prank(avs);
        allocationManager.createRedistributingOperatorSets(avs, p, recipients);
        _registerOperator(operator);
        _deposit(operator, strategyLow, 100e18);
        _register(operator, 8);
        _allocate(operator, OperatorSet(avs, 8), strategyLow, WAD);
        vm.roll(block.number + ALLOCATION_DELAY);
        uint256[] memory wads = new uint256[](1);
        wads[0] = 25e16;
        vm.prank(slasher);
        (uint256 slashId,) = allocationManager.slashOperator(
            avs, IAllocationManagerTypes.SlashingParams(operator, 8, _one(strategyLow), wads, "")
        );
        strategyManager.clearBurnOrRedistributableShares(OperatorSet(avs, 8), slashId);
        assertEq(tokenA.balanceOf(recipient), 25e18);
        assertEq(tokenA.balanceOf(BURN), 0);
    }

    function test_queuedWithdrawalIsSlashableInsideTheWindow() public {
        _registerOperator(operator);
        _deposit(operator, strategyLow, 100e18);
        _deposit(staker, strategyLow, 50e18);
        vm.prank(staker);
        delegation.delegateTo(operator, IDelegationManagerTypes.SignatureWithExpiry("", 0), 0);
        _register(operator, SET_ID);
        _allocate(operator, _set(), strategyLow, 5e17);
        vm.roll(block.number + ALLOCATION_DELAY);

        IDelegationManagerTypes.QueuedWithdrawalParams[] memory q =
            new IDelegationManagerTypes.QueuedWithdrawalParams[](1);
        uint256[] memory amount = new uint256[](1);
        amount[0] = 50e18;
        q[0] = IDelegationManagerTypes.QueuedWithdrawalParams(_one(strategyLow), amount, staker);
        vm.prank(staker);
        bytes32 root = delegation.queueWithdrawals(q)[0];
        assertEq(delegation.operatorShares(operator, sLow), 100e18);
        assertEq(delegation.getSlashableSharesInQueue(operator, sLow), 50e18);

        vm.roll(block.number + 10);
        (, uint256[] memory shares) = _slash(operator, strategyLow, 1e17);
        assertEq(shares[0], 5e18 + 25e17, "operator part + queued part");
        (IDelegationManagerTypes.Withdrawal memory w, uint256[] memory payout) =
            delegation.getQueuedWithdrawal(root);
        assertEq(payout[0], 475e17);

        IERC20[] memory tokens = new IERC20[](1);
        tokens[0] = IERC20(address(tokenA));
        vm.prank(staker);
        vm.expectRevert(IDelegationManagerErrors.WithdrawalDelayNotElapsed.selector);
        delegation.completeQueuedWithdrawal(w, tokens, true);
        vm.roll(w.startBlock + MIN_WITHDRAWAL_DELAY + 1);
        vm.prank(stranger);
        vm.expectRevert(IDelegationManagerErrors.WithdrawerNotCaller.selector);
        delegation.completeQueuedWithdrawal(w, tokens, true);
        vm.prank(staker);
        delegation.completeQueuedWithdrawal(w, tokens, true);
        assertEq(tokenA.balanceOf(staker), 475e17, "staker receives 95% in tokens");
        vm.prank(staker);
        vm.expectRevert(IDelegationManagerErrors.WithdrawalNotQueued.selector);
        delegation.completeQueuedWithdrawal(w, tokens, true);

        strategyManager.clearBurnOrRedistributableShares(_set(), 1);
        assertEq(tokenA.balanceOf(BURN), 75e17);
        // What is left backs exactly the operator's own withdrawable shares.
        assertEq(strategyLow.totalShares(), 95e18);
        assertEq(delegation.operatorShares(operator, sLow), 95e18);
    }

    function test_withdrawalOutsideTheWindowIsNotSlashed() public {
        _registerOperator(operator);
        _deposit(operator, strategyLow, 100e18);
        _register(operator, SET_ID);
        _allocate(operator, _set(), strategyLow, WAD);
        vm.roll(block.number + ALLOCATION_DELAY);
        IDelegationManagerTypes.QueuedWithdrawalParams[] memory q =
            new IDelegationManagerTypes.QueuedWithdrawalParams[](1);
        uint256[] memory amount = new uint256[](1);
        amount[0] = 40e18;
        q[0] = IDelegationManagerTypes.QueuedWithdrawalParams(_one(strategyLow), amount, operator);
        vm.prank(operator);
        delegation.queueWithdrawals(q);
        vm.roll(block.number + MIN_WITHDRAWAL_DELAY + 1);
        assertEq(delegation.getSlashableSharesInQueue(operator, sLow), 0);
        (, uint256[] memory shares) = _slash(operator, strategyLow, 1e17);
        assertEq(shares[0], 6e18, "only the 60e18 still delegated");
    }

    function test_slashErrors() public {
        _slashableOperator(operator, 100e18, 5e17);
        vm.prank(stranger);
        vm.expectRevert(IAllocationManagerErrors.InvalidCaller.selector);
        allocationManager.slashOperator(avs, _slashParams(operator, strategyLow, 1e17));

        IAllocationManagerTypes.SlashingParams memory p = _slashParams(operator, strategyLow, 0);
        vm.prank(slasher);
        vm.expectRevert(IAllocationManagerErrors.InvalidWadToSlash.selector);
        allocationManager.slashOperator(avs, p);
        p.wadsToSlash[0] = WAD + 1;
        vm.prank(slasher);
        vm.expectRevert(IAllocationManagerErrors.InvalidWadToSlash.selector);
        allocationManager.slashOperator(avs, p);

        p.wadsToSlash = new uint256[](2);
        vm.prank(slasher);
        vm.expectRevert(IAllocationManagerErrors.InputArrayLengthMismatch.selector);
        allocationManager.slashOperator(avs, p);

        IStrategy[] memory descending = new IStrategy[](2);
        descending[0] = sHigh;
        descending[1] = sLow;
        p.strategies = descending;
        p.wadsToSlash[0] = 1e17;
        p.wadsToSlash[1] = 1e17;
        vm.prank(slasher);
        vm.expectRevert(IAllocationManagerErrors.StrategiesMustBeInAscendingOrder.selector);
        allocationManager.slashOperator(avs, p);

        p.strategies = _one(strategyHigh);
        p.wadsToSlash = new uint256[](1);
        p.wadsToSlash[0] = 1e17;
        p.operatorSetId = 2;
        _createSet(2, _one(strategyLow));
        _register(operator, 2);
        vm.prank(slasher);
        vm.expectRevert(IAllocationManagerErrors.StrategyNotInOperatorSet.selector);
        allocationManager.slashOperator(avs, p);

        vm.prank(slasher);
        vm.expectRevert(IAllocationManagerErrors.OperatorNotSlashable.selector);
        allocationManager.slashOperator(avs, _slashParams(operator2, strategyLow, 1e17));

        allocationManager.pause(1 << 1);
        vm.prank(slasher);
        vm.expectRevert(IPausable.CurrentlyPaused.selector);
        allocationManager.slashOperator(avs, _slashParams(operator, strategyLow, 1e17));
    }

    function test_callbacksAreGuarded() public {
        vm.expectRevert(IDelegationManagerErrors.OnlyAllocationManager.selector);
        delegation.slashOperatorShares(operator, _set(), 1, sLow, WAD, 1);
        vm.expectRevert(IStrategyManagerErrors.OnlyDelegationManager.selector);
        strategyManager.increaseBurnOrRedistributableShares(_set(), 1, sLow, 1);
        vm.startPrank(address(delegation));
        strategyManager.increaseBurnOrRedistributableShares(_set(), 1, sLow, 1);
        vm.expectRevert(IStrategyManagerErrors.StrategyAlreadyInSlash.selector);
        strategyManager.increaseBurnOrRedistributableShares(_set(), 1, sLow, 1);
        vm.stopPrank();
    }

    function test_maxMagnitudeHistoryAcrossBlocks() public {
        _slashableOperator(operator, 100e18, WAD);
        uint32[3] memory at;
        uint64[3] memory mags;
        for (uint256 i = 0; i < 3; i++) {
            vm.roll(block.number + 7);
            _slash(operator, strategyLow, 1e17);
            at[i] = uint32(block.number);
            mags[i] = allocationManager.getMaxMagnitude(operator, sLow);
        }
        assertEq(mags[0], 9e17);
        assertEq(mags[1], 81e16);
        assertEq(mags[2], 729e15);
        IStrategy[] memory list = _one(strategyLow);
        assertEq(allocationManager.getMaxMagnitudesAtBlock(operator, list, at[0] - 1)[0], WAD);
        assertEq(allocationManager.getMaxMagnitudesAtBlock(operator, list, at[0])[0], mags[0]);
        assertEq(allocationManager.getMaxMagnitudesAtBlock(operator, list, at[1] - 1)[0], mags[0]);
        assertEq(allocationManager.getMaxMagnitudesAtBlock(operator, list, at[1])[0], mags[1]);
        assertEq(allocationManager.getMaxMagnitudesAtBlock(operator, list, at[2] + 5)[0], mags[2]);
        // Two slashes in one block keep one history entry with the latest value.
        _slash(operator, strategyLow, 1e17);
        assertEq(
            allocationManager.getMaxMagnitudesAtBlock(operator, list, at[2])[0],
            allocationManager.getMaxMagnitude(operator, sLow)
        );
    }

    function test_gas_slashOperator() public {
        _slashableOperator(operator, 100e18, 5e17);
        IAllocationManagerTypes.SlashingParams memory p = _slashParams(operator, strategyLow, 1e17);
        vm.prank(slasher);
        uint256 g = gasleft();
        allocationManager.slashOperator(avs, p);
        emit log_named_uint("gas AllocationManager.slashOperator (1 strategy)", g - gasleft());
        g = gasleft();
        strategyManager.clearBurnOrRedistributableShares(_set(), 1);
        emit log_named_uint(
            "gas StrategyManager.clearBurnOrRedistributableShares (1)", g - gasleft()
        );
    }
}
