// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {BN254} from "../eigenlayer/libraries/BN254.sol";
import {IStakeRegistry} from "../eigenlayer/interfaces/IStakeRegistry.sol";
import {IBLSApkRegistry} from "../eigenlayer/interfaces/IBLSApkRegistry.sol";
import {IIncredibleSquaringTaskManager} from "./IIncredibleSquaringTaskManager.sol";

/// @notice What the attestation book reads from its TaskManager.
interface IAttestedTaskManager {
    function allTaskHashes(uint32 taskIndex) external view returns (bytes32);
    function allTaskResponses(uint32 taskIndex) external view returns (bytes32);
    function TASK_RESPONSE_WINDOW_BLOCK() external view returns (uint32);
    function stakeRegistry() external view returns (IStakeRegistry);
    function blsApkRegistry() external view returns (IBLSApkRegistry);
    function trySignatureAndApkVerification(
        bytes32 msgHash,
        BN254.G1Point memory apk,
        BN254.G2Point memory apkG2,
        BN254.G1Point memory sigma
    ) external view returns (bool pairingSuccessful, bool signatureIsValid);
}

/// @title Attestations of correct responses the aggregator left unanswered.
/// @notice The fairness rule for missing responses. An operator whose signed correct response is
/// still unanswered calls `attestResponse` (from its registered ECDSA account) until the last
/// block of the response window; its BLS signature is checked against its registered key. The
/// TaskManager (which creates this contract) asks `noResponseVerdict` when a missing response
/// is challenged: attesters are not at fault, and when they hold the threshold of every quorum
/// the aggregator is. A separate contract so the TaskManager stays under the code-size limit.
contract ResponseAttestations {
    uint256 internal constant THRESHOLD_DENOMINATOR = 100;

    /// @notice The TaskManager whose tasks are attested.
    IAttestedTaskManager public immutable taskManager;

    /// @notice Whether an operator attested the correct response to an unanswered task.
    mapping(uint32 => mapping(bytes32 => bool)) public responseAttested;
    /// @notice Stake (at `taskCreatedBlock`) of the attesting operators, per task and quorum.
    mapping(uint32 => mapping(uint8 => uint256)) public attestedStake;
    /// @dev Attesting operator ids per task.
    mapping(uint32 => bytes32[]) internal _attesters;

    event ResponseAttested(
        uint32 indexed taskIndex, bytes32 indexed operatorId, address indexed operator
    );

    constructor(IAttestedTaskManager _taskManager) {
        taskManager = _taskManager;
    }

    /// @notice Records that the calling operator signed the correct response to an unanswered
    /// task: the task must match its stored hash, have no response and be inside its response
    /// window; the answer must be the square; the caller must have had stake in one of the
    /// task's quorums at `taskCreatedBlock`; and the BLS signature over
    /// keccak256(abi.encode(taskResponse)) must verify against the caller's registered G1 key,
    /// with `pubkeyG2` as its G2 counterpart (checked together in one pairing).
    function attestResponse(
        IIncredibleSquaringTaskManager.Task calldata task,
        IIncredibleSquaringTaskManager.TaskResponse calldata taskResponse,
        BN254.G1Point calldata signature,
        BN254.G2Point calldata pubkeyG2
    ) external {
        uint32 taskIndex = taskResponse.referenceTaskIndex;
        require(
            keccak256(abi.encode(task)) == taskManager.allTaskHashes(taskIndex),
            "supplied task does not match the one recorded in the contract"
        );
        require(taskManager.allTaskResponses(taskIndex) == bytes32(0), "Task has been responded to");
        require(
            uint32(block.number)
                <= task.taskCreatedBlock + taskManager.TASK_RESPONSE_WINDOW_BLOCK(),
            "The response window for this task has passed"
        );
        require(
            _isSquare(task.numberToBeSquared, taskResponse.numberSquared),
            "Only the correct square can be attested"
        );
        (BN254.G1Point memory pubkeyG1, bytes32 operatorId) =
            taskManager.blsApkRegistry().getRegisteredPubkey(msg.sender);
        require(!responseAttested[taskIndex][operatorId], "Response already attested");

        IStakeRegistry stakeRegistry = taskManager.stakeRegistry();
        bool staked;
        for (uint256 q = 0; q < task.quorumNumbers.length; q++) {
            uint8 quorumNumber = uint8(task.quorumNumbers[q]);
            uint96 stake = _stakeAt(stakeRegistry, operatorId, quorumNumber, task.taskCreatedBlock);
            if (stake == 0) continue;
            staked = true;
            attestedStake[taskIndex][quorumNumber] += stake;
        }
        require(staked, "Operator had no stake in the task's quorums at its creation block");

        (bool pairingOk, bool signatureOk) = taskManager.trySignatureAndApkVerification(
            keccak256(abi.encode(taskResponse)), pubkeyG1, pubkeyG2, signature
        );
        require(pairingOk && signatureOk, "Signature does not verify against the operator's key");

        responseAttested[taskIndex][operatorId] = true;
        _attesters[taskIndex].push(operatorId);
        emit ResponseAttested(taskIndex, operatorId, msg.sender);
    }

    /// @notice The attesters of a task, in attestation order.
    function attesters(uint32 taskIndex) external view returns (bytes32[] memory) {
        return _attesters[taskIndex];
    }

    /// @notice For a no-response challenge: whether the attesters hold the task's threshold of
    /// every quorum's total stake at `taskCreatedBlock` (then the aggregator is at fault), and
    /// the attesters (never at fault).
    function noResponseVerdict(uint32 taskIndex, IIncredibleSquaringTaskManager.Task calldata task)
        external
        view
        returns (bool aggregatorAtFault, bytes32[] memory attesterIds)
    {
        attesterIds = _attesters[taskIndex];
        if (attesterIds.length == 0) return (false, attesterIds);
        IStakeRegistry stakeRegistry = taskManager.stakeRegistry();
        uint32[] memory indices = stakeRegistry.getTotalStakeIndicesAtBlockNumber(
            task.taskCreatedBlock, task.quorumNumbers
        );
        for (uint256 q = 0; q < task.quorumNumbers.length; q++) {
            uint8 quorumNumber = uint8(task.quorumNumbers[q]);
            uint256 total = stakeRegistry.getTotalStakeAtBlockNumberFromIndex(
                quorumNumber, task.taskCreatedBlock, indices[q]
            );
            if (
                total == 0
                    || attestedStake[taskIndex][quorumNumber] * THRESHOLD_DENOMINATOR
                        < total * task.quorumThresholdPercentage
            ) return (false, attesterIds);
        }
        return (true, attesterIds);
    }

    /// @dev An operator's stake in a quorum at a block; 0 when it had no stake history there.
    function _stakeAt(
        IStakeRegistry stakeRegistry,
        bytes32 operatorId,
        uint8 quorumNumber,
        uint32 blockNumber
    ) internal view returns (uint96) {
        try stakeRegistry.getStakeAtBlockNumber(operatorId, quorumNumber, blockNumber) returns (
            uint96 stake
        ) {
            return stake;
        } catch {
            return 0;
        }
    }

    /// @dev Whether `square` is n², with overflow meaning "no".
    function _isSquare(uint256 n, uint256 square) internal pure returns (bool) {
        unchecked {
            if (n == 0) return square == 0;
            uint256 sq = n * n;
            return sq / n == n && sq == square;
        }
    }
}
