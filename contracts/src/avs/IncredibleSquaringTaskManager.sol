// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {BN254} from "../eigenlayer/libraries/BN254.sol";
import {IRegistryCoordinator} from "../eigenlayer/interfaces/IRegistryCoordinator.sol";
import {BLSSignatureChecker} from "../eigenlayer/middleware/BLSSignatureChecker.sol";
import {OperatorStateRetriever} from "../eigenlayer/middleware/OperatorStateRetriever.sol";
import {IIncredibleSquaringTaskManager} from "./IIncredibleSquaringTaskManager.sol";
import {Ownable} from "../eigenlayer/libraries/Ownable.sol";
import {BitmapUtils} from "../eigenlayer/libraries/BitmapUtils.sol";
import {IAttestedTaskManager, ResponseAttestations} from "./ResponseAttestations.sol";
import {IFaultLedgerTaskManager, FaultLedger} from "./FaultLedger.sol";

/// @title Task creation, BLS-verified responses and challenges of the incredible-squaring AVS.
/// @notice Differences from the upstream example: challenges bind the supplied task to its
/// stored hash; `TaskCompleted` is emitted when a response is accepted; a missing response can
/// be challenged; a successful challenge records one fault assignment in the `FaultLedger`,
/// which derives the operators at fault from the registry history and hands them to the
/// ServiceManager in bounded batches (freeze requests the veto committee may stop, or slashing
/// requests), so a challenge costs the same gas whether 10 or 1,000 operators signed.
contract IncredibleSquaringTaskManager is
    IIncredibleSquaringTaskManager,
    BLSSignatureChecker,
    OperatorStateRetriever,
    Ownable
{
    /// @notice Blocks after a response during which it can be challenged; also the window after
    /// the response deadline during which a missing response can be challenged.
    uint32 public constant TASK_CHALLENGE_WINDOW_BLOCK = 100;
    uint256 internal constant THRESHOLD_DENOMINATOR = 100;

    /// @notice Blocks after `taskCreatedBlock` during which the aggregator may respond.
    uint32 public immutable TASK_RESPONSE_WINDOW_BLOCK;

    /// @notice Index of the next task (= number of tasks created).
    uint32 public latestTaskNum;
    mapping(uint32 => bytes32) public allTaskHashes;
    mapping(uint32 => bytes32) public allTaskResponses;
    mapping(uint32 => bool) public taskSuccessfullyChallenged;
    /// @notice Where operators attest correct responses the aggregator left unanswered
    /// (created with this contract; see `ResponseAttestations`).
    ResponseAttestations public immutable attestations;
    /// @notice Where successful challenges assign faults to operators in bounded batches
    /// (created with this contract; see `FaultLedger`).
    FaultLedger public immutable faultLedger;

    address public aggregator;
    address public generator;

    modifier onlyAggregator() {
        require(msg.sender == aggregator, "Aggregator must be the caller");
        _;
    }

    modifier onlyTaskGenerator() {
        require(msg.sender == generator, "Task generator must be the caller");
        _;
    }

    constructor(
        IRegistryCoordinator _registryCoordinator,
        uint32 _taskResponseWindowBlock,
        address _aggregator,
        address _generator
    ) BLSSignatureChecker(_registryCoordinator) {
        TASK_RESPONSE_WINDOW_BLOCK = _taskResponseWindowBlock;
        attestations = new ResponseAttestations(IAttestedTaskManager(address(this)));
        faultLedger = new FaultLedger(IFaultLedgerTaskManager(address(this)));
        _setAggregator(_aggregator);
        _setGenerator(_generator);
    }

    // ---------------------------------------------------------------- roles

    function setAggregator(address newAggregator) external onlyOwner {
        _setAggregator(newAggregator);
    }

    function setGenerator(address newGenerator) external onlyOwner {
        _setGenerator(newGenerator);
    }

    function _setAggregator(address newAggregator) internal {
        emit AggregatorUpdated(aggregator, newAggregator);
        aggregator = newAggregator;
    }

    function _setGenerator(address newGenerator) internal {
        emit GeneratorUpdated(generator, newGenerator);
        generator = newGenerator;
    }

    // ---------------------------------------------------------------- tasks

    /// @notice Publishes a new task; its index is the current `latestTaskNum`.
    function createNewTask(
        uint256 numberToBeSquared,
        uint32 quorumThresholdPercentage,
        bytes calldata quorumNumbers
    ) external onlyTaskGenerator {
        // Upstream truncates the threshold to uint8 when checking; reject what cannot be met.
        require(
            quorumThresholdPercentage <= THRESHOLD_DENOMINATOR,
            "quorumThresholdPercentage must be at most 100"
        );
        // A task over no quorum, or over quorums that do not exist, could never be answered
        // nor blamed on anyone; refuse it up front (reverts with BitmapUtils' reasons).
        require(quorumNumbers.length > 0, "quorumNumbers must not be empty");
        BitmapUtils.orderedBytesArrayToBitmap(quorumNumbers, registryCoordinator.quorumCount());
        Task memory newTask = Task({
            numberToBeSquared: numberToBeSquared,
            taskCreatedBlock: uint32(block.number),
            quorumNumbers: quorumNumbers,
            quorumThresholdPercentage: quorumThresholdPercentage
        });
        allTaskHashes[latestTaskNum] = keccak256(abi.encode(newTask));
        emit NewTaskCreated(latestTaskNum, newTask);
        latestTaskNum = latestTaskNum + 1;
    }

    /// @notice Records the aggregated, BLS-verified response to a task.
    function respondToTask(
        Task calldata task,
        TaskResponse calldata taskResponse,
        NonSignerStakesAndSignature memory nonSignerStakesAndSignature
    ) external onlyAggregator {
        uint32 taskIndex = taskResponse.referenceTaskIndex;
        require(
            keccak256(abi.encode(task)) == allTaskHashes[taskIndex],
            "supplied task does not match the one recorded in the contract"
        );
        require(
            allTaskResponses[taskIndex] == bytes32(0),
            "Aggregator has already responded to the task"
        );
        require(
            uint32(block.number) <= task.taskCreatedBlock + TASK_RESPONSE_WINDOW_BLOCK,
            "Aggregator has responded to the task too late"
        );

        bytes32 message = keccak256(abi.encode(taskResponse));
        (QuorumStakeTotals memory totals, bytes32 hashOfNonSigners) = checkSignatures(
            message, task.quorumNumbers, task.taskCreatedBlock, nonSignerStakesAndSignature
        );
        for (uint256 i = 0; i < task.quorumNumbers.length; i++) {
            require(
                uint256(totals.signedStakeForQuorum[i]) * THRESHOLD_DENOMINATOR
                    >= uint256(totals.totalStakeForQuorum[i]) * task.quorumThresholdPercentage,
                "Signatories do not own at least threshold percentage of a quorum"
            );
        }

        TaskResponseMetadata memory metadata =
            TaskResponseMetadata(uint32(block.number), hashOfNonSigners);
        allTaskResponses[taskIndex] = keccak256(abi.encode(taskResponse, metadata));
        emit TaskResponded(taskResponse, metadata);
        emit TaskCompleted(taskIndex);
    }

    // ---------------------------------------------------------------- challenges

    /// @notice Challenges a recorded response. If the answer is not the square of the task's
    /// number, every operator that signed it (the task's quorum members at `taskCreatedBlock`
    /// minus the non-signers, which must hash to the recorded `hashOfNonSigners`) is held at
    /// fault: the `FaultLedger` walks the first entries of the quorum lists here and the rest
    /// in later `assignFaults` calls.
    function raiseAndResolveChallenge(
        Task calldata task,
        TaskResponse calldata taskResponse,
        TaskResponseMetadata calldata taskResponseMetadata,
        BN254.G1Point[] memory pubkeysOfNonSigningOperators
    ) external {
        uint32 taskIndex = taskResponse.referenceTaskIndex;
        // Upstream never checked this, letting a challenger invent the task's number.
        require(
            keccak256(abi.encode(task)) == allTaskHashes[taskIndex],
            "supplied task does not match the one recorded in the contract"
        );
        require(allTaskResponses[taskIndex] != bytes32(0), "Task hasn't been responded to yet");
        require(
            allTaskResponses[taskIndex]
                == keccak256(abi.encode(taskResponse, taskResponseMetadata)),
            "Task response does not match the one recorded in the contract"
        );
        require(
            !taskSuccessfullyChallenged[taskIndex],
            "The response to this task has already been challenged successfully."
        );
        require(
            uint32(block.number)
                <= taskResponseMetadata.taskRespondedBlock + TASK_CHALLENGE_WINDOW_BLOCK,
            "The challenge period for this task has already expired."
        );

        // Checked arithmetic: a square beyond 2^256 can never equal a uint256 answer.
        (bool fits, uint256 square) = _trySquare(task.numberToBeSquared);
        if (fits && square == taskResponse.numberSquared) {
            emit TaskChallengedUnsuccessfully(taskIndex, msg.sender);
            return;
        }

        bytes32[] memory nonSignerIds = new bytes32[](pubkeysOfNonSigningOperators.length);
        for (uint256 i = 0; i < nonSignerIds.length; i++) {
            nonSignerIds[i] = BN254.hashG1Point(pubkeysOfNonSigningOperators[i]);
        }
        require(
            keccak256(abi.encodePacked(task.taskCreatedBlock, nonSignerIds))
                == taskResponseMetadata.hashOfNonSigners,
            "The pubkeys of non-signing operators supplied by the challenger are not correct."
        );

        taskSuccessfullyChallenged[taskIndex] = true;
        emit TaskChallengedSuccessfully(taskIndex, msg.sender);
        faultLedger.open(
            taskIndex,
            FaultReason.WrongResponse,
            task,
            nonSignerIds,
            taskResponseMetadata.hashOfNonSigners
        );
    }

    /// @notice Challenges a task that got no response within its response window. Fault rule:
    /// every operator with non-zero stake in one of the task's quorums at `taskCreatedBlock` is
    /// held at fault (together they held the stake that had to sign), except those that
    /// attested the correct response (`ResponseAttestations.attestResponse`); zero-stake members are not, since
    /// their signatures could not have changed the outcome. When the attesters hold the
    /// threshold of every quorum, nobody is held at fault and `AggregatorFault` is emitted: the
    /// response existed, the aggregator did not post it. Open from the first block after the
    /// response window for `TASK_CHALLENGE_WINDOW_BLOCK` blocks. The operators at fault are
    /// assigned by the `FaultLedger`, in bounded batches like a wrong response's.
    function raiseNoResponseChallenge(uint32 taskIndex, Task calldata task) external {
        require(
            keccak256(abi.encode(task)) == allTaskHashes[taskIndex],
            "supplied task does not match the one recorded in the contract"
        );
        require(allTaskResponses[taskIndex] == bytes32(0), "Task has been responded to");
        require(
            uint32(block.number) > task.taskCreatedBlock + TASK_RESPONSE_WINDOW_BLOCK,
            "The response window for this task has not passed yet"
        );
        require(
            !taskSuccessfullyChallenged[taskIndex],
            "The response to this task has already been challenged successfully."
        );
        require(
            uint32(block.number)
                <= task.taskCreatedBlock + TASK_RESPONSE_WINDOW_BLOCK + TASK_CHALLENGE_WINDOW_BLOCK,
            "The challenge period for this task has already expired."
        );

        taskSuccessfullyChallenged[taskIndex] = true;
        emit TaskChallengedSuccessfully(taskIndex, msg.sender);
        (bool aggregatorAtFault,) = attestations.noResponseVerdict(taskIndex, task);
        if (aggregatorAtFault) {
            // The operators did their part; the aggregator did not post it.
            emit AggregatorFault(taskIndex, aggregator);
            return;
        }
        faultLedger.open(taskIndex, FaultReason.NoResponse, task, new bytes32[](0), bytes32(0));
    }

    // ---------------------------------------------------------------- views

    function taskNumber() external view returns (uint32) {
        return latestTaskNum;
    }

    function getTaskResponseWindowBlock() external view returns (uint32) {
        return TASK_RESPONSE_WINDOW_BLOCK;
    }

    // ---------------------------------------------------------------- internals

    function _trySquare(uint256 n) internal pure returns (bool, uint256) {
        unchecked {
            if (n == 0) return (true, 0);
            uint256 sq = n * n;
            if (sq / n != n) return (false, 0);
            return (true, sq);
        }
    }
}
