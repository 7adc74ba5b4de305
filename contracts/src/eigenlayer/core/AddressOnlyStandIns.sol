// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/// @notice Address-only stand-ins for core contracts incredible-squaring never calls on the
/// M2 path. They exist so the discovery getters (DelegationManager.slasher(), ServiceManager's
/// rewardsCoordinator, ...) return a deployed contract. They hold no logic on purpose.
contract EigenPodManager {
    string public constant STAND_IN = "EigenPodManager: address-only devnet stand-in";
}

contract Slasher {
    string public constant STAND_IN = "Slasher: address-only devnet stand-in";
}

contract RewardsCoordinator {
    string public constant STAND_IN = "RewardsCoordinator: address-only devnet stand-in";
}
