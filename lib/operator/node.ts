/**
 * The operator process: keys, chain connection, registration on startup, task intake from
 * `NewTaskCreated` (intake.ts), answering and signing (responder.ts), delivery to the aggregator
 * (delivery.ts), and the node shell (metrics, node API with real health checks). This file
 * wires those pieces and stops them in order.
 *
 * @module
 */
import type { Address, Hex } from "viem";
import * as abi from "../chain/abi/mod.ts";
import { createChainClients, type SigningClients } from "../chain/clients.ts";
import { type Follower, followEvents } from "../chain/events.ts";
import { getLogger } from "../log/mod.ts";
import {
  createRegistry,
  registerEigenMetrics,
  registerFollowerMetrics,
  registerOperatorMetrics,
  registerOperatorSlashingMetrics,
  RpcMetrics,
} from "../metrics/mod.ts";
import { allocationsToSet, WAD } from "../eigenlayer/allocations.ts";
import { allocationSamples, pendingSlashingCounts } from "./slashing_samples.ts";
import type { Health, ServiceDefinition } from "../nodeapi/mod.ts";
import { readChainIdentity, startChainGuard } from "../node/chain_guard.ts";
import { LOOP_DRAIN_MS, waitAtMost } from "../node/bounded.ts";
import { startNodeShell } from "../node/shell.ts";
import { AggregatorClient, aggregatorUrl } from "./aggregator_client.ts";
import { operatorChainState } from "./chain_state.ts";
import { responseDelivery } from "./delivery.ts";
import { taskIntake } from "./intake.ts";
import { unansweredResponseWatch } from "./attestation.ts";
import { loadOperatorKeys } from "../keys/operator_keys.ts";
import { inSetsAndAllocated } from "../avs/slashing_registration.ts";
import { registerForEra, resolveOperatorSetup } from "./startup.ts";
import type { OperatorSettings } from "./settings.ts";

const log = getLogger("operator");

/** Options of {@link startOperator} beyond the settings. */
export type OperatorOptions = {
  /** Environment to read key passwords from (default: the process environment). */
  env?: Record<string, string | undefined>;
  /** Random source for `timesFailing` (tests). */
  random?: () => number;
};

/** A running operator. */
export interface OperatorHandle {
  address: Address;
  operatorId: Hex;
  /** Ports the servers listen on. */
  listening: { metrics?: number; nodeApi?: number };
  /** True when the RegistryCoordinator lists the operator as REGISTERED. */
  isRegistered(): Promise<boolean>;
  /** The EigenLayer era the operator detected and registered through. */
  era: "m2" | "slashing";
  /** Stops intake, cancels pending retries, closes servers and the chain connection. */
  stop(): Promise<void>;
  /** Rejects with one line when the chain was reset (see `lib/node/chain_guard.ts`). */
  failed: Promise<never>;
}

/**
 * Starts the operator: keys, chain, registration (when configured), servers, task intake.
 * Throws when the operator ends up unregistered, with the hint to register first.
 */
export async function startOperator(
  s: OperatorSettings,
  options: OperatorOptions = {},
): Promise<OperatorHandle> {
  const keys = await loadOperatorKeys(s.keys, options.env);
  const registry = createRegistry("operator");
  const rpcMetrics = s.metricsAddress ? new RpcMetrics(registry) : undefined;
  const clients = await createChainClients({
    rpcUrl: s.rpcUrl,
    wsUrl: s.wsUrl,
    privateKey: keys.ecdsaPrivateKey,
    rpcMetrics,
  });
  try {
    return await run(s, options, { keys, registry, rpcMetrics, clients });
  } catch (err) {
    await clients.close();
    throw err;
  }
}

