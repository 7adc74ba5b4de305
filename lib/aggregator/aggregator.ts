/**
 * The aggregator process, as a startable/stoppable object (the `aggregator.ts` entry point and the
 * tests both use it). This file wires the parts: the durable store (`store.ts`) and the task
 * ledger (`ledger.ts`), recovery after a restart (`recovery.ts`), the task generator, the BLS
 * aggregation service fed by the operators' JSON-RPC calls (`rpc.ts`), the response submitter
 * (`submitter.ts`), block-based expiry (`block_watch.ts`) and the node shell (metrics, node API).
 * Nothing in here panics on a task: failures are logged, counted and the loop goes on.
 *
 * @module
 */
import { BlsAggregationService, memoizeResponseHasher } from "../aggregation/mod.ts";
import { ChainAvsStateReader } from "../eigenlayer/state_reader.ts";
import { createChainClients, type SigningClients } from "../chain/clients.ts";
import { nextTaskIndex, responseWindowBlocks } from "../avs/mod.ts";
import { type TaskResponse, taskResponseDigest } from "../task/mod.ts";
import { getLogger, shortError } from "../log/mod.ts";
import {
  type AggregatorMetrics,
  createRegistry,
  registerAggregatorMetrics,
  registerEigenMetrics,
  RpcMetrics,
} from "../metrics/mod.ts";
import { serveApp } from "../http/server.ts";
import { type EventHub, eventHub } from "../node/events.ts";
import { startNodeShell } from "../node/shell.ts";
import { type ChainGuard, readChainIdentity, startChainGuard } from "../node/chain_guard.ts";
import { LOOP_DRAIN_MS, waitAtMost } from "../node/bounded.ts";
import { aggregatorRpcApp, rejectionReason } from "./rpc.ts";
import { runTaskGenerator } from "./task_generator.ts";
import { withStakeMetrics } from "./stake_metrics.ts";
import { responseSubmitter } from "./submitter.ts";
import { recoverOpenTasks } from "./recovery.ts";
import { watchBlocks } from "./block_watch.ts";
import { AggregatorStore, type StoredSignature } from "./store.ts";
import { type TaskLedger, taskLedger } from "./ledger.ts";
import type { AggregatorEvent, AggregatorHandle, AggregatorSettings } from "./types.ts";

export type {
  AggregatorContracts,
  AggregatorEvent,
  AggregatorHandle,
  AggregatorSettings,
} from "./types.ts";

const log = getLogger("aggregator");

