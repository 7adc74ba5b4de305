import assert from "node:assert/strict";
import { Command, CommanderError } from "commander";
import { buildProgram } from "../../lib/cli/program.ts";

function run(args: string[], env: Record<string, string> = {}) {
  let out = "";
  let err = "";
  const program = buildProgram({
    exitOverride: true,
    io: { out: (t) => (out += t), err: (t) => (err += t), env: (n) => env[n] },
  });
  return program.parseAsync(args, { from: "user" }).then(
    () => ({ out, err, code: 0, commanderCode: undefined as string | undefined }),
    (e) => {
      if (e instanceof CommanderError) return { out, err, code: e.exitCode, commanderCode: e.code };
      throw e;
    },
  );
}

/** Every command path of the program, e.g. ["freeze-requests", "veto"]. */
function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  const paths: string[][] = [];
  for (const c of cmd.commands) {
    const p = [...prefix, c.name()];
    paths.push(p, ...commandPaths(c, p));
  }
  return paths;
}

Deno.test("cli: --help works on the program and on every command", async () => {
  const paths = commandPaths(
    buildProgram({ exitOverride: true, io: { out: () => {}, err: () => {} } }),
  );
  const names = paths.map((p) => p.join(" "));
  for (
    const expected of [
      "register-operator-with-eigenlayer",
      "deposit-into-strategy",
      "register-operator-with-avs",
      "deregister-operator-with-avs",
      "print-operator-status",
      "update-stakes",
      "freeze-requests list",
      "freeze-requests veto",
      "freeze-requests finalize",
      "keys",
    ]
  ) assert.ok(names.includes(expected), `missing command ${expected}`);
  const top = await run(["--help"]);
  assert.equal(top.commanderCode, "commander.helpDisplayed");
  assert.match(top.out, /register-operator-with-avs/);
  for (const p of paths) {
    const r = await run([...p, "--help"]);
    assert.equal(r.commanderCode, "commander.helpDisplayed", p.join(" "));
    assert.match(r.out, /Usage:/, p.join(" "));
  }
});

Deno.test("cli: bad arguments give one clear error naming the argument", async () => {
  const amount = await run([
    "deposit-into-strategy",
    "--strategy-addr",
    `0x${"11".repeat(20)}`,
    "--amount",
    "ten",
  ]);
  assert.notEqual(amount.code, 0);
  assert.match(amount.err, /--amount/);
  assert.match(amount.err, /positive integer/);
  const addr = await run(["deposit-into-strategy", "--strategy-addr", "0x12", "--amount", "1"]);
  assert.match(addr.err, /--strategy-addr/);
  const missing = await run(["deposit-into-strategy", "--amount", "1"]);
  assert.match(missing.err, /--strategy-addr/);
  const id = await run(["freeze-requests", "veto", "abc"]);
  assert.match(id.err, /request id must be a non-negative integer/);
  const interval = await run(["update-stakes", "--interval", "-3"]);
  assert.match(interval.err, /--interval/);
  const noKey = await run(["freeze-requests", "veto", "0"]);
  assert.equal(noKey.code, 1);
  assert.match(noKey.err, /ECDSA_PRIVATE_KEY must hold/);
  const noConfig = await run(["--config", "/nonexistent/operator.yaml", "print-operator-status"]);
  assert.equal(noConfig.code, 1);
  assert.match(noConfig.err, /nonexistent\/operator\.yaml/);
  const unknown = await run(["frobnicate"]);
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.err, /unknown command/);
});
