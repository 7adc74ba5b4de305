// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {SlashingMiddlewareBase} from "./SlashingMiddlewareBase.sol";
import {IStrategy} from "../../../src/eigenlayer/interfaces/IStrategy.sol";
import {IStakeRegistry} from "../../../src/eigenlayer/interfaces/IStakeRegistry.sol";
import {
    ISlashingStakeRegistry
} from "../../../src/eigenlayer/slashing/middleware/ISlashingStakeRegistry.sol";
import {
    ISlashingRegistryCoordinatorTypes,
    ISlashingRegistryCoordinatorErrors
} from "../../../src/eigenlayer/slashing/middleware/ISlashingRegistryCoordinator.sol";

/// @notice StakeRegistry v1 owner functions, history views and their errors; the coordinator's
/// quorum limit.
contract StakeRegistryV1Test is SlashingMiddlewareBase {
    function _params(address strategyAddress, uint96 multiplier)
        internal
        pure
        returns (IStakeRegistry.StrategyParams[] memory sp)
    {
        sp = new IStakeRegistry.StrategyParams[](1);
        sp[0] = IStakeRegistry.StrategyParams(IStrategy(strategyAddress), multiplier);
    }

    function test_strategyManagementErrors() public {
        vm.expectRevert(ISlashingStakeRegistry.InputDuplicateStrategy.selector);
        stakeRegistry.addStrategies(1, _params(address(strategy), 1));
        vm.expectRevert(ISlashingStakeRegistry.InputMultiplierZero.selector);
        stakeRegistry.addStrategies(1, _params(address(0x5717), 0));
        vm.expectRevert(ISlashingStakeRegistry.InputArrayLengthZero.selector);
        stakeRegistry.addStrategies(1, new IStakeRegistry.StrategyParams[](0));
        vm.expectRevert(ISlashingStakeRegistry.InputArrayLengthZero.selector);
        stakeRegistry.removeStrategies(1, new uint256[](0));
        vm.expectRevert(ISlashingStakeRegistry.InputArrayLengthMismatch.selector);
        stakeRegistry.modifyStrategyParams(1, new uint256[](1), new uint96[](2));
        vm.expectRevert(ISlashingStakeRegistry.QuorumDoesNotExist.selector);
        stakeRegistry.addStrategies(9, _params(address(0x5717), 1));

        IStakeRegistry.StrategyParams[] memory many = new IStakeRegistry.StrategyParams[](32);
        for (uint256 i = 0; i < 32; i++) {
            many[i] = IStakeRegistry.StrategyParams(IStrategy(address(uint160(0x1000 + i))), 1);
        }
        vm.expectRevert(ISlashingStakeRegistry.MaxWeighingFunctionLengthExceeded.selector);
        stakeRegistry.addStrategies(1, many);

        vm.prank(outsider);
        vm.expectRevert(ISlashingStakeRegistry.OnlySlashingRegistryCoordinatorOwner.selector);
        stakeRegistry.addStrategies(1, _params(address(0x5717), 1));
    }

    function test_strategyManagement() public {
        stakeRegistry.addStrategies(1, _params(address(0x5717), 2e18));
        assertEq(stakeRegistry.strategyParamsLength(1), 2);
        uint256[] memory idx = new uint256[](1);
        idx[0] = 1;
        uint96[] memory mult = new uint96[](1);
        mult[0] = 3e18;
        stakeRegistry.modifyStrategyParams(1, idx, mult);
        assertEq(stakeRegistry.strategyParamsByIndex(1, 1).multiplier, 3e18);
        stakeRegistry.removeStrategies(1, idx);
        assertEq(stakeRegistry.strategyParamsLength(1), 1);
    }

    function test_historyViewErrors() public {
        uint32 createdAt = uint32(block.number);
        _onboard(0, 100 ether, 0, _ids(1));
        uint32 registeredAt = uint32(block.number);
        vm.roll(block.number + 1);
        _deposit(operators[0], 10 ether);
        coordinator.updateOperators(_one(operators[0]));
        uint32 updatedAt = uint32(block.number);

        assertEq(stakeRegistry.getStakeAtBlockNumber(_operatorId(0), 1, registeredAt), 100 ether);
        assertEq(stakeRegistry.getStakeAtBlockNumber(_operatorId(0), 1, updatedAt), 110 ether);
        vm.expectRevert(ISlashingStakeRegistry.NoStakeUpdateAtBlock.selector);
        stakeRegistry.getStakeUpdateIndexAtBlockNumber(_operatorId(0), 1, registeredAt - 1);
        vm.expectRevert(ISlashingStakeRegistry.StakeUpdateFromAfterBlock.selector);
        stakeRegistry.getStakeAtBlockNumberAndIndex(1, registeredAt, _operatorId(0), 1);
        vm.expectRevert(ISlashingStakeRegistry.NewerStakeUpdateAvailable.selector);
        stakeRegistry.getStakeAtBlockNumberAndIndex(1, updatedAt, _operatorId(0), 0);
        vm.expectRevert(ISlashingStakeRegistry.EmptyStakeHistory.selector);
        stakeRegistry.getTotalStakeIndicesAtBlockNumber(createdAt - 1, hex"01");
        assertEq(stakeRegistry.getTotalStakeIndicesAtBlockNumber(updatedAt, hex"01")[0], 1);
        assertEq(stakeRegistry.getTotalStakeAtBlockNumberFromIndex(1, updatedAt, 1), 110 ether);
    }

    function test_maxQuorumsReached() public {
        ISlashingRegistryCoordinatorTypes.OperatorSetParam memory p =
            ISlashingRegistryCoordinatorTypes.OperatorSetParam(1, 0, 0);
        IStakeRegistry.StrategyParams[] memory sp = _strategyParams(1e18);
        for (uint256 q = coordinator.quorumCount(); q < 192; q++) {
            coordinator.createTotalDelegatedStakeQuorum(p, 0, sp);
        }
        assertEq(coordinator.quorumCount(), 192);
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.MaxQuorumsReached.selector);
        coordinator.createTotalDelegatedStakeQuorum(p, 0, sp);
    }

    function _one(address a) internal pure returns (address[] memory list) {
        list = new address[](1);
        list[0] = a;
    }
}
