// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Test} from "../utils/Test.sol";
import {ElFixtures} from "./fixtures/ElFixtures.sol";
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
import {
    EigenPodManager,
    Slasher,
    RewardsCoordinator
} from "../../src/eigenlayer/core/AddressOnlyStandIns.sol";
import {DelegationManager} from "../../src/eigenlayer/core/DelegationManager.sol";
import {StrategyManager} from "../../src/eigenlayer/core/StrategyManager.sol";
import {StrategyBase} from "../../src/eigenlayer/core/StrategyBase.sol";
import {ERC20Mock} from "../../src/eigenlayer/core/ERC20Mock.sol";
import {AVSDirectory} from "../../src/eigenlayer/core/AVSDirectory.sol";
import {RegistryCoordinator} from "../../src/eigenlayer/middleware/RegistryCoordinator.sol";
import {StakeRegistry} from "../../src/eigenlayer/middleware/StakeRegistry.sol";
import {BLSApkRegistry} from "../../src/eigenlayer/middleware/BLSApkRegistry.sol";
import {IndexRegistry} from "../../src/eigenlayer/middleware/IndexRegistry.sol";
import {SocketRegistry} from "../../src/eigenlayer/middleware/SocketRegistry.sol";
import {OperatorStateRetriever} from "../../src/eigenlayer/middleware/OperatorStateRetriever.sol";
import {BLSSignatureChecker} from "../../src/eigenlayer/middleware/BLSSignatureChecker.sol";
import {ServiceManagerBase} from "../../src/eigenlayer/middleware/ServiceManagerBase.sol";

/// @notice The smallest concrete ServiceManager: ServiceManagerBase as is.
contract PlainServiceManager is ServiceManagerBase {
    constructor(
        IAVSDirectory avsDirectory_,
        address rewardsCoordinator_,
        IRegistryCoordinator registryCoordinator_,
        IStakeRegistry stakeRegistry_
    )
        ServiceManagerBase(avsDirectory_, rewardsCoordinator_, registryCoordinator_, stakeRegistry_)
    {}
}

