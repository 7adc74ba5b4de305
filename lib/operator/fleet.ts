/**
 * An operator fleet: many operators in one process, each with its own ECDSA and BLS keys, its own
 * registration (M2 quorums or slashing-era operator sets, whichever era the chain runs), its own
 * signature and delivery per task, and its own on-chain attestation of a correct response the
 * aggregator left unanswered, through the same pieces as the single operator (startup.ts,
 * intake.ts, responder.ts, delivery.ts, attestation.ts, aggregator_client.ts). What they share is
 * what costs memory or connections: one HTTP chain client, one `NewTaskCreated` follower (one
 * WebSocket), one aggregator client, one metrics registry and node API, and one read per task
 * (quorum membership, the confirmed task hash, answered or not, the head) instead of one per
 * operator.
 *
 * `deno task start --operators N` runs a fleet above 5 operators (docs/nodes.md).
 *
 * @module
 */
import { type Address, createWalletClient, type Hex, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import * as abi from "../chain/abi/mod.ts";
import { createChainClients, pendingNonceManager, type TxSender } from "../chain/clients.ts";
import { type Follower, followEvents } from "../chain/events.ts";
import { g1PublicKey, operatorId } from "../bls/mod.ts";
import { operatorStateAtBlock, retrieverContracts } from "../eigenlayer/state_retriever.ts";
import { getLogger } from "../log/mod.ts";
import {
  createRegistry,
  registerEigenMetrics,
  registerFleetSlashingMetrics,
  registerFollowerMetrics,
  registerOperatorMetrics,
  RpcMetrics,
} from "../metrics/mod.ts";
import type { Health } from "../nodeapi/mod.ts";
import { startNodeShell } from "../node/shell.ts";
import { sleep } from "../process/sleep.ts";
import { forEachBounded } from "../process/concurrency.ts";
import {
  attestationSummaries,
  concurrencyGate,
  type FleetAttestationSummary,
  type FleetTaskSummary,
  quorumMembership,
  sharedReads,
  taskSummaries,
} from "./fleet_tasks.ts";
import type { SignedTaskResponse } from "../task/signed_response.ts";
import { AggregatorClient, aggregatorUrl, type SendOutcome } from "./aggregator_client.ts";
import { type OperatorChainState, operatorChainState } from "./chain_state.ts";
import { responseDelivery } from "./delivery.ts";
import { taskIntake } from "./intake.ts";
import { unansweredResponseWatch } from "./attestation.ts";
import { registerForEra, resolveOperatorSetup } from "./startup.ts";
import { fleetSlashingSources } from "./slashing_samples.ts";
import type { OperatorSettings } from "./settings.ts";
import { operatorConfigSchema } from "../config/operator.ts";
import type { Task } from "../task/mod.ts";

const log = getLogger(["operator", "fleet"]);

/** One operator of a fleet (keys in memory, e.g. `devnetFleetKeys` in lib/keys/devnet_keys.ts). */
export interface FleetMember {
  /** Display index (`operator<index>`). */
  index: number;
  ecdsaPrivateKey: Hex;
  blsPrivateKey: bigint;
  /** Token base units deposited at registration when the operator holds no shares. */
  depositAmount: bigint;
  /** Percentage of tasks this operator answers wrongly on purpose. */
  timesFailing: number;
}

/** Settings of {@link startOperatorFleet}: the single operator's, minus what is per member. */
export interface FleetSettings extends
  Omit<
    OperatorSettings,
    "keys" | "depositAmount" | "timesFailing" | "attestation" | "confirmations"
  > {
  members: readonly FleetMember[];
  /** Operators registering at the same time (default 8). */
  registrationConcurrency?: number;
  /** As the single operator's (default: on, 5 blocks before the window closes). */
  attestation?: OperatorSettings["attestation"];
  /** As the single operator's (default 0). */
  confirmations?: number;
  /** Members sending attestation transactions at the same time (default 16). */
  attestationConcurrency?: number;
}

// The single operator's defaults, from its config schema, for what a fleet may leave out.
const operatorDefaults = operatorConfigSchema.pick({
  attest_unanswered_responses: true,
  attestation_margin_blocks: true,
  confirmations: true,
}).parse({});

/** Defaults of {@link FleetSettings}: the single operator's where it has the setting. */
export const FLEET_DEFAULTS = {
  attestation: {
    enabled: operatorDefaults.attest_unanswered_responses,
    marginBlocks: operatorDefaults.attestation_margin_blocks,
  },
  confirmations: operatorDefaults.confirmations,
  attestationConcurrency: 16,
  registrationConcurrency: 8,
} as const;

/** Options of {@link startOperatorFleet}. */
export interface FleetOptions {
  /** Random source for `timesFailing` (tests). */
  random?: () => number;
  /** Aborts the startup (registration) when a shutdown signal arrives meanwhile. */
  signal?: AbortSignal;
  /** Called after each operator's registration steps finished (progress lines). */
  onRegistered?: (done: number, total: number) => void;
  /** One line per task once every member's delivery ended (default: an info log line). */
  onTaskSummary?: (line: string, summary: FleetTaskSummary) => void;
  /** One line per task the members attested (default: a warning log line). */
  onAttestationSummary?: (line: string, summary: FleetAttestationSummary) => void;
}

/** A running fleet. */
export interface FleetHandle {
  members: readonly { index: number; address: Address; operatorId: Hex }[];
  /** The EigenLayer era the chain runs, which the members registered through. */
  era: "m2" | "slashing";
  listening: { metrics?: number; nodeApi?: number };
  /** How many members the RegistryCoordinator lists as REGISTERED. */
  registeredCount(): Promise<number>;
  /** Stops intake, cancels retries, closes the servers and the chain connection. */
  stop(): Promise<void>;
}

type Member = FleetMember & {
  address: Address;
  operatorId: Hex;
  state: OperatorChainState;
  /** The member's own account (own nonces): registration and attestations. */
  sender: TxSender;
};

/** Counts each delivery's outcome per task (the fleet's one summary line per task). */
class CountingAggregatorClient extends AggregatorClient {
  onOutcome?: (signed: SignedTaskResponse, outcome: SendOutcome) => void;
  override async send(signed: SignedTaskResponse, signal?: AbortSignal): Promise<SendOutcome> {
    const outcome = await super.send(signed, signal);
    this.onOutcome?.(signed, outcome);
    return outcome;
  }
}

/**
 * Starts a fleet: connects once, detects the era from the chain, registers every member (at most
 * `registrationConcurrency` at a time; each member's steps are the idempotent startup sequence of
 * the single operator for that era, through `transact`), then follows `NewTaskCreated` once and
 * hands every task to each member's intake (confirmations, signing, delivery, attestation).
 * @throws {Error} naming the member whose registration failed (after stopping what started)
 */
export async function startOperatorFleet(
  s: FleetSettings,
  options: FleetOptions = {},
): Promise<FleetHandle> {
  if (s.members.length === 0) throw new Error("an operator fleet needs at least one member");
  const registry = createRegistry("operator");
  const rpcMetrics = s.metricsAddress ? new RpcMetrics(registry) : undefined;
  const clients = await createChainClients({ rpcUrl: s.rpcUrl, rpcMetrics, pollingInterval: 100 });
  const client = clients.publicClient;
  const abort = new AbortController();
  let follower: Follower | undefined;
  let shell: Awaited<ReturnType<typeof startNodeShell>> | undefined;
  const intakes: ReturnType<typeof taskIntake>[] = [];
  const stopAll = async () => {
    await follower?.stop();
    abort.abort();
    await Promise.all(intakes.map((i) => i.settled()));
    await shell?.close();
    await clients.close();
  };
  try {
    const { era, caps } = await resolveOperatorSetup(clients, s, log);
    const contracts = era.contracts;
    const taskManager = contracts.taskManager;
    if (!taskManager) throw new Error("no TaskManager address in the deployment");
    const members: Member[] = s.members.map((m) => {
      const account = privateKeyToAccount(m.ecdsaPrivateKey, {
        nonceManager: pendingNonceManager(),
      });
      const walletClient = createWalletClient({
        chain: clients.chain,
        account,
        transport: http(s.rpcUrl, { retryCount: 2, timeout: 15_000 }),
        pollingInterval: 100,
      });
      return {
        ...m,
        address: account.address,
        operatorId: operatorId(g1PublicKey(m.blsPrivateKey)),
        state: operatorChainState(client, contracts, account.address),
        sender: { publicClient: client, walletClient },
      };
    });

    // Registration: each member with its own wallet (own nonces), a bounded number at a time.
    let done = 0;
    const frozen = new Set<Member>();
    const concurrency = s.registrationConcurrency ?? FLEET_DEFAULTS.registrationConcurrency;
    await forEachBounded(members, concurrency, async (m) => {
      if (options.signal?.aborted) throw new Error("stopped during registration");
      // The AVS ejected and barred it (a successful challenge): the others carry on without it.
      // (Only where the ServiceManager has freezing: not upstream's, not the slashing era's.)
      if (caps.isFrozen && await m.state.isFrozen().catch(() => false)) {
        log.warn("operator{index} ({address}) is frozen by the AVS; it is left out of the fleet", {
          index: m.index,
          address: m.address,
        });
        frozen.add(m);
        options.onRegistered?.(++done, members.length);
        return;
      }
      if (s.registerOnStartup) {
        // The steps are idempotent: a transient RPC failure is retried from where it stopped.
        for (let attempt = 1;; attempt++) {
          try {
            await registerForEra(m.sender, era, {
              blsPrivateKey: m.blsPrivateKey,
              quorumNumbers: s.quorumNumbers,
              socket: s.socket,
              depositAmount: m.depositAmount,
              allocation: s.allocation,
            });
            break;
          } catch (err) {
            if (attempt === 3 || abort.signal.aborted) {
              throw new Error(
                `operator${m.index} (${m.address}) could not register: ${(err as Error).message}`,
              );
            }
            log.warn("operator{index} registration attempt {attempt} failed: {error}", {
              index: m.index,
              attempt,
              error: (err as Error).message.split("\n")[0],
            });
            await sleep(500 * attempt);
          }
        }
      }
      if (!(await m.state.isRegistered())) {
        throw new Error(
          `operator${m.index} (${m.address}) is not registered with the AVS ` +
            "(set register_operator_on_startup: true)",
        );
      }
      options.onRegistered?.(++done, members.length);
    });
    const active = members.filter((m) => !frozen.has(m));
    if (active.length === 0) throw new Error("every operator of the fleet is frozen by the AVS");

    const metrics = registerOperatorMetrics(registry);
    metrics.registered.set(1);
    const eigen = registerEigenMetrics(registry);
    if (era.era === "slashing") {
      // What each member has at stake, labelled by its address (read at most every 30 s).
      registerFleetSlashingMetrics(
        registry,
        fleetSlashingSources(client, era.contracts, active.map((m) => m.address), s.quorumNumbers),
      );
    }
    const aggregator = new CountingAggregatorClient(aggregatorUrl(s.aggregatorAddress), {
      maxAttempts: s.delivery.maxAttempts,
      initialBackoffMs: s.delivery.initialBackoffMs,
      onRetry: () => metrics.sendRetries.inc(),
    });
    const summaries = taskSummaries(active.length, options.onTaskSummary);
    aggregator.onOutcome = (signed, outcome) =>
      summaries.outcome(signed.taskResponse.referenceTaskIndex, outcome);
    // The members' reads of one task (its status, whether it stands, whether it is answered) are
    // the same: one reader.
    const reader = active[0].state;
    const deliver = responseDelivery({
      aggregator,
      metrics,
      eigen,
      taskStatus: (idx, created) => reader.taskStatus(idx, created),
      signal: abort.signal,
    });
    const eligibleAt = quorumMembership(
      (block, quorums) =>
        operatorStateAtBlock(client, retrieverContracts(contracts), quorums, block).then((qs) =>
          new Set(qs.flat().map((o) => o.operatorId.toLowerCase()))
        ),
    );
    // Made once per task and shared by the members (a reorged task differs in some field, so it
    // has another key).
    const confirmations = s.confirmations ?? FLEET_DEFAULTS.confirmations;
    const stands = sharedReads<boolean>(Infinity);
    const chainHead = sharedReads<bigint>(500, 1);
    const answered = sharedReads<boolean>(1_000);
    const attestations = attestationSummaries(options.onAttestationSummary);
    const gate = concurrencyGate(
      s.attestationConcurrency ?? FLEET_DEFAULTS.attestationConcurrency,
    );
    for (const m of active) {
      const watch = unansweredResponseWatch({
        settings: s.attestation ?? FLEET_DEFAULTS.attestation,
        caps,
        sender: m.sender,
        blsPrivateKey: m.blsPrivateKey,
        state: reader,
        head: () => chainHead("head", () => client.getBlockNumber({ cacheTime: 0 })),
        answered: (idx) => answered(String(idx), () => reader.isAnswered(idx)),
        metrics,
        onAttested: (outcome, idx) => attestations.attested(idx, outcome),
        gate,
        signal: abort.signal,
      });
      intakes.push(taskIntake({
        blsPrivateKey: m.blsPrivateKey,
        operatorId: m.operatorId,
        quorumNumbers: s.quorumNumbers,
        timesFailing: m.timesFailing,
        random: options.random ?? Math.random,
        metrics,
        eligibleAt: async (block, quorums) => {
          const set = await eligibleAt(block, quorums).catch(() => undefined);
          const eligible = set?.has(m.operatorId.toLowerCase());
          if (eligible === false) summaries.skipped(block);
          return eligible;
        },
        stillStands: (taskIndex, task) =>
          stands(
            taskKey(taskIndex, task),
            () => reader.taskStands(taskIndex, task, confirmations, abort.signal),
          ),
        watchUnanswered: watch &&
          ((taskIndex, task, signed) =>
            attestations.watching(taskIndex, () => watch(taskIndex, task, signed))),
        deliver: (taskIndex, created, signed, receivedAt) =>
          summaries.delivering(taskIndex, () => deliver(taskIndex, created, signed, receivedAt)),
      }));
    }

    const followerState = () => !follower ? "down" : follower.live ? "live" : "catching_up";
    shell = await startNodeShell({
      component: "operator",
      nodeName: `operator fleet (${members.length} operators)`,
      registry,
      checkTimeoutMs: 3000,
      metricsAddress: s.metricsAddress,
      nodeApiAddress: s.nodeApiAddress,
      services: [
        {
          id: "chain",
          name: "Ethereum RPC",
          description: `JSON-RPC endpoint ${s.rpcUrl}`,
          check: async (): Promise<Health> => {
            await client.getBlockNumber({ cacheTime: 0 });
            return "healthy";
          },
        },
        {
          id: "registration",
          name: "AVS registration",
          description: era.era === "slashing"
            ? `all ${active.length} active operators registered in the AVS's operator sets`
            : `all ${active.length} active operators registered with the AVS`,
          check: async (): Promise<Health> => {
            const n = await countRegistered(active);
            return n === active.length ? "healthy" : n > 0 ? "partially_healthy" : "unhealthy";
          },
        },
        {
          id: "aggregator",
          name: "Aggregator",
          description: `aggregator JSON-RPC at ${s.aggregatorAddress}`,
          critical: false,
          check: async (): Promise<Health> => (await aggregator.ping()) ? "healthy" : "unhealthy",
        },
        {
          id: "task-events",
          name: "Task event subscription",
          description: "NewTaskCreated intake shared by the fleet (WebSocket, with HTTP catch-up)",
          critical: false,
          check: (): Health => {
            const st = followerState();
            return st === "live"
              ? "healthy"
              : st === "catching_up"
              ? "partially_healthy"
              : "unhealthy";
          },
        },
      ],
    });

    const head = await client.getBlockNumber({ cacheTime: 0 });
    const back = BigInt(s.taskBackfillBlocks);
    const fromBlock = head > back ? head - back : 0n;
    follower = followEvents({
      client,
      wsUrl: s.wsUrl,
      address: taskManager,
      abi: abi.incredibleSquaringTaskManagerAbi,
      eventName: "NewTaskCreated",
      fromBlock,
      metrics: registerFollowerMetrics(registry),
      rpcMetrics,
      onLog: (l) => {
        const taskIndex = Number(l.args.taskIndex);
        summaries.received(taskIndex, Number(l.args.task!.taskCreatedBlock));
        for (const intake of intakes) intake.onNewTask(l);
      },
    });
    await follower.ready;
    log.info(
      "operator fleet running: {count} operators following NewTaskCreated from block {block}",
      {
        count: active.length,
        block: fromBlock,
      },
    );

    let stopping: Promise<void> | undefined;
    const listening = { metrics: shell.metricsPort, nodeApi: shell.nodeApiPort };
    return {
      members: members.map((m) => ({
        index: m.index,
        address: m.address,
        operatorId: m.operatorId,
      })),
      era: era.era,
      listening,
      registeredCount: () => countRegistered(members),
      stop() {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/**
 * The shared-read key of a task as announced: its index and every field of the Task struct (what
 * its hash covers), so a reorged task gets another key without hashing it for every member.
 */
function taskKey(taskIndex: number, task: Task): string {
  return `${taskIndex}:${task.numberToBeSquared}:${task.taskCreatedBlock}:` +
    `${task.quorumNumbers.toLowerCase()}:${task.quorumThresholdPercentage}`;
}

async function countRegistered(members: readonly Member[]): Promise<number> {
  const flags = await Promise.all(members.map((m) => m.state.isRegistered()));
  return flags.filter(Boolean).length;
}

export type { FleetTaskSummary } from "./fleet_tasks.ts";
export { forEachBounded } from "../process/concurrency.ts";
