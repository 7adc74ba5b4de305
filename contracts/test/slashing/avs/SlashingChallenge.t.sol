// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {SlashingAvsBase} from "./SlashingAvsBase.sol";
import {Vm} from "../../utils/Test.sol";
import {IStrategy} from "../../../src/eigenlayer/interfaces/IStrategy.sol";
import {BN254} from "../../../src/eigenlayer/libraries/BN254.sol";
import {
    IAllocationManagerTypes
} from "../../../src/eigenlayer/slashing/interfaces/IAllocationManager.sol";
import {IVetoableSlasher} from "../../../src/eigenlayer/slashing/middleware/ISlasher.sol";
import {VetoableSlasher} from "../../../src/eigenlayer/slashing/middleware/VetoableSlasher.sol";
import {IIncredibleSquaringTaskManager} from "../../../src/avs/IIncredibleSquaringTaskManager.sol";
import {
    IncredibleSquaringSlashingServiceManager
} from "../../../src/avs/IncredibleSquaringSlashingServiceManager.sol";

/// @notice The whole AVS path in slashing mode with the VetoableSlasher: wrong answer →
/// challenge → one request per signer (never the non-signer) → the committee vetoes one →
/// the others are fulfilled after the window and the operators' magnitude, shares and stake
/// really drop.
contract SlashingChallengeTest is SlashingAvsBase {
    event OperatorSlashingRequested(
        uint256 indexed requestId,
        address indexed operator,
        uint32 indexed taskIndex,
        uint32 operatorSetId,
        uint8 reason,
        bool instant
    );
    event OperatorsAtFault(
        uint32 indexed taskIndex,
        IIncredibleSquaringTaskManager.FaultReason reason,
        address[] operators
    );
    event log_named_uint(string key, uint256 val);

    function _strategy() internal view returns (IStrategy) {
        return IStrategy(address(strategy));
    }

    function _vetoable() internal view returns (VetoableSlasher) {
        return VetoableSlasher(slasherContract);
    }

    function test_wiring() public view {
        assertEq(address(coordinator.serviceManager()), address(serviceManager));
        assertEq(allocationManager.getSlasher(_set0()), slasherContract);
        assertEq(_vetoable().slasher(), address(serviceManager));
        assertEq(serviceManager.wadToSlash(), 1e17);
        assertEq(stakeRegistry.getCurrentTotalStake(0), 10_000 ether);
    }

    function test_wrongAnswer_queuesOneRequestPerSigner_notTheNonSigner() public {
        vm.recordLogs();
        (, uint256 gasUsed) = _wrongAnswerChallenged();
        emit log_named_uint("gas raiseAndResolveChallenge (3 requests queued)", gasUsed);
        _assertRequestedEvents([operators[0], operators[1], operators[3]]);

        assertEq(_vetoable().nextRequestId(), 3);
        address[3] memory expected = [operators[0], operators[1], operators[3]];
        for (uint256 id = 0; id < 3; id++) {
            IVetoableSlasher.VetoableSlashingRequest memory r = _vetoable().getSlashingRequest(id);
            assertEq(r.params.operator, expected[id]);
            assertTrue(r.params.operator != operators[2], "the non-signer must not be slashed");
            assertEq(r.params.operatorSetId, 0);
            assertEq(address(r.params.strategies[0]), address(strategy));
            assertEq(r.params.wadsToSlash[0], 1e17);
            assertEq(r.params.description, "incredible-squaring task 0: wrong response");
        }
        // Nothing is slashed before the window passes.
        assertEq(delegation.operatorShares(operators[0], _strategy()), 1000 ether);
    }

    function test_fullPath_vetoOne_fulfilOthers_stakeReallyDrops() public {
        _wrongAnswerChallenged();
        uint256 requestBlock = block.number;

        // The committee vetoes the request against operator 1 in the window's last block.
        vm.roll(requestBlock + VETO_WINDOW - 1);
        vm.prank(vetoCommittee);
        _vetoable().cancelSlashingRequest(1);
        // Fulfilling one block early fails, for anyone.
        vm.prank(outsider);
        vm.expectRevert(IVetoableSlasher.VetoPeriodNotPassed.selector);
        serviceManager.fulfillSlashingRequest(0);

        vm.roll(requestBlock + VETO_WINDOW);
        vm.prank(outsider);
        vm.expectRevert(IVetoableSlasher.SlashingRequestIsCancelled.selector);
        serviceManager.fulfillSlashingRequest(1);
        vm.prank(outsider);
        uint256 g = gasleft();
        uint256 slashId = serviceManager.fulfillSlashingRequest(0);
        emit log_named_uint(
            "gas fulfil through the ServiceManager (slash + stake update)", g - gasleft()
        );
        assertEq(slashId, 1);
        vm.prank(outsider);
        assertEq(serviceManager.fulfillSlashingRequestAndBurnOrRedistribute(2), 2);

        // Operators 0 and 3 lost 10 %; operator 1 (vetoed) and 2 (non-signer) kept everything.
        assertEq(allocationManager.getMaxMagnitude(operators[0], _strategy()), WAD - WAD / 10);
        assertEq(allocationManager.getMaxMagnitude(operators[1], _strategy()), WAD);
        assertEq(delegation.operatorShares(operators[0], _strategy()), 900 ether);
        assertEq(delegation.operatorShares(operators[1], _strategy()), 2000 ether);
        assertEq(delegation.operatorShares(operators[2], _strategy()), 3000 ether);
        assertEq(delegation.operatorShares(operators[3], _strategy()), 3600 ether);
        address[] memory ops = new address[](1);
        ops[0] = operators[0];
        IStrategy[] memory strats = new IStrategy[](1);
        strats[0] = _strategy();
        assertEq(
            allocationManager.getMinimumSlashableStake(
                _set0(), ops, strats, uint32(block.number)
            )[0][0],
            900 ether
        );
        // The AVS's stake view followed (the slasher refreshed the operators).
        assertEq(stakeRegistry.getCurrentStake(operatorIds[0], 0), 900 ether);
        assertEq(stakeRegistry.getCurrentStake(operatorIds[3], 0), 3600 ether);
        assertEq(stakeRegistry.getCurrentTotalStake(0), 9500 ether);
        // Request 2 burnt its 400 ether at once; request 0's 100 ether wait to be cleared.
        assertEq(token.balanceOf(strategyManager.DEFAULT_BURN_ADDRESS()), 400 ether);
        strategyManager.clearBurnOrRedistributableShares(_set0(), 1);
        assertEq(token.balanceOf(strategyManager.DEFAULT_BURN_ADDRESS()), 500 ether);
    }

    function test_noResponse_requestsForEveryStakedOperator() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 100);
        vm.roll(task.taskCreatedBlock + RESPONSE_WINDOW + 1);
        vm.prank(challenger);
        taskManager.raiseNoResponseChallenge(index, task);
        assertEq(_vetoable().nextRequestId(), 4);
        for (uint256 id = 0; id < 4; id++) {
            IVetoableSlasher.VetoableSlashingRequest memory r = _vetoable().getSlashingRequest(id);
            assertEq(r.params.operator, operators[id]);
            assertEq(r.params.description, "incredible-squaring task 0: no response");
        }
    }

    function test_rightAnswer_challengeFails_noRequest() public {
        (IIncredibleSquaringTaskManager.Task memory task, uint32 index) = _createTask(3, 50);
        (
            IIncredibleSquaringTaskManager.TaskResponse memory response,
            IIncredibleSquaringTaskManager.TaskResponseMetadata memory metadata,
            BN254.G1Point[] memory nonSigners
        ) = _respond(task, index, RIGHT, 0xF);
        vm.prank(challenger);
        taskManager.raiseAndResolveChallenge(task, response, metadata, nonSigners);
        assertFalse(taskManager.taskSuccessfullyChallenged(index));
        assertEq(_vetoable().nextRequestId(), 0);
    }

    function test_configuredWad() public {
        vm.prank(outsider);
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        serviceManager.setWadToSlash(5e17);
        vm.expectRevert(IncredibleSquaringSlashingServiceManager.InvalidWadToSlash.selector);
        serviceManager.setWadToSlash(0);
        vm.expectRevert(IncredibleSquaringSlashingServiceManager.InvalidWadToSlash.selector);
        serviceManager.setWadToSlash(1e18 + 1);
        serviceManager.setWadToSlash(5e17);
        _wrongAnswerChallenged();
        vm.roll(block.number + VETO_WINDOW);
        serviceManager.fulfillSlashingRequest(0);
        assertEq(delegation.operatorShares(operators[0], _strategy()), 500 ether);
    }

    function test_requestFreezes_onlyTaskManager() public {
        address[] memory ops = new address[](1);
        ops[0] = operators[0];
        vm.prank(outsider);
        vm.expectRevert(IncredibleSquaringSlashingServiceManager.OnlyFaultLedger.selector);
        serviceManager.requestFreezes(ops, 0, 0);
    }

    function test_operatorNoLongerSlashable_isSkipped() public {
        vm.prank(operators[0]);
        allocationManager.deregisterFromOperatorSets(
            IAllocationManagerTypes.DeregisterParams(operators[0], address(serviceManager), _ids(0))
        );
        vm.roll(block.number + DEALLOCATION_DELAY + 1);
        address[] memory ops = new address[](2);
        ops[0] = operators[0];
        ops[1] = operators[1];
        vm.prank(address(taskManager.faultLedger()));
        (uint256 first, uint256 count) = serviceManager.requestFreezes(ops, 7, 1);
        assertEq(count, 1);
        assertEq(_vetoable().getSlashingRequest(first).params.operator, operators[1]);
    }

    /// @dev The ServiceManager emitted OperatorSlashingRequested for exactly `expected`, ids 0..2.
    function _assertRequestedEvents(address[3] memory expected) internal {
        bytes32 topic =
            keccak256("OperatorSlashingRequested(uint256,address,uint32,uint32,uint8,bool)");
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 n;
        for (uint256 i = 0; i < logs.length; i++) {
            if (logs[i].emitter != address(serviceManager) || logs[i].topics[0] != topic) continue;
            assertEq(uint256(logs[i].topics[1]), n);
            assertEq(address(uint160(uint256(logs[i].topics[2]))), expected[n]);
            assertEq(uint256(logs[i].topics[3]), 0);
            n++;
        }
        assertEq(n, 3);
    }
}

