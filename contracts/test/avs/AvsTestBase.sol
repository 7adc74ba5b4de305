// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Test} from "../utils/Test.sol";
import {BlsFixtures} from "./fixtures/BlsFixtures.sol";

import {BN254} from "../../src/eigenlayer/libraries/BN254.sol";
import {IStrategy} from "../../src/eigenlayer/interfaces/IStrategy.sol";
import {IERC20} from "../../src/eigenlayer/interfaces/IERC20.sol";
import {IDelegationManager} from "../../src/eigenlayer/interfaces/IDelegationManager.sol";
import {IStrategyManager} from "../../src/eigenlayer/interfaces/IStrategyManager.sol";
import {IAVSDirectory} from "../../src/eigenlayer/interfaces/IAVSDirectory.sol";
import {IRegistryCoordinator} from "../../src/eigenlayer/interfaces/IRegistryCoordinator.sol";
import {IStakeRegistry} from "../../src/eigenlayer/interfaces/IStakeRegistry.sol";
import {IBLSApkRegistry} from "../../src/eigenlayer/interfaces/IBLSApkRegistry.sol";
import {IIndexRegistry} from "../../src/eigenlayer/interfaces/IIndexRegistry.sol";
import {ISocketRegistry} from "../../src/eigenlayer/interfaces/ISocketRegistry.sol";
import {IServiceManager} from "../../src/eigenlayer/interfaces/IServiceManager.sol";
import {ISignatureUtils} from "../../src/eigenlayer/interfaces/ISignatureUtils.sol";
import {IBLSSignatureChecker} from "../../src/eigenlayer/interfaces/IBLSSignatureChecker.sol";

import {
    EigenPodManager,
    Slasher,
    RewardsCoordinator
} from "../../src/eigenlayer/core/AddressOnlyStandIns.sol";
import {DelegationManager} from "../../src/eigenlayer/core/DelegationManager.sol";
import {StrategyManager} from "../../src/eigenlayer/core/StrategyManager.sol";
import {AVSDirectory} from "../../src/eigenlayer/core/AVSDirectory.sol";
import {ERC20Mock} from "../../src/eigenlayer/core/ERC20Mock.sol";
import {StrategyBase} from "../../src/eigenlayer/core/StrategyBase.sol";
import {StakeRegistry} from "../../src/eigenlayer/middleware/StakeRegistry.sol";
import {BLSApkRegistry} from "../../src/eigenlayer/middleware/BLSApkRegistry.sol";
import {IndexRegistry} from "../../src/eigenlayer/middleware/IndexRegistry.sol";
import {SocketRegistry} from "../../src/eigenlayer/middleware/SocketRegistry.sol";
import {RegistryCoordinator} from "../../src/eigenlayer/middleware/RegistryCoordinator.sol";
import {OperatorStateRetriever} from "../../src/eigenlayer/middleware/OperatorStateRetriever.sol";

import {IncredibleSquaringTaskManager} from "../../src/avs/IncredibleSquaringTaskManager.sol";
import {IncredibleSquaringServiceManager} from "../../src/avs/IncredibleSquaringServiceManager.sol";
import {IIncredibleSquaringTaskManager} from "../../src/avs/IIncredibleSquaringTaskManager.sol";

