// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {AvsTestBase} from "./AvsTestBase.sol";
import {BN254} from "../../src/eigenlayer/libraries/BN254.sol";
import {IRegistryCoordinator} from "../../src/eigenlayer/interfaces/IRegistryCoordinator.sol";
import {ISignatureUtils} from "../../src/eigenlayer/interfaces/ISignatureUtils.sol";
import {IBLSApkRegistry} from "../../src/eigenlayer/interfaces/IBLSApkRegistry.sol";
import {IIncredibleSquaringTaskManager} from "../../src/avs/IIncredibleSquaringTaskManager.sol";
import {
    IIncredibleSquaringServiceManager
} from "../../src/avs/IIncredibleSquaringServiceManager.sol";

/// @notice Freeze requests raised by challenges, vetoes by the committee, finalisation,
/// ejection and the re-registration bar.
contract FreezeAndVetoTest is AvsTestBase {
    event FreezeVetoCast(uint256 indexed requestId, address indexed member, uint16 vetoes);
    event FreezeRequestVetoed(uint256 indexed requestId, address indexed operator);
    event FreezeRequestFinalized(uint256 indexed requestId, address indexed operator);
    event OperatorFrozen(address indexed operator, uint256 indexed requestId);
    event VetoCommitteeUpdated(address[] members, uint16 threshold);
    event VetoWindowUpdated(uint32 previousVetoWindowBlock, uint32 newVetoWindowBlock);

    /// @dev Operators 0, 1, 3 sign a wrong answer; operator 2 abstains. Requests 0..2 target
    /// operators 0, 1, 3.
    function _wrongAnswerChallenged() internal returns (uint32 index) {
        IIncredibleSquaringTaskManager.Task memory task;
        (task, index) = _createTask(3, 50);
        (
            IIncredibleSquaringTaskManager.TaskResponse memory response,
            IIncredibleSquaringTaskManager.TaskResponseMetadata memory metadata,
            BN254.G1Point[] memory nonSigners
        ) = _respond(task, index, 10, 0xB);
        vm.prank(challenger);
        taskManager.raiseAndResolveChallenge(task, response, metadata, nonSigners);
    }

    function _status(uint256 id) internal view returns (uint256) {
        return uint256(serviceManager.getFreezeRequest(id).status);
    }

    // ---------------------------------------------------------------- setup views

    function test_committeeAndWindowFromConstructor() public view {
        (address[] memory members, uint16 threshold) = serviceManager.getVetoCommittee();
        assertEq(members.length, 2);
        assertEq(members[0], vetoer1);
        assertEq(members[1], vetoer2);
        assertEq(threshold, 1);
        assertEq(serviceManager.vetoThreshold(), 1);
        assertEq(serviceManager.vetoWindowBlock(), VETO_WINDOW);
        assertTrue(serviceManager.isVetoCommitteeMember(vetoer1));
        assertFalse(serviceManager.isVetoCommitteeMember(outsider));
        assertEq(address(serviceManager.incredibleSquaringTaskManager()), address(taskManager));
        assertEq(registryCoordinator.ejector(), address(serviceManager));
    }

    function test_requestFreezes_onlyFaultLedger() public {
        address[] memory ops = new address[](1);
        ops[0] = operators[0];
        vm.prank(outsider);
        vm.expectRevert(
            bytes("IncredibleSquaringServiceManager: caller is not the task manager's fault ledger")
        );
        serviceManager.requestFreezes(ops, 0, 0);
    }

    function test_getFreezeRequest_revertsForUnknownId() public {
        vm.expectRevert(bytes("VetoableFreezer: no such request"));
        serviceManager.getFreezeRequest(0);
    }

    // ---------------------------------------------------------------- veto

    function test_veto_cancelsRequestAtThreshold() public {
        _wrongAnswerChallenged();
        vm.expectEmit(true, true, false, true, address(serviceManager));
        emit FreezeVetoCast(1, vetoer2, 1);
        vm.expectEmit(true, true, false, false, address(serviceManager));
        emit FreezeRequestVetoed(1, operators[1]);
        vm.prank(vetoer2);
        serviceManager.vetoFreezeRequest(1);
        assertEq(_status(1), uint256(IIncredibleSquaringServiceManager.FreezeStatus.Vetoed));
        assertTrue(serviceManager.hasVetoed(1, vetoer2));
        assertEq(serviceManager.getFreezeRequest(1).vetoes, 1);

        // A vetoed request can never be finalised; the operator stays registered.
        vm.roll(block.number + VETO_WINDOW + 1);
        vm.expectRevert(bytes("VetoableFreezer: request is not pending"));
        serviceManager.finalizeFreezeRequest(1);
        assertFalse(serviceManager.isFrozen(operators[1]));
        assertEq(
            uint256(registryCoordinator.getOperatorStatus(operators[1])),
            uint256(IRegistryCoordinator.OperatorStatus.REGISTERED)
        );
    }

    function test_veto_needsThresholdVotes() public {
        address[] memory committee = new address[](2);
        committee[0] = vetoer1;
        committee[1] = vetoer2;
        serviceManager.setVetoCommittee(committee, 2);
        _wrongAnswerChallenged();

        vm.prank(vetoer1);
        serviceManager.vetoFreezeRequest(0);
        assertEq(_status(0), uint256(IIncredibleSquaringServiceManager.FreezeStatus.Pending));

        vm.prank(vetoer1);
        vm.expectRevert(bytes("VetoableFreezer: already vetoed"));
        serviceManager.vetoFreezeRequest(0);

        vm.prank(vetoer2);
        serviceManager.vetoFreezeRequest(0);
        assertEq(_status(0), uint256(IIncredibleSquaringServiceManager.FreezeStatus.Vetoed));
        assertEq(serviceManager.getFreezeRequest(0).vetoes, 2);
    }

    function test_veto_revertsForNonMember() public {
        _wrongAnswerChallenged();
        vm.prank(outsider);
        vm.expectRevert(bytes("VetoableFreezer: caller is not a veto committee member"));
        serviceManager.vetoFreezeRequest(0);
    }

    function test_veto_revertsAfterWindow() public {
        _wrongAnswerChallenged();
        uint32 deadline = serviceManager.getFreezeRequest(0).vetoDeadlineBlock;
        vm.roll(deadline);
        vm.prank(vetoer1);
        serviceManager.vetoFreezeRequest(0); // the deadline block itself is inside the window
        vm.roll(deadline + 1);
        vm.prank(vetoer1);
        vm.expectRevert(bytes("VetoableFreezer: veto window has passed"));
        serviceManager.vetoFreezeRequest(1);
    }

    function test_veto_revertsForUnknownRequest() public {
        vm.prank(vetoer1);
        vm.expectRevert(bytes("VetoableFreezer: request is not pending"));
        serviceManager.vetoFreezeRequest(42);
    }

    // ---------------------------------------------------------------- finalise

    function test_finalize_revertsInsideVetoWindow() public {
        _wrongAnswerChallenged();
        vm.roll(serviceManager.getFreezeRequest(0).vetoDeadlineBlock);
        vm.expectRevert(bytes("VetoableFreezer: veto window has not passed yet"));
        serviceManager.finalizeFreezeRequest(0);
    }

    function test_finalize_freezesAndEjects() public {
        _wrongAnswerChallenged();
        vm.roll(block.number + VETO_WINDOW + 1);
        vm.expectEmit(true, true, false, false, address(serviceManager));
        emit FreezeRequestFinalized(0, operators[0]);
        vm.expectEmit(true, true, false, false, address(serviceManager));
        emit OperatorFrozen(operators[0], 0);
        vm.prank(outsider); // anyone may finalise
        serviceManager.finalizeFreezeRequest(0);

        assertTrue(serviceManager.isFrozen(operators[0]));
        assertEq(_status(0), uint256(IIncredibleSquaringServiceManager.FreezeStatus.Finalized));
        assertEq(registryCoordinator.getCurrentQuorumBitmap(operatorIds[0]), 0);
        assertEq(
            uint256(registryCoordinator.getOperatorStatus(operators[0])),
            uint256(IRegistryCoordinator.OperatorStatus.DEREGISTERED)
        );
        assertEq(indexRegistry.totalOperatorsForQuorum(0), 3);
        assertEq(stakeRegistry.getCurrentTotalStake(0), 9000 ether);
        // Operator 2 did not sign and is untouched.
        assertFalse(serviceManager.isFrozen(operators[2]));

        vm.expectRevert(bytes("VetoableFreezer: request is not pending"));
        serviceManager.finalizeFreezeRequest(0);
    }

    function test_finalize_worksAfterOperatorLeftOnItsOwn() public {
        _wrongAnswerChallenged();
        vm.prank(operators[0]);
        registryCoordinator.deregisterOperator(QUORUM_0);
        vm.roll(block.number + VETO_WINDOW + 1);
        serviceManager.finalizeFreezeRequest(0);
        assertTrue(serviceManager.isFrozen(operators[0]));
    }

    function test_frozenOperatorCannotRegisterAgain() public {
        _wrongAnswerChallenged();
        vm.roll(block.number + VETO_WINDOW + 1);
        serviceManager.finalizeFreezeRequest(0);
        vm.roll(block.number + 1);
        vm.warp(block.timestamp + 1);

        IBLSApkRegistry.PubkeyRegistrationParams memory params = _pubkeyParams(0);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig =
            _operatorSignature(0, bytes32("again"));
        vm.prank(operators[0]);
        vm.expectRevert(bytes("IncredibleSquaringServiceManager: operator is frozen"));
        registryCoordinator.registerOperator(QUORUM_0, "socket", params, sig);
    }

    function test_registerOperatorToAVS_onlyRegistryCoordinator() public {
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig = _operatorSignature(0, bytes32("x"));
        vm.prank(outsider);
        vm.expectRevert(
            bytes(
                "ServiceManagerBase.onlyRegistryCoordinator: caller is not the registry coordinator"
            )
        );
        serviceManager.registerOperatorToAVS(operators[0], sig);
    }

    function test_unfrozenOperatorCanRegisterAgain() public {
        // Control for the test above: leaving and re-joining works when not frozen.
        vm.prank(operators[2]);
        registryCoordinator.deregisterOperator(QUORUM_0);
        vm.roll(block.number + 1);
        IBLSApkRegistry.PubkeyRegistrationParams memory params = _pubkeyParams(2);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig =
            _operatorSignature(2, bytes32("again"));
        vm.prank(operators[2]);
        registryCoordinator.registerOperator(QUORUM_0, "socket", params, sig);
        assertEq(
            uint256(registryCoordinator.getOperatorStatus(operators[2])),
            uint256(IRegistryCoordinator.OperatorStatus.REGISTERED)
        );
    }

    function test_secondRequestForFrozenOperatorFinalisesWithoutRefreezing() public {
        // Task A: no response, everyone blamed (requests 0..3).
        (IIncredibleSquaringTaskManager.Task memory taskA, uint32 a) = _createTask(3, 100);
        vm.roll(taskA.taskCreatedBlock + RESPONSE_WINDOW + 1);
        taskManager.raiseNoResponseChallenge(a, taskA);
        // Task B (created while everyone is still registered): no response either (requests 4..7).
        (IIncredibleSquaringTaskManager.Task memory taskB, uint32 b) = _createTask(3, 100);
        vm.roll(taskB.taskCreatedBlock + RESPONSE_WINDOW + 1);
        taskManager.raiseNoResponseChallenge(b, taskB);
        assertEq(serviceManager.freezeRequestCount(), 8);

        vm.roll(block.number + VETO_WINDOW + 1);
        serviceManager.finalizeFreezeRequest(0);
        assertTrue(serviceManager.isFrozen(operators[0]));
        vm.recordLogs();
        serviceManager.finalizeFreezeRequest(4);
        assertEq(vm.getRecordedLogs().length, 1); // FreezeRequestFinalized only, no OperatorFrozen
        assertEq(_status(4), uint256(IIncredibleSquaringServiceManager.FreezeStatus.Finalized));
    }

    function test_frozenOperatorsGetNoNewRequests() public {
        (IIncredibleSquaringTaskManager.Task memory taskA, uint32 a) = _createTask(3, 100);
        (IIncredibleSquaringTaskManager.Task memory taskB, uint32 b) = _createTask(3, 100);
        vm.roll(taskA.taskCreatedBlock + RESPONSE_WINDOW + 1);
        taskManager.raiseNoResponseChallenge(a, taskA);
        vm.roll(block.number + VETO_WINDOW + 1);
        serviceManager.finalizeFreezeRequest(0); // operator 0 frozen
        require(uint32(block.number) <= taskB.taskCreatedBlock + RESPONSE_WINDOW + 100, "window");
        taskManager.raiseNoResponseChallenge(b, taskB);
        // Task B blames operators 1..3 only (4 earlier requests + 3 new ones).
        assertEq(serviceManager.freezeRequestCount(), 7);
    }

    // ---------------------------------------------------------------- admin

    function test_setVetoCommittee_ownerOnlyAndValidated() public {
        address[] memory committee = new address[](1);
        committee[0] = outsider;
        vm.prank(outsider);
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        serviceManager.setVetoCommittee(committee, 1);

        vm.expectRevert(
            bytes("VetoableFreezer: threshold must be between 1 and the committee size")
        );
        serviceManager.setVetoCommittee(committee, 2);
        vm.expectRevert(
            bytes("VetoableFreezer: threshold must be between 1 and the committee size")
        );
        serviceManager.setVetoCommittee(committee, 0);
        vm.expectRevert(bytes("VetoableFreezer: committee must have 1 to 64 members"));
        serviceManager.setVetoCommittee(new address[](0), 1);

        address[] memory dup = new address[](2);
        dup[0] = outsider;
        dup[1] = outsider;
        vm.expectRevert(bytes("VetoableFreezer: duplicate committee member"));
        serviceManager.setVetoCommittee(dup, 1);

        vm.expectEmit(false, false, false, true, address(serviceManager));
        emit VetoCommitteeUpdated(committee, 1);
        serviceManager.setVetoCommittee(committee, 1);
        assertTrue(serviceManager.isVetoCommitteeMember(outsider));
        assertFalse(serviceManager.isVetoCommitteeMember(vetoer1));
    }

    function test_replacedCommitteeMemberCannotVeto() public {
        _wrongAnswerChallenged();
        address[] memory committee = new address[](1);
        committee[0] = vetoer2;
        serviceManager.setVetoCommittee(committee, 1);
        vm.prank(vetoer1);
        vm.expectRevert(bytes("VetoableFreezer: caller is not a veto committee member"));
        serviceManager.vetoFreezeRequest(0);
        vm.prank(vetoer2);
        serviceManager.vetoFreezeRequest(0);
        assertEq(_status(0), uint256(IIncredibleSquaringServiceManager.FreezeStatus.Vetoed));
    }

    function test_setVetoWindow_appliesToNewRequestsOnly() public {
        _wrongAnswerChallenged();
        uint32 oldDeadline = serviceManager.getFreezeRequest(0).vetoDeadlineBlock;
        vm.prank(outsider);
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        serviceManager.setVetoWindowBlock(5);
        vm.expectRevert(bytes("VetoableFreezer: veto window must be at least 1 block"));
        serviceManager.setVetoWindowBlock(0);

        vm.expectEmit(false, false, false, true, address(serviceManager));
        emit VetoWindowUpdated(VETO_WINDOW, 5);
        serviceManager.setVetoWindowBlock(5);
        assertEq(serviceManager.getFreezeRequest(0).vetoDeadlineBlock, oldDeadline);
    }
}
