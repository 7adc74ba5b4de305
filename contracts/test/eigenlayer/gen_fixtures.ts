/**
 * Generates `fixtures/ElFixtures.sol` for the EigenLayer middleware forge tests: BN254 BLS keys
 * (G1 and G2, computed with @noble/curves), aggregated G2 keys for every signer subset, and
 * hash-to-G1 vectors from an independent TypeScript port of the on-chain try-and-increment map.
 * G2 points cannot be produced on chain (no G2 precompile), which is why they are precomputed.
 *
 * Run from the repo root: `deno run -A contracts/test/eigenlayer/gen_fixtures.ts`
 * (deterministic output; the file is formatted with the pinned forge afterwards).
 */
import { bn254 } from "@noble/curves/bn254.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { hashTypedData, keccak256, serializeSignature, toHex } from "viem";
import { privateKeyToAddress, sign } from "viem/accounts";
import { foundryBin } from "../../../lib/devnet/foundry.ts";

const P = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const OPERATORS = 4;

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  base %= mod;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % mod;
    base = (base * base) % mod;
    exp >>= 1n;
  }
  return result;
}

function toHex32(n: bigint): string {
  return "0x" + n.toString(16).padStart(64, "0");
}

function bytesToBigint(b: Uint8Array): bigint {
  return BigInt("0x" + Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(""));
}

/** Try-and-increment: y = (x³+3)^((p+1)/4), no root normalisation (matches BN254.hashToG1). */
function hashToG1(digest: bigint): { x: bigint; y: bigint } {
  let x = digest % P;
  for (;;) {
    const beta = (x * x * x + 3n) % P;
    const y = modPow(beta, (P + 1n) / 4n, P);
    if ((y * y) % P === beta) return { x, y };
    x = (x + 1n) % P;
  }
}

/** Deterministic secret key i: keccak256("el-contracts fixture operator <i>") mod r. */
function secretKey(i: number): bigint {
  const sk =
    bytesToBigint(keccak_256(new TextEncoder().encode(`el-contracts fixture operator ${i}`))) %
    R;
  if (sk === 0n) throw new Error("zero secret key");
  return sk;
}

type G2 = { x1: bigint; x0: bigint; y1: bigint; y0: bigint };

function g2Of(point: InstanceType<typeof bn254.G2.Point>): G2 {
  const a = point.toAffine();
  return { x1: a.x.c1, x0: a.x.c0, y1: a.y.c1, y0: a.y.c0 };
}

const sks = Array.from({ length: OPERATORS }, (_, i) => secretKey(i));
const g1 = sks.map((sk) => bn254.G1.Point.BASE.multiply(sk).toAffine());
const g2Points = sks.map((sk) => bn254.G2.Point.BASE.multiply(sk));
const g2 = g2Points.map(g2Of);
const aggG2: G2[] = [];
for (let mask = 0; mask < 1 << OPERATORS; mask++) {
  let acc = bn254.G2.Point.ZERO;
  for (let i = 0; i < OPERATORS; i++) if (mask & (1 << i)) acc = acc.add(g2Points[i]);
  // The identity has no affine form; mask 0 is never used as a signer set.
  aggG2.push(mask === 0 ? { x1: 0n, x0: 0n, y1: 0n, y0: 0n } : g2Of(acc));
}

// Sanity: the port reproduces the upstream vector H(digest(1,9)) before we trust it.
const upstream = hashToG1(0x92e85d02570a8092d09a6e3a57665bc3815a2699a4074001bf1ccabf660f5a36n);
if (
  upstream.x !== 783497722164286803162179639566672308279984538435343260147052826380637594209n ||
  upstream.y !== 14966754799052150039056553321089015282016524625603919489173762528154154186082n
) {
  throw new Error("hashToG1 port disagrees with the upstream vector");
}
const hashDigests = [
  0n,
  bytesToBigint(keccak_256(new TextEncoder().encode("incredible squaring"))),
  (1n << 256n) - 1n, // reduced mod p first
];
const hashed = hashDigests.map((d) => {
  const h = hashToG1(d);
  // Independent check: the point is on the curve according to noble.
  bn254.G1.Point.fromAffine(h).assertValidity();
  return h;
});

// Fully precomputed registration of fixture operator 0 (viem EIP-712 + noble), for the
// addresses ElTestBase deploys to (the test asserts them) on forge's default chain id.
const CHAIN_ID = 31337;
const RC = "0x2a07706473244BC757E10F2a9E86fB532828afe3" as const;
const AVS_DIRECTORY = "0xa0Cb889707d426A7A386870A03bc70d1b0697598" as const;
const SERVICE_MANAGER = "0x3D7Ebc40AF7092E3F1C81F2e996cbA5Cae2090d7" as const;
const OPERATOR_ECDSA_KEY = toHex(0xE1001n, { size: 32 });
const operator = privateKeyToAddress(OPERATOR_ECDSA_KEY);
const pubkeyDigest = hashTypedData({
  domain: {
    name: "AVSRegistryCoordinator",
    version: "v0.0.1",
    chainId: CHAIN_ID,
    verifyingContract: RC,
  },
  types: { BN254PubkeyRegistration: [{ name: "operator", type: "address" }] },
  primaryType: "BN254PubkeyRegistration",
  message: { operator },
});
const pubkeyMessage = hashToG1(BigInt(pubkeyDigest));
const pop = bn254.G1.Point.fromAffine(pubkeyMessage).multiply(sks[0]).toAffine();
const avsSalt = keccak256(new TextEncoder().encode("el-contracts precomputed salt"));
const avsExpiry = 1_700_003_600n;
const avsDigest = hashTypedData({
  domain: { name: "EigenLayer", chainId: CHAIN_ID, verifyingContract: AVS_DIRECTORY },
  types: {
    OperatorAVSRegistration: [
      { name: "operator", type: "address" },
      { name: "avs", type: "address" },
      { name: "salt", type: "bytes32" },
      { name: "expiry", type: "uint256" },
    ],
  },
  primaryType: "OperatorAVSRegistration",
  message: { operator, avs: SERVICE_MANAGER, salt: avsSalt, expiry: avsExpiry },
});
const avsSignature = serializeSignature(
  await sign({ hash: avsDigest, privateKey: OPERATOR_ECDSA_KEY }),
);

