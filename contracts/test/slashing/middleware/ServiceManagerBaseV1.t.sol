// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {SlashingMiddlewareBase} from "./SlashingMiddlewareBase.sol";
import {OperatorSet} from "../../../src/eigenlayer/slashing/interfaces/OperatorSet.sol";
import {
    ISlashingServiceManager
} from "../../../src/eigenlayer/slashing/middleware/ISlashingServiceManager.sol";
import {
    IRewardsCoordinatorTypes
} from "../../../src/eigenlayer/slashing/interfaces/IRewardsCoordinator.sol";

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
}
