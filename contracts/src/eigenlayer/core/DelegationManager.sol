// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IDelegationManager} from "../interfaces/IDelegationManager.sol";
import {IStrategy} from "../interfaces/IStrategy.sol";
import {IStrategyManager} from "../interfaces/IStrategyManager.sol";
import {Pausable} from "../libraries/Pausable.sol";

/// @title DelegationManager (M2 model, devnet subset)
/// @notice Operators register here and are self-delegated; deposits of delegated stakers are
/// booked as operator shares, which StakeRegistry reads. Staker delegation to third-party
/// operators and the withdrawal queue are not part of this devnet build.
contract DelegationManager is IDelegationManager, Pausable {
    /// @dev Pause flag 0 gates new delegations, including operator registration.
    uint8 internal constant PAUSED_NEW_DELEGATION = 0;

    /// @notice 180 days of 12-second blocks.
    uint256 public constant MAX_STAKER_OPT_OUT_WINDOW_BLOCKS = 1_296_000;
    bytes32 public constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,uint256 chainId,address verifyingContract)");
    bytes32 public constant STAKER_DELEGATION_TYPEHASH =
        keccak256("StakerDelegation(address staker,address operator,uint256 nonce,uint256 expiry)");
    bytes32 public constant DELEGATION_APPROVAL_TYPEHASH = keccak256(
        "DelegationApproval(address delegationApprover,address staker,address operator,bytes32 salt,uint256 expiry)"
    );
    /// @notice Placeholder strategy address used for beacon-chain ETH in the real core.
    IStrategy public constant beaconChainETHStrategy =
        IStrategy(0xbeaC0eeEeeeeEEeEeEEEEeeEEeEeeeEeeEEBEaC0);

    address public immutable strategyManager;
    address public immutable slasher;
    address public immutable eigenPodManager;

    mapping(address operator => mapping(IStrategy strategy => uint256)) public operatorShares;
    mapping(address staker => address operator) public delegatedTo;
    mapping(address operator => OperatorDetails) internal _operatorDetails;
    uint256 public minWithdrawalDelayBlocks = 1;

    constructor(address _strategyManager, address _slasher, address _eigenPodManager) {
        strategyManager = _strategyManager;
        slasher = _slasher;
        eigenPodManager = _eigenPodManager;
    }

    modifier onlyStrategyManagerOrEigenPodManager() {
        require(
            msg.sender == strategyManager || msg.sender == eigenPodManager,
            "DelegationManager: onlyStrategyManagerOrEigenPodManager"
        );
        _;
    }

    /// @inheritdoc IDelegationManager
    function registerAsOperator(
        OperatorDetails calldata registeringOperatorDetails,
        string calldata metadataURI
    ) external onlyWhenNotPaused(PAUSED_NEW_DELEGATION) {
        require(
            delegatedTo[msg.sender] == address(0),
            "DelegationManager.registerAsOperator: caller is already actively delegated"
        );
        _setOperatorDetails(msg.sender, registeringOperatorDetails);
        _delegateToSelf(msg.sender);
        emit OperatorRegistered(msg.sender, registeringOperatorDetails);
        emit OperatorMetadataURIUpdated(msg.sender, metadataURI);
    }

    /// @inheritdoc IDelegationManager
    function modifyOperatorDetails(OperatorDetails calldata newOperatorDetails) external {
        require(
            isOperator(msg.sender),
            "DelegationManager.modifyOperatorDetails: caller must be an operator"
        );
        _setOperatorDetails(msg.sender, newOperatorDetails);
    }

    /// @inheritdoc IDelegationManager
    function updateOperatorMetadataURI(string calldata metadataURI) external {
        require(
            isOperator(msg.sender),
            "DelegationManager.updateOperatorMetadataURI: caller must be an operator"
        );
        emit OperatorMetadataURIUpdated(msg.sender, metadataURI);
    }

    /// @inheritdoc IDelegationManager
    function increaseDelegatedShares(address staker, IStrategy strategy, uint256 shares)
        external
        onlyStrategyManagerOrEigenPodManager
    {
        address operator = delegatedTo[staker];
        if (operator != address(0)) {
            operatorShares[operator][strategy] += shares;
            emit OperatorSharesIncreased(operator, staker, strategy, shares);
        }
    }

    /// @inheritdoc IDelegationManager
    function decreaseDelegatedShares(address staker, IStrategy strategy, uint256 shares)
        external
        onlyStrategyManagerOrEigenPodManager
    {
        address operator = delegatedTo[staker];
        if (operator != address(0)) {
            operatorShares[operator][strategy] -= shares;
            emit OperatorSharesDecreased(operator, staker, strategy, shares);
        }
    }

    /// @notice Owner knob read by BLSSignatureChecker when stale stakes are forbidden.
    function setMinWithdrawalDelayBlocks(uint256 newMinWithdrawalDelayBlocks) external onlyOwner {
        emit MinWithdrawalDelayBlocksSet(minWithdrawalDelayBlocks, newMinWithdrawalDelayBlocks);
        minWithdrawalDelayBlocks = newMinWithdrawalDelayBlocks;
    }

    function isOperator(address operator) public view returns (bool) {
        return operator != address(0) && delegatedTo[operator] == operator;
    }

    function isDelegated(address staker) public view returns (bool) {
        return delegatedTo[staker] != address(0);
    }

    function operatorDetails(address operator) external view returns (OperatorDetails memory) {
        return _operatorDetails[operator];
    }

    function delegationApprover(address operator) external view returns (address) {
        return _operatorDetails[operator].delegationApprover;
    }

    function stakerOptOutWindowBlocks(address operator) external view returns (uint256) {
        return _operatorDetails[operator].stakerOptOutWindowBlocks;
    }

    function getOperatorShares(address operator, IStrategy[] memory strategies)
        public
        view
        returns (uint256[] memory out)
    {
        out = new uint256[](strategies.length);
        for (uint256 i = 0; i < strategies.length; i++) {
            out[i] = operatorShares[operator][strategies[i]];
        }
    }

    /// @notice M2 domain: name "EigenLayer", no version field.
    function domainSeparator() public view returns (bytes32) {
        return keccak256(
            abi.encode(
                DOMAIN_TYPEHASH, keccak256(bytes("EigenLayer")), block.chainid, address(this)
            )
        );
    }

    function _setOperatorDetails(address operator, OperatorDetails calldata details) internal {
        require(
            details.stakerOptOutWindowBlocks <= MAX_STAKER_OPT_OUT_WINDOW_BLOCKS,
            "DelegationManager._setOperatorDetails: stakerOptOutWindowBlocks cannot be > MAX_STAKER_OPT_OUT_WINDOW_BLOCKS"
        );
        require(
            details.stakerOptOutWindowBlocks >= _operatorDetails[operator].stakerOptOutWindowBlocks,
            "DelegationManager._setOperatorDetails: stakerOptOutWindowBlocks cannot be decreased"
        );
        _operatorDetails[operator] = details;
        emit OperatorDetailsModified(operator, details);
    }

    /// @dev Self-delegation moves the operator's existing deposits into its operator shares.
    function _delegateToSelf(address operator) internal {
        delegatedTo[operator] = operator;
        emit StakerDelegated(operator, operator);
        (IStrategy[] memory strategies, uint256[] memory shares) =
            IStrategyManager(strategyManager).getDeposits(operator);
        for (uint256 i = 0; i < strategies.length; i++) {
            operatorShares[operator][strategies[i]] += shares[i];
            emit OperatorSharesIncreased(operator, operator, strategies[i], shares[i]);
        }
    }
}
