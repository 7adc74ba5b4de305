// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {BN254} from "../../libraries/BN254.sol";
import {IBLSApkRegistry} from "../../interfaces/IBLSApkRegistry.sol";
import {IIndexRegistry} from "../../interfaces/IIndexRegistry.sol";
import {ISocketRegistry} from "../../interfaces/ISocketRegistry.sol";
import {IStakeRegistry} from "../../interfaces/IStakeRegistry.sol";
import {IAllocationManager} from "../interfaces/IAllocationManager.sol";
import {IAVSRegistrar} from "../interfaces/IAVSRegistrar.sol";
import {ISlashingStakeRegistry} from "./ISlashingStakeRegistry.sol";

/// @notice Types, events and errors of the slashing-era registry coordinator (middleware v2).
interface ISlashingRegistryCoordinatorTypes {
    enum OperatorStatus {
        NEVER_REGISTERED,
        REGISTERED,
        DEREGISTERED
    }

    /// @notice How the `data` of `registerOperator` is encoded (its first ABI word).
    enum RegistrationType {
        NORMAL,
        CHURN
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
}

interface ISlashingRegistryCoordinatorErrors {
    error OnlyAllocationManager();
    error OnlyEjector();
    error InvalidAVS();
    error InvalidRegistrationType();
    error AlreadyRegisteredForQuorums();
    error QuorumDoesNotExist();
    error MaxOperatorCountReached();
    error MaxQuorumsReached();
    error LookAheadPeriodTooLong();
    error NotRegistered();
    error OperatorNotRegistered();
    error NotRegisteredForQuorum();
    error BitmapEmpty();
    error CannotReregisterYet();
    error InputLengthMismatch();
    error NotSorted();
    error QuorumOperatorCountMismatch();
    error AlreadyInitialized();
    error OnlyDeployer();
    error ChurnApproverSaltUsed();
    error SignatureExpired();
    error KickQuorumMismatch();
    error CannotKickOperatorAboveThreshold();
    error InsufficientStakeForChurn();
    error CannotKickSelf();
}

interface ISlashingRegistryCoordinatorEvents is ISlashingRegistryCoordinatorTypes {
    event OperatorRegistered(address indexed operator, bytes32 indexed operatorId);
    event OperatorDeregistered(address indexed operator, bytes32 indexed operatorId);
    event OperatorSocketUpdate(bytes32 indexed operatorId, string socket);
    event OperatorSetParamsUpdated(uint8 indexed quorumNumber, OperatorSetParam operatorSetParams);
    event QuorumBlockNumberUpdated(uint8 indexed quorumNumber, uint256 blocknumber);
    event QuorumCreated(
        uint8 indexed quorumNumber,
        OperatorSetParam operatorSetParams,
        uint96 minimumStake,
        IStakeRegistry.StrategyParams[] strategyParams,
        ISlashingStakeRegistry.StakeType stakeType,
        uint32 lookAheadPeriod,
        address slasher
    );
    event ChurnApproverUpdated(address prevChurnApprover, address newChurnApprover);
    event EjectorUpdated(address prevEjector, address newEjector);
    event AVSUpdated(address prevAVS, address newAVS);
    event EjectionCooldownUpdated(uint256 prevEjectionCooldown, uint256 postEjectionCooldown);
}

/// @notice The AVS registrar of a BLS AVS: AllocationManager calls it when an operator joins or
/// leaves the AVS's operator sets (operator set id = quorum number), and it keeps the BLS,
/// stake and index registries in step.
interface ISlashingRegistryCoordinator is
    IAVSRegistrar,
    ISlashingRegistryCoordinatorErrors,
    ISlashingRegistryCoordinatorEvents
{
    function initialize(
        address initialOwner,
        address churnApprover,
        address ejector,
        uint256 initialPausedStatus,
        address avs
    ) external;

    function createTotalDelegatedStakeQuorum(
        OperatorSetParam memory operatorSetParams,
        uint96 minimumStake,
        IStakeRegistry.StrategyParams[] memory strategyParams
    ) external;
    function createSlashableStakeQuorum(
        OperatorSetParam memory operatorSetParams,
        uint96 minimumStake,
        IStakeRegistry.StrategyParams[] memory strategyParams,
        uint32 lookAheadPeriod,
        address slasher
    ) external;

    function updateOperators(address[] memory operators) external;
    function updateOperatorsForQuorum(
        address[][] memory operatorsPerQuorum,
        bytes calldata quorumNumbers
    ) external;
    function updateSocket(string memory socket) external;
    function ejectOperator(address operator, bytes memory quorumNumbers) external;

    function setOperatorSetParams(uint8 quorumNumber, OperatorSetParam memory operatorSetParams)
        external;
    function setChurnApprover(address churnApprover) external;
    function setEjector(address ejector) external;
    function setAVS(address avs) external;
    function setEjectionCooldown(uint256 ejectionCooldown) external;

    function avs() external view returns (address);
    function allocationManager() external view returns (IAllocationManager);
    function stakeRegistry() external view returns (ISlashingStakeRegistry);
    function blsApkRegistry() external view returns (IBLSApkRegistry);
    function indexRegistry() external view returns (IIndexRegistry);
    function socketRegistry() external view returns (ISocketRegistry);
    function owner() external view returns (address);
    function quorumCount() external view returns (uint8);
    function ejector() external view returns (address);
    function churnApprover() external view returns (address);
    function ejectionCooldown() external view returns (uint256);
    function lastEjectionTimestamp(address operator) external view returns (uint256);
    function isChurnApproverSaltUsed(bytes32 salt) external view returns (bool);
    function quorumUpdateBlockNumber(uint8 quorumNumber) external view returns (uint256);
    function getOperatorSetParams(uint8 quorumNumber)
        external
        view
        returns (OperatorSetParam memory);
    function getOperator(address operator) external view returns (OperatorInfo memory);
    function getOperatorId(address operator) external view returns (bytes32);
    function getOperatorFromId(bytes32 operatorId) external view returns (address);
    function getOperatorStatus(address operator) external view returns (OperatorStatus);
    function getCurrentQuorumBitmap(bytes32 operatorId) external view returns (uint192);
    function getQuorumBitmapIndicesAtBlockNumber(uint32 blockNumber, bytes32[] memory operatorIds)
        external
        view
        returns (uint32[] memory);
    function getQuorumBitmapAtBlockNumberByIndex(
        bytes32 operatorId,
        uint32 blockNumber,
        uint256 index
    ) external view returns (uint192);
    function getQuorumBitmapUpdateByIndex(bytes32 operatorId, uint256 index)
        external
        view
        returns (QuorumBitmapUpdate memory);
    function getQuorumBitmapHistoryLength(bytes32 operatorId) external view returns (uint256);
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
    function domainSeparator() external view returns (bytes32);
    function version() external view returns (string memory);
}