/// @notice Full devnet stack (core, middleware, AVS) with four operators registered in quorum 0
/// using real BN254 keys (BlsFixtures, generated with noble-curves) and real ECDSA signatures.
abstract contract AvsTestBase is Test {
    uint32 internal constant RESPONSE_WINDOW = 30;
    uint32 internal constant VETO_WINDOW = 20;
    bytes internal constant QUORUM_0 = hex"00";

    address internal aggregator = address(0xA66);
    address internal generator = address(0x6E7);
    address internal challenger = address(0xC4A);
    address internal vetoer1 = address(0x7E701);
    address internal vetoer2 = address(0x7E702);
    address internal outsider = address(0xBAD);

    DelegationManager internal delegation;
    StrategyManager internal strategyManager;
    AVSDirectory internal avsDirectory;
    ERC20Mock internal token;
    StrategyBase internal strategy;
    StakeRegistry internal stakeRegistry;
    BLSApkRegistry internal blsApkRegistry;
    IndexRegistry internal indexRegistry;
    SocketRegistry internal socketRegistry;
    RegistryCoordinator internal registryCoordinator;
    OperatorStateRetriever internal operatorStateRetriever;
    IncredibleSquaringTaskManager internal taskManager;
    IncredibleSquaringServiceManager internal serviceManager;

    uint256[5] internal operatorKeys = [uint256(0xA11CE), 0xB0B, 0xCA401, 0xDA7E, 0xE4E];
    address[5] internal operators;
    bytes32[5] internal operatorIds;
    /// @dev Operator 4 (zero stake) is only registered by the tests that need it.
    uint256[5] internal stakes = [uint256(1000 ether), 2000 ether, 3000 ether, 4000 ether, 0];

    function setUp() public virtual {
        _deployStack();
        for (uint256 i = 0; i < 4; i++) {
            operators[i] = vm.addr(operatorKeys[i]);
            _registerWithEigenLayer(i);
            _registerWithAvs(i);
        }
        vm.roll(block.number + 1);
    }

    // ---------------------------------------------------------------- deployment

    function _deployStack() internal {
        address epm = address(new EigenPodManager());
        address slasher = address(new Slasher());
        address rewards = address(new RewardsCoordinator());
        uint64 nonce = vm.getNonce(address(this));
        address smPredicted = vm.computeCreateAddress(address(this), nonce + 1);
        delegation = new DelegationManager(smPredicted, slasher, epm);
        strategyManager = new StrategyManager(IDelegationManager(address(delegation)), epm, slasher);
        avsDirectory = new AVSDirectory(IDelegationManager(address(delegation)));
        token = new ERC20Mock();
        strategy =
            new StrategyBase(IStrategyManager(address(strategyManager)), IERC20(address(token)));
        IStrategy[] memory toWhitelist = new IStrategy[](1);
        toWhitelist[0] = IStrategy(address(strategy));
        bool[] memory forbidden = new bool[](1);
        strategyManager.addStrategiesToDepositWhitelist(toWhitelist, forbidden);

        nonce = vm.getNonce(address(this));
        address rcPredicted = vm.computeCreateAddress(address(this), nonce + 4);
        // RC (k+4), OSR (k+5), TaskManager (k+6), ServiceManager (k+7).
        address serviceManagerPredicted = vm.computeCreateAddress(address(this), nonce + 7);
        stakeRegistry = new StakeRegistry(
            IRegistryCoordinator(rcPredicted), IDelegationManager(address(delegation))
        );
        blsApkRegistry = new BLSApkRegistry(IRegistryCoordinator(rcPredicted));
        indexRegistry = new IndexRegistry(IRegistryCoordinator(rcPredicted));
        socketRegistry = new SocketRegistry(IRegistryCoordinator(rcPredicted));
        registryCoordinator = new RegistryCoordinator(
            IServiceManager(serviceManagerPredicted),
            IStakeRegistry(address(stakeRegistry)),
            IBLSApkRegistry(address(blsApkRegistry)),
            IIndexRegistry(address(indexRegistry)),
            ISocketRegistry(address(socketRegistry))
        );
        operatorStateRetriever = new OperatorStateRetriever();
        taskManager = new IncredibleSquaringTaskManager(
            IRegistryCoordinator(address(registryCoordinator)),
            RESPONSE_WINDOW,
            aggregator,
            generator
        );
        address[] memory committee = new address[](2);
        committee[0] = vetoer1;
        committee[1] = vetoer2;
        serviceManager = new IncredibleSquaringServiceManager(
            IAVSDirectory(address(avsDirectory)),
            rewards,
            IRegistryCoordinator(address(registryCoordinator)),
            IStakeRegistry(address(stakeRegistry)),
            IIncredibleSquaringTaskManager(address(taskManager)),
            committee,
            1,
            VETO_WINDOW
        );
        require(address(serviceManager) == serviceManagerPredicted, "test: SM address prediction");

        IRegistryCoordinator.OperatorSetParam[] memory setParams =
            new IRegistryCoordinator.OperatorSetParam[](1);
        setParams[0] = IRegistryCoordinator.OperatorSetParam(10_000, 15_000, 100);
        uint96[] memory minimumStakes = new uint96[](1);
        IStakeRegistry.StrategyParams[][] memory strategyParams =
            new IStakeRegistry.StrategyParams[][](1);
        strategyParams[0] = new IStakeRegistry.StrategyParams[](1);
        strategyParams[0][0] = IStakeRegistry.StrategyParams(IStrategy(address(strategy)), 1 ether);
        registryCoordinator.initialize(
            address(this),
            address(this),
            address(serviceManager),
            address(0),
            0,
            setParams,
            minimumStakes,
            strategyParams
        );
    }

    // ---------------------------------------------------------------- operators

    function _registerWithEigenLayer(uint256 i) internal {
        address op = operators[i];
        vm.startPrank(op);
        delegation.registerAsOperator(IDelegationManager.OperatorDetails(op, op, 0), "");
        if (stakes[i] > 0) {
            token.mint(op, stakes[i]);
            token.approve(address(strategyManager), stakes[i]);
            strategyManager.depositIntoStrategy(
                IStrategy(address(strategy)), IERC20(address(token)), stakes[i]
            );
        }
        vm.stopPrank();
    }

    function _pubkeyParams(uint256 i)
        internal
        view
        returns (IBLSApkRegistry.PubkeyRegistrationParams memory params)
    {
        uint256 sk = BlsFixtures.secretKey(i);
        uint256[2] memory g1 = BlsFixtures.pubkeyG1(i);
        uint256[4] memory g2 = BlsFixtures.pubkeyG2(i);
        params.pubkeyG1 = BN254.G1Point(g1[0], g1[1]);
        params.pubkeyG2 = BN254.G2Point([g2[0], g2[1]], [g2[2], g2[3]]);
        // Proof of possession: sk * H(operator), computed with the ecMul precompile.
        BN254.G1Point memory h = registryCoordinator.pubkeyRegistrationMessageHash(operators[i]);
        params.pubkeyRegistrationSignature = BN254.scalar_mul(h, sk);
    }

    function _operatorSignature(uint256 i, bytes32 salt)
        internal
        view
        returns (ISignatureUtils.SignatureWithSaltAndExpiry memory sig)
    {
        uint256 expiry = block.timestamp + 3600;
        bytes32 digest = avsDirectory.calculateOperatorAVSRegistrationDigestHash(
            operators[i], address(serviceManager), salt, expiry
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(operatorKeys[i], digest);
        sig = ISignatureUtils.SignatureWithSaltAndExpiry(abi.encodePacked(r, s, v), salt, expiry);
    }

    function _registerWithAvs(uint256 i) internal {
        IBLSApkRegistry.PubkeyRegistrationParams memory params = _pubkeyParams(i);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig =
            _operatorSignature(i, keccak256(abi.encode("salt", i, block.number)));
        vm.prank(operators[i]);
        registryCoordinator.registerOperator(QUORUM_0, "socket", params, sig);
        operatorIds[i] = registryCoordinator.getOperatorId(operators[i]);
    }

    // ---------------------------------------------------------------- tasks

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

    /// @dev Signature bundle for `answer` on task `index`, signed by the operators in `signerMask`.
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
        _sortNonSigners(nonSignerIds, p.nonSignerPubkeys);
        uint256[4] memory apk2 = BlsFixtures.apkG2(signerMask);
        p.apkG2 = BN254.G2Point([apk2[0], apk2[1]], [apk2[2], apk2[3]]);
        p.quorumApks = new BN254.G1Point[](1);
        p.quorumApks[0] = blsApkRegistry.getApk(0);
        OperatorStateRetriever.CheckSignaturesIndices memory idx =
            operatorStateRetriever.getCheckSignaturesIndices(
                IRegistryCoordinator(address(registryCoordinator)),
                task.taskCreatedBlock,
                task.quorumNumbers,
                nonSignerIds
            );
        p.nonSignerQuorumBitmapIndices = idx.nonSignerQuorumBitmapIndices;
        p.quorumApkIndices = idx.quorumApkIndices;
        p.totalStakeIndices = idx.totalStakeIndices;
        p.nonSignerStakeIndices = idx.nonSignerStakeIndices;
    }

    function _sortNonSigners(bytes32[] memory ids, BN254.G1Point[] memory pks) internal pure {
        for (uint256 i = 1; i < ids.length; i++) {
            for (uint256 j = i; j > 0 && uint256(ids[j - 1]) > uint256(ids[j]); j--) {
                (ids[j - 1], ids[j]) = (ids[j], ids[j - 1]);
                (pks[j - 1], pks[j]) = (pks[j], pks[j - 1]);
            }
        }
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

    function _operatorsInMask(uint256 mask) internal view returns (address[] memory out) {
        uint256 n;
        for (uint256 i = 0; i < 5; i++) {
            if (mask & (1 << i) != 0) n++;
        }
        out = new address[](n);
        uint256 k;
        for (uint256 i = 0; i < 5; i++) {
            if (mask & (1 << i) != 0) out[k++] = operators[i];
        }
    }
}
