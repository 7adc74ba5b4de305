// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {BN254} from "../libraries/BN254.sol";
import {ISignatureUtils} from "./ISignatureUtils.sol";
import {IBLSApkRegistry} from "./IBLSApkRegistry.sol";
import {IStakeRegistry} from "./IStakeRegistry.sol";
import {IIndexRegistry} from "./IIndexRegistry.sol";
import {ISocketRegistry} from "./ISocketRegistry.sol";
import {IServiceManager} from "./IServiceManager.sol";

/// @notice Operator registration into quorums; the hub that drives the four registries.
interface IRegistryCoordinator {
    enum OperatorStatus {
        NEVER_REGISTERED,
        REGISTERED,
        DEREGISTERED
    }

    struct OperatorInfo {
        bytes32 operatorId;
        OperatorStatus status;
    }

    struct QuorumBitmapUpdate {
        uint32 updateBlockNumber;
        uint32 nextUpdateBlockNumber;
        uint192 quorumBitmap;
    }

    struct OperatorSetParam {
        uint32 maxOperatorCount;
        uint16 kickBIPsOfOperatorStake;
        uint16 kickBIPsOfTotalStake;
    }

    struct OperatorKickParam {
        uint8 quorumNumber;
        address operator;
    }

    event OperatorRegistered(address indexed operator, bytes32 indexed operatorId);
    event OperatorDeregistered(address indexed operator, bytes32 indexed operatorId);
    event OperatorSocketUpdate(bytes32 indexed operatorId, string socket);
    event OperatorSetParamsUpdated(uint8 indexed quorumNumber, OperatorSetParam operatorSetParams);
    event ChurnApproverUpdated(address prevChurnApprover, address newChurnApprover);
    event EjectorUpdated(address prevEjector, address newEjector);
    event QuorumBlockNumberUpdated(uint8 indexed quorumNumber, uint256 blocknumber);
    event EjectionCooldownUpdated(uint256 prevEjectionCooldown, uint256 postEjectionCooldown);

    function initialize(
        address _initialOwner,
        address _churnApprover,
        address _ejector,
        address _pauserRegistry,
        uint256 _initialPausedStatus,
        OperatorSetParam[] memory _operatorSetParams,
        uint96[] memory _minimumStakes,
        IStakeRegistry.StrategyParams[][] memory _strategyParams
    ) external;

    function registerOperator(
        bytes calldata quorumNumbers,
        string calldata socket,
        IBLSApkRegistry.PubkeyRegistrationParams calldata params,
        ISignatureUtils.SignatureWithSaltAndExpiry memory operatorSignature
    ) external;
    function deregisterOperator(bytes calldata quorumNumbers) external;
    function ejectOperator(address operator, bytes calldata quorumNumbers) external;
    function updateOperators(address[] calldata operators) external;
    function updateOperatorsForQuorum(
        address[][] calldata operatorsPerQuorum,
        bytes calldata quorumNumbers
    ) external;
    function updateSocket(string memory socket) external;

    // Owner functions.
    function createQuorum(
        OperatorSetParam memory operatorSetParams,
        uint96 minimumStake,
        IStakeRegistry.StrategyParams[] memory strategyParams
    ) external;
    function setOperatorSetParams(uint8 quorumNumber, OperatorSetParam memory operatorSetParams)
        external;
    function setChurnApprover(address _churnApprover) external;
    function setEjector(address _ejector) external;
    function setEjectionCooldown(uint256 _ejectionCooldown) external;

    // Registry discovery.
    function serviceManager() external view returns (IServiceManager);
    function blsApkRegistry() external view returns (IBLSApkRegistry);
    function stakeRegistry() external view returns (IStakeRegistry);
    function indexRegistry() external view returns (IIndexRegistry);
    function socketRegistry() external view returns (ISocketRegistry);
    function registries(uint256 index) external view returns (address);
    function numRegistries() external view returns (uint256);

    function owner() external view returns (address);
    function churnApprover() external view returns (address);
    function ejector() external view returns (address);
    function quorumCount() external view returns (uint8);
    function quorumUpdateBlockNumber(uint8 quorumNumber) external view returns (uint256);
    function lastEjectionTimestamp(address operator) external view returns (uint256);
    function ejectionCooldown() external view returns (uint256);
    function isChurnApproverSaltUsed(bytes32 salt) external view returns (bool);
    function getOperatorSetParams(uint8 quorumNumber)
        external
        view
        returns (OperatorSetParam memory);

    function pubkeyRegistrationMessageHash(address operator)
        external
        view
        returns (BN254.G1Point memory);
    function calculatePubkeyRegistrationMessageHash(address operator)
        external
        view
        returns (bytes32);
    function calculateOperatorChurnApprovalDigestHash(
        address registeringOperator,
        bytes32 registeringOperatorId,
        OperatorKickParam[] memory operatorKickParams,
        bytes32 salt,
        uint256 expiry
    ) external view returns (bytes32);

    function getOperator(address operator) external view returns (OperatorInfo memory);
    function getOperatorId(address operator) external view returns (bytes32);
    function getOperatorFromId(bytes32 operatorId) external view returns (address);
    function getOperatorStatus(address operator) external view returns (OperatorStatus);
    function getCurrentQuorumBitmap(bytes32 operatorId) external view returns (uint192);
    function getQuorumBitmapHistoryLength(bytes32 operatorId) external view returns (uint256);
    function getQuorumBitmapUpdateByIndex(bytes32 operatorId, uint256 index)
        external
        view
        returns (QuorumBitmapUpdate memory);
    function getQuorumBitmapIndicesAtBlockNumber(uint32 blockNumber, bytes32[] memory operatorIds)
        external
        view
        returns (uint32[] memory);
    function getQuorumBitmapAtBlockNumberByIndex(
        bytes32 operatorId,
        uint32 blockNumber,
        uint256 index
    ) external view returns (uint192);
}
