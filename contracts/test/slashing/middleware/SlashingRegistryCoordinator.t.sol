// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {SlashingMiddlewareBase} from "./SlashingMiddlewareBase.sol";
import {IStrategy} from "../../../src/eigenlayer/interfaces/IStrategy.sol";
import {IStakeRegistry} from "../../../src/eigenlayer/interfaces/IStakeRegistry.sol";
import {ISignatureUtils} from "../../../src/eigenlayer/interfaces/ISignatureUtils.sol";
import {BlsFixtures} from "../../avs/fixtures/BlsFixtures.sol";
import {
    IAllocationManagerTypes
} from "../../../src/eigenlayer/slashing/interfaces/IAllocationManager.sol";
import {
    ISlashingRegistryCoordinatorTypes,
    ISlashingRegistryCoordinatorErrors
} from "../../../src/eigenlayer/slashing/middleware/ISlashingRegistryCoordinator.sol";
import {
    ISlashingStakeRegistry
} from "../../../src/eigenlayer/slashing/middleware/ISlashingStakeRegistry.sol";

/// @notice Registration through AllocationManager, stake types and look-ahead, kicks,
/// ejection, churn and every custom error of the coordinator.
contract SlashingRegistryCoordinatorTest is SlashingMiddlewareBase {
    event QuorumCreated(
        uint8 indexed quorumNumber,
        ISlashingRegistryCoordinatorTypes.OperatorSetParam operatorSetParams,
        uint96 minimumStake,
        IStakeRegistry.StrategyParams[] strategyParams,
        ISlashingStakeRegistry.StakeType stakeType,
        uint32 lookAheadPeriod,
        address slasher
    );
    event OperatorRegistered(address indexed operator, bytes32 indexed operatorId);
    event OperatorDeregistered(address indexed operator, bytes32 indexed operatorId);
    event OperatorSocketUpdate(bytes32 indexed operatorId, string socket);
    event AVSUpdated(address prevAVS, address newAVS);
    event QuorumBlockNumberUpdated(uint8 indexed quorumNumber, uint256 blocknumber);
    event LookAheadPeriodChanged(uint32 oldLookAheadBlocks, uint32 newLookAheadBlocks);
    event log_named_uint(string key, uint256 val);

    // ---------------------------------------------------------------- quorums = operator sets

    function test_quorumsAreOperatorSetsWithTheirSlashers() public view {
        assertEq(coordinator.quorumCount(), 2);
        assertTrue(allocationManager.isOperatorSet(_set(0)));
        assertTrue(allocationManager.isOperatorSet(_set(1)));
        assertEq(allocationManager.getSlasher(_set(0)), address(slasher));
        assertEq(allocationManager.getSlasher(_set(1)), coordinator.DELEGATED_STAKE_SLASHER());
        IStrategy[] memory s = allocationManager.getStrategiesInOperatorSet(_set(0));
        assertEq(s.length, 1);
        assertEq(address(s[0]), address(strategy));
        assertEq(
            uint8(stakeRegistry.stakeTypePerQuorum(0)),
            uint8(ISlashingStakeRegistry.StakeType.TOTAL_SLASHABLE)
        );
        assertEq(
            uint8(stakeRegistry.stakeTypePerQuorum(1)),
            uint8(ISlashingStakeRegistry.StakeType.TOTAL_DELEGATED)
        );
        assertEq(stakeRegistry.slashableStakeLookAheadPerQuorum(0), LOOK_AHEAD);
        assertEq(
            address(allocationManager.getAVSRegistrar(address(serviceManager))),
            address(coordinator)
        );
        assertTrue(coordinator.supportsAVS(address(serviceManager)));
        assertFalse(coordinator.supportsAVS(outsider));
        assertEq(coordinator.avs(), address(serviceManager));
        assertEq(coordinator.version(), "v2.0.0");
    }

    function test_createSlashableStakeQuorum_emitsQuorumCreated() public {
        ISlashingRegistryCoordinatorTypes.OperatorSetParam memory p =
            ISlashingRegistryCoordinatorTypes.OperatorSetParam(7, 10_000, 50);
        vm.expectEmit(true, false, false, true, address(coordinator));
        emit QuorumCreated(
            2,
            p,
            5 ether,
            _strategyParams(2e18),
            ISlashingStakeRegistry.StakeType.TOTAL_SLASHABLE,
            DEALLOCATION_DELAY,
            address(slasher)
        );
        coordinator.createSlashableStakeQuorum(
            p, 5 ether, _strategyParams(2e18), DEALLOCATION_DELAY, address(slasher)
        );
        assertEq(allocationManager.getSlasher(_set(2)), address(slasher));
        assertEq(stakeRegistry.minimumStakeForQuorum(2), 5 ether);
    }

    function test_createSlashableStakeQuorum_lookAheadTooLong() public {
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.LookAheadPeriodTooLong.selector);
        coordinator.createSlashableStakeQuorum(
            ISlashingRegistryCoordinatorTypes.OperatorSetParam(3, 0, 0),
            0,
            _strategyParams(1e18),
            DEALLOCATION_DELAY + 1,
            address(slasher)
        );
    }

    function test_createQuorum_ownerOnly() public {
        vm.prank(outsider);
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        coordinator.createTotalDelegatedStakeQuorum(
            ISlashingRegistryCoordinatorTypes.OperatorSetParam(3, 0, 0), 0, _strategyParams(1e18)
        );
    }

    function test_createQuorum_needsAppointeeForCreateOperatorSets() public {
        serviceManager.removeAppointee(
            address(coordinator), address(allocationManager), CREATE_OPERATOR_SETS_V2
        );
        vm.expectRevert(bytes4(keccak256("InvalidPermissions()")));
        coordinator.createTotalDelegatedStakeQuorum(
            ISlashingRegistryCoordinatorTypes.OperatorSetParam(3, 0, 0), 0, _strategyParams(1e18)
        );
    }

    // ---------------------------------------------------------------- registration

    function test_register_slashableQuorum_countsAllocatedMagnitude() public {
        _registerInCore(0, 100 ether);
        _allocate(0, address(serviceManager), 0, WAD / 2);
        vm.roll(block.number + ALLOCATION_DELAY);

        vm.expectEmit(true, true, false, false, address(coordinator));
        emit OperatorRegistered(operators[0], _operatorId(0));
        _registerForSets(0, address(serviceManager), _ids(0), _normalData(coordinator, 0));

        assertEq(coordinator.getOperatorId(operators[0]), _operatorId(0));
        assertEq(
            uint8(coordinator.getOperatorStatus(operators[0])),
            uint8(ISlashingRegistryCoordinatorTypes.OperatorStatus.REGISTERED)
        );
        assertEq(coordinator.getCurrentQuorumBitmap(_operatorId(0)), 1);
        assertTrue(allocationManager.isMemberOfOperatorSet(operators[0], _set(0)));
        assertEq(stakeRegistry.getCurrentStake(_operatorId(0), 0), 50 ether);
        assertEq(stakeRegistry.getCurrentTotalStake(0), 50 ether);
        assertEq(socketRegistry.getOperatorSocket(_operatorId(0)), "socket");
        (uint256 x,) = blsApkRegistry.currentApk(0);
        assertEq(x, BlsFixtures.pubkeyG1(0)[0]);
    }

    function test_register_delegatedQuorum_countsAllShares() public {
        _onboard(0, 100 ether, 0, _ids(1));
        assertEq(stakeRegistry.getCurrentStake(_operatorId(0), 1), 100 ether);
        assertEq(coordinator.getCurrentQuorumBitmap(_operatorId(0)), 2);
    }

    function test_register_bothQuorumsAtOnce() public {
        _onboard(0, 100 ether, WAD, _ids(0, 1));
        assertEq(coordinator.getCurrentQuorumBitmap(_operatorId(0)), 3);
        assertEq(stakeRegistry.getCurrentStake(_operatorId(0), 0), 100 ether);
        assertEq(stakeRegistry.getCurrentStake(_operatorId(0), 1), 100 ether);
    }

    function test_register_slashableQuorum_pendingAllocationDoesNotCount() public {
        _registerInCore(0, 100 ether);
        _allocate(0, address(serviceManager), 0, WAD);
        // Not effective yet: nothing is slashable, so the 1 ether minimum is not met.
        bytes memory data1 = _normalData(coordinator, 0);
        vm.expectRevert(ISlashingStakeRegistry.BelowMinimumStakeRequirement.selector);
        _registerForSets(0, address(serviceManager), _ids(0), data1);
    }

    function test_lookAhead_queuedDeallocationStopsCountingLookAheadBlocksEarly() public {
        _onboard(0, 100 ether, WAD, _ids(0));
        assertEq(stakeRegistry.getCurrentStake(_operatorId(0), 0), 100 ether);
        _allocate(0, address(serviceManager), 0, WAD * 2 / 5);
        uint32 effect =
            allocationManager.getAllocation(operators[0], _set(0), IStrategy(address(strategy)))
        .effectBlock;
        assertEq(effect, block.number + DEALLOCATION_DELAY + 1);

        // One block before the look-ahead reaches the effect block: still the full stake.
        vm.roll(effect - LOOK_AHEAD - 1);
        coordinator.updateOperators(_one(operators[0]));
        assertEq(stakeRegistry.getCurrentStake(_operatorId(0), 0), 100 ether);
        // From effect − lookAhead on, only the 40 % that stays slashable counts.
        vm.roll(effect - LOOK_AHEAD);
        coordinator.updateOperators(_one(operators[0]));
        assertEq(stakeRegistry.getCurrentStake(_operatorId(0), 0), 40 ether);
    }

    function test_setSlashableStakeLookahead() public {
        vm.expectEmit(false, false, false, true, address(stakeRegistry));
        emit LookAheadPeriodChanged(LOOK_AHEAD, 7);
        stakeRegistry.setSlashableStakeLookahead(0, 7);
        assertEq(stakeRegistry.slashableStakeLookAheadPerQuorum(0), 7);

        vm.expectRevert(ISlashingStakeRegistry.QuorumNotSlashable.selector);
        stakeRegistry.setSlashableStakeLookahead(1, 7);
        vm.prank(outsider);
        vm.expectRevert(ISlashingStakeRegistry.OnlySlashingRegistryCoordinatorOwner.selector);
        stakeRegistry.setSlashableStakeLookahead(0, 7);
        vm.expectRevert(ISlashingStakeRegistry.QuorumDoesNotExist.selector);
        stakeRegistry.setSlashableStakeLookahead(9, 7);
    }

    function test_stakeRegistryHooks_onlyCoordinator() public {
        vm.expectRevert(ISlashingStakeRegistry.OnlySlashingRegistryCoordinator.selector);
        stakeRegistry.registerOperator(operators[0], _operatorId(0), hex"00");
        vm.prank(address(coordinator));
        vm.expectRevert(ISlashingStakeRegistry.QuorumAlreadyExists.selector);
        stakeRegistry.initializeDelegatedStakeQuorum(0, 0, _strategyParams(1e18));
    }

    function test_registerOperator_onlyAllocationManager() public {
        bytes memory data2 = _normalData(coordinator, 0);
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.OnlyAllocationManager.selector);
        coordinator.registerOperator(operators[0], address(serviceManager), _ids(0), data2);
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.OnlyAllocationManager.selector);
        coordinator.deregisterOperator(operators[0], address(serviceManager), _ids(0));
    }

    function test_registerOperator_invalidAVS() public {
        _registerInCore(0, 100 ether);
        bytes memory data3 = _normalData(coordinator, 0);
        vm.prank(address(allocationManager));
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.InvalidAVS.selector);
        coordinator.registerOperator(operators[0], outsider, _ids(1), data3);
        vm.prank(address(allocationManager));
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.InvalidAVS.selector);
        coordinator.deregisterOperator(operators[0], outsider, _ids(1));
    }

    function test_registerOperator_invalidRegistrationType() public {
        _registerInCore(0, 100 ether);
        bytes memory data = abi.encode(uint8(2), "socket", _pubkeyParams(coordinator, 0));
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.InvalidRegistrationType.selector);
        _registerForSets(0, address(serviceManager), _ids(1), data);
    }

    function test_registerOperator_quorumDoesNotExist() public {
        _registerInCore(0, 100 ether);
        bytes memory data4 = _normalData(coordinator, 0);
        vm.prank(address(allocationManager));
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.QuorumDoesNotExist.selector);
        coordinator.registerOperator(operators[0], address(serviceManager), _ids(5), data4);
    }

    function test_registerOperator_alreadyRegisteredForQuorums() public {
        _onboard(0, 100 ether, 0, _ids(1));
        bytes memory data5 = _normalData(coordinator, 0);
        vm.prank(address(allocationManager));
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.AlreadyRegisteredForQuorums.selector);
        coordinator.registerOperator(operators[0], address(serviceManager), _ids(1), data5);
    }

    function test_registerOperator_emptyBitmap() public {
        _registerInCore(0, 100 ether);
        bytes memory data6 = _normalData(coordinator, 0);
        vm.prank(address(allocationManager));
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.BitmapEmpty.selector);
        coordinator.registerOperator(operators[0], address(serviceManager), new uint32[](0), data6);
    }

    function test_registerOperator_maxOperatorCountReached() public {
        for (uint256 i = 0; i < MAX_OPERATORS; i++) {
            _onboard(i, 100 ether, 0, _ids(1));
        }
        _registerInCore(3, 100 ether);
        bytes memory data7 = _normalData(coordinator, 3);
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.MaxOperatorCountReached.selector);
        _registerForSets(3, address(serviceManager), _ids(1), data7);
    }

    function test_registerOperator_pausedFlag0() public {
        coordinator.pause(1);
        _registerInCore(0, 100 ether);
        bytes memory data8 = _normalData(coordinator, 0);
        vm.expectRevert(bytes("Pausable: index is paused"));
        _registerForSets(0, address(serviceManager), _ids(1), data8);
    }

    // ---------------------------------------------------------------- churn

    function _churnData(uint256 i, address kicked, bytes32 salt, uint256 expiry)
        internal
        view
        returns (bytes memory)
    {
        ISlashingRegistryCoordinatorTypes.OperatorKickParam[] memory kicks =
            new ISlashingRegistryCoordinatorTypes.OperatorKickParam[](1);
        kicks[0] = ISlashingRegistryCoordinatorTypes.OperatorKickParam(1, kicked);
        bytes32 digest = coordinator.calculateOperatorChurnApprovalDigestHash(
            operators[i], _operatorId(i), kicks, salt, expiry
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(CHURN_APPROVER_KEY, digest);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig =
            ISignatureUtils.SignatureWithSaltAndExpiry(abi.encodePacked(r, s, v), salt, expiry);
        return abi.encode(uint8(1), "churned-in", _pubkeyParams(coordinator, i), kicks, sig);
    }

    function _fillQuorum1() internal {
        coordinator.setOperatorSetParams(
            1, ISlashingRegistryCoordinatorTypes.OperatorSetParam(MAX_OPERATORS, 15_000, 5000)
        );
        _onboard(0, 10 ether, 0, _ids(1));
        _onboard(1, 100 ether, 0, _ids(1));
        _onboard(2, 100 ether, 0, _ids(1));
    }

    function test_churn_kicksTheNamedOperatorThroughAllocationManager() public {
        _fillQuorum1();
        _registerInCore(3, 20 ether);
        _registerForSets(
            3,
            address(serviceManager),
            _ids(1),
            _churnData(3, operators[0], keccak256("salt"), block.timestamp + 60)
        );
        assertEq(coordinator.getCurrentQuorumBitmap(_operatorId(3)), 2);
        assertEq(coordinator.getCurrentQuorumBitmap(_operatorId(0)), 0);
        assertFalse(allocationManager.isMemberOfOperatorSet(operators[0], _set(1)));
        assertTrue(allocationManager.isMemberOfOperatorSet(operators[3], _set(1)));
        assertEq(indexRegistry.totalOperatorsForQuorum(1), MAX_OPERATORS);
        assertTrue(coordinator.isChurnApproverSaltUsed(keccak256("salt")));
    }

    function test_churn_errors() public {
        _fillQuorum1();
        _registerInCore(3, 14 ether);
        // 14 ≤ 1.5 × 10: not enough stake to churn operator 0 out.
        bytes memory data9 = _churnData(3, operators[0], keccak256("a"), block.timestamp + 60);
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.InsufficientStakeForChurn.selector);
        _registerForSets(3, address(serviceManager), _ids(1), data9);
        _deposit(operators[3], 1000 ether);
        coordinator.setOperatorSetParams(
            1, ISlashingRegistryCoordinatorTypes.OperatorSetParam(MAX_OPERATORS, 15_000, 100)
        );
        // Operator 1 holds 100 of 1224 ether, above the 1 % that may be churned out.
        bytes memory data10 = _churnData(3, operators[1], keccak256("b"), block.timestamp + 60);
        vm.expectRevert(
            ISlashingRegistryCoordinatorErrors.CannotKickOperatorAboveThreshold.selector
        );
        _registerForSets(3, address(serviceManager), _ids(1), data10);
        bytes memory data11 = _churnData(3, operators[0], keccak256("c"), block.timestamp - 1);
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.SignatureExpired.selector);
        _registerForSets(3, address(serviceManager), _ids(1), data11);
        _registerForSets(
            3,
            address(serviceManager),
            _ids(1),
            _churnData(3, operators[0], keccak256("d"), block.timestamp + 60)
        );
        _registerInCore(4, 1000 ether);
        bytes memory data12 = _churnData(4, operators[1], keccak256("d"), block.timestamp + 60);
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.ChurnApproverSaltUsed.selector);
        _registerForSets(4, address(serviceManager), _ids(1), data12);
    }

    function _churnDataFor(
        uint256 i,
        uint8 kickQuorum,
        address kicked,
        bytes32 salt,
        uint256 signerKey
    ) internal view returns (bytes memory) {
        ISlashingRegistryCoordinatorTypes.OperatorKickParam[] memory kicks =
            new ISlashingRegistryCoordinatorTypes.OperatorKickParam[](1);
        kicks[0] = ISlashingRegistryCoordinatorTypes.OperatorKickParam(kickQuorum, kicked);
        uint256 expiry = block.timestamp + 60;
        bytes32 digest = coordinator.calculateOperatorChurnApprovalDigestHash(
            operators[i], _operatorId(i), kicks, salt, expiry
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(signerKey, digest);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig =
            ISignatureUtils.SignatureWithSaltAndExpiry(abi.encodePacked(r, s, v), salt, expiry);
        return abi.encode(uint8(1), "churned-in", _pubkeyParams(coordinator, i), kicks, sig);
    }

    function test_churn_kickParamErrors() public {
        _fillQuorum1();
        _registerInCore(3, 1000 ether);
        bytes memory wrongQuorum = _churnDataFor(3, 0, operators[0], "q", CHURN_APPROVER_KEY);
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.KickQuorumMismatch.selector);
        _registerForSets(3, address(serviceManager), _ids(1), wrongQuorum);
        bytes memory self = _churnDataFor(3, 1, operators[3], "s", CHURN_APPROVER_KEY);
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.CannotKickSelf.selector);
        _registerForSets(3, address(serviceManager), _ids(1), self);
        bytes memory notMember = _churnDataFor(3, 1, operators[4], "n", CHURN_APPROVER_KEY);
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.NotRegisteredForQuorum.selector);
        _registerForSets(3, address(serviceManager), _ids(1), notMember);
        bytes memory forged = _churnDataFor(3, 1, operators[0], "f", 0xF0F0);
        vm.expectRevert(
            bytes("EIP1271SignatureUtils.checkSignature_EIP1271: signature not from signer")
        );
        _registerForSets(3, address(serviceManager), _ids(1), forged);
    }

    // ---------------------------------------------------------------- leaving

    function test_deregisterThroughAllocationManager() public {
        _onboard(0, 100 ether, WAD, _ids(0, 1));
        vm.expectEmit(true, true, false, false, address(coordinator));
        emit OperatorDeregistered(operators[0], _operatorId(0));
        vm.prank(operators[0]);
        allocationManager.deregisterFromOperatorSets(
            IAllocationManagerTypes.DeregisterParams(
                operators[0], address(serviceManager), _ids(0, 1)
            )
        );
        assertEq(coordinator.getCurrentQuorumBitmap(_operatorId(0)), 0);
        assertEq(stakeRegistry.getCurrentTotalStake(0), 0);
        assertEq(stakeRegistry.getCurrentTotalStake(1), 0);
        // Still slashable for DEALLOCATION_DELAY blocks after leaving.
        assertTrue(allocationManager.isOperatorSlashable(operators[0], _set(0)));
        vm.roll(block.number + DEALLOCATION_DELAY + 1);
        assertFalse(allocationManager.isOperatorSlashable(operators[0], _set(0)));
    }

    function test_updateOperators_kicksBelowMinimumThroughAllocationManager() public {
        _onboard(0, 100 ether, 0, _ids(1));
        stakeRegistry.setMinimumStakeForQuorum(1, 200 ether);
        coordinator.updateOperators(_one(operators[0]));
        assertFalse(allocationManager.isMemberOfOperatorSet(operators[0], _set(1)));
        assertEq(coordinator.getCurrentQuorumBitmap(_operatorId(0)), 0);
    }

    function test_updateOperatorsForQuorum() public {
        _onboard(0, 100 ether, 0, _ids(1));
        _onboard(1, 100 ether, 0, _ids(1));
        address[][] memory ops = new address[][](1);
        ops[0] = new address[](2);
        (ops[0][0], ops[0][1]) = operators[0] < operators[1]
            ? (operators[0], operators[1])
            : (operators[1], operators[0]);
        _deposit(operators[0], 50 ether);
        vm.expectEmit(true, false, false, true, address(coordinator));
        emit QuorumBlockNumberUpdated(1, block.number);
        coordinator.updateOperatorsForQuorum(ops, hex"01");
        assertEq(stakeRegistry.getCurrentStake(_operatorId(0), 1), 150 ether);
        assertEq(coordinator.quorumUpdateBlockNumber(1), block.number);

        (ops[0][0], ops[0][1]) = (ops[0][1], ops[0][0]);
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.NotSorted.selector);
        coordinator.updateOperatorsForQuorum(ops, hex"01");
        address[][] memory short = new address[][](1);
        short[0] = new address[](1);
        short[0][0] = operators[0];
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.QuorumOperatorCountMismatch.selector);
        coordinator.updateOperatorsForQuorum(short, hex"01");
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.InputLengthMismatch.selector);
        coordinator.updateOperatorsForQuorum(new address[][](0), hex"01");
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.QuorumDoesNotExist.selector);
        coordinator.updateOperatorsForQuorum(ops, hex"07");
    }

    function test_updateOperatorsForQuorum_notRegisteredForQuorum() public {
        _onboard(0, 100 ether, 0, _ids(1));
        address[][] memory ops = new address[][](1);
        ops[0] = new address[](1);
        ops[0][0] = operators[1];
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.NotRegisteredForQuorum.selector);
        coordinator.updateOperatorsForQuorum(ops, hex"01");
    }

    function test_ejectOperator() public {
        _onboard(0, 100 ether, WAD, _ids(0, 1));
        vm.prank(outsider);
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.OnlyEjector.selector);
        coordinator.ejectOperator(operators[0], hex"00");
        vm.prank(ejector);
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.OperatorNotRegistered.selector);
        coordinator.ejectOperator(operators[1], hex"00");

        coordinator.setEjectionCooldown(1 days);
        vm.prank(ejector);
        coordinator.ejectOperator(operators[0], hex"00");
        assertEq(coordinator.getCurrentQuorumBitmap(_operatorId(0)), 2);
        assertFalse(allocationManager.isMemberOfOperatorSet(operators[0], _set(0)));
        assertTrue(allocationManager.isMemberOfOperatorSet(operators[0], _set(1)));
        assertEq(coordinator.lastEjectionTimestamp(operators[0]), block.timestamp);

        // Not registered in all listed quorums: only the timestamp moves.
        vm.warp(block.timestamp + 10);
        vm.prank(ejector);
        coordinator.ejectOperator(operators[0], hex"0001");
        assertEq(coordinator.getCurrentQuorumBitmap(_operatorId(0)), 2);
        assertEq(coordinator.lastEjectionTimestamp(operators[0]), block.timestamp);

        // Past the core's slashable window but inside the cooldown: refused by the coordinator.
        vm.roll(block.number + DEALLOCATION_DELAY + 1);
        bytes memory data13 = _normalData(coordinator, 0);
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.CannotReregisterYet.selector);
        _registerForSets(0, address(serviceManager), _ids(0), data13);
        vm.warp(block.timestamp + 1 days + 1);
        _registerForSets(0, address(serviceManager), _ids(0), _normalData(coordinator, 0));
        assertEq(coordinator.getCurrentQuorumBitmap(_operatorId(0)), 3);
    }

    function test_updateSocket() public {
        vm.prank(operators[0]);
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.NotRegistered.selector);
        coordinator.updateSocket("x");
        _onboard(0, 100 ether, 0, _ids(1));
        vm.expectEmit(true, false, false, true, address(coordinator));
        emit OperatorSocketUpdate(_operatorId(0), "new:1234");
        vm.prank(operators[0]);
        coordinator.updateSocket("new:1234");
        assertEq(socketRegistry.getOperatorSocket(_operatorId(0)), "new:1234");
    }

    // ---------------------------------------------------------------- owner

    function test_ownerSetters() public {
        vm.expectEmit(false, false, false, true, address(coordinator));
        emit AVSUpdated(address(serviceManager), outsider);
        coordinator.setAVS(outsider);
        assertTrue(coordinator.supportsAVS(outsider));
        coordinator.setEjector(outsider);
        assertEq(coordinator.ejector(), outsider);
        coordinator.setChurnApprover(outsider);
        assertEq(coordinator.churnApprover(), outsider);
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.QuorumDoesNotExist.selector);
        coordinator.setOperatorSetParams(
            9, ISlashingRegistryCoordinatorTypes.OperatorSetParam(1, 1, 1)
        );
        vm.startPrank(outsider);
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        coordinator.setAVS(outsider);
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        coordinator.setEjectionCooldown(1);
        vm.stopPrank();
    }

    function test_initialize_onlyOnceByDeployer() public {
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.AlreadyInitialized.selector);
        coordinator.initialize(address(this), churnApprover, ejector, 0, address(serviceManager));
        vm.prank(outsider);
        vm.expectRevert(ISlashingRegistryCoordinatorErrors.OnlyDeployer.selector);
        coordinator.initialize(outsider, outsider, outsider, 0, outsider);
    }

    // ---------------------------------------------------------------- gas

    function test_gas_allocateAndRegister() public {
        _registerInCore(0, 100 ether);
        uint256 g = gasleft();
        _allocate(0, address(serviceManager), 0, WAD);
        emit log_named_uint("gas modifyAllocations (1 set, 1 strategy)", g - gasleft());
        vm.roll(block.number + ALLOCATION_DELAY);
        bytes memory data = _normalData(coordinator, 0);
        g = gasleft();
        _registerForSets(0, address(serviceManager), _ids(0), data);
        emit log_named_uint("gas registerForOperatorSets (new BLS key, 1 quorum)", g - gasleft());
        assertEq(coordinator.getCurrentQuorumBitmap(_operatorId(0)), 1);
    }

    // ---------------------------------------------------------------- helpers

    function _one(address a) internal pure returns (address[] memory list) {
        list = new address[](1);
        list[0] = a;
    }
}
