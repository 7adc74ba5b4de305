// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {AvsTestBase} from "./AvsTestBase.sol";
import {BN254} from "../../src/eigenlayer/libraries/BN254.sol";
import {IIncredibleSquaringTaskManager} from "../../src/avs/IIncredibleSquaringTaskManager.sol";
import {FaultLedger} from "../../src/avs/FaultLedger.sol";

/// @notice The fault ledger on the four-operator stack: access, argument checks, recorded
/// progress, and operators looked up in slots that changed after the task (the history path).
/// Walking across several calls is tested on anvil with 40 operators
/// (tests/contracts/fault_batches_test.ts), since the opening call already walks 32 entries.
contract FaultLedgerTest is AvsTestBase {
    uint256 internal constant RIGHT = 9;
    uint256 internal constant WRONG = 10;
    uint256 internal constant ALL = 0xF;

    event FaultAssignmentOpened(
        uint32 indexed taskIndex, IIncredibleSquaringTaskManager.FaultReason reason
    );
    event FaultAssignmentCompleted(uint32 indexed taskIndex, uint32 operatorsAtFault);

    function _ledger() internal view returns (FaultLedger) {
        return taskManager.faultLedger();
    }

    /// @dev A wrong answer signed by `signerMask`, challenged successfully.
    function _challengedWrongAnswer(uint256 signerMask)
        internal
        returns (
            IIncredibleSquaringTaskManager.Task memory task,
            uint32 index,
            IIncredibleSquaringTaskManager.TaskResponseMetadata memory metadata
        )
    {
        (task, index) = _createTask(3, 50);
        IIncredibleSquaringTaskManager.TaskResponse memory response;
        BN254.G1Point[] memory nonSigners;
        (response, metadata, nonSigners) = _respond(task, index, WRONG, signerMask);
        vm.prank(challenger);
        taskManager.raiseAndResolveChallenge(task, response, metadata, nonSigners);
    }

    function test_createdByTheTaskManager() public view {
        assertEq(address(_ledger().taskManager()), address(taskManager));
        assertEq(_ledger().OPENING_BATCH(), 32);
    }

    function test_open_onlyTaskManager() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 50);
        FaultLedger ledger = _ledger();
        vm.prank(outsider);
        vm.expectRevert(bytes("FaultLedger: caller is not the task manager"));
        ledger.open(
            index,
            IIncredibleSquaringTaskManager.FaultReason.NoResponse,
            task,
            new bytes32[](0),
            bytes32(0)
        );
    }

    function test_wrongAnswer_recordsCompletedAssignment() public {
        vm.recordLogs();
        (, uint32 index, IIncredibleSquaringTaskManager.TaskResponseMetadata memory metadata) =
            _challengedWrongAnswer(0xB);
        FaultLedger.FaultAssignment memory a = _ledger().getFaultAssignment(index);
        assertFalse(a.open);
        assertEq(a.reason, uint8(IIncredibleSquaringTaskManager.FaultReason.WrongResponse));
        assertEq(a.operatorsAtFault, 3);
        assertEq(a.quorumCursor, 1);
        assertEq(a.indexCursor, 0);
        assertEq(a.nonSignersHash, metadata.hashOfNonSigners);
        assertEq(serviceManager.freezeRequestCount(), 3);
    }

    function test_wrongAnswer_emitsOpenedAndCompleted() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 50);
        (
            IIncredibleSquaringTaskManager.TaskResponse memory response,
            IIncredibleSquaringTaskManager.TaskResponseMetadata memory metadata,
            BN254.G1Point[] memory nonSigners
        ) = _respond(task, index, WRONG, ALL);
        vm.expectEmit(true, false, false, true, address(_ledger()));
        emit FaultAssignmentOpened(index, IIncredibleSquaringTaskManager.FaultReason.WrongResponse);
        vm.expectEmit(true, false, false, true, address(_ledger()));
        emit FaultAssignmentCompleted(index, 4);
        taskManager.raiseAndResolveChallenge(task, response, metadata, nonSigners);
    }

    function test_assignFaults_revertsWhenNothingIsOpen() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index,) =
            _challengedWrongAnswer(ALL);
        FaultLedger ledger = _ledger();
        vm.expectRevert(bytes("FaultLedger: no open fault assignment for this task"));
        ledger.assignFaults(index, task, new bytes32[](0), 10);

        // A task that was never challenged has nothing open either.
        (IIncredibleSquaringTaskManager.Task memory other, uint32 otherIndex) = _createTask(4, 50);
        vm.expectRevert(bytes("FaultLedger: no open fault assignment for this task"));
        ledger.assignFaults(otherIndex, other, new bytes32[](0), 10);
    }

    function test_assignFaults_revertsOnZeroBudget() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 50);
        FaultLedger ledger = _ledger();
        vm.expectRevert(bytes("FaultLedger: maxEntries must be at least 1"));
        ledger.assignFaults(index, task, new bytes32[](0), 0);
    }

    function test_unchallengedTaskHasNoAssignment() public {
        (, uint32 index) = _createTask(3, 50);
        FaultLedger.FaultAssignment memory a = _ledger().getFaultAssignment(index);
        assertFalse(a.open);
        assertEq(a.operatorsAtFault, 0);
    }

    /// Operator 0 leaves after the task: the last operator moves into its slot and the last
    /// slot empties. The walk must still see the list as it was at the task's block.
    function test_wrongAnswer_seesSlotsAsTheyWereAtTheTaskBlock() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 50);
        (
            IIncredibleSquaringTaskManager.TaskResponse memory response,
            IIncredibleSquaringTaskManager.TaskResponseMetadata memory metadata,
            BN254.G1Point[] memory nonSigners
        ) = _respond(task, index, WRONG, ALL);
        vm.roll(block.number + 1);
        vm.prank(operators[0]);
        registryCoordinator.deregisterOperator(QUORUM_0);
        vm.roll(block.number + 1);

        taskManager.raiseAndResolveChallenge(task, response, metadata, nonSigners);
        assertEq(serviceManager.freezeRequestCount(), 4);
        for (uint256 r = 0; r < 4; r++) {
            assertEq(serviceManager.getFreezeRequest(r).operator, operators[r]);
        }
        assertEq(_ledger().getFaultAssignment(index).operatorsAtFault, 4);
    }

    /// An operator that joined after the task is not held at fault.
    function test_wrongAnswer_ignoresOperatorsThatJoinedLater() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 50);
        (
            IIncredibleSquaringTaskManager.TaskResponse memory response,
            IIncredibleSquaringTaskManager.TaskResponseMetadata memory metadata,
            BN254.G1Point[] memory nonSigners
        ) = _respond(task, index, WRONG, ALL);
        operators[4] = vm.addr(operatorKeys[4]);
        _registerWithEigenLayer(4);
        _registerWithAvs(4);
        vm.roll(block.number + 1);

        taskManager.raiseAndResolveChallenge(task, response, metadata, nonSigners);
        assertEq(serviceManager.freezeRequestCount(), 4);
        for (uint256 r = 0; r < 4; r++) {
            assertTrue(serviceManager.getFreezeRequest(r).operator != operators[4]);
        }
    }
}
