// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IRegistryCoordinator} from "../interfaces/IRegistryCoordinator.sol";
import {IBLSApkRegistry} from "../interfaces/IBLSApkRegistry.sol";
import {BN254} from "../libraries/BN254.sol";

/// @title BLSApkRegistry: operator BLS keys (with proof of possession) and per-quorum APK history.
contract BLSApkRegistry is IBLSApkRegistry {
    using BN254 for BN254.G1Point;

    /// @notice keccak256 of 64 zero bytes: the hash of the identity point, never a valid key.
    bytes32 internal constant ZERO_PK_HASH =
        0xad3228b676f7d3cd4284a5443f17f1962b36e491b30a40b2405849e597ba5fb5;

    address public immutable registryCoordinator;

    mapping(address operator => bytes32) public operatorToPubkeyHash;
    mapping(bytes32 pubkeyHash => address) public pubkeyHashToOperator;
    mapping(address operator => BN254.G1Point) public operatorToPubkey;
    mapping(uint8 quorumNumber => ApkUpdate[]) public apkHistory;
    mapping(uint8 quorumNumber => BN254.G1Point) public currentApk;

    constructor(IRegistryCoordinator _registryCoordinator) {
        registryCoordinator = address(_registryCoordinator);
    }

    modifier onlyRegistryCoordinator() {
        require(
            msg.sender == registryCoordinator,
            "BLSApkRegistry.onlyRegistryCoordinator: caller is not the registry coordinator"
        );
        _;
    }

    /// @inheritdoc IBLSApkRegistry
    function registerBLSPublicKey(
        address operator,
        PubkeyRegistrationParams calldata params,
        BN254.G1Point calldata pubkeyRegistrationMessageHash
    ) external onlyRegistryCoordinator returns (bytes32 operatorId) {
        bytes32 pubkeyHash = BN254.hashG1Point(params.pubkeyG1);
        require(
            pubkeyHash != ZERO_PK_HASH,
            "BLSApkRegistry.registerBLSPublicKey: cannot register zero pubkey"
        );
        require(
            operatorToPubkeyHash[operator] == bytes32(0),
            "BLSApkRegistry.registerBLSPublicKey: operator already registered pubkey"
        );
        require(
            pubkeyHashToOperator[pubkeyHash] == address(0),
            "BLSApkRegistry.registerBLSPublicKey: public key already registered"
        );
        require(
            _proofOfPossessionHolds(params, pubkeyRegistrationMessageHash),
            "BLSApkRegistry.registerBLSPublicKey: either the G1 signature is wrong, or G1 and G2 private key do not match"
        );
        operatorToPubkey[operator] = params.pubkeyG1;
        operatorToPubkeyHash[operator] = pubkeyHash;
        pubkeyHashToOperator[pubkeyHash] = operator;
        emit NewPubkeyRegistration(operator, params.pubkeyG1, params.pubkeyG2);
        return pubkeyHash;
    }

    /// @inheritdoc IBLSApkRegistry
    function registerOperator(address operator, bytes calldata quorumNumbers)
        external
        onlyRegistryCoordinator
    {
        (BN254.G1Point memory pubkey, bytes32 pubkeyHash) = getRegisteredPubkey(operator);
        _processQuorumApkUpdate(quorumNumbers, pubkey);
        emit OperatorAddedToQuorums(operator, pubkeyHash, quorumNumbers);
    }

    /// @inheritdoc IBLSApkRegistry
    function deregisterOperator(address operator, bytes calldata quorumNumbers)
        external
        onlyRegistryCoordinator
    {
        (BN254.G1Point memory pubkey, bytes32 pubkeyHash) = getRegisteredPubkey(operator);
        _processQuorumApkUpdate(quorumNumbers, pubkey.negate());
        emit OperatorRemovedFromQuorums(operator, pubkeyHash, quorumNumbers);
    }

    /// @inheritdoc IBLSApkRegistry
    function initializeQuorum(uint8 quorumNumber) external onlyRegistryCoordinator {
        require(
            apkHistory[quorumNumber].length == 0,
            "BLSApkRegistry.initializeQuorum: quorum already exists"
        );
        apkHistory[quorumNumber].push(
            ApkUpdate({
                apkHash: bytes24(0),
                updateBlockNumber: uint32(block.number),
                nextUpdateBlockNumber: 0
            })
        );
    }

    // ------------------------------------------------------------------ views

    function getRegisteredPubkey(address operator)
        public
        view
        returns (BN254.G1Point memory, bytes32)
    {
        bytes32 pubkeyHash = operatorToPubkeyHash[operator];
        require(
            pubkeyHash != bytes32(0),
            "BLSApkRegistry.getRegisteredPubkey: operator is not registered"
        );
        return (operatorToPubkey[operator], pubkeyHash);
    }

    function getApk(uint8 quorumNumber) external view returns (BN254.G1Point memory) {
        return currentApk[quorumNumber];
    }

    function getApkUpdateAtIndex(uint8 quorumNumber, uint256 index)
        external
        view
        returns (ApkUpdate memory)
    {
        return apkHistory[quorumNumber][index];
    }

    function getApkHistoryLength(uint8 quorumNumber) external view returns (uint32) {
        return uint32(apkHistory[quorumNumber].length);
    }

    /// @inheritdoc IBLSApkRegistry
    function getApkIndicesAtBlockNumber(bytes calldata quorumNumbers, uint256 blockNumber)
        external
        view
        returns (uint32[] memory indices)
    {
        indices = new uint32[](quorumNumbers.length);
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            ApkUpdate[] storage history = apkHistory[uint8(quorumNumbers[i])];
            uint256 len = history.length;
            require(
                len != 0 && blockNumber >= history[0].updateBlockNumber,
                "BLSApkRegistry.getApkIndicesAtBlockNumber: blockNumber is before the first update"
            );
            // Newest record at or before blockNumber; history[0] qualifies, so this terminates.
            uint256 j = len - 1;
            while (history[j].updateBlockNumber > blockNumber) j--;
            indices[i] = uint32(j);
        }
    }

    /// @inheritdoc IBLSApkRegistry
    function getApkHashAtBlockNumberAndIndex(uint8 quorumNumber, uint32 blockNumber, uint256 index)
        external
        view
        returns (bytes24)
    {
        ApkUpdate memory update = apkHistory[quorumNumber][index];
        require(
            blockNumber >= update.updateBlockNumber,
            "BLSApkRegistry._validateApkHashAtBlockNumber: index too recent"
        );
        require(
            update.nextUpdateBlockNumber == 0 || blockNumber < update.nextUpdateBlockNumber,
            "BLSApkRegistry._validateApkHashAtBlockNumber: not latest apk update"
        );
        return update.apkHash;
    }

    function getOperatorFromPubkeyHash(bytes32 pubkeyHash) external view returns (address) {
        return pubkeyHashToOperator[pubkeyHash];
    }

    function getOperatorId(address operator) external view returns (bytes32) {
        return operatorToPubkeyHash[operator];
    }

    // ------------------------------------------------------------------ internals

    /// @dev e(σ + γ·P1, −G2) · e(H + γ·G1, P2) == 1 proves σ = sk·H and that P1, P2 share sk.
    function _proofOfPossessionHolds(
        PubkeyRegistrationParams calldata params,
        BN254.G1Point calldata messagePoint
    ) internal view returns (bool) {
        uint256 gamma = uint256(
            keccak256(
                abi.encodePacked(
                    params.pubkeyRegistrationSignature.X,
                    params.pubkeyRegistrationSignature.Y,
                    params.pubkeyG1.X,
                    params.pubkeyG1.Y,
                    params.pubkeyG2.X,
                    params.pubkeyG2.Y,
                    messagePoint.X,
                    messagePoint.Y
                )
            )
        ) % BN254.FR_MODULUS;
        BN254.G1Point memory sigma = params.pubkeyRegistrationSignature;
        BN254.G1Point memory pk1 = params.pubkeyG1;
        BN254.G1Point memory h = messagePoint;
        return BN254.pairing(
            sigma.plus(pk1.scalar_mul(gamma)),
            BN254.negGeneratorG2(),
            h.plus(BN254.generatorG1().scalar_mul(gamma)),
            params.pubkeyG2
        );
    }

    /// @dev Adds `point` to each quorum's APK and records the truncated hash (same-block overwrite).
    function _processQuorumApkUpdate(bytes calldata quorumNumbers, BN254.G1Point memory point)
        internal
    {
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            uint8 quorumNumber = uint8(quorumNumbers[i]);
            ApkUpdate[] storage history = apkHistory[quorumNumber];
            uint256 len = history.length;
            require(len != 0, "BLSApkRegistry._processQuorumApkUpdate: quorum does not exist");
            BN254.G1Point memory newApk = currentApk[quorumNumber].plus(point);
            currentApk[quorumNumber] = newApk;
            bytes24 newApkHash = bytes24(BN254.hashG1Point(newApk));
            ApkUpdate storage last = history[len - 1];
            if (last.updateBlockNumber == uint32(block.number)) {
                last.apkHash = newApkHash;
            } else {
                last.nextUpdateBlockNumber = uint32(block.number);
                history.push(
                    ApkUpdate({
                        apkHash: newApkHash,
                        updateBlockNumber: uint32(block.number),
                        nextUpdateBlockNumber: 0
                    })
                );
            }
        }
    }
}
