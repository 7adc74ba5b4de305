// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {CoreTestBase} from "./CoreTestBase.sol";
import {
    IPermissionController
} from "../../../src/eigenlayer/slashing/interfaces/IPermissionController.sol";
import {OperatorSet} from "../../../src/eigenlayer/slashing/interfaces/OperatorSet.sol";
import {
    IAllocationManagerTypes
} from "../../../src/eigenlayer/slashing/interfaces/IAllocationManager.sol";

/// @notice PermissionController: self-admin by default, pending admins, appointees per
/// (target, selector), canCall, and an appointee acting for an AVS on AllocationManager.
contract PermissionsTest is CoreTestBase {
    address internal admin = address(0xAD1);
    address internal admin2 = address(0xAD2);
    address internal appointee = address(0xA99);

    event AppointeeSet(
        address indexed account, address indexed appointee, address target, bytes4 selector
    );
    event AppointeeRemoved(
        address indexed account, address indexed appointee, address target, bytes4 selector
    );
    event PendingAdminAdded(address indexed account, address admin);
    event PendingAdminRemoved(address indexed account, address admin);
    event AdminSet(address indexed account, address admin);
    event AdminRemoved(address indexed account, address admin);

    function test_accountIsItsOwnAdminUntilAdminsExist() public {
        assertTrue(permissionController.isAdmin(avs, avs));
        assertEq(permissionController.getAdmins(avs)[0], avs);
        vm.expectEmit(address(permissionController));
        emit PendingAdminAdded(avs, admin);
        vm.prank(avs);
        permissionController.addPendingAdmin(avs, admin);
        assertTrue(permissionController.isPendingAdmin(avs, admin));
        assertEq(permissionController.getPendingAdmins(avs)[0], admin);
        assertFalse(permissionController.isAdmin(avs, admin), "pending is not admin");

        vm.expectEmit(address(permissionController));
        emit AdminSet(avs, admin);
        vm.prank(admin);
        permissionController.acceptAdmin(avs);
        assertTrue(permissionController.isAdmin(avs, admin));
        assertFalse(permissionController.isAdmin(avs, avs), "the account itself no longer");
        assertEq(permissionController.getAdmins(avs).length, 1);
        assertEq(permissionController.getPendingAdmins(avs).length, 0);
    }

    function test_adminErrors() public {
        vm.prank(stranger);
        vm.expectRevert(IPermissionController.NotAdmin.selector);
        permissionController.addPendingAdmin(avs, stranger);
        vm.prank(avs);
        permissionController.addPendingAdmin(avs, admin);
        vm.prank(avs);
        vm.expectRevert(IPermissionController.AdminAlreadyPending.selector);
        permissionController.addPendingAdmin(avs, admin);
        vm.prank(stranger);
        vm.expectRevert(IPermissionController.AdminNotPending.selector);
        permissionController.acceptAdmin(avs);
        vm.prank(admin);
        permissionController.acceptAdmin(avs);
        vm.prank(admin);
        vm.expectRevert(IPermissionController.AdminAlreadySet.selector);
        permissionController.addPendingAdmin(avs, admin);
        vm.prank(admin);
        vm.expectRevert(IPermissionController.CannotHaveZeroAdmins.selector);
        permissionController.removeAdmin(avs, admin);

        vm.prank(admin);
        permissionController.addPendingAdmin(avs, admin2);
        vm.expectEmit(address(permissionController));
        emit PendingAdminRemoved(avs, admin2);
        vm.prank(admin);
        permissionController.removePendingAdmin(avs, admin2);
        vm.prank(admin);
        vm.expectRevert(IPermissionController.AdminNotPending.selector);
        permissionController.removePendingAdmin(avs, admin2);

        vm.prank(admin);
        permissionController.addPendingAdmin(avs, admin2);
        vm.prank(admin2);
        permissionController.acceptAdmin(avs);
        vm.prank(admin2);
        vm.expectRevert(IPermissionController.AdminNotSet.selector);
        permissionController.removeAdmin(avs, stranger);
        vm.expectEmit(address(permissionController));
        emit AdminRemoved(avs, admin);
        vm.prank(admin2);
        permissionController.removeAdmin(avs, admin);
        assertFalse(permissionController.isAdmin(avs, admin));
        assertEq(permissionController.getAdmins(avs)[0], admin2);
    }

    function test_appointeesPerTargetAndSelector() public {
        bytes4 createSel =
            bytes4(keccak256("createOperatorSets(address,(uint32,address[],address)[])"));
        assertEq(uint256(uint32(createSel)), 0x3dff8e7d);
        vm.expectEmit(address(permissionController));
        emit AppointeeSet(avs, appointee, address(allocationManager), createSel);
        vm.prank(avs);
        permissionController.setAppointee(avs, appointee, address(allocationManager), createSel);

        assertTrue(
            permissionController.canCall(avs, appointee, address(allocationManager), createSel)
        );
        assertFalse(
            permissionController.canCall(avs, appointee, address(strategyManager), createSel),
            "other target"
        );
        assertFalse(
            permissionController.canCall(avs, appointee, address(allocationManager), 0x6e3492b5),
            "other selector"
        );
        assertTrue(permissionController.canCall(avs, avs, address(allocationManager), 0x12345678));
        (address[] memory targets, bytes4[] memory selectors) =
            permissionController.getAppointeePermissions(avs, appointee);
        assertEq(targets[0], address(allocationManager));
        assertTrue(selectors[0] == createSel, "selector listed");
        assertEq(
            permissionController.getAppointees(avs, address(allocationManager), createSel)[0],
            appointee
        );

        // The appointee really can act for the AVS on AllocationManager.
        _asAppointeeCreateSet(9);
        assertTrue(allocationManager.isOperatorSet(OperatorSet(avs, 9)));

        vm.prank(avs);
        vm.expectRevert(IPermissionController.AppointeeAlreadySet.selector);
        permissionController.setAppointee(avs, appointee, address(allocationManager), createSel);
        vm.expectEmit(address(permissionController));
        emit AppointeeRemoved(avs, appointee, address(allocationManager), createSel);
        vm.prank(avs);
        permissionController.removeAppointee(avs, appointee, address(allocationManager), createSel);
        assertEq(
            permissionController.getAppointees(avs, address(allocationManager), createSel).length, 0
        );
        vm.prank(avs);
        vm.expectRevert(IPermissionController.AppointeeNotSet.selector);
        permissionController.removeAppointee(avs, appointee, address(allocationManager), createSel);
        vm.prank(stranger);
        vm.expectRevert(IPermissionController.NotAdmin.selector);
        permissionController.setAppointee(avs, stranger, address(allocationManager), createSel);
    }

    function test_operatorAppointeeAllocates() public {
        _registerOperator(operator);
        vm.prank(operator);
        permissionController.setAppointee(
            operator,
            appointee,
            address(allocationManager),
            allocationManager.modifyAllocations.selector
        );
        vm.prank(appointee);
        allocationManager.modifyAllocations(operator, _allocateParams(_set(), strategyLow, 3e17));
        assertEq(allocationManager.getEncumberedMagnitude(operator, _one(strategyLow)[0]), 3e17);
        assertEq(permissionController.version(), "v1.12.0");
    }

    function _asAppointeeCreateSet(uint32 id) internal {
        IAllocationManagerTypes.CreateSetParamsV2[] memory p =
            new IAllocationManagerTypes.CreateSetParamsV2[](1);
        p[0] = IAllocationManagerTypes.CreateSetParamsV2(id, _one(strategyLow), slasher);
        vm.prank(appointee);
        allocationManager.createOperatorSets(avs, p);
    }
}
