// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IStrategyManager} from "../interfaces/IStrategyManager.sol";
import {IStrategy} from "../interfaces/IStrategy.sol";
import {IERC20} from "../interfaces/IERC20.sol";
import {IDelegationManager} from "../interfaces/IDelegationManager.sol";
import {Pausable} from "../libraries/Pausable.sol";

/// @title StrategyManager (M2 model, devnet subset: deposits only, no withdrawals)
contract StrategyManager is IStrategyManager, Pausable {
    uint8 internal constant PAUSED_DEPOSITS = 0;
    uint8 internal constant MAX_STAKER_STRATEGY_LIST_LENGTH = 32;

    IDelegationManager public immutable delegation;
    address public immutable eigenPodManager;
    address public immutable slasher;

    address public strategyWhitelister;
    mapping(address staker => mapping(IStrategy strategy => uint256)) public stakerStrategyShares;
    mapping(address staker => IStrategy[]) public stakerStrategyList;
    mapping(IStrategy strategy => bool) public strategyIsWhitelistedForDeposit;
    mapping(IStrategy strategy => bool) public thirdPartyTransfersForbidden;

    uint256 private _entered;

    constructor(IDelegationManager _delegation, address _eigenPodManager, address _slasher) {
        delegation = _delegation;
        eigenPodManager = _eigenPodManager;
        slasher = _slasher;
        strategyWhitelister = msg.sender;
        emit StrategyWhitelisterChanged(address(0), msg.sender);
    }

    modifier nonReentrant() {
        require(_entered == 0, "ReentrancyGuard: reentrant call");
        _entered = 1;
        _;
        _entered = 0;
    }

    modifier onlyStrategyWhitelister() {
        require(
            msg.sender == strategyWhitelister,
            "StrategyManager.onlyStrategyWhitelister: not the strategyWhitelister"
        );
        _;
    }

    /// @inheritdoc IStrategyManager
    function depositIntoStrategy(IStrategy strategy, IERC20 token, uint256 amount)
        external
        onlyWhenNotPaused(PAUSED_DEPOSITS)
        nonReentrant
        returns (uint256 shares)
    {
        require(
            strategyIsWhitelistedForDeposit[strategy],
            "StrategyManager.onlyStrategiesWhitelistedForDeposit: strategy not whitelisted"
        );
        _safeTransferFrom(token, msg.sender, address(strategy), amount);
        shares = strategy.deposit(token, amount);
        _addShares(msg.sender, token, strategy, shares);
        delegation.increaseDelegatedShares(msg.sender, strategy, shares);
    }

    /// @inheritdoc IStrategyManager
    function addStrategiesToDepositWhitelist(
        IStrategy[] calldata strategiesToWhitelist,
        bool[] calldata thirdPartyTransfersForbiddenValues
    ) external onlyStrategyWhitelister {
        require(
            strategiesToWhitelist.length == thirdPartyTransfersForbiddenValues.length,
            "StrategyManager.addStrategiesToDepositWhitelist: array lengths do not match"
        );
        for (uint256 i = 0; i < strategiesToWhitelist.length; i++) {
            IStrategy s = strategiesToWhitelist[i];
            if (!strategyIsWhitelistedForDeposit[s]) {
                strategyIsWhitelistedForDeposit[s] = true;
                emit StrategyAddedToDepositWhitelist(s);
                thirdPartyTransfersForbidden[s] = thirdPartyTransfersForbiddenValues[i];
                emit UpdatedThirdPartyTransfersForbidden(s, thirdPartyTransfersForbiddenValues[i]);
            }
        }
    }

    /// @inheritdoc IStrategyManager
    function removeStrategiesFromDepositWhitelist(IStrategy[] calldata strategiesToRemove)
        external
        onlyStrategyWhitelister
    {
        for (uint256 i = 0; i < strategiesToRemove.length; i++) {
            IStrategy s = strategiesToRemove[i];
            if (strategyIsWhitelistedForDeposit[s]) {
                strategyIsWhitelistedForDeposit[s] = false;
                emit StrategyRemovedFromDepositWhitelist(s);
                thirdPartyTransfersForbidden[s] = false;
                emit UpdatedThirdPartyTransfersForbidden(s, false);
            }
        }
    }

    /// @inheritdoc IStrategyManager
    function setStrategyWhitelister(address newStrategyWhitelister) external onlyOwner {
        emit StrategyWhitelisterChanged(strategyWhitelister, newStrategyWhitelister);
        strategyWhitelister = newStrategyWhitelister;
    }

    function getDeposits(address staker)
        external
        view
        returns (IStrategy[] memory strategies, uint256[] memory shares)
    {
        strategies = stakerStrategyList[staker];
        shares = new uint256[](strategies.length);
        for (uint256 i = 0; i < strategies.length; i++) {
            shares[i] = stakerStrategyShares[staker][strategies[i]];
        }
    }

    function stakerStrategyListLength(address staker) external view returns (uint256) {
        return stakerStrategyList[staker].length;
    }

    function _addShares(address staker, IERC20 token, IStrategy strategy, uint256 shares) internal {
        require(staker != address(0), "StrategyManager._addShares: staker cannot be zero address");
        require(shares != 0, "StrategyManager._addShares: shares should not be zero!");
        if (stakerStrategyShares[staker][strategy] == 0) {
            require(
                stakerStrategyList[staker].length < MAX_STAKER_STRATEGY_LIST_LENGTH,
                "StrategyManager._addShares: deposit would exceed MAX_STAKER_STRATEGY_LIST_LENGTH"
            );
            stakerStrategyList[staker].push(strategy);
        }
        stakerStrategyShares[staker][strategy] += shares;
        emit Deposit(staker, token, strategy, shares);
    }

    /// @dev transferFrom that also accepts tokens returning nothing.
    function _safeTransferFrom(IERC20 token, address from, address to, uint256 amount) internal {
        (bool ok, bytes memory ret) =
            address(token).call(abi.encodeCall(IERC20.transferFrom, (from, to, amount)));
        require(
            ok && (ret.length == 0 || abi.decode(ret, (bool))),
            "SafeERC20: ERC20 operation did not succeed"
        );
    }
}
