// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {SlashingMiddlewareBase} from "./SlashingMiddlewareBase.sol";
import {OperatorSet} from "../../../src/eigenlayer/slashing/interfaces/OperatorSet.sol";
import {
    ISlashingServiceManager
} from "../../../src/eigenlayer/slashing/middleware/ISlashingServiceManager.sol";
import {
    IRewardsCoordinator,
    IRewardsCoordinatorTypes
} from "../../../src/eigenlayer/slashing/interfaces/IRewardsCoordinator.sol";
import {IStrategy} from "../../../src/eigenlayer/interfaces/IStrategy.sol";
import {IERC20} from "../../../src/eigenlayer/interfaces/IERC20.sol";
import {IAVSDirectory} from "../../../src/eigenlayer/interfaces/IAVSDirectory.sol";
import {
    IAllocationManager
} from "../../../src/eigenlayer/slashing/interfaces/IAllocationManager.sol";
import {IStrategyManager} from "../../../src/eigenlayer/slashing/interfaces/IStrategyManager.sol";
import {
    IPermissionController
} from "../../../src/eigenlayer/slashing/interfaces/IPermissionController.sol";
import {IPauserRegistry} from "../../../src/eigenlayer/slashing/interfaces/IPauserRegistry.sol";
import {RewardsCoordinator} from "../../../src/eigenlayer/slashing/core/RewardsCoordinator.sol";
import {
    ServiceManagerBase
} from "../../../src/eigenlayer/slashing/middleware/ServiceManagerBase.sol";
import {
    ISlashingRegistryCoordinator
} from "../../../src/eigenlayer/slashing/middleware/ISlashingRegistryCoordinator.sol";
import {
    ISlashingStakeRegistry
} from "../../../src/eigenlayer/slashing/middleware/ISlashingStakeRegistry.sol";

