// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IStrategy} from "../../interfaces/IStrategy.sol";
import {IERC20} from "../../interfaces/IERC20.sol";
import {Ownable} from "../../libraries/Ownable.sol";
import {IStrategyManager} from "../interfaces/IStrategyManager.sol";
import {IDelegationManager} from "../interfaces/IDelegationManager.sol";
import {IAllocationManager} from "../interfaces/IAllocationManager.sol";
import {IPauserRegistry} from "../interfaces/IPauserRegistry.sol";
import {IStrategyV1} from "../interfaces/IStrategyV1.sol";
import {OperatorSet, OperatorSetLib} from "../interfaces/OperatorSet.sol";
import {PausableV1} from "./PausableV1.sol";
import {EnumerableSets} from "./EnumerableSets.sol";
import {DeployerInitializable} from "./SlashingLib.sol";

/// @title StrategyManager (core v1.12.0 ABI): deposit shares per staker and the ledger of
/// slashed shares awaiting burning or redistribution.
/// @notice Slashed shares are recorded per (operator set, slashId, strategy) by
/// DelegationManager; anyone then clears them, which withdraws the underlying tokens from the
/// strategy to the set's redistribution recipient (the burn address for ordinary sets).
contract StrategyManager is IStrategyManager, Ownable, PausableV1, DeployerInitializable {
    using EnumerableSets for EnumerableSets.AddressSet;
    using EnumerableSets for EnumerableSets.Bytes32Set;
    using OperatorSetLib for OperatorSet;

    uint8 internal constant PAUSED_DEPOSITS = 0;
    uint8 internal constant MAX_STAKER_STRATEGY_LIST_LENGTH = 32;
    address public constant DEFAULT_BURN_ADDRESS = 0x00000000000000000000000000000000000E16E4;

    IAllocationManager public immutable allocationManager;
    IDelegationManager public immutable delegation;

    string public version;
    address public strategyWhitelister;

    mapping(address staker => mapping(IStrategy strategy => uint256)) public stakerDepositShares;
    mapping(address staker => IStrategy[]) public stakerStrategyList;
    mapping(IStrategy strategy => bool) public strategyIsWhitelistedForDeposit;

    /// @dev (operator set key, slashId) => strategies with shares to clear, and the amounts.
    mapping(bytes32 setKey => mapping(uint256 slashId => EnumerableSets.AddressSet)) internal
        _slashStrategies;
    mapping(
        bytes32 setKey => mapping(uint256 slashId => mapping(IStrategy strategy => uint256))
    ) internal _slashShares;
    mapping(bytes32 setKey => EnumerableSets.Bytes32Set) internal _pendingSlashIds;
    EnumerableSets.Bytes32Set internal _pendingOperatorSets;

    uint256 private _entered;

    constructor(
        IAllocationManager _allocationManager,
        IDelegationManager _delegation,
        IPauserRegistry _pauserRegistry,
        string memory _version
    ) PausableV1(_pauserRegistry) {
        allocationManager = _allocationManager;
        delegation = _delegation;
        version = _version;
        _setStrategyWhitelister(msg.sender);
    }

    function initialize(
        address initialOwner,
        address initialStrategyWhitelister,
        uint256 initialPausedStatus
    ) external initializer {
        _transferOwnership(initialOwner);
        _setStrategyWhitelister(initialStrategyWhitelister);
        _setPausedStatus(initialPausedStatus);
    }

    modifier nonReentrant() {
        require(_entered == 0, "ReentrancyGuard: reentrant call");
        _entered = 1;
        _;
        _entered = 0;
    }

    modifier onlyDelegationManager() {
        if (msg.sender != address(delegation)) revert OnlyDelegationManager();
        _;
    }

    modifier onlyStrategyWhitelister() {
        if (msg.sender != strategyWhitelister) revert OnlyStrategyWhitelister();
        _;
    }

    // =========================================================================================
    // Deposits
    // =========================================================================================

    /// @inheritdoc IStrategyManager
    function depositIntoStrategy(IStrategy strategy, IERC20 token, uint256 amount)
        external
        onlyWhenNotPaused(PAUSED_DEPOSITS)
        nonReentrant
        returns (uint256 depositShares)
    {
        if (!strategyIsWhitelistedForDeposit[strategy]) revert StrategyNotWhitelisted();
        _safeTransferFrom(token, msg.sender, address(strategy), amount);
        depositShares = strategy.deposit(token, amount);
        (uint256 prevDepositShares, uint256 addedShares) =
            _addShares(msg.sender, strategy, depositShares);
        delegation.increaseDelegatedShares(msg.sender, strategy, prevDepositShares, addedShares);
    }

    // =========================================================================================
    // DelegationManager callbacks
    // =========================================================================================

    /// @inheritdoc IStrategyManager
    function removeDepositShares(address staker, IStrategy strategy, uint256 depositSharesToRemove)
        external
        onlyDelegationManager
        returns (uint256 remainingShares)
    {
        if (depositSharesToRemove == 0) revert SharesAmountZero();
        uint256 current = stakerDepositShares[staker][strategy];
        if (depositSharesToRemove > current) revert SharesAmountTooHigh();
        remainingShares = current - depositSharesToRemove;
        stakerDepositShares[staker][strategy] = remainingShares;
        if (remainingShares == 0) _removeFromList(staker, strategy);
    }

    /// @inheritdoc IStrategyManager
    function addShares(address staker, IStrategy strategy, uint256 shares)
        external
        onlyDelegationManager
        returns (uint256, uint256)
    {
        return _addShares(staker, strategy, shares);
    }

    /// @inheritdoc IStrategyManager
    function withdrawSharesAsTokens(
        address staker,
        IStrategy strategy,
        IERC20 token,
        uint256 shares
    ) external onlyDelegationManager {
        IStrategyV1(address(strategy)).withdraw(staker, token, shares);
    }

    /// @inheritdoc IStrategyManager
    function increaseBurnOrRedistributableShares(
        OperatorSet calldata operatorSet,
        uint256 slashId,
        IStrategy strategy,
        uint256 addedSharesToBurn
    ) external onlyDelegationManager {
        bytes32 key = operatorSet.key();
        if (!_slashStrategies[key][slashId].add(address(strategy))) {
            revert StrategyAlreadyInSlash();
        }
        _slashShares[key][slashId][strategy] = addedSharesToBurn;
        _pendingSlashIds[key].add(bytes32(slashId));
        _pendingOperatorSets.add(key);
        emit BurnOrRedistributableSharesIncreased(operatorSet, slashId, strategy, addedSharesToBurn);
    }

    // =========================================================================================
    // Clearing slashed shares (anyone)
    // =========================================================================================

    /// @inheritdoc IStrategyManager
    function clearBurnOrRedistributableShares(OperatorSet calldata operatorSet, uint256 slashId)
        external
        nonReentrant
        returns (uint256[] memory amounts)
    {
        address[] memory strategies = _slashStrategies[operatorSet.key()][slashId].values();
        amounts = new uint256[](strategies.length);
        for (uint256 i = 0; i < strategies.length; i++) {
            amounts[i] = _clear(operatorSet, slashId, IStrategy(strategies[i]));
        }
    }

    /// @inheritdoc IStrategyManager
    function clearBurnOrRedistributableSharesByStrategy(
        OperatorSet calldata operatorSet,
        uint256 slashId,
        IStrategy strategy
    ) external nonReentrant returns (uint256) {
        return _clear(operatorSet, slashId, strategy);
    }

    /// @dev Withdraws the recorded shares as tokens to the set's recipient; returns the token
    /// amount sent (0 when nothing was recorded).
    function _clear(OperatorSet calldata operatorSet, uint256 slashId, IStrategy strategy)
        internal
        returns (uint256 amountOut)
    {
        bytes32 key = operatorSet.key();
        EnumerableSets.AddressSet storage strategies = _slashStrategies[key][slashId];
        if (!strategies.remove(address(strategy))) return 0;
        uint256 shares = _slashShares[key][slashId][strategy];
        delete _slashShares[key][slashId][strategy];
        if (strategies.length() == 0) {
            _pendingSlashIds[key].remove(bytes32(slashId));
            if (_pendingSlashIds[key].length() == 0) _pendingOperatorSets.remove(key);
        }
        if (shares != 0) {
            address recipient = allocationManager.getRedistributionRecipient(operatorSet);
            amountOut = IStrategyV1(address(strategy))
                .withdraw(recipient, strategy.underlyingToken(), shares);
        }
        emit BurnOrRedistributableSharesDecreased(operatorSet, slashId, strategy, shares);
    }

    // =========================================================================================
    // Whitelist
    // =========================================================================================

    /// @inheritdoc IStrategyManager
    function addStrategiesToDepositWhitelist(IStrategy[] calldata strategiesToWhitelist)
        external
        onlyStrategyWhitelister
    {
        for (uint256 i = 0; i < strategiesToWhitelist.length; i++) {
            IStrategy s = strategiesToWhitelist[i];
            if (!strategyIsWhitelistedForDeposit[s]) {
                strategyIsWhitelistedForDeposit[s] = true;
                emit StrategyAddedToDepositWhitelist(s);
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
            }
        }
    }

    /// @inheritdoc IStrategyManager
    function setStrategyWhitelister(address newStrategyWhitelister) external onlyOwner {
        _setStrategyWhitelister(newStrategyWhitelister);
    }

    function _setStrategyWhitelister(address newStrategyWhitelister) internal {
        emit StrategyWhitelisterChanged(strategyWhitelister, newStrategyWhitelister);
        strategyWhitelister = newStrategyWhitelister;
    }

    // =========================================================================================
    // Views
    // =========================================================================================

    function getDeposits(address staker)
        external
        view
        returns (IStrategy[] memory strategies, uint256[] memory shares)
    {
        strategies = stakerStrategyList[staker];
        shares = new uint256[](strategies.length);
        for (uint256 i = 0; i < strategies.length; i++) {
            shares[i] = stakerDepositShares[staker][strategies[i]];
        }
    }

    function getStakerStrategyList(address staker) external view returns (IStrategy[] memory) {
        return stakerStrategyList[staker];
    }

    function stakerStrategyListLength(address staker) external view returns (uint256) {
        return stakerStrategyList[staker].length;
    }

    function getBurnOrRedistributableShares(OperatorSet calldata operatorSet, uint256 slashId)
        external
        view
        returns (IStrategy[] memory strategies, uint256[] memory shares)
    {
        bytes32 key = operatorSet.key();
        address[] memory raw = _slashStrategies[key][slashId].values();
        strategies = new IStrategy[](raw.length);
        shares = new uint256[](raw.length);
        for (uint256 i = 0; i < raw.length; i++) {
            strategies[i] = IStrategy(raw[i]);
            shares[i] = _slashShares[key][slashId][strategies[i]];
        }
    }

    function getBurnOrRedistributableShares(
        OperatorSet calldata operatorSet,
        uint256 slashId,
        IStrategy strategy
    ) external view returns (uint256) {
        return _slashShares[operatorSet.key()][slashId][strategy];
    }

    function getBurnOrRedistributableCount(OperatorSet calldata operatorSet, uint256 slashId)
        external
        view
        returns (uint256)
    {
        return _slashStrategies[operatorSet.key()][slashId].length();
    }

    function getPendingOperatorSets() external view returns (OperatorSet[] memory sets) {
        sets = new OperatorSet[](_pendingOperatorSets.length());
        for (uint256 i = 0; i < sets.length; i++) {
            sets[i] = OperatorSetLib.decode(_pendingOperatorSets.valueAt(i));
        }
    }

    function getPendingSlashIds(OperatorSet calldata operatorSet)
        external
        view
        returns (uint256[] memory slashIds)
    {
        EnumerableSets.Bytes32Set storage ids = _pendingSlashIds[operatorSet.key()];
        slashIds = new uint256[](ids.length());
        for (uint256 i = 0; i < slashIds.length; i++) {
            slashIds[i] = uint256(ids.valueAt(i));
        }
    }

    // =========================================================================================
    // Internals
    // =========================================================================================

    function _addShares(address staker, IStrategy strategy, uint256 shares)
        internal
        returns (uint256 prevDepositShares, uint256 addedShares)
    {
        if (staker == address(0)) revert StakerAddressZero();
        if (shares == 0) revert SharesAmountZero();
        prevDepositShares = stakerDepositShares[staker][strategy];
        if (prevDepositShares == 0) {
            if (stakerStrategyList[staker].length >= MAX_STAKER_STRATEGY_LIST_LENGTH) {
                revert MaxStrategiesExceeded();
            }
            stakerStrategyList[staker].push(strategy);
        }
        stakerDepositShares[staker][strategy] = prevDepositShares + shares;
        emit Deposit(staker, strategy, shares);
        return (prevDepositShares, shares);
    }

    function _removeFromList(address staker, IStrategy strategy) internal {
        IStrategy[] storage list = stakerStrategyList[staker];
        for (uint256 i = 0; i < list.length; i++) {
            if (address(list[i]) == address(strategy)) {
                list[i] = list[list.length - 1];
                list.pop();
                return;
            }
        }
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
