// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IStrategy} from "../../interfaces/IStrategy.sol";
import {IERC20} from "../../interfaces/IERC20.sol";
import {OperatorSet} from "./OperatorSet.sol";
import {IDelegationManager} from "./IDelegationManager.sol";
import {IAllocationManager} from "./IAllocationManager.sol";

/// @notice Errors of the StrategyManager v1 ABI.
interface IStrategyManagerErrors {
    error StrategyNotWhitelisted();
    error StrategyAlreadyInSlash();
    error OnlyStrategyWhitelister();
    error OnlyDelegationManager();
    error StakerAddressZero();
    error SharesAmountZero();
    error SharesAmountTooHigh();
    error MaxStrategiesExceeded();
}

/// @notice Events of the StrategyManager v1 ABI.
interface IStrategyManagerEvents {
    event Deposit(address staker, IStrategy strategy, uint256 shares);
    event StrategyWhitelisterChanged(address previousAddress, address newAddress);
    event StrategyAddedToDepositWhitelist(IStrategy strategy);
    event StrategyRemovedFromDepositWhitelist(IStrategy strategy);
    event BurnOrRedistributableSharesIncreased(
        OperatorSet operatorSet, uint256 slashId, IStrategy strategy, uint256 shares
    );
    event BurnOrRedistributableSharesDecreased(
        OperatorSet operatorSet, uint256 slashId, IStrategy strategy, uint256 shares
    );
}

/// @notice Deposits (deposit shares per staker) and the slashed-share ledger (core v1.12.0 ABI).
interface IStrategyManager is IStrategyManagerErrors, IStrategyManagerEvents {
    function depositIntoStrategy(IStrategy strategy, IERC20 token, uint256 amount)
        external
        returns (uint256 depositShares);

    // ---- whitelist ----
    function addStrategiesToDepositWhitelist(IStrategy[] calldata strategiesToWhitelist) external;
    function removeStrategiesFromDepositWhitelist(IStrategy[] calldata strategiesToRemove) external;
    function setStrategyWhitelister(address newStrategyWhitelister) external;
    function strategyWhitelister() external view returns (address);
    function strategyIsWhitelistedForDeposit(IStrategy strategy) external view returns (bool);

    // ---- DelegationManager callbacks ----
    function removeDepositShares(address staker, IStrategy strategy, uint256 depositSharesToRemove)
        external
        returns (uint256 remainingShares);
    function addShares(address staker, IStrategy strategy, uint256 shares)
        external
        returns (uint256 prevDepositShares, uint256 addedShares);
    function withdrawSharesAsTokens(
        address staker,
        IStrategy strategy,
        IERC20 token,
        uint256 shares
    ) external;
    function increaseBurnOrRedistributableShares(
        OperatorSet calldata operatorSet,
        uint256 slashId,
        IStrategy strategy,
        uint256 addedSharesToBurn
    ) external;

    // ---- slashed shares, step 2 (anyone) ----
    function clearBurnOrRedistributableShares(OperatorSet calldata operatorSet, uint256 slashId)
        external
        returns (uint256[] memory);
    function clearBurnOrRedistributableSharesByStrategy(
        OperatorSet calldata operatorSet,
        uint256 slashId,
        IStrategy strategy
    ) external returns (uint256);

    // ---- views ----
    function stakerDepositShares(address user, IStrategy strategy)
        external
        view
        returns (uint256 shares);
    function getDeposits(address staker)
        external
        view
        returns (IStrategy[] memory, uint256[] memory);
    function getStakerStrategyList(address staker) external view returns (IStrategy[] memory);
    function stakerStrategyListLength(address staker) external view returns (uint256);
    function getBurnOrRedistributableShares(OperatorSet calldata operatorSet, uint256 slashId)
        external
        view
        returns (IStrategy[] memory, uint256[] memory);
    function getBurnOrRedistributableShares(
        OperatorSet calldata operatorSet,
        uint256 slashId,
        IStrategy strategy
    ) external view returns (uint256);
    function getBurnOrRedistributableCount(OperatorSet calldata operatorSet, uint256 slashId)
        external
        view
        returns (uint256);
    function getPendingOperatorSets() external view returns (OperatorSet[] memory);
    function getPendingSlashIds(OperatorSet calldata operatorSet)
        external
        view
        returns (uint256[] memory);
    function delegation() external view returns (IDelegationManager);
    function allocationManager() external view returns (IAllocationManager);
    function DEFAULT_BURN_ADDRESS() external view returns (address);
    function version() external view returns (string memory);
}