async function run(
  s: OperatorSettings,
  options: OperatorOptions,
  ctx: {
    keys: Awaited<ReturnType<typeof loadOperatorKeys>>;
    registry: ReturnType<typeof createRegistry>;
    rpcMetrics?: RpcMetrics;
    clients: SigningClients;
  },
): Promise<OperatorHandle> {
  const { keys, registry, clients } = ctx;
  // The chain as it was at start: the chain guard compares against it (resets).
  const identity = await readChainIdentity(clients.publicClient);
  const { era, caps } = await resolveOperatorSetup(clients, s, log);
  const contracts = era.contracts;
  const state = operatorChainState(clients.publicClient, contracts, keys.address);
  const metrics = registerOperatorMetrics(registry);
  const eigen = registerEigenMetrics(registry, {
    registeredStakes: () => state.registeredStakes(),
    // Slashing era: slashed once a strategy's maximum magnitude dropped below the whole.
    slashed: () =>
      era.era === "slashing"
        ? slashedInSets(clients.publicClient, era.contracts, keys.address, s.quorumNumbers)
        : caps.isFrozen
        ? state.isFrozen()
        : Promise.resolve(false),
  });
  if (era.era === "slashing") {
    const c = era.contracts;
    const sets = s.quorumNumbers;
    const pending = pendingSlashingCounts(clients.publicClient, c.serviceManager, [keys.address]);
    registerOperatorSlashingMetrics(registry, {
      allocations: () => allocationSamples(clients.publicClient, c, keys.address, sets),
      pendingRequests: async () => (await pending()).get(keys.address) ?? 0,
    });
  }
  const abort = new AbortController();
  const aggregator = new AggregatorClient(aggregatorUrl(s.aggregatorAddress), {
    maxAttempts: s.delivery.maxAttempts,
    initialBackoffMs: s.delivery.initialBackoffMs,
    onRetry: ({ attempt, delayMs, error }) => {
      metrics.sendRetries.inc();
      log.info(
        "aggregator did not take the response (attempt {attempt}: {error}); retrying in {delayMs} ms",
        { attempt, error, delayMs },
      );
    },
  });

  log.info("operator {address} (operatorId {operatorId}) starting", {
    address: keys.address,
    operatorId: keys.operatorId,
  });
  if (s.registerOnStartup) {
    await registerForEra(clients, era, {
      blsPrivateKey: keys.blsPrivateKey,
      quorumNumbers: s.quorumNumbers,
      socket: s.socket,
      depositAmount: s.depositAmount,
      allocation: s.allocation,
    });
  }
  if (!(await state.isRegistered())) {
    throw new Error(
      "operator is not registered with the AVS: set register_operator_on_startup: true, or run " +
        "`deno task cli register-operator-with-avs` first",
    );
  }
  if (await state.isFrozen().catch(() => false)) {
    log.warn("operator {address} is frozen by the AVS; its responses will not count", {
      address: keys.address,
    });
  }
  metrics.registered.set(1);

  // Set once intake starts; the health check runs before that too.
  const intakeFollower: { current?: Follower } = {};
  const shell = await startNodeShell({
    component: "operator",
    registry,
    checkTimeoutMs: 1500,
    metricsAddress: s.metricsAddress,
    nodeApiAddress: s.nodeApiAddress,
    services: healthServices(s, era.era, {
      chainUp: async () => {
        await clients.publicClient.getBlockNumber({ cacheTime: 0 });
      },
      registered: async () => {
        const [registered, frozen, allocated] = await Promise.all([
          state.isRegistered(),
          state.isFrozen().catch(() => false),
          era.era === "slashing"
            ? inSetsAndAllocated(clients.publicClient, era.contracts, keys.address, s.quorumNumbers)
            : true,
        ]);
        metrics.registered.set(registered ? 1 : 0);
        return registered && !frozen && allocated;
      },
      aggregatorUp: () => aggregator.ping(),
      followerState: () => {
        const f = intakeFollower.current;
        return !f ? "down" : f.live ? "live" : "catching_up";
      },
    }),
  });

  const taskManager = contracts.taskManager;
  if (!taskManager) {
    await shell.close();
    throw new Error("no TaskManager address: set deployment_path");
  }
  const intake = taskIntake({
    blsPrivateKey: keys.blsPrivateKey,
    operatorId: keys.operatorId,
    quorumNumbers: s.quorumNumbers,
    timesFailing: s.timesFailing,
    random: options.random ?? Math.random,
    metrics,
    eligibleAt: (block, quorums) =>
      state.inQuorumsAt(keys.operatorId, block, quorums).catch(() => undefined),
    stillStands: (idx, task) => state.taskStands(idx, task, s.confirmations, abort.signal),
    watchUnanswered: unansweredResponseWatch({
      settings: s.attestation,
      caps,
      sender: clients,
      blsPrivateKey: keys.blsPrivateKey,
      state,
      head: () => clients.publicClient.getBlockNumber({ cacheTime: 0 }),
      metrics,
      signal: abort.signal,
    }),
    deliver: responseDelivery({
      aggregator,
      metrics,
      eigen,
      taskStatus: (idx, created) => state.taskStatus(idx, created),
      signal: abort.signal,
    }),
  });
  const head = await clients.publicClient.getBlockNumber();
  const fromBlock = head > BigInt(s.taskBackfillBlocks) ? head - BigInt(s.taskBackfillBlocks) : 0n;
  const follower = followEvents({
    client: clients.publicClient,
    wsUrl: s.wsUrl,
    address: taskManager,
    abi: abi.incredibleSquaringTaskManagerAbi,
    eventName: "NewTaskCreated",
    fromBlock,
    metrics: registerFollowerMetrics(registry),
    rpcMetrics: ctx.rpcMetrics,
    onLog: intake.onNewTask,
  });
  intakeFollower.current = follower;
  await follower.ready;
  log.info("operator running: following NewTaskCreated from block {block}", { block: fromBlock });
  const guard = startChainGuard({
    client: clients.publicClient,
    rpcUrl: s.rpcUrl,
    expected: identity,
    contracts: { TaskManager: taskManager, RegistryCoordinator: contracts.registryCoordinator },
    signal: abort.signal,
    onHealthChange: (healthy, why) =>
      healthy
        ? log.info("the chain answers again")
        : log.warn("chain check failed: {why}", { why }),
  });

  let stopping: Promise<void> | undefined;
  return {
    address: keys.address,
    operatorId: keys.operatorId,
    listening: { metrics: shell.metricsPort, nodeApi: shell.nodeApiPort },
    isRegistered: () => state.isRegistered(),
    era: era.era,
    failed: guard.failed,
    stop() {
      stopping ??= (async () => {
        log.info("operator stopping");
        guard.stop();
        // Requests already sent to a hung chain cannot be called back: each wait is bounded.
        await waitAtMost(follower.stop(), LOOP_DRAIN_MS);
        abort.abort();
        await waitAtMost(intake.settled(), LOOP_DRAIN_MS);
        await waitAtMost(shell.close(), LOOP_DRAIN_MS);
        await waitAtMost(clients.close(), LOOP_DRAIN_MS / 2);
        log.info("operator stopped");
      })();
      return stopping;
    },
  };
}

