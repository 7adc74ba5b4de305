// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IRegistryCoordinator} from "../interfaces/IRegistryCoordinator.sol";
import {ISocketRegistry} from "../interfaces/ISocketRegistry.sol";

/// @title SocketRegistry: operatorId → socket string, written only by the RegistryCoordinator.
contract SocketRegistry is ISocketRegistry {
    address public immutable registryCoordinator;

    mapping(bytes32 operatorId => string) public operatorIdToSocket;

    constructor(IRegistryCoordinator _registryCoordinator) {
        registryCoordinator = address(_registryCoordinator);
    }

    /// @inheritdoc ISocketRegistry
    function setOperatorSocket(bytes32 operatorId, string memory socket) external {
        require(
            msg.sender == registryCoordinator,
            "SocketRegistry.onlyRegistryCoordinator: caller is not the RegistryCoordinator"
        );
        operatorIdToSocket[operatorId] = socket;
    }

    function getOperatorSocket(bytes32 operatorId) external view returns (string memory) {
        return operatorIdToSocket[operatorId];
    }
}
