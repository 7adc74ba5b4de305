// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {ElTestBase} from "./ElTestBase.sol";
import {ElFixtures} from "./fixtures/ElFixtures.sol";
import {BN254} from "../../src/eigenlayer/libraries/BN254.sol";
import {IStrategy} from "../../src/eigenlayer/interfaces/IStrategy.sol";
import {IRegistryCoordinator} from "../../src/eigenlayer/interfaces/IRegistryCoordinator.sol";
import {IBLSApkRegistry} from "../../src/eigenlayer/interfaces/IBLSApkRegistry.sol";
import {IStakeRegistry} from "../../src/eigenlayer/interfaces/IStakeRegistry.sol";
import {ISignatureUtils} from "../../src/eigenlayer/interfaces/ISignatureUtils.sol";

/// @notice AVS registration through the RegistryCoordinator with real BLS proofs of possession.
contract RegistrationTest is ElTestBase {
    using BN254 for BN254.G1Point;

    event NewPubkeyRegistration(
        address indexed operator, BN254.G1Point pubkeyG1, BN254.G2Point pubkeyG2
    );
    event OperatorSocketUpdate(bytes32 indexed operatorId, string socket);
    event OperatorRegistered(address indexed operator, bytes32 indexed operatorId);
    event OperatorDeregistered(address indexed operator, bytes32 indexed operatorId);
    event OperatorAddedToQuorums(address operator, bytes32 operatorId, bytes quorumNumbers);
    event OperatorStakeUpdate(bytes32 indexed operatorId, uint8 quorumNumber, uint96 stake);
    event QuorumIndexUpdate(
        bytes32 indexed operatorId, uint8 quorumNumber, uint32 newOperatorIndex
    );

    function test_pubkeyRegistrationMessageHash_matchesReferenceFormula() public view {
        address op = operators[0];
        bytes32 domain = keccak256(
            abi.encode(
                bytes32(0x8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f),
                bytes32(0x6ec8a99f0e7f9ebde7354a446dcb9423f3af9c58f386a53c59c5b384f9e82d11),
                bytes32(0x6bda7e3f385e48841048390444cced5cc795af87758af67622e5f4f0882c4a99),
                block.chainid,
                address(registryCoordinator)
            )
        );
        bytes32 digest = keccak256(
            abi.encodePacked(
                hex"1901",
                domain,
                keccak256(
                    abi.encode(
                        bytes32(0x2bd82124057f0913bc3b772ce7b83e8057c1ad1f3510fc83778be20f10ec5de6),
                        op
                    )
                )
            )
        );
        assertEq(registryCoordinator.calculatePubkeyRegistrationMessageHash(op), digest);
        BN254.G1Point memory h = registryCoordinator.pubkeyRegistrationMessageHash(op);
        BN254.G1Point memory expected = BN254.hashToG1(digest);
        assertEq(h.X, expected.X);
        assertEq(h.Y, expected.Y);
    }

    /// @dev Everything the operator submits was computed off-chain (viem EIP-712, noble BN254),
    /// as a TypeScript client would; the contracts must agree bit for bit.
    function test_register_withFullyPrecomputedProofs() public {
        assertEq(block.chainid, ElFixtures.PRECOMPUTED_CHAIN_ID);
        assertEq(address(registryCoordinator), ElFixtures.PRECOMPUTED_RC, "RC address moved");
        assertEq(address(avsDirectory), ElFixtures.PRECOMPUTED_AVS_DIRECTORY);
        assertEq(address(serviceManager), ElFixtures.PRECOMPUTED_SERVICE_MANAGER);
        assertEq(operators[0], ElFixtures.PRECOMPUTED_OPERATOR);

        assertEq(
            registryCoordinator.calculatePubkeyRegistrationMessageHash(operators[0]),
            ElFixtures.PUBKEY_REGISTRATION_DIGEST
        );
        BN254.G1Point memory h = registryCoordinator.pubkeyRegistrationMessageHash(operators[0]);
        assertEq(h.X, ElFixtures.PUBKEY_MESSAGE_X);
        assertEq(h.Y, ElFixtures.PUBKEY_MESSAGE_Y);
        assertEq(
            avsDirectory.calculateOperatorAVSRegistrationDigestHash(
                operators[0], address(serviceManager), ElFixtures.AVS_SALT, ElFixtures.AVS_EXPIRY
            ),
            ElFixtures.AVS_DIGEST
        );

        _registerInCore(0, 1000);
        IBLSApkRegistry.PubkeyRegistrationParams memory params;
        params.pubkeyRegistrationSignature =
            BN254.G1Point(ElFixtures.POP_SIGMA_X, ElFixtures.POP_SIGMA_Y);
        params.pubkeyG1 = ElFixtures.pubkeyG1(0);
        params.pubkeyG2 = ElFixtures.pubkeyG2(0);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig =
            ISignatureUtils.SignatureWithSaltAndExpiry(
                ElFixtures.AVS_SIGNATURE, ElFixtures.AVS_SALT, ElFixtures.AVS_EXPIRY
            );
        vm.prank(operators[0]);
        registryCoordinator.registerOperator(QUORUM_0, "Not Needed", params, sig);
        assertEq(registryCoordinator.getOperatorId(operators[0]), _operatorId(0));
        assertEq(uint256(registryCoordinator.getOperatorStatus(operators[0])), 1);
    }

    function test_register_fullFlowAndEventOrder() public {
        _registerInCore(0, 1000 ether);
        bytes32 id = _operatorId(0);
        IBLSApkRegistry.PubkeyRegistrationParams memory params = _pubkeyParams(0, operators[0]);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig = _operatorSignature(0);

        vm.expectEmit(true, false, false, true, address(blsApkRegistry));
        emit NewPubkeyRegistration(operators[0], params.pubkeyG1, params.pubkeyG2);
        vm.expectEmit(true, false, false, true, address(registryCoordinator));
        emit OperatorSocketUpdate(id, "Not Needed");
        vm.expectEmit(true, true, false, false, address(registryCoordinator));
        emit OperatorRegistered(operators[0], id);
        vm.expectEmit(false, false, false, true, address(blsApkRegistry));
        emit OperatorAddedToQuorums(operators[0], id, QUORUM_0);
        vm.expectEmit(true, false, false, true, address(stakeRegistry));
        emit OperatorStakeUpdate(id, 0, 1000 ether);
        vm.expectEmit(true, false, false, true, address(indexRegistry));
        emit QuorumIndexUpdate(id, 0, 0);
        vm.prank(operators[0]);
        registryCoordinator.registerOperator(QUORUM_0, "Not Needed", params, sig);

        assertEq(registryCoordinator.getOperatorId(operators[0]), id);
        assertEq(uint256(registryCoordinator.getOperatorStatus(operators[0])), 1);
        assertEq(registryCoordinator.getOperatorFromId(id), operators[0]);
        assertEq(uint256(registryCoordinator.getCurrentQuorumBitmap(id)), 1);
        assertEq(uint256(avsDirectory.avsOperatorStatus(address(serviceManager), operators[0])), 1);
        assertEq(socketRegistry.getOperatorSocket(id), "Not Needed");
        (BN254.G1Point memory pk, bytes32 hash) = blsApkRegistry.getRegisteredPubkey(operators[0]);
        assertEq(hash, id);
        assertEq(pk.X, ElFixtures.pubkeyG1(0).X);
        BN254.G1Point memory apk = blsApkRegistry.getApk(0);
        assertEq(apk.X, pk.X);
        assertEq(apk.Y, pk.Y);
        assertEq(stakeRegistry.getCurrentStake(id, 0), 1000 ether);
        assertEq(stakeRegistry.getCurrentTotalStake(0), 1000 ether);
        assertEq(indexRegistry.totalOperatorsForQuorum(0), 1);
        address[] memory restaked = serviceManager.getOperatorRestakedStrategies(operators[0]);
        assertEq(restaked.length, 1);
        assertEq(restaked[0], address(strategy));
    }

    function test_register_rejectsWrongG2Key() public {
        _registerInCore(0, 1 ether);
        IBLSApkRegistry.PubkeyRegistrationParams memory params = _pubkeyParams(0, operators[0]);
        params.pubkeyG2 = ElFixtures.pubkeyG2(1);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig = _operatorSignature(0);
        vm.prank(operators[0]);
        vm.expectRevert(
            bytes(
                "BLSApkRegistry.registerBLSPublicKey: either the G1 signature is wrong, or G1 and G2 private key do not match"
            )
        );
        registryCoordinator.registerOperator(QUORUM_0, "", params, sig);
    }

    function test_register_rejectsSignatureOverAnotherOperatorsMessage() public {
        _registerInCore(0, 1 ether);
        // A valid PoP for operator 1's message cannot be replayed by operator 0.
        IBLSApkRegistry.PubkeyRegistrationParams memory params = _pubkeyParams(0, operators[1]);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig = _operatorSignature(0);
        vm.prank(operators[0]);
        vm.expectRevert(
            bytes(
                "BLSApkRegistry.registerBLSPublicKey: either the G1 signature is wrong, or G1 and G2 private key do not match"
            )
        );
        registryCoordinator.registerOperator(QUORUM_0, "", params, sig);
    }

    function test_register_rejectsZeroPubkey() public {
        _registerInCore(0, 1 ether);
        IBLSApkRegistry.PubkeyRegistrationParams memory params;
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig = _operatorSignature(0);
        vm.prank(operators[0]);
        vm.expectRevert(bytes("BLSApkRegistry.registerBLSPublicKey: cannot register zero pubkey"));
        registryCoordinator.registerOperator(QUORUM_0, "", params, sig);
    }

    function test_register_rejectsPubkeyOfAnotherOperator() public {
        _registerInCore(0, 1 ether);
        _registerInCore(1, 1 ether);
        _registerInAvs(0, QUORUM_0);
        // Operator 1 presents operator 0's key with a correct PoP for its own message.
        BN254.G1Point memory h = registryCoordinator.pubkeyRegistrationMessageHash(operators[1]);
        IBLSApkRegistry.PubkeyRegistrationParams memory params;
        params.pubkeyRegistrationSignature = h.scalar_mul(ElFixtures.secretKey(0));
        params.pubkeyG1 = ElFixtures.pubkeyG1(0);
        params.pubkeyG2 = ElFixtures.pubkeyG2(0);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig = _operatorSignature(1);
        vm.prank(operators[1]);
        vm.expectRevert(bytes("BLSApkRegistry.registerBLSPublicKey: public key already registered"));
        registryCoordinator.registerOperator(QUORUM_0, "", params, sig);
    }

    function test_register_requiresCoreRegistration() public {
        IBLSApkRegistry.PubkeyRegistrationParams memory params = _pubkeyParams(0, operators[0]);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig = _operatorSignature(0);
        vm.prank(operators[0]);
        vm.expectRevert(
            bytes("AVSDirectory.registerOperatorToAVS: operator not registered to EigenLayer yet")
        );
        registryCoordinator.registerOperator(QUORUM_0, "", params, sig);
    }

    function test_register_quorumValidation() public {
        _registerInCore(0, 1 ether);
        IBLSApkRegistry.PubkeyRegistrationParams memory params = _pubkeyParams(0, operators[0]);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig = _operatorSignature(0);
        vm.startPrank(operators[0]);
        vm.expectRevert(bytes("BitmapUtils.orderedBytesArrayToBitmap: bitmap exceeds max value"));
        registryCoordinator.registerOperator(hex"01", "", params, sig);
        vm.expectRevert(bytes("RegCoord._registerOperator: bitmap cannot be 0"));
        registryCoordinator.registerOperator("", "", params, sig);
        registryCoordinator.registerOperator(QUORUM_0, "", params, sig);
        vm.expectRevert(
            bytes("RegCoord._registerOperator: operator already registered for some quorums")
        );
        registryCoordinator.registerOperator(QUORUM_0, "", params, sig);
        vm.stopPrank();
    }

    function test_register_belowMinimumStakeReverts_andMultiplierWeights() public {
        // Quorum 1: multiplier 0.5, minimum 600.
        IStakeRegistry.StrategyParams[] memory sp = new IStakeRegistry.StrategyParams[](1);
        sp[0] = IStakeRegistry.StrategyParams(IStrategy(address(strategy)), 0.5e18);
        registryCoordinator.createQuorum(IRegistryCoordinator.OperatorSetParam(10, 0, 0), 600, sp);
        assertEq(registryCoordinator.quorumCount(), 2);

        _registerInCore(0, 1000);
        assertEq(stakeRegistry.weightOfOperatorForQuorum(1, operators[0]), 500);
        IBLSApkRegistry.PubkeyRegistrationParams memory params = _pubkeyParams(0, operators[0]);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig = _operatorSignature(0);
        vm.prank(operators[0]);
        vm.expectRevert(
            bytes(
                "StakeRegistry.registerOperator: Operator does not meet minimum stake requirement for quorum"
            )
        );
        registryCoordinator.registerOperator(hex"0001", "", params, sig);

        _deposit(operators[0], 201);
        assertEq(stakeRegistry.weightOfOperatorForQuorum(1, operators[0]), 600); // 1201·0.5 truncated
        _registerInAvs(0, hex"0001");
        bytes32 id = _operatorId(0);
        assertEq(stakeRegistry.getCurrentStake(id, 0), 1201);
        assertEq(stakeRegistry.getCurrentStake(id, 1), 600);
        assertEq(uint256(registryCoordinator.getCurrentQuorumBitmap(id)), 3);
        assertEq(serviceManager.getOperatorRestakedStrategies(operators[0]).length, 2);
        assertEq(serviceManager.getRestakeableStrategies().length, 2);
    }

    function test_maxOperatorCount() public {
        IStakeRegistry.StrategyParams[] memory sp = new IStakeRegistry.StrategyParams[](1);
        sp[0] = IStakeRegistry.StrategyParams(IStrategy(address(strategy)), 1e18);
        registryCoordinator.createQuorum(IRegistryCoordinator.OperatorSetParam(1, 0, 0), 0, sp);
        _registerInCore(0, 1);
        _registerInCore(1, 1);
        _registerInAvs(0, hex"01");
        IBLSApkRegistry.PubkeyRegistrationParams memory params = _pubkeyParams(1, operators[1]);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig = _operatorSignature(1);
        vm.prank(operators[1]);
        vm.expectRevert(bytes("RegCoord.registerOperator: operator count exceeds maximum"));
        registryCoordinator.registerOperator(hex"01", "", params, sig);
    }

    function test_deregister_swapsLastIntoFreedIndexAndLeavesAvs() public {
        for (uint256 i = 0; i < 3; i++) {
            _registerInCore(i, (i + 1) * 100);
            _registerInAvs(i, QUORUM_0);
        }
        vm.roll(block.number + 1);
        bytes32 id0 = _operatorId(0);
        bytes32 id2 = _operatorId(2);
        vm.expectEmit(true, true, false, false, address(registryCoordinator));
        emit OperatorDeregistered(operators[0], id0);
        vm.expectEmit(true, false, false, true, address(indexRegistry));
        emit QuorumIndexUpdate(id2, 0, 0);
        vm.prank(operators[0]);
        registryCoordinator.deregisterOperator(QUORUM_0);

        assertEq(uint256(registryCoordinator.getOperatorStatus(operators[0])), 2);
        assertEq(uint256(avsDirectory.avsOperatorStatus(address(serviceManager), operators[0])), 0);
        assertEq(indexRegistry.totalOperatorsForQuorum(0), 2);
        assertEq(indexRegistry.currentOperatorIndex(0, id2), 0);
        bytes32[] memory list = indexRegistry.getOperatorListAtBlockNumber(0, uint32(block.number));
        assertEq(list.length, 2);
        assertEq(list[0], id2);
        assertEq(list[1], _operatorId(1));
        assertEq(stakeRegistry.getCurrentTotalStake(0), 500);
        // APK now = pk1 + pk2.
        BN254.G1Point memory apk = blsApkRegistry.getApk(0);
        BN254.G1Point memory expected = ElFixtures.pubkeyG1(1).plus(ElFixtures.pubkeyG1(2));
        assertEq(apk.X, expected.X);
        assertEq(apk.Y, expected.Y);

        vm.prank(operators[0]);
        vm.expectRevert(bytes("RegCoord._deregisterOperator: operator is not registered"));
        registryCoordinator.deregisterOperator(QUORUM_0);

        // Re-registration keeps the operatorId and needs no new pubkey.
        vm.warp(block.timestamp + 1);
        IBLSApkRegistry.PubkeyRegistrationParams memory ignored;
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig = _operatorSignature(0);
        vm.prank(operators[0]);
        registryCoordinator.registerOperator(QUORUM_0, "again", ignored, sig);
        assertEq(registryCoordinator.getOperatorId(operators[0]), id0);
        assertEq(indexRegistry.currentOperatorIndex(0, id0), 2);
    }

    function test_ejectOperator() public {
        _registerInCore(0, 100);
        _registerInAvs(0, QUORUM_0);
        vm.prank(operators[1]);
        vm.expectRevert(bytes("RegCoord.onlyEjector: caller is not the ejector"));
        registryCoordinator.ejectOperator(operators[0], QUORUM_0);

        // Operator 1 is not registered: nothing happens, but the ejection time is stamped.
        vm.prank(ejector);
        registryCoordinator.ejectOperator(operators[1], QUORUM_0);
        assertEq(registryCoordinator.lastEjectionTimestamp(operators[1]), block.timestamp);

        vm.prank(ejector);
        registryCoordinator.ejectOperator(operators[0], QUORUM_0);
        assertEq(uint256(registryCoordinator.getOperatorStatus(operators[0])), 2);
        assertEq(indexRegistry.totalOperatorsForQuorum(0), 0);

        // Cannot re-register in the same second (cooldown 0 still requires time to pass).
        IBLSApkRegistry.PubkeyRegistrationParams memory ignored;
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig = _operatorSignature(0);
        vm.prank(operators[0]);
        vm.expectRevert(bytes("RegCoord._registerOperator: operator cannot reregister yet"));
        registryCoordinator.registerOperator(QUORUM_0, "", ignored, sig);

        // The owner may eject too, and may hand the ejector role to someone else.
        registryCoordinator.setEjector(operators[3]);
        assertEq(registryCoordinator.ejector(), operators[3]);
    }

    function test_updateSocket() public {
        _registerInCore(0, 100);
        vm.prank(operators[0]);
        vm.expectRevert(bytes("RegCoord.updateSocket: operator is not registered"));
        registryCoordinator.updateSocket("x");
        _registerInAvs(0, QUORUM_0);
        vm.prank(operators[0]);
        registryCoordinator.updateSocket("host:1234");
        assertEq(socketRegistry.getOperatorSocket(_operatorId(0)), "host:1234");
    }

    function test_onlyRegistryCoordinatorHooks() public {
        IBLSApkRegistry.PubkeyRegistrationParams memory params;
        vm.expectRevert(
            bytes("BLSApkRegistry.onlyRegistryCoordinator: caller is not the registry coordinator")
        );
        blsApkRegistry.registerBLSPublicKey(operators[0], params, BN254.G1Point(1, 2));
        vm.expectRevert(
            bytes("StakeRegistry.onlyRegistryCoordinator: caller is not the RegistryCoordinator")
        );
        stakeRegistry.registerOperator(operators[0], bytes32(uint256(1)), QUORUM_0);
        vm.expectRevert(
            bytes("IndexRegistry.onlyRegistryCoordinator: caller is not the registry coordinator")
        );
        indexRegistry.registerOperator(bytes32(uint256(1)), QUORUM_0);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig;
        vm.expectRevert(
            bytes(
                "ServiceManagerBase.onlyRegistryCoordinator: caller is not the registry coordinator"
            )
        );
        serviceManager.registerOperatorToAVS(operators[0], sig);
    }

    function test_initialize_onlyOnceAndOnlyDeployer() public {
        IRegistryCoordinator.OperatorSetParam[] memory none;
        IStakeRegistry.StrategyParams[][] memory noneSp;
        vm.expectRevert(bytes("Initializable: contract is already initialized"));
        registryCoordinator.initialize(
            address(this), address(0), address(0), address(0), 0, none, new uint96[](0), noneSp
        );
        vm.prank(operators[0]);
        vm.expectRevert(bytes("RegCoord.initialize: caller is not the deployer"));
        registryCoordinator.initialize(
            address(this), address(0), address(0), address(0), 0, none, new uint96[](0), noneSp
        );
        assertEq(registryCoordinator.owner(), address(this));
        assertEq(registryCoordinator.numRegistries(), 3);
        assertEq(registryCoordinator.registries(0), address(stakeRegistry));
        assertEq(registryCoordinator.registries(1), address(blsApkRegistry));
        assertEq(registryCoordinator.registries(2), address(indexRegistry));
        assertEq(registryCoordinator.churnApprover(), churnApprover);
        IRegistryCoordinator.OperatorSetParam memory p = registryCoordinator.getOperatorSetParams(0);
        assertEq(p.maxOperatorCount, 10_000);
        assertEq(p.kickBIPsOfOperatorStake, 15_000);
        assertEq(p.kickBIPsOfTotalStake, 100);
    }
}
