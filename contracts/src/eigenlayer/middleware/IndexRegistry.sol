// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IRegistryCoordinator} from "../interfaces/IRegistryCoordinator.sol";
import {IIndexRegistry} from "../interfaces/IIndexRegistry.sol";

/// @title IndexRegistry: dense operator indices per quorum, with history per slot and per count.
/// @notice Removing an operator moves the last operator into the freed slot.
contract IndexRegistry is IIndexRegistry {
    bytes32 public constant OPERATOR_DOES_NOT_EXIST_ID = bytes32(0);

    address public immutable registryCoordinator;

    mapping(uint8 quorumNumber => mapping(bytes32 operatorId => uint32)) public
        currentOperatorIndex;
    mapping(uint8 quorumNumber => mapping(uint32 operatorIndex => OperatorUpdate[])) internal
        _operatorIndexHistory;
    mapping(uint8 quorumNumber => QuorumUpdate[]) internal _operatorCountHistory;

    constructor(IRegistryCoordinator _registryCoordinator) {
        registryCoordinator = address(_registryCoordinator);
    }

    modifier onlyRegistryCoordinator() {
        require(
            msg.sender == registryCoordinator,
            "IndexRegistry.onlyRegistryCoordinator: caller is not the registry coordinator"
        );
        _;
    }

    /// @inheritdoc IIndexRegistry
    function registerOperator(bytes32 operatorId, bytes calldata quorumNumbers)
        external
        onlyRegistryCoordinator
        returns (uint32[] memory numOperatorsPerQuorum)
    {
        numOperatorsPerQuorum = new uint32[](quorumNumbers.length);
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            uint8 quorumNumber = uint8(quorumNumbers[i]);
            require(
                _operatorCountHistory[quorumNumber].length != 0,
                "IndexRegistry.registerOperator: quorum does not exist"
            );
            uint32 newCount =
                _setOperatorCount(quorumNumber, totalOperatorsForQuorum(quorumNumber) + 1);
            _assignOperatorToIndex(operatorId, quorumNumber, newCount - 1);
            numOperatorsPerQuorum[i] = newCount;
        }
    }

    /// @inheritdoc IIndexRegistry
    function deregisterOperator(bytes32 operatorId, bytes calldata quorumNumbers)
        external
        onlyRegistryCoordinator
    {
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            uint8 quorumNumber = uint8(quorumNumbers[i]);
            require(
                _operatorCountHistory[quorumNumber].length != 0,
                "IndexRegistry.deregisterOperator: quorum does not exist"
            );
            uint32 freedIndex = currentOperatorIndex[quorumNumber][operatorId];
            uint32 lastIndex =
                _setOperatorCount(quorumNumber, totalOperatorsForQuorum(quorumNumber) - 1);
            bytes32 lastOperatorId = _latestOperatorAt(quorumNumber, lastIndex);
            _writeIndex(quorumNumber, lastIndex, OPERATOR_DOES_NOT_EXIST_ID);
            if (lastOperatorId != operatorId) {
                _assignOperatorToIndex(lastOperatorId, quorumNumber, freedIndex);
            }
        }
    }

    /// @inheritdoc IIndexRegistry
    function initializeQuorum(uint8 quorumNumber) external onlyRegistryCoordinator {
        require(
            _operatorCountHistory[quorumNumber].length == 0,
            "IndexRegistry.createQuorum: quorum already exists"
        );
        _operatorCountHistory[quorumNumber].push(
            QuorumUpdate({fromBlockNumber: uint32(block.number), numOperators: 0})
        );
    }

    // ------------------------------------------------------------------ views

    function totalOperatorsForQuorum(uint8 quorumNumber) public view returns (uint32) {
        QuorumUpdate[] storage history = _operatorCountHistory[quorumNumber];
        return history.length == 0 ? 0 : history[history.length - 1].numOperators;
    }

    /// @inheritdoc IIndexRegistry
    function getOperatorListAtBlockNumber(uint8 quorumNumber, uint32 blockNumber)
        external
        view
        returns (bytes32[] memory operatorList)
    {
        uint32 count = _operatorCountAtBlockNumber(quorumNumber, blockNumber);
        operatorList = new bytes32[](count);
        for (uint32 i = 0; i < count; i++) {
            operatorList[i] = _operatorIdForIndexAtBlockNumber(quorumNumber, i, blockNumber);
            require(
                operatorList[i] != OPERATOR_DOES_NOT_EXIST_ID,
                "IndexRegistry.getOperatorListAtBlockNumber: operator does not exist at the given block number"
            );
        }
    }

    function getLatestQuorumUpdate(uint8 quorumNumber)
        external
        view
        returns (QuorumUpdate memory u)
    {
        QuorumUpdate[] storage history = _operatorCountHistory[quorumNumber];
        if (history.length != 0) u = history[history.length - 1];
    }

    function getQuorumUpdateAtIndex(uint8 quorumNumber, uint32 quorumIndex)
        external
        view
        returns (QuorumUpdate memory)
    {
        return _operatorCountHistory[quorumNumber][quorumIndex];
    }

    function getLatestOperatorUpdate(uint8 quorumNumber, uint32 operatorIndex)
        external
        view
        returns (OperatorUpdate memory u)
    {
        OperatorUpdate[] storage history = _operatorIndexHistory[quorumNumber][operatorIndex];
        if (history.length != 0) u = history[history.length - 1];
    }

    function getOperatorUpdateAtIndex(uint8 quorumNumber, uint32 operatorIndex, uint32 arrayIndex)
        external
        view
        returns (OperatorUpdate memory)
    {
        return _operatorIndexHistory[quorumNumber][operatorIndex][arrayIndex];
    }

    // ------------------------------------------------------------------ internals

    /// @dev Records the new operator count (same-block overwrite) and returns it.
    function _setOperatorCount(uint8 quorumNumber, uint32 newCount) internal returns (uint32) {
        QuorumUpdate[] storage history = _operatorCountHistory[quorumNumber];
        QuorumUpdate storage last = history[history.length - 1];
        if (last.fromBlockNumber == uint32(block.number)) {
            last.numOperators = newCount;
        } else {
            history.push(
                QuorumUpdate({fromBlockNumber: uint32(block.number), numOperators: newCount})
            );
        }
        return newCount;
    }

    function _assignOperatorToIndex(bytes32 operatorId, uint8 quorumNumber, uint32 index) internal {
        _writeIndex(quorumNumber, index, operatorId);
        currentOperatorIndex[quorumNumber][operatorId] = index;
        emit QuorumIndexUpdate(operatorId, quorumNumber, index);
    }

    /// @dev Records who holds slot `index` from this block on (same-block overwrite).
    function _writeIndex(uint8 quorumNumber, uint32 index, bytes32 operatorId) internal {
        OperatorUpdate[] storage history = _operatorIndexHistory[quorumNumber][index];
        uint256 len = history.length;
        if (len != 0 && history[len - 1].fromBlockNumber == uint32(block.number)) {
            history[len - 1].operatorId = operatorId;
        } else {
            history.push(
                OperatorUpdate({fromBlockNumber: uint32(block.number), operatorId: operatorId})
            );
        }
    }

    function _latestOperatorAt(uint8 quorumNumber, uint32 index) internal view returns (bytes32) {
        OperatorUpdate[] storage history = _operatorIndexHistory[quorumNumber][index];
        return history[history.length - 1].operatorId;
    }

    function _operatorCountAtBlockNumber(uint8 quorumNumber, uint32 blockNumber)
        internal
        view
        returns (uint32)
    {
        QuorumUpdate[] storage history = _operatorCountHistory[quorumNumber];
        require(
            history.length != 0 && history[0].fromBlockNumber <= blockNumber,
            "IndexRegistry._operatorCountAtBlockNumber: quorum did not exist at given block number"
        );
        uint256 j = history.length - 1;
        while (history[j].fromBlockNumber > blockNumber) j--;
        return history[j].numOperators;
    }

    function _operatorIdForIndexAtBlockNumber(uint8 quorumNumber, uint32 index, uint32 blockNumber)
        internal
        view
        returns (bytes32)
    {
        OperatorUpdate[] storage history = _operatorIndexHistory[quorumNumber][index];
        for (uint256 j = history.length; j > 0; j--) {
            if (history[j - 1].fromBlockNumber <= blockNumber) return history[j - 1].operatorId;
        }
        return OPERATOR_DOES_NOT_EXIST_ID;
    }
}
