// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IERC20} from "./IERC20.sol";
import {IStrategy} from "./IStrategy.sol";
import {IDelegationManager} from "./IDelegationManager.sol";

/// @notice Deposits of ERC-20 tokens into whitelisted strategies (M2 core surface).
interface IStrategyManager {
    event Deposit(address staker, IERC20 token, IStrategy strategy, uint256 shares);
    event StrategyWhitelisterChanged(address previousAddress, address newAddress);
    event StrategyAddedToDepositWhitelist(IStrategy strategy);
    event StrategyRemovedFromDepositWhitelist(IStrategy strategy);
    event UpdatedThirdPartyTransfersForbidden(IStrategy strategy, bool value);

    function depositIntoStrategy(IStrategy strategy, IERC20 token, uint256 amount)
        external
        returns (uint256 shares);
    function addStrategiesToDepositWhitelist(
        IStrategy[] calldata strategiesToWhitelist,
        bool[] calldata thirdPartyTransfersForbiddenValues
    ) external;
    function removeStrategiesFromDepositWhitelist(IStrategy[] calldata strategiesToRemove) external;
    function setStrategyWhitelister(address newStrategyWhitelister) external;

    function stakerStrategyShares(address staker, IStrategy strategy)
        external
        view
        returns (uint256);
    function getDeposits(address staker)
        external
        view
        returns (IStrategy[] memory, uint256[] memory);
    function stakerStrategyListLength(address staker) external view returns (uint256);
    function stakerStrategyList(address staker, uint256 index) external view returns (IStrategy);
    function strategyIsWhitelistedForDeposit(IStrategy strategy) external view returns (bool);
    function thirdPartyTransfersForbidden(IStrategy strategy) external view returns (bool);
    function strategyWhitelister() external view returns (address);
    function delegation() external view returns (IDelegationManager);
}
