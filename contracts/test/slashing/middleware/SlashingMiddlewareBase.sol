// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Test} from "../../utils/Test.sol";
import {BlsFixtures} from "../../avs/fixtures/BlsFixtures.sol";

import {BN254} from "../../../src/eigenlayer/libraries/BN254.sol";
import {IStrategy} from "../../../src/eigenlayer/interfaces/IStrategy.sol";
import {IERC20} from "../../../src/eigenlayer/interfaces/IERC20.sol";
import {IAVSDirectory} from "../../../src/eigenlayer/interfaces/IAVSDirectory.sol";
import {
    IDelegationManager as IDelegationManagerM2
} from "../../../src/eigenlayer/interfaces/IDelegationManager.sol";
import {IStakeRegistry} from "../../../src/eigenlayer/interfaces/IStakeRegistry.sol";
import {IBLSApkRegistry} from "../../../src/eigenlayer/interfaces/IBLSApkRegistry.sol";
import {IIndexRegistry} from "../../../src/eigenlayer/interfaces/IIndexRegistry.sol";
import {ISocketRegistry} from "../../../src/eigenlayer/interfaces/ISocketRegistry.sol";
import {
    IRegistryCoordinator as IRegistryCoordinatorM2
} from "../../../src/eigenlayer/interfaces/IRegistryCoordinator.sol";
import {AVSDirectory} from "../../../src/eigenlayer/core/AVSDirectory.sol";
import {ERC20Mock} from "../../../src/eigenlayer/core/ERC20Mock.sol";
import {EigenPodManager} from "../../../src/eigenlayer/core/AddressOnlyStandIns.sol";
import {BLSApkRegistry} from "../../../src/eigenlayer/middleware/BLSApkRegistry.sol";
import {IndexRegistry} from "../../../src/eigenlayer/middleware/IndexRegistry.sol";
import {SocketRegistry} from "../../../src/eigenlayer/middleware/SocketRegistry.sol";

