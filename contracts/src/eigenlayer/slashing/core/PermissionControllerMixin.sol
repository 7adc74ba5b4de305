// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {
    IPermissionController,
    IPermissionControllerMixin
} from "../interfaces/IPermissionController.sol";

/// @notice "May msg.sender act for `account` on this function?" via PermissionController.
abstract contract PermissionControllerMixin is IPermissionControllerMixin {
    IPermissionController public immutable permissionController;

    constructor(IPermissionController _permissionController) {
        permissionController = _permissionController;
    }

    modifier checkCanCall(address account) {
        _requireCanCall(account);
        _;
    }

    /// @dev One copy of the check for every modifier use (keeps the bytecode small).
    function _requireCanCall(address account) internal view {
        if (!_checkCanCall(account)) revert InvalidPermissions();
    }

    function _checkCanCall(address account) internal view returns (bool) {
        return permissionController.canCall(account, msg.sender, address(this), msg.sig);
    }
}
