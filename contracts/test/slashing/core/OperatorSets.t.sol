// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {CoreTestBase} from "./CoreTestBase.sol";
import {TestAVSRegistrar} from "./TestAVSRegistrar.sol";
import {IStrategy} from "../../../src/eigenlayer/interfaces/IStrategy.sol";
import {
    IAllocationManagerErrors,
    IAllocationManagerEvents,
    IAllocationManagerTypes
} from "../../../src/eigenlayer/slashing/interfaces/IAllocationManager.sol";
import {IAVSRegistrar} from "../../../src/eigenlayer/slashing/interfaces/IAVSRegistrar.sol";
import {IPausable} from "../../../src/eigenlayer/slashing/interfaces/IPauserRegistry.sol";
import {
    IPermissionControllerMixin
} from "../../../src/eigenlayer/slashing/interfaces/IPermissionController.sol";
import {OperatorSet} from "../../../src/eigenlayer/slashing/interfaces/OperatorSet.sol";

/// @notice Operator-set creation and configuration, registration through the AVS registrar,
/// deregistration and the slashable window after it.
contract OperatorSetsTest is CoreTestBase, IAllocationManagerEvents {
    function test_setCreatedWithSlasherAndStrategies() public view {
        assertTrue(allocationManager.isOperatorSet(_set()));
        assertEq(allocationManager.getOperatorSetCount(avs), 1);
        assertEq(allocationManager.getSlasher(_set()), slasher);
        IStrategy[] memory strategies = allocationManager.getStrategiesInOperatorSet(_set());
        assertEq(strategies.length, 2);
        assertEq(address(strategies[0]), address(strategyLow));
        assertEq(allocationManager.getRedistributionRecipient(_set()), BURN);
        assertFalse(allocationManager.isRedistributingOperatorSet(_set()));
        assertEq(address(allocationManager.getAVSRegistrar(avs)), address(registrar));
        // Without a registrar the AVS itself is called back.
        assertEq(address(allocationManager.getAVSRegistrar(stranger)), stranger);
    }

    function test_createEmitsInOrder() public {
        OperatorSet memory set = OperatorSet(avs, 7);
        vm.expectEmit(address(allocationManager));
        emit OperatorSetCreated(set);
        vm.expectEmit(address(allocationManager));
        emit StrategyAddedToOperatorSet(set, IStrategy(address(strategyHigh)));
        vm.expectEmit(address(allocationManager));
        emit SlasherUpdated(set, slasher, uint32(block.number));
        _createSet(7, _one(strategyHigh));
    }

    function test_v1CreateMakesTheAvsTheSlasher() public {
        IAllocationManagerTypes.CreateSetParams[] memory p =
            new IAllocationManagerTypes.CreateSetParams[](1);
        p[0] = IAllocationManagerTypes.CreateSetParams(3, _one(strategyLow));
        vm.prank(avs);
        allocationManager.createOperatorSets(avs, p);
        assertEq(allocationManager.getSlasher(OperatorSet(avs, 3)), avs);
    }

    function test_createErrors() public {
        IAllocationManagerTypes.CreateSetParamsV2[] memory p =
            new IAllocationManagerTypes.CreateSetParamsV2[](1);
        p[0] = IAllocationManagerTypes.CreateSetParamsV2(SET_ID, _one(strategyLow), slasher);
        vm.prank(avs);
        vm.expectRevert(IAllocationManagerErrors.InvalidOperatorSet.selector);
        allocationManager.createOperatorSets(avs, p);

        p[0].operatorSetId = 9;
        p[0].slasher = address(0);
        vm.prank(avs);
        vm.expectRevert(IPausable.InputAddressZero.selector);
        allocationManager.createOperatorSets(avs, p);

        p[0].slasher = slasher;
        p[0].strategies = new IStrategy[](2);
        p[0].strategies[0] = IStrategy(address(strategyLow));
        p[0].strategies[1] = IStrategy(address(strategyLow));
        vm.prank(avs);
        vm.expectRevert(IAllocationManagerErrors.StrategyAlreadyInOperatorSet.selector);
        allocationManager.createOperatorSets(avs, p);

        vm.prank(stranger);
        vm.expectRevert(IPermissionControllerMixin.InvalidPermissions.selector);
        allocationManager.createOperatorSets(avs, p);

        // An AVS must publish metadata before creating sets.
        vm.prank(stranger);
        vm.expectRevert(IAllocationManagerErrors.NonexistentAVSMetadata.selector);
        allocationManager.createOperatorSets(stranger, p);
    }

    function test_redistributingSets() public {
        address recipient = address(0xFEED);
        IAllocationManagerTypes.CreateSetParamsV2[] memory p =
            new IAllocationManagerTypes.CreateSetParamsV2[](1);
        p[0] = IAllocationManagerTypes.CreateSetParamsV2(4, _one(strategyLow), slasher);
        address[] memory recipients = new address[](1);

        recipients[0] = BURN;
        vm.prank(avs);
        vm.expectRevert(IAllocationManagerErrors.InvalidRedistributionRecipient.selector);
        allocationManager.createRedistributingOperatorSets(avs, p, recipients);

        recipients[0] = recipient;
        p[0].strategies[0] = IStrategy(address(0xE16E)); // the EIGEN strategy
        vm.prank(avs);
        vm.expectRevert(IAllocationManagerErrors.InvalidStrategy.selector);
        allocationManager.createRedistributingOperatorSets(avs, p, recipients);

        vm.prank(avs);
        vm.expectRevert(IAllocationManagerErrors.InputArrayLengthMismatch.selector);
        allocationManager.createRedistributingOperatorSets(avs, p, new address[](0));

        p[0].strategies[0] = IStrategy(address(strategyLow));
        vm.expectEmit(address(allocationManager));
        emit RedistributionAddressSet(OperatorSet(avs, 4), recipient);
        vm.prank(avs);
        allocationManager.createRedistributingOperatorSets(avs, p, recipients);
        assertTrue(allocationManager.isRedistributingOperatorSet(OperatorSet(avs, 4)));
        assertEq(allocationManager.getRedistributionRecipient(OperatorSet(avs, 4)), recipient);

        // V1 form: the AVS is the slasher.
        IAllocationManagerTypes.CreateSetParams[] memory p1 =
            new IAllocationManagerTypes.CreateSetParams[](1);
        p1[0] = IAllocationManagerTypes.CreateSetParams(5, _one(strategyHigh));
        vm.prank(avs);
        allocationManager.createRedistributingOperatorSets(avs, p1, recipients);
        assertEq(allocationManager.getSlasher(OperatorSet(avs, 5)), avs);

        // Membership makes the operator redistributable.
        _registerOperator(operator);
        assertFalse(allocationManager.isOperatorRedistributable(operator));
        _register(operator, 4);
        assertTrue(allocationManager.isOperatorRedistributable(operator));
    }

    function test_addAndRemoveStrategies() public {
        _createSet(2, _one(strategyLow));
        OperatorSet memory set = OperatorSet(avs, 2);
        vm.expectEmit(address(allocationManager));
        emit StrategyAddedToOperatorSet(set, IStrategy(address(strategyHigh)));
        vm.prank(avs);
        allocationManager.addStrategiesToOperatorSet(avs, 2, _one(strategyHigh));
        assertEq(allocationManager.getStrategiesInOperatorSet(set).length, 2);

        vm.expectEmit(address(allocationManager));
        emit StrategyRemovedFromOperatorSet(set, IStrategy(address(strategyLow)));
        vm.prank(avs);
        allocationManager.removeStrategiesFromOperatorSet(avs, 2, _one(strategyLow));
        assertEq(allocationManager.getStrategiesInOperatorSet(set).length, 1);

        vm.prank(avs);
        vm.expectRevert(IAllocationManagerErrors.StrategyNotInOperatorSet.selector);
        allocationManager.removeStrategiesFromOperatorSet(avs, 2, _one(strategyLow));
        vm.prank(avs);
        vm.expectRevert(IAllocationManagerErrors.InvalidOperatorSet.selector);
        allocationManager.addStrategiesToOperatorSet(avs, 99, _one(strategyLow));
    }

    function test_setAVSRegistrarNeedsSupport() public {
        TestAVSRegistrar other = new TestAVSRegistrar(stranger);
        vm.prank(avs);
        vm.expectRevert(IAllocationManagerErrors.InvalidAVSRegistrar.selector);
        allocationManager.setAVSRegistrar(avs, other);
        vm.expectEmit(address(allocationManager));
        emit AVSRegistrarSet(stranger, IAVSRegistrar(address(other)));
        vm.prank(stranger);
        allocationManager.setAVSRegistrar(stranger, other);
    }

    function test_updateSlasherIsDelayed() public {
        address next = address(0x5A5B);
        uint32 effect = uint32(block.number) + ALLOCATION_CONFIGURATION_DELAY + 1;
        vm.expectEmit(address(allocationManager));
        emit SlasherUpdated(_set(), next, effect);
        vm.prank(avs);
        allocationManager.updateSlasher(_set(), next);
        (address pending, uint32 pendingAt) = allocationManager.getPendingSlasher(_set());
        assertEq(pending, next);
        assertEq(pendingAt, effect);
        vm.roll(effect - 1);
        assertEq(allocationManager.getSlasher(_set()), slasher);
        vm.roll(effect);
        assertEq(allocationManager.getSlasher(_set()), next);
        (pending,) = allocationManager.getPendingSlasher(_set());
        assertEq(pending, address(0));

        vm.prank(avs);
        vm.expectRevert(IPausable.InputAddressZero.selector);
        allocationManager.updateSlasher(_set(), address(0));
        vm.prank(avs);
        vm.expectRevert(IAllocationManagerErrors.InvalidOperatorSet.selector);
        allocationManager.updateSlasher(OperatorSet(avs, 99), next);
        // Every set here has a slasher from creation: migration changes nothing.
        OperatorSet[] memory sets = new OperatorSet[](1);
        sets[0] = _set();
        allocationManager.migrateSlashers(sets);
        assertEq(allocationManager.getSlasher(_set()), next);
    }

    function test_registerCallsRegistrar() public {
        _registerOperator(operator);
        vm.expectEmit(address(allocationManager));
        emit OperatorAddedToOperatorSet(operator, _set());
        _register(operator, SET_ID);
        assertEq(registrar.registerCalls(), 1);
        assertEq(registrar.lastOperator(), operator);
        assertEq(registrar.lastData(), hex"c0ffee");
        assertEq(registrar.lastIds().length, 1);
        assertTrue(allocationManager.isMemberOfOperatorSet(operator, _set()));
        assertTrue(allocationManager.isOperatorSlashable(operator, _set()));
        assertEq(allocationManager.getMemberCount(_set()), 1);
        assertEq(allocationManager.getMembers(_set())[0], operator);
        assertEq(allocationManager.getRegisteredSets(operator)[0].id, SET_ID);
    }

    function test_registrarRefusalUndoesRegistration() public {
        _registerOperator(operator);
        registrar.setRefuse(true);
        vm.prank(operator);
        vm.expectRevert(bytes("TestAVSRegistrar: refused"));
        allocationManager.registerForOperatorSets(
            operator, IAllocationManagerTypes.RegisterParams(avs, _ids(SET_ID), "")
        );
        assertFalse(allocationManager.isMemberOfOperatorSet(operator, _set()));
        assertEq(allocationManager.getMemberCount(_set()), 0);
    }

    function test_registerErrors() public {
        vm.prank(stranger);
        vm.expectRevert(IAllocationManagerErrors.InvalidOperator.selector);
        allocationManager.registerForOperatorSets(
            stranger, IAllocationManagerTypes.RegisterParams(avs, _ids(SET_ID), "")
        );
        _registerOperator(operator);
        vm.prank(operator);
        vm.expectRevert(IAllocationManagerErrors.InvalidOperatorSet.selector);
        allocationManager.registerForOperatorSets(
            operator, IAllocationManagerTypes.RegisterParams(avs, _ids(42), "")
        );
        vm.prank(stranger);
        vm.expectRevert(IPermissionControllerMixin.InvalidPermissions.selector);
        allocationManager.registerForOperatorSets(
            operator, IAllocationManagerTypes.RegisterParams(avs, _ids(SET_ID), "")
        );
        _register(operator, SET_ID);
        vm.prank(operator);
        vm.expectRevert(IAllocationManagerErrors.AlreadyMemberOfSet.selector);
        allocationManager.registerForOperatorSets(
            operator, IAllocationManagerTypes.RegisterParams(avs, _ids(SET_ID), "")
        );
    }

    function test_deregisterByOperatorOrAvs() public {
        _registerOperator(operator);
        _registerOperator(operator2);
        _register(operator, SET_ID);
        _register(operator2, SET_ID);
        vm.expectEmit(address(allocationManager));
        emit OperatorRemovedFromOperatorSet(operator, _set());
        _deregister(operator, SET_ID);
        assertEq(registrar.deregisterCalls(), 1);
        // The AVS may eject.
        vm.prank(avs);
        allocationManager.deregisterFromOperatorSets(
            IAllocationManagerTypes.DeregisterParams(operator2, avs, _ids(SET_ID))
        );
        assertEq(allocationManager.getMemberCount(_set()), 0);
        assertEq(registrar.lastOperator(), operator2);

        vm.prank(operator);
        vm.expectRevert(IAllocationManagerErrors.NotMemberOfSet.selector);
        allocationManager.deregisterFromOperatorSets(
            IAllocationManagerTypes.DeregisterParams(operator, avs, _ids(SET_ID))
        );
        vm.prank(operator);
        vm.expectRevert(IAllocationManagerErrors.InvalidOperatorSet.selector);
        allocationManager.deregisterFromOperatorSets(
            IAllocationManagerTypes.DeregisterParams(operator, avs, _ids(42))
        );
        vm.prank(stranger);
        vm.expectRevert(IAllocationManagerErrors.InvalidCaller.selector);
        allocationManager.deregisterFromOperatorSets(
            IAllocationManagerTypes.DeregisterParams(operator, avs, _ids(SET_ID))
        );
    }

    function test_slashableUntilEdges() public {
        _slashableOperator(operator, 100e18, 5e17);
        uint256 deregisteredAt = block.number;
        _deregister(operator, SET_ID);
        assertFalse(allocationManager.isMemberOfOperatorSet(operator, _set()));
        vm.roll(deregisteredAt + DEALLOCATION_DELAY);
        assertTrue(allocationManager.isOperatorSlashable(operator, _set()), "last slashable block");
        // Re-registering is refused while still slashable.
        vm.prank(operator);
        vm.expectRevert(IAllocationManagerErrors.AlreadyMemberOfSet.selector);
        allocationManager.registerForOperatorSets(
            operator, IAllocationManagerTypes.RegisterParams(avs, _ids(SET_ID), "")
        );
        // ... and the slasher can still slash at that block.
        _slash(operator, strategyLow, 1e17);
        vm.roll(deregisteredAt + DEALLOCATION_DELAY + 1);
        assertFalse(allocationManager.isOperatorSlashable(operator, _set()), "one block later");
        vm.prank(slasher);
        vm.expectRevert(IAllocationManagerErrors.OperatorNotSlashable.selector);
        allocationManager.slashOperator(avs, _slashParams(operator, strategyLow, 1e17));
        _register(operator, SET_ID);
        assertTrue(allocationManager.isOperatorSlashable(operator, _set()));
    }

    function test_pausedRegistration() public {
        _registerOperator(operator);
        allocationManager.pause(1 << 2);
        vm.prank(operator);
        vm.expectRevert(IPausable.CurrentlyPaused.selector);
        allocationManager.registerForOperatorSets(
            operator, IAllocationManagerTypes.RegisterParams(avs, _ids(SET_ID), "")
        );
        allocationManager.unpause(0);
        _register(operator, SET_ID);
        allocationManager.pause(1 << 2);
        vm.prank(operator);
        vm.expectRevert(IPausable.CurrentlyPaused.selector);
        allocationManager.deregisterFromOperatorSets(
            IAllocationManagerTypes.DeregisterParams(operator, avs, _ids(SET_ID))
        );
    }

    function test_gas_registerForOperatorSets() public {
        _registerOperator(operator);
        IAllocationManagerTypes.RegisterParams memory p =
            IAllocationManagerTypes.RegisterParams(avs, _ids(SET_ID), hex"c0ffee");
        vm.prank(operator);
        uint256 g = gasleft();
        allocationManager.registerForOperatorSets(operator, p);
        emit log_named_uint(
            "gas AllocationManager.registerForOperatorSets (1 set, recording registrar)",
            g - gasleft()
        );
    }
}
