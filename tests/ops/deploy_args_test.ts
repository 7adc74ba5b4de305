import assert from "node:assert/strict";
import { parseDeployArgs } from "../../docker/deploy_args.ts";

Deno.test("parseDeployArgs: reads --rpc-url and --out", () => {
  assert.deepEqual(
    parseDeployArgs(["--rpc-url", "http://anvil:8545", "--out", "/var/lib/incsq/d.json"]),
    { rpcUrl: "http://anvil:8545", out: "/var/lib/incsq/d.json", eigenlayer: "m2" },
  );
});

Deno.test("parseDeployArgs: --eigenlayer chooses the era and rejects anything else", () => {
  const base = ["--rpc-url", "http://anvil:8545", "--out", "x"];
  assert.equal(parseDeployArgs([...base, "--eigenlayer", "slashing"]).eigenlayer, "slashing");
  assert.equal(parseDeployArgs([...base, "--eigenlayer", "m2"]).eigenlayer, "m2");
  assert.throws(
    () => parseDeployArgs([...base, "--eigenlayer", "m3"]),
    /--eigenlayer must be m2 or slashing, got "m3"/,
  );
});

Deno.test("parseDeployArgs: names the missing or bad flag", () => {
  assert.throws(() => parseDeployArgs(["--out", "x"]), /--rpc-url is required/);
  assert.throws(() => parseDeployArgs(["--rpc-url", "http://a:1"]), /--out is required/);
  assert.throws(() => parseDeployArgs(["--rpc-url", "ws://a:1", "--out", "x"]), /http\(s\)/);
  assert.throws(() => parseDeployArgs(["--rpc-url"]), /--rpc-url needs a value/);
  assert.throws(() => parseDeployArgs(["--port", "1"]), /unknown argument "--port"/);
});
