// Known-answer vectors from upstream-avs.md §5.1 and bls-bn254.md §7.
import assert from "node:assert/strict";
import { encodeAbiParameters, keccak256 } from "viem";
import {
  g1PublicKey,
  g2PublicKey,
  hashToG1,
  operatorId,
  sign,
  verify,
  verifyKeyPair,
} from "../../lib/bls/mod.ts";

function taskResponseDigest(index: number, squared: bigint): `0x${string}` {
  return keccak256(
    encodeAbiParameters([{ type: "uint32" }, { type: "uint256" }], [index, squared]),
  );
}

const DIGEST_1_9 = "0x92e85d02570a8092d09a6e3a57665bc3815a2699a4074001bf1ccabf660f5a36";

Deno.test("digest(1, 9), digest(2, 4), digest(0, 0) match upstream", () => {
  assert.equal(taskResponseDigest(1, 9n), DIGEST_1_9);
  assert.equal(
    taskResponseDigest(2, 4n),
    "0x91da3fd0782e51c6b3986e9e672fd566868e71f3dbc2d6c2cd6fbb3e361af2a7",
  );
  assert.equal(
    taskResponseDigest(0, 0n),
    "0xad3228b676f7d3cd4284a5443f17f1962b36e491b30a40b2405849e597ba5fb5",
  );
});

Deno.test("hashToG1(digest(1, 9)) matches upstream", () => {
  assert.deepEqual(hashToG1(DIGEST_1_9), {
    X: 783497722164286803162179639566672308279984538435343260147052826380637594209n,
    Y: 14966754799052150039056553321089015282016524625603919489173762528154154186082n,
  });
});

Deno.test("signature with sk = 69 matches the upstream operator test", () => {
  const sig = sign(69n, DIGEST_1_9);
  assert.deepEqual(sig, {
    X: 7926134832136282318561896451042374984489965925674521194255549259381336496956n,
    Y: 15243507701692917330954619280683582177901049846125926696838777109165913318327n,
  });
  assert.equal(verify(g2PublicKey(69n), DIGEST_1_9, sig), true);
});

Deno.test("pkG1 and operatorId for sk = 69", () => {
  const pk = g1PublicKey(69n);
  assert.deepEqual(pk, {
    X: 5138697240077803445514669414784254799933862402946278134326199877546184124353n,
    Y: 12587011617949543324467535889916856826666519601316494966427400843934921824601n,
  });
  assert.equal(
    operatorId(pk),
    "0xcf49e2dd68647b29c00309775a53e99fe797f5609630901b66fd2765011a87ad",
  );
  assert.equal(verifyKeyPair(pk, g2PublicKey(69n)), true);
  assert.equal(verifyKeyPair(pk, g2PublicKey(70n)), false);
});

Deno.test("eigensdk test key 1: G1 public key and operatorId", () => {
  const sk = 2215338531151182997276243965065522514190247674553811942190946030173209230351n;
  const pk = g1PublicKey(sk);
  assert.deepEqual(pk, {
    X: 19408553463882111916887171276012224475029133183214861480489485386352635269635n,
    Y: 17418827901203159022109906145273000034647571131322064812191371351028964064220n,
  });
  assert.equal(
    operatorId(pk),
    "0x2b3a67aee25855743a2ac3e1537d08d5219a9355c5490ad646760fedf5d538f8",
  );
});