/// @notice ServiceManagerBase v1: PermissionController forwarding (it is the AVS account),
/// operator-set deregistration for the coordinator, roles and one-shot initialisation.
contract ServiceManagerBaseV1Test is SlashingMiddlewareBase {
    bytes4 internal constant SLASH_OPERATOR = 0x36352057;

    function test_setAndRemoveAppointee_forwardToPermissionController() public {
        assertFalse(
            permissionController.canCall(
                address(serviceManager), outsider, address(allocationManager), SLASH_OPERATOR
            )
        );
        serviceManager.setAppointee(outsider, address(allocationManager), SLASH_OPERATOR);
        assertTrue(
            permissionController.canCall(
                address(serviceManager), outsider, address(allocationManager), SLASH_OPERATOR
            )
        );
        serviceManager.removeAppointee(outsider, address(allocationManager), SLASH_OPERATOR);
        assertFalse(
            permissionController.canCall(
                address(serviceManager), outsider, address(allocationManager), SLASH_OPERATOR
            )
        );
        // The wiring of the base: coordinator may create sets and deregister operators.
        assertTrue(
            permissionController.canCall(
                address(serviceManager),
                address(coordinator),
                address(allocationManager),
                CREATE_OPERATOR_SETS_V2
            )
        );
    }

    function test_adminForwarding() public {
        serviceManager.addPendingAdmin(outsider);
        assertTrue(permissionController.isPendingAdmin(address(serviceManager), outsider));
        serviceManager.removePendingAdmin(outsider);
        assertFalse(permissionController.isPendingAdmin(address(serviceManager), outsider));
        serviceManager.addPendingAdmin(outsider);
        vm.prank(outsider);
        permissionController.acceptAdmin(address(serviceManager));
        assertTrue(permissionController.isAdmin(address(serviceManager), outsider));
        // Once an admin exists the ServiceManager itself is no longer one.
        vm.expectRevert(bytes4(keccak256("NotAdmin()")));
        serviceManager.removeAdmin(outsider);
    }

    function test_ownerOnly() public {
        vm.startPrank(outsider);
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        serviceManager.setAppointee(outsider, address(allocationManager), SLASH_OPERATOR);
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        serviceManager.removeAppointee(outsider, address(allocationManager), SLASH_OPERATOR);
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        serviceManager.addPendingAdmin(outsider);
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        serviceManager.updateAVSMetadataURI("x");
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        serviceManager.setRewardsInitiator(outsider);
        vm.stopPrank();
    }

    function test_deregisterOperatorFromOperatorSets_onlyCoordinator() public {
        _onboard(0, 100 ether, 0, _ids(1));
        vm.prank(outsider);
        vm.expectRevert(ISlashingServiceManager.OnlyRegistryCoordinator.selector);
        serviceManager.deregisterOperatorFromOperatorSets(operators[0], _ids(1));
        vm.prank(address(coordinator));
        serviceManager.deregisterOperatorFromOperatorSets(operators[0], _ids(1));
        assertFalse(
            allocationManager.isMemberOfOperatorSet(
                operators[0], OperatorSet(address(serviceManager), 1)
            )
        );
        assertEq(coordinator.getCurrentQuorumBitmap(_operatorId(0)), 0);
    }

    function test_m2Hooks_onlyCoordinator() public {
        vm.prank(outsider);
        vm.expectRevert(ISlashingServiceManager.OnlyRegistryCoordinator.selector);
        serviceManager.deregisterOperatorFromAVS(operators[0]);
    }

    function test_rewards_onlyRewardsInitiator() public {
        IRewardsCoordinatorTypes.RewardsSubmission[] memory none;
        vm.prank(outsider);
        vm.expectRevert(ISlashingServiceManager.OnlyRewardsInitiator.selector);
        serviceManager.createAVSRewardsSubmission(none);
        IRewardsCoordinatorTypes.OperatorDirectedRewardsSubmission[] memory none2;
        vm.prank(outsider);
        vm.expectRevert(ISlashingServiceManager.OnlyRewardsInitiator.selector);
        serviceManager.createOperatorDirectedAVSRewardsSubmission(none2);
        serviceManager.setRewardsInitiator(outsider);
        assertEq(serviceManager.rewardsInitiator(), outsider);
    }

    function test_viewsAndInitialize() public {
        assertEq(serviceManager.avsDirectory(), address(avsDirectory));
        address[] memory all = serviceManager.getRestakeableStrategies();
        assertEq(all.length, 2);
        assertEq(all[0], address(strategy));
        _onboard(0, 100 ether, 0, _ids(1));
        assertEq(serviceManager.getOperatorRestakedStrategies(operators[0]).length, 1);
        vm.expectRevert(ISlashingServiceManager.AlreadyInitialized.selector);
        serviceManager.initialize(address(this), address(this));
        vm.prank(outsider);
        vm.expectRevert(ISlashingServiceManager.OnlyDeployer.selector);
        serviceManager.initialize(outsider, outsider);
    }

    function test_rewardsSubmissions_pullTokensAndSubmitForTheAvs() public {
        uint32 day = 86400;
        RewardsCoordinator rewards = new RewardsCoordinator(
            IStrategyManager(address(strategyManager)),
            IAllocationManager(address(allocationManager)),
            IPauserRegistry(address(pauserRegistry)),
            IPermissionController(address(permissionController)),
            RewardsCoordinator.TimeParams({
                calculationIntervalSeconds: day,
                maxRewardsDuration: 70 * day,
                maxRetroactiveLength: 90 * day,
                maxFutureLength: 30 * day,
                genesisRewardsTimestamp: 1_697_328_000
            }),
            "v1.12.0"
        );
        ServiceManagerBase sm = new ServiceManagerBase(
            IAVSDirectory(address(avsDirectory)),
            IRewardsCoordinator(address(rewards)),
            ISlashingRegistryCoordinator(address(coordinator)),
            ISlashingStakeRegistry(address(stakeRegistry)),
            IPermissionController(address(permissionController)),
            IAllocationManager(address(allocationManager))
        );
        sm.initialize(address(this), address(this));
        token.mint(address(this), 100 ether);
        token.approve(address(sm), 100 ether);

        IRewardsCoordinatorTypes.StrategyAndMultiplier[] memory sam =
            new IRewardsCoordinatorTypes.StrategyAndMultiplier[](1);
        sam[0] = IRewardsCoordinatorTypes.StrategyAndMultiplier(IStrategy(address(strategy)), 1e18);
        uint32 start = uint32(block.timestamp - block.timestamp % day);
        IRewardsCoordinatorTypes.RewardsSubmission[] memory subs =
            new IRewardsCoordinatorTypes.RewardsSubmission[](2);
        subs[0] = IRewardsCoordinatorTypes.RewardsSubmission(
            sam, IERC20(address(token)), 30 ether, start, 7 * day
        );
        subs[1] = IRewardsCoordinatorTypes.RewardsSubmission(
            sam, IERC20(address(token)), 20 ether, start, 14 * day
        );
        sm.createAVSRewardsSubmission(subs);
        assertEq(token.balanceOf(address(rewards)), 50 ether);
        assertEq(rewards.submissionNonce(address(sm)), 2);

        IRewardsCoordinatorTypes.OperatorReward[] memory ors =
            new IRewardsCoordinatorTypes.OperatorReward[](2);
        (address lo, address hi) = operators[0] < operators[1]
            ? (operators[0], operators[1])
            : (operators[1], operators[0]);
        ors[0] = IRewardsCoordinatorTypes.OperatorReward(lo, 3 ether);
        ors[1] = IRewardsCoordinatorTypes.OperatorReward(hi, 4 ether);
        IRewardsCoordinatorTypes.OperatorDirectedRewardsSubmission[] memory directed =
            new IRewardsCoordinatorTypes.OperatorDirectedRewardsSubmission[](1);
        directed[0] = IRewardsCoordinatorTypes.OperatorDirectedRewardsSubmission(
            sam, IERC20(address(token)), ors, start - 7 * day, 2 * day, "week"
        );
        sm.createOperatorDirectedAVSRewardsSubmission(directed);
        assertEq(token.balanceOf(address(rewards)), 57 ether);
        assertEq(token.balanceOf(address(this)), 43 ether);
    }
}
