// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {SlashingCoreBase} from "./SlashingMiddlewareBase.sol";
import {IAVSDirectory} from "../../../src/eigenlayer/interfaces/IAVSDirectory.sol";
import {IBLSApkRegistry} from "../../../src/eigenlayer/interfaces/IBLSApkRegistry.sol";
import {IIndexRegistry} from "../../../src/eigenlayer/interfaces/IIndexRegistry.sol";
import {ISocketRegistry} from "../../../src/eigenlayer/interfaces/ISocketRegistry.sol";
import {ISignatureUtils} from "../../../src/eigenlayer/interfaces/ISignatureUtils.sol";
import {
    IRegistryCoordinator as IRegistryCoordinatorM2
} from "../../../src/eigenlayer/interfaces/IRegistryCoordinator.sol";
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
import {
    ServiceManagerBase
} from "../../../src/eigenlayer/slashing/middleware/ServiceManagerBase.sol";

/// @notice RegistryCoordinator v2: an M2 quorum (0, AVSDirectory registration) and an
/// operator-set quorum (1, AllocationManager registration) side by side.
contract RegistryCoordinatorV2Test is SlashingCoreBase {
    event OperatorSetsEnabled();
    event M2QuorumRegistrationDisabled();

    StakeRegistry internal stakeRegistry;
    RegistryCoordinator internal coordinator;
    ServiceManagerBase internal serviceManager;
    address internal outsider = address(0xBAD);

    function setUp() public {
        _deployCore();
        uint64 nonce = vm.getNonce(address(this));
        address coordPredicted = vm.computeCreateAddress(address(this), nonce + 4);
        address smPredicted = vm.computeCreateAddress(address(this), nonce + 5);
        IRegistryCoordinatorM2 m2View = IRegistryCoordinatorM2(coordPredicted);
        stakeRegistry = new StakeRegistry(
            ISlashingRegistryCoordinator(coordPredicted),
            IDelegationManager(address(delegation)),
            IAVSDirectory(address(avsDirectory)),
            IAllocationManager(address(allocationManager))
        );
        BLSApkRegistry bls = new BLSApkRegistry(m2View);
        IndexRegistry idx = new IndexRegistry(m2View);
        SocketRegistry sock = new SocketRegistry(m2View);
        coordinator = new RegistryCoordinator(
            RegistryCoordinator.RegistryCoordinatorParams({
                serviceManager: ISlashingServiceManager(smPredicted),
                slashingParams: RegistryCoordinator.SlashingRegistryParams({
                    stakeRegistry: ISlashingStakeRegistry(address(stakeRegistry)),
                    blsApkRegistry: IBLSApkRegistry(address(bls)),
                    indexRegistry: IIndexRegistry(address(idx)),
                    socketRegistry: ISocketRegistry(address(sock)),
                    allocationManager: IAllocationManager(address(allocationManager)),
                    pauserRegistry: IPauserRegistry(address(pauserRegistry))
                })
            })
        );
        serviceManager = new ServiceManagerBase(
            IAVSDirectory(address(avsDirectory)),
            IRewardsCoordinator(address(0)),
            ISlashingRegistryCoordinator(address(coordinator)),
            ISlashingStakeRegistry(address(stakeRegistry)),
            IPermissionController(address(permissionController)),
            IAllocationManager(address(allocationManager))
        );
        require(address(serviceManager) == smPredicted, "test: SM address prediction");
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

        // Quorum 0: M2 (before operator sets). Quorum 1: slashable operator set.
        coordinator.createQuorum(_param(), 0, _strategyParams(1e18));
        assertFalse(coordinator.operatorSetsEnabled());
        assertTrue(coordinator.isM2Quorum(0));
        // Registration through AllocationManager needs operator sets.
        _registerInCore(4, 100 ether);
        bytes memory data = _normalData(ISlashingRegistryCoordinator(address(coordinator)), 4);
        vm.prank(address(allocationManager));
        vm.expectRevert(RegistryCoordinator.OperatorSetsNotEnabled.selector);
        coordinator.registerOperator(operators[4], smPredicted, _ids(0), data);

        vm.expectEmit(false, false, false, false, address(coordinator));
        emit OperatorSetsEnabled();
        coordinator.createSlashableStakeQuorum(
            _param(), 0, _strategyParams(1e18), 0, address(0x51A5)
        );
    }

    function _param()
        internal
        pure
        returns (ISlashingRegistryCoordinatorTypes.OperatorSetParam memory)
    {
        return ISlashingRegistryCoordinatorTypes.OperatorSetParam(10, 0, 0);
    }

    function _m2Register(uint256 i, bytes memory quorums) internal {
        IBLSApkRegistry.PubkeyRegistrationParams memory params =
            _pubkeyParams(ISlashingRegistryCoordinator(address(coordinator)), i);
        bytes32 salt = keccak256(abi.encode(i, block.number));
        uint256 expiry = block.timestamp + 600;
        bytes32 digest = avsDirectory.calculateOperatorAVSRegistrationDigestHash(
            operators[i], address(serviceManager), salt, expiry
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(operatorKeys[i], digest);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig =
            ISignatureUtils.SignatureWithSaltAndExpiry(abi.encodePacked(r, s, v), salt, expiry);
        vm.prank(operators[i]);
        coordinator.registerOperator(quorums, "m2-socket", params, sig);
    }

    function test_modeSwitch() public {
        assertTrue(coordinator.operatorSetsEnabled());
        assertEq(coordinator.m2QuorumBitmap(), 1);
        assertTrue(coordinator.isM2Quorum(0));
        assertFalse(coordinator.isM2Quorum(1));
        assertFalse(allocationManager.isOperatorSet(OperatorSet(address(serviceManager), 0)));
        assertTrue(allocationManager.isOperatorSet(OperatorSet(address(serviceManager), 1)));
        assertEq(address(coordinator.serviceManager()), address(serviceManager));
        assertEq(coordinator.version(), "v0.0.1");
        vm.expectRevert(RegistryCoordinator.OperatorSetsAlreadyEnabled.selector);
        coordinator.createQuorum(_param(), 0, _strategyParams(1e18));
    }

    function test_m2AndOperatorSetQuorumsSideBySide() public {
        _registerInCore(0, 100 ether);
        _m2Register(0, hex"00");
        assertEq(uint8(avsDirectory.avsOperatorStatus(address(serviceManager), operators[0])), 1);
        assertEq(stakeRegistry.getCurrentStake(_operatorId(0), 0), 100 ether);

        _allocate(0, address(serviceManager), 1, WAD / 4);
        vm.roll(block.number + ALLOCATION_DELAY);
        _registerForSets(
            0,
            address(serviceManager),
            _ids(1),
            _normalData(ISlashingRegistryCoordinator(address(coordinator)), 0)
        );
        assertEq(coordinator.getCurrentQuorumBitmap(_operatorId(0)), 3);
        assertEq(stakeRegistry.getCurrentStake(_operatorId(0), 1), 25 ether);

        // Leaving the operator set keeps the M2 quorum and the AVSDirectory registration.
        vm.prank(operators[0]);
        allocationManager.deregisterFromOperatorSets(
            IAllocationManagerTypes.DeregisterParams(operators[0], address(serviceManager), _ids(1))
        );
        assertEq(coordinator.getCurrentQuorumBitmap(_operatorId(0)), 1);
        assertEq(uint8(avsDirectory.avsOperatorStatus(address(serviceManager), operators[0])), 1);
        // Leaving the last M2 quorum deregisters from the AVSDirectory.
        vm.prank(operators[0]);
        coordinator.deregisterOperator(hex"00");
        assertEq(uint8(avsDirectory.avsOperatorStatus(address(serviceManager), operators[0])), 0);
    }

    function test_m2PathRefusesOperatorSetQuorums() public {
        _registerInCore(0, 100 ether);
        IBLSApkRegistry.PubkeyRegistrationParams memory params =
            _pubkeyParams(ISlashingRegistryCoordinator(address(coordinator)), 0);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig;
        vm.prank(operators[0]);
        vm.expectRevert(RegistryCoordinator.OnlyM2QuorumsAllowed.selector);
        coordinator.registerOperator(hex"01", "s", params, sig);
        vm.prank(operators[0]);
        vm.expectRevert(RegistryCoordinator.OnlyM2QuorumsAllowed.selector);
        coordinator.deregisterOperator(hex"01");
    }

    function test_allocationManagerPathRefusesM2Quorums() public {
        _registerInCore(0, 100 ether);
        bytes memory data = _normalData(ISlashingRegistryCoordinator(address(coordinator)), 0);
        vm.prank(address(allocationManager));
        vm.expectRevert(RegistryCoordinator.OnlyOperatorSetQuorumsAllowed.selector);
        coordinator.registerOperator(operators[0], address(serviceManager), _ids(0), data);
    }

    function test_disableM2QuorumRegistration() public {
        vm.prank(outsider);
        vm.expectRevert(bytes("Ownable: caller is not the owner"));
        coordinator.disableM2QuorumRegistration();
        vm.expectEmit(false, false, false, false, address(coordinator));
        emit M2QuorumRegistrationDisabled();
        coordinator.disableM2QuorumRegistration();
        assertTrue(coordinator.isM2QuorumRegistrationDisabled());
        vm.expectRevert(RegistryCoordinator.M2QuorumRegistrationIsDisabled.selector);
        coordinator.disableM2QuorumRegistration();

        _registerInCore(0, 100 ether);
        IBLSApkRegistry.PubkeyRegistrationParams memory params =
            _pubkeyParams(ISlashingRegistryCoordinator(address(coordinator)), 0);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig;
        vm.prank(operators[0]);
        vm.expectRevert(RegistryCoordinator.M2QuorumRegistrationIsDisabled.selector);
        coordinator.registerOperator(hex"00", "s", params, sig);
    }

    function test_ejectionSplitsM2AndOperatorSetQuorums() public {
        _registerInCore(0, 100 ether);
        _m2Register(0, hex"00");
        _allocate(0, address(serviceManager), 1, WAD);
        vm.roll(block.number + ALLOCATION_DELAY);
        _registerForSets(
            0,
            address(serviceManager),
            _ids(1),
            _normalData(ISlashingRegistryCoordinator(address(coordinator)), 0)
        );
        coordinator.ejectOperator(operators[0], hex"0001");
        assertEq(coordinator.getCurrentQuorumBitmap(_operatorId(0)), 0);
        assertFalse(
            allocationManager.isMemberOfOperatorSet(
                operators[0], OperatorSet(address(serviceManager), 1)
            )
        );
        assertEq(uint8(avsDirectory.avsOperatorStatus(address(serviceManager), operators[0])), 0);
    }
}
