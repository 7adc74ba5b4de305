// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IServiceManager} from "../interfaces/IServiceManager.sol";
import {IAVSDirectory} from "../interfaces/IAVSDirectory.sol";
import {IRegistryCoordinator} from "../interfaces/IRegistryCoordinator.sol";
import {IStakeRegistry} from "../interfaces/IStakeRegistry.sol";
import {ISignatureUtils} from "../interfaces/ISignatureUtils.sol";
import {BitmapUtils} from "../libraries/BitmapUtils.sol";
import {Ownable} from "../libraries/Ownable.sol";

/// @title ServiceManagerBase: the AVS's address in the EigenLayer core. The RegistryCoordinator
/// calls it on an operator's first/last quorum and it forwards to the AVSDirectory, so this
/// contract is `msg.sender` (the "avs") there. Rewards submission is not part of this devnet.
abstract contract ServiceManagerBase is IServiceManager, Ownable {
    IAVSDirectory internal immutable _avsDirectory;
    address internal immutable _rewardsCoordinator;
    IRegistryCoordinator internal immutable _registryCoordinator;
    IStakeRegistry internal immutable _stakeRegistry;

    address public rewardsInitiator;

    constructor(
        IAVSDirectory __avsDirectory,
        address __rewardsCoordinator,
        IRegistryCoordinator __registryCoordinator,
        IStakeRegistry __stakeRegistry
    ) {
        _avsDirectory = __avsDirectory;
        _rewardsCoordinator = __rewardsCoordinator;
        _registryCoordinator = __registryCoordinator;
        _stakeRegistry = __stakeRegistry;
    }

    modifier onlyRegistryCoordinator() {
        require(
            msg.sender == address(_registryCoordinator),
            "ServiceManagerBase.onlyRegistryCoordinator: caller is not the registry coordinator"
        );
        _;
    }

    /// @inheritdoc IServiceManager
    function registerOperatorToAVS(
        address operator,
        ISignatureUtils.SignatureWithSaltAndExpiry memory operatorSignature
    ) public virtual onlyRegistryCoordinator {
        _avsDirectory.registerOperatorToAVS(operator, operatorSignature);
    }

    /// @inheritdoc IServiceManager
    function deregisterOperatorFromAVS(address operator) public virtual onlyRegistryCoordinator {
        _avsDirectory.deregisterOperatorFromAVS(operator);
    }

    /// @inheritdoc IServiceManager
    function updateAVSMetadataURI(string memory metadataURI) public virtual onlyOwner {
        _avsDirectory.updateAVSMetadataURI(metadataURI);
    }

    function setRewardsInitiator(address newRewardsInitiator) external onlyOwner {
        emit RewardsInitiatorUpdated(rewardsInitiator, newRewardsInitiator);
        rewardsInitiator = newRewardsInitiator;
    }

    function avsDirectory() external view returns (address) {
        return address(_avsDirectory);
    }

    function rewardsCoordinator() external view returns (address) {
        return _rewardsCoordinator;
    }

    /// @notice Every strategy of every quorum (duplicates possible across quorums).
    function getRestakeableStrategies() external view returns (address[] memory) {
        return _strategiesOfQuorums(_allQuorumsBitmap());
    }

    /// @notice Strategies of the quorums the operator is currently registered in.
    function getOperatorRestakedStrategies(address operator)
        external
        view
        returns (address[] memory)
    {
        bytes32 operatorId = _registryCoordinator.getOperatorId(operator);
        return _strategiesOfQuorums(_registryCoordinator.getCurrentQuorumBitmap(operatorId));
    }

    function _allQuorumsBitmap() internal view returns (uint256) {
        return (uint256(1) << _registryCoordinator.quorumCount()) - 1;
    }

    function _strategiesOfQuorums(uint256 bitmap) internal view returns (address[] memory list) {
        bytes memory quorums = BitmapUtils.bitmapToBytesArray(bitmap);
        uint256 total;
        for (uint256 i = 0; i < quorums.length; i++) {
            total += _stakeRegistry.strategyParamsLength(uint8(quorums[i]));
        }
        list = new address[](total);
        uint256 k;
        for (uint256 i = 0; i < quorums.length; i++) {
            uint8 q = uint8(quorums[i]);
            uint256 len = _stakeRegistry.strategyParamsLength(q);
            for (uint256 j = 0; j < len; j++) {
                list[k++] = address(_stakeRegistry.strategyParamsByIndex(q, j).strategy);
            }
        }
    }
}
