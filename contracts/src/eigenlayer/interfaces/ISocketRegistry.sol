// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/// @notice Operator socket strings (no events; RegistryCoordinator emits OperatorSocketUpdate).
interface ISocketRegistry {
    function setOperatorSocket(bytes32 operatorId, string memory socket) external;
    function getOperatorSocket(bytes32 operatorId) external view returns (string memory);
    function operatorIdToSocket(bytes32 operatorId) external view returns (string memory);
    function registryCoordinator() external view returns (address);
}
