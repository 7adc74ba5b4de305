// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/// @notice Dense per-quorum operator indices with per-block history.
interface IIndexRegistry {
    struct OperatorUpdate {
        uint32 fromBlockNumber;
        bytes32 operatorId;
    }

    struct QuorumUpdate {
        uint32 fromBlockNumber;
        uint32 numOperators;
    }

    event QuorumIndexUpdate(
        bytes32 indexed operatorId, uint8 quorumNumber, uint32 newOperatorIndex
    );

    // RegistryCoordinator-only hooks.
    function registerOperator(bytes32 operatorId, bytes calldata quorumNumbers)
        external
        returns (uint32[] memory);
    function deregisterOperator(bytes32 operatorId, bytes calldata quorumNumbers) external;
    function initializeQuorum(uint8 quorumNumber) external;

    function registryCoordinator() external view returns (address);
    function OPERATOR_DOES_NOT_EXIST_ID() external pure returns (bytes32);
    function currentOperatorIndex(uint8 quorumNumber, bytes32 operatorId)
        external
        view
        returns (uint32);
    function totalOperatorsForQuorum(uint8 quorumNumber) external view returns (uint32);
    function getOperatorListAtBlockNumber(uint8 quorumNumber, uint32 blockNumber)
        external
        view
        returns (bytes32[] memory);
    function getLatestQuorumUpdate(uint8 quorumNumber) external view returns (QuorumUpdate memory);
    function getQuorumUpdateAtIndex(uint8 quorumNumber, uint32 quorumIndex)
        external
        view
        returns (QuorumUpdate memory);
    function getLatestOperatorUpdate(uint8 quorumNumber, uint32 operatorIndex)
        external
        view
        returns (OperatorUpdate memory);
    function getOperatorUpdateAtIndex(uint8 quorumNumber, uint32 operatorIndex, uint32 arrayIndex)
        external
        view
        returns (OperatorUpdate memory);
}
