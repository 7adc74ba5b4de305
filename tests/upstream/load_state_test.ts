/**
 * Older anvil dumps (only `accounts`, as upstream's saved state) load: Foundry 1.7.1's anvil
 * refuses them as they are, `startAnvil` / `deno task chain --load-state` convert them.
 */
import { strict as assert } from "node:assert";
import { createPublicClient, http, parseEther } from "viem";
import { startAnvil } from "../../lib/devnet/anvil.ts";
import { foundryBin } from "../../lib/devnet/foundry.ts";
import { freePort } from "../../lib/devnet/ports.ts";
import { normalizeAnvilState } from "../../lib/devnet/anvil_state.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import { ANVIL_KEY_0, deployRuntime } from "../chain/helpers.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const WHO = "0x00000000000000000000000000000000000000aa";

/** A chain with a contract and a funded account, dumped in the old layout (accounts only). */
async function oldFormatDump(dir: string): Promise<{ path: string; contract: `0x${string}` }> {
  const dumpPath = `${dir}/new.json`;
  const anvil = await startAnvil({ dumpState: dumpPath });
  let contract: `0x${string}`;
  try {
    const c = await createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: ANVIL_KEY_0 });
    contract = await deployRuntime(c.publicClient, c.walletClient, "echoRevert");
    const tx = await c.walletClient.sendTransaction({ to: WHO, value: parseEther("3") });
    await c.publicClient.waitForTransactionReceipt({ hash: tx });
  } finally {
    await anvil.stop();
  }
  const full = JSON.parse(await Deno.readTextFile(dumpPath));
  // The old layout: nothing but the accounts.
  const accounts = full.accounts as Record<string, unknown>;
  const path = `${dir}/old.json`;
  await Deno.writeTextFile(path, JSON.stringify({ accounts }));
  return { path, contract };
}

Deno.test("older anvil dumps (accounts only) are converted and load", opts, async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    const { path, contract } = await oldFormatDump(dir);

    await t.step("anvil 1.7.1 refuses the old layout as it is", async () => {
      const port = await freePort();
      const out = await new Deno.Command(await foundryBin("anvil"), {
        args: ["--port", String(port), "--load-state", path],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
      assert.notEqual(out.code, 0);
      assert.match(text, /missing field `block`/);
    });

    await t.step("startAnvil converts it: code, balance and nonce are there", async () => {
      const anvil = await startAnvil({ loadState: path });
      try {
        const client = createPublicClient({ transport: http(anvil.rpcUrl) });
        assert.ok(((await client.getCode({ address: contract })) ?? "0x").length > 2);
        assert.equal(await client.getBalance({ address: WHO }), parseEther("3"));
        assert.equal(
          await client.getTransactionCount({
            address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
          }),
          2,
        );
      } finally {
        await anvil.stop();
      }
    });

    await t.step("deno task chain --load-state runs it and mines 100 blocks", async () => {
      const port = await freePort();
      const root = new URL("../../", import.meta.url).pathname;
      const child = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          `${root}scripts/chain.ts`,
          "--port",
          String(port),
          "--load-state",
          path,
        ],
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      let seen = "";
      while (!seen.includes("Press Ctrl-C")) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += value;
      }
      try {
        assert.match(seen, /anvil ready with the state from .*old\.json \(100 blocks mined\)/);
        const client = createPublicClient({ transport: http(`http://127.0.0.1:${port}`) });
        assert.ok((await client.getBlockNumber()) >= 100n);
        assert.equal(await client.getBalance({ address: WHO }), parseEther("3"));
      } finally {
        child.kill("SIGTERM");
        await child.status;
        reader.releaseLock();
        await child.stdout.cancel().catch(() => {});
        await child.stderr.cancel().catch(() => {});
      }
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("normalizeAnvilState: current dumps pass through, bad ones are named", () => {
  const current = { block: { number: "0x5" }, accounts: {} };
  assert.equal(normalizeAnvilState(current).converted, false);
  const bare = normalizeAnvilState({
    "0x00000000000000000000000000000000000000aa": { nonce: 1, balance: "0x10", code: "0x" },
  }, 1000);
  assert.equal(bare.converted, true);
  assert.equal(bare.dump.block.timestamp, "0x3e8");
  assert.deepEqual(bare.dump.accounts["0x00000000000000000000000000000000000000aa"], {
    nonce: 1,
    balance: "0x10",
    code: "0x",
    storage: {},
  });
  assert.throws(() => normalizeAnvilState({ foo: 1 }), /no "accounts"/);
  assert.throws(
    () => normalizeAnvilState({ accounts: { "0xaa": {} } }),
    /accounts: "0xaa" is not an address/,
  );
  assert.throws(
    () =>
      normalizeAnvilState({
        accounts: { "0x00000000000000000000000000000000000000aa": { nonce: "x" } },
      }),
    /accounts\.0x0{38}aa\.nonce: expected a number or hex string/,
  );
});
