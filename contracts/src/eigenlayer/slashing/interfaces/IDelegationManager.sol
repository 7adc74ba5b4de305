// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IStrategy} from "../../interfaces/IStrategy.sol";
import {IERC20} from "../../interfaces/IERC20.sol";
import {OperatorSet} from "./OperatorSet.sol";
import {IAllocationManager} from "./IAllocationManager.sol";
import {IStrategyManager} from "./IStrategyManager.sol";

/// @notice Structs of the DelegationManager v1 ABI.
interface IDelegationManagerTypes {
    struct SignatureWithExpiry {
        bytes signature;
        uint256 expiry;
    }

    struct QueuedWithdrawalParams {
        IStrategy[] strategies;
        uint256[] depositShares;
        // The name is part of the ABI (named encoders such as viem use it).
        address __deprecated_withdrawer;
    }

    /// @notice A queued withdrawal. `scaledShares` are independent of later slashing; the
    /// withdrawable amount is scaledShares × the operator's slashing factor at completion.
    struct Withdrawal {
        address staker;
        address delegatedTo;
        address withdrawer;
        uint256 nonce;
        uint32 startBlock;
        IStrategy[] strategies;
        uint256[] scaledShares;
    }
}

/// @notice Errors of the DelegationManager v1 ABI.
interface IDelegationManagerErrors {
    error ActivelyDelegated();
    error NotActivelyDelegated();
    error OperatorNotRegistered();
    error OperatorsCannotUndelegate();
    error CallerCannotUndelegate();
    error OnlyAllocationManager();
    error OnlyStrategyManagerOrEigenPodManager();
    error SignatureExpired();
    error InvalidSignature();
    error SaltSpent();
    error InputArrayLengthMismatch();
    error InputArrayLengthZero();
    error WithdrawalNotQueued();
    error WithdrawalDelayNotElapsed();
    error WithdrawerNotCaller();
    error FullySlashed();
}

/// @notice Events of the DelegationManager v1 ABI.
interface IDelegationManagerEvents is IDelegationManagerTypes {
    event OperatorRegistered(address indexed operator, address delegationApprover);
    event DelegationApproverUpdated(address indexed operator, address newDelegationApprover);
    event OperatorMetadataURIUpdated(address indexed operator, string metadataURI);
    event OperatorSharesIncreased(
        address indexed operator, address staker, IStrategy strategy, uint256 shares
    );
    event OperatorSharesDecreased(
        address indexed operator, address staker, IStrategy strategy, uint256 shares
    );
    event OperatorSharesSlashed(
        address indexed operator, IStrategy strategy, uint256 totalSlashedShares
    );
    event StakerDelegated(address indexed staker, address indexed operator);
    event StakerUndelegated(address indexed staker, address indexed operator);
    event StakerForceUndelegated(address indexed staker, address indexed operator);
    event DepositScalingFactorUpdated(
        address staker, IStrategy strategy, uint256 newDepositScalingFactor
    );
    event SlashingWithdrawalQueued(
        bytes32 withdrawalRoot, Withdrawal withdrawal, uint256[] sharesToWithdraw
    );
    event SlashingWithdrawalCompleted(bytes32 withdrawalRoot);
}

/// @notice Operators, delegation and slashing-aware share accounting (core v1.12.0 ABI).
interface IDelegationManager is IDelegationManagerErrors, IDelegationManagerEvents {
    // ---- operators ----
    function registerAsOperator(
        address initDelegationApprover,
        uint32 allocationDelay,
        string calldata metadataURI
    ) external;
    function modifyOperatorDetails(address operator, address newDelegationApprover) external;
    function updateOperatorMetadataURI(address operator, string calldata metadataURI) external;

    // ---- stakers ----
    function delegateTo(
        address operator,
        SignatureWithExpiry memory approverSignatureAndExpiry,
        bytes32 approverSalt
    ) external;
    function undelegate(address staker) external returns (bytes32[] memory withdrawalRoots);
    function redelegate(
        address newOperator,
        SignatureWithExpiry memory newOperatorApproverSig,
        bytes32 approverSalt
    ) external returns (bytes32[] memory withdrawalRoots);
    function queueWithdrawals(QueuedWithdrawalParams[] calldata params)
        external
        returns (bytes32[] memory);
    function completeQueuedWithdrawal(
        Withdrawal calldata withdrawal,
        IERC20[] calldata tokens,
        bool receiveAsTokens
    ) external;
    function completeQueuedWithdrawals(
        Withdrawal[] calldata withdrawals,
        IERC20[][] calldata tokens,
        bool[] calldata receiveAsTokens
    ) external;

    // ---- core callbacks ----
    /// @dev StrategyManager only: a staker deposited `addedShares` on top of `prevDepositShares`.
    function increaseDelegatedShares(
        address staker,
        IStrategy strategy,
        uint256 prevDepositShares,
        uint256 addedShares
    ) external;
    /// @dev AllocationManager only: burns the operator's delegated shares in proportion to the
    /// max-magnitude drop and hands them to StrategyManager for burning or redistribution.
    function slashOperatorShares(
        address operator,
        OperatorSet calldata operatorSet,
        uint256 slashId,
        IStrategy strategy,
        uint64 prevMaxMagnitude,
        uint64 newMaxMagnitude
    ) external returns (uint256 totalDepositSharesToSlash);

    // ---- views ----
    function isOperator(address operator) external view returns (bool);
    function isDelegated(address staker) external view returns (bool);
    function delegatedTo(address staker) external view returns (address);
    function delegationApprover(address operator) external view returns (address);
    function delegationApproverSaltIsSpent(address approver, bytes32 salt)
        external
        view
        returns (bool);
    function operatorShares(address operator, IStrategy strategy) external view returns (uint256);
    function getOperatorShares(address operator, IStrategy[] memory strategies)
        external
        view
        returns (uint256[] memory);
    function getOperatorsShares(address[] memory operators, IStrategy[] memory strategies)
        external
        view
        returns (uint256[][] memory);
    function getWithdrawableShares(address staker, IStrategy[] memory strategies)
        external
        view
        returns (uint256[] memory withdrawableShares, uint256[] memory depositShares);
    function getDepositedShares(address staker)
        external
        view
        returns (IStrategy[] memory, uint256[] memory);
    function depositScalingFactor(address staker, IStrategy strategy)
        external
        view
        returns (uint256);
    function getSlashableSharesInQueue(address operator, IStrategy strategy)
        external
        view
        returns (uint256);
    function getQueuedWithdrawal(bytes32 withdrawalRoot)
        external
        view
        returns (Withdrawal memory withdrawal, uint256[] memory shares);
    function getQueuedWithdrawalRoots(address staker) external view returns (bytes32[] memory);
    function calculateWithdrawalRoot(Withdrawal memory withdrawal) external pure returns (bytes32);
    function cumulativeWithdrawalsQueued(address staker) external view returns (uint256);
    function calculateDelegationApprovalDigestHash(
        address staker,
        address operator,
        address approver,
        bytes32 approverSalt,
        uint256 expiry
    ) external view returns (bytes32);
    function minWithdrawalDelayBlocks() external view returns (uint32);
    function allocationManager() external view returns (IAllocationManager);
    function strategyManager() external view returns (IStrategyManager);
    function eigenPodManager() external view returns (address);
    function beaconChainETHStrategy() external view returns (IStrategy);
    function version() external view returns (string memory);
}
