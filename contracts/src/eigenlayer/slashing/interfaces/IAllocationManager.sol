// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IStrategy} from "../../interfaces/IStrategy.sol";
import {OperatorSet} from "./OperatorSet.sol";
import {IAVSRegistrar} from "./IAVSRegistrar.sol";
import {IDelegationManager} from "./IDelegationManager.sol";

/// @notice Structs of the AllocationManager ABI (core v1.12.0 shapes).
interface IAllocationManagerTypes {
    /// @notice One (operator, set, strategy) allocation. `pendingDiff` > 0 is a pending
    /// increase, < 0 a pending decrease; it applies at `effectBlock`.
    struct Allocation {
        uint64 currentMagnitude;
        int128 pendingDiff;
        uint32 effectBlock;
    }

    struct RegisterParams {
        address avs;
        uint32[] operatorSetIds;
        bytes data;
    }

    struct DeregisterParams {
        address operator;
        address avs;
        uint32[] operatorSetIds;
    }

    /// @notice Deprecated form: the slasher becomes the AVS itself.
    struct CreateSetParams {
        uint32 operatorSetId;
        IStrategy[] strategies;
    }

    struct CreateSetParamsV2 {
        uint32 operatorSetId;
        IStrategy[] strategies;
        address slasher;
    }

    struct AllocateParams {
        OperatorSet operatorSet;
        IStrategy[] strategies;
        uint64[] newMagnitudes;
    }

    struct SlashingParams {
        address operator;
        uint32 operatorSetId;
        IStrategy[] strategies;
        uint256[] wadsToSlash;
        string description;
    }
}

/// @notice Errors of the AllocationManager ABI.
interface IAllocationManagerErrors {
    error InputArrayLengthMismatch();
    error InvalidAVSRegistrar();
    error InvalidCaller();
    error InvalidOperator();
    error InvalidOperatorSet();
    error InvalidRedistributionRecipient();
    error InvalidStrategy();
    error InvalidWadToSlash();
    error NonexistentAVSMetadata();
    error OperatorSetAlreadyMigrated();
    error AlreadyMemberOfSet();
    error NotMemberOfSet();
    error OperatorNotSlashable();
    error StrategiesMustBeInAscendingOrder();
    error StrategyAlreadyInOperatorSet();
    error StrategyNotInOperatorSet();
    error UninitializedAllocationDelay();
    error InsufficientMagnitude();
    error ModificationAlreadyPending();
    error SameMagnitude();
    error SlasherNotSet();
}

/// @notice Events of the AllocationManager ABI (only the two operator ones and the metadata one
/// are indexed, as upstream).
interface IAllocationManagerEvents is IAllocationManagerTypes {
    event AllocationDelaySet(address operator, uint32 delay, uint32 effectBlock);
    event AllocationUpdated(
        address operator,
        OperatorSet operatorSet,
        IStrategy strategy,
        uint64 magnitude,
        uint32 effectBlock
    );
    event EncumberedMagnitudeUpdated(
        address operator, IStrategy strategy, uint64 encumberedMagnitude
    );
    event MaxMagnitudeUpdated(address operator, IStrategy strategy, uint64 maxMagnitude);
    event OperatorSlashed(
        address operator,
        OperatorSet operatorSet,
        IStrategy[] strategies,
        uint256[] wadSlashed,
        string description
    );
    event AVSRegistrarSet(address avs, IAVSRegistrar registrar);
    event AVSMetadataURIUpdated(address indexed avs, string metadataURI);
    event OperatorSetCreated(OperatorSet operatorSet);
    event OperatorAddedToOperatorSet(address indexed operator, OperatorSet operatorSet);
    event OperatorRemovedFromOperatorSet(address indexed operator, OperatorSet operatorSet);
    event RedistributionAddressSet(OperatorSet operatorSet, address redistributionRecipient);
    event StrategyAddedToOperatorSet(OperatorSet operatorSet, IStrategy strategy);
    event StrategyRemovedFromOperatorSet(OperatorSet operatorSet, IStrategy strategy);
    event SlasherUpdated(OperatorSet operatorSet, address slasher, uint32 effectBlock);
    event SlasherMigrated(OperatorSet operatorSet, address slasher);
}

/// @notice Operator sets, slashable allocations and slashing (core v1.12.0 ABI).
interface IAllocationManager is IAllocationManagerErrors, IAllocationManagerEvents {
    // ---- operators ----
    function registerForOperatorSets(address operator, RegisterParams calldata params) external;
    function deregisterFromOperatorSets(DeregisterParams calldata params) external;
    function setAllocationDelay(address operator, uint32 delay) external;
    function modifyAllocations(address operator, AllocateParams[] calldata params) external;
    function clearDeallocationQueue(
        address operator,
        IStrategy[] calldata strategies,
        uint16[] calldata numToClear
    ) external;

