// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IStrategy} from "../../interfaces/IStrategy.sol";
import {IERC20} from "../../interfaces/IERC20.sol";
import {SignatureChecks} from "../../libraries/SignatureChecks.sol";
import {IDelegationManager} from "../interfaces/IDelegationManager.sol";
import {IAllocationManager} from "../interfaces/IAllocationManager.sol";
import {IStrategyManager} from "../interfaces/IStrategyManager.sol";
import {IPauserRegistry} from "../interfaces/IPauserRegistry.sol";
import {IPermissionController} from "../interfaces/IPermissionController.sol";
import {OperatorSet} from "../interfaces/OperatorSet.sol";
import {PausableV1} from "./PausableV1.sol";
import {PermissionControllerMixin} from "./PermissionControllerMixin.sol";
import {EnumerableSets} from "./EnumerableSets.sol";
import {SlashingLib, Checkpoints, DeployerInitializable} from "./SlashingLib.sol";

/// @title DelegationManager (core v1.12.0 ABI): operators, delegation, slashing-aware shares.
/// @notice A staker's withdrawable shares = depositShares × depositScalingFactor × the
/// operator's maxMagnitude (WAD maths, floored). Slashing lowers maxMagnitude, so stakers lose
/// in proportion without any per-staker write; operatorShares holds the already-slashed total.
/// ERC20 strategies only: there is no EigenPodManager (beacon-chain ETH) behind eigenPodManager.
contract DelegationManager is
    IDelegationManager,
    PausableV1,
    PermissionControllerMixin,
    DeployerInitializable
{
    using SlashingLib for uint256;
    using Checkpoints for Checkpoints.History;
    using EnumerableSets for EnumerableSets.Bytes32Set;

    uint8 internal constant PAUSED_NEW_DELEGATION = 0;
    uint8 internal constant PAUSED_ENTER_WITHDRAWAL_QUEUE = 1;
    uint8 internal constant PAUSED_EXIT_WITHDRAWAL_QUEUE = 2;
    uint8 internal constant PAUSED_OPERATOR_SLASHING = 3;

    uint256 internal constant WAD = 1e18;
    bytes32 public constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,uint256 chainId,address verifyingContract)");
    bytes32 public constant DELEGATION_APPROVAL_TYPEHASH = keccak256(
        "DelegationApproval(address delegationApprover,address staker,address operator,bytes32 salt,uint256 expiry)"
    );
    IStrategy public constant beaconChainETHStrategy =
        IStrategy(0xbeaC0eeEeeeeEEeEeEEEEeeEEeEeeeEeeEEBEaC0);

    IStrategyManager public immutable strategyManager;
    address public immutable eigenPodManager;
    IAllocationManager public immutable allocationManager;
    uint32 public immutable minWithdrawalDelayBlocks;

    string public version;

    mapping(address staker => address) public delegatedTo;
    mapping(address operator => address) internal _delegationApprover;
    mapping(address operator => mapping(IStrategy strategy => uint256)) public operatorShares;
    /// @dev 0 means WAD (the default).
    mapping(address staker => mapping(IStrategy strategy => uint256)) internal _dsf;
    mapping(address approver => mapping(bytes32 salt => bool)) public delegationApproverSaltIsSpent;
    mapping(address staker => uint256) public cumulativeWithdrawalsQueued;
    mapping(bytes32 root => bool) public pendingWithdrawals;
    mapping(bytes32 root => Withdrawal) internal _queuedWithdrawals;
    mapping(address staker => EnumerableSets.Bytes32Set) internal _stakerQueuedWithdrawalRoots;
    /// @dev Running total of scaled shares ever queued for withdrawal from each operator; the
    /// difference over the last minWithdrawalDelayBlocks is what slashing can still reach.
    mapping(address operator => mapping(IStrategy strategy => Checkpoints.History)) internal
        _cumulativeScaledSharesHistory;

    constructor(
        IStrategyManager _strategyManager,
        address _eigenPodManager,
        IAllocationManager _allocationManager,
        IPauserRegistry _pauserRegistry,
        IPermissionController _permissionController,
        uint32 _minWithdrawalDelayBlocks,
        string memory _version
    ) PausableV1(_pauserRegistry) PermissionControllerMixin(_permissionController) {
        strategyManager = _strategyManager;
        eigenPodManager = _eigenPodManager;
        allocationManager = _allocationManager;
        minWithdrawalDelayBlocks = _minWithdrawalDelayBlocks;
        version = _version;
    }

    function initialize(uint256 initialPausedStatus) external initializer {
        _setPausedStatus(initialPausedStatus);
    }

    modifier onlyStrategyManager() {
        if (msg.sender != address(strategyManager)) revert OnlyStrategyManagerOrEigenPodManager();
        _;
    }

    modifier onlyAllocationManager() {
        if (msg.sender != address(allocationManager)) revert OnlyAllocationManager();
        _;
    }

    modifier onlyRegisteredOperator(address operator) {
        if (!isOperator(operator)) revert OperatorNotRegistered();
        _;
    }

    // =========================================================================================
    // Operators
    // =========================================================================================

    /// @inheritdoc IDelegationManager
    function registerAsOperator(
        address initDelegationApprover,
        uint32 allocationDelay,
        string calldata metadataURI
    ) external {
        if (isDelegated(msg.sender)) revert ActivelyDelegated();
        allocationManager.setAllocationDelay(msg.sender, allocationDelay);
        _setDelegationApprover(msg.sender, initDelegationApprover);
        _delegate(msg.sender, msg.sender);
        emit OperatorRegistered(msg.sender, initDelegationApprover);
        emit OperatorMetadataURIUpdated(msg.sender, metadataURI);
    }

    /// @inheritdoc IDelegationManager
    function modifyOperatorDetails(address operator, address newDelegationApprover)
        external
        checkCanCall(operator)
        onlyRegisteredOperator(operator)
    {
        _setDelegationApprover(operator, newDelegationApprover);
    }

    /// @inheritdoc IDelegationManager
    function updateOperatorMetadataURI(address operator, string calldata metadataURI)
        external
        checkCanCall(operator)
        onlyRegisteredOperator(operator)
    {
        emit OperatorMetadataURIUpdated(operator, metadataURI);
    }

    function _setDelegationApprover(address operator, address approver) internal {
        _delegationApprover[operator] = approver;
        emit DelegationApproverUpdated(operator, approver);
    }

    // =========================================================================================
    // Delegation
    // =========================================================================================

    /// @inheritdoc IDelegationManager
    function delegateTo(
        address operator,
        SignatureWithExpiry memory approverSignatureAndExpiry,
        bytes32 approverSalt
    ) external {
        if (isDelegated(msg.sender)) {
            revert ActivelyDelegated();
        }
        _checkApproverAndDelegate(msg.sender, operator, approverSignatureAndExpiry, approverSalt);
    }

    /// @inheritdoc IDelegationManager
    function undelegate(address staker) external returns (bytes32[] memory withdrawalRoots) {
        return _undelegate(staker);
    }

    /// @inheritdoc IDelegationManager
    function redelegate(
        address newOperator,
        SignatureWithExpiry memory newOperatorApproverSig,
        bytes32 approverSalt
    ) external returns (bytes32[] memory withdrawalRoots) {
        withdrawalRoots = _undelegate(msg.sender);
        _checkApproverAndDelegate(msg.sender, newOperator, newOperatorApproverSig, approverSalt);
    }

    function _checkApproverAndDelegate(
        address staker,
        address operator,
        SignatureWithExpiry memory approverSignatureAndExpiry,
        bytes32 approverSalt
    ) internal onlyWhenNotPaused(PAUSED_NEW_DELEGATION) onlyRegisteredOperator(operator) {
        address approver = _delegationApprover[operator];
        if (approver != address(0) && msg.sender != approver) {
            if (approverSignatureAndExpiry.expiry < block.timestamp) revert SignatureExpired();
            if (delegationApproverSaltIsSpent[approver][approverSalt]) revert SaltSpent();
            bytes32 digest = calculateDelegationApprovalDigestHash(
                staker, operator, approver, approverSalt, approverSignatureAndExpiry.expiry
            );
            if (approver.code.length != 0) {
                SignatureChecks.checkSignature_EIP1271(
                    approver, digest, approverSignatureAndExpiry.signature
                );
            } else if (
                SignatureChecks.recover(digest, approverSignatureAndExpiry.signature) != approver
            ) {
                revert InvalidSignature();
            }
            delegationApproverSaltIsSpent[approver][approverSalt] = true;
        }
        _delegate(staker, operator);
    }

    /// @dev Moves the staker's withdrawable shares onto the operator; each deposit scaling
    /// factor is reset against the operator's max magnitude so nothing is gained or lost.
    function _delegate(address staker, address operator) internal {
        delegatedTo[staker] = operator;
        emit StakerDelegated(staker, operator);
        (IStrategy[] memory strategies, uint256[] memory depositShares) =
            strategyManager.getDeposits(staker);
        for (uint256 i = 0; i < strategies.length; i++) {
            uint256 withdrawable = _withdrawable(staker, strategies[i], depositShares[i], WAD);
            _setDsf(staker, strategies[i], 0);
            _increaseDelegation(operator, staker, strategies[i], 0, withdrawable, depositShares[i]);
        }
    }

    function _undelegate(address staker)
        internal
        onlyWhenNotPaused(PAUSED_ENTER_WITHDRAWAL_QUEUE)
        returns (bytes32[] memory withdrawalRoots)
    {
        if (!isDelegated(staker)) {
            revert NotActivelyDelegated();
        }
        if (isOperator(staker)) revert OperatorsCannotUndelegate();
        address operator = delegatedTo[staker];
        if (msg.sender != staker) {
            if (!_checkCanCall(operator) && msg.sender != _delegationApprover[operator]) {
                revert CallerCannotUndelegate();
            }
            emit StakerForceUndelegated(staker, operator);
        }
        emit StakerUndelegated(staker, operator);
        (IStrategy[] memory strategies, uint256[] memory depositShares) =
            strategyManager.getDeposits(staker);
        withdrawalRoots = new bytes32[](strategies.length);
        for (uint256 i = 0; i < strategies.length; i++) {
            IStrategy[] memory single = new IStrategy[](1);
            uint256[] memory singleShares = new uint256[](1);
            single[0] = strategies[i];
            singleShares[0] = depositShares[i];
            withdrawalRoots[i] =
                _removeSharesAndQueueWithdrawal(staker, operator, single, singleShares);
        }
        delegatedTo[staker] = address(0);
    }

    // =========================================================================================
    // Withdrawals
    // =========================================================================================

    /// @inheritdoc IDelegationManager
    function queueWithdrawals(QueuedWithdrawalParams[] calldata params)
        external
        onlyWhenNotPaused(PAUSED_ENTER_WITHDRAWAL_QUEUE)
        returns (bytes32[] memory withdrawalRoots)
    {
        withdrawalRoots = new bytes32[](params.length);
        address operator = delegatedTo[msg.sender];
        for (uint256 i = 0; i < params.length; i++) {
            if (params[i].strategies.length != params[i].depositShares.length) {
                revert InputArrayLengthMismatch();
            }
            if (params[i].strategies.length == 0) revert InputArrayLengthZero();
            withdrawalRoots[i] = _removeSharesAndQueueWithdrawal(
                msg.sender, operator, params[i].strategies, params[i].depositShares
            );
        }
    }

    function _removeSharesAndQueueWithdrawal(
        address staker,
        address operator,
        IStrategy[] memory strategies,
        uint256[] memory depositShares
    ) internal returns (bytes32 root) {
        uint256[] memory scaledShares = new uint256[](strategies.length);
        uint256[] memory withdrawableShares = new uint256[](strategies.length);
        for (uint256 i = 0; i < strategies.length; i++) {
            IStrategy strategy = strategies[i];
            scaledShares[i] = depositShares[i].mulWad(depositScalingFactor(staker, strategy));
            withdrawableShares[i] = scaledShares[i].mulWad(_slashingFactor(operator, strategy));
            if (operator != address(0)) {
                _decreaseDelegation(operator, staker, strategy, withdrawableShares[i]);
                Checkpoints.History storage history =
                    _cumulativeScaledSharesHistory[operator][strategy];
                history.push(uint224(history.latest(0) + scaledShares[i]));
            }
            if (strategyManager.removeDepositShares(staker, strategy, depositShares[i]) == 0) {
                _setDsf(staker, strategy, 0);
            }
        }
        Withdrawal memory withdrawal = Withdrawal({
            staker: staker,
            delegatedTo: operator,
            withdrawer: staker,
            nonce: cumulativeWithdrawalsQueued[staker]++,
            startBlock: uint32(block.number),
            strategies: strategies,
            scaledShares: scaledShares
        });
        root = calculateWithdrawalRoot(withdrawal);
        pendingWithdrawals[root] = true;
        _queuedWithdrawals[root] = withdrawal;
        _stakerQueuedWithdrawalRoots[staker].add(root);
        emit SlashingWithdrawalQueued(root, withdrawal, withdrawableShares);
    }

    /// @inheritdoc IDelegationManager
    function completeQueuedWithdrawal(
        Withdrawal calldata withdrawal,
        IERC20[] calldata tokens,
        bool receiveAsTokens
    ) external onlyWhenNotPaused(PAUSED_EXIT_WITHDRAWAL_QUEUE) {
        _completeQueuedWithdrawal(withdrawal, tokens, receiveAsTokens);
    }

    /// @inheritdoc IDelegationManager
    function completeQueuedWithdrawals(
        Withdrawal[] calldata withdrawals,
        IERC20[][] calldata tokens,
        bool[] calldata receiveAsTokens
    ) external onlyWhenNotPaused(PAUSED_EXIT_WITHDRAWAL_QUEUE) {
        if (withdrawals.length != tokens.length || tokens.length != receiveAsTokens.length) {
            revert InputArrayLengthMismatch();
        }
        for (uint256 i = 0; i < withdrawals.length; i++) {
            _completeQueuedWithdrawal(withdrawals[i], tokens[i], receiveAsTokens[i]);
        }
    }

    /// @dev Pays out scaledShares × the operator's max magnitude at the end of the slashable
    /// window, so slashes during the window reach queued withdrawals too.
    function _completeQueuedWithdrawal(
        Withdrawal calldata withdrawal,
        IERC20[] calldata tokens,
        bool receiveAsTokens
    ) internal {
        bytes32 root = calculateWithdrawalRoot(withdrawal);
        if (!pendingWithdrawals[root]) revert WithdrawalNotQueued();
        if (msg.sender != withdrawal.withdrawer) revert WithdrawerNotCaller();
        if (tokens.length != withdrawal.strategies.length) revert InputArrayLengthMismatch();
        uint32 slashableUntil = withdrawal.startBlock + minWithdrawalDelayBlocks;
        if (block.number <= slashableUntil) revert WithdrawalDelayNotElapsed();

        uint64[] memory factors = withdrawal.delegatedTo == address(0)
            ? new uint64[](0)
            : allocationManager.getMaxMagnitudesAtBlock(
                withdrawal.delegatedTo, withdrawal.strategies, slashableUntil
            );
        delete pendingWithdrawals[root];
        delete _queuedWithdrawals[root];
        _stakerQueuedWithdrawalRoots[withdrawal.staker].remove(root);

        address newOperator = delegatedTo[withdrawal.staker];
        for (uint256 i = 0; i < withdrawal.strategies.length; i++) {
            IStrategy strategy = withdrawal.strategies[i];
            uint256 factor = factors.length == 0 ? WAD : factors[i];
            uint256 shares = withdrawal.scaledShares[i].mulWad(factor);
            if (shares == 0) continue;
            if (receiveAsTokens) {
                strategyManager.withdrawSharesAsTokens(
                    withdrawal.withdrawer, strategy, tokens[i], shares
                );
            } else {
                (uint256 prevDepositShares, uint256 added) =
                    strategyManager.addShares(withdrawal.staker, strategy, shares);
                _increaseDelegation(
                    newOperator, withdrawal.staker, strategy, prevDepositShares, added, 0
                );
            }
        }
        emit SlashingWithdrawalCompleted(root);
    }

    // =========================================================================================
    // Share accounting
    // =========================================================================================

    /// @inheritdoc IDelegationManager
    function increaseDelegatedShares(
        address staker,
        IStrategy strategy,
        uint256 prevDepositShares,
        uint256 addedShares
    ) external onlyStrategyManager {
        _increaseDelegation(
            delegatedTo[staker], staker, strategy, prevDepositShares, addedShares, 0
        );
    }

    /// @dev Re-scales the staker's deposit scaling factor so the staker's withdrawable shares
    /// rise by exactly `addedShares`, then credits the operator. `depositShares`, when not 0,
    /// replaces prevDepositShares + addedShares as the staker's deposit total (delegation).
    function _increaseDelegation(
        address operator,
        address staker,
        IStrategy strategy,
        uint256 prevDepositShares,
        uint256 addedShares,
        uint256 depositShares
    ) internal {
        uint256 slashingFactor = _slashingFactor(operator, strategy);
        if (slashingFactor == 0) revert FullySlashed();
        uint256 newDsf;
        if (depositShares != 0) {
            // Delegation: depositShares × newDsf × slashingFactor = addedShares.
            newDsf = addedShares.divWad(depositShares).divWad(slashingFactor);
        } else if (prevDepositShares == 0) {
            newDsf = WAD.divWad(slashingFactor);
        } else {
            uint256 current = _withdrawable(staker, strategy, prevDepositShares, slashingFactor);
            newDsf = (current + addedShares).divWad(prevDepositShares + addedShares)
                .divWad(slashingFactor);
        }
        _setDsf(staker, strategy, newDsf);
        if (operator != address(0)) {
            operatorShares[operator][strategy] += addedShares;
            emit OperatorSharesIncreased(operator, staker, strategy, addedShares);
        }
    }

    function _decreaseDelegation(
        address operator,
        address staker,
        IStrategy strategy,
        uint256 shares
    ) internal {
        uint256 current = operatorShares[operator][strategy];
        // Rounding can leave the operator total a hair below the sum of its stakers.
        if (shares > current) shares = current;
        operatorShares[operator][strategy] = current - shares;
        emit OperatorSharesDecreased(operator, staker, strategy, shares);
    }

    /// @inheritdoc IDelegationManager
    function slashOperatorShares(
        address operator,
        OperatorSet calldata operatorSet,
        uint256 slashId,
        IStrategy strategy,
        uint64 prevMaxMagnitude,
        uint64 newMaxMagnitude
    ) external onlyAllocationManager returns (uint256 totalDepositSharesToSlash) {
        uint256 shares = operatorShares[operator][strategy];
        uint256 remaining = shares.mulDivRoundUp(newMaxMagnitude, prevMaxMagnitude);
        uint256 slashedFromOperator = shares - remaining;
        _decreaseDelegation(operator, address(0), strategy, slashedFromOperator);

        uint256 scaledInQueue = _scaledSharesInQueue(operator, strategy);
        uint256 slashedFromQueue =
            scaledInQueue.mulWad(prevMaxMagnitude) - scaledInQueue.mulWad(newMaxMagnitude);

        totalDepositSharesToSlash = slashedFromOperator + slashedFromQueue;
        emit OperatorSharesSlashed(operator, strategy, totalDepositSharesToSlash);
        if (totalDepositSharesToSlash != 0) {
            strategyManager.increaseBurnOrRedistributableShares(
                operatorSet, slashId, strategy, totalDepositSharesToSlash
            );
        }
    }

    /// @dev Scaled shares queued from the operator within the last minWithdrawalDelayBlocks
    /// blocks (those withdrawals are still slashable).
    function _scaledSharesInQueue(address operator, IStrategy strategy)
        internal
        view
        returns (uint256)
    {
        Checkpoints.History storage history = _cumulativeScaledSharesHistory[operator][strategy];
        uint256 current = history.latest(0);
        uint256 windowStart = block.number > uint256(minWithdrawalDelayBlocks) + 1
            ? block.number - minWithdrawalDelayBlocks - 1
            : 0;
        uint256 before = windowStart == 0 ? 0 : history.upperLookup(uint32(windowStart), 0);
        return current - before;
    }

    function _slashingFactor(address operator, IStrategy strategy) internal view returns (uint256) {
        if (operator == address(0)) return WAD;
        return allocationManager.getMaxMagnitude(operator, strategy);
    }

    function _withdrawable(
        address staker,
        IStrategy strategy,
        uint256 depositShares,
        uint256 slashingFactor
    ) internal view returns (uint256) {
        return depositShares.mulWad(depositScalingFactor(staker, strategy)).mulWad(slashingFactor);
    }

    function _setDsf(address staker, IStrategy strategy, uint256 newDsf) internal {
        _dsf[staker][strategy] = newDsf;
        emit DepositScalingFactorUpdated(staker, strategy, newDsf == 0 ? WAD : newDsf);
    }

    // =========================================================================================
    // Views
    // =========================================================================================

    function isOperator(address operator) public view returns (bool) {
        return operator != address(0) && delegatedTo[operator] == operator;
    }

    function isDelegated(address staker) public view returns (bool) {
        return delegatedTo[staker] != address(0);
    }

    function delegationApprover(address operator) external view returns (address) {
        return _delegationApprover[operator];
    }

    function depositScalingFactor(address staker, IStrategy strategy)
        public
        view
        returns (uint256)
    {
        uint256 dsf = _dsf[staker][strategy];
        return dsf == 0 ? WAD : dsf;
    }

    function getOperatorShares(address operator, IStrategy[] memory strategies)
        public
        view
        returns (uint256[] memory shares)
    {
        shares = new uint256[](strategies.length);
        for (uint256 i = 0; i < strategies.length; i++) {
            shares[i] = operatorShares[operator][strategies[i]];
        }
    }

    function getOperatorsShares(address[] memory operators, IStrategy[] memory strategies)
        external
        view
        returns (uint256[][] memory shares)
    {
        shares = new uint256[][](operators.length);
        for (uint256 i = 0; i < operators.length; i++) {
            shares[i] = getOperatorShares(operators[i], strategies);
        }
    }

    function getWithdrawableShares(address staker, IStrategy[] memory strategies)
        external
        view
        returns (uint256[] memory withdrawableShares, uint256[] memory depositShares)
    {
        address operator = delegatedTo[staker];
        withdrawableShares = new uint256[](strategies.length);
        depositShares = new uint256[](strategies.length);
        for (uint256 i = 0; i < strategies.length; i++) {
            depositShares[i] = strategyManager.stakerDepositShares(staker, strategies[i]);
            withdrawableShares[i] = _withdrawable(
                staker, strategies[i], depositShares[i], _slashingFactor(operator, strategies[i])
            );
        }
    }

    function getDepositedShares(address staker)
        external
        view
        returns (IStrategy[] memory, uint256[] memory)
    {
        return strategyManager.getDeposits(staker);
    }

    function getSlashableSharesInQueue(address operator, IStrategy strategy)
        external
        view
        returns (uint256)
    {
        return _scaledSharesInQueue(operator, strategy).mulWad(_slashingFactor(operator, strategy));
    }

    function getQueuedWithdrawal(bytes32 withdrawalRoot)
        external
        view
        returns (Withdrawal memory withdrawal, uint256[] memory shares)
    {
        withdrawal = _queuedWithdrawals[withdrawalRoot];
        shares = new uint256[](withdrawal.strategies.length);
        if (withdrawal.strategies.length == 0) return (withdrawal, shares);
        uint32 slashableUntil = withdrawal.startBlock + minWithdrawalDelayBlocks;
        uint32 lookupBlock = block.number < slashableUntil ? uint32(block.number) : slashableUntil;
        uint64[] memory factors = withdrawal.delegatedTo == address(0)
            ? new uint64[](0)
            : allocationManager.getMaxMagnitudesAtBlock(
                withdrawal.delegatedTo, withdrawal.strategies, lookupBlock
            );
        for (uint256 i = 0; i < shares.length; i++) {
            shares[i] = withdrawal.scaledShares[i].mulWad(factors.length == 0 ? WAD : factors[i]);
        }
    }

    function getQueuedWithdrawalRoots(address staker) external view returns (bytes32[] memory) {
        EnumerableSets.Bytes32Set storage roots = _stakerQueuedWithdrawalRoots[staker];
        bytes32[] memory out = new bytes32[](roots.length());
        for (uint256 i = 0; i < out.length; i++) {
            out[i] = roots.valueAt(i);
        }
        return out;
    }

    function calculateWithdrawalRoot(Withdrawal memory withdrawal) public pure returns (bytes32) {
        return keccak256(abi.encode(withdrawal));
    }

    function calculateDelegationApprovalDigestHash(
        address staker,
        address operator,
        address approver,
        bytes32 approverSalt,
        uint256 expiry
    ) public view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(
                DELEGATION_APPROVAL_TYPEHASH, approver, staker, operator, approverSalt, expiry
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator(), structHash));
    }

    /// @notice M2-style domain (name "EigenLayer"), recomputed per call.
    function domainSeparator() public view returns (bytes32) {
        return keccak256(
            abi.encode(
                DOMAIN_TYPEHASH, keccak256(bytes("EigenLayer")), block.chainid, address(this)
            )
        );
    }
}
