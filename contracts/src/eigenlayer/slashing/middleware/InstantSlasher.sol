// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IAllocationManager, IAllocationManagerTypes} from "../interfaces/IAllocationManager.sol";
import {IStrategyManager} from "../interfaces/IStrategyManager.sol";
import {ISlashingRegistryCoordinator} from "./ISlashingRegistryCoordinator.sol";
import {IInstantSlasher} from "./ISlasher.sol";
import {SlasherBase} from "./SlasherBase.sol";

/// @title InstantSlasher: the slasher's request is carried out in the same transaction.
contract InstantSlasher is IInstantSlasher, SlasherBase {
    constructor(
        IAllocationManager _allocationManager,
        IStrategyManager _strategyManager,
        ISlashingRegistryCoordinator _slashingRegistryCoordinator,
        address _slasher
    ) SlasherBase(_allocationManager, _strategyManager, _slashingRegistryCoordinator, _slasher) {}

    /// @inheritdoc IInstantSlasher
    function fulfillSlashingRequest(IAllocationManagerTypes.SlashingParams calldata params)
        external
        onlySlasher
        returns (uint256 slashId)
    {
        slashId = _fulfillSlashingRequest(params);
    }

    /// @inheritdoc IInstantSlasher
    function fulfillSlashingRequestAndBurnOrRedistribute(
        IAllocationManagerTypes.SlashingParams calldata params
    ) external onlySlasher returns (uint256 slashId) {
        slashId = _fulfillSlashingRequest(params);
        _burnOrRedistribute(params.operatorSetId, slashId);
    }
}
