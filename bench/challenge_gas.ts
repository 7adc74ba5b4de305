/**
 * Challenge gas vs operator count (`deno task bench:challenge [--operators 10,100,400,1000]
 * [--batch 50] [--eigenlayer m2|slashing] [--json FILE]`; also the last phase of
 * `deno task bench:system`).
 *
 * For each N: a fresh devnet, N generated operators registered (lib/devnet/operator_crowd.ts,
 * no nodes), one task answered wrongly and signed by all N (the worst case: everyone at fault),
 * then `raiseAndResolveChallenge` (which walks the FaultLedger's opening batch of 32) and
 * `assignFaults` with `--batch` entries per call until the assignment completes. Reported per N:
 * the challenge transaction's gas, the largest and the total `assignFaults` gas, the number of
 * transactions, and the largest single transaction — the number that must stay under a block's
 * gas limit (30M) whatever N is.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { startDevnet } from "../lib/devnet/devnet.ts";
import {
  challengePosted,
  devnetAggregatorClients,
  registerCrowd,
  respondSignedBy,
} from "../lib/devnet/operator_crowd.ts";
import { createChainClients } from "../lib/chain/clients.ts";
import { anvilPrivateKey } from "../lib/keys/devnet_keys.ts";
import { mine } from "../lib/devnet/anvil.ts";
import { assignFaults, createNewTask, faultLedgerOf, getFaultAssignment } from "../lib/avs/mod.ts";

/** Gas of one wrong-answer challenge and its fault assignment at one operator count. */
export interface ChallengeGasRow {
  operators: number;
  /** `raiseAndResolveChallenge` (includes the opening batch of 32). */
  challengeGas: number;
  /** `assignFaults` calls after the challenge. */
  batches: number;
  maxBatchGas: number;
  totalBatchGas: number;
  /** Largest single transaction of the whole dispute. */
  maxTxGas: number;
  /** Operators held at fault (= N here). */
  operatorsAtFault: number;
  /** Seconds to register the N operators (setup, not part of the figure). */
  registrationSeconds: number;
}

/** Measures one operator count on a fresh devnet. */
export async function measureChallengeGas(
  n: number,
  batch: number,
  say: (line: string) => void = () => {},
  eigenlayer: "m2" | "slashing" = "m2",
): Promise<ChallengeGasRow> {
  const devnet = await startDevnet({ eigenlayer });
  const avs = {
    taskManager: devnet.deployment.addresses.incredibleSquaringTaskManager,
    serviceManager: devnet.deployment.addresses.incredibleSquaringServiceManager,
  };
  const challenger = await createChainClients({
    rpcUrl: devnet.rpcUrl,
    privateKey: anvilPrivateKey(2),
    pollingInterval: 50,
  });
  // Anvil #9 is the devnet's task generator and aggregator: one client (one nonce manager).
  const aggregator = await devnetAggregatorClients(devnet);
  try {
    const t0 = performance.now();
    const crowd = await registerCrowd(devnet, n, {
      onProgress: (done) => {
        if (done % 100 === 0 || done === n) say(`N=${n}: ${done}/${n} operators registered`);
      },
    });
    const registrationSeconds = (performance.now() - t0) / 1000;
    await mine(devnet.rpcUrl, 1);
    const created = await createNewTask(aggregator, avs, {
      numberToBeSquared: 3n,
      quorumThresholdPercentage: 50,
      quorumNumbers: [0],
    });
    await mine(devnet.rpcUrl, 1);
    const posted = await respondSignedBy(devnet, aggregator, created, 10n, crowd, () => true);
    const challenge = await challengePosted(devnet, challenger, created, posted);
    const ledger = await faultLedgerOf(aggregator.publicClient, avs);
    const gas: number[] = [];
    let done = !(await getFaultAssignment(aggregator.publicClient, ledger, created.taskIndex)).open;
    while (!done) {
      const r = await assignFaults(challenger, ledger, {
        taskIndex: created.taskIndex,
        task: created.task,
        nonSignerIds: [],
        maxEntries: batch,
      });
      gas.push(Number(r.receipt.gasUsed));
      done = r.done;
      if (gas.length > n) throw new Error("assignFaults never completed");
    }
    const challengeGas = Number(challenge.gasUsed);
    const settled = await getFaultAssignment(aggregator.publicClient, ledger, created.taskIndex);
    return {
      operators: n,
      challengeGas,
      batches: gas.length,
      maxBatchGas: gas.length ? Math.max(...gas) : 0,
      totalBatchGas: gas.reduce((s, g) => s + g, 0),
      maxTxGas: Math.max(challengeGas, ...gas),
      operatorsAtFault: settled.operatorsAtFault,
      registrationSeconds: Math.round(registrationSeconds * 10) / 10,
    };
  } finally {
    await challenger.close();
    await aggregator.close();
    await devnet.stop();
  }
}

/** The rows as a fixed-width table. */
export function challengeGasTable(rows: readonly ChallengeGasRow[]): string {
  const m = (g: number) => `${(g / 1e6).toFixed(2)}M`;
  const lines = [
    "operators | challenge tx | assignFaults calls | largest call | all calls | largest tx",
    "----------|--------------|--------------------|--------------|-----------|-----------",
    ...rows.map((r) =>
      [
        String(r.operators).padStart(9),
        m(r.challengeGas).padStart(12),
        String(r.batches).padStart(18),
        m(r.maxBatchGas).padStart(12),
        m(r.totalBatchGas).padStart(9),
        m(r.maxTxGas).padStart(10),
      ].join(" | ")
    ),
  ];
  return lines.join("\n");
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      operators: { type: "string", default: "10,100,400,1000" },
      batch: { type: "string", default: "50" },
      eigenlayer: { type: "string", default: "m2" },
      json: { type: "string" },
    },
  });
  const counts = values.operators.split(",").map(Number);
  if (counts.some((c) => !Number.isInteger(c) || c < 1 || c > 2000)) {
    throw new Error(`--operators must be integers from 1 to 2000, got ${values.operators}`);
  }
  const batch = Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > 1000) {
    throw new Error(`--batch must be an integer from 1 to 1000, got ${values.batch}`);
  }
  const era = values.eigenlayer;
  if (era !== "m2" && era !== "slashing") {
    throw new Error(`--eigenlayer must be m2 or slashing, got ${era}`);
  }
  const say = (line: string) => console.error(`[bench:challenge] ${line}`);
  const rows: ChallengeGasRow[] = [];
  for (const n of counts) {
    const row = await measureChallengeGas(n, batch, say, era);
    say(`N=${n}: challenge ${row.challengeGas} gas, ${row.batches} assignFaults call(s)`);
    rows.push(row);
  }
  console.log(challengeGasTable(rows));
  if (values.json) {
    await Deno.writeTextFile(
      values.json,
      JSON.stringify({ eigenlayer: era, batch, rows }, null, 2),
    );
  }
}
