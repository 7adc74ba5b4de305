// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {SlashingMiddlewareBase} from "./SlashingMiddlewareBase.sol";
import {IStrategy} from "../../../src/eigenlayer/interfaces/IStrategy.sol";
import {IStrategyManager} from "../../../src/eigenlayer/slashing/interfaces/IStrategyManager.sol";
import {
    IAllocationManager,
    IAllocationManagerTypes
} from "../../../src/eigenlayer/slashing/interfaces/IAllocationManager.sol";
import {
    ISlashingRegistryCoordinator,
    ISlashingRegistryCoordinatorTypes
} from "../../../src/eigenlayer/slashing/middleware/ISlashingRegistryCoordinator.sol";
import {
    IVetoableSlasher,
    ISlasherErrors
} from "../../../src/eigenlayer/slashing/middleware/ISlasher.sol";
import {InstantSlasher} from "../../../src/eigenlayer/slashing/middleware/InstantSlasher.sol";

/// @notice VetoableSlasher (roles, veto window edges, ids, events, fulfilment through
/// AllocationManager) and InstantSlasher. Operator 0: 100 ether, all of it allocated to
/// quorum 0 (slashable, slasher = the VetoableSlasher) and registered.
contract SlashersTest is SlashingMiddlewareBase {
    event SlashingRequested(
        uint256 indexed requestId,
        address indexed operator,
        uint32 operatorSetId,
        uint256[] wadsToSlash,
        string description
    );
    event SlashingRequestCancelled(uint256 indexed requestId);
    event OperatorSlashed(
        uint256 indexed slashingRequestId,
        address indexed operator,
        uint32 indexed operatorSetId,
        uint256[] wadsToSlash,
        string description
    );
    event log_named_uint(string key, uint256 val);

    function setUp() public override {
        super.setUp();
        _onboard(0, 100 ether, WAD, _ids(0));
        _onboard(1, 100 ether, WAD, _ids(0));
    }

    function _params(uint256 i, uint256 wad)
        internal
        view
        returns (IAllocationManagerTypes.SlashingParams memory p)
    {
        p.operator = operators[i];
        p.operatorSetId = 0;
        p.strategies = new IStrategy[](1);
        p.strategies[0] = IStrategy(address(strategy));
        p.wadsToSlash = new uint256[](1);
        p.wadsToSlash[0] = wad;
        p.description = "test";
    }

    function _queue(uint256 i, uint256 wad) internal returns (uint256 id) {
        IAllocationManagerTypes.SlashingParams memory p = _params(i, wad);
        vm.prank(slasherCaller);
        id = slasher.queueSlashingRequest(p);
    }

    // ---------------------------------------------------------------- queue

    function test_constructorWiring() public view {
        assertEq(slasher.slasher(), slasherCaller);
        assertEq(slasher.vetoCommittee(), vetoCommittee);
        assertEq(slasher.vetoWindowBlocks(), VETO_WINDOW);
        assertEq(address(slasher.allocationManager()), address(allocationManager));
        assertEq(address(slasher.strategyManager()), address(strategyManager));
        assertEq(address(slasher.slashingRegistryCoordinator()), address(coordinator));
    }

    function test_queue_onlySlasher_idsAndEvent() public {
        IAllocationManagerTypes.SlashingParams memory p = _params(0, 1e17);
        vm.prank(outsider);
        vm.expectRevert(ISlasherErrors.OnlySlasher.selector);
        slasher.queueSlashingRequest(p);

        vm.expectEmit(true, true, false, true, address(slasher));
        emit SlashingRequested(0, operators[0], 0, p.wadsToSlash, "test");
        assertEq(_queue(0, 1e17), 0);
        // A second request for the same set gets its own id (no overwrite).
        assertEq(_queue(1, 2e17), 1);
        assertEq(slasher.nextRequestId(), 2);
        IVetoableSlasher.VetoableSlashingRequest memory r0 = slasher.getSlashingRequest(0);
        IVetoableSlasher.VetoableSlashingRequest memory r1 = slasher.getSlashingRequest(1);
        assertEq(r0.params.operator, operators[0]);
        assertEq(r1.params.operator, operators[1]);
        assertEq(r1.params.wadsToSlash[0], 2e17);
        assertEq(r0.requestBlock, block.number);
        assertEq(uint8(r0.status), uint8(IVetoableSlasher.SlashingStatus.Requested));
        vm.expectRevert(IVetoableSlasher.SlashingRequestDoesNotExist.selector);
        slasher.getSlashingRequest(2);
    }

    // ---------------------------------------------------------------- veto window edges

    function test_cancel_atLastBlockOfWindow() public {
        uint256 id = _queue(0, 1e17);
        vm.roll(block.number + VETO_WINDOW - 1);
        vm.prank(outsider);
        vm.expectRevert(IVetoableSlasher.OnlyVetoCommittee.selector);
        slasher.cancelSlashingRequest(id);
        vm.expectEmit(true, false, false, false, address(slasher));
        emit SlashingRequestCancelled(id);
        vm.prank(vetoCommittee);
        slasher.cancelSlashingRequest(id);
        assertEq(
            uint8(slasher.getSlashingRequest(id).status),
            uint8(IVetoableSlasher.SlashingStatus.Cancelled)
        );
        vm.prank(vetoCommittee);
        vm.expectRevert(IVetoableSlasher.SlashingRequestNotRequested.selector);
        slasher.cancelSlashingRequest(id);
        vm.roll(block.number + 1);
        vm.prank(slasherCaller);
        vm.expectRevert(IVetoableSlasher.SlashingRequestIsCancelled.selector);
        slasher.fulfillSlashingRequest(id);
    }

    function test_cancel_oneBlockAfterWindowReverts() public {
        uint256 id = _queue(0, 1e17);
        vm.roll(block.number + VETO_WINDOW);
        vm.prank(vetoCommittee);
        vm.expectRevert(IVetoableSlasher.VetoPeriodPassed.selector);
        slasher.cancelSlashingRequest(id);
    }

    function test_cancel_unknownRequest() public {
        vm.prank(vetoCommittee);
        vm.expectRevert(IVetoableSlasher.SlashingRequestDoesNotExist.selector);
        slasher.cancelSlashingRequest(0);
    }

    function test_fulfil_oneBlockEarlyReverts_thenSlashesAtFirstAllowedBlock() public {
        uint256 id = _queue(0, 1e17);
        uint256 requested = block.number;
        vm.roll(requested + VETO_WINDOW - 1);
        vm.prank(slasherCaller);
        vm.expectRevert(IVetoableSlasher.VetoPeriodNotPassed.selector);
        slasher.fulfillSlashingRequest(id);

        vm.roll(requested + VETO_WINDOW);
        vm.prank(outsider);
        vm.expectRevert(ISlasherErrors.OnlySlasher.selector);
        slasher.fulfillSlashingRequest(id);

        uint256[] memory wads = new uint256[](1);
        wads[0] = 1e17;
        vm.expectEmit(true, true, true, true, address(slasher));
        emit OperatorSlashed(1, operators[0], 0, wads, "test");
        vm.prank(slasherCaller);
        uint256 g = gasleft();
        uint256 slashId = slasher.fulfillSlashingRequest(id);
        emit log_named_uint("gas VetoableSlasher.fulfillSlashingRequest", g - gasleft());
        assertEq(slashId, 1);
        assertEq(slasher.slashIdOfRequest(id), 1);
        assertEq(
            uint8(slasher.getSlashingRequest(id).status),
            uint8(IVetoableSlasher.SlashingStatus.Completed)
        );

        // 10 % of the magnitude and of the delegated shares are gone; the stake weight follows.
        assertEq(
            allocationManager.getMaxMagnitude(operators[0], IStrategy(address(strategy))),
            WAD - WAD / 10
        );
        assertEq(delegation.operatorShares(operators[0], IStrategy(address(strategy))), 90 ether);
        assertEq(stakeRegistry.getCurrentStake(_operatorId(0), 0), 90 ether);
        assertEq(stakeRegistry.getCurrentStake(_operatorId(1), 0), 100 ether);
        assertEq(stakeRegistry.getCurrentTotalStake(0), 190 ether);
        // Shares wait in StrategyManager until someone clears them.
        assertEq(
            strategyManager.getBurnOrRedistributableShares(
                _set(0), slashId, IStrategy(address(strategy))
            ),
            10 ether
        );

        vm.prank(slasherCaller);
        vm.expectRevert(IVetoableSlasher.SlashingRequestIsCancelled.selector);
        slasher.fulfillSlashingRequest(id);
    }

    function test_fulfilAndBurn_sendsTokensToTheBurnAddress() public {
        uint256 id = _queue(1, 5e17);
        vm.roll(block.number + VETO_WINDOW);
        address burn = strategyManager.DEFAULT_BURN_ADDRESS();
        vm.prank(slasherCaller);
        uint256 slashId = slasher.fulfillSlashingRequestAndBurnOrRedistribute(id);
        assertEq(token.balanceOf(burn), 50 ether);
        assertEq(
            strategyManager.getBurnOrRedistributableShares(
                _set(0), slashId, IStrategy(address(strategy))
            ),
            0
        );
        assertEq(stakeRegistry.getCurrentStake(_operatorId(1), 0), 50 ether);
    }

    function test_fulfil_belowMinimumKicksTheOperator() public {
        stakeRegistry.setMinimumStakeForQuorum(0, 95 ether);
        uint256 id = _queue(0, 1e17);
        vm.roll(block.number + VETO_WINDOW);
        vm.prank(slasherCaller);
        slasher.fulfillSlashingRequest(id);
        assertFalse(allocationManager.isMemberOfOperatorSet(operators[0], _set(0)));
        assertEq(coordinator.getCurrentQuorumBitmap(_operatorId(0)), 0);
    }

    function test_fulfil_wrongSlasherIsRefusedByTheCore() public {
        // A VetoableSlasher that is not the set's slasher cannot slash.
        InstantSlasher other = new InstantSlasher(
            IAllocationManager(address(allocationManager)),
            IStrategyManager(address(strategyManager)),
            ISlashingRegistryCoordinator(address(coordinator)),
            slasherCaller
        );
        IAllocationManagerTypes.SlashingParams memory p = _params(0, 1e17);
        vm.prank(slasherCaller);
        vm.expectRevert(bytes4(keccak256("InvalidCaller()")));
        other.fulfillSlashingRequest(p);
    }

    // ---------------------------------------------------------------- instant

    function test_instantSlasher() public {
        InstantSlasher instant = new InstantSlasher(
            IAllocationManager(address(allocationManager)),
            IStrategyManager(address(strategyManager)),
            ISlashingRegistryCoordinator(address(coordinator)),
            slasherCaller
        );
        coordinator.createSlashableStakeQuorum(
            ISlashingRegistryCoordinatorTypes.OperatorSetParam(MAX_OPERATORS, 0, 0),
            0,
            _strategyParams(1e18),
            0,
            address(instant)
        );
        _registerInCore(2, 100 ether);
        _allocate(2, address(serviceManager), 2, WAD);
        vm.roll(block.number + ALLOCATION_DELAY);
        _registerForSets(2, address(serviceManager), _ids(2), _normalData(coordinator, 2));

        IAllocationManagerTypes.SlashingParams memory p = _params(2, 2e17);
        p.operatorSetId = 2;
        vm.prank(outsider);
        vm.expectRevert(ISlasherErrors.OnlySlasher.selector);
        instant.fulfillSlashingRequest(p);

        vm.expectEmit(true, true, true, true, address(instant));
        emit OperatorSlashed(1, operators[2], 2, p.wadsToSlash, "test");
        vm.prank(slasherCaller);
        uint256 g = gasleft();
        assertEq(instant.fulfillSlashingRequest(p), 1);
        emit log_named_uint("gas InstantSlasher.fulfillSlashingRequest", g - gasleft());
        assertEq(delegation.operatorShares(operators[2], IStrategy(address(strategy))), 80 ether);
        assertEq(stakeRegistry.getCurrentStake(_operatorId(2), 2), 80 ether);

        p.wadsToSlash[0] = 5e17;
        vm.prank(slasherCaller);
        assertEq(instant.fulfillSlashingRequestAndBurnOrRedistribute(p), 2);
        assertEq(token.balanceOf(strategyManager.DEFAULT_BURN_ADDRESS()), 40 ether);
        assertEq(stakeRegistry.getCurrentStake(_operatorId(2), 2), 40 ether);
    }
}
