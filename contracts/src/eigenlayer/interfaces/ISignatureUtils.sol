// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/// @notice ECDSA/EIP-1271 signature envelopes shared by the core contracts.
interface ISignatureUtils {
    struct SignatureWithExpiry {
        bytes signature;
        uint256 expiry;
    }

    struct SignatureWithSaltAndExpiry {
        bytes signature;
        bytes32 salt;
        uint256 expiry;
    }
}
