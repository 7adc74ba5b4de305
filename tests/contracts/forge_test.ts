/**
 * Runs the Solidity suites (EigenLayer core/middleware and AVS) with forge, and the formatter
 * check, so that `deno task test` covers them.
 */
import assert from "node:assert/strict";
import { foundryBin } from "../../lib/devnet/foundry.ts";

const contractsDir = new URL("../../contracts", import.meta.url).pathname;

async function forge(args: string[]): Promise<{ ok: boolean; output: string }> {
  const res = await new Deno.Command(await foundryBin("forge"), {
    args,
    cwd: contractsDir,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { ok: res.success, output: dec.decode(res.stdout) + dec.decode(res.stderr) };
}

Deno.test("forge test: every Solidity test passes", async () => {
  const { ok, output } = await forge(["test"]);
  assert.ok(ok, `forge test failed:\n${output}`);
  // A suite that silently compiled nothing must not count as green.
  const passed = [...output.matchAll(/Suite result: ok\. (\d+) passed/g)]
    .reduce((n, m) => n + Number(m[1]), 0);
  assert.ok(passed > 0, `forge ran no test:\n${output}`);
});

Deno.test("forge fmt --check: Solidity sources are formatted", async () => {
  const { ok, output } = await forge(["fmt", "--check"]);
  assert.ok(
    ok,
    `forge fmt --check found unformatted files (run contracts/tools/forge fmt):\n${output}`,
  );
});
