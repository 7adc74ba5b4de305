// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IPauserRegistry} from "../interfaces/IPauserRegistry.sol";

/// @title PauserRegistry: the pausers and the one unpauser of the slashing-era core.
contract PauserRegistry is IPauserRegistry {
    mapping(address pauser => bool) public isPauser;
    address public unpauser;

    constructor(address[] memory pausers, address initialUnpauser) {
        for (uint256 i = 0; i < pausers.length; i++) {
            _setIsPauser(pausers[i], true);
        }
        _setUnpauser(initialUnpauser);
    }

    modifier onlyUnpauser() {
        if (msg.sender != unpauser) revert OnlyUnpauser();
        _;
    }

    function setIsPauser(address newPauser, bool canPause) external onlyUnpauser {
        _setIsPauser(newPauser, canPause);
    }

    function setUnpauser(address newUnpauser) external onlyUnpauser {
        _setUnpauser(newUnpauser);
    }

    function _setIsPauser(address pauser, bool canPause) internal {
        if (pauser == address(0)) revert InputAddressZero();
        isPauser[pauser] = canPause;
        emit PauserStatusChanged(pauser, canPause);
    }

    function _setUnpauser(address newUnpauser) internal {
        if (newUnpauser == address(0)) revert InputAddressZero();
        emit UnpauserChanged(unpauser, newUnpauser);
        unpauser = newUnpauser;
    }
}
