// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {Test} from "../utils/Test.sol";
import {ElFixtures} from "./fixtures/ElFixtures.sol";
import {BN254} from "../../src/eigenlayer/libraries/BN254.sol";
import {BitmapUtils} from "../../src/eigenlayer/libraries/BitmapUtils.sol";

/// @dev External wrapper so reverts inside the library can be observed.
contract BN254Harness {
    function scalarMulTiny(BN254.G1Point memory p, uint16 s)
        external
        view
        returns (BN254.G1Point memory)
    {
        return BN254.scalar_mul_tiny(p, s);
    }
}

contract BN254Test is Test {
    using BN254 for BN254.G1Point;

    // upstream-avs.md §5.1
    bytes32 internal constant DIGEST_1_9 =
        0x92e85d02570a8092d09a6e3a57665bc3815a2699a4074001bf1ccabf660f5a36;

    function test_digestOfTaskResponse_1_9() public pure {
        assertEq(keccak256(abi.encode(uint32(1), uint256(9))), DIGEST_1_9);
    }

    function test_hashToG1_upstreamVector() public view {
        BN254.G1Point memory h = BN254.hashToG1(DIGEST_1_9);
        assertEq(h.X, 783497722164286803162179639566672308279984538435343260147052826380637594209);
        assertEq(h.Y, 14966754799052150039056553321089015282016524625603919489173762528154154186082);
    }

    function test_signatureWithSk69_upstreamVector() public view {
        BN254.G1Point memory sig = BN254.hashToG1(DIGEST_1_9).scalar_mul(69);
        assertEq(
            sig.X, 7926134832136282318561896451042374984489965925674521194255549259381336496956
        );
        assertEq(
            sig.Y, 15243507701692917330954619280683582177901049846125926696838777109165913318327
        );
    }

    function test_pubkeyAndOperatorIdForSk69_upstreamVector() public view {
        BN254.G1Point memory pk = BN254.generatorG1().scalar_mul(69);
        assertEq(pk.X, 5138697240077803445514669414784254799933862402946278134326199877546184124353);
        assertEq(
            pk.Y, 12587011617949543324467535889916856826666519601316494966427400843934921824601
        );
        assertEq(
            BN254.hashG1Point(pk),
            0xcf49e2dd68647b29c00309775a53e99fe797f5609630901b66fd2765011a87ad
        );
    }

    function test_zeroPubkeyHash() public pure {
        assertEq(
            BN254.hashG1Point(BN254.G1Point(0, 0)),
            0xad3228b676f7d3cd4284a5443f17f1962b36e491b30a40b2405849e597ba5fb5
        );
    }

    function test_hashToG1_matchesTypeScriptPort() public view {
        (bytes32[3] memory digests, uint256[3] memory xs, uint256[3] memory ys) =
            ElFixtures.hashToG1Vectors();
        for (uint256 i = 0; i < 3; i++) {
            BN254.G1Point memory h = BN254.hashToG1(digests[i]);
            assertEq(h.X, xs[i], "x");
            assertEq(h.Y, ys[i], "y");
        }
    }

    function test_sqrtExponentIsPPlusOneOverFour() public pure {
        assertEq(BN254.SQRT_EXPONENT, (BN254.FP_MODULUS + 1) / 4);
    }

    function test_fixturePubkeysMatchSecretKeys() public view {
        for (uint256 i = 0; i < ElFixtures.OPERATORS; i++) {
            BN254.G1Point memory pk = BN254.generatorG1().scalar_mul(ElFixtures.secretKey(i));
            assertEq(pk.X, ElFixtures.pubkeyG1(i).X);
            assertEq(pk.Y, ElFixtures.pubkeyG1(i).Y);
        }
    }

    /// @dev e(sk·G1, G2) == e(G1, sk·G2), i.e. the G2 fixtures use contract (imaginary-first) order.
    function test_g2FixturesPairWithG1() public view {
        for (uint256 i = 0; i < ElFixtures.OPERATORS; i++) {
            bool ok = BN254.pairing(
                ElFixtures.pubkeyG1(i),
                BN254.negGeneratorG2(),
                BN254.generatorG1(),
                ElFixtures.pubkeyG2(i)
            );
            assertTrue(ok);
        }
        // A mismatched pair must fail.
        assertFalse(
            BN254.pairing(
                ElFixtures.pubkeyG1(0),
                BN254.negGeneratorG2(),
                BN254.generatorG1(),
                ElFixtures.pubkeyG2(1)
            )
        );
    }

    function test_negate() public view {
        BN254.G1Point memory g = BN254.generatorG1();
        BN254.G1Point memory sum = g.plus(g.negate());
        assertEq(sum.X, 0);
        assertEq(sum.Y, 0);
        BN254.G1Point memory z = BN254.G1Point(0, 0).negate();
        assertEq(z.X, 0);
        assertEq(z.Y, 0);
    }

    function test_scalarMulTiny_matchesPrecompile() public view {
        BN254.G1Point memory p = ElFixtures.pubkeyG1(2);
        uint16[6] memory scalars = [uint16(0), 1, 2, 3, 255, 511];
        for (uint256 i = 0; i < scalars.length; i++) {
            BN254.G1Point memory a = p.scalar_mul_tiny(scalars[i]);
            BN254.G1Point memory b = p.scalar_mul(scalars[i]);
            assertEq(a.X, b.X);
            assertEq(a.Y, b.Y);
        }
    }

    function test_scalarMulTiny_rejects512() public {
        BN254Harness h = new BN254Harness();
        vm.expectRevert(bytes("scalar-too-large"));
        h.scalarMulTiny(BN254.generatorG1(), 512);
    }

    function test_safePairing_reportsPrecompileFailureOnTooLittleGas() public view {
        (bool success,) = BN254.safePairing(
            BN254.generatorG1(),
            BN254.negGeneratorG2(),
            BN254.generatorG1(),
            BN254.generatorG2(),
            1000
        );
        assertFalse(success);
    }

    function testFuzz_hashToG1_isOnCurveAndStartsAtDigest(bytes32 digest) public view {
        BN254.G1Point memory h = BN254.hashToG1(digest);
        uint256 p = BN254.FP_MODULUS;
        assertEq(mulmod(h.Y, h.Y, p), addmod(mulmod(mulmod(h.X, h.X, p), h.X, p), 3, p));
        // try-and-increment: x is the reduced digest plus a small number of steps.
        uint256 start = uint256(digest) % p;
        uint256 steps = h.X >= start ? h.X - start : h.X + p - start;
        assertLt(steps, 256);
        // The precompile accepts it as a curve point.
        h.plus(BN254.generatorG1());
    }

    function testFuzz_bitmapRoundTrip(uint192 bitmap) public pure {
        bytes memory quorums = BitmapUtils.bitmapToBytesArray(bitmap);
        assertEq(quorums.length, BitmapUtils.countNumOnes(bitmap));
        assertEq(BitmapUtils.orderedBytesArrayToBitmap(quorums, 192), uint256(bitmap));
    }

    function test_bitmap_rejectsUnorderedAndDuplicates() public {
        BitmapHarness h = new BitmapHarness();
        vm.expectRevert(
            bytes("BitmapUtils.orderedBytesArrayToBitmap: orderedBytesArray is not ordered")
        );
        h.toBitmap(hex"0100", 192);
        vm.expectRevert(
            bytes("BitmapUtils.orderedBytesArrayToBitmap: orderedBytesArray is not ordered")
        );
        h.toBitmap(hex"0202", 192);
        vm.expectRevert(bytes("BitmapUtils.orderedBytesArrayToBitmap: bitmap exceeds max value"));
        h.toBitmap(hex"0005", 5);
        assertEq(h.toBitmap(hex"000204", 5), 21);
    }
}

contract BitmapHarness {
    function toBitmap(bytes memory b, uint8 bound) external pure returns (uint256) {
        return BitmapUtils.orderedBytesArrayToBitmap(b, bound);
    }
}
