// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IStrategy} from "../../interfaces/IStrategy.sol";
import {IERC20} from "../../interfaces/IERC20.sol";
import {OperatorSet} from "./OperatorSet.sol";

/// @notice Structs of the RewardsCoordinator submission ABI.
interface IRewardsCoordinatorTypes {
    struct StrategyAndMultiplier {
        IStrategy strategy;
        uint96 multiplier;
    }

    struct RewardsSubmission {
        StrategyAndMultiplier[] strategiesAndMultipliers;
        IERC20 token;
        uint256 amount;
        uint32 startTimestamp;
        uint32 duration;
    }

    struct OperatorReward {
        address operator;
        uint256 amount;
    }

    struct OperatorDirectedRewardsSubmission {
        StrategyAndMultiplier[] strategiesAndMultipliers;
        IERC20 token;
        OperatorReward[] operatorRewards;
        uint32 startTimestamp;
        uint32 duration;
        string description;
    }
}

/// @notice Errors of the RewardsCoordinator submission ABI.
interface IRewardsCoordinatorErrors {
    error AmountIsZero();
    error AmountExceedsMax();
    error DurationExceedsMax();
    error DurationIsZero();
    error InputArrayLengthZero();
    error InvalidAddressZero();
    error InvalidDurationRemainder();
    error InvalidStartTimestampRemainder();
    error StartTimestampTooFarInPast();
    error StartTimestampTooFarInFuture();
    error StrategyNotWhitelisted();
    error StrategiesNotInAscendingOrder();
    error OperatorsNotInAscendingOrder();
    error SubmissionNotRetroactive();
    error InvalidOperatorSet();
}

/// @notice Events of the RewardsCoordinator submission ABI.
interface IRewardsCoordinatorEvents is IRewardsCoordinatorTypes {
    event AVSRewardsSubmissionCreated(
        address indexed avs,
        uint256 indexed submissionNonce,
        bytes32 indexed rewardsSubmissionHash,
        RewardsSubmission rewardsSubmission
    );
    event OperatorDirectedAVSRewardsSubmissionCreated(
        address indexed caller,
        address indexed avs,
        bytes32 indexed operatorDirectedRewardsSubmissionHash,
        uint256 submissionNonce,
        OperatorDirectedRewardsSubmission operatorDirectedRewardsSubmission
    );
    event OperatorDirectedOperatorSetRewardsSubmissionCreated(
        address indexed caller,
        bytes32 indexed operatorDirectedRewardsSubmissionHash,
        OperatorSet operatorSet,
        uint256 submissionNonce,
        OperatorDirectedRewardsSubmission operatorDirectedRewardsSubmission
    );
    event ClaimerForSet(
        address indexed earner, address indexed oldClaimer, address indexed claimer
    );
}

/// @notice The AVS-facing part of RewardsCoordinator (submissions and claimer); no claims.
interface IRewardsCoordinator is IRewardsCoordinatorErrors, IRewardsCoordinatorEvents {
    function createAVSRewardsSubmission(RewardsSubmission[] calldata rewardsSubmissions) external;
    function createOperatorDirectedAVSRewardsSubmission(
        address avs,
        OperatorDirectedRewardsSubmission[] calldata operatorDirectedRewardsSubmissions
    ) external;
    function createOperatorDirectedOperatorSetRewardsSubmission(
        OperatorSet calldata operatorSet,
        OperatorDirectedRewardsSubmission[] calldata operatorDirectedRewardsSubmissions
    ) external;
    function setClaimerFor(address claimer) external;
    function setClaimerFor(address earner, address claimer) external;

    function claimerFor(address earner) external view returns (address);
    function submissionNonce(address avs) external view returns (uint256);
    function isAVSRewardsSubmissionHash(address avs, bytes32 hash) external view returns (bool);
    function isOperatorDirectedAVSRewardsSubmissionHash(address avs, bytes32 hash)
        external
        view
        returns (bool);
    function isOperatorDirectedOperatorSetRewardsSubmissionHash(address avs, bytes32 hash)
        external
        view
        returns (bool);
    function CALCULATION_INTERVAL_SECONDS() external view returns (uint32);
    function MAX_REWARDS_DURATION() external view returns (uint32);
    function MAX_RETROACTIVE_LENGTH() external view returns (uint32);
    function MAX_FUTURE_LENGTH() external view returns (uint32);
    function GENESIS_REWARDS_TIMESTAMP() external view returns (uint32);
    function version() external view returns (string memory);
}
