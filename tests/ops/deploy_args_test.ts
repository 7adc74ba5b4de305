import assert from "node:assert/strict";
import { parseDeployArgs } from "../../docker/deploy_args.ts";

Deno.test("parseDeployArgs: reads --rpc-url and --out", () => {
  assert.deepEqual(
    parseDeployArgs(["--rpc-url", "http://anvil:8545", "--out", "/var/lib/incsq/d.json"]),
    { rpcUrl: "http://anvil:8545", out: "/var/lib/incsq/d.json" },
  );
});

Deno.test("parseDeployArgs: names the missing or bad flag", () => {
  assert.throws(() => parseDeployArgs(["--out", "x"]), /--rpc-url is required/);
  assert.throws(() => parseDeployArgs(["--rpc-url", "http://a:1"]), /--out is required/);
  assert.throws(() => parseDeployArgs(["--rpc-url", "ws://a:1", "--out", "x"]), /http\(s\)/);
  assert.throws(() => parseDeployArgs(["--rpc-url"]), /--rpc-url needs a value/);
  assert.throws(() => parseDeployArgs(["--port", "1"]), /unknown argument "--port"/);
});
