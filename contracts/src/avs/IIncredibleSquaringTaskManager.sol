// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {BN254} from "../eigenlayer/libraries/BN254.sol";
import {IBLSSignatureChecker} from "../eigenlayer/interfaces/IBLSSignatureChecker.sol";

/// @title Types, events and entry points of the incredible-squaring task manager.
/// @notice Struct layouts, event signatures and selectors match the upstream AVS so that
/// off-chain tooling built for it decodes ours unchanged.
interface IIncredibleSquaringTaskManager {
    /// @notice A squaring request; `quorumNumbers` is one byte per quorum, ascending.
    struct Task {
        uint256 numberToBeSquared;
        uint32 taskCreatedBlock;
        bytes quorumNumbers;
        uint32 quorumThresholdPercentage;
    }

    /// @notice What operators sign: keccak256(abi.encode(TaskResponse)).
    struct TaskResponse {
        uint32 referenceTaskIndex;
        uint256 numberSquared;
    }

    /// @notice Filled in by the contract when a response is accepted.
    struct TaskResponseMetadata {
        uint32 taskRespondedBlock;
        bytes32 hashOfNonSigners;
    }

    /// @notice Why a successful challenge blamed operators.
    enum FaultReason {
        WrongResponse,
        NoResponse
    }

    event NewTaskCreated(uint32 indexed taskIndex, Task task);
    event TaskResponded(TaskResponse taskResponse, TaskResponseMetadata taskResponseMetadata);
    /// @notice Emitted right after `TaskResponded`: the task has an accepted, threshold-signed
    /// response (a later challenge may still prove it wrong).
    event TaskCompleted(uint32 indexed taskIndex);
    event TaskChallengedSuccessfully(uint32 indexed taskIndex, address indexed challenger);
    event TaskChallengedUnsuccessfully(uint32 indexed taskIndex, address indexed challenger);
    /// @notice A task went unanswered although operators holding the threshold of every quorum
    /// attested the correct response (`ResponseAttestations`): the aggregator, not the
    /// operators, failed it.
    event AggregatorFault(uint32 indexed taskIndex, address indexed aggregator);
    event AggregatorUpdated(address indexed oldAggregator, address indexed newAggregator);
    event GeneratorUpdated(address indexed oldGenerator, address indexed newGenerator);

    function createNewTask(
        uint256 numberToBeSquared,
        uint32 quorumThresholdPercentage,
        bytes calldata quorumNumbers
    ) external;

    /// @notice Aggregator only. (Upstream left it out of the interface.)
    function respondToTask(
        Task calldata task,
        TaskResponse calldata taskResponse,
        IBLSSignatureChecker.NonSignerStakesAndSignature memory nonSignerStakesAndSignature
    ) external;

    function raiseAndResolveChallenge(
        Task calldata task,
        TaskResponse calldata taskResponse,
        TaskResponseMetadata calldata taskResponseMetadata,
        BN254.G1Point[] memory pubkeysOfNonSigningOperators
    ) external;

    function raiseNoResponseChallenge(uint32 taskIndex, Task calldata task) external;

    function taskNumber() external view returns (uint32);

    function getTaskResponseWindowBlock() external view returns (uint32);
}
