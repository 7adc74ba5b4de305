// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IPausable, IPauserRegistry} from "../interfaces/IPauserRegistry.sol";

/// @notice Bitmap pausing governed by a PauserRegistry, with the custom errors of the v1 core:
/// any pauser may set bits, only the unpauser may clear them.
abstract contract PausableV1 is IPausable {
    uint256 internal constant UNPAUSE_ALL = 0;
    uint256 internal constant PAUSE_ALL = type(uint256).max;

    IPauserRegistry public immutable pauserRegistry;

    uint256 private _paused;

    constructor(IPauserRegistry _pauserRegistry) {
        if (address(_pauserRegistry) == address(0)) revert InputAddressZero();
        pauserRegistry = _pauserRegistry;
    }

    modifier onlyPauser() {
        if (!pauserRegistry.isPauser(msg.sender)) revert OnlyPauser();
        _;
    }

    modifier onlyUnpauser() {
        if (msg.sender != pauserRegistry.unpauser()) revert OnlyUnpauser();
        _;
    }

    modifier onlyWhenNotPaused(uint8 index) {
        _requireNotPaused(index);
        _;
    }

    function _requireNotPaused(uint8 index) internal view {
        if (paused(index)) revert CurrentlyPaused();
    }

    /// @notice Sets more bits; cannot clear any.
    function pause(uint256 newPausedStatus) external onlyPauser {
        if ((_paused & newPausedStatus) != _paused) revert InvalidNewPausedStatus();
        _paused = newPausedStatus;
        emit Paused(msg.sender, newPausedStatus);
    }

    function pauseAll() external onlyPauser {
        _paused = PAUSE_ALL;
        emit Paused(msg.sender, PAUSE_ALL);
    }

    /// @notice Clears bits; cannot set any.
    function unpause(uint256 newPausedStatus) external onlyUnpauser {
        if ((~_paused & ~newPausedStatus) != ~_paused) revert InvalidNewPausedStatus();
        _paused = newPausedStatus;
        emit Unpaused(msg.sender, newPausedStatus);
    }

    function paused() public view returns (uint256) {
        return _paused;
    }

    function paused(uint8 index) public view returns (bool) {
        return (_paused >> index) & 1 == 1;
    }

    /// @dev For initializers: the starting bitmap, without the pauser check.
    function _setPausedStatus(uint256 newPausedStatus) internal {
        _paused = newPausedStatus;
        emit Paused(msg.sender, newPausedStatus);
    }
}
