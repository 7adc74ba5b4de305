// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {ISignatureUtils} from "./ISignatureUtils.sol";

/// @notice M2 operator <-> AVS registration ledger.
interface IAVSDirectory is ISignatureUtils {
    enum OperatorAVSRegistrationStatus {
        UNREGISTERED,
        REGISTERED
    }

    event OperatorAVSRegistrationStatusUpdated(
        address indexed operator, address indexed avs, OperatorAVSRegistrationStatus status
    );
    event AVSMetadataURIUpdated(address indexed avs, string metadataURI);

    /// @dev msg.sender is the AVS (its ServiceManager).
    function registerOperatorToAVS(
        address operator,
        SignatureWithSaltAndExpiry memory operatorSignature
    ) external;
    function deregisterOperatorFromAVS(address operator) external;
    function updateAVSMetadataURI(string calldata metadataURI) external;
    function cancelSalt(bytes32 salt) external;

    function calculateOperatorAVSRegistrationDigestHash(
        address operator,
        address avs,
        bytes32 salt,
        uint256 expiry
    ) external view returns (bytes32);
    function avsOperatorStatus(address avs, address operator)
        external
        view
        returns (OperatorAVSRegistrationStatus);
    function operatorSaltIsSpent(address operator, bytes32 salt) external view returns (bool);
    function domainSeparator() external view returns (bytes32);
    function OPERATOR_AVS_REGISTRATION_TYPEHASH() external view returns (bytes32);
    function DOMAIN_TYPEHASH() external view returns (bytes32);
}
