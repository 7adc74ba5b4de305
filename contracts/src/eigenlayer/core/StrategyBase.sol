// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IStrategy} from "../interfaces/IStrategy.sol";
import {IERC20, IERC20Metadata} from "../interfaces/IERC20.sol";
import {IStrategyManager} from "../interfaces/IStrategyManager.sol";

/// @title StrategyBase: one-token vault with virtual shares/balance against inflation attacks.
/// @dev No withdrawals in this devnet build (StrategyManager has no withdrawal queue).
contract StrategyBase is IStrategy {
    uint256 internal constant SHARES_OFFSET = 1e3;
    uint256 internal constant BALANCE_OFFSET = 1e3;
    uint256 internal constant MAX_TOTAL_SHARES = 1e38 - 1;

    IStrategyManager public immutable strategyManager;
    IERC20 public immutable underlyingToken;
    uint256 public totalShares;

    constructor(IStrategyManager _strategyManager, IERC20 _underlyingToken) {
        strategyManager = _strategyManager;
        underlyingToken = _underlyingToken;
        emit StrategyTokenSet(
            _underlyingToken, IERC20Metadata(address(_underlyingToken)).decimals()
        );
    }

    modifier onlyStrategyManager() {
        require(msg.sender == address(strategyManager), "StrategyBase.onlyStrategyManager");
        _;
    }

    /// @inheritdoc IStrategy
    /// @dev The tokens were already transferred in, so the balance includes `amount`.
    function deposit(IERC20 token, uint256 amount)
        external
        onlyStrategyManager
        returns (uint256 newShares)
    {
        require(
            address(token) == address(underlyingToken),
            "StrategyBase.deposit: Can only deposit underlyingToken"
        );
        uint256 priorTotalShares = totalShares;
        uint256 virtualShareAmount = priorTotalShares + SHARES_OFFSET;
        uint256 virtualTokenBalance = _tokenBalance() + BALANCE_OFFSET;
        uint256 virtualPriorTokenBalance = virtualTokenBalance - amount;
        newShares = (amount * virtualShareAmount) / virtualPriorTokenBalance;
        require(newShares != 0, "StrategyBase.deposit: newShares cannot be zero");
        totalShares = priorTotalShares + newShares;
        require(
            totalShares <= MAX_TOTAL_SHARES,
            "StrategyBase.deposit: totalShares exceeds `MAX_TOTAL_SHARES`"
        );
        emit ExchangeRateEmitted((1e18 * virtualTokenBalance) / (totalShares + SHARES_OFFSET));
    }

    function sharesToUnderlyingView(uint256 amountShares) public view returns (uint256) {
        return ((_tokenBalance() + BALANCE_OFFSET) * amountShares) / (totalShares + SHARES_OFFSET);
    }

    function underlyingToSharesView(uint256 amountUnderlying) public view returns (uint256) {
        return
            (amountUnderlying * (totalShares + SHARES_OFFSET)) / (_tokenBalance() + BALANCE_OFFSET);
    }

    function shares(address user) public view returns (uint256) {
        return strategyManager.stakerStrategyShares(user, IStrategy(address(this)));
    }

    function userUnderlyingView(address user) external view returns (uint256) {
        return sharesToUnderlyingView(shares(user));
    }

    function sharesToUnderlying(uint256 amountShares) external view returns (uint256) {
        return sharesToUnderlyingView(amountShares);
    }

    function underlyingToShares(uint256 amountUnderlying) external view returns (uint256) {
        return underlyingToSharesView(amountUnderlying);
    }

    function userUnderlying(address user) external view returns (uint256) {
        return sharesToUnderlyingView(shares(user));
    }

    function explanation() external pure returns (string memory) {
        return "Base Strategy implementation to inherit from for more complex implementations";
    }

    function _tokenBalance() internal view returns (uint256) {
        return underlyingToken.balanceOf(address(this));
    }
}
