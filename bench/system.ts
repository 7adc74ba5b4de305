/**
 * `deno task bench:system [--operators 200] [--json FILE]`: the whole system on a fresh devnet,
 * measured end to end (README "Benchmarks", docs/nodes.md "Operator fleet").
 *
 * 1. Fleet: N operators (keys from lib/keys/devnet_keys.ts) register through the fleet process
 *    (lib/operator/fleet_main.ts); with the real aggregator (threshold 50 %, a task every 3 s) they
 *    answer tasks: created→response mined (blocks, ms as seen by 50 ms log polling), signers,
 *    respondToTask gas, the fleet's RSS.
 * 2. Ingest: the fleet stops; the bench signs every operator's response to each new task itself
 *    and posts them to the aggregator's JSON-RPC (threshold 100 %, so all N are accepted) with 1,
 *    8 and 64 requests in flight: accepted signatures/s, RPC p50/p99, the aggregator process's
 *    CPU ms per signature (/proc). The client is kept cheap so that it does not compete with the
 *    aggregator for the machine (bench/ingest_client.ts): requests are serialised before the
 *    clock starts and written on keep-alive HTTP/1.1 connections, one per request in flight.
 * 3. respondToTask gas vs non-signers: one aggregator per threshold (90, 75, 50 %) gets exactly the
 *    signatures it needs, so the rest are non-signers on chain.
 * 4. Baseline in the same run: the aggregation service verifying one signature at a time
 *    (`batchSize: 1`, what eigensdk-go does) on the same signatures, in this process without
 *    HTTP, 64 in flight; our RPC rate at 64 in flight is reported as a ratio to it.
 *
 * 5. Challenge gas vs N (`bench/challenge_gas.ts`, also `deno task bench:challenge`): for
 *    N = 10, 100 and --operators, each on its own fresh devnet, a wrong answer signed by all N is
 *    challenged and its fault assignment walked with `assignFaults` (50 entries per call): the
 *    challenge transaction's gas, the largest transaction and the total.
 *
 * `--phases fleet,ingest,gas,baseline,challenge` (default: all) runs a subset; the operators
 * always register first. `--profile DIR` runs the ingest aggregator under `deno run --cpu-prof`.
 * @module
 */
import { cpuUsage } from "node:process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createPublicClient, type Hex, http } from "viem";
import { startDevnet } from "../lib/devnet/devnet.ts";
import { fundAccounts } from "../lib/devnet/funding.ts";
import { devnetFleetKeys } from "../lib/keys/devnet_keys.ts";
import { type G1Point, g1PublicKey, g2PublicKey, sign } from "../lib/bls/mod.ts";
import { incredibleSquaringTaskManagerAbi } from "../lib/chain/abi/mod.ts";
import { nonSignersFromCalldata } from "../lib/avs/non_signers.ts";
import { BlsAggregationService, InMemoryAvsStateReader } from "../lib/aggregation/mod.ts";
import { square, type TaskResponse, taskResponseDigest } from "../lib/task/mod.ts";
import { processSignedTaskResponseRequest } from "../lib/task/signed_response.ts";
import { ConnectionPool, prepareJsonPost } from "./ingest_client.ts";
import { type ChallengeGasRow, challengeGasTable, measureChallengeGas } from "./challenge_gas.ts";
import {
  cpuMs,
  memoryMiB,
  type Proc,
  startAggregatorProcess,
  startFleetProcess,
  threadCpuMs,
} from "./system_procs.ts";

const PHASES = ["fleet", "ingest", "gas", "baseline", "challenge"] as const;
type Phase = typeof PHASES[number];

const { values: flags } = parseArgs({
  args: Deno.args,
  options: {
    operators: { type: "string", default: "200" },
    json: { type: "string" },
    phases: { type: "string", default: PHASES.join(",") },
    profile: { type: "string" },
  },
});
const N = Number(flags.operators);
if (!Number.isInteger(N) || N < 2 || N > 400) {
  throw new Error(`--operators must be an integer from 2 to 400, got ${flags.operators}`);
}
const phases = new Set(flags.phases.split(",").map((p) => p.trim()).filter(Boolean));
for (const p of phases) {
  if (!(PHASES as readonly string[]).includes(p)) {
    throw new Error(`--phases takes a comma-separated subset of ${PHASES.join(",")}, got "${p}"`);
  }
}
if (phases.has("baseline") && !phases.has("ingest")) {
  throw new Error("--phases: baseline compares with ingest; add ingest");
}
const runs = (p: Phase) => phases.has(p);
const CLIENT =
  "pre-serialised HTTP/1.1 requests on keep-alive connections (bench/ingest_client.ts)";
