/**
 * Restarts with real processes: an operator process restarted mid-run resumes answering without
 * registering or depositing again; an aggregator process restarted mid-run continues with new
 * tasks that the operators answer.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createPublicClient, http, parseAbiItem } from "viem";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { freePorts, planOperators, writeRunConfigs } from "../../lib/start/configs.ts";
import { Supervisor } from "../../lib/start/supervisor.ts";
import { devnetOperatorKeys } from "../../lib/keys/devnet_keys.ts";
import { incredibleSquaringTaskManagerAbi, strategyBaseAbi } from "../../lib/chain/abi/mod.ts";
import { waitFor } from "./helpers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test({
  name: "restarts: operator resumes without re-registering, aggregator continues with new tasks",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const devnet = await startDevnet();
    const dir = await Deno.makeTempDir({ prefix: "incsq-restart-" });
    const lines: string[] = [];
    const sup = new Supervisor({ write: (l) => lines.push(l), colour: false, stopGraceMs: 3000 });
    const a = devnet.deployment.addresses;
    const client = createPublicClient({ transport: http(devnet.rpcUrl) });
    try {
      const deploymentPath = join(dir, "deployment.json");
      await Deno.writeTextFile(deploymentPath, JSON.stringify(devnet.deployment));
      const files = await writeRunConfigs({
        dir,
        rpcUrl: devnet.rpcUrl,
        wsUrl: devnet.wsUrl,
        deploymentPath,
        ports: freePorts(2),
        operators: planOperators(2, 0),
        taskIntervalSeconds: 0.5,
        thresholdPercentage: 50,
        stakeUpdateIntervalSeconds: 60,
        production: true,
      });
      const env = { OPERATOR_ECDSA_KEY_PASSWORD: "", OPERATOR_BLS_KEY_PASSWORD: "" };
      const deno = Deno.execPath();
      const operator = (i: number) =>
        sup.spawn({
          name: `operator${i}`,
          cmd: deno,
          args: ["run", "-q", "-A", join(ROOT, "operator.ts"), "--config", files.operators[i - 1]],
          env,
          cwd: ROOT,
        });
      const aggregator = () =>
        sup.spawn({
          name: "aggregator",
          cmd: deno,
          args: ["run", "-q", "-A", join(ROOT, "aggregator.ts"), "--config", files.aggregator],
          cwd: ROOT,
        });
      const op1 = operator(1);
      operator(2);
      const op1Address = devnetOperatorKeys(1).address;
      const registered = async () => {
        const logs = await client.getLogs({
          address: a.registryCoordinator,
          event: parseAbiItem(
            "event OperatorRegistered(address indexed operator, bytes32 indexed operatorId)",
          ),
          args: { operator: op1Address },
          fromBlock: 0n,
        });
        return logs.length;
      };
      await waitFor(
        "operator1 registered",
        async () => (await registered()) === 1 || undefined,
        60_000,
      );
      await waitFor(
        "operator2 registered",
        () =>
          lines.some((l) => l.startsWith("[operator2]") && l.includes("operator running")) ||
          undefined,
        60_000,
      );
      let agg = aggregator();
      const responses = async () =>
        (await client.getContractEvents({
          address: a.incredibleSquaringTaskManager,
          abi: incredibleSquaringTaskManagerAbi,
          eventName: "TaskResponded",
          fromBlock: 0n,
        })).length;
      await waitFor("first responses", async () => (await responses()) >= 2 || undefined, 60_000);

      // Restart operator 1.
      const shares = () =>
        client.readContract({
          address: a.erc20MockStrategy,
          abi: strategyBaseAbi,
          functionName: "shares",
          args: [op1Address],
        });
      const sharesBefore = await shares();
      op1.pid && Deno.kill(op1.pid, "SIGTERM");
      assert.equal((await op1.status).code, 0, "operator exits cleanly on SIGTERM");
      const mark = lines.length;
      operator(1);
      await waitFor(
        "restarted operator1 answering",
        () =>
          lines.slice(mark).some((l) =>
            l.startsWith("[operator1]") && /aggregator accepted the response to task/.test(l)
          ) || undefined,
        60_000,
      );
      assert.equal(await registered(), 1, "no second AVS registration");
      assert.equal(await shares(), sharesBefore, "no second deposit");
      assert.ok(
        !lines.slice(mark).some((l) =>
          l.startsWith("[operator1]") && /"level":"(error|fatal)"/.test(l)
        ),
        lines.slice(mark).join("\n"),
      );

      // Restart the aggregator: new tasks keep being created and answered.
      const tasks = async () =>
        Number(
          await client.readContract({
            address: a.incredibleSquaringTaskManager,
            abi: incredibleSquaringTaskManagerAbi,
            functionName: "taskNumber",
          }),
        );
      Deno.kill(agg.pid, "SIGTERM");
      assert.equal((await agg.status).code, 0, "aggregator exits cleanly on SIGTERM");
      const tasksBefore = await tasks();
      const respBefore = await responses();
      agg = aggregator();
      await waitFor(
        "new tasks answered after the aggregator restart",
        async () =>
          (await tasks()) > tasksBefore + 1 && (await responses()) > respBefore + 1 || undefined,
        60_000,
      );
    } finally {
      await sup.stopAll();
      await devnet.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
