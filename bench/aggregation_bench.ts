/**
 * BLS aggregation service throughput with 200 operators: one task per iteration, every operator
 * submits a valid signature, the iteration ends when the aggregate is emitted. Compared in the
 * same run: one verification per signature (`batchSize: 1`, what eigensdk-go's service does)
 * against micro-batched verification, with 64 submissions in flight (as 64 concurrent RPC
 * clients) and with all 200 at once. Real keys and signatures (lib/bls), in-memory registry.
 * Run with `deno task bench`; a summary with accepted signatures/s and the ratio is printed at
 * the end.
 * @module
 */
import { cpuUsage } from "node:process";
import { keccak256, stringToHex, toHex } from "viem";
import { g1PublicKey, g2PublicKey, operatorId, sign } from "../lib/bls/mod.ts";
import {
  type AggregationResult,
  BlsAggregationService,
  InMemoryAvsStateReader,
} from "../lib/aggregation/mod.ts";

const OPERATORS = 200;
const response = "bench response";
const hash = (r: string) => keccak256(stringToHex(r));
const digest = hash(response);

const sks = Array.from({ length: OPERATORS }, (_, i) => 0xbe7c_0000_0000n * BigInt(i + 1) + 7n);
const operators = sks.map((sk, i) => {
  const pubkeyG1 = g1PublicKey(sk);
  return {
    id: operatorId(pubkeyG1),
    signature: sign(sk, digest),
    entry: {
      operatorAddress: toHex(i + 1, { size: 20 }),
      pubkeyG1,
      pubkeyG2: g2PublicKey(sk),
      stakePerQuorum: { 0: 1n },
    },
  };
});
const reader = new InMemoryAvsStateReader(operators.map((o) => o.entry));

/** A service and a runner that aggregates one fresh task per call. */
function scenario(batchSize: number | undefined, inFlight: number) {
  const service = new BlsAggregationService<string>({ reader, hashResponse: hash, batchSize });
  const waiting = new Map<number, (r: AggregationResult<string>) => void>();
  service.onResult((r) => waiting.get(r.taskIndex)?.(r));
  let taskIndex = 0;
  const times: number[] = [];
  /** Process CPU time (user + system) per iteration: robust when other work shares the cores. */
  const cpuTimes: number[] = [];
  const run = async () => {
    const t = ++taskIndex;
    const done = new Promise<AggregationResult<string>>((resolve) => waiting.set(t, resolve));
    const start = performance.now();
    const cpu0 = cpuUsage();
    service.initializeNewTask({
      taskIndex: t,
      taskCreatedBlock: 1,
      quorumNumbers: [0],
      quorumThresholdPercentages: [100],
      expiryBlocks: 1_000_000,
    });
    let next = 0;
    const worker = async () => {
      while (next < OPERATORS) {
        const o = operators[next++];
        await service.processNewSignature(t, response, o.signature, o.id);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    const result = await done;
    times.push(performance.now() - start);
    const cpu = cpuUsage(cpu0);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    waiting.delete(t);
    if (result.kind !== "aggregated") throw new Error(`task ${t}: ${result.kind}`);
  };
  return { service, run, times, cpuTimes };
}

const single = scenario(1, 64);
const batched64 = scenario(undefined, 64);
const batchedAll = scenario(undefined, OPERATORS);
const group = "aggregate-200-operators";
const opts = { group, n: 8, warmup: 2 };

Deno.bench({ name: "one-verify-per-signature, 64 in flight", baseline: true, ...opts }, single.run);
Deno.bench({ name: "batched, 64 in flight", ...opts }, batched64.run);
Deno.bench({ name: "batched, 200 in flight", ...opts }, batchedAll.run);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)];
}

globalThis.addEventListener("unload", () => {
  const base = median(single.times);
  const baseCpu = median(single.cpuTimes);
  const rows = [
    ["one-verify-per-signature, 64 in flight", single],
    ["batched, 64 in flight", batched64],
    ["batched, 200 in flight", batchedAll],
  ] as const;
  console.log(
    `\naggregation, ${OPERATORS} operators (medians over each case's iterations; wall clock, ` +
      `then process CPU time, which other load on the machine inflates less):`,
  );
  for (const [name, s] of rows) {
    const ms = median(s.times);
    const cpu = median(s.cpuTimes);
    const st = s.service.verificationStats();
    console.log(
      `  ${name.padEnd(40)} ${(OPERATORS / ms * 1000).toFixed(0).padStart(6)} accepted sig/s ` +
        `(${(base / ms).toFixed(2)}×), ${
          (cpu / OPERATORS * 1000).toFixed(0).padStart(5)
        } µs CPU/sig ` +
        `(${(baseCpu / cpu).toFixed(2)}×); batches ${st.batches}, combined checks ` +
        `${st.combinedChecks}, single checks ${st.singleChecks}`,
    );
  }
});
