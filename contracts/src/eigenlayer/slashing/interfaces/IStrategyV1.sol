// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IStrategy} from "../../interfaces/IStrategy.sol";
import {IERC20} from "../../interfaces/IERC20.sol";

/// @notice A slashing-era strategy: the M2 vault surface plus withdrawals, which StrategyManager
/// uses to pay out completed withdrawals and to send slashed shares to the burn/redistribution
/// recipient.
interface IStrategyV1 is IStrategy {
    error OnlyStrategyManager();
    error OnlyUnderlyingToken();
    error NewSharesZero();
    error TotalSharesExceedsMax();
    error WithdrawalAmountExceedsTotalDeposits();

    function withdraw(address recipient, IERC20 token, uint256 amountShares)
        external
        returns (uint256 amountOut);
}
