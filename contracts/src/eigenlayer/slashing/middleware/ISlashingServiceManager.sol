// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {ISignatureUtils} from "../../interfaces/ISignatureUtils.sol";
import {IRewardsCoordinatorTypes} from "../interfaces/IRewardsCoordinator.sol";

/// @notice The AVS's own contract in the slashing era (it is the `avs` account in the core):
/// forwards to PermissionController, AVSDirectory (M2 quorums), AllocationManager and
/// RewardsCoordinator.
interface ISlashingServiceManager is IRewardsCoordinatorTypes {
    error OnlyRegistryCoordinator();
    error OnlyRewardsInitiator();
    error OnlyDeployer();
    error AlreadyInitialized();

    event RewardsInitiatorUpdated(address prevRewardsInitiator, address newRewardsInitiator);

    function initialize(address initialOwner, address rewardsInitiator) external;

    // PermissionController, with account = this contract (owner only).
    function addPendingAdmin(address admin) external;
    function removePendingAdmin(address pendingAdmin) external;
    function removeAdmin(address admin) external;
    function setAppointee(address appointee, address target, bytes4 selector) external;
    function removeAppointee(address appointee, address target, bytes4 selector) external;

    // AVSDirectory (M2 quorums; registry coordinator only, metadata owner only).
    function registerOperatorToAVS(
        address operator,
        ISignatureUtils.SignatureWithSaltAndExpiry memory operatorSignature
    ) external;
    function deregisterOperatorFromAVS(address operator) external;
    function updateAVSMetadataURI(string memory metadataURI) external;

    // AllocationManager (registry coordinator only).
    function deregisterOperatorFromOperatorSets(address operator, uint32[] memory operatorSetIds)
        external;

    // RewardsCoordinator (rewards initiator only, except setRewardsInitiator: owner).
    function createAVSRewardsSubmission(RewardsSubmission[] calldata rewardsSubmissions) external;
    function createOperatorDirectedAVSRewardsSubmission(OperatorDirectedRewardsSubmission[] calldata operatorDirectedRewardsSubmissions)
        external;
    function setClaimerFor(address claimer) external;
    function setRewardsInitiator(address newRewardsInitiator) external;

    function avsDirectory() external view returns (address);
    function rewardsInitiator() external view returns (address);
    function getRestakeableStrategies() external view returns (address[] memory);
    function getOperatorRestakedStrategies(address operator)
        external
        view
        returns (address[] memory);
}
