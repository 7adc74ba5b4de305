// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {AvsTestBase} from "./AvsTestBase.sol";
import {BlsFixtures} from "./fixtures/BlsFixtures.sol";
import {BN254} from "../../src/eigenlayer/libraries/BN254.sol";
import {IIncredibleSquaringTaskManager} from "../../src/avs/IIncredibleSquaringTaskManager.sol";
import {ResponseAttestations} from "../../src/avs/ResponseAttestations.sol";

/// @notice The fairness rule for missing responses: operators that attest the correct response
/// on chain are not held at fault; when the attesters hold the threshold, the aggregator is.
contract AttestationTest is AvsTestBase {
    uint256 internal constant RIGHT = 9;
    uint256 internal constant WRONG = 10;

    event ResponseAttested(
        uint32 indexed taskIndex, bytes32 indexed operatorId, address indexed operator
    );
    event AggregatorFault(uint32 indexed taskIndex, address indexed aggregator);
    event OperatorsAtFault(
        uint32 indexed taskIndex,
        IIncredibleSquaringTaskManager.FaultReason reason,
        address[] operators
    );
    event log_named_uint(string key, uint256 val);

    function _attest(
        IIncredibleSquaringTaskManager.Task memory task,
        uint32 index,
        uint256 op,
        uint256 signer,
        uint256 answer
    ) internal {
        _attestReverting(task, index, op, signer, answer, "");
    }

    /// @dev Operator `op` submits `signer`'s signature over `answer`, expecting a revert with
    /// `reason` unless it is empty. The book is fetched before the prank, so the prank and the
    /// expected revert apply to `attestResponse` itself.
    function _attestReverting(
        IIncredibleSquaringTaskManager.Task memory task,
        uint32 index,
        uint256 op,
        uint256 signer,
        uint256 answer,
        bytes memory reason
    ) internal {
        uint256[2] memory s = BlsFixtures.signature(signer, index, answer);
        uint256[4] memory g2 = BlsFixtures.pubkeyG2(signer);
        ResponseAttestations book = taskManager.attestations();
        if (reason.length != 0) vm.expectRevert(reason);
        vm.prank(operators[op]);
        book.attestResponse(
            task,
            IIncredibleSquaringTaskManager.TaskResponse(index, answer),
            BN254.G1Point(s[0], s[1]),
            BN254.G2Point([g2[0], g2[1]], [g2[2], g2[3]])
        );
    }

    function test_attest_recordsStakeAndEmits() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 67);
        ResponseAttestations book = taskManager.attestations();
        assertEq(address(book.taskManager()), address(taskManager));
        vm.expectEmit(true, true, true, true, address(book));
        emit ResponseAttested(index, operatorIds[3], operators[3]);
        _attest(task, index, 3, 3, RIGHT);
        assertTrue(book.responseAttested(index, operatorIds[3]));
        assertFalse(book.responseAttested(index, operatorIds[2]));
        assertEq(book.attestedStake(index, 0), stakes[3]);
        _attest(task, index, 1, 1, RIGHT);
        assertEq(book.attestedStake(index, 0), stakes[3] + stakes[1]);
        assertEq(book.attesters(index).length, 2);
        assertEq(book.attesters(index)[0], operatorIds[3]);
    }

    function test_attest_acceptedOnLastBlockOfWindow() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 67);
        vm.roll(task.taskCreatedBlock + RESPONSE_WINDOW);
        _attest(task, index, 0, 0, RIGHT);
        assertTrue(taskManager.attestations().responseAttested(index, operatorIds[0]));
    }

    function test_attest_gas() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 67);
        uint256[2] memory s = BlsFixtures.signature(2, index, RIGHT);
        uint256[4] memory g2 = BlsFixtures.pubkeyG2(2);
        IIncredibleSquaringTaskManager.TaskResponse memory response =
            IIncredibleSquaringTaskManager.TaskResponse(index, RIGHT);
        ResponseAttestations book = taskManager.attestations();
        vm.prank(operators[2]);
        uint256 g = gasleft();
        book.attestResponse(
            task, response, BN254.G1Point(s[0], s[1]), BN254.G2Point([g2[0], g2[1]], [g2[2], g2[3]])
        );
        uint256 used = g - gasleft();
        emit log_named_uint("gas attestResponse (one quorum)", used);
        assertTrue(used < 300_000, "one attestation stays cheap (measured 262k)");
    }

    function test_noResponse_exemptsAttesters() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 67);
        _attest(task, index, 0, 0, RIGHT);
        _attest(task, index, 1, 1, RIGHT); // 3000 of 10000: below 67 %
        vm.roll(task.taskCreatedBlock + RESPONSE_WINDOW + 1);
        vm.expectEmit(true, false, false, true, address(taskManager.faultLedger()));
        emit OperatorsAtFault(
            index, IIncredibleSquaringTaskManager.FaultReason.NoResponse, _operatorsInMask(0xC)
        );
        taskManager.raiseNoResponseChallenge(index, task);
        assertEq(serviceManager.freezeRequestCount(), 2);
        assertEq(serviceManager.getFreezeRequest(0).operator, operators[2]);
        assertEq(serviceManager.getFreezeRequest(1).operator, operators[3]);
    }

    function test_noResponse_isAggregatorFaultWhenAttestersHoldThreshold() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 67);
        _attest(task, index, 2, 2, RIGHT);
        _attest(task, index, 3, 3, RIGHT); // 7000 of 10000 >= 67 %
        vm.roll(task.taskCreatedBlock + RESPONSE_WINDOW + 1);
        vm.expectEmit(true, true, false, false, address(taskManager));
        emit AggregatorFault(index, aggregator);
        taskManager.raiseNoResponseChallenge(index, task);
        assertTrue(taskManager.taskSuccessfullyChallenged(index));
        assertEq(serviceManager.freezeRequestCount(), 0);
        // Nobody is held at fault: no assignment was opened.
        assertFalse(taskManager.faultLedger().getFaultAssignment(index).open);
        assertEq(taskManager.faultLedger().getFaultAssignment(index).operatorsAtFault, 0);
    }

    function test_noResponse_thresholdOfAttestersIsInclusive() public {
        // 3000 + 4000 = 7000 of 10000: exactly 70 %.
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 70);
        _attest(task, index, 2, 2, RIGHT);
        _attest(task, index, 3, 3, RIGHT);
        vm.roll(task.taskCreatedBlock + RESPONSE_WINDOW + 1);
        taskManager.raiseNoResponseChallenge(index, task);
        assertEq(serviceManager.freezeRequestCount(), 0);
        (task, index) = _createTask(3, 71);
        _attest(task, index, 2, 2, RIGHT);
        _attest(task, index, 3, 3, RIGHT);
        vm.roll(task.taskCreatedBlock + RESPONSE_WINDOW + 1);
        taskManager.raiseNoResponseChallenge(index, task);
        assertEq(serviceManager.freezeRequestCount(), 2, "71 % not met: the others are at fault");
    }

    function test_attest_revertsOnWrongAnswer() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 67);
        _attestReverting(task, index, 0, 0, WRONG, bytes("Only the correct square can be attested"));
    }

    function test_attest_revertsWhenResponded() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 67);
        _respond(task, index, RIGHT, 0xF);
        _attestReverting(task, index, 0, 0, RIGHT, bytes("Task has been responded to"));
    }

    function test_attest_revertsAfterWindow() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 67);
        vm.roll(task.taskCreatedBlock + RESPONSE_WINDOW + 1);
        _attestReverting(
            task, index, 0, 0, RIGHT, bytes("The response window for this task has passed")
        );
    }

    function test_attest_revertsOnForgedTask() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 67);
        task.numberToBeSquared = 4;
        _attestReverting(
            task,
            index,
            0,
            0,
            RIGHT,
            bytes("supplied task does not match the one recorded in the contract")
        );
    }

    function test_attest_revertsTwice() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 67);
        _attest(task, index, 0, 0, RIGHT);
        _attestReverting(task, index, 0, 0, RIGHT, bytes("Response already attested"));
    }

    function test_attest_revertsOnAnotherOperatorsSignature() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 67);
        // Operator 0 submits operator 1's signature and G2 key: its own G1 key does not match.
        _attestReverting(
            task, index, 0, 1, RIGHT, bytes("Signature does not verify against the operator's key")
        );
    }

    function test_attest_revertsForUnregisteredCaller() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 67);
        operators[4] = vm.addr(operatorKeys[4]);
        _attestReverting(
            task,
            index,
            4,
            4,
            RIGHT,
            bytes("BLSApkRegistry.getRegisteredPubkey: operator is not registered")
        );
    }

    function test_attest_revertsWithoutStakeAtCreation() public {
        // Operator 4 registers with zero stake: nothing it attests could count.
        operators[4] = vm.addr(operatorKeys[4]);
        _registerWithEigenLayer(4);
        _registerWithAvs(4);
        vm.roll(block.number + 1);
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 67);
        _attestReverting(
            task,
            index,
            4,
            4,
            RIGHT,
            bytes("Operator had no stake in the task's quorums at its creation block")
        );
    }
}
