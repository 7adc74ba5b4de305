// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IAVSDirectory} from "../../interfaces/IAVSDirectory.sol";
import {IERC20} from "../../interfaces/IERC20.sol";
import {ISignatureUtils} from "../../interfaces/ISignatureUtils.sol";
import {BitmapUtils} from "../../libraries/BitmapUtils.sol";
import {Ownable} from "../../libraries/Ownable.sol";
import {IAllocationManager, IAllocationManagerTypes} from "../interfaces/IAllocationManager.sol";
import {IPermissionController} from "../interfaces/IPermissionController.sol";
import {IRewardsCoordinator} from "../interfaces/IRewardsCoordinator.sol";
import {ISlashingRegistryCoordinator} from "./ISlashingRegistryCoordinator.sol";
import {ISlashingServiceManager} from "./ISlashingServiceManager.sol";
import {ISlashingStakeRegistry} from "./ISlashingStakeRegistry.sol";

/// @title ServiceManagerBase (middleware v2): the AVS's address in the slashing-era core.
/// @notice Only this contract can act for the AVS until it appoints others, so the owner
/// appoints (here) the deployer for `updateAVSMetadataURI` / `setAVSRegistrar` and the registry
/// coordinator for `createOperatorSets` / `deregisterFromOperatorSets` on AllocationManager.
/// Concrete (upstream's is abstract) so that it can be deployed and inspected as is; no proxy:
/// `initialize` is a one-shot call by the deployer.
contract ServiceManagerBase is ISlashingServiceManager, Ownable {
    IAVSDirectory internal immutable _avsDirectory;
    IRewardsCoordinator internal immutable _rewardsCoordinator;
    ISlashingRegistryCoordinator internal immutable _registryCoordinator;
    ISlashingStakeRegistry internal immutable _stakeRegistry;
    IPermissionController public immutable permissionController;
    IAllocationManager public immutable allocationManager;
    address private immutable _deployer;

    bool private _initialized;
    address public rewardsInitiator;

    constructor(
        IAVSDirectory __avsDirectory,
        IRewardsCoordinator __rewardsCoordinator,
        ISlashingRegistryCoordinator __registryCoordinator,
        ISlashingStakeRegistry __stakeRegistry,
        IPermissionController _permissionController,
        IAllocationManager _allocationManager
    ) {
        _avsDirectory = __avsDirectory;
        _rewardsCoordinator = __rewardsCoordinator;
        _registryCoordinator = __registryCoordinator;
        _stakeRegistry = __stakeRegistry;
        permissionController = _permissionController;
        allocationManager = _allocationManager;
        _deployer = msg.sender;
    }

    modifier onlyRegistryCoordinator() {
        if (msg.sender != address(_registryCoordinator)) revert OnlyRegistryCoordinator();
        _;
    }

    modifier onlyRewardsInitiator() {
        if (msg.sender != rewardsInitiator) revert OnlyRewardsInitiator();
        _;
    }

    /// @inheritdoc ISlashingServiceManager
    function initialize(address initialOwner, address _rewardsInitiator) public virtual {
        if (msg.sender != _deployer) revert OnlyDeployer();
        if (_initialized) revert AlreadyInitialized();
        _initialized = true;
        _transferOwnership(initialOwner);
        _setRewardsInitiator(_rewardsInitiator);
    }

    // ------------------------------------------------------------------ PermissionController

    function addPendingAdmin(address admin) external onlyOwner {
        permissionController.addPendingAdmin(address(this), admin);
    }

    function removePendingAdmin(address pendingAdmin) external onlyOwner {
        permissionController.removePendingAdmin(address(this), pendingAdmin);
    }

    function removeAdmin(address admin) external onlyOwner {
        permissionController.removeAdmin(address(this), admin);
    }

    function setAppointee(address appointee, address target, bytes4 selector) external onlyOwner {
        permissionController.setAppointee(address(this), appointee, target, selector);
    }

    function removeAppointee(address appointee, address target, bytes4 selector)
        external
        onlyOwner
    {
        permissionController.removeAppointee(address(this), appointee, target, selector);
    }

    // ------------------------------------------------------------------ AVSDirectory (M2)

    function registerOperatorToAVS(
        address operator,
        ISignatureUtils.SignatureWithSaltAndExpiry memory operatorSignature
    ) public virtual onlyRegistryCoordinator {
        _avsDirectory.registerOperatorToAVS(operator, operatorSignature);
    }

    function deregisterOperatorFromAVS(address operator) public virtual onlyRegistryCoordinator {
        _avsDirectory.deregisterOperatorFromAVS(operator);
    }

    function updateAVSMetadataURI(string memory metadataURI) public virtual onlyOwner {
        _avsDirectory.updateAVSMetadataURI(metadataURI);
    }

    // ------------------------------------------------------------------ AllocationManager

    function deregisterOperatorFromOperatorSets(address operator, uint32[] memory operatorSetIds)
        public
        virtual
        onlyRegistryCoordinator
    {
        allocationManager.deregisterFromOperatorSets(
            IAllocationManagerTypes.DeregisterParams({
                operator: operator, avs: address(this), operatorSetIds: operatorSetIds
            })
        );
    }

    // ------------------------------------------------------------------ rewards

    /// @notice Pulls each submission's tokens from the rewards initiator and submits them for
    /// this AVS.
    function createAVSRewardsSubmission(RewardsSubmission[] calldata rewardsSubmissions)
        public
        virtual
        onlyRewardsInitiator
    {
        for (uint256 i = 0; i < rewardsSubmissions.length; i++) {
            _pullAndApprove(rewardsSubmissions[i].token, rewardsSubmissions[i].amount);
        }
        _rewardsCoordinator.createAVSRewardsSubmission(rewardsSubmissions);
    }

    /// @notice Same for operator-directed submissions (the amount is Σ operator rewards).
    function createOperatorDirectedAVSRewardsSubmission(OperatorDirectedRewardsSubmission[] calldata operatorDirectedRewardsSubmissions)
        public
        virtual
        onlyRewardsInitiator
    {
        for (uint256 i = 0; i < operatorDirectedRewardsSubmissions.length; i++) {
            uint256 total;
            OperatorReward[] calldata rewards =
            operatorDirectedRewardsSubmissions[i].operatorRewards;
            for (uint256 j = 0; j < rewards.length; j++) {
                total += rewards[j].amount;
            }
            _pullAndApprove(operatorDirectedRewardsSubmissions[i].token, total);
        }
        _rewardsCoordinator.createOperatorDirectedAVSRewardsSubmission(
            address(this), operatorDirectedRewardsSubmissions
        );
    }

    function setClaimerFor(address claimer) public virtual onlyOwner {
        _rewardsCoordinator.setClaimerFor(claimer);
    }

    function setRewardsInitiator(address newRewardsInitiator) external onlyOwner {
        _setRewardsInitiator(newRewardsInitiator);
    }

    // ------------------------------------------------------------------ views

    function avsDirectory() external view returns (address) {
        return address(_avsDirectory);
    }

    function rewardsCoordinator() external view returns (address) {
        return address(_rewardsCoordinator);
    }

    function registryCoordinator() external view returns (address) {
        return address(_registryCoordinator);
    }

    function stakeRegistry() external view returns (address) {
        return address(_stakeRegistry);
    }

    /// @notice Every strategy of every quorum (duplicates possible across quorums).
    function getRestakeableStrategies() external view returns (address[] memory) {
        return _strategiesOfQuorums((uint256(1) << _registryCoordinator.quorumCount()) - 1);
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

    // ------------------------------------------------------------------ internals

    function _pullAndApprove(IERC20 token, uint256 amount) internal {
        require(
            token.transferFrom(msg.sender, address(this), amount),
            "ServiceManagerBase: token transfer failed"
        );
        require(
            // Several submissions may share a token: raise the allowance by each amount.
            token.approve(
                address(_rewardsCoordinator),
                token.allowance(address(this), address(_rewardsCoordinator)) + amount
            ),
            "ServiceManagerBase: token approval failed"
        );
    }

    function _setRewardsInitiator(address newRewardsInitiator) internal {
        emit RewardsInitiatorUpdated(rewardsInitiator, newRewardsInitiator);
        rewardsInitiator = newRewardsInitiator;
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
