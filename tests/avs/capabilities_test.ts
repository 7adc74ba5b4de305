/**
 * Capabilities detected once, on anvil: this project's contracts have every extension; other
 * contracts (and a TaskManager whose `raiseNoResponseChallenge` was removed from its code) do not,
 * and then the challenger sends nothing for unanswered tasks and the CLI says what is missing.
 */
import { strict as assert } from "node:assert";
import type { Address, Hex } from "viem";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import {
  CAPABILITY_MARKERS,
  codeHas,
  detectCapabilities,
  effectiveCode,
  EIP1967_IMPLEMENTATION_SLOT,
  requireFreezeRequests,
} from "../../lib/avs/capabilities.ts";
import { createTask } from "../../lib/aggregator/task_generator.ts";
import { startChallenger } from "../../lib/challenger/challenger.ts";
import { anvilPrivateKey } from "../../lib/keys/devnet_keys.ts";
import type { ChallengerEvent } from "../../lib/challenger/types.ts";
import { waitFor } from "../e2e/helpers.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test("codeHas looks for every marker", () => {
  const m = CAPABILITY_MARKERS.noResponseChallenge.push;
  assert.equal(codeHas(`0x6000${m[0].slice(2)}00` as Hex, m), true);
  assert.equal(codeHas("0x600060006000", m), false);
});

Deno.test("capabilities (anvil)", opts, async (t) => {
  const devnet = await startDevnet();
  const a = devnet.deployment.addresses;
  const gen = await createChainClients({ rpcUrl: devnet.rpcUrl, privateKey: anvilPrivateKey(9) });
  const client = gen.publicClient;
  try {
    await t.step("this project's contracts have every extension", async () => {
      const caps = await detectCapabilities(client, {
        taskManager: a.incredibleSquaringTaskManager,
        serviceManager: a.incredibleSquaringServiceManager,
      });
      assert.deepEqual(caps, {
        noResponseChallenge: true,
        attestations: true,
        taskCompletedEvent: true,
        freezeRequests: true,
        isFrozen: true,
        faultLedger: true,
      });
    });

    await t.step("other contracts have none; no code is an error", async () => {
      const caps = await detectCapabilities(client, {
        taskManager: a.stakeRegistry,
        serviceManager: a.registryCoordinator,
      });
      assert.ok(Object.values(caps).every((v) => v === false), JSON.stringify(caps));
      await assert.rejects(
        effectiveCode(client, "0x000000000000000000000000000000000000dEaD"),
        /no contract code at 0x000000000000000000000000000000000000dEaD/,
      );
    });

    await t.step("CLI check: a ServiceManager without freeze requests is named", async () => {
      await requireFreezeRequests(client, a.incredibleSquaringServiceManager);
      await assert.rejects(
        requireFreezeRequests(client, a.stakeRegistry),
        /has no freeze requests/,
      );
    });

    await t.step("challenger: no raiseNoResponseChallenge → no transaction", async () => {
      // Remove the function from the TaskManager's dispatcher (the code behind the proxy if any).
      const slot = await client.getStorageAt({
        address: a.incredibleSquaringTaskManager,
        slot: EIP1967_IMPLEMENTATION_SLOT,
      });
      const target = slot && BigInt(slot) !== 0n
        ? (`0x${slot.slice(-40)}` as Address)
        : a.incredibleSquaringTaskManager;
      const original = (await client.getCode({ address: target }))!;
      const marker = CAPABILITY_MARKERS.noResponseChallenge.push[0].slice(2);
      assert.ok(original.includes(marker));
      const patched = original.replaceAll(marker, "63ffffffff") as Hex;
      await client.request({
        method: "anvil_setCode" as never,
        params: [target, patched] as never,
      });
      const caps = await detectCapabilities(client, {
        taskManager: a.incredibleSquaringTaskManager,
        serviceManager: a.incredibleSquaringServiceManager,
      });
      assert.equal(caps.noResponseChallenge, false);
      assert.equal(caps.attestations, true);

      const challengerKey = anvilPrivateKey(2);
      const start = await client.getBlockNumber();
      const run = async () => {
        const events: ChallengerEvent[] = [];
        const ch = await startChallenger({
          rpcUrl: devnet.rpcUrl,
          privateKey: challengerKey,
          taskManager: a.incredibleSquaringTaskManager,
          serviceManager: a.incredibleSquaringServiceManager,
          startBlock: start,
          finalizeFreezeRequests: true,
          pollMs: 50,
        });
        ch.on((e) => events.push(e));
        return { ch, events };
      };
      const first = await run();
      const sender = first.ch.clients.account.address;
      const nonceBefore = await client.getTransactionCount({ address: sender });
      await createTask(gen, a.incredibleSquaringTaskManager, 7n, 100, [0]);
      // Past the response window (30 blocks), inside the challenge window.
      await client.request({ method: "anvil_mine" as never, params: ["0x28"] as never });
      await new Promise((r) => setTimeout(r, 1500));
      await first.ch.stop();
      assert.equal(await client.getTransactionCount({ address: sender }), nonceBefore);
      assert.ok(
        !first.events.some((e) => e.kind === "challenge_sent" || e.kind === "challenge_failed"),
      );

      // Control: with the function back, the same task is challenged.
      await client.request({
        method: "anvil_setCode" as never,
        params: [target, original] as never,
      });
      const second = await run();
      try {
        await waitFor(
          "no-response challenge",
          () =>
            second.events.find((e) => e.kind === "challenge_sent" && e.reason === "no_response"),
        );
      } finally {
        await second.ch.stop();
      }
    });
  } finally {
    await gen.close();
    await devnet.stop();
  }
});
