// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {AvsTestBase} from "./AvsTestBase.sol";
import {BlsFixtures} from "./fixtures/BlsFixtures.sol";
import {BN254} from "../../src/eigenlayer/libraries/BN254.sol";
import {IBLSSignatureChecker} from "../../src/eigenlayer/interfaces/IBLSSignatureChecker.sol";
import {IIncredibleSquaringTaskManager} from "../../src/avs/IIncredibleSquaringTaskManager.sol";
import {
    IIncredibleSquaringServiceManager
} from "../../src/avs/IIncredibleSquaringServiceManager.sol";

contract IncredibleSquaringTaskManagerTest is AvsTestBase {
    uint256 internal constant ALL = 0xF;
    uint256 internal constant RIGHT = 9;
    uint256 internal constant WRONG = 10;

    event NewTaskCreated(uint32 indexed taskIndex, IIncredibleSquaringTaskManager.Task task);
    event TaskResponded(
        IIncredibleSquaringTaskManager.TaskResponse taskResponse,
        IIncredibleSquaringTaskManager.TaskResponseMetadata taskResponseMetadata
    );
    event TaskCompleted(uint32 indexed taskIndex);
    event TaskChallengedSuccessfully(uint32 indexed taskIndex, address indexed challenger);
    event TaskChallengedUnsuccessfully(uint32 indexed taskIndex, address indexed challenger);
    event OperatorsAtFault(
        uint32 indexed taskIndex,
        IIncredibleSquaringTaskManager.FaultReason reason,
        address[] operators
    );
    event FreezeRequested(
        uint256 indexed requestId,
        address indexed operator,
        uint32 indexed taskIndex,
        uint8 reason,
        uint32 vetoDeadlineBlock
    );
    event AggregatorUpdated(address indexed oldAggregator, address indexed newAggregator);

    // ---------------------------------------------------------------- fixtures sanity

    function test_fixturePublicKeysMatchPrecompile() public view {
        for (uint256 i = 0; i < 4; i++) {
            BN254.G1Point memory p = BN254.scalar_mul(BN254.generatorG1(), BlsFixtures.secretKey(i));
            uint256[2] memory g1 = BlsFixtures.pubkeyG1(i);
            assertEq(p.X, g1[0]);
            assertEq(p.Y, g1[1]);
            assertEq(operatorIds[i], keccak256(abi.encodePacked(g1[0], g1[1])));
        }
    }

    // ---------------------------------------------------------------- roles

    function test_constructorSetsRoles() public view {
        assertEq(taskManager.aggregator(), aggregator);
        assertEq(taskManager.generator(), generator);
        assertEq(taskManager.owner(), address(this));
        assertEq(taskManager.TASK_RESPONSE_WINDOW_BLOCK(), RESPONSE_WINDOW);
        assertEq(taskManager.getTaskResponseWindowBlock(), RESPONSE_WINDOW);
        assertEq(taskManager.TASK_CHALLENGE_WINDOW_BLOCK(), 100);
    }

    function test_setAggregator_ownerOnly() public {
        vm.prank(outsider);
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        taskManager.setAggregator(outsider);

        vm.expectEmit(true, true, false, false, address(taskManager));
        emit AggregatorUpdated(aggregator, outsider);
        taskManager.setAggregator(outsider);
        assertEq(taskManager.aggregator(), outsider);
    }

    function test_setGenerator_ownerOnly() public {
        vm.prank(outsider);
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        taskManager.setGenerator(outsider);
        taskManager.setGenerator(outsider);
        assertEq(taskManager.generator(), outsider);
    }

    // ---------------------------------------------------------------- createNewTask

    function test_createNewTask_storesHashAndEmits() public {
        IIncredibleSquaringTaskManager.Task memory expected =
            IIncredibleSquaringTaskManager.Task(3, uint32(block.number), QUORUM_0, 100);
        vm.expectEmit(true, false, false, true, address(taskManager));
        emit NewTaskCreated(0, expected);
        vm.prank(generator);
        taskManager.createNewTask(3, 100, QUORUM_0);
        assertEq(taskManager.allTaskHashes(0), keccak256(abi.encode(expected)));
        assertEq(taskManager.latestTaskNum(), 1);
        assertEq(taskManager.taskNumber(), 1);
    }

    function test_createNewTask_revertsForNonGenerator() public {
        vm.prank(aggregator);
        vm.expectRevert(bytes("Task generator must be the caller"));
        taskManager.createNewTask(3, 100, QUORUM_0);
    }

    function test_createNewTask_revertsAboveHundredPercent() public {
        vm.prank(generator);
        vm.expectRevert(bytes("quorumThresholdPercentage must be at most 100"));
        taskManager.createNewTask(3, 101, QUORUM_0);
    }

    function test_createNewTask_revertsOnBadQuorums() public {
        vm.startPrank(generator);
        vm.expectRevert(bytes("quorumNumbers must not be empty"));
        taskManager.createNewTask(3, 100, "");
        vm.expectRevert(bytes("BitmapUtils.orderedBytesArrayToBitmap: bitmap exceeds max value"));
        taskManager.createNewTask(3, 100, hex"01");
        vm.expectRevert(
            bytes("BitmapUtils.orderedBytesArrayToBitmap: orderedBytesArray is not ordered")
        );
        taskManager.createNewTask(3, 100, hex"0000");
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- respondToTask

    function test_respondToTask_allSigners() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        IBLSSignatureChecker.NonSignerStakesAndSignature memory p =
            _signedBundle(task, index, RIGHT, ALL);
        IIncredibleSquaringTaskManager.TaskResponse memory response =
            IIncredibleSquaringTaskManager.TaskResponse(index, RIGHT);
        bytes32 hashOfNonSigners = keccak256(abi.encodePacked(task.taskCreatedBlock));
        IIncredibleSquaringTaskManager.TaskResponseMetadata memory metadata =
            IIncredibleSquaringTaskManager.TaskResponseMetadata(
                uint32(block.number), hashOfNonSigners
            );

        vm.expectEmit(false, false, false, true, address(taskManager));
        emit TaskResponded(response, metadata);
        vm.expectEmit(true, false, false, true, address(taskManager));
        emit TaskCompleted(index);
        vm.prank(aggregator);
        taskManager.respondToTask(task, response, p);
        assertEq(taskManager.allTaskResponses(index), keccak256(abi.encode(response, metadata)));
    }

    function test_respondToTask_withNonSignerAboveThreshold() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 60);
        // Operators 1..3 hold 9000 of 10000 stake; operator 0 does not sign.
        (,, BN254.G1Point[] memory nonSigners) = _respond(task, index, RIGHT, 0xE);
        assertEq(nonSigners.length, 1);
        assertTrue(taskManager.allTaskResponses(index) != bytes32(0));
    }

    function test_respondToTask_revertsForNonAggregator() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        IBLSSignatureChecker.NonSignerStakesAndSignature memory p =
            _signedBundle(task, index, RIGHT, ALL);
        vm.prank(generator);
        vm.expectRevert(bytes("Aggregator must be the caller"));
        taskManager.respondToTask(
            task, IIncredibleSquaringTaskManager.TaskResponse(index, RIGHT), p
        );
    }

    function test_respondToTask_revertsOnTaskMismatch() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        IBLSSignatureChecker.NonSignerStakesAndSignature memory p =
            _signedBundle(task, index, RIGHT, ALL);
        task.numberToBeSquared = 4;
        vm.prank(aggregator);
        vm.expectRevert(bytes("supplied task does not match the one recorded in the contract"));
        taskManager.respondToTask(
            task, IIncredibleSquaringTaskManager.TaskResponse(index, RIGHT), p
        );
    }

    function test_respondToTask_revertsWhenAlreadyResponded() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        _respond(task, index, RIGHT, ALL);
        IBLSSignatureChecker.NonSignerStakesAndSignature memory p =
            _signedBundle(task, index, RIGHT, ALL);
        vm.prank(aggregator);
        vm.expectRevert(bytes("Aggregator has already responded to the task"));
        taskManager.respondToTask(
            task, IIncredibleSquaringTaskManager.TaskResponse(index, RIGHT), p
        );
    }

    function test_respondToTask_revertsWhenTooLate() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        IBLSSignatureChecker.NonSignerStakesAndSignature memory p =
            _signedBundle(task, index, RIGHT, ALL);
        vm.roll(task.taskCreatedBlock + RESPONSE_WINDOW + 1);
        vm.prank(aggregator);
        vm.expectRevert(bytes("Aggregator has responded to the task too late"));
        taskManager.respondToTask(
            task, IIncredibleSquaringTaskManager.TaskResponse(index, RIGHT), p
        );
    }

    function test_respondToTask_acceptsOnLastBlockOfWindow() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        vm.roll(task.taskCreatedBlock + RESPONSE_WINDOW);
        _respond(task, index, RIGHT, ALL);
        assertTrue(taskManager.allTaskResponses(index) != bytes32(0));
    }

    function test_respondToTask_revertsOnSignatureOverAnotherAnswer() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        // Signatures over 10, submitted as a response of 9.
        IBLSSignatureChecker.NonSignerStakesAndSignature memory p =
            _signedBundle(task, index, WRONG, ALL);
        vm.prank(aggregator);
        vm.expectRevert(bytes("BLSSignatureChecker.checkSignatures: signature is invalid"));
        taskManager.respondToTask(
            task, IIncredibleSquaringTaskManager.TaskResponse(index, RIGHT), p
        );
    }

    function test_respondToTask_revertsBelowThreshold() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        IBLSSignatureChecker.NonSignerStakesAndSignature memory p =
            _signedBundle(task, index, RIGHT, 0x7);
        vm.prank(aggregator);
        vm.expectRevert(bytes("Signatories do not own at least threshold percentage of a quorum"));
        taskManager.respondToTask(
            task, IIncredibleSquaringTaskManager.TaskResponse(index, RIGHT), p
        );
    }

    function test_respondToTask_thresholdIsInclusive() public {
        // Operators 0,1,3 hold 7000 of 10000 = exactly 70 %.
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 70);
        _respond(task, index, RIGHT, 0xB);
        assertTrue(taskManager.allTaskResponses(index) != bytes32(0));
    }

    // ---------------------------------------------------------------- raiseAndResolveChallenge

    function test_challenge_correctAnswerIsUnsuccessful() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        (
            IIncredibleSquaringTaskManager.TaskResponse memory response,
            IIncredibleSquaringTaskManager.TaskResponseMetadata memory metadata,
            BN254.G1Point[] memory nonSigners
        ) = _respond(task, index, RIGHT, ALL);
        vm.expectEmit(true, true, false, false, address(taskManager));
        emit TaskChallengedUnsuccessfully(index, challenger);
        vm.prank(challenger);
        taskManager.raiseAndResolveChallenge(task, response, metadata, nonSigners);
        assertFalse(taskManager.taskSuccessfullyChallenged(index));
        assertEq(serviceManager.freezeRequestCount(), 0);
    }

    function test_challenge_wrongAnswerFreezesSignersOnly() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 50);
        // Operator 2 does not sign the wrong answer; 0, 1 and 3 do.
        (
            IIncredibleSquaringTaskManager.TaskResponse memory response,
            IIncredibleSquaringTaskManager.TaskResponseMetadata memory metadata,
            BN254.G1Point[] memory nonSigners
        ) = _respond(task, index, WRONG, 0xB);
        address[] memory blamed = _operatorsInMask(0xB);

        vm.expectEmit(true, true, false, false, address(taskManager));
        emit TaskChallengedSuccessfully(index, challenger);
        vm.expectEmit(true, false, false, true, address(taskManager.faultLedger()));
        emit OperatorsAtFault(
            index, IIncredibleSquaringTaskManager.FaultReason.WrongResponse, blamed
        );
        vm.expectEmit(true, true, true, true, address(serviceManager));
        emit FreezeRequested(0, operators[0], index, 0, uint32(block.number) + VETO_WINDOW);
        vm.prank(challenger);
        taskManager.raiseAndResolveChallenge(task, response, metadata, nonSigners);

        assertTrue(taskManager.taskSuccessfullyChallenged(index));
        assertEq(serviceManager.freezeRequestCount(), 3);
        for (uint256 r = 0; r < 3; r++) {
            IIncredibleSquaringServiceManager.FreezeRequest memory req =
                serviceManager.getFreezeRequest(r);
            assertEq(req.operator, blamed[r]);
            assertEq(req.taskIndex, index);
            assertEq(req.reason, 0);
            assertEq(
                uint256(req.status), uint256(IIncredibleSquaringServiceManager.FreezeStatus.Pending)
            );
        }
    }

    function test_challenge_revertsOnForgedTask() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        (
            IIncredibleSquaringTaskManager.TaskResponse memory response,
            IIncredibleSquaringTaskManager.TaskResponseMetadata memory metadata,
            BN254.G1Point[] memory nonSigners
        ) = _respond(task, index, RIGHT, ALL);
        // Upstream accepted this and "proved" a correct answer wrong.
        task.numberToBeSquared = 4;
        vm.expectRevert(bytes("supplied task does not match the one recorded in the contract"));
        taskManager.raiseAndResolveChallenge(task, response, metadata, nonSigners);
    }

    function test_challenge_revertsWhenNotResponded() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        vm.expectRevert(bytes("Task hasn't been responded to yet"));
        taskManager.raiseAndResolveChallenge(
            task,
            IIncredibleSquaringTaskManager.TaskResponse(index, WRONG),
            IIncredibleSquaringTaskManager.TaskResponseMetadata(uint32(block.number), bytes32(0)),
            new BN254.G1Point[](0)
        );
    }

    function test_challenge_revertsOnResponseMismatch() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        (
            IIncredibleSquaringTaskManager.TaskResponse memory response,
            IIncredibleSquaringTaskManager.TaskResponseMetadata memory metadata,
            BN254.G1Point[] memory nonSigners
        ) = _respond(task, index, RIGHT, ALL);
        response.numberSquared = WRONG;
        vm.expectRevert(bytes("Task response does not match the one recorded in the contract"));
        taskManager.raiseAndResolveChallenge(task, response, metadata, nonSigners);
    }

    function test_challenge_revertsWhenAlreadyChallenged() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        (
            IIncredibleSquaringTaskManager.TaskResponse memory response,
            IIncredibleSquaringTaskManager.TaskResponseMetadata memory metadata,
            BN254.G1Point[] memory nonSigners
        ) = _respond(task, index, WRONG, ALL);
        taskManager.raiseAndResolveChallenge(task, response, metadata, nonSigners);
        vm.expectRevert(
            bytes("The response to this task has already been challenged successfully.")
        );
        taskManager.raiseAndResolveChallenge(task, response, metadata, nonSigners);
    }

    function test_challenge_revertsAfterChallengeWindow() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        (
            IIncredibleSquaringTaskManager.TaskResponse memory response,
            IIncredibleSquaringTaskManager.TaskResponseMetadata memory metadata,
            BN254.G1Point[] memory nonSigners
        ) = _respond(task, index, WRONG, ALL);
        vm.roll(metadata.taskRespondedBlock + 101);
        vm.expectRevert(bytes("The challenge period for this task has already expired."));
        taskManager.raiseAndResolveChallenge(task, response, metadata, nonSigners);
    }

    function test_challenge_acceptedOnLastBlockOfWindow() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        (
            IIncredibleSquaringTaskManager.TaskResponse memory response,
            IIncredibleSquaringTaskManager.TaskResponseMetadata memory metadata,
            BN254.G1Point[] memory nonSigners
        ) = _respond(task, index, WRONG, ALL);
        vm.roll(metadata.taskRespondedBlock + 100);
        taskManager.raiseAndResolveChallenge(task, response, metadata, nonSigners);
        assertTrue(taskManager.taskSuccessfullyChallenged(index));
    }

    function test_challenge_revertsOnWrongNonSignerList() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 50);
        (
            IIncredibleSquaringTaskManager.TaskResponse memory response,
            IIncredibleSquaringTaskManager.TaskResponseMetadata memory metadata,
        ) = _respond(task, index, WRONG, 0xB);
        // Claim that nobody abstained (which would blame operator 2 as well).
        vm.expectRevert(
            bytes(
                "The pubkeys of non-signing operators supplied by the challenger are not correct."
            )
        );
        taskManager.raiseAndResolveChallenge(task, response, metadata, new BN254.G1Point[](0));
    }

    function test_challenge_squareBeyondUint256IsAlwaysWrong() public {
        // (2^128)^2 = 2^256 does not fit a uint256, so any recorded answer is wrong.
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(2 ** 128, 100);
        (
            IIncredibleSquaringTaskManager.TaskResponse memory response,
            IIncredibleSquaringTaskManager.TaskResponseMetadata memory metadata,
            BN254.G1Point[] memory nonSigners
        ) = _respond(task, index, RIGHT, ALL);
        taskManager.raiseAndResolveChallenge(task, response, metadata, nonSigners);
        assertTrue(taskManager.taskSuccessfullyChallenged(index));
    }

    // ---------------------------------------------------------------- raiseNoResponseChallenge

    function test_noResponse_blamesEveryStakedOperator() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        vm.roll(task.taskCreatedBlock + RESPONSE_WINDOW + 1);
        vm.expectEmit(true, true, false, false, address(taskManager));
        emit TaskChallengedSuccessfully(index, challenger);
        vm.expectEmit(true, false, false, true, address(taskManager.faultLedger()));
        emit OperatorsAtFault(
            index, IIncredibleSquaringTaskManager.FaultReason.NoResponse, _operatorsInMask(ALL)
        );
        vm.prank(challenger);
        taskManager.raiseNoResponseChallenge(index, task);
        assertTrue(taskManager.taskSuccessfullyChallenged(index));
        assertEq(serviceManager.freezeRequestCount(), 4);
        assertEq(serviceManager.getFreezeRequest(3).reason, 1);
    }

    function test_noResponse_revertsInsideResponseWindow() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        vm.roll(task.taskCreatedBlock + RESPONSE_WINDOW);
        vm.expectRevert(bytes("The response window for this task has not passed yet"));
        taskManager.raiseNoResponseChallenge(index, task);
    }

    function test_noResponse_revertsWhenResponded() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        _respond(task, index, RIGHT, ALL);
        vm.roll(task.taskCreatedBlock + RESPONSE_WINDOW + 1);
        vm.expectRevert(bytes("Task has been responded to"));
        taskManager.raiseNoResponseChallenge(index, task);
    }

    function test_noResponse_revertsOnTaskMismatch() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        vm.roll(task.taskCreatedBlock + RESPONSE_WINDOW + 1);
        task.taskCreatedBlock -= 1;
        vm.expectRevert(bytes("supplied task does not match the one recorded in the contract"));
        taskManager.raiseNoResponseChallenge(index, task);
    }

    function test_noResponse_revertsOnUnknownTask() public {
        (IIncredibleSquaringTaskManager.Task memory task,) = _createTask(3, 100);
        vm.roll(task.taskCreatedBlock + RESPONSE_WINDOW + 1);
        vm.expectRevert(bytes("supplied task does not match the one recorded in the contract"));
        taskManager.raiseNoResponseChallenge(7, task);
    }

    function test_noResponse_revertsWhenAlreadyChallenged() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        vm.roll(task.taskCreatedBlock + RESPONSE_WINDOW + 1);
        taskManager.raiseNoResponseChallenge(index, task);
        vm.expectRevert(
            bytes("The response to this task has already been challenged successfully.")
        );
        taskManager.raiseNoResponseChallenge(index, task);
    }

    function test_noResponse_revertsAfterChallengeWindow() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        vm.roll(task.taskCreatedBlock + RESPONSE_WINDOW + 101);
        vm.expectRevert(bytes("The challenge period for this task has already expired."));
        taskManager.raiseNoResponseChallenge(index, task);
    }

    function test_noResponse_skipsOperatorsOutsideQuorumAtCreation() public {
        // Operator 3 leaves before the task: it is not in the quorum at taskCreatedBlock.
        vm.prank(operators[3]);
        registryCoordinator.deregisterOperator(QUORUM_0);
        vm.roll(block.number + 1);
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        vm.roll(task.taskCreatedBlock + RESPONSE_WINDOW + 1);
        taskManager.raiseNoResponseChallenge(index, task);
        assertEq(serviceManager.freezeRequestCount(), 3);
        for (uint256 r = 0; r < 3; r++) {
            assertTrue(serviceManager.getFreezeRequest(r).operator != operators[3]);
        }
    }

    function test_noResponse_exemptsZeroStakeOperators() public {
        operators[4] = vm.addr(operatorKeys[4]);
        _registerWithEigenLayer(4);
        _registerWithAvs(4);
        vm.roll(block.number + 1);
        assertEq(indexRegistry.totalOperatorsForQuorum(0), 5);
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        vm.roll(task.taskCreatedBlock + RESPONSE_WINDOW + 1);
        taskManager.raiseNoResponseChallenge(index, task);
        assertEq(serviceManager.freezeRequestCount(), 4);
        for (uint256 r = 0; r < 4; r++) {
            assertTrue(serviceManager.getFreezeRequest(r).operator != operators[4]);
        }
    }

    function test_wrongAnswer_blamesZeroStakeSigners() public {
        // Stake does not matter for a wrong answer: whoever signed it is at fault.
        operators[4] = vm.addr(operatorKeys[4]);
        _registerWithEigenLayer(4);
        _registerWithAvs(4);
        vm.roll(block.number + 1);
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        (
            IIncredibleSquaringTaskManager.TaskResponse memory response,
            IIncredibleSquaringTaskManager.TaskResponseMetadata memory metadata,
            BN254.G1Point[] memory nonSigners
        ) = _respond(task, index, WRONG, 0x1F);
        taskManager.raiseAndResolveChallenge(task, response, metadata, nonSigners);
        assertEq(serviceManager.freezeRequestCount(), 5);
        assertEq(serviceManager.getFreezeRequest(4).operator, operators[4]);
    }
}
