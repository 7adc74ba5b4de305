// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {ISignatureUtils} from "./ISignatureUtils.sol";

/// @notice The AVS's entry point towards the EigenLayer core (it is the "avs" in AVSDirectory).
interface IServiceManager {
    event RewardsInitiatorUpdated(address prevRewardsInitiator, address newRewardsInitiator);

    /// @dev RegistryCoordinator only; forwards to AVSDirectory.
    function registerOperatorToAVS(
        address operator,
        ISignatureUtils.SignatureWithSaltAndExpiry memory operatorSignature
    ) external;
    /// @dev RegistryCoordinator only; forwards to AVSDirectory.
    function deregisterOperatorFromAVS(address operator) external;
    function updateAVSMetadataURI(string memory metadataURI) external;

    function avsDirectory() external view returns (address);
    function getRestakeableStrategies() external view returns (address[] memory);
    function getOperatorRestakedStrategies(address operator)
        external
        view
        returns (address[] memory);
}
