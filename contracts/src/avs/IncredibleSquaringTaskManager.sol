// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {BN254} from "../eigenlayer/libraries/BN254.sol";
import {IRegistryCoordinator} from "../eigenlayer/interfaces/IRegistryCoordinator.sol";
import {IIndexRegistry} from "../eigenlayer/interfaces/IIndexRegistry.sol";
import {BLSSignatureChecker} from "../eigenlayer/middleware/BLSSignatureChecker.sol";
import {OperatorStateRetriever} from "../eigenlayer/middleware/OperatorStateRetriever.sol";
import {IIncredibleSquaringTaskManager} from "./IIncredibleSquaringTaskManager.sol";
import {IIncredibleSquaringServiceManager} from "./IIncredibleSquaringServiceManager.sol";
import {Ownable} from "../eigenlayer/libraries/Ownable.sol";
import {BitmapUtils} from "../eigenlayer/libraries/BitmapUtils.sol";

/// @title Task creation, BLS-verified responses and challenges of the incredible-squaring AVS.
/// @notice Differences from the upstream example: challenges bind the supplied task to its
/// stored hash; `TaskCompleted` is emitted when a response is accepted; a missing response can
/// be challenged; a successful challenge asks the ServiceManager to freeze the operators at
/// fault (the veto committee may stop it there).
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
    /// @notice Whether an operator attested the correct response to an unanswered task.
    mapping(uint32 => mapping(bytes32 => bool)) public responseAttested;
    /// @notice Stake (at `taskCreatedBlock`) of the attesting operators, per task and quorum.
    mapping(uint32 => mapping(uint8 => uint256)) public attestedStake;
    /// @dev Attesting operator ids per task, excluded from a no-response fault.
    mapping(uint32 => bytes32[]) internal _attesters;

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
    /// fault and a freeze request is raised against each.
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
        address[] memory atFault = _operatorsAtFault(task, nonSignerIds, false);
        emit TaskChallengedSuccessfully(taskIndex, msg.sender);
        _blame(taskIndex, FaultReason.WrongResponse, atFault);
    }

    /// @notice Challenges a task that got no response within its response window. Fault rule:
    /// every operator with non-zero stake in one of the task's quorums at `taskCreatedBlock` is
    /// held at fault (together they held the stake that had to sign), except those that
    /// attested the correct response (`attestResponse`); zero-stake members are not, since
    /// their signatures could not have changed the outcome. When the attesters hold the
    /// threshold of every quorum, nobody is held at fault and `AggregatorFault` is emitted: the
    /// response existed, the aggregator did not post it. Open from the first block after the
    /// response window for `TASK_CHALLENGE_WINDOW_BLOCK` blocks.
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
        if (_attestedThresholdMet(task, taskIndex)) {
            // The operators did their part; the aggregator did not post it.
            emit AggregatorFault(taskIndex, aggregator);
            _blame(taskIndex, FaultReason.NoResponse, new address[](0));
            return;
        }
        address[] memory atFault = _operatorsAtFault(task, _attesters[taskIndex], true);
        _blame(taskIndex, FaultReason.NoResponse, atFault);
    }

    // ---------------------------------------------------------------- attestations

    /// @notice Records that the calling operator signed the correct response to an unanswered
    /// task: the task must match its stored hash, have no response, and be inside its response
    /// window; the answer must be the square; the caller must have had stake in one of the
    /// task's quorums at `taskCreatedBlock`; and the BLS signature over
    /// keccak256(abi.encode(taskResponse)) must verify against the caller's registered G1 key,
    /// with `pubkeyG2` as its G2 counterpart (checked together in one pairing).
    function attestResponse(
        Task calldata task,
        TaskResponse calldata taskResponse,
        BN254.G1Point calldata signature,
        BN254.G2Point calldata pubkeyG2
    ) external {
        uint32 taskIndex = taskResponse.referenceTaskIndex;
        require(
            keccak256(abi.encode(task)) == allTaskHashes[taskIndex],
            "supplied task does not match the one recorded in the contract"
        );
        require(allTaskResponses[taskIndex] == bytes32(0), "Task has been responded to");
        require(
            uint32(block.number) <= task.taskCreatedBlock + TASK_RESPONSE_WINDOW_BLOCK,
            "The response window for this task has passed"
        );
        (bool fits, uint256 square) = _trySquare(task.numberToBeSquared);
        require(
            fits && square == taskResponse.numberSquared, "Only the correct square can be attested"
        );
        (BN254.G1Point memory pubkeyG1, bytes32 operatorId) =
            blsApkRegistry.getRegisteredPubkey(msg.sender);
        require(!responseAttested[taskIndex][operatorId], "Response already attested");

        bool staked;
        for (uint256 q = 0; q < task.quorumNumbers.length; q++) {
            uint96 stake = _stakeAt(operatorId, uint8(task.quorumNumbers[q]), task.taskCreatedBlock);
            if (stake == 0) continue;
            staked = true;
            attestedStake[taskIndex][uint8(task.quorumNumbers[q])] += stake;
        }
        require(staked, "Operator had no stake in the task's quorums at its creation block");

        (bool pairingOk, bool signatureOk) = trySignatureAndApkVerification(
            keccak256(abi.encode(taskResponse)), pubkeyG1, pubkeyG2, signature
        );
        require(pairingOk && signatureOk, "Signature does not verify against the operator's key");

        responseAttested[taskIndex][operatorId] = true;
        _attesters[taskIndex].push(operatorId);
        emit ResponseAttested(taskIndex, operatorId, msg.sender);
    }

    // ---------------------------------------------------------------- views

    function taskNumber() external view returns (uint32) {
        return latestTaskNum;
    }

    function getTaskResponseWindowBlock() external view returns (uint32) {
        return TASK_RESPONSE_WINDOW_BLOCK;
    }

    // ---------------------------------------------------------------- internals

    /// @dev An operator's stake in a quorum at a block; 0 when it had no stake history there.
    function _stakeAt(bytes32 operatorId, uint8 quorumNumber, uint32 blockNumber)
        internal
        view
        returns (uint96)
    {
        try stakeRegistry.getStakeAtBlockNumber(operatorId, quorumNumber, blockNumber) returns (
            uint96 stake
        ) {
            return stake;
        } catch {
            return 0;
        }
    }

    /// @dev Whether the attesters hold the task's threshold of every quorum's total stake at
    /// `taskCreatedBlock` (an empty quorum cannot be met).
    function _attestedThresholdMet(Task calldata task, uint32 taskIndex)
        internal
        view
        returns (bool)
    {
        if (_attesters[taskIndex].length == 0) return false;
        uint32[] memory indices = stakeRegistry.getTotalStakeIndicesAtBlockNumber(
            task.taskCreatedBlock, task.quorumNumbers
        );
        for (uint256 q = 0; q < task.quorumNumbers.length; q++) {
            uint8 quorumNumber = uint8(task.quorumNumbers[q]);
            uint256 total = stakeRegistry.getTotalStakeAtBlockNumberFromIndex(
                quorumNumber, task.taskCreatedBlock, indices[q]
            );
            if (total == 0) return false;
            if (
                attestedStake[taskIndex][quorumNumber] * THRESHOLD_DENOMINATOR
                    < total * task.quorumThresholdPercentage
            ) return false;
        }
        return true;
    }

    function _trySquare(uint256 n) internal pure returns (bool, uint256) {
        unchecked {
            if (n == 0) return (true, 0);
            uint256 sq = n * n;
            if (sq / n != n) return (false, 0);
            return (true, sq);
        }
    }

    /// @dev Members of the task's quorums at `taskCreatedBlock`, deduplicated across quorums,
    /// excluding `excludedIds`; with `stakedOnly`, only members with stake in that quorum.
    function _operatorsAtFault(Task calldata task, bytes32[] memory excludedIds, bool stakedOnly)
        internal
        view
        returns (address[] memory)
    {
        IIndexRegistry indexRegistry = registryCoordinator.indexRegistry();
        uint256 upperBound;
        bytes32[][] memory lists = new bytes32[][](task.quorumNumbers.length);
        for (uint256 q = 0; q < task.quorumNumbers.length; q++) {
            lists[q] = indexRegistry.getOperatorListAtBlockNumber(
                uint8(task.quorumNumbers[q]), task.taskCreatedBlock
            );
            upperBound += lists[q].length;
        }
        bytes32[] memory chosen = new bytes32[](upperBound);
        uint256 count;
        for (uint256 q = 0; q < lists.length; q++) {
            for (uint256 j = 0; j < lists[q].length; j++) {
                bytes32 id = lists[q][j];
                if (_contains(excludedIds, id, excludedIds.length)) continue;
                if (_contains(chosen, id, count)) continue;
                if (
                    stakedOnly
                        && stakeRegistry.getStakeAtBlockNumber(
                                id, uint8(task.quorumNumbers[q]), task.taskCreatedBlock
                            ) == 0
                ) continue;
                chosen[count++] = id;
            }
        }
        address[] memory operators = new address[](count);
        for (uint256 i = 0; i < count; i++) {
            operators[i] = blsApkRegistry.getOperatorFromPubkeyHash(chosen[i]);
        }
        return operators;
    }

    function _contains(bytes32[] memory list, bytes32 id, uint256 len)
        internal
        pure
        returns (bool)
    {
        for (uint256 i = 0; i < len; i++) {
            if (list[i] == id) return true;
        }
        return false;
    }

    function _blame(uint32 taskIndex, FaultReason reason, address[] memory operators) internal {
        emit OperatorsAtFault(taskIndex, reason, operators);
        if (operators.length == 0) return;
        IIncredibleSquaringServiceManager(address(registryCoordinator.serviceManager()))
            .requestFreezes(operators, taskIndex, uint8(reason));
    }
}
