// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IStrategy} from "../../interfaces/IStrategy.sol";
import {IStakeRegistry} from "../../interfaces/IStakeRegistry.sol";
import {IAllocationManager} from "../interfaces/IAllocationManager.sol";

/// @notice Stake registry of the slashing era: the M2 views and histories, plus a stake type per
/// quorum (total delegated, or slashable with a look-ahead).
interface ISlashingStakeRegistry {
    enum StakeType {
        TOTAL_DELEGATED,
        TOTAL_SLASHABLE
    }

    error OnlySlashingRegistryCoordinator();
    error OnlySlashingRegistryCoordinatorOwner();
    error QuorumAlreadyExists();
    error QuorumDoesNotExist();
    error QuorumNotSlashable();
    error BelowMinimumStakeRequirement();
    error InputArrayLengthZero();
    error InputArrayLengthMismatch();
    error InputDuplicateStrategy();
    error InputMultiplierZero();
    error MaxWeighingFunctionLengthExceeded();
    error NoStakeUpdateAtBlock();
    error StakeUpdateFromAfterBlock();
    error NewerStakeUpdateAvailable();
    error EmptyStakeHistory();

    event OperatorStakeUpdate(bytes32 indexed operatorId, uint8 quorumNumber, uint96 stake);
    event MinimumStakeForQuorumUpdated(uint8 indexed quorumNumber, uint96 minimumStake);
    event QuorumCreated(uint8 indexed quorumNumber);
    event StrategyAddedToQuorum(uint8 indexed quorumNumber, IStrategy strategy);
    event StrategyRemovedFromQuorum(uint8 indexed quorumNumber, IStrategy strategy);
    event StrategyMultiplierUpdated(
        uint8 indexed quorumNumber, IStrategy strategy, uint256 multiplier
    );
    event LookAheadPeriodChanged(uint32 oldLookAheadBlocks, uint32 newLookAheadBlocks);
    event StakeTypeSet(StakeType newStakeType);

    // Coordinator-only hooks.
    function registerOperator(address operator, bytes32 operatorId, bytes calldata quorumNumbers)
        external
        returns (uint96[] memory currentStakes, uint96[] memory totalStakes);
    function deregisterOperator(bytes32 operatorId, bytes calldata quorumNumbers) external;
    function updateOperatorStake(address operator, bytes32 operatorId, bytes calldata quorumNumbers)
        external
        returns (uint192 quorumsToRemove);
    function initializeDelegatedStakeQuorum(
        uint8 quorumNumber,
        uint96 minimumStake,
        IStakeRegistry.StrategyParams[] memory strategyParams
    ) external;
    function initializeSlashableStakeQuorum(
        uint8 quorumNumber,
        uint96 minimumStake,
        uint32 lookAheadPeriod,
        IStakeRegistry.StrategyParams[] memory strategyParams
    ) external;

    // Coordinator-owner functions.
    function setSlashableStakeLookahead(uint8 quorumNumber, uint32 lookAheadBlocks) external;
    function setMinimumStakeForQuorum(uint8 quorumNumber, uint96 minimumStake) external;

    function allocationManager() external view returns (IAllocationManager);
    function stakeTypePerQuorum(uint8 quorumNumber) external view returns (StakeType);
    function slashableStakeLookAheadPerQuorum(uint8 quorumNumber) external view returns (uint32);
    function minimumStakeForQuorum(uint8 quorumNumber) external view returns (uint96);
    function strategyParamsLength(uint8 quorumNumber) external view returns (uint256);
    function strategyParamsByIndex(uint8 quorumNumber, uint256 index)
        external
        view
        returns (IStakeRegistry.StrategyParams memory);
    function weightOfOperatorForQuorum(uint8 quorumNumber, address operator)
        external
        view
        returns (uint96);
    function getCurrentStake(bytes32 operatorId, uint8 quorumNumber) external view returns (uint96);
    function getCurrentTotalStake(uint8 quorumNumber) external view returns (uint96);
}
