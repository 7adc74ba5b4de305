// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/// @notice Admins and appointees acting for an account (an operator or an AVS) on the core.
interface IPermissionController {
    error AdminAlreadyPending();
    error AdminAlreadySet();
    error AdminNotPending();
    error AdminNotSet();
    error AppointeeAlreadySet();
    error AppointeeNotSet();
    error CannotHaveZeroAdmins();
    error NotAdmin();

    event AppointeeSet(
        address indexed account, address indexed appointee, address target, bytes4 selector
    );
    event AppointeeRemoved(
        address indexed account, address indexed appointee, address target, bytes4 selector
    );
    event PendingAdminAdded(address indexed account, address admin);
    event PendingAdminRemoved(address indexed account, address admin);
    event AdminSet(address indexed account, address admin);
    event AdminRemoved(address indexed account, address admin);

    function addPendingAdmin(address account, address admin) external;
    function removePendingAdmin(address account, address admin) external;
    function acceptAdmin(address account) external;
    function removeAdmin(address account, address admin) external;
    function setAppointee(address account, address appointee, address target, bytes4 selector)
        external;
    function removeAppointee(address account, address appointee, address target, bytes4 selector)
        external;

    function isAdmin(address account, address caller) external view returns (bool);
    function isPendingAdmin(address account, address pendingAdmin) external view returns (bool);
    function getAdmins(address account) external view returns (address[] memory);
    function getPendingAdmins(address account) external view returns (address[] memory);
    function canCall(address account, address caller, address target, bytes4 selector)
        external
        view
        returns (bool);
    function getAppointeePermissions(address account, address appointee)
        external
        view
        returns (address[] memory targets, bytes4[] memory selectors);
    function getAppointees(address account, address target, bytes4 selector)
        external
        view
        returns (address[] memory);
    function version() external view returns (string memory);
}

/// @notice The error every core contract raises when PermissionController says no.
interface IPermissionControllerMixin {
    error InvalidPermissions();

    function permissionController() external view returns (IPermissionController);
}
