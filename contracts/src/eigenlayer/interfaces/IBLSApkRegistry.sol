// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {BN254} from "../libraries/BN254.sol";

/// @notice BLS public keys of operators and the aggregate key (APK) history of every quorum.
interface IBLSApkRegistry {
    struct ApkUpdate {
        bytes24 apkHash;
        uint32 updateBlockNumber;
        uint32 nextUpdateBlockNumber;
    }

    struct PubkeyRegistrationParams {
        BN254.G1Point pubkeyRegistrationSignature;
        BN254.G1Point pubkeyG1;
        BN254.G2Point pubkeyG2;
    }

    event NewPubkeyRegistration(
        address indexed operator, BN254.G1Point pubkeyG1, BN254.G2Point pubkeyG2
    );
    event OperatorAddedToQuorums(address operator, bytes32 operatorId, bytes quorumNumbers);
    event OperatorRemovedFromQuorums(address operator, bytes32 operatorId, bytes quorumNumbers);

    // RegistryCoordinator-only hooks.
    function registerBLSPublicKey(
        address operator,
        PubkeyRegistrationParams calldata params,
        BN254.G1Point calldata pubkeyRegistrationMessageHash
    ) external returns (bytes32 operatorId);
    function registerOperator(address operator, bytes calldata quorumNumbers) external;
    function deregisterOperator(address operator, bytes calldata quorumNumbers) external;
    function initializeQuorum(uint8 quorumNumber) external;

    function registryCoordinator() external view returns (address);
    function operatorToPubkeyHash(address operator) external view returns (bytes32);
    function pubkeyHashToOperator(bytes32 pubkeyHash) external view returns (address);
    function operatorToPubkey(address operator) external view returns (uint256 X, uint256 Y);
    function currentApk(uint8 quorumNumber) external view returns (uint256 X, uint256 Y);
    function apkHistory(uint8 quorumNumber, uint256 index)
        external
        view
        returns (bytes24 apkHash, uint32 updateBlockNumber, uint32 nextUpdateBlockNumber);
    function getApk(uint8 quorumNumber) external view returns (BN254.G1Point memory);
    function getApkUpdateAtIndex(uint8 quorumNumber, uint256 index)
        external
        view
        returns (ApkUpdate memory);
    function getApkHistoryLength(uint8 quorumNumber) external view returns (uint32);
    function getApkIndicesAtBlockNumber(bytes calldata quorumNumbers, uint256 blockNumber)
        external
        view
        returns (uint32[] memory);
    function getApkHashAtBlockNumberAndIndex(uint8 quorumNumber, uint32 blockNumber, uint256 index)
        external
        view
        returns (bytes24);
    function getRegisteredPubkey(address operator)
        external
        view
        returns (BN254.G1Point memory, bytes32);
    function getOperatorFromPubkeyHash(bytes32 pubkeyHash) external view returns (address);
    function getOperatorId(address operator) external view returns (bytes32);
}