/// @notice Deploys core + middleware exactly in the documented order (CREATE-address
/// prediction, no proxies) and offers helpers that register operators with real keys.
abstract contract ElTestBase is Test {
    using BN254 for BN254.G1Point;

    bytes internal constant QUORUM_0 = hex"00";
    address internal ejector = address(0xE1EC7);
    address internal churnApprover = address(0xC4024);

    EigenPodManager internal eigenPodManager;
    Slasher internal slasher;
    RewardsCoordinator internal rewardsCoordinator;
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
    PlainServiceManager internal serviceManager;
    OperatorStateRetriever internal operatorStateRetriever;
    BLSSignatureChecker internal checker;

    /// @dev ECDSA keys of the fixture operators (BLS keys come from ElFixtures).
    uint256[4] internal ecdsaKeys = [uint256(0xE1001), 0xE1002, 0xE1003, 0xE1004];
    address[4] internal operators;
    uint256 private _saltCounter;

    function setUp() public virtual {
        vm.roll(100);
        vm.warp(1_700_000_000);
        for (uint256 i = 0; i < 4; i++) {
            operators[i] = vm.addr(ecdsaKeys[i]);
        }
        _deployCore();
        _deployMiddleware();
    }

    function _deployCore() internal {
        eigenPodManager = new EigenPodManager();
        slasher = new Slasher();
        rewardsCoordinator = new RewardsCoordinator();
        address smPredicted = vm.computeCreateAddress(address(this), vm.getNonce(address(this)) + 1);
        delegation = new DelegationManager(smPredicted, address(slasher), address(eigenPodManager));
        strategyManager = new StrategyManager(
            IDelegationManager(address(delegation)), address(eigenPodManager), address(slasher)
        );
        assertEq(address(strategyManager), smPredicted, "StrategyManager address prediction");
        avsDirectory = new AVSDirectory(IDelegationManager(address(delegation)));
        token = new ERC20Mock();
        strategy =
            new StrategyBase(IStrategyManager(address(strategyManager)), IERC20(address(token)));
        IStrategy[] memory list = new IStrategy[](1);
        list[0] = IStrategy(address(strategy));
        strategyManager.addStrategiesToDepositWhitelist(list, new bool[](1));
    }

    function _deployMiddleware() internal {
        uint64 nonce = vm.getNonce(address(this));
        address rcPredicted = vm.computeCreateAddress(address(this), nonce + 4);
        address smPredicted = vm.computeCreateAddress(address(this), nonce + 5);
        IRegistryCoordinator rc = IRegistryCoordinator(rcPredicted);
        stakeRegistry = new StakeRegistry(rc, IDelegationManager(address(delegation)));
        blsApkRegistry = new BLSApkRegistry(rc);
        indexRegistry = new IndexRegistry(rc);
        socketRegistry = new SocketRegistry(rc);
        registryCoordinator = new RegistryCoordinator(
            IServiceManager(smPredicted),
            IStakeRegistry(address(stakeRegistry)),
            IBLSApkRegistry(address(blsApkRegistry)),
            IIndexRegistry(address(indexRegistry)),
            ISocketRegistry(address(socketRegistry))
        );
        serviceManager = new PlainServiceManager(
            IAVSDirectory(address(avsDirectory)),
            address(rewardsCoordinator),
            IRegistryCoordinator(address(registryCoordinator)),
            IStakeRegistry(address(stakeRegistry))
        );
        assertEq(address(registryCoordinator), rcPredicted, "RC address prediction");
        assertEq(address(serviceManager), smPredicted, "ServiceManager address prediction");

        IRegistryCoordinator.OperatorSetParam[] memory setParams =
            new IRegistryCoordinator.OperatorSetParam[](1);
        setParams[0] = IRegistryCoordinator.OperatorSetParam(10_000, 15_000, 100);
        IStakeRegistry.StrategyParams[][] memory sp = new IStakeRegistry.StrategyParams[][](1);
        sp[0] = new IStakeRegistry.StrategyParams[](1);
        sp[0][0] = IStakeRegistry.StrategyParams(IStrategy(address(strategy)), 1e18);
        registryCoordinator.initialize(
            address(this), churnApprover, ejector, address(0), 0, setParams, new uint96[](1), sp
        );
        operatorStateRetriever = new OperatorStateRetriever();
        checker = new BLSSignatureChecker(IRegistryCoordinator(address(registryCoordinator)));
    }

    // ------------------------------------------------------------------ helpers

    /// @dev Core registration plus a deposit of `amount` tokens.
    function _registerInCore(uint256 i, uint256 amount) internal {
        address op = operators[i];
        vm.prank(op);
        delegation.registerAsOperator(IDelegationManager.OperatorDetails(op, op, 0), "");
        if (amount != 0) _deposit(op, amount);
    }

    function _deposit(address who, uint256 amount) internal returns (uint256 shares) {
        token.mint(who, amount);
        vm.startPrank(who);
        token.approve(address(strategyManager), amount);
        shares = strategyManager.depositIntoStrategy(
            IStrategy(address(strategy)), IERC20(address(token)), amount
        );
        vm.stopPrank();
    }

    /// @dev Proof of possession: σ = sk·H(operator), computed with the ecMul precompile.
    function _pubkeyParams(uint256 i, address op)
        internal
        view
        returns (IBLSApkRegistry.PubkeyRegistrationParams memory params)
    {
        BN254.G1Point memory h = registryCoordinator.pubkeyRegistrationMessageHash(op);
        params.pubkeyRegistrationSignature = h.scalar_mul(ElFixtures.secretKey(i));
        params.pubkeyG1 = ElFixtures.pubkeyG1(i);
        params.pubkeyG2 = ElFixtures.pubkeyG2(i);
    }

    /// @dev Raw ECDSA signature (r‖s‖v) over the AVSDirectory digest, as eigensdk does.
    function _operatorSignature(uint256 i)
        internal
        returns (ISignatureUtils.SignatureWithSaltAndExpiry memory sig)
    {
        sig.salt = keccak256(abi.encode("salt", i, ++_saltCounter));
        sig.expiry = block.timestamp + 3600;
        bytes32 digest = avsDirectory.calculateOperatorAVSRegistrationDigestHash(
            operators[i], address(serviceManager), sig.salt, sig.expiry
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(ecdsaKeys[i], digest);
        sig.signature = abi.encodePacked(r, s, v);
    }

    function _registerInAvs(uint256 i, bytes memory quorums) internal {
        IBLSApkRegistry.PubkeyRegistrationParams memory params = _pubkeyParams(i, operators[i]);
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig = _operatorSignature(i);
        vm.prank(operators[i]);
        registryCoordinator.registerOperator(quorums, "Not Needed", params, sig);
    }

    function _operatorId(uint256 i) internal pure returns (bytes32) {
        return BN254.hashG1Point(ElFixtures.pubkeyG1(i));
    }

    /// @dev Operator indices sorted by ascending operatorId.
    function _sortedByOperatorId(uint256[] memory idx) internal pure returns (uint256[] memory) {
        for (uint256 a = 0; a < idx.length; a++) {
            for (uint256 b = a + 1; b < idx.length; b++) {
                if (uint256(_operatorId(idx[b])) < uint256(_operatorId(idx[a]))) {
                    (idx[a], idx[b]) = (idx[b], idx[a]);
                }
            }
        }
        return idx;
    }
}