const arr = (values: bigint[]) => `[${values.map((v) => `uint256(${v})`).join(", ")}]`;
const b32arr = (values: bigint[]) => `[${values.map((v) => `bytes32(${toHex32(v)})`).join(", ")}]`;
const n = OPERATORS;
const m = 1 << OPERATORS;
const src = `// SPDX-License-Identifier: MIT
// Generated by contracts/test/eigenlayer/gen_fixtures.ts (@noble/curves). Do not edit.
pragma solidity ^0.8.27;

import {BN254} from "../../../src/eigenlayer/libraries/BN254.sol";

/// @notice BN254 keys for ${n} fixture operators, aggregate G2 keys per signer mask (bit i =
/// operator i) and hash-to-G1 vectors from an independent TypeScript port.
library ElFixtures {
    uint256 internal constant OPERATORS = ${n};

    function secretKey(uint256 i) internal pure returns (uint256) {
        uint256[${n}] memory v = ${arr(sks)};
        return v[i];
    }

    function pubkeyG1(uint256 i) internal pure returns (BN254.G1Point memory) {
        uint256[${n}] memory xs = ${arr(g1.map((p) => p.x))};
        uint256[${n}] memory ys = ${arr(g1.map((p) => p.y))};
        return BN254.G1Point(xs[i], ys[i]);
    }

    function pubkeyG2(uint256 i) internal pure returns (BN254.G2Point memory) {
        uint256[${n}] memory x1 = ${arr(g2.map((p) => p.x1))};
        uint256[${n}] memory x0 = ${arr(g2.map((p) => p.x0))};
        uint256[${n}] memory y1 = ${arr(g2.map((p) => p.y1))};
        uint256[${n}] memory y0 = ${arr(g2.map((p) => p.y0))};
        return BN254.G2Point([x1[i], x0[i]], [y1[i], y0[i]]);
    }

    /// @notice Σ pkG2_i over the operators whose bit is set in mask.
    function aggregateG2(uint256 mask) internal pure returns (BN254.G2Point memory) {
        require(mask != 0 && mask < ${m}, "ElFixtures: bad mask");
        uint256[${m}] memory x1 = ${arr(aggG2.map((p) => p.x1))};
        uint256[${m}] memory x0 = ${arr(aggG2.map((p) => p.x0))};
        uint256[${m}] memory y1 = ${arr(aggG2.map((p) => p.y1))};
        uint256[${m}] memory y0 = ${arr(aggG2.map((p) => p.y0))};
        return BN254.G2Point([x1[mask], x0[mask]], [y1[mask], y0[mask]]);
    }

    // Registration of operator 0 computed off-chain (viem EIP-712 digests, noble σ = sk·H).
    uint256 internal constant PRECOMPUTED_CHAIN_ID = ${CHAIN_ID};
    address internal constant PRECOMPUTED_RC = ${RC};
    address internal constant PRECOMPUTED_AVS_DIRECTORY = ${AVS_DIRECTORY};
    address internal constant PRECOMPUTED_SERVICE_MANAGER = ${SERVICE_MANAGER};
    address internal constant PRECOMPUTED_OPERATOR = ${operator};
    bytes32 internal constant PUBKEY_REGISTRATION_DIGEST = ${pubkeyDigest};
    uint256 internal constant PUBKEY_MESSAGE_X = ${pubkeyMessage.x};
    uint256 internal constant PUBKEY_MESSAGE_Y = ${pubkeyMessage.y};
    uint256 internal constant POP_SIGMA_X = ${pop.x};
    uint256 internal constant POP_SIGMA_Y = ${pop.y};
    bytes32 internal constant AVS_SALT = ${avsSalt};
    uint256 internal constant AVS_EXPIRY = ${avsExpiry};
    bytes32 internal constant AVS_DIGEST = ${avsDigest};
    bytes internal constant AVS_SIGNATURE = hex"${avsSignature.slice(2)}";

    function hashToG1Vectors()
        internal
        pure
        returns (bytes32[${hashed.length}] memory digests, uint256[${hashed.length}] memory xs, uint256[${hashed.length}] memory ys)
    {
        digests = ${b32arr(hashDigests)};
        xs = ${arr(hashed.map((h) => h.x))};
        ys = ${arr(hashed.map((h) => h.y))};
    }
}
`;

const out = new URL("./fixtures/ElFixtures.sol", import.meta.url);
await Deno.writeTextFile(out, src);
const forge = await foundryBin("forge");
const fmt = await new Deno.Command(forge, {
  args: ["fmt", out.pathname],
  cwd: new URL("../../", import.meta.url).pathname,
}).output();
if (!fmt.success) throw new Error(new TextDecoder().decode(fmt.stderr));
console.log(`wrote ${out.pathname}`);
