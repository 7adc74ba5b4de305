// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {SlashingCoreBase} from "../middleware/SlashingMiddlewareBase.sol";
import {BlsFixtures} from "../../avs/fixtures/BlsFixtures.sol";
import {BN254} from "../../../src/eigenlayer/libraries/BN254.sol";
import {IAVSDirectory} from "../../../src/eigenlayer/interfaces/IAVSDirectory.sol";
import {IBLSApkRegistry} from "../../../src/eigenlayer/interfaces/IBLSApkRegistry.sol";
import {IIndexRegistry} from "../../../src/eigenlayer/interfaces/IIndexRegistry.sol";
import {ISocketRegistry} from "../../../src/eigenlayer/interfaces/ISocketRegistry.sol";
import {IBLSSignatureChecker} from "../../../src/eigenlayer/interfaces/IBLSSignatureChecker.sol";
import {
    IRegistryCoordinator as IRegistryCoordinatorM2
} from "../../../src/eigenlayer/interfaces/IRegistryCoordinator.sol";
import {BLSApkRegistry} from "../../../src/eigenlayer/middleware/BLSApkRegistry.sol";
import {IndexRegistry} from "../../../src/eigenlayer/middleware/IndexRegistry.sol";
import {SocketRegistry} from "../../../src/eigenlayer/middleware/SocketRegistry.sol";
import {
    OperatorStateRetriever
} from "../../../src/eigenlayer/middleware/OperatorStateRetriever.sol";
import {
    IAllocationManager
} from "../../../src/eigenlayer/slashing/interfaces/IAllocationManager.sol";
import {
    IDelegationManager
} from "../../../src/eigenlayer/slashing/interfaces/IDelegationManager.sol";
import {IStrategyManager} from "../../../src/eigenlayer/slashing/interfaces/IStrategyManager.sol";
import {
    IPermissionController
} from "../../../src/eigenlayer/slashing/interfaces/IPermissionController.sol";
import {IPauserRegistry} from "../../../src/eigenlayer/slashing/interfaces/IPauserRegistry.sol";
import {
    IRewardsCoordinator
} from "../../../src/eigenlayer/slashing/interfaces/IRewardsCoordinator.sol";
import {OperatorSet} from "../../../src/eigenlayer/slashing/interfaces/OperatorSet.sol";
import {
    ISlashingRegistryCoordinator,
    ISlashingRegistryCoordinatorTypes
} from "../../../src/eigenlayer/slashing/middleware/ISlashingRegistryCoordinator.sol";
import {
    ISlashingStakeRegistry
} from "../../../src/eigenlayer/slashing/middleware/ISlashingStakeRegistry.sol";
import {
    ISlashingServiceManager
} from "../../../src/eigenlayer/slashing/middleware/ISlashingServiceManager.sol";
import {StakeRegistry} from "../../../src/eigenlayer/slashing/middleware/StakeRegistry.sol";
import {
    RegistryCoordinator
} from "../../../src/eigenlayer/slashing/middleware/RegistryCoordinator.sol";
import {VetoableSlasher} from "../../../src/eigenlayer/slashing/middleware/VetoableSlasher.sol";
import {InstantSlasher} from "../../../src/eigenlayer/slashing/middleware/InstantSlasher.sol";
import {IncredibleSquaringTaskManager} from "../../../src/avs/IncredibleSquaringTaskManager.sol";
import {IIncredibleSquaringTaskManager} from "../../../src/avs/IIncredibleSquaringTaskManager.sol";
import {
    IncredibleSquaringSlashingServiceManager
} from "../../../src/avs/IncredibleSquaringSlashingServiceManager.sol";

