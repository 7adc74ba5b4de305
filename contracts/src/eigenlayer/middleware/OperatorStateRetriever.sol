// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IRegistryCoordinator} from "../interfaces/IRegistryCoordinator.sol";
import {IStakeRegistry} from "../interfaces/IStakeRegistry.sol";
import {IIndexRegistry} from "../interfaces/IIndexRegistry.sol";
import {IBLSApkRegistry} from "../interfaces/IBLSApkRegistry.sol";
import {BitmapUtils} from "../libraries/BitmapUtils.sol";

/// @title OperatorStateRetriever: stateless read helpers for aggregators (quorum state at a
/// block, and the history indices that `checkSignatures` needs).
contract OperatorStateRetriever {
    struct Operator {
        address operator;
        bytes32 operatorId;
        uint96 stake;
    }

    struct CheckSignaturesIndices {
        uint32[] nonSignerQuorumBitmapIndices;
        uint32[] quorumApkIndices;
        uint32[] totalStakeIndices;
        uint32[][] nonSignerStakeIndices;
    }

    /// @notice The quorums `operatorId` was in at `blockNumber` and their operator lists.
    function getOperatorState(
        IRegistryCoordinator registryCoordinator,
        bytes32 operatorId,
        uint32 blockNumber
    ) external view returns (uint256 quorumBitmap, Operator[][] memory operators) {
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = operatorId;
        uint32 index = registryCoordinator.getQuorumBitmapIndicesAtBlockNumber(blockNumber, ids)[0];
        quorumBitmap =
            registryCoordinator.getQuorumBitmapAtBlockNumberByIndex(operatorId, blockNumber, index);
        operators = getOperatorState(
            registryCoordinator, BitmapUtils.bitmapToBytesArray(quorumBitmap), blockNumber
        );
    }

    /// @notice For each quorum, its operators in index order with their stake at `blockNumber`.
    function getOperatorState(
        IRegistryCoordinator registryCoordinator,
        bytes memory quorumNumbers,
        uint32 blockNumber
    ) public view returns (Operator[][] memory operators) {
        IStakeRegistry stakeRegistry = registryCoordinator.stakeRegistry();
        IIndexRegistry indexRegistry = registryCoordinator.indexRegistry();
        IBLSApkRegistry blsApkRegistry = registryCoordinator.blsApkRegistry();
        operators = new Operator[][](quorumNumbers.length);
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            uint8 quorumNumber = uint8(quorumNumbers[i]);
            bytes32[] memory ids =
                indexRegistry.getOperatorListAtBlockNumber(quorumNumber, blockNumber);
            operators[i] = new Operator[](ids.length);
            for (uint256 j = 0; j < ids.length; j++) {
                operators[i][j] = Operator({
                    operator: blsApkRegistry.getOperatorFromPubkeyHash(ids[j]),
                    operatorId: ids[j],
                    stake: stakeRegistry.getStakeAtBlockNumber(ids[j], quorumNumber, blockNumber)
                });
            }
        }
    }

    /// @notice History indices for `checkSignatures`. Pass non-signer ids sorted ascending.
    function getCheckSignaturesIndices(
        IRegistryCoordinator registryCoordinator,
        uint32 referenceBlockNumber,
        bytes calldata quorumNumbers,
        bytes32[] calldata nonSignerOperatorIds
    ) external view returns (CheckSignaturesIndices memory out) {
        IStakeRegistry stakeRegistry = registryCoordinator.stakeRegistry();
        out.nonSignerQuorumBitmapIndices = registryCoordinator.getQuorumBitmapIndicesAtBlockNumber(
            referenceBlockNumber, nonSignerOperatorIds
        );
        out.totalStakeIndices =
            stakeRegistry.getTotalStakeIndicesAtBlockNumber(referenceBlockNumber, quorumNumbers);

        uint256[] memory bitmaps = _nonSignerBitmaps(
            registryCoordinator,
            referenceBlockNumber,
            nonSignerOperatorIds,
            out.nonSignerQuorumBitmapIndices
        );
        out.nonSignerStakeIndices = new uint32[][](quorumNumbers.length);
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            out.nonSignerStakeIndices[i] = _stakeIndicesForQuorum(
                stakeRegistry,
                uint8(quorumNumbers[i]),
                referenceBlockNumber,
                nonSignerOperatorIds,
                bitmaps
            );
        }

        out.quorumApkIndices = registryCoordinator.blsApkRegistry()
            .getApkIndicesAtBlockNumber(quorumNumbers, referenceBlockNumber);
    }

    /// @notice Each operator's quorum bitmap at `blockNumber`.
    function getQuorumBitmapsAtBlockNumber(
        IRegistryCoordinator registryCoordinator,
        bytes32[] memory operatorIds,
        uint32 blockNumber
    ) external view returns (uint256[] memory bitmaps) {
        uint32[] memory indices =
            registryCoordinator.getQuorumBitmapIndicesAtBlockNumber(blockNumber, operatorIds);
        bitmaps = new uint256[](operatorIds.length);
        for (uint256 i = 0; i < operatorIds.length; i++) {
            bitmaps[i] = registryCoordinator.getQuorumBitmapAtBlockNumberByIndex(
                operatorIds[i], blockNumber, indices[i]
            );
        }
    }

    function getBatchOperatorId(
        IRegistryCoordinator registryCoordinator,
        address[] memory operators
    ) external view returns (bytes32[] memory operatorIds) {
        operatorIds = new bytes32[](operators.length);
        for (uint256 i = 0; i < operators.length; i++) {
            operatorIds[i] = registryCoordinator.getOperatorId(operators[i]);
        }
    }

    function getBatchOperatorFromId(
        IRegistryCoordinator registryCoordinator,
        bytes32[] memory operatorIds
    ) external view returns (address[] memory operators) {
        operators = new address[](operatorIds.length);
        for (uint256 i = 0; i < operatorIds.length; i++) {
            operators[i] = registryCoordinator.getOperatorFromId(operatorIds[i]);
        }
    }

    function _nonSignerBitmaps(
        IRegistryCoordinator registryCoordinator,
        uint32 referenceBlockNumber,
        bytes32[] calldata nonSignerOperatorIds,
        uint32[] memory bitmapIndices
    ) internal view returns (uint256[] memory bitmaps) {
        bitmaps = new uint256[](nonSignerOperatorIds.length);
        for (uint256 j = 0; j < nonSignerOperatorIds.length; j++) {
            bitmaps[j] = registryCoordinator.getQuorumBitmapAtBlockNumberByIndex(
                nonSignerOperatorIds[j], referenceBlockNumber, bitmapIndices[j]
            );
            require(
                bitmaps[j] != 0,
                "OperatorStateRetriever.getCheckSignaturesIndices: operator must be registered at blocknumber"
            );
        }
    }

    /// @dev Stake-history indices of the non-signers that were in `quorumNumber`, in id order.
    function _stakeIndicesForQuorum(
        IStakeRegistry stakeRegistry,
        uint8 quorumNumber,
        uint32 referenceBlockNumber,
        bytes32[] calldata nonSignerOperatorIds,
        uint256[] memory bitmaps
    ) internal view returns (uint32[] memory indices) {
        indices = new uint32[](nonSignerOperatorIds.length);
        uint256 count;
        for (uint256 j = 0; j < nonSignerOperatorIds.length; j++) {
            if (BitmapUtils.numberIsInBitmap(bitmaps[j], quorumNumber)) {
                indices[count++] = stakeRegistry.getStakeUpdateIndexAtBlockNumber(
                    nonSignerOperatorIds[j], quorumNumber, referenceBlockNumber
                );
            }
        }
        // Shrink to the non-signers that were actually in this quorum.
        assembly ("memory-safe") {
            mstore(indices, count)
        }
    }
}