/** Whether any strategy of `sets` lost magnitude to a slash (max magnitude below 1e18). */
async function slashedInSets(
  client: Parameters<typeof allocationsToSet>[0],
  contracts: Parameters<typeof allocationsToSet>[1],
  operator: Address,
  sets: readonly number[],
): Promise<boolean> {
  for (const id of sets) {
    const rows = await allocationsToSet(client, contracts, operator, id);
    if (rows.some((r) => r.maxMagnitude < WAD)) return true;
  }
  return false;
}

/** The operator's node API services, from the probes of its parts. */
function healthServices(
  s: OperatorSettings,
  era: "m2" | "slashing",
  probe: {
    chainUp(): Promise<void>;
    registered(): Promise<boolean>;
    aggregatorUp(): Promise<boolean>;
    followerState(): "down" | "live" | "catching_up";
  },
): ServiceDefinition[] {
  return [
    {
      id: "chain",
      name: "Ethereum RPC",
      description: `JSON-RPC endpoint ${s.rpcUrl}`,
      check: async (): Promise<Health> => {
        await probe.chainUp();
        return "healthy";
      },
    },
    {
      id: "registration",
      name: "AVS registration",
      description: era === "slashing"
        ? "registered in the operator set and allocated"
        : "operator registered with the AVS and not frozen",
      check: async (): Promise<Health> => (await probe.registered()) ? "healthy" : "unhealthy",
    },
    {
      id: "aggregator",
      name: "Aggregator",
      description: `aggregator JSON-RPC at ${s.aggregatorAddress}`,
      critical: false,
      check: async (): Promise<Health> => (await probe.aggregatorUp()) ? "healthy" : "unhealthy",
    },
    {
      id: "task-events",
      name: "Task event subscription",
      description: "NewTaskCreated intake (WebSocket, with HTTP catch-up)",
      critical: false,
      check: (): Health => {
        const st = probe.followerState();
        return st === "live" ? "healthy" : st === "catching_up" ? "partially_healthy" : "unhealthy";
      },
    },
  ];
}
