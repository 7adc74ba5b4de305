// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {CoreTestBase} from "./CoreTestBase.sol";
import {IStrategy} from "../../../src/eigenlayer/interfaces/IStrategy.sol";
import {
    IAllocationManagerErrors,
    IAllocationManagerEvents,
    IAllocationManagerTypes
} from "../../../src/eigenlayer/slashing/interfaces/IAllocationManager.sol";
import {
    IPermissionControllerMixin
} from "../../../src/eigenlayer/slashing/interfaces/IPermissionController.sol";
import {OperatorSet} from "../../../src/eigenlayer/slashing/interfaces/OperatorSet.sol";

/// @notice Allocation delays, modifyAllocations (increase, decrease, pending, instant), the
/// deallocation queue, and the stake views.
contract AllocationsTest is CoreTestBase, IAllocationManagerEvents {
    function test_registrationDelayIsImmediate() public {
        vm.expectEmit(address(allocationManager));
        emit AllocationDelaySet(operator, ALLOCATION_DELAY, uint32(block.number));
        _registerOperator(operator);
        (bool isSet, uint32 delay) = allocationManager.getAllocationDelay(operator);
        assertTrue(isSet, "delay set at registration");
        assertEq(delay, ALLOCATION_DELAY);
    }

    function test_laterDelayChangeWaitsConfigurationDelay() public {
        _registerOperator(operator);
        uint32 effect = uint32(block.number) + ALLOCATION_CONFIGURATION_DELAY + 1;
        vm.expectEmit(address(allocationManager));
        emit AllocationDelaySet(operator, 9, effect);
        vm.prank(operator);
        allocationManager.setAllocationDelay(operator, 9);
        vm.roll(effect - 1);
        (, uint32 delay) = allocationManager.getAllocationDelay(operator);
        assertEq(delay, ALLOCATION_DELAY, "old delay one block before");
        vm.roll(effect);
        (, delay) = allocationManager.getAllocationDelay(operator);
        assertEq(delay, 9, "new delay at the effect block");
        // A later change keeps the matured one while waiting.
        vm.prank(operator);
        allocationManager.setAllocationDelay(operator, 2);
        (, delay) = allocationManager.getAllocationDelay(operator);
        assertEq(delay, 9);
    }

    function test_setAllocationDelay_errors() public {
        vm.prank(stranger);
        vm.expectRevert(IAllocationManagerErrors.InvalidOperator.selector);
        allocationManager.setAllocationDelay(stranger, 1);
        _registerOperator(operator);
        vm.prank(stranger);
        vm.expectRevert(IPermissionControllerMixin.InvalidPermissions.selector);
        allocationManager.setAllocationDelay(operator, 1);
    }

    function test_modifyAllocations_uninitializedDelay() public {
        vm.prank(stranger);
        vm.expectRevert(IAllocationManagerErrors.UninitializedAllocationDelay.selector);
        allocationManager.modifyAllocations(stranger, _allocateParams(_set(), strategyLow, 1));
    }

    function test_increaseIsPendingUntilEffectBlock() public {
        _registerOperator(operator);
        uint32 effect = uint32(block.number) + ALLOCATION_DELAY;
        vm.expectEmit(address(allocationManager));
        emit AllocationUpdated(operator, _set(), IStrategy(address(strategyLow)), 4e17, effect);
        vm.expectEmit(address(allocationManager));
        emit EncumberedMagnitudeUpdated(operator, IStrategy(address(strategyLow)), 4e17);
        _allocate(operator, _set(), strategyLow, 4e17);

        Allocation memory a =
            allocationManager.getAllocation(operator, _set(), IStrategy(address(strategyLow)));
        assertEq(a.currentMagnitude, 0);
        assertTrue(a.pendingDiff == 4e17, "pending increase");
        assertEq(a.effectBlock, effect);
        assertEq(
            allocationManager.getAllocatableMagnitude(operator, IStrategy(address(strategyLow))),
            6e17
        );
        assertEq(allocationManager.getAllocatedSets(operator).length, 1);
        assertEq(allocationManager.getAllocatedStrategies(operator, _set()).length, 1);

        vm.roll(effect);
        a = allocationManager.getAllocation(operator, _set(), IStrategy(address(strategyLow)));
        assertEq(a.currentMagnitude, 4e17, "effective at the effect block");
        assertTrue(a.pendingDiff == 0, "no pending");

        // Another change while pending is refused; after maturity it is allowed.
        _allocate(operator, _set(), strategyLow, 5e17);
        vm.prank(operator);
        vm.expectRevert(IAllocationManagerErrors.ModificationAlreadyPending.selector);
        allocationManager.modifyAllocations(operator, _allocateParams(_set(), strategyLow, 6e17));
    }

    function test_modifyAllocations_errors() public {
        _registerOperator(operator);
        vm.prank(operator);
        vm.expectRevert(IAllocationManagerErrors.InsufficientMagnitude.selector);
        allocationManager.modifyAllocations(operator, _allocateParams(_set(), strategyLow, WAD + 1));
        vm.prank(operator);
        vm.expectRevert(IAllocationManagerErrors.SameMagnitude.selector);
        allocationManager.modifyAllocations(operator, _allocateParams(_set(), strategyLow, 0));
        vm.prank(operator);
        vm.expectRevert(IAllocationManagerErrors.InvalidOperatorSet.selector);
        allocationManager.modifyAllocations(
            operator, _allocateParams(OperatorSet(avs, 77), strategyLow, 1)
        );
        IAllocationManagerTypes.AllocateParams[] memory p = _allocateParams(_set(), strategyLow, 1);
        p[0].newMagnitudes = new uint64[](2);
        vm.prank(operator);
        vm.expectRevert(IAllocationManagerErrors.InputArrayLengthMismatch.selector);
        allocationManager.modifyAllocations(operator, p);
        vm.prank(stranger);
        vm.expectRevert(IPermissionControllerMixin.InvalidPermissions.selector);
        allocationManager.modifyAllocations(operator, _allocateParams(_set(), strategyLow, 1));
        // The sum over sets is bounded by the max magnitude too.
        _createSet(2, _both());
        _allocate(operator, _set(), strategyLow, 7e17);
        vm.prank(operator);
        vm.expectRevert(IAllocationManagerErrors.InsufficientMagnitude.selector);
        allocationManager.modifyAllocations(
            operator, _allocateParams(OperatorSet(avs, 2), strategyLow, 3e17 + 1)
        );
    }

    function test_decreaseIsInstantWhenNotSlashable() public {
        _registerOperator(operator);
        _allocate(operator, _set(), strategyLow, 5e17);
        vm.roll(block.number + ALLOCATION_DELAY);
        // Not registered for the set: not slashable, the decrease applies at once.
        vm.expectEmit(address(allocationManager));
        emit AllocationUpdated(
            operator, _set(), IStrategy(address(strategyLow)), 2e17, uint32(block.number)
        );
        _allocate(operator, _set(), strategyLow, 2e17);
        Allocation memory a =
            allocationManager.getAllocation(operator, _set(), IStrategy(address(strategyLow)));
        assertEq(a.currentMagnitude, 2e17);
        assertEq(
            allocationManager.getEncumberedMagnitude(operator, IStrategy(address(strategyLow))),
            2e17
        );
        // To zero: the set drops out of the allocated sets.
        _allocate(operator, _set(), strategyLow, 0);
        assertEq(allocationManager.getAllocatedSets(operator).length, 0);
    }

    function test_decreaseIsInstantForStrategyOutsideTheSet() public {
        _createSet(2, _one(strategyHigh));
        _registerOperator(operator);
        _register(operator, 2);
        _allocate(operator, OperatorSet(avs, 2), strategyLow, 5e17);
        vm.roll(block.number + ALLOCATION_DELAY);
        _allocate(operator, OperatorSet(avs, 2), strategyLow, 1e17);
        Allocation memory a = allocationManager.getAllocation(
            operator, OperatorSet(avs, 2), IStrategy(address(strategyLow))
        );
        assertEq(a.currentMagnitude, 1e17, "strategy not in the set: not slashable there");
    }

    function test_slashableDecreaseIsQueuedThenCleared() public {
        _slashableOperator(operator, 100e18, 6e17);
        IStrategy s = IStrategy(address(strategyLow));
        uint32 effect = uint32(block.number) + DEALLOCATION_DELAY + 1;
        vm.expectEmit(address(allocationManager));
        emit AllocationUpdated(operator, _set(), s, 1e17, effect);
        _allocate(operator, _set(), strategyLow, 1e17);

        Allocation memory a = allocationManager.getAllocation(operator, _set(), s);
        assertEq(a.currentMagnitude, 6e17, "still slashable while queued");
        assertTrue(a.pendingDiff == -5e17, "pending decrease");
        assertEq(allocationManager.getEncumberedMagnitude(operator, s), 6e17);

        IStrategy[] memory list = _one(strategyLow);
        uint16[] memory n = new uint16[](1);
        n[0] = 10;
        vm.roll(effect - 1);
        allocationManager.clearDeallocationQueue(operator, list, n);
        assertEq(allocationManager.getEncumberedMagnitude(operator, s), 6e17, "not matured");

        vm.roll(effect);
        // The view already releases the matured decrease; clearing writes it.
        assertEq(allocationManager.getEncumberedMagnitude(operator, s), 1e17);
        assertEq(allocationManager.getAllocation(operator, _set(), s).currentMagnitude, 1e17);
        vm.expectEmit(address(allocationManager));
        emit EncumberedMagnitudeUpdated(operator, s, 1e17);
        allocationManager.clearDeallocationQueue(operator, list, n);
        assertEq(allocationManager.getAllocatableMagnitude(operator, s), 9e17);

        uint16[] memory bad = new uint16[](2);
        vm.expectRevert(IAllocationManagerErrors.InputArrayLengthMismatch.selector);
        allocationManager.clearDeallocationQueue(operator, list, bad);
    }

    function test_queueClearsInOrderAcrossSets() public {
        _createSet(2, _both());
        _registerOperator(operator);
        _register(operator, SET_ID);
        _register(operator, 2);
        _allocate(operator, _set(), strategyLow, 3e17);
        _allocate(operator, OperatorSet(avs, 2), strategyLow, 3e17);
        vm.roll(block.number + ALLOCATION_DELAY);
        _allocate(operator, _set(), strategyLow, 0);
        vm.roll(block.number + 3);
        _allocate(operator, OperatorSet(avs, 2), strategyLow, 0);
        IStrategy s = IStrategy(address(strategyLow));
        IStrategy[] memory list = _one(strategyLow);
        uint16[] memory one = new uint16[](1);
        one[0] = 1;
        vm.roll(block.number + DEALLOCATION_DELAY + 1);
        // Both matured; clear only the first.
        allocationManager.clearDeallocationQueue(operator, list, one);
        (OperatorSet[] memory sets,) = allocationManager.getStrategyAllocations(operator, s);
        assertEq(sets.length, 1, "first set released");
        assertEq(sets[0].id, 2);
        // A modification clears the rest of the queue first.
        _allocate(operator, _set(), strategyLow, 1e18);
        assertEq(allocationManager.getEncumberedMagnitude(operator, s), 1e18);
    }

    function test_allocatedAndSlashableStakeViews() public {
        _registerOperator(operator);
        _deposit(operator, strategyLow, 100e18);
        _register(operator, SET_ID);
        _allocate(operator, _set(), strategyLow, 5e17);
        address[] memory ops = new address[](1);
        ops[0] = operator;
        IStrategy[] memory list = _one(strategyLow);
        uint32 effect = uint32(block.number) + ALLOCATION_DELAY;
        // Pending increase: not counted yet, not even for a future block.
        assertEq(allocationManager.getAllocatedStake(_set(), ops, list)[0][0], 0);
        assertEq(allocationManager.getMinimumSlashableStake(_set(), ops, list, effect)[0][0], 0);
        vm.roll(effect);
        assertEq(allocationManager.getAllocatedStake(_set(), ops, list)[0][0], 50e18);
        assertEq(
            allocationManager.getMinimumSlashableStake(
                _set(), ops, list, uint32(block.number)
            )[0][0],
            50e18
        );
        // A queued decrease lowers the minimum from its effect block on.
        _allocate(operator, _set(), strategyLow, 2e17);
        uint32 decreaseAt = uint32(block.number) + DEALLOCATION_DELAY + 1;
        assertEq(
            allocationManager.getMinimumSlashableStake(_set(), ops, list, decreaseAt - 1)[0][0],
            50e18
        );
        assertEq(
            allocationManager.getMinimumSlashableStake(_set(), ops, list, decreaseAt)[0][0], 20e18
        );
        assertEq(allocationManager.getAllocatedStake(_set(), ops, list)[0][0], 50e18);
        // Not slashable (never registered): minimum slashable stake is 0.
        ops[0] = operator2;
        assertEq(allocationManager.getMinimumSlashableStake(_set(), ops, list, decreaseAt)[0][0], 0);
    }

    function test_maxMagnitudeViewsDefaultToWad() public view {
        IStrategy[] memory list = _both();
        uint64[] memory m = allocationManager.getMaxMagnitudes(operator, list);
        assertEq(m[0], WAD);
        assertEq(m[1], WAD);
        address[] memory ops = new address[](2);
        ops[0] = operator;
        ops[1] = operator2;
        assertEq(allocationManager.getMaxMagnitudes(ops, IStrategy(address(strategyLow)))[1], WAD);
        assertEq(allocationManager.getMaxMagnitudesAtBlock(operator, list, 1)[0], WAD);
        assertEq(allocationManager.DEALLOCATION_DELAY(), DEALLOCATION_DELAY);
        assertEq(allocationManager.ALLOCATION_CONFIGURATION_DELAY(), ALLOCATION_CONFIGURATION_DELAY);
        assertEq(allocationManager.SLASHER_CONFIGURATION_DELAY(), ALLOCATION_CONFIGURATION_DELAY);
        assertEq(address(allocationManager.delegation()), address(delegation));
        assertEq(address(allocationManager.eigenStrategy()), address(0xE16E));
        assertEq(allocationManager.version(), "v1.12.0");
    }

    function test_getAllocationsBatch() public {
        _registerOperator(operator);
        _registerOperator(operator2);
        _allocate(operator, _set(), strategyHigh, 1e17);
        _allocate(operator2, _set(), strategyHigh, 2e17);
        vm.roll(block.number + ALLOCATION_DELAY);
        address[] memory ops = new address[](2);
        ops[0] = operator;
        ops[1] = operator2;
        Allocation[] memory a =
            allocationManager.getAllocations(ops, _set(), IStrategy(address(strategyHigh)));
        assertEq(a[0].currentMagnitude, 1e17);
        assertEq(a[1].currentMagnitude, 2e17);
    }

    /// @dev Deployable on a chain with the standard EIP-170 limit (24 576 bytes).
    function test_runtimeCodeFitsEip170() public view {
        assertTrue(address(allocationManager).code.length <= 24_576, "AllocationManager size");
        assertTrue(address(delegation).code.length <= 24_576, "DelegationManager size");
        assertTrue(address(strategyManager).code.length <= 24_576, "StrategyManager size");
    }

    function test_gas_modifyAllocations() public {
        _registerOperator(operator);
        _register(operator, SET_ID);
        IAllocationManagerTypes.AllocateParams[] memory p =
            _allocateParams(_set(), strategyLow, 5e17);
        vm.prank(operator);
        uint256 g = gasleft();
        allocationManager.modifyAllocations(operator, p);
        emit log_named_uint(
            "gas AllocationManager.modifyAllocations (1 set, 1 strategy)", g - gasleft()
        );
    }
}
