// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Test} from "../../utils/Test.sol";
import {IStrategy} from "../../../src/eigenlayer/interfaces/IStrategy.sol";
import {IERC20} from "../../../src/eigenlayer/interfaces/IERC20.sol";
import {ERC20Mock} from "../../../src/eigenlayer/core/ERC20Mock.sol";
import {EigenPodManager} from "../../../src/eigenlayer/core/AddressOnlyStandIns.sol";
import {
    IAllocationManager,
    IAllocationManagerTypes
} from "../../../src/eigenlayer/slashing/interfaces/IAllocationManager.sol";
import {
    IDelegationManager
} from "../../../src/eigenlayer/slashing/interfaces/IDelegationManager.sol";
import {IStrategyManager} from "../../../src/eigenlayer/slashing/interfaces/IStrategyManager.sol";
import {IPauserRegistry} from "../../../src/eigenlayer/slashing/interfaces/IPauserRegistry.sol";
import {
    IPermissionController
} from "../../../src/eigenlayer/slashing/interfaces/IPermissionController.sol";
import {OperatorSet} from "../../../src/eigenlayer/slashing/interfaces/OperatorSet.sol";
import {AllocationManager} from "../../../src/eigenlayer/slashing/core/AllocationManager.sol";
import {DelegationManager} from "../../../src/eigenlayer/slashing/core/DelegationManager.sol";
import {StrategyManager} from "../../../src/eigenlayer/slashing/core/StrategyManager.sol";
import {StrategyBase} from "../../../src/eigenlayer/slashing/core/StrategyBase.sol";
import {PermissionController} from "../../../src/eigenlayer/slashing/core/PermissionController.sol";
import {PauserRegistry} from "../../../src/eigenlayer/slashing/core/PauserRegistry.sol";
import {TestAVSRegistrar} from "./TestAVSRegistrar.sol";

