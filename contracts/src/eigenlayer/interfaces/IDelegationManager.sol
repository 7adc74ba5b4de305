// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IStrategy} from "./IStrategy.sol";
import {ISignatureUtils} from "./ISignatureUtils.sol";

/// @notice Operator registration and delegated-share accounting (M2 core surface).
interface IDelegationManager is ISignatureUtils {
    struct OperatorDetails {
        // The name is part of the ABI (named encoders such as viem use it).
        address __deprecated_earningsReceiver;
        address delegationApprover;
        uint32 stakerOptOutWindowBlocks;
    }

    event OperatorRegistered(address indexed operator, OperatorDetails operatorDetails);
    event OperatorDetailsModified(address indexed operator, OperatorDetails newOperatorDetails);
    event OperatorMetadataURIUpdated(address indexed operator, string metadataURI);
    event OperatorSharesIncreased(
        address indexed operator, address staker, IStrategy strategy, uint256 shares
    );
    event OperatorSharesDecreased(
        address indexed operator, address staker, IStrategy strategy, uint256 shares
    );
    event StakerDelegated(address indexed staker, address indexed operator);
    event MinWithdrawalDelayBlocksSet(uint256 previousValue, uint256 newValue);

    function registerAsOperator(
        OperatorDetails calldata registeringOperatorDetails,
        string calldata metadataURI
    ) external;
    function modifyOperatorDetails(OperatorDetails calldata newOperatorDetails) external;
    function updateOperatorMetadataURI(string calldata metadataURI) external;

    /// @dev Callbacks from StrategyManager only.
    function increaseDelegatedShares(address staker, IStrategy strategy, uint256 shares) external;
    function decreaseDelegatedShares(address staker, IStrategy strategy, uint256 shares) external;

    function isOperator(address operator) external view returns (bool);
    function isDelegated(address staker) external view returns (bool);
    function delegatedTo(address staker) external view returns (address);
    function operatorDetails(address operator) external view returns (OperatorDetails memory);
    function delegationApprover(address operator) external view returns (address);
    function stakerOptOutWindowBlocks(address operator) external view returns (uint256);
    function operatorShares(address operator, IStrategy strategy) external view returns (uint256);
    function getOperatorShares(address operator, IStrategy[] memory strategies)
        external
        view
        returns (uint256[] memory);
    function minWithdrawalDelayBlocks() external view returns (uint256);
    function strategyManager() external view returns (address);
    function slasher() external view returns (address);
    function eigenPodManager() external view returns (address);
    function beaconChainETHStrategy() external view returns (IStrategy);
    function domainSeparator() external view returns (bytes32);
}
