// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {ElTestBase} from "./ElTestBase.sol";
import {IStrategy} from "../../src/eigenlayer/interfaces/IStrategy.sol";
import {IERC20} from "../../src/eigenlayer/interfaces/IERC20.sol";
import {IDelegationManager} from "../../src/eigenlayer/interfaces/IDelegationManager.sol";
import {IBLSApkRegistry} from "../../src/eigenlayer/interfaces/IBLSApkRegistry.sol";
import {ISignatureUtils} from "../../src/eigenlayer/interfaces/ISignatureUtils.sol";

/// @notice Pause flags (owner = pauser on the devnet) gate the documented entry points.
contract PausingTest is ElTestBase {
    event Paused(address indexed account, uint256 newPausedStatus);
    event Unpaused(address indexed account, uint256 newPausedStatus);

    function test_delegationPauseFlag0() public {
        vm.expectEmit(true, false, false, true, address(delegation));
        emit Paused(address(this), 1);
        delegation.pause(1);
        assertTrue(delegation.paused(0));
        assertEq(delegation.paused(), 1);
        vm.prank(operators[0]);
        vm.expectRevert(bytes("Pausable: index is paused"));
        delegation.registerAsOperator(
            IDelegationManager.OperatorDetails(operators[0], operators[0], 0), ""
        );
        vm.expectEmit(true, false, false, true, address(delegation));
        emit Unpaused(address(this), 0);
        delegation.unpause(0);
        _registerInCore(0, 0);
        assertTrue(delegation.isOperator(operators[0]));
    }

    function test_onlyOwnerPauses_andPauseCannotUnpause() public {
        vm.prank(operators[0]);
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        strategyManager.pause(1);
        strategyManager.pause(3);
        vm.expectRevert(bytes("Pausable.pause: invalid attempt to unpause functionality"));
        strategyManager.pause(1);
        vm.expectRevert(bytes("Pausable.unpause: invalid attempt to pause functionality"));
        strategyManager.unpause(7);
        strategyManager.unpause(2);
        assertEq(strategyManager.paused(), 2);
    }

    function test_depositsPauseFlag0() public {
        strategyManager.pauseAll();
        token.mint(operators[0], 10);
        vm.startPrank(operators[0]);
        token.approve(address(strategyManager), 10);
        vm.expectRevert(bytes("Pausable: index is paused"));
        strategyManager.depositIntoStrategy(
            IStrategy(address(strategy)), IERC20(address(token)), 10
        );
        vm.stopPrank();
    }

    function test_registryCoordinatorFlags() public {
        _registerInCore(0, 100);
        _registerInCore(1, 100);
        _registerInAvs(1, QUORUM_0);

        registryCoordinator.pause(1 << 0);
        IBLSApkRegistry.PubkeyRegistrationParams memory params = _pubkeyParams(0, operators[0]);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig = _operatorSignature(0);
        vm.prank(operators[0]);
        vm.expectRevert(bytes("Pausable: index is paused"));
        registryCoordinator.registerOperator(QUORUM_0, "", params, sig);

        registryCoordinator.pause((1 << 0) | (1 << 2));
        address[] memory list = new address[](1);
        list[0] = operators[1];
        vm.expectRevert(bytes("Pausable: index is paused"));
        registryCoordinator.updateOperators(list);

        registryCoordinator.pause((1 << 0) | (1 << 1) | (1 << 2));
        vm.prank(operators[1]);
        vm.expectRevert(bytes("Pausable: index is paused"));
        registryCoordinator.deregisterOperator(QUORUM_0);

        // Ejection is not gated: the AVS can always remove a faulty operator.
        vm.prank(ejector);
        registryCoordinator.ejectOperator(operators[1], QUORUM_0);
        assertEq(uint256(registryCoordinator.getOperatorStatus(operators[1])), 2);

        registryCoordinator.unpause(0);
        vm.prank(operators[0]);
        registryCoordinator.registerOperator(QUORUM_0, "", params, sig);
    }

    function test_avsDirectoryPauseBlocksRegistration() public {
        _registerInCore(0, 100);
        avsDirectory.pause(1);
        IBLSApkRegistry.PubkeyRegistrationParams memory params = _pubkeyParams(0, operators[0]);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig = _operatorSignature(0);
        vm.prank(operators[0]);
        vm.expectRevert(bytes("Pausable: index is paused"));
        registryCoordinator.registerOperator(QUORUM_0, "", params, sig);
    }
}