/** Starts every part of the aggregator; see the module comment. */
export async function startAggregator(s: AggregatorSettings): Promise<AggregatorHandle> {
  const registry = createRegistry("aggregator");
  const metrics = registerAggregatorMetrics(registry);
  registerEigenMetrics(registry);
  const clients = await createChainClients({
    rpcUrl: s.rpcUrl,
    privateKey: s.privateKey,
    rpcMetrics: new RpcMetrics(registry),
    pollingInterval: 250,
  });
  // The chain as it was at start: the chain guard compares against it (resets).
  const identity = await readChainIdentity(clients.publicClient);
  const avs = { taskManager: s.contracts.incredibleSquaringTaskManager };
  // The contract refuses responses after its window; never aggregate longer than that.
  const responseWindow = await responseWindowBlocks(clients.publicClient, avs);
  const expiryBlocks = Math.max(1, Math.min(s.expiryBlocks, responseWindow));
  const store = await openStore(s, clients);
  const events = eventHub<AggregatorEvent>();

  // The stake gauges come from the operator state the service loads anyway (no extra RPC).
  const reader = withStakeMetrics(
    new ChainAvsStateReader({
      client: clients.publicClient,
      contracts: s.contracts,
      fromBlock: BigInt(s.deployedAtBlock),
    }),
    metrics,
  );
  const service = new BlsAggregationService<TaskResponse>({
    reader,
    // Every operator signs the same response: hash it once per task, not once per signature.
    hashResponse: memoizeResponseHasher(
      taskResponseDigest,
      (r) => `${r.referenceTaskIndex}:${r.numberSquared}`,
    ),
    awaitInitMs: s.awaitInitMs ?? 3_000,
    aggregationWindowMs: s.aggregationWindowMs ?? 0,
    // The pairing work runs on a second core while this thread serves the RPC.
    verifyInWorker: true,
    onBatchVerified: (b) => {
      metrics.verificationBatchSize.observe(b.size);
      metrics.verificationBatchSeconds.observe(
        { thread: b.inWorker ? "worker" : "main" },
        b.seconds,
      );
      if (b.combinedChecks) metrics.verificationChecks.inc({ kind: "combined" }, b.combinedChecks);
      if (b.singleChecks) metrics.verificationChecks.inc({ kind: "single" }, b.singleChecks);
    },
    // Stored before they count and before the RPC answers: "accepted" survives a crash. One
    // transaction per verified batch.
    persistAccepted: (accepted) => store.recordSignatures(accepted),
  });
  const ledger = taskLedger({ store, service, metrics, events, expiryBlocks });
  const abort = new AbortController();
  let lastCreateFailed = false;

  const submit = responseSubmitter({
    clients,
    taskManager: avs.taskManager,
    metrics,
    events,
    store,
    ledger,
    signal: abort.signal,
    onReplaced: (entry, replacement) => {
      const idx = replacement.taskIndex;
      const stored = store.signatures(idx);
      ledger.track(replacement);
      // Operators sign (index, square): with the same number their signatures still hold.
      if (replacement.task.numberToBeSquared === entry.task.numberToBeSquared) {
        replaySignatures(service, idx, stored);
      }
    },
  });
  service.onResult((r) => {
    metrics.pendingTasks.set(service.activeTasks().length);
    if (r.kind === "aggregated") {
      const entry = ledger.tracked.get(r.taskIndex);
      if (entry) void submit(entry, r);
      else log.error("aggregated task {taskIndex} is unknown; not responding", { ...r });
    } else if (r.kind === "expired") {
      ledger.end(r.taskIndex, "expired", "threshold_not_met", r.error);
    } else {
      ledger.end(r.taskIndex, "failed", "aggregation_failed", r.error);
    }
  });

  const rpcServer = await serveApp(
    aggregatorRpcApp({
      service,
      maxBodyBytes: s.maxBodyBytes,
      ...rpcReporting(metrics, events),
    }),
    s.serverAddress,
    "aggregator-rpc",
  );
  const blocks = watchBlocks({
    client: clients.publicClient,
    pollMs: s.blockPollMs ?? 500,
    signal: abort.signal,
    onBlock: (head) => service.onBlock(Number(head)),
  });
  // Started once the node runs (below); the health check reads it from then on.
  const started: { guard?: ChainGuard } = {};
  const shell = await startNodeShell({
    component: "aggregator",
    registry,
    nodeName: "incredible-squaring-aggregator",
    metricsAddress: s.metricsAddress,
    nodeApiAddress: s.nodeApiAddress,
    services: [
      {
        id: "chain",
        name: "Ethereum RPC",
        description: "Execution client the aggregator reads state from and sends transactions to",
        check: () => blocks.healthy && (started.guard?.healthy ?? true) ? "healthy" : "unhealthy",
      },
      {
        id: "task-generator",
        name: "Task generator",
        description: "createNewTask on an interval; partially healthy after a failed send",
        critical: false,
        check: () => (lastCreateFailed ? "partially_healthy" : "healthy"),
      },
    ],
  }).catch(async (err) => {
    await rpcServer.shutdown();
    throw err;
  });

  await recover(s, clients, store, ledger, service, responseWindow);

  let generator: Promise<unknown> = Promise.resolve();
  if (s.generateTasks !== false) {
    const first = await nextTaskIndex(clients.publicClient, avs);
    generator = runTaskGenerator({
      clients,
      taskManager: avs.taskManager,
      intervalMs: s.taskIntervalMs,
      thresholdPercentage: s.thresholdPercentage,
      quorumNumbers: s.quorumNumbers,
      // Restarts continue the sequence: task i squares i on a chain only this aggregator feeds.
      firstNumber: BigInt(first),
      signal: abort.signal,
      onCreated: (created) => {
        lastCreateFailed = false;
        metrics.tasksCreated.inc();
        log.info("task {taskIndex} created: square {n} (block {block}, threshold {pct}%)", {
          taskIndex: created.taskIndex,
          n: created.task.numberToBeSquared.toString(),
          block: created.task.taskCreatedBlock,
          pct: created.task.quorumThresholdPercentage,
        });
        ledger.track(created);
        events.emit({
          kind: "task_created",
          taskIndex: created.taskIndex,
          task: created.task,
          txHash: created.txHash,
        });
      },
      onError: (n, err) => {
        lastCreateFailed = true;
        metrics.taskCreateFailures.inc();
        const error = shortError(err);
        log.error("createNewTask({n}) failed, will retry the same number: {error}", {
          n: n.toString(),
          error,
        });
        events.emit({ kind: "task_create_failed", number: n, error });
      },
    });
  }

  const guard = started.guard = startChainGuard({
    client: clients.publicClient,
    rpcUrl: s.rpcUrl,
    expected: identity,
    contracts: {
      TaskManager: s.contracts.incredibleSquaringTaskManager,
      RegistryCoordinator: s.contracts.registryCoordinator,
    },
    intervalMs: s.chainGuardIntervalMs,
    signal: abort.signal,
    onHealthChange: (healthy, why) =>
      healthy
        ? log.info("the chain answers again")
        : log.warn("chain check failed: {why}", { why }),
  });

  let stopping: Promise<void> | undefined;
  return {
    rpcPort: rpcServer.port,
    metricsPort: shell.metricsPort,
    nodeApiPort: shell.nodeApiPort,
    clients,
    service,
    on: events.on,
    track: (created) => ledger.track(created),
    failed: guard.failed,
    stop() {
      stopping ??= (async () => {
        abort.abort();
        // A request already sent to a hung chain cannot be called back: wait a little, then close.
        await waitAtMost(Promise.all([generator, blocks.done, guard.done]), LOOP_DRAIN_MS);
        await waitAtMost(
          Promise.all([rpcServer.shutdown().catch(() => {}), shell.close()]),
          LOOP_DRAIN_MS,
        );
        service.stop();
        store.close();
      })();
      return stopping;
    },
  };
}

