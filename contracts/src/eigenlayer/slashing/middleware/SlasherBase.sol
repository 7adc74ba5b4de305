// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IAllocationManager, IAllocationManagerTypes} from "../interfaces/IAllocationManager.sol";
import {IStrategyManager} from "../interfaces/IStrategyManager.sol";
import {OperatorSet} from "../interfaces/OperatorSet.sol";
import {ISlashingRegistryCoordinator} from "./ISlashingRegistryCoordinator.sol";
import {ISlasher} from "./ISlasher.sol";

/// @title SlasherBase: slashes through AllocationManager for the coordinator's AVS, then lets
/// the coordinator re-read the operator's stake (a drop below the minimum removes it).
/// @dev This contract must be the operator set's slasher (`createSlashableStakeQuorum(...,
/// slasher)`); AllocationManager accepts `slashOperator` from nobody else.
abstract contract SlasherBase is ISlasher {
    IAllocationManager public immutable allocationManager;
    IStrategyManager public immutable strategyManager;
    ISlashingRegistryCoordinator public immutable slashingRegistryCoordinator;
    /// @notice The only account allowed to make this contract slash.
    address public immutable slasher;

    constructor(
        IAllocationManager _allocationManager,
        IStrategyManager _strategyManager,
        ISlashingRegistryCoordinator _slashingRegistryCoordinator,
        address _slasher
    ) {
        allocationManager = _allocationManager;
        strategyManager = _strategyManager;
        slashingRegistryCoordinator = _slashingRegistryCoordinator;
        slasher = _slasher;
    }

    modifier onlySlasher() {
        if (msg.sender != slasher) revert OnlySlasher();
        _;
    }

    function _fulfillSlashingRequest(IAllocationManagerTypes.SlashingParams memory params)
        internal
        returns (uint256 slashId)
    {
        (slashId,) = allocationManager.slashOperator(slashingRegistryCoordinator.avs(), params);
        emit OperatorSlashed(
            slashId, params.operator, params.operatorSetId, params.wadsToSlash, params.description
        );
        address[] memory operators = new address[](1);
        operators[0] = params.operator;
        slashingRegistryCoordinator.updateOperators(operators);
    }

    /// @dev Sends the slashed shares of `slashId` to the set's burn/redistribution recipient.
    function _burnOrRedistribute(uint32 operatorSetId, uint256 slashId) internal {
        strategyManager.clearBurnOrRedistributableShares(
            OperatorSet({avs: slashingRegistryCoordinator.avs(), id: operatorSetId}), slashId
        );
    }
}