import {
    IAllocationManager,
    IAllocationManagerTypes
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
import {AllocationManager} from "../../../src/eigenlayer/slashing/core/AllocationManager.sol";
import {DelegationManager} from "../../../src/eigenlayer/slashing/core/DelegationManager.sol";
import {StrategyManager} from "../../../src/eigenlayer/slashing/core/StrategyManager.sol";
import {StrategyBase} from "../../../src/eigenlayer/slashing/core/StrategyBase.sol";
import {PermissionController} from "../../../src/eigenlayer/slashing/core/PermissionController.sol";
import {PauserRegistry} from "../../../src/eigenlayer/slashing/core/PauserRegistry.sol";

import {
    ISlashingRegistryCoordinator,
    ISlashingRegistryCoordinatorTypes
} from "../../../src/eigenlayer/slashing/middleware/ISlashingRegistryCoordinator.sol";
import {
    ISlashingStakeRegistry
} from "../../../src/eigenlayer/slashing/middleware/ISlashingStakeRegistry.sol";
import {StakeRegistry} from "../../../src/eigenlayer/slashing/middleware/StakeRegistry.sol";
import {
    SlashingRegistryCoordinator
} from "../../../src/eigenlayer/slashing/middleware/SlashingRegistryCoordinator.sol";
import {
    ServiceManagerBase
} from "../../../src/eigenlayer/slashing/middleware/ServiceManagerBase.sol";
import {VetoableSlasher} from "../../../src/eigenlayer/slashing/middleware/VetoableSlasher.sol";

/// @notice The slashing-era core (real AllocationManager, DelegationManager, StrategyManager,
/// PermissionController) plus helpers to stake, allocate and register operators with real BLS
/// keys (BlsFixtures). Middleware suites deploy their own coordinator on top.
abstract contract SlashingCoreBase is Test {
    uint32 internal constant DEALLOCATION_DELAY = 10;
    uint32 internal constant ALLOCATION_CONFIGURATION_DELAY = 5;
    /// @dev Allocation delay the operators pick at registration (effective at once since v1.9).
    uint32 internal constant ALLOCATION_DELAY = 2;
    uint32 internal constant MIN_WITHDRAWAL_DELAY = 10;
    uint64 internal constant WAD = 1e18;

    bytes4 internal constant UPDATE_AVS_METADATA_URI = 0xa9821821;
    bytes4 internal constant SET_AVS_REGISTRAR = 0xd3d96ff4;
    bytes4 internal constant CREATE_OPERATOR_SETS_V2 = 0x3dff8e7d;
    bytes4 internal constant DEREGISTER_FROM_OPERATOR_SETS = 0x6e3492b5;

    PauserRegistry internal pauserRegistry;
    PermissionController internal permissionController;
    AllocationManager internal allocationManager;
    DelegationManager internal delegation;
    StrategyManager internal strategyManager;
    AVSDirectory internal avsDirectory;
    ERC20Mock internal token;
    StrategyBase internal strategy;
    address internal eigenPodManager;

    uint256[5] internal operatorKeys = [uint256(0xA11CE), 0xB0B, 0xCA401, 0xDA7E, 0xE4E];
    address[5] internal operators;

    function _deployCore() internal {
        vm.roll(100);
        vm.warp(1_700_000_000);
        for (uint256 i = 0; i < 5; i++) {
            operators[i] = vm.addr(operatorKeys[i]);
        }
        address[] memory pausers = new address[](1);
        pausers[0] = address(this);
        pauserRegistry = new PauserRegistry(pausers, address(this));
        permissionController = new PermissionController("v1.12.0");
        eigenPodManager = address(new EigenPodManager());
        uint64 nonce = vm.getNonce(address(this));
        // AllocationManager (k), DelegationManager (k+1), StrategyManager (k+2).
        address dmPredicted = vm.computeCreateAddress(address(this), nonce + 1);
        address smPredicted = vm.computeCreateAddress(address(this), nonce + 2);
        allocationManager = new AllocationManager(
            IDelegationManager(dmPredicted),
            IStrategy(address(0)),
            IPauserRegistry(address(pauserRegistry)),
            IPermissionController(address(permissionController)),
            DEALLOCATION_DELAY,
            ALLOCATION_CONFIGURATION_DELAY,
            "v1.12.0"
        );
        delegation = new DelegationManager(
            IStrategyManager(smPredicted),
            eigenPodManager,
            IAllocationManager(address(allocationManager)),
            IPauserRegistry(address(pauserRegistry)),
            IPermissionController(address(permissionController)),
            MIN_WITHDRAWAL_DELAY,
            "v1.12.0"
        );
        strategyManager = new StrategyManager(
            IAllocationManager(address(allocationManager)),
            IDelegationManager(address(delegation)),
            IPauserRegistry(address(pauserRegistry)),
            "v1.12.0"
        );
        require(address(delegation) == dmPredicted, "test: DM address prediction");
        require(address(strategyManager) == smPredicted, "test: SM address prediction");
        allocationManager.initialize(0);
        delegation.initialize(0);
        strategyManager.initialize(address(this), address(this), 0);
        avsDirectory = new AVSDirectory(IDelegationManagerM2(address(delegation)));
        token = new ERC20Mock();
        strategy = new StrategyBase(
            IStrategyManager(address(strategyManager)),
            IERC20(address(token)),
            IPauserRegistry(address(pauserRegistry))
        );
        IStrategy[] memory list = new IStrategy[](1);
        list[0] = IStrategy(address(strategy));
        strategyManager.addStrategiesToDepositWhitelist(list);
    }

    // ---------------------------------------------------------------- operator helpers

    /// @dev EigenLayer operator with `amount` tokens deposited (self-delegated).
    function _registerInCore(uint256 i, uint256 amount) internal {
        address op = operators[i];
        vm.prank(op);
        delegation.registerAsOperator(address(0), ALLOCATION_DELAY, "");
        if (amount != 0) _deposit(op, amount);
    }

    function _deposit(address who, uint256 amount) internal {
        token.mint(who, amount);
        vm.startPrank(who);
        token.approve(address(strategyManager), amount);
        strategyManager.depositIntoStrategy(
            IStrategy(address(strategy)), IERC20(address(token)), amount
        );
        vm.stopPrank();
    }

    /// @dev Allocates `magnitude` (of WAD) of the strategy to set (avs, id); effective after
    /// ALLOCATION_DELAY blocks.
    function _allocate(uint256 i, address avs, uint32 setId, uint64 magnitude) internal {
        IAllocationManagerTypes.AllocateParams[] memory p =
            new IAllocationManagerTypes.AllocateParams[](1);
        p[0].operatorSet = OperatorSet({avs: avs, id: setId});
        p[0].strategies = new IStrategy[](1);
        p[0].strategies[0] = IStrategy(address(strategy));
        p[0].newMagnitudes = new uint64[](1);
        p[0].newMagnitudes[0] = magnitude;
        vm.prank(operators[i]);
        allocationManager.modifyAllocations(operators[i], p);
    }

    function _pubkeyParams(ISlashingRegistryCoordinator coordinator, uint256 i)
        internal
        view
        returns (IBLSApkRegistry.PubkeyRegistrationParams memory params)
    {
        uint256[2] memory g1 = BlsFixtures.pubkeyG1(i);
        uint256[4] memory g2 = BlsFixtures.pubkeyG2(i);
        params.pubkeyG1 = BN254.G1Point(g1[0], g1[1]);
        params.pubkeyG2 = BN254.G2Point([g2[0], g2[1]], [g2[2], g2[3]]);
        BN254.G1Point memory h = coordinator.pubkeyRegistrationMessageHash(operators[i]);
        params.pubkeyRegistrationSignature = BN254.scalar_mul(h, BlsFixtures.secretKey(i));
    }

    function _normalData(ISlashingRegistryCoordinator coordinator, uint256 i)
        internal
        view
        returns (bytes memory)
    {
        return abi.encode(uint8(0), "socket", _pubkeyParams(coordinator, i));
    }

    function _registerForSets(uint256 i, address avs, uint32[] memory ids, bytes memory data)
        internal
    {
        vm.prank(operators[i]);
        allocationManager.registerForOperatorSets(
            operators[i],
            IAllocationManagerTypes.RegisterParams({avs: avs, operatorSetIds: ids, data: data})
        );
    }

    function _ids(uint32 a) internal pure returns (uint32[] memory ids) {
        ids = new uint32[](1);
        ids[0] = a;
    }

    function _ids(uint32 a, uint32 b) internal pure returns (uint32[] memory ids) {
        ids = new uint32[](2);
        ids[0] = a;
        ids[1] = b;
    }

    function _operatorId(uint256 i) internal pure returns (bytes32) {
        uint256[2] memory g1 = BlsFixtures.pubkeyG1(i);
        return keccak256(abi.encodePacked(g1[0], g1[1]));
    }

    function _strategyParams(uint96 multiplier)
        internal
        view
        returns (IStakeRegistry.StrategyParams[] memory sp)
    {
        sp = new IStakeRegistry.StrategyParams[](1);
        sp[0] = IStakeRegistry.StrategyParams(IStrategy(address(strategy)), multiplier);
    }
}

/// @notice SlashingRegistryCoordinator + registries + ServiceManagerBase v1 + VetoableSlasher,
/// wired as on a fresh devnet (§4 of the reference): metadata URI, registrar, appointees.
/// Quorum 0: slashable stake (slasher = the VetoableSlasher); quorum 1: total delegated.
abstract contract SlashingMiddlewareBase is SlashingCoreBase {
    uint32 internal constant VETO_WINDOW = 5;
    uint32 internal constant LOOK_AHEAD = 3;
    uint32 internal constant MAX_OPERATORS = 3;

    address internal churnApprover;
    uint256 internal constant CHURN_APPROVER_KEY = 0xC4024;
    address internal ejector = address(0xE1EC7);
    address internal slasherCaller = address(0x51A5);
    address internal vetoCommittee = address(0x7E70);
    address internal outsider = address(0xBAD);

    StakeRegistry internal stakeRegistry;
    BLSApkRegistry internal blsApkRegistry;
    IndexRegistry internal indexRegistry;
    SocketRegistry internal socketRegistry;
    SlashingRegistryCoordinator internal coordinator;
    ServiceManagerBase internal serviceManager;
    VetoableSlasher internal slasher;

    function setUp() public virtual {
        churnApprover = vm.addr(CHURN_APPROVER_KEY);
        _deployCore();
        _deployMiddleware();
        _createQuorums();
    }

    function _deployMiddleware() internal {
        uint64 nonce = vm.getNonce(address(this));
        // Registries (k..k+3), coordinator (k+4), ServiceManager (k+5).
        address coordPredicted = vm.computeCreateAddress(address(this), nonce + 4);
        IRegistryCoordinatorM2 m2View = IRegistryCoordinatorM2(coordPredicted);
        stakeRegistry = new StakeRegistry(
            ISlashingRegistryCoordinator(coordPredicted),
            IDelegationManager(address(delegation)),
            IAVSDirectory(address(avsDirectory)),
            IAllocationManager(address(allocationManager))
        );
        blsApkRegistry = new BLSApkRegistry(m2View);
        indexRegistry = new IndexRegistry(m2View);
        socketRegistry = new SocketRegistry(m2View);
        coordinator = new SlashingRegistryCoordinator(
            ISlashingStakeRegistry(address(stakeRegistry)),
            IBLSApkRegistry(address(blsApkRegistry)),
            IIndexRegistry(address(indexRegistry)),
            ISocketRegistry(address(socketRegistry)),
            IAllocationManager(address(allocationManager)),
            IPauserRegistry(address(pauserRegistry)),
            "v2.0.0"
        );
        serviceManager = new ServiceManagerBase(
            IAVSDirectory(address(avsDirectory)),
            IRewardsCoordinator(address(0)),
            ISlashingRegistryCoordinator(address(coordinator)),
            ISlashingStakeRegistry(address(stakeRegistry)),
            IPermissionController(address(permissionController)),
            IAllocationManager(address(allocationManager))
        );
        require(address(coordinator) == coordPredicted, "test: coordinator address prediction");
        coordinator.initialize(address(this), churnApprover, ejector, 0, address(serviceManager));
        serviceManager.initialize(address(this), address(this));
        _wireAvs(address(serviceManager), address(coordinator));
        slasher = new VetoableSlasher(
            IAllocationManager(address(allocationManager)),
            IStrategyManager(address(strategyManager)),
            ISlashingRegistryCoordinator(address(coordinator)),
            slasherCaller,
            vetoCommittee,
            VETO_WINDOW
        );
    }

    /// @dev The post-deploy permission dance of a slashing-era AVS.
    function _wireAvs(address sm, address coord) internal {
        ServiceManagerBase s = ServiceManagerBase(sm);
        s.setAppointee(address(this), address(allocationManager), UPDATE_AVS_METADATA_URI);
        allocationManager.updateAVSMetadataURI(sm, "https://example.invalid/avs.json");
        s.setAppointee(address(this), address(allocationManager), SET_AVS_REGISTRAR);
        allocationManager.setAVSRegistrar(sm, SlashingRegistryCoordinator(coord));
        s.setAppointee(coord, address(allocationManager), CREATE_OPERATOR_SETS_V2);
        s.setAppointee(coord, address(allocationManager), DEREGISTER_FROM_OPERATOR_SETS);
    }

    function _createQuorums() internal virtual {
        coordinator.createSlashableStakeQuorum(
            ISlashingRegistryCoordinatorTypes.OperatorSetParam(MAX_OPERATORS, 15_000, 100),
            1 ether,
            _strategyParams(1e18),
            LOOK_AHEAD,
            address(slasher)
        );
        coordinator.createTotalDelegatedStakeQuorum(
            ISlashingRegistryCoordinatorTypes.OperatorSetParam(MAX_OPERATORS, 15_000, 100),
            1 ether,
            _strategyParams(1e18)
        );
    }

    function _set(uint32 id) internal view returns (OperatorSet memory) {
        return OperatorSet({avs: address(serviceManager), id: id});
    }

    /// @dev Core registration, `amount` deposited, `magnitude` allocated to quorum 0 and made
    /// effective, then registration for `ids` through AllocationManager.
    function _onboard(uint256 i, uint256 amount, uint64 magnitude, uint32[] memory ids) internal {
        _registerInCore(i, amount);
        if (magnitude != 0) {
            _allocate(i, address(serviceManager), 0, magnitude);
            vm.roll(block.number + ALLOCATION_DELAY);
        }
        _registerForSets(i, address(serviceManager), ids, _normalData(coordinator, i));
    }
}