/** Opens the durable store for this chain and TaskManager (or an in-memory one). */
async function openStore(s: AggregatorSettings, clients: SigningClients): Promise<AggregatorStore> {
  if (!s.dataDir) return AggregatorStore.inMemory();
  const genesis = await clients.publicClient.getBlock({ blockNumber: 0n });
  const store = AggregatorStore.open(
    s.dataDir,
    {
      chainId: clients.chain.id,
      taskManager: s.contracts.incredibleSquaringTaskManager,
      genesisHash: genesis.hash,
    },
    (why, movedTo) =>
      log.warn(
        "the stored aggregator state is for another chain or deployment ({why}); moved it to {movedTo} and starting empty",
        { why, movedTo },
      ),
  );
  log.info("durable state in {path}", { path: store.path });
  return store;
}

/** Settles or resumes every task a previous run left open (see `recovery.ts`). */
async function recover(
  s: AggregatorSettings,
  clients: SigningClients,
  store: AggregatorStore,
  ledger: TaskLedger,
  service: BlsAggregationService<TaskResponse>,
  responseWindow: number,
): Promise<void> {
  const started = performance.now();
  let steps;
  try {
    steps = await recoverOpenTasks({
      client: clients.publicClient,
      taskManager: s.contracts.incredibleSquaringTaskManager,
      store,
      deployedAtBlock: s.deployedAtBlock,
      responseWindow,
    });
  } catch (err) {
    log.warn("cannot recover open tasks: {error}", { error: shortError(err) });
    return;
  }
  for (const step of steps) {
    if (step.kind === "settle") {
      const u = step.unstored;
      if (u) store.recordTask(u.taskIndex, u.task, u.txHash);
      ledger.end(
        step.taskIndex,
        step.outcome,
        step.outcome === "responded" ? "answered_while_down" : "window_closed_while_down",
        step.reason,
      );
      continue;
    }
    const idx = step.created.taskIndex;
    if (service.isActive(idx)) continue;
    log.info("resuming task {taskIndex} from a previous run with {n} stored signature(s)", {
      taskIndex: idx,
      n: step.signatures.length,
    });
    ledger.track(step.created, { stored: step.stored });
    replaySignatures(service, idx, step.signatures);
  }
  if (steps.length) {
    log.info("recovered {n} open task(s) in {ms} ms", {
      n: steps.length,
      ms: Math.round(performance.now() - started),
    });
  }
}

/** Feeds stored signatures to a task again; each is re-verified like a fresh submission. */
function replaySignatures(
  service: BlsAggregationService<TaskResponse>,
  taskIndex: number,
  signatures: readonly StoredSignature[],
): void {
  for (const sig of signatures) {
    service.processNewSignature(taskIndex, sig.response, sig.signature, sig.operatorId).catch(
      (err) =>
        log.debug(
          "stored signature of {operatorId} for task {taskIndex} not re-accepted: {error}",
          { operatorId: sig.operatorId, taskIndex, error: shortError(err) },
        ),
    );
  }
}

/** The RPC server's hooks: metrics, log lines and events for each call (storage: the service). */
function rpcReporting(metrics: AggregatorMetrics, events: EventHub<AggregatorEvent>) {
  return {
    onAccepted: (
      a: Parameters<NonNullable<Parameters<typeof aggregatorRpcApp>[0]["onAccepted"]>>[0],
    ) => {
      metrics.signaturesAccepted.inc({ operator_id: a.operatorId });
      log.debug("task {taskIndex}: signature from {operatorId} accepted", {
        taskIndex: a.taskIndex,
        operatorId: a.operatorId,
      });
      events.emit({ kind: "signature_accepted", taskIndex: a.taskIndex, operatorId: a.operatorId });
    },
    onRejected: (
      { taskIndex, operatorId, code, message }: {
        taskIndex: number;
        operatorId: string;
        code: string;
        message: string;
      },
    ) => {
      metrics.signaturesRejected.inc({
        operator_id: operatorId,
        reason: rejectionReason(code as never),
      });
      log.info("task {taskIndex}: signature from {operatorId} rejected: {message}", {
        taskIndex,
        operatorId,
        message,
      });
      events.emit({ kind: "signature_rejected", taskIndex, operatorId, reason: message });
    },
    onCall: ({ method, ok }: { method: string; ok: boolean }) =>
      metrics.rpcRequests.inc({ method: method.slice(0, 64), outcome: ok ? "ok" : "error" }),
    onInternalError: (method: string, err: unknown) =>
      log.error("internal error in {method}: {error}", { method, error: shortError(err) }),
  };
}
