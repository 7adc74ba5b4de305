// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IStrategy} from "./IStrategy.sol";
import {IDelegationManager} from "./IDelegationManager.sol";

/// @notice Per-quorum stake weights of operators and their histories.
interface IStakeRegistry {
    struct StakeUpdate {
        uint32 updateBlockNumber;
        uint32 nextUpdateBlockNumber;
        uint96 stake;
    }

    struct StrategyParams {
        IStrategy strategy;
        uint96 multiplier;
    }

    event OperatorStakeUpdate(bytes32 indexed operatorId, uint8 quorumNumber, uint96 stake);
    event MinimumStakeForQuorumUpdated(uint8 indexed quorumNumber, uint96 minimumStake);
    event QuorumCreated(uint8 indexed quorumNumber);
    event StrategyAddedToQuorum(uint8 indexed quorumNumber, IStrategy strategy);
    event StrategyRemovedFromQuorum(uint8 indexed quorumNumber, IStrategy strategy);
    event StrategyMultiplierUpdated(
        uint8 indexed quorumNumber, IStrategy strategy, uint256 multiplier
    );

    // RegistryCoordinator-only hooks.
    function registerOperator(address operator, bytes32 operatorId, bytes calldata quorumNumbers)
        external
        returns (uint96[] memory, uint96[] memory);
    function deregisterOperator(bytes32 operatorId, bytes calldata quorumNumbers) external;
    function updateOperatorStake(address operator, bytes32 operatorId, bytes calldata quorumNumbers)
        external
        returns (uint192);
    function initializeQuorum(
        uint8 quorumNumber,
        uint96 minimumStake,
        StrategyParams[] memory strategyParams
    ) external;

    // RegistryCoordinator-owner functions.
    function setMinimumStakeForQuorum(uint8 quorumNumber, uint96 minimumStake) external;
    function addStrategies(uint8 quorumNumber, StrategyParams[] memory strategyParams) external;
    function removeStrategies(uint8 quorumNumber, uint256[] calldata indicesToRemove) external;
    function modifyStrategyParams(
        uint8 quorumNumber,
        uint256[] calldata strategyIndices,
        uint96[] calldata newMultipliers
    ) external;

    function WEIGHTING_DIVISOR() external pure returns (uint256);
    function MAX_WEIGHING_FUNCTION_LENGTH() external pure returns (uint8);
    function delegation() external view returns (IDelegationManager);
    function registryCoordinator() external view returns (address);
    function minimumStakeForQuorum(uint8 quorumNumber) external view returns (uint96);
    function strategyParams(uint8 quorumNumber, uint256 index)
        external
        view
        returns (IStrategy strategy, uint96 multiplier);
    function strategiesPerQuorum(uint8 quorumNumber, uint256 index)
        external
        view
        returns (IStrategy);
    function strategyParamsLength(uint8 quorumNumber) external view returns (uint256);
    function strategyParamsByIndex(uint8 quorumNumber, uint256 index)
        external
        view
        returns (StrategyParams memory);
    function weightOfOperatorForQuorum(uint8 quorumNumber, address operator)
        external
        view
        returns (uint96);

    function getStakeHistory(bytes32 operatorId, uint8 quorumNumber)
        external
        view
        returns (StakeUpdate[] memory);
    function getStakeHistoryLength(bytes32 operatorId, uint8 quorumNumber)
        external
        view
        returns (uint256);
    function getLatestStakeUpdate(bytes32 operatorId, uint8 quorumNumber)
        external
        view
        returns (StakeUpdate memory);
    function getCurrentStake(bytes32 operatorId, uint8 quorumNumber) external view returns (uint96);
    function getStakeUpdateAtIndex(uint8 quorumNumber, bytes32 operatorId, uint256 index)
        external
        view
        returns (StakeUpdate memory);
    function getStakeAtBlockNumber(bytes32 operatorId, uint8 quorumNumber, uint32 blockNumber)
        external
        view
        returns (uint96);
    function getStakeUpdateIndexAtBlockNumber(
        bytes32 operatorId,
        uint8 quorumNumber,
        uint32 blockNumber
    ) external view returns (uint32);
    function getStakeAtBlockNumberAndIndex(
        uint8 quorumNumber,
        uint32 blockNumber,
        bytes32 operatorId,
        uint256 index
    ) external view returns (uint96);
    function getTotalStakeHistoryLength(uint8 quorumNumber) external view returns (uint256);
    function getCurrentTotalStake(uint8 quorumNumber) external view returns (uint96);
    function getTotalStakeUpdateAtIndex(uint8 quorumNumber, uint256 index)
        external
        view
        returns (StakeUpdate memory);
    function getTotalStakeAtBlockNumberFromIndex(
        uint8 quorumNumber,
        uint32 blockNumber,
        uint256 index
    ) external view returns (uint96);
    function getTotalStakeIndicesAtBlockNumber(uint32 blockNumber, bytes calldata quorumNumbers)
        external
        view
        returns (uint32[] memory);
}