    // ---- AVSs ----
    function updateAVSMetadataURI(address avs, string calldata metadataURI) external;
    function setAVSRegistrar(address avs, IAVSRegistrar registrar) external;
    function createOperatorSets(address avs, CreateSetParams[] calldata params) external;
    function createOperatorSets(address avs, CreateSetParamsV2[] calldata params) external;
    function createRedistributingOperatorSets(
        address avs,
        CreateSetParams[] calldata params,
        address[] calldata redistributionRecipients
    ) external;
    function createRedistributingOperatorSets(
        address avs,
        CreateSetParamsV2[] calldata params,
        address[] calldata redistributionRecipients
    ) external;
    function addStrategiesToOperatorSet(
        address avs,
        uint32 operatorSetId,
        IStrategy[] calldata strategies
    ) external;
    function removeStrategiesFromOperatorSet(
        address avs,
        uint32 operatorSetId,
        IStrategy[] calldata strategies
    ) external;
    function updateSlasher(OperatorSet memory operatorSet, address slasher) external;
    function migrateSlashers(OperatorSet[] memory operatorSets) external;

    // ---- slashing ----
    function slashOperator(address avs, SlashingParams calldata params)
        external
        returns (uint256 slashId, uint256[] memory shares);

    // ---- membership views ----
    function getMembers(OperatorSet memory operatorSet) external view returns (address[] memory);
    function getMemberCount(OperatorSet memory operatorSet) external view returns (uint256);
    function isMemberOfOperatorSet(address operator, OperatorSet memory operatorSet)
        external
        view
        returns (bool);
    function isOperatorSet(OperatorSet memory operatorSet) external view returns (bool);
    function getOperatorSetCount(address avs) external view returns (uint256);
    function getRegisteredSets(address operator) external view returns (OperatorSet[] memory);
    function isOperatorSlashable(address operator, OperatorSet memory operatorSet)
        external
        view
        returns (bool);

    // ---- allocation views ----
    function getAllocatedSets(address operator) external view returns (OperatorSet[] memory);
    function getAllocatedStrategies(address operator, OperatorSet memory operatorSet)
        external
        view
        returns (IStrategy[] memory);
    function getAllocation(address operator, OperatorSet memory operatorSet, IStrategy strategy)
        external
        view
        returns (Allocation memory);
    function getAllocations(
        address[] memory operators,
        OperatorSet memory operatorSet,
        IStrategy strategy
    ) external view returns (Allocation[] memory);
    function getStrategyAllocations(address operator, IStrategy strategy)
        external
        view
        returns (OperatorSet[] memory, Allocation[] memory);
    function getEncumberedMagnitude(address operator, IStrategy strategy)
        external
        view
        returns (uint64);
    function getAllocatableMagnitude(address operator, IStrategy strategy)
        external
        view
        returns (uint64);
    function getMaxMagnitude(address operator, IStrategy strategy) external view returns (uint64);
    function getMaxMagnitudes(address operator, IStrategy[] memory strategies)
        external
        view
        returns (uint64[] memory);
    function getMaxMagnitudes(address[] memory operators, IStrategy strategy)
        external
        view
        returns (uint64[] memory);
    function getMaxMagnitudesAtBlock(
        address operator,
        IStrategy[] memory strategies,
        uint32 blockNumber
    ) external view returns (uint64[] memory);
    function getAllocationDelay(address operator) external view returns (bool isSet, uint32 delay);

    // ---- set configuration views ----
    function getStrategiesInOperatorSet(OperatorSet memory operatorSet)
        external
        view
        returns (IStrategy[] memory);
    function getAVSRegistrar(address avs) external view returns (IAVSRegistrar);
    function getSlasher(OperatorSet memory operatorSet) external view returns (address);
    function getPendingSlasher(OperatorSet memory operatorSet)
        external
        view
        returns (address pendingSlasher, uint32 effectBlock);
    function getRedistributionRecipient(OperatorSet memory operatorSet)
        external
        view
        returns (address);
    function isRedistributingOperatorSet(OperatorSet memory operatorSet)
        external
        view
        returns (bool);
    function getSlashCount(OperatorSet memory operatorSet) external view returns (uint256);
    function isOperatorRedistributable(address operator) external view returns (bool);

    // ---- stake views ----
    function getAllocatedStake(
        OperatorSet memory operatorSet,
        address[] memory operators,
        IStrategy[] memory strategies
    ) external view returns (uint256[][] memory);
    function getMinimumSlashableStake(
        OperatorSet memory operatorSet,
        address[] memory operators,
        IStrategy[] memory strategies,
        uint32 futureBlock
    ) external view returns (uint256[][] memory slashableStake);

    // ---- constants ----
    function DEALLOCATION_DELAY() external view returns (uint32);
    function ALLOCATION_CONFIGURATION_DELAY() external view returns (uint32);
    function SLASHER_CONFIGURATION_DELAY() external view returns (uint32);
    function delegation() external view returns (IDelegationManager);
    function eigenStrategy() external view returns (IStrategy);
    function version() external view returns (string memory);
}
