// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IStrategy} from "../../interfaces/IStrategy.sol";
import {IERC20, IERC20Metadata} from "../../interfaces/IERC20.sol";
import {IStrategyV1} from "../interfaces/IStrategyV1.sol";
import {IStrategyManager} from "../interfaces/IStrategyManager.sol";
import {IPauserRegistry} from "../interfaces/IPauserRegistry.sol";
import {PausableV1} from "./PausableV1.sol";

/// @title StrategyBase (slashing era): one-token vault with virtual shares/balance against
/// inflation attacks, plus withdrawals (completed withdrawals and burnt/redistributed slashes).
contract StrategyBase is IStrategyV1, PausableV1 {
    uint8 internal constant PAUSED_DEPOSITS = 0;
    uint8 internal constant PAUSED_WITHDRAWALS = 1;
    uint256 internal constant SHARES_OFFSET = 1e3;
    uint256 internal constant BALANCE_OFFSET = 1e3;
    uint256 internal constant MAX_TOTAL_SHARES = 1e38 - 1;

    IStrategyManager public immutable strategyManager;
    IERC20 public immutable underlyingToken;
    uint256 public totalShares;

    constructor(
        IStrategyManager _strategyManager,
        IERC20 _underlyingToken,
        IPauserRegistry _pauserRegistry
    ) PausableV1(_pauserRegistry) {
        strategyManager = _strategyManager;
        underlyingToken = _underlyingToken;
        emit StrategyTokenSet(
            _underlyingToken, IERC20Metadata(address(_underlyingToken)).decimals()
        );
    }

    modifier onlyStrategyManager() {
        if (msg.sender != address(strategyManager)) revert OnlyStrategyManager();
        _;
    }

    /// @inheritdoc IStrategy
    /// @dev The tokens were already transferred in, so the balance includes `amount`.
    function deposit(IERC20 token, uint256 amount)
        external
        onlyWhenNotPaused(PAUSED_DEPOSITS)
        onlyStrategyManager
        returns (uint256 newShares)
    {
        if (address(token) != address(underlyingToken)) {
            revert OnlyUnderlyingToken();
        }
        uint256 priorTotalShares = totalShares;
        uint256 virtualTokenBalance = _tokenBalance() + BALANCE_OFFSET;
        newShares = (amount * (priorTotalShares + SHARES_OFFSET)) / (virtualTokenBalance - amount);
        if (newShares == 0) revert NewSharesZero();
        totalShares = priorTotalShares + newShares;
        if (totalShares > MAX_TOTAL_SHARES) revert TotalSharesExceedsMax();
        emit ExchangeRateEmitted((1e18 * virtualTokenBalance) / (totalShares + SHARES_OFFSET));
    }

    /// @inheritdoc IStrategyV1
    function withdraw(address recipient, IERC20 token, uint256 amountShares)
        external
        onlyWhenNotPaused(PAUSED_WITHDRAWALS)
        onlyStrategyManager
        returns (uint256 amountOut)
    {
        if (address(token) != address(underlyingToken)) {
            revert OnlyUnderlyingToken();
        }
        uint256 priorTotalShares = totalShares;
        if (amountShares > priorTotalShares) revert WithdrawalAmountExceedsTotalDeposits();
        uint256 virtualTokenBalance = _tokenBalance() + BALANCE_OFFSET;
        amountOut = (virtualTokenBalance * amountShares) / (priorTotalShares + SHARES_OFFSET);
        totalShares = priorTotalShares - amountShares;
        emit ExchangeRateEmitted((1e18 * (virtualTokenBalance - amountOut))
                / (totalShares + SHARES_OFFSET));
        if (amountOut != 0) {
            (bool ok, bytes memory ret) =
                address(token).call(abi.encodeCall(IERC20.transfer, (recipient, amountOut)));
            require(
                ok && (ret.length == 0 || abi.decode(ret, (bool))),
                "SafeERC20: ERC20 operation did not succeed"
            );
        }
    }

    function sharesToUnderlyingView(uint256 amountShares) public view returns (uint256) {
        return ((_tokenBalance() + BALANCE_OFFSET) * amountShares) / (totalShares + SHARES_OFFSET);
    }

    function underlyingToSharesView(uint256 amountUnderlying) public view returns (uint256) {
        return
            (amountUnderlying * (totalShares + SHARES_OFFSET)) / (_tokenBalance() + BALANCE_OFFSET);
    }

    /// @notice The staker's deposit shares (before slashing is applied).
    function shares(address user) public view returns (uint256) {
        return strategyManager.stakerDepositShares(user, IStrategy(address(this)));
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
