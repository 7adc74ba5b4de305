// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Ownable} from "./Ownable.sol";

/// @notice Bitmap pausing in the style of the EigenLayer core, simplified for the devnet: the
/// owner is both pauser and unpauser (there is no PauserRegistry).
abstract contract Pausable is Ownable {
    uint256 internal constant UNPAUSE_ALL = 0;
    uint256 internal constant PAUSE_ALL = type(uint256).max;

    uint256 private _paused;

    event Paused(address indexed account, uint256 newPausedStatus);
    event Unpaused(address indexed account, uint256 newPausedStatus);

    modifier onlyWhenNotPaused(uint8 index) {
        require(!paused(index), "Pausable: index is paused");
        _;
    }

    /// @notice Sets more flags; cannot clear any.
    function pause(uint256 newPausedStatus) external onlyOwner {
        require(
            (_paused & newPausedStatus) == _paused,
            "Pausable.pause: invalid attempt to unpause functionality"
        );
        _setPaused(newPausedStatus);
        emit Paused(msg.sender, newPausedStatus);
    }

    function pauseAll() external onlyOwner {
        _setPaused(PAUSE_ALL);
        emit Paused(msg.sender, PAUSE_ALL);
    }

    /// @notice Clears flags; cannot set any.
    function unpause(uint256 newPausedStatus) external onlyOwner {
        require(
            (~_paused & ~newPausedStatus) == ~_paused,
            "Pausable.unpause: invalid attempt to pause functionality"
        );
        _setPaused(newPausedStatus);
        emit Unpaused(msg.sender, newPausedStatus);
    }

    function paused() public view returns (uint256) {
        return _paused;
    }

    function paused(uint8 index) public view returns (bool) {
        return (_paused >> index) & 1 == 1;
    }

    function _setPaused(uint256 newPausedStatus) internal {
        _paused = newPausedStatus;
    }
}