const FLEET_TASKS = 8;
const INGEST_TASKS = 3;
const say = (line: string) => console.error(`[bench:system] ${line}`);

type Created = { index: number; n: bigint; block: number; seenAt: number };
type Responded = { index: number; block: number; seenAt: number; txHash: Hex };

const devnet = await startDevnet();
const dir = await Deno.makeTempDir({ prefix: "incsq-bench-system-" });
const procs: Proc[] = [];
const client = createPublicClient({ transport: http(devnet.rpcUrl) });
const taskManager = devnet.deployment.addresses.incredibleSquaringTaskManager;
const created = new Map<number, Created>();
const responded = new Map<number, Responded>();
const watch = new AbortController();

/** Polls the TaskManager's events every 50 ms (the "seen" times of the latency figures). */
async function watchTasks(signal: AbortSignal): Promise<void> {
  let from = BigInt(devnet.deployment.deployedAtBlock);
  while (!signal.aborted) {
    const head = await client.getBlockNumber({ cacheTime: 0 });
    if (head >= from) {
      const logs = await client.getContractEvents({
        address: taskManager,
        abi: incredibleSquaringTaskManagerAbi,
        fromBlock: from,
        toBlock: head,
      });
      const now = performance.now();
      for (const l of logs) {
        if (l.eventName === "NewTaskCreated") {
          const idx = Number(l.args.taskIndex);
          created.set(idx, {
            index: idx,
            n: l.args.task!.numberToBeSquared,
            block: Number(l.args.task!.taskCreatedBlock),
            seenAt: now,
          });
        } else if (l.eventName === "TaskResponded") {
          const idx = l.args.taskResponse!.referenceTaskIndex;
          responded.set(idx, {
            index: idx,
            block: Number(l.args.taskResponseMetadata!.taskRespondedBlock),
            seenAt: now,
            txHash: l.transactionHash,
          });
        }
      }
      from = head + 1n;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function until<T>(get: () => T | undefined, what: string, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The first task created after `afterIndex`. */
const nextTask = (afterIndex: number) =>
  until(() => {
    const newer = [...created.values()].filter((t) => t.index > afterIndex);
    return newer.length ? newer.reduce((a, b) => (a.index < b.index ? a : b)) : undefined;
  }, `a task after ${afterIndex}`);

async function respondGas(r: Responded): Promise<{ gas: number; nonSigners: number }> {
  const [receipt, tx] = await Promise.all([
    client.getTransactionReceipt({ hash: r.txHash }),
    client.getTransaction({ hash: r.txHash }),
  ]);
  return {
    gas: Number(receipt.gasUsed),
    nonSigners: nonSignersFromCalldata(tx.input)?.length ?? -1,
  };
}

const keys = Array.from({ length: N }, (_, i) => devnetFleetKeys(i + 1));

/** Every operator's signature over the correct response to `t`. */
function signAll(t: Created): { response: TaskResponse; sigs: { id: Hex; sig: G1Point }[] } {
  const response = { referenceTaskIndex: t.index, numberSquared: square(t.n) };
  const digest = taskResponseDigest(response);
  return {
    response,
    sigs: keys.map((k) => ({ id: k.operatorId, sig: sign(k.blsPrivateKey, digest) })),
  };
}

/** The JSON-RPC requests carrying `sigs`, as bytes ready to write (built before any clock). */
function prepareRequests(
  port: number,
  response: TaskResponse,
  sigs: readonly { id: Hex; sig: G1Point }[],
): Uint8Array[] {
  return sigs.map((s, i) =>
    prepareJsonPost(
      "127.0.0.1",
      port,
      "/",
      JSON.stringify(
        processSignedTaskResponseRequest(i + 1, {
          taskResponse: response,
          blsSignature: s.sig,
          operatorId: s.id,
        }),
      ),
    )
  );
}

/** Sends prepared requests over `pool` (one in flight per connection); counts the answers. */
async function postAll(
  pool: ConnectionPool,
  requests: readonly Uint8Array[],
): Promise<
  {
    accepted: number;
    acceptedIndices: Set<number>;
    errors: Map<string, number>;
    latencies: number[];
  }
> {
  const answers = await pool.sendAll(requests);
  let accepted = 0;
  const acceptedIndices = new Set<number>();
  const errors = new Map<string, number>();
  answers.forEach((a, i) => {
    const reply = JSON.parse(a.body) as { result?: unknown; error?: { message: string } };
    if (reply.error || reply.result !== true) {
      const key = (reply.error?.message ?? `HTTP ${a.status}`).replace(/\d+/g, "N");
      errors.set(key, (errors.get(key) ?? 0) + 1);
    } else {
      accepted++;
      acceptedIndices.add(i);
    }
  });
  return { accepted, acceptedIndices, errors, latencies: answers.map((a) => a.ms) };
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p / 100 * s.length))] : NaN;
};
const round = (x: number, d = 1) => Number(x.toFixed(d));

const results: Record<string, unknown> = {
  operators: N,
  machine: { cpus: navigator.hardwareConcurrency },
};
try {
  const deploymentPath = join(dir, "deployment.json");
  await Deno.writeTextFile(deploymentPath, JSON.stringify(devnet.deployment));
  await fundAccounts(devnet.rpcUrl, keys.slice(5).map((k) => k.address));
  const watcher = watchTasks(watch.signal);

  // 1. The fleet registers, then answers tasks of the real aggregator.
  say(`registering ${N} operators through the fleet process…`);
  const t0 = performance.now();
  const fleet = await startFleetProcess({
    dir,
    rpcUrl: devnet.rpcUrl,
    wsUrl: devnet.wsUrl,
    deploymentPath,
    aggregatorRpcPort: 1, // no aggregator yet: this start measures registration only
    operators: N,
    registrationConcurrency: 16,
  });
  procs.push(fleet);
  const registrationSeconds = (performance.now() - t0) / 1000;
  const registrationRss = memoryMiB(fleet.pid).rss;
  say(
    `registered in ${registrationSeconds.toFixed(1)} s; fleet RSS ${
      registrationRss.toFixed(0)
    } MiB`,
  );
  await fleet.stop();
  procs.pop();
  results.registration = {
    seconds: round(registrationSeconds),
    rssMiB: round(registrationRss),
  };
  const gasRows: { nonSigners: number; gas: number; threshold: number }[] = [];
  if (runs("fleet")) {
    // Restart the fleet against the aggregator (registration is skipped: already registered).
    const aggA = await startAggregatorProcess({
      dir,
      name: "aggregator-fleet",
      rpcUrl: devnet.rpcUrl,
      wsUrl: devnet.wsUrl,
      deploymentPath,
      thresholdPercentage: 50,
      taskIntervalSeconds: 3,
    });
    procs.push(aggA);
    const fleet2 = await startFleetProcess({
      dir,
      rpcUrl: devnet.rpcUrl,
      wsUrl: devnet.wsUrl,
      deploymentPath,
      aggregatorRpcPort: aggA.rpcPort,
      operators: N,
      registrationConcurrency: 16,
    });
    procs.push(fleet2);
    const first = Math.max(-1, ...created.keys());
    const fleetTasks: {
      index: number;
      blocks: number;
      ms: number;
      nonSigners: number;
      gas: number;
    }[] = [];
    let t = await nextTask(first);
    while (fleetTasks.length < FLEET_TASKS) {
      const r = await until(
        () => responded.get(t.index),
        `the response to task ${t.index}`,
        60_000,
      );
      const g = await respondGas(r);
      fleetTasks.push({
        index: t.index,
        blocks: r.block - t.block,
        ms: Math.round(r.seenAt - t.seenAt),
        nonSigners: g.nonSigners,
        gas: g.gas,
      });
      say(
        `fleet task ${t.index}: ${N - g.nonSigners}/${N} signers, ${r.block - t.block} block(s), ${
          Math.round(r.seenAt - t.seenAt)
        } ms`,
      );
      t = await nextTask(t.index);
    }
    const mem = memoryMiB(fleet2.pid);
    results.fleet = {
      registrationSeconds: round(registrationSeconds),
      rssMiB: round(mem.rss),
      peakRssMiB: round(mem.peak),
      tasks: fleetTasks,
      createdToMined: {
        blocksMax: Math.max(...fleetTasks.map((x) => x.blocks)),
        msP50: percentile(fleetTasks.map((x) => x.ms), 50),
        msMax: Math.max(...fleetTasks.map((x) => x.ms)),
      },
      minSigners: N - Math.max(...fleetTasks.map((x) => x.nonSigners)),
    };
    for (const f of fleetTasks) {
      gasRows.push({ nonSigners: f.nonSigners, gas: f.gas, threshold: 50 });
    }
    await fleet2.stop();
    await aggA.stop();
    procs.length = 0;
  }

  // 2. Ingest through the real aggregator RPC, all N signatures per task.
  const ingest: Record<string, unknown>[] = [];
  let lastSigned: { response: TaskResponse; sigs: { id: Hex; sig: G1Point }[] } | undefined;
  if (runs("ingest")) {
    const aggB = await startAggregatorProcess({
      dir,
      name: "aggregator-ingest",
      rpcUrl: devnet.rpcUrl,
      wsUrl: devnet.wsUrl,
      deploymentPath,
      thresholdPercentage: 100,
      taskIntervalSeconds: 2,
      denoFlags: flags.profile ? ["--cpu-prof", `--cpu-prof-dir=${flags.profile}`] : [],
    });
    procs.push(aggB);
    let cursor = Math.max(-1, ...created.keys());
    for (const concurrency of [1, 8, 64]) {
      const pool = await ConnectionPool.open(aggB.rpcPort, concurrency);
      let accepted = 0;
      let wallMs = 0;
      let aggCpuMs = 0;
      let clientCpuMs = 0;
      const threadMs = new Map<string, number>();
      const latencies: number[] = [];
      const errors = new Map<string, number>();
      let skipped = 0;
      for (let i = 0; i < INGEST_TASKS;) {
        const task = await nextTask(cursor);
        cursor = task.index;
        const signed = signAll(task);
        lastSigned = signed;
        const requests = prepareRequests(aggB.rpcPort, signed.response, signed.sigs);
        const cpu0 = cpuMs(aggB.pid);
        const threads0 = threadCpuMs(aggB.pid);
        const client0 = cpuUsage();
        const w0 = performance.now();
        const r = await postAll(pool, requests);
        const ms = performance.now() - w0;
        const client = cpuUsage(client0);
        const cpu = cpuMs(aggB.pid) - cpu0;
        const threads = threadCpuMs(aggB.pid);
        for (const [k, v] of r.errors) errors.set(k, (errors.get(k) ?? 0) + v);
        if (r.accepted < N) {
          // A task the aggregator did not open in time: not a throughput sample; say so, take the next.
          say(
            `ingest c=${concurrency}: task ${task.index} took ${r.accepted}/${N}: ${
              JSON.stringify(Object.fromEntries(r.errors))
            }`,
          );
          if (++skipped > 3) {
            throw new Error(`the aggregator kept refusing signatures (${skipped} tasks)`);
          }
          continue;
        }
        i++;
        wallMs += ms;
        aggCpuMs += cpu;
        clientCpuMs += (client.user + client.system) / 1000;
        for (const [name, t] of threads) {
          threadMs.set(name, (threadMs.get(name) ?? 0) + t - (threads0.get(name) ?? 0));
        }
        accepted += r.accepted;
        latencies.push(...r.latencies);
        if (runs("gas") && concurrency === 64 && !gasRows.some((g) => g.threshold === 100)) {
          const resp = await until(
            () => responded.get(task.index),
            `response to ${task.index}`,
            60_000,
          );
          gasRows.push({ ...(await respondGas(resp)), threshold: 100 });
        }
      }
      const row = {
        concurrency,
        accepted,
        sent: INGEST_TASKS * N,
        tasksSkipped: skipped,
        acceptedPerSecond: round(accepted / wallMs * 1000, 0),
        aggregatorCpuMsPerSignature: round(aggCpuMs / Math.max(1, accepted), 2),
        // Per thread: "main" serves the RPC, "verify worker" runs the pairings, "other" is V8's
        // helpers (GC, compiler) and I/O threads (/proc ticks of 10 ms, so coarse).
        aggregatorThreadCpuMsPerSignature: Object.fromEntries(
          [...threadMs].map(([name, t]) => [name, round(t / Math.max(1, accepted), 3)]),
        ),
        // This process while it posts: the load generator's own share of the two cores.
        clientCpuMsPerSignature: round(clientCpuMs / Math.max(1, accepted), 3),
        rpcP50Ms: round(percentile(latencies, 50), 2),
        rpcP99Ms: round(percentile(latencies, 99), 2),
        errors: Object.fromEntries(errors),
      };
      ingest.push(row);
      pool.close();
      say(`ingest c=${concurrency}: ${row.acceptedPerSecond} accepted/s, p99 ${row.rpcP99Ms} ms`);
    }
    results.ingest = { client: CLIENT, rows: ingest };
    await aggB.stop();
    procs.length = 0;
  }

  // 3. respondToTask gas vs non-signers: each threshold gets exactly the signatures it needs.
  if (runs("gas")) {
    for (const threshold of [90, 75, 50]) {
      const agg = await startAggregatorProcess({
        dir,
        name: `aggregator-t${threshold}`,
        rpcUrl: devnet.rpcUrl,
        wsUrl: devnet.wsUrl,
        deploymentPath,
        thresholdPercentage: threshold,
        taskIntervalSeconds: 2,
      });
      procs.push(agg);
      const task = await nextTask(Math.max(-1, ...created.keys()));
      const signed = signAll(task);
      const k = Math.ceil(N * threshold / 100);
      // Like an operator, re-send what was not taken (e.g. sent before the task was initialised).
      let missing = signed.sigs.slice(0, k);
      const pool = await ConnectionPool.open(agg.rpcPort, 8);
      for (let round = 0; missing.length && round < 5; round++) {
        const r = await postAll(pool, prepareRequests(agg.rpcPort, signed.response, missing));
        if (r.errors.size) {
          say(`threshold ${threshold}: ${JSON.stringify(Object.fromEntries(r.errors))}`);
        }
        missing = missing.filter((_, i) => !r.acceptedIndices.has(i));
        if (missing.length) await new Promise((res) => setTimeout(res, 500));
      }
      pool.close();
      const resp = await until(
        () => responded.get(task.index),
        `response to ${task.index}`,
        60_000,
      );
      gasRows.push({ ...(await respondGas(resp)), threshold });
      await agg.stop();
      procs.length = 0;
    }
    const byNonSigners = new Map<number, number>();
    for (const r of gasRows) {
      if (!byNonSigners.has(r.nonSigners)) byNonSigners.set(r.nonSigners, r.gas);
    }
    results.respondToTaskGas = [...byNonSigners].sort((a, b) => a[0] - b[0]).map((
      [nonSigners, gas],
    ) => ({
      nonSigners,
      gas,
    }));
  }

  // 4. Baseline: one verification per signature (eigensdk-go style), same signatures, in process.
  if (runs("baseline")) {
    const reader = new InMemoryAvsStateReader(keys.map((k) => ({
      operatorAddress: k.address,
      pubkeyG1: g1PublicKey(k.blsPrivateKey),
      pubkeyG2: g2PublicKey(k.blsPrivateKey),
      stakePerQuorum: { 0: 1000n },
      operatorId: k.operatorId,
    })));
    const service = new BlsAggregationService<TaskResponse>({
      reader,
      hashResponse: taskResponseDigest,
      responseTaskIndex: (r) => r.referenceTaskIndex,
      batchSize: 1,
    });
    const signed = lastSigned!;
    let baseMs = 0;
    let baseCpu = 0;
    const rounds = 3;
    for (let i = 0; i < rounds; i++) {
      const idx = 1_000_000 + i;
      const response = { ...signed.response, referenceTaskIndex: idx };
      const sigs = signAll({ index: idx, n: 7n, block: 1, seenAt: 0 });
      const done = new Promise<void>((resolve) => {
        const off = service.onResult((r) => {
          if (r.taskIndex === idx) {
            off();
            resolve();
          }
        });
      });
      const c0 = cpuUsage();
      const w0 = performance.now();
      service.initializeNewTask({
        taskIndex: idx,
        taskCreatedBlock: 1,
        quorumNumbers: [0],
        quorumThresholdPercentages: [100],
        expiryBlocks: 1_000_000,
      });
      let next = 0;
      const worker = async () => {
        while (next < N) {
          const s = sigs.sigs[next++];
          await service.processNewSignature(idx, { ...response, numberSquared: 49n }, s.sig, s.id);
        }
      };
      await Promise.all(Array.from({ length: 64 }, worker));
      await done;
      baseMs += performance.now() - w0;
      const c = cpuUsage(c0);
      baseCpu += (c.user + c.system) / 1000;
    }
    const baseRate = N * rounds / baseMs * 1000;
    const ours = (ingest.find((r) => r.concurrency === 64)?.acceptedPerSecond as number) ?? NaN;
    results.baseline = {
      what:
        "BlsAggregationService batchSize 1 (one verify per signature), in process, 64 in flight",
      acceptedPerSecond: round(baseRate, 0),
      cpuMsPerSignature: round(baseCpu / (N * rounds), 2),
      oursAt64OverBaseline: round(ours / baseRate, 2),
    };
  }
  watch.abort();
  await watcher.catch(() => {});
} finally {
  watch.abort();
  for (const p of procs) await p.stop().catch(() => {});
  await devnet.stop();
}

// 5. Challenge gas vs N, each on a fresh devnet of its own (after the main one is gone).
if (runs("challenge")) {
  const counts = [...new Set([10, 100, N])].sort((a, b) => a - b);
  const rows: ChallengeGasRow[] = [];
  for (const n of counts) {
    say(`challenge gas: N=${n} (fresh devnet)`);
    rows.push(await measureChallengeGas(n, 50, say));
  }
  results.challengeGas = { batch: 50, rows };
}

// Report: JSON (stdout, or --json FILE) and a table (stderr).
const json = JSON.stringify(results, null, 2);
if (flags.json) await Deno.writeTextFile(flags.json, json + "\n");
else console.log(json);
const f = results.fleet as {
  registrationSeconds: number;
  rssMiB: number;
  peakRssMiB: number;
  minSigners: number;
  createdToMined: { blocksMax: number; msP50: number; msMax: number };
} | undefined;
const reg = results.registration as { seconds: number; rssMiB: number };
const ing = results.ingest as { client: string; rows: Record<string, number>[] } | undefined;
const b = results.baseline as {
  acceptedPerSecond: number;
  cpuMsPerSignature: number;
  oursAt64OverBaseline: number;
} | undefined;
const gas = results.respondToTaskGas as { nonSigners: number; gas: number }[] | undefined;
const challenge = results.challengeGas as { rows: ChallengeGasRow[] } | undefined;
const lines = [
  `system benchmark, ${N} operators (${navigator.hardwareConcurrency} CPUs), phases ${
    [...phases].join(",")
  }`,
  `  registration ${reg.seconds} s, fleet RSS ${reg.rssMiB} MiB`,
  ...(f
    ? [
      `  fleet: RSS ${f.rssMiB} MiB (peak ${f.peakRssMiB} MiB), ` +
      `fewest signers ${f.minSigners}/${N}, created→mined ≤ ${f.createdToMined.blocksMax} block(s), ` +
      `p50 ${f.createdToMined.msP50} ms, max ${f.createdToMined.msMax} ms`,
    ]
    : []),
  ...(ing
    ? [
      `  ingest client: ${ing.client}`,
      `  ${"in flight".padEnd(10)}${"accepted/s".padStart(12)}${"agg CPU ms/sig".padStart(16)}${
        "p50 ms".padStart(10)
      }${"p99 ms".padStart(10)}${"client CPU".padStart(12)}  agg CPU ms/sig by thread`,
      ...ing.rows.map((r) =>
        `  ${String(r.concurrency).padEnd(10)}${String(r.acceptedPerSecond).padStart(12)}${
          String(r.aggregatorCpuMsPerSignature).padStart(16)
        }${String(r.rpcP50Ms).padStart(10)}${String(r.rpcP99Ms).padStart(10)}${
          String(r.clientCpuMsPerSignature).padStart(12)
        }  ${JSON.stringify(r.aggregatorThreadCpuMsPerSignature)}`
      ),
    ]
    : []),
  ...(b
    ? [
      `  baseline (one verify per signature, in process, 64 in flight): ${b.acceptedPerSecond}/s, ` +
      `${b.cpuMsPerSignature} CPU ms/sig; ours at 64 in flight = ${b.oursAt64OverBaseline}× baseline`,
    ]
    : []),
  ...(gas
    ? [`  respondToTask gas: ${gas.map((r) => `${r.nonSigners} non-signers ${r.gas}`).join(", ")}`]
    : []),
  ...(challenge
    ? ["  challenge gas (everyone signed a wrong answer; assignFaults of 50 entries):"].concat(
      challengeGasTable(challenge.rows).split("\n").map((l) => `  ${l}`),
    )
    : []),
];
console.error(lines.join("\n"));