/// @notice Same AVS with the InstantSlasher: the challenge itself slashes.
contract InstantSlashingChallengeTest is SlashingAvsBase {
    event log_named_uint(string key, uint256 val);

    function _slasherKind()
        internal
        pure
        override
        returns (IncredibleSquaringSlashingServiceManager.SlasherKind)
    {
        return IncredibleSquaringSlashingServiceManager.SlasherKind.Instant;
    }

    function test_wrongAnswer_slashesSignersAtOnce() public {
        (, uint256 gasUsed) = _wrongAnswerChallenged();
        emit log_named_uint("gas raiseAndResolveChallenge (3 instant slashes)", gasUsed);
        IStrategy s = IStrategy(address(strategy));
        assertEq(delegation.operatorShares(operators[0], s), 900 ether);
        assertEq(delegation.operatorShares(operators[1], s), 1800 ether);
        assertEq(delegation.operatorShares(operators[2], s), 3000 ether);
        assertEq(delegation.operatorShares(operators[3], s), 3600 ether);
        assertEq(stakeRegistry.getCurrentTotalStake(0), 9300 ether);
        assertEq(allocationManager.getSlashCount(_set0()), 3);
        vm.expectRevert(IncredibleSquaringSlashingServiceManager.NotVetoableSlasher.selector);
        serviceManager.fulfillSlashingRequest(0);
    }
}
