// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IStrategy} from "../../interfaces/IStrategy.sol";
import {IERC20} from "../../interfaces/IERC20.sol";
import {IRewardsCoordinator} from "../interfaces/IRewardsCoordinator.sol";
import {IStrategyManager} from "../interfaces/IStrategyManager.sol";
import {IAllocationManager} from "../interfaces/IAllocationManager.sol";
import {IPauserRegistry} from "../interfaces/IPauserRegistry.sol";
import {IPermissionController} from "../interfaces/IPermissionController.sol";
import {OperatorSet} from "../interfaces/OperatorSet.sol";
import {PausableV1} from "./PausableV1.sol";
import {PermissionControllerMixin} from "./PermissionControllerMixin.sol";
import {DeployerInitializable} from "./SlashingLib.sol";

/// @title RewardsCoordinator (slashing era, AVS side only): validates rewards submissions,
/// takes the tokens and records/emits them for the off-chain rewards calculation. There is no
/// distribution-root or claim machinery in this devnet build.
contract RewardsCoordinator is
    IRewardsCoordinator,
    PausableV1,
    PermissionControllerMixin,
    DeployerInitializable
{
    uint8 internal constant PAUSED_AVS_REWARDS_SUBMISSION = 0;
    uint8 internal constant PAUSED_OPERATOR_DIRECTED_AVS_REWARDS_SUBMISSION = 6;
    uint8 internal constant PAUSED_OPERATOR_SET_OPERATOR_DIRECTED_REWARDS_SUBMISSION = 7;
    uint256 internal constant MAX_REWARDS_AMOUNT = 1e38 - 1;

    IStrategyManager public immutable strategyManager;
    IAllocationManager public immutable allocationManager;
    uint32 public immutable CALCULATION_INTERVAL_SECONDS;
    uint32 public immutable MAX_REWARDS_DURATION;
    uint32 public immutable MAX_RETROACTIVE_LENGTH;
    uint32 public immutable MAX_FUTURE_LENGTH;
    uint32 public immutable GENESIS_REWARDS_TIMESTAMP;

    string public version;

    mapping(address avs => uint256) public submissionNonce;
    mapping(address avs => mapping(bytes32 hash => bool)) public isAVSRewardsSubmissionHash;
    mapping(address avs => mapping(bytes32 hash => bool)) public
        isOperatorDirectedAVSRewardsSubmissionHash;
    mapping(address avs => mapping(bytes32 hash => bool)) public
        isOperatorDirectedOperatorSetRewardsSubmissionHash;
    mapping(address earner => address) public claimerFor;

    uint256 private _entered;

    /// @dev Time parameters as upstream's constructor takes them (seconds).
    struct TimeParams {
        uint32 calculationIntervalSeconds;
        uint32 maxRewardsDuration;
        uint32 maxRetroactiveLength;
        uint32 maxFutureLength;
        uint32 genesisRewardsTimestamp;
    }

    constructor(
        IStrategyManager _strategyManager,
        IAllocationManager _allocationManager,
        IPauserRegistry _pauserRegistry,
        IPermissionController _permissionController,
        TimeParams memory time,
        string memory _version
    ) PausableV1(_pauserRegistry) PermissionControllerMixin(_permissionController) {
        require(
            time.calculationIntervalSeconds != 0
                && time.genesisRewardsTimestamp % time.calculationIntervalSeconds == 0
                && time.maxRewardsDuration % time.calculationIntervalSeconds == 0,
            "RewardsCoordinator: times must be multiples of the calculation interval"
        );
        strategyManager = _strategyManager;
        allocationManager = _allocationManager;
        CALCULATION_INTERVAL_SECONDS = time.calculationIntervalSeconds;
        MAX_REWARDS_DURATION = time.maxRewardsDuration;
        MAX_RETROACTIVE_LENGTH = time.maxRetroactiveLength;
        MAX_FUTURE_LENGTH = time.maxFutureLength;
        GENESIS_REWARDS_TIMESTAMP = time.genesisRewardsTimestamp;
        version = _version;
    }

    function initialize(uint256 initialPausedStatus) external initializer {
        _setPausedStatus(initialPausedStatus);
    }

    modifier nonReentrant() {
        require(_entered == 0, "ReentrancyGuard: reentrant call");
        _entered = 1;
        _;
        _entered = 0;
    }

    /// @inheritdoc IRewardsCoordinator
    /// @dev msg.sender is the AVS (its ServiceManager).
    function createAVSRewardsSubmission(RewardsSubmission[] calldata rewardsSubmissions)
        external
        onlyWhenNotPaused(PAUSED_AVS_REWARDS_SUBMISSION)
        nonReentrant
    {
        for (uint256 i = 0; i < rewardsSubmissions.length; i++) {
            RewardsSubmission calldata submission = rewardsSubmissions[i];
            _validateCommon(
                submission.strategiesAndMultipliers, submission.startTimestamp, submission.duration
            );
            if (submission.amount == 0) revert AmountIsZero();
            if (submission.amount > MAX_REWARDS_AMOUNT) revert AmountExceedsMax();
            if (submission.startTimestamp > block.timestamp + MAX_FUTURE_LENGTH) {
                revert StartTimestampTooFarInFuture();
            }
            uint256 nonce = submissionNonce[msg.sender]++;
            bytes32 hash = keccak256(abi.encode(msg.sender, nonce, submission));
            isAVSRewardsSubmissionHash[msg.sender][hash] = true;
            emit AVSRewardsSubmissionCreated(msg.sender, nonce, hash, submission);
            _safeTransferFrom(submission.token, msg.sender, submission.amount);
        }
    }

    /// @inheritdoc IRewardsCoordinator
    function createOperatorDirectedAVSRewardsSubmission(
        address avs,
        OperatorDirectedRewardsSubmission[] calldata submissions
    )
        external
        onlyWhenNotPaused(PAUSED_OPERATOR_DIRECTED_AVS_REWARDS_SUBMISSION)
        checkCanCall(avs)
        nonReentrant
    {
        for (uint256 i = 0; i < submissions.length; i++) {
            uint256 total = _validateOperatorDirected(submissions[i]);
            uint256 nonce = submissionNonce[avs]++;
            bytes32 hash = keccak256(abi.encode(avs, nonce, submissions[i]));
            isOperatorDirectedAVSRewardsSubmissionHash[avs][hash] = true;
            emit OperatorDirectedAVSRewardsSubmissionCreated(
                msg.sender, avs, hash, nonce, submissions[i]
            );
            _safeTransferFrom(submissions[i].token, msg.sender, total);
        }
    }

    /// @inheritdoc IRewardsCoordinator
    function createOperatorDirectedOperatorSetRewardsSubmission(
        OperatorSet calldata operatorSet,
        OperatorDirectedRewardsSubmission[] calldata submissions
    )
        external
        onlyWhenNotPaused(PAUSED_OPERATOR_SET_OPERATOR_DIRECTED_REWARDS_SUBMISSION)
        checkCanCall(operatorSet.avs)
        nonReentrant
    {
        if (!allocationManager.isOperatorSet(operatorSet)) revert InvalidOperatorSet();
        address avs = operatorSet.avs;
        for (uint256 i = 0; i < submissions.length; i++) {
            uint256 total = _validateOperatorDirected(submissions[i]);
            uint256 nonce = submissionNonce[avs]++;
            bytes32 hash = keccak256(abi.encode(avs, nonce, submissions[i]));
            isOperatorDirectedOperatorSetRewardsSubmissionHash[avs][hash] = true;
            emit OperatorDirectedOperatorSetRewardsSubmissionCreated(
                msg.sender, hash, operatorSet, nonce, submissions[i]
            );
            _safeTransferFrom(submissions[i].token, msg.sender, total);
        }
    }

    /// @inheritdoc IRewardsCoordinator
    function setClaimerFor(address claimer) external {
        _setClaimer(msg.sender, claimer);
    }

    /// @inheritdoc IRewardsCoordinator
    /// @dev For an operator or AVS `earner`: its admins and appointees.
    function setClaimerFor(address earner, address claimer) external checkCanCall(earner) {
        _setClaimer(earner, claimer);
    }

    function _setClaimer(address earner, address claimer) internal {
        emit ClaimerForSet(earner, claimerFor[earner], claimer);
        claimerFor[earner] = claimer;
    }

    /// @dev Strategies (whitelisted, strictly ascending), duration and start alignment, and the
    /// retroactive bound shared by every submission type.
    function _validateCommon(
        StrategyAndMultiplier[] calldata strategiesAndMultipliers,
        uint32 startTimestamp,
        uint32 duration
    ) internal view {
        if (strategiesAndMultipliers.length == 0) {
            revert InputArrayLengthZero();
        }
        if (duration == 0) revert DurationIsZero();
        if (duration > MAX_REWARDS_DURATION) revert DurationExceedsMax();
        if (duration % CALCULATION_INTERVAL_SECONDS != 0) revert InvalidDurationRemainder();
        if (startTimestamp % CALCULATION_INTERVAL_SECONDS != 0) {
            revert InvalidStartTimestampRemainder();
        }
        if (
            uint256(startTimestamp) + MAX_RETROACTIVE_LENGTH < block.timestamp
                || startTimestamp < GENESIS_REWARDS_TIMESTAMP
        ) revert StartTimestampTooFarInPast();
        address previous = address(0);
        for (uint256 i = 0; i < strategiesAndMultipliers.length; i++) {
            IStrategy strategy = strategiesAndMultipliers[i].strategy;
            if (!strategyManager.strategyIsWhitelistedForDeposit(strategy)) {
                revert StrategyNotWhitelisted();
            }
            if (address(strategy) <= previous) revert StrategiesNotInAscendingOrder();
            previous = address(strategy);
        }
    }

    /// @dev Operator-directed submissions pay for a period already over; operators strictly
    /// ascending, each with a non-zero amount. Returns the total to transfer.
    function _validateOperatorDirected(OperatorDirectedRewardsSubmission calldata submission)
        internal
        view
        returns (uint256 total)
    {
        _validateCommon(
            submission.strategiesAndMultipliers, submission.startTimestamp, submission.duration
        );
        if (uint256(submission.startTimestamp) + submission.duration >= block.timestamp) {
            revert SubmissionNotRetroactive();
        }
        if (submission.operatorRewards.length == 0) revert InputArrayLengthZero();
        address previous = address(0);
        for (uint256 i = 0; i < submission.operatorRewards.length; i++) {
            OperatorReward calldata reward = submission.operatorRewards[i];
            if (reward.operator == address(0)) revert InvalidAddressZero();
            if (reward.operator <= previous) revert OperatorsNotInAscendingOrder();
            if (reward.amount == 0) revert AmountIsZero();
            previous = reward.operator;
            total += reward.amount;
        }
        if (total > MAX_REWARDS_AMOUNT) revert AmountExceedsMax();
    }

    /// @dev transferFrom (to this contract) that also accepts tokens returning nothing.
    function _safeTransferFrom(IERC20 token, address from, uint256 amount) internal {
        (bool ok, bytes memory ret) =
            address(token).call(abi.encodeCall(IERC20.transferFrom, (from, address(this), amount)));
        require(
            ok && (ret.length == 0 || abi.decode(ret, (bool))),
            "SafeERC20: ERC20 operation did not succeed"
        );
    }
}
