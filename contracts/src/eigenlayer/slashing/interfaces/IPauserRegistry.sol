// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/// @notice Who may pause (any pauser) and unpause (the single unpauser) the slashing-era core.
interface IPauserRegistry {
    error InputAddressZero();
    error OnlyUnpauser();

    event PauserStatusChanged(address pauser, bool canPause);
    event UnpauserChanged(address previousUnpauser, address newUnpauser);

    function isPauser(address pauser) external view returns (bool);
    function unpauser() external view returns (address);
    function setIsPauser(address newPauser, bool canPause) external;
    function setUnpauser(address newUnpauser) external;
}

/// @notice Bitmap pausing of the slashing-era core: bit i set means feature i is paused.
interface IPausable {
    error CurrentlyPaused();
    error InputAddressZero();
    error InvalidNewPausedStatus();
    error OnlyPauser();
    error OnlyUnpauser();

    event Paused(address indexed account, uint256 newPausedStatus);
    event Unpaused(address indexed account, uint256 newPausedStatus);

    function pauserRegistry() external view returns (IPauserRegistry);
    function pause(uint256 newPausedStatus) external;
    function pauseAll() external;
    function unpause(uint256 newPausedStatus) external;
    function paused() external view returns (uint256);
    function paused(uint8 index) external view returns (bool);
}
