// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/// @notice ECDSA (raw digest, 65-byte r‖s‖v, low-s, v ∈ {27,28}) or EIP-1271 for contract signers.
library SignatureChecks {
    bytes4 internal constant EIP1271_MAGICVALUE = 0x1626ba7e;
    /// @dev secp256k1n / 2: signatures with a larger s are malleable twins and are rejected.
    uint256 internal constant HALF_CURVE_ORDER =
        0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    function checkSignature_EIP1271(address signer, bytes32 digestHash, bytes memory signature)
        internal
        view
    {
        if (signer.code.length != 0) {
            (bool ok, bytes memory ret) =
                signer.staticcall(abi.encodeWithSelector(EIP1271_MAGICVALUE, digestHash, signature));
            require(
                ok && ret.length >= 32 && abi.decode(ret, (bytes4)) == EIP1271_MAGICVALUE,
                "EIP1271SignatureUtils.checkSignature_EIP1271: ERC1271 signature verification failed"
            );
        } else {
            require(
                recover(digestHash, signature) == signer,
                "EIP1271SignatureUtils.checkSignature_EIP1271: signature not from signer"
            );
        }
    }

    /// @notice Recovers the signer of a raw digest; reverts on malformed signatures.
    function recover(bytes32 digest, bytes memory signature) internal pure returns (address) {
        require(signature.length == 65, "ECDSA: invalid signature length");
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly ("memory-safe") {
            r := mload(add(signature, 0x20))
            s := mload(add(signature, 0x40))
            v := byte(0, mload(add(signature, 0x60)))
        }
        require(uint256(s) <= HALF_CURVE_ORDER, "ECDSA: invalid signature 's' value");
        require(v == 27 || v == 28, "ECDSA: invalid signature 'v' value");
        address signer = ecrecover(digest, v, r, s);
        require(signer != address(0), "ECDSA: invalid signature");
        return signer;
    }
}
