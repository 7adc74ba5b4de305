// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IPermissionController} from "../interfaces/IPermissionController.sol";
import {EnumerableSets} from "./EnumerableSets.sol";

/// @title PermissionController: who may act for an account (operator or AVS) on the core.
/// @notice An account without admins is its own admin. Once it has admins (added as pending,
/// then accepted), only they are. Admins appoint addresses per (target contract, selector).
contract PermissionController is IPermissionController {
    using EnumerableSets for EnumerableSets.AddressSet;
    using EnumerableSets for EnumerableSets.Bytes32Set;

    struct AccountPermissions {
        EnumerableSets.AddressSet admins;
        EnumerableSets.AddressSet pendingAdmins;
        /// appointee => packed (target, selector) pairs it holds
        mapping(address appointee => EnumerableSets.Bytes32Set) appointeePermissions;
        /// packed (target, selector) => appointees holding it
        mapping(bytes32 permission => EnumerableSets.AddressSet) permissionAppointees;
    }

    string public version;

    mapping(address account => AccountPermissions) private _permissions;

    constructor(string memory _version) {
        version = _version;
    }

    modifier onlyAdmin(address account) {
        if (!isAdmin(account, msg.sender)) revert NotAdmin();
        _;
    }

    function addPendingAdmin(address account, address admin) external onlyAdmin(account) {
        AccountPermissions storage p = _permissions[account];
        if (p.admins.contains(admin)) revert AdminAlreadySet();
        if (!p.pendingAdmins.add(admin)) revert AdminAlreadyPending();
        emit PendingAdminAdded(account, admin);
    }

    function removePendingAdmin(address account, address admin) external onlyAdmin(account) {
        if (!_permissions[account].pendingAdmins.remove(admin)) revert AdminNotPending();
        emit PendingAdminRemoved(account, admin);
    }

    function acceptAdmin(address account) external {
        AccountPermissions storage p = _permissions[account];
        if (!p.pendingAdmins.remove(msg.sender)) revert AdminNotPending();
        p.admins.add(msg.sender);
        emit AdminSet(account, msg.sender);
    }

    function removeAdmin(address account, address admin) external onlyAdmin(account) {
        AccountPermissions storage p = _permissions[account];
        if (p.admins.length() <= 1) revert CannotHaveZeroAdmins();
        if (!p.admins.remove(admin)) revert AdminNotSet();
        emit AdminRemoved(account, admin);
    }

    function setAppointee(address account, address appointee, address target, bytes4 selector)
        external
        onlyAdmin(account)
    {
        AccountPermissions storage p = _permissions[account];
        bytes32 permission = _pack(target, selector);
        if (!p.appointeePermissions[appointee].add(permission)) revert AppointeeAlreadySet();
        p.permissionAppointees[permission].add(appointee);
        emit AppointeeSet(account, appointee, target, selector);
    }

    function removeAppointee(address account, address appointee, address target, bytes4 selector)
        external
        onlyAdmin(account)
    {
        AccountPermissions storage p = _permissions[account];
        bytes32 permission = _pack(target, selector);
        if (!p.appointeePermissions[appointee].remove(permission)) revert AppointeeNotSet();
        p.permissionAppointees[permission].remove(appointee);
        emit AppointeeRemoved(account, appointee, target, selector);
    }

    function isAdmin(address account, address caller) public view returns (bool) {
        EnumerableSets.AddressSet storage admins = _permissions[account].admins;
        return admins.length() == 0 ? caller == account : admins.contains(caller);
    }

    function isPendingAdmin(address account, address pendingAdmin) external view returns (bool) {
        return _permissions[account].pendingAdmins.contains(pendingAdmin);
    }

    function getAdmins(address account) external view returns (address[] memory admins) {
        EnumerableSets.AddressSet storage set = _permissions[account].admins;
        if (set.length() == 0) {
            admins = new address[](1);
            admins[0] = account;
        } else {
            admins = set.values();
        }
    }

    function getPendingAdmins(address account) external view returns (address[] memory) {
        return _permissions[account].pendingAdmins.values();
    }

    function canCall(address account, address caller, address target, bytes4 selector)
        external
        view
        returns (bool)
    {
        return isAdmin(account, caller)
            || _permissions[account].appointeePermissions[caller].contains(_pack(target, selector));
    }

    function getAppointeePermissions(address account, address appointee)
        external
        view
        returns (address[] memory targets, bytes4[] memory selectors)
    {
        EnumerableSets.Bytes32Set storage set =
            _permissions[account].appointeePermissions[appointee];
        uint256 n = set.length();
        targets = new address[](n);
        selectors = new bytes4[](n);
        for (uint256 i = 0; i < n; i++) {
            (targets[i], selectors[i]) = _unpack(set.valueAt(i));
        }
    }

    function getAppointees(address account, address target, bytes4 selector)
        external
        view
        returns (address[] memory)
    {
        return _permissions[account].permissionAppointees[_pack(target, selector)].values();
    }

    /// @dev target in the top 20 bytes, selector in the next 4.
    function _pack(address target, bytes4 selector) internal pure returns (bytes32) {
        return bytes32(bytes20(target)) | (bytes32(selector) >> 160);
    }

    function _unpack(bytes32 packed) internal pure returns (address target, bytes4 selector) {
        target = address(bytes20(packed));
        selector = bytes4(packed << 160);
    }
}
