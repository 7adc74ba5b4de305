// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/// @notice The contract an AVS names in AllocationManager.setAVSRegistrar; AllocationManager
/// calls it on every operator-set registration and deregistration (a revert undoes the change).
interface IAVSRegistrar {
    function registerOperator(
        address operator,
        address avs,
        uint32[] calldata operatorSetIds,
        bytes calldata data
    ) external;

    function deregisterOperator(address operator, address avs, uint32[] calldata operatorSetIds)
        external;

    function supportsAVS(address avs) external view returns (bool);
}