/// @notice The AVS in slashing mode: slashing-era core, RegistryCoordinator v2 whose only quorum
/// (0) is a slashable-stake operator set, today's TaskManager, the slashing ServiceManager and a
/// VetoableSlasher (or an InstantSlasher: `_slasherKind`). Operators 0–3 stake 1000–4000 ether,
/// allocate all of it to quorum 0 and register with real BLS keys.
abstract contract SlashingAvsBase is SlashingCoreBase {
    uint32 internal constant RESPONSE_WINDOW = 30;
    uint32 internal constant VETO_WINDOW = 20;
    bytes internal constant QUORUM_0 = hex"00";
    uint256 internal constant RIGHT = 9;
    uint256 internal constant WRONG = 10;

    address internal aggregator = address(0xA66);
    address internal generator = address(0x6E7);
    address internal challenger = address(0xC4A);
    address internal vetoCommittee = address(0x7E701);
    address internal outsider = address(0xBAD);

    StakeRegistry internal stakeRegistry;
    BLSApkRegistry internal blsApkRegistry;
    RegistryCoordinator internal coordinator;
    IncredibleSquaringTaskManager internal taskManager;
    IncredibleSquaringSlashingServiceManager internal serviceManager;
    address internal slasherContract;

    bytes32[5] internal operatorIds;
    uint256[5] internal stakes = [uint256(1000 ether), 2000 ether, 3000 ether, 4000 ether, 0];

    function _slasherKind()
        internal
        pure
        virtual
        returns (IncredibleSquaringSlashingServiceManager.SlasherKind)
    {
        return IncredibleSquaringSlashingServiceManager.SlasherKind.Vetoable;
    }

    function setUp() public virtual {
        _deployCore();
        _deployAvs();
        for (uint256 i = 0; i < 4; i++) {
            _registerInCore(i, stakes[i]);
            _allocate(i, address(serviceManager), 0, WAD);
        }
        vm.roll(block.number + ALLOCATION_DELAY);
        for (uint256 i = 0; i < 4; i++) {
            _registerForSets(i, address(serviceManager), _ids(0), _normalData(_coord(), i));
            operatorIds[i] = _operatorId(i);
        }
        vm.roll(block.number + 1);
    }

    function _coord() internal view returns (ISlashingRegistryCoordinator) {
        return ISlashingRegistryCoordinator(address(coordinator));
    }

    function _deployAvs() internal {
        uint64 nonce = vm.getNonce(address(this));
        // Registries k..k+3, coordinator k+4, TaskManager k+5, ServiceManager k+6, slasher k+7.
        address coordPredicted = vm.computeCreateAddress(address(this), nonce + 4);
        address smPredicted = vm.computeCreateAddress(address(this), nonce + 6);
        address slasherPredicted = vm.computeCreateAddress(address(this), nonce + 7);
        IRegistryCoordinatorM2 m2View = IRegistryCoordinatorM2(coordPredicted);
        stakeRegistry = new StakeRegistry(
            ISlashingRegistryCoordinator(coordPredicted),
            IDelegationManager(address(delegation)),
            IAVSDirectory(address(avsDirectory)),
            IAllocationManager(address(allocationManager))
        );
        blsApkRegistry = new BLSApkRegistry(m2View);
        IndexRegistry idx = new IndexRegistry(m2View);
        SocketRegistry sock = new SocketRegistry(m2View);
        coordinator = new RegistryCoordinator(
            RegistryCoordinator.RegistryCoordinatorParams({
                serviceManager: ISlashingServiceManager(smPredicted),
                slashingParams: RegistryCoordinator.SlashingRegistryParams({
                    stakeRegistry: ISlashingStakeRegistry(address(stakeRegistry)),
                    blsApkRegistry: IBLSApkRegistry(address(blsApkRegistry)),
                    indexRegistry: IIndexRegistry(address(idx)),
                    socketRegistry: ISocketRegistry(address(sock)),
                    allocationManager: IAllocationManager(address(allocationManager)),
                    pauserRegistry: IPauserRegistry(address(pauserRegistry))
                })
            })
        );
        taskManager = new IncredibleSquaringTaskManager(
            IRegistryCoordinatorM2(address(coordinator)), RESPONSE_WINDOW, aggregator, generator
        );
        serviceManager = new IncredibleSquaringSlashingServiceManager(
            IAVSDirectory(address(avsDirectory)),
            IRewardsCoordinator(address(0)),
            _coord(),
            ISlashingStakeRegistry(address(stakeRegistry)),
            IPermissionController(address(permissionController)),
            IAllocationManager(address(allocationManager)),
            IIncredibleSquaringTaskManager(address(taskManager)),
            slasherPredicted,
            _slasherKind()
        );
        if (_slasherKind() == IncredibleSquaringSlashingServiceManager.SlasherKind.Vetoable) {
            slasherContract = address(
                new VetoableSlasher(
                    IAllocationManager(address(allocationManager)),
                    IStrategyManager(address(strategyManager)),
                    _coord(),
                    address(serviceManager),
                    vetoCommittee,
                    VETO_WINDOW
                )
            );
        } else {
            slasherContract = address(
                new InstantSlasher(
                    IAllocationManager(address(allocationManager)),
                    IStrategyManager(address(strategyManager)),
                    _coord(),
                    address(serviceManager)
                )
            );
        }
        require(address(serviceManager) == smPredicted, "test: SM address prediction");
        require(slasherContract == slasherPredicted, "test: slasher address prediction");

        coordinator.initialize(address(this), address(this), address(this), 0, smPredicted);
        serviceManager.initialize(address(this), address(this));
        serviceManager.setAppointee(
            address(this), address(allocationManager), UPDATE_AVS_METADATA_URI
        );
        allocationManager.updateAVSMetadataURI(smPredicted, "uri");
        serviceManager.setAppointee(address(this), address(allocationManager), SET_AVS_REGISTRAR);
        allocationManager.setAVSRegistrar(smPredicted, coordinator);
        serviceManager.setAppointee(
            address(coordinator), address(allocationManager), CREATE_OPERATOR_SETS_V2
        );
        serviceManager.setAppointee(
            address(coordinator), address(allocationManager), DEREGISTER_FROM_OPERATOR_SETS
        );
        coordinator.createSlashableStakeQuorum(
            ISlashingRegistryCoordinatorTypes.OperatorSetParam(10, 15_000, 100),
            0,
            _strategyParams(1e18),
            0,
            slasherContract
        );
    }

    function _set0() internal view returns (OperatorSet memory) {
        return OperatorSet({avs: address(serviceManager), id: 0});
    }

    // ---------------------------------------------------------------- tasks (as AvsTestBase)

    function _createTask(uint256 n, uint32 thresholdPercentage)
        internal
        returns (IIncredibleSquaringTaskManager.Task memory task, uint32 index)
    {
        index = taskManager.latestTaskNum();
        vm.prank(generator);
        taskManager.createNewTask(n, thresholdPercentage, QUORUM_0);
        task = IIncredibleSquaringTaskManager.Task(
            n, uint32(block.number), QUORUM_0, thresholdPercentage
        );
        vm.roll(block.number + 1);
    }

    function _signedBundle(
        IIncredibleSquaringTaskManager.Task memory task,
        uint32 index,
        uint256 answer,
        uint256 signerMask
    ) internal view returns (IBLSSignatureChecker.NonSignerStakesAndSignature memory p) {
        uint256 nonSignerCount;
        for (uint256 i = 0; i < 5; i++) {
            if (signerMask & (1 << i) == 0 && operatorIds[i] != bytes32(0)) nonSignerCount++;
        }
        bytes32[] memory nonSignerIds = new bytes32[](nonSignerCount);
        p.nonSignerPubkeys = new BN254.G1Point[](nonSignerCount);
        uint256 k;
        for (uint256 i = 0; i < 5; i++) {
            if (signerMask & (1 << i) != 0) {
                uint256[2] memory s = BlsFixtures.signature(i, index, answer);
                p.sigma = BN254.plus(p.sigma, BN254.G1Point(s[0], s[1]));
            } else if (operatorIds[i] != bytes32(0)) {
                uint256[2] memory g1 = BlsFixtures.pubkeyG1(i);
                nonSignerIds[k] = operatorIds[i];
                p.nonSignerPubkeys[k] = BN254.G1Point(g1[0], g1[1]);
                k++;
            }
        }
        for (uint256 i = 1; i < nonSignerIds.length; i++) {
            for (
                uint256 j = i;
                j > 0 && uint256(nonSignerIds[j - 1]) > uint256(nonSignerIds[j]);
                j--
            ) {
                (nonSignerIds[j - 1], nonSignerIds[j]) = (nonSignerIds[j], nonSignerIds[j - 1]);
                (p.nonSignerPubkeys[j - 1], p.nonSignerPubkeys[j]) =
                (p.nonSignerPubkeys[j], p.nonSignerPubkeys[j - 1]);
            }
        }
        uint256[4] memory apk2 = BlsFixtures.apkG2(signerMask);
        p.apkG2 = BN254.G2Point([apk2[0], apk2[1]], [apk2[2], apk2[3]]);
        p.quorumApks = new BN254.G1Point[](1);
        p.quorumApks[0] = blsApkRegistry.getApk(0);
        OperatorStateRetriever.CheckSignaturesIndices memory idx =
            taskManager.getCheckSignaturesIndices(
                IRegistryCoordinatorM2(address(coordinator)),
                task.taskCreatedBlock,
                task.quorumNumbers,
                nonSignerIds
            );
        p.nonSignerQuorumBitmapIndices = idx.nonSignerQuorumBitmapIndices;
        p.quorumApkIndices = idx.quorumApkIndices;
        p.totalStakeIndices = idx.totalStakeIndices;
        p.nonSignerStakeIndices = idx.nonSignerStakeIndices;
    }

    function _respond(
        IIncredibleSquaringTaskManager.Task memory task,
        uint32 index,
        uint256 answer,
        uint256 signerMask
    )
        internal
        returns (
            IIncredibleSquaringTaskManager.TaskResponse memory response,
            IIncredibleSquaringTaskManager.TaskResponseMetadata memory metadata,
            BN254.G1Point[] memory nonSignerPubkeys
        )
    {
        IBLSSignatureChecker.NonSignerStakesAndSignature memory p =
            _signedBundle(task, index, answer, signerMask);
        response = IIncredibleSquaringTaskManager.TaskResponse(index, answer);
        (, bytes32 hashOfNonSigners) = taskManager.checkSignatures(
            keccak256(abi.encode(response)), task.quorumNumbers, task.taskCreatedBlock, p
        );
        vm.prank(aggregator);
        taskManager.respondToTask(task, response, p);
        metadata = IIncredibleSquaringTaskManager.TaskResponseMetadata(
            uint32(block.number), hashOfNonSigners
        );
        nonSignerPubkeys = p.nonSignerPubkeys;
    }

    /// @dev Operators 0, 1 and 3 sign the wrong answer 10 to task "3"; operator 2 abstains.
    /// Returns the gas the successful challenge used.
    function _wrongAnswerChallenged() internal returns (uint32 index, uint256 gasUsed) {
        IIncredibleSquaringTaskManager.Task memory task;
        (task, index) = _createTask(3, 50);
        (
            IIncredibleSquaringTaskManager.TaskResponse memory response,
            IIncredibleSquaringTaskManager.TaskResponseMetadata memory metadata,
            BN254.G1Point[] memory nonSigners
        ) = _respond(task, index, WRONG, 0xB);
        vm.roll(block.number + 1);
        vm.prank(challenger);
        uint256 g = gasleft();
        taskManager.raiseAndResolveChallenge(task, response, metadata, nonSigners);
        gasUsed = g - gasleft();
    }
}
