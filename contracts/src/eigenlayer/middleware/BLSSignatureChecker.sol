// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IBLSSignatureChecker} from "../interfaces/IBLSSignatureChecker.sol";
import {IRegistryCoordinator} from "../interfaces/IRegistryCoordinator.sol";
import {IStakeRegistry} from "../interfaces/IStakeRegistry.sol";
import {IBLSApkRegistry} from "../interfaces/IBLSApkRegistry.sol";
import {IDelegationManager} from "../interfaces/IDelegationManager.sol";
import {BN254} from "../libraries/BN254.sol";
import {BitmapUtils} from "../libraries/BitmapUtils.sol";

/// @title BLSSignatureChecker: verifies an aggregate BLS signature of a quorum set at a past
/// block and reports the signed vs. total stake per quorum.
contract BLSSignatureChecker is IBLSSignatureChecker {
    using BN254 for BN254.G1Point;

    uint256 internal constant PAIRING_EQUALITY_CHECK_GAS = 120000;

    IRegistryCoordinator public immutable registryCoordinator;
    IStakeRegistry public immutable stakeRegistry;
    IBLSApkRegistry public immutable blsApkRegistry;
    IDelegationManager public immutable delegation;

    bool public staleStakesForbidden;

    /// @dev Scratch data about non-signers, kept in memory to stay clear of stack limits.
    struct NonSignerInfo {
        uint256[] quorumBitmaps;
        bytes32[] pubkeyHashes;
    }

    constructor(IRegistryCoordinator _registryCoordinator) {
        registryCoordinator = _registryCoordinator;
        stakeRegistry = _registryCoordinator.stakeRegistry();
        blsApkRegistry = _registryCoordinator.blsApkRegistry();
        delegation = stakeRegistry.delegation();
    }

    /// @inheritdoc IBLSSignatureChecker
    function setStaleStakesForbidden(bool value) external {
        require(
            msg.sender == registryCoordinator.owner(),
            "BLSSignatureChecker.onlyCoordinatorOwner: caller is not the owner of the registryCoordinator"
        );
        staleStakesForbidden = value;
        emit StaleStakesForbiddenUpdate(value);
    }

    /// @inheritdoc IBLSSignatureChecker
    function checkSignatures(
        bytes32 msgHash,
        bytes calldata quorumNumbers,
        uint32 referenceBlockNumber,
        NonSignerStakesAndSignature memory params
    ) public view returns (QuorumStakeTotals memory stakeTotals, bytes32 signatoryRecordHash) {
        _checkShapes(quorumNumbers, referenceBlockNumber, params);

        NonSignerInfo memory nonSigners;
        // apk starts as Σ (non-signer pk · number of signing quorums it was in), then is negated.
        BN254.G1Point memory apk =
            _sumNonSigners(quorumNumbers, referenceBlockNumber, params, nonSigners).negate();

        stakeTotals.totalStakeForQuorum = new uint96[](quorumNumbers.length);
        stakeTotals.signedStakeForQuorum = new uint96[](quorumNumbers.length);
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            apk = apk.plus(
                _quorumTotals(
                    quorumNumbers, i, referenceBlockNumber, params, nonSigners, stakeTotals
                )
            );
        }

        (bool pairingSuccessful, bool signatureIsValid) =
            trySignatureAndApkVerification(msgHash, apk, params.apkG2, params.sigma);
        require(
            pairingSuccessful, "BLSSignatureChecker.checkSignatures: pairing precompile call failed"
        );
        require(signatureIsValid, "BLSSignatureChecker.checkSignatures: signature is invalid");

        signatoryRecordHash =
            keccak256(abi.encodePacked(referenceBlockNumber, nonSigners.pubkeyHashes));
    }

    /// @inheritdoc IBLSSignatureChecker
    /// @dev Checks e(σ + γ·apk, −G2) · e(H(m) + γ·G1, apkG2) == 1 with a bounded-gas pairing.
    function trySignatureAndApkVerification(
        bytes32 msgHash,
        BN254.G1Point memory apk,
        BN254.G2Point memory apkG2,
        BN254.G1Point memory sigma
    ) public view returns (bool pairingSuccessful, bool signatureIsValid) {
        uint256 gamma = uint256(
            keccak256(
                abi.encodePacked(
                    msgHash,
                    apk.X,
                    apk.Y,
                    apkG2.X[0],
                    apkG2.X[1],
                    apkG2.Y[0],
                    apkG2.Y[1],
                    sigma.X,
                    sigma.Y
                )
            )
        ) % BN254.FR_MODULUS;
        (pairingSuccessful, signatureIsValid) = BN254.safePairing(
            sigma.plus(apk.scalar_mul(gamma)),
            BN254.negGeneratorG2(),
            BN254.hashToG1(msgHash).plus(BN254.generatorG1().scalar_mul(gamma)),
            apkG2,
            PAIRING_EQUALITY_CHECK_GAS
        );
    }

    function _checkShapes(
        bytes calldata quorumNumbers,
        uint32 referenceBlockNumber,
        NonSignerStakesAndSignature memory params
    ) internal view {
        require(
            quorumNumbers.length != 0, "BLSSignatureChecker.checkSignatures: empty quorum input"
        );
        require(
            quorumNumbers.length == params.quorumApks.length
                && quorumNumbers.length == params.quorumApkIndices.length
                && quorumNumbers.length == params.totalStakeIndices.length
                && quorumNumbers.length == params.nonSignerStakeIndices.length,
            "BLSSignatureChecker.checkSignatures: input quorum length mismatch"
        );
        require(
            params.nonSignerPubkeys.length == params.nonSignerQuorumBitmapIndices.length,
            "BLSSignatureChecker.checkSignatures: input nonsigner length mismatch"
        );
        require(
            referenceBlockNumber < uint32(block.number),
            "BLSSignatureChecker.checkSignatures: invalid reference block"
        );
    }

    /// @dev Validates sort order, loads bitmaps, returns Σ pk_j · popcount(bitmap_j ∧ signing).
    function _sumNonSigners(
        bytes calldata quorumNumbers,
        uint32 referenceBlockNumber,
        NonSignerStakesAndSignature memory params,
        NonSignerInfo memory nonSigners
    ) internal view returns (BN254.G1Point memory sum) {
        uint256 n = params.nonSignerPubkeys.length;
        nonSigners.quorumBitmaps = new uint256[](n);
        nonSigners.pubkeyHashes = new bytes32[](n);
        uint256 signingBitmap =
            BitmapUtils.orderedBytesArrayToBitmap(quorumNumbers, registryCoordinator.quorumCount());
        for (uint256 j = 0; j < n; j++) {
            bytes32 pubkeyHash = params.nonSignerPubkeys[j].hashG1Point();
            if (j != 0) {
                require(
                    uint256(pubkeyHash) > uint256(nonSigners.pubkeyHashes[j - 1]),
                    "BLSSignatureChecker.checkSignatures: nonSignerPubkeys not sorted"
                );
            }
            nonSigners.pubkeyHashes[j] = pubkeyHash;
            nonSigners.quorumBitmaps[j] = registryCoordinator.getQuorumBitmapAtBlockNumberByIndex(
                pubkeyHash, referenceBlockNumber, params.nonSignerQuorumBitmapIndices[j]
            );
            sum = sum.plus(
                params.nonSignerPubkeys[j].scalar_mul_tiny(
                    BitmapUtils.countNumOnes(nonSigners.quorumBitmaps[j] & signingBitmap)
                )
            );
        }
    }

    /// @dev Checks quorum i's APK against history, fills its stake totals, returns the APK.
    function _quorumTotals(
        bytes calldata quorumNumbers,
        uint256 i,
        uint32 referenceBlockNumber,
        NonSignerStakesAndSignature memory params,
        NonSignerInfo memory nonSigners,
        QuorumStakeTotals memory stakeTotals
    ) internal view returns (BN254.G1Point memory) {
        uint8 quorumNumber = uint8(quorumNumbers[i]);
        if (staleStakesForbidden) {
            require(
                registryCoordinator.quorumUpdateBlockNumber(quorumNumber)
                        + delegation.minWithdrawalDelayBlocks() > referenceBlockNumber,
                "BLSSignatureChecker.checkSignatures: StakeRegistry updates must be within withdrawalDelayBlocks window"
            );
        }
        require(
            bytes24(params.quorumApks[i].hashG1Point())
                == blsApkRegistry.getApkHashAtBlockNumberAndIndex(
                    quorumNumber, referenceBlockNumber, params.quorumApkIndices[i]
                ),
            "BLSSignatureChecker.checkSignatures: quorumApk hash in storage does not match provided quorum apk"
        );
        uint96 total = stakeRegistry.getTotalStakeAtBlockNumberFromIndex(
            quorumNumber, referenceBlockNumber, params.totalStakeIndices[i]
        );
        stakeTotals.totalStakeForQuorum[i] = total;
        uint256 k;
        for (uint256 j = 0; j < nonSigners.pubkeyHashes.length; j++) {
            if (BitmapUtils.numberIsInBitmap(nonSigners.quorumBitmaps[j], quorumNumber)) {
                total -= stakeRegistry.getStakeAtBlockNumberAndIndex(
                    quorumNumber,
                    referenceBlockNumber,
                    nonSigners.pubkeyHashes[j],
                    params.nonSignerStakeIndices[i][k++]
                );
            }
        }
        stakeTotals.signedStakeForQuorum[i] = total;
        return params.quorumApks[i];
    }
}
