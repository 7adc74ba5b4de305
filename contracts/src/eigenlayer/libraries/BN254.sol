// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/// @title BN254 (alt_bn128) helpers over the EVM precompiles 0x05-0x08.
/// @notice G2 coordinates use the EIP-197 order: imaginary part first, i.e. X = [x1, x0].
library BN254 {
    /// @dev Base field modulus p.
    uint256 internal constant FP_MODULUS =
        21888242871839275222246405745257275088696311157297823662689037894645226208583;
    /// @dev Scalar field (group order) r.
    uint256 internal constant FR_MODULUS =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;

    struct G1Point {
        uint256 X;
        uint256 Y;
    }

    /// @dev X = [x1, x0], Y = [y1, y0] (imaginary first).
    struct G2Point {
        uint256[2] X;
        uint256[2] Y;
    }

    // Generator of G2, contract order.
    uint256 internal constant G2x1 =
        11559732032986387107991004021392285783925812861821192530917403151452391805634;
    uint256 internal constant G2x0 =
        10857046999023057135944570762232829481370756359578518086990519993285655852781;
    uint256 internal constant G2y1 =
        4082367875863433681332203403145435568316851327593401208105741076214120093531;
    uint256 internal constant G2y0 =
        8495653923123431417604973247489272438418190587263600148770280649306958101930;
    // -G2: same X, Y = p - Y.
    uint256 internal constant nG2x1 = G2x1;
    uint256 internal constant nG2x0 = G2x0;
    uint256 internal constant nG2y1 =
        17805874995975841540914202342111839520379459829704422454583296818431106115052;
    uint256 internal constant nG2y0 =
        13392588948715843804641432497768002650278120570034223513918757245338268106653;

    /// @dev (p + 1) / 4: since p = 3 mod 4, beta^((p+1)/4) is a square root of beta when one exists.
    uint256 internal constant SQRT_EXPONENT =
        0x0c19139cb84c680a6e14116da060561765e05aa45a1c72a34f082305b61f3f52;

    function generatorG1() internal pure returns (G1Point memory) {
        return G1Point(1, 2);
    }

    function generatorG2() internal pure returns (G2Point memory) {
        return G2Point([G2x1, G2x0], [G2y1, G2y0]);
    }

    function negGeneratorG2() internal pure returns (G2Point memory) {
        return G2Point([nG2x1, nG2x0], [nG2y1, nG2y0]);
    }

    /// @notice -P; the identity (0,0) stays (0,0).
    function negate(G1Point memory p) internal pure returns (G1Point memory) {
        if (p.X == 0 && p.Y == 0) return G1Point(0, 0);
        return G1Point(p.X, FP_MODULUS - (p.Y % FP_MODULUS));
    }

    /// @notice P + Q through precompile 0x06.
    function plus(G1Point memory p, G1Point memory q) internal view returns (G1Point memory r) {
        uint256[4] memory input = [p.X, p.Y, q.X, q.Y];
        bool ok;
        assembly ("memory-safe") {
            ok := staticcall(sub(gas(), 2000), 0x06, input, 0x80, r, 0x40)
        }
        require(ok, "ec-add-failed");
    }

    /// @notice s·P through precompile 0x07.
    function scalar_mul(G1Point memory p, uint256 s) internal view returns (G1Point memory r) {
        uint256[3] memory input = [p.X, p.Y, s];
        bool ok;
        assembly ("memory-safe") {
            ok := staticcall(sub(gas(), 2000), 0x07, input, 0x60, r, 0x40)
        }
        require(ok, "ec-mul-failed");
    }

    /// @notice s·P for a small s (< 512) by double-and-add; cheaper than the precompile for tiny s.
    function scalar_mul_tiny(G1Point memory p, uint16 s) internal view returns (G1Point memory) {
        require(s < 512, "scalar-too-large");
        if (s == 1) return p;
        G1Point memory acc = G1Point(0, 0);
        G1Point memory addend = p;
        while (s != 0) {
            if (s & 1 == 1) acc = plus(acc, addend);
            s >>= 1;
            if (s != 0) addend = plus(addend, addend);
        }
        return acc;
    }

    function _pairingInput(
        G1Point memory a1,
        G2Point memory a2,
        G1Point memory b1,
        G2Point memory b2
    ) private pure returns (uint256[12] memory input) {
        input = [
            a1.X,
            a1.Y,
            a2.X[0],
            a2.X[1],
            a2.Y[0],
            a2.Y[1],
            b1.X,
            b1.Y,
            b2.X[0],
            b2.X[1],
            b2.Y[0],
            b2.Y[1]
        ];
    }

    /// @notice e(a1, a2) · e(b1, b2) == 1, reverting if the precompile fails.
    function pairing(G1Point memory a1, G2Point memory a2, G1Point memory b1, G2Point memory b2)
        internal
        view
        returns (bool)
    {
        uint256[12] memory input = _pairingInput(a1, a2, b1, b2);
        uint256[1] memory out;
        bool ok;
        assembly ("memory-safe") {
            ok := staticcall(sub(gas(), 2000), 0x08, input, 0x180, out, 0x20)
        }
        require(ok, "pairing-opcode-failed");
        return out[0] == 1;
    }

    /// @notice Pairing check with a gas cap; returns (precompile succeeded, product is one).
    function safePairing(
        G1Point memory a1,
        G2Point memory a2,
        G1Point memory b1,
        G2Point memory b2,
        uint256 pairingGas
    ) internal view returns (bool success, bool result) {
        uint256[12] memory input = _pairingInput(a1, a2, b1, b2);
        uint256[1] memory out;
        assembly ("memory-safe") {
            success := staticcall(pairingGas, 0x08, input, 0x180, out, 0x20)
        }
        result = success && out[0] == 1;
    }

    /// @notice keccak256(X ‖ Y): the operatorId of a G1 public key.
    function hashG1Point(G1Point memory p) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(p.X, p.Y));
    }

    /// @notice keccak256(X[0] ‖ X[1] ‖ Y[0] ‖ Y[1]).
    function hashG2Point(G2Point memory p) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(p.X[0], p.X[1], p.Y[0], p.Y[1]));
    }

    /// @notice Try-and-increment map of a 32-byte digest onto G1 (y = beta^((p+1)/4), not normalised).
    function hashToG1(bytes32 digest) internal view returns (G1Point memory) {
        uint256 x = uint256(digest) % FP_MODULUS;
        while (true) {
            uint256 beta = addmod(mulmod(mulmod(x, x, FP_MODULUS), x, FP_MODULUS), 3, FP_MODULUS);
            uint256 y = _expMod(beta, SQRT_EXPONENT, FP_MODULUS);
            if (mulmod(y, y, FP_MODULUS) == beta) return G1Point(x, y);
            x = addmod(x, 1, FP_MODULUS);
        }
        revert("unreachable");
    }

    /// @dev base^exponent mod modulus via precompile 0x05.
    function _expMod(uint256 base, uint256 exponent, uint256 modulus)
        private
        view
        returns (uint256 result)
    {
        uint256[6] memory input = [uint256(32), 32, 32, base, exponent, modulus];
        uint256[1] memory out;
        bool ok;
        assembly ("memory-safe") {
            ok := staticcall(sub(gas(), 2000), 0x05, input, 0xc0, out, 0x20)
        }
        require(ok, "modexp-failed");
        result = out[0];
    }
}