/// @notice Deploys the slashing-era core without proxies (CREATE-address prediction for the
/// AllocationManager <-> DelegationManager <-> StrategyManager cycle), two strategies over two
/// tokens, and an AVS (a plain address) with a recording registrar and one operator set.
abstract contract CoreTestBase is Test {
    event log_named_uint(string key, uint256 val);

    uint32 internal constant DEALLOCATION_DELAY = 50;
    uint32 internal constant ALLOCATION_CONFIGURATION_DELAY = 20;
    uint32 internal constant MIN_WITHDRAWAL_DELAY = 30;
    uint32 internal constant ALLOCATION_DELAY = 5;
    uint64 internal constant WAD = 1e18;
    address internal constant BURN = 0x00000000000000000000000000000000000E16E4;
    uint32 internal constant SET_ID = 1;

    address internal avs = address(0xA5A5);
    address internal slasher = address(0x5A5A);
    address internal operator = address(0x0B01);
    address internal operator2 = address(0x0B02);
    address internal staker = address(0x57A1);
    address internal stranger = address(0xBAD);

    PauserRegistry internal pauserRegistry;
    PermissionController internal permissionController;
    AllocationManager internal allocationManager;
    DelegationManager internal delegation;
    StrategyManager internal strategyManager;
    ERC20Mock internal tokenA;
    ERC20Mock internal tokenB;
    /// @dev strategyLow < strategyHigh by address (slashing wants ascending order).
    StrategyBase internal strategyLow;
    StrategyBase internal strategyHigh;
    TestAVSRegistrar internal registrar;

    function setUp() public virtual {
        vm.roll(1000);
        vm.warp(1_700_000_000);
        address[] memory pausers = new address[](1);
        pausers[0] = address(this);
        pauserRegistry = new PauserRegistry(pausers, address(this));
        permissionController = new PermissionController("v1.12.0");
        address eigenPodManager = address(new EigenPodManager());
        uint64 nonce = vm.getNonce(address(this));
        address dm = vm.computeCreateAddress(address(this), nonce + 1);
        address sm = vm.computeCreateAddress(address(this), nonce + 2);
        allocationManager = new AllocationManager(
            IDelegationManager(dm),
            IStrategy(address(0xE16E)),
            IPauserRegistry(address(pauserRegistry)),
            IPermissionController(address(permissionController)),
            DEALLOCATION_DELAY,
            ALLOCATION_CONFIGURATION_DELAY,
            "v1.12.0"
        );
        delegation = new DelegationManager(
            IStrategyManager(sm),
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
        require(address(delegation) == dm && address(strategyManager) == sm, "prediction");
        allocationManager.initialize(0);
        delegation.initialize(0);
        strategyManager.initialize(address(this), address(this), 0);

        tokenA = new ERC20Mock();
        tokenB = new ERC20Mock();
        StrategyBase s1 = new StrategyBase(
            IStrategyManager(address(strategyManager)), IERC20(address(tokenA)), pauserRegistry
        );
        StrategyBase s2 = new StrategyBase(
            IStrategyManager(address(strategyManager)), IERC20(address(tokenB)), pauserRegistry
        );
        (strategyLow, strategyHigh) = address(s1) < address(s2) ? (s1, s2) : (s2, s1);
        IStrategy[] memory list = new IStrategy[](2);
        list[0] = IStrategy(address(strategyLow));
        list[1] = IStrategy(address(strategyHigh));
        strategyManager.addStrategiesToDepositWhitelist(list);

        registrar = new TestAVSRegistrar(avs);
        vm.startPrank(avs);
        allocationManager.updateAVSMetadataURI(avs, "https://avs.example/metadata.json");
        allocationManager.setAVSRegistrar(avs, registrar);
        vm.stopPrank();
        _createSet(SET_ID, _both());
    }

    // ---------------------------------------------------------------- helpers

    function _set() internal view returns (OperatorSet memory) {
        return OperatorSet(avs, SET_ID);
    }

    function _one(StrategyBase s) internal pure returns (IStrategy[] memory list) {
        list = new IStrategy[](1);
        list[0] = IStrategy(address(s));
    }

    function _both() internal view returns (IStrategy[] memory list) {
        list = new IStrategy[](2);
        list[0] = IStrategy(address(strategyLow));
        list[1] = IStrategy(address(strategyHigh));
    }

    function _ids(uint32 id) internal pure returns (uint32[] memory ids) {
        ids = new uint32[](1);
        ids[0] = id;
    }

    function _createSet(uint32 id, IStrategy[] memory strategies) internal {
        IAllocationManagerTypes.CreateSetParamsV2[] memory p =
            new IAllocationManagerTypes.CreateSetParamsV2[](1);
        p[0] = IAllocationManagerTypes.CreateSetParamsV2(id, strategies, slasher);
        vm.prank(avs);
        allocationManager.createOperatorSets(avs, p);
    }

    function _deposit(address who, StrategyBase s, uint256 amount) internal returns (uint256) {
        ERC20Mock token = ERC20Mock(address(s.underlyingToken()));
        token.mint(who, amount);
        vm.startPrank(who);
        token.approve(address(strategyManager), amount);
        uint256 shares = strategyManager.depositIntoStrategy(IStrategy(address(s)), token, amount);
        vm.stopPrank();
        return shares;
    }

    function _registerOperator(address op) internal {
        vm.prank(op);
        delegation.registerAsOperator(address(0), ALLOCATION_DELAY, "https://op.example");
    }

    function _allocate(address op, OperatorSet memory set, StrategyBase s, uint64 magnitude)
        internal
    {
        IAllocationManagerTypes.AllocateParams[] memory p =
            new IAllocationManagerTypes.AllocateParams[](1);
        uint64[] memory mags = new uint64[](1);
        mags[0] = magnitude;
        p[0] = IAllocationManagerTypes.AllocateParams(set, _one(s), mags);
        vm.prank(op);
        allocationManager.modifyAllocations(op, p);
    }

    function _allocateParams(OperatorSet memory set, StrategyBase s, uint64 magnitude)
        internal
        pure
        returns (IAllocationManagerTypes.AllocateParams[] memory p)
    {
        p = new IAllocationManagerTypes.AllocateParams[](1);
        uint64[] memory mags = new uint64[](1);
        mags[0] = magnitude;
        p[0] = IAllocationManagerTypes.AllocateParams(set, _one(s), mags);
    }

    function _register(address op, uint32 id) internal {
        vm.prank(op);
        allocationManager.registerForOperatorSets(
            op, IAllocationManagerTypes.RegisterParams(avs, _ids(id), hex"c0ffee")
        );
    }

    function _deregister(address op, uint32 id) internal {
        vm.prank(op);
        allocationManager.deregisterFromOperatorSets(
            IAllocationManagerTypes.DeregisterParams(op, avs, _ids(id))
        );
    }

    function _slashParams(address op, StrategyBase s, uint256 wad)
        internal
        pure
        returns (IAllocationManagerTypes.SlashingParams memory)
    {
        uint256[] memory wads = new uint256[](1);
        wads[0] = wad;
        return IAllocationManagerTypes.SlashingParams(op, SET_ID, _one(s), wads, "test slash");
    }

    function _slash(address op, StrategyBase s, uint256 wad)
        internal
        returns (uint256 slashId, uint256[] memory shares)
    {
        vm.prank(slasher);
        return allocationManager.slashOperator(avs, _slashParams(op, s, wad));
    }

    /// @dev Operator with `amount` deposited in strategyLow, registered to the set, and
    /// `magnitude` allocated there (effective after the allocation delay, rolled past).
    function _slashableOperator(address op, uint256 amount, uint64 magnitude) internal {
        _registerOperator(op);
        if (amount != 0) _deposit(op, strategyLow, amount);
        _register(op, SET_ID);
        _allocate(op, _set(), strategyLow, magnitude);
        vm.roll(block.number + ALLOCATION_DELAY);
    }
}
