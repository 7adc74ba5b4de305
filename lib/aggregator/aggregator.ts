/**
 * The aggregator process, as a startable/stoppable object (the `aggregator.ts` entry point and the
 * tests both use it): wires the task generator, the BLS aggregation service fed by the
 * operators' JSON-RPC calls, the response submitter, block-based expiry, resume after a restart,
 * and the node shell (metrics, node API). Nothing in here panics on a task: failures are logged,
 * counted and the loop goes on.
 *
 * @module
 */
import { incredibleSquaringTaskManagerAbi } from "../chain/abi/mod.ts";
import { BlsAggregationService } from "../aggregation/service.ts";
import { ChainAvsStateReader } from "../aggregation/chain_reader.ts";
import type { AggregationResult } from "../aggregation/types.ts";
import { quorumNumbersFromBytes, type TaskResponse, taskResponseDigest } from "../task/mod.ts";
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
import { makeTxClients } from "./clients.ts";
import { aggregatorRpcApp, rejectionReason } from "./rpc.ts";
import { type CreatedTask, runTaskGenerator } from "./task_generator.ts";
import { withStakeMetrics } from "./stake_metrics.ts";
import { responseSubmitter } from "./submitter.ts";
import { findUnansweredTasks } from "./resume.ts";
import { watchBlocks } from "./block_watch.ts";
import type {
  AggregatorEvent,
  AggregatorHandle,
  AggregatorSettings,
  TrackedTask,
} from "./types.ts";

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
  const clients = await makeTxClients({
    rpcUrl: s.rpcUrl,
    privateKey: s.privateKey,
    rpcMetrics: new RpcMetrics(registry),
  });
  const events = eventHub<AggregatorEvent>();
  // The contract refuses responses after its window; never aggregate longer than that.
  const window = Number(
    await clients.public.readContract({
      address: s.contracts.incredibleSquaringTaskManager,
      abi: incredibleSquaringTaskManagerAbi,
      functionName: "getTaskResponseWindowBlock",
    }),
  );
  const expiryBlocks = Math.max(1, Math.min(s.expiryBlocks, window));

  // The stake gauges come from the operator state the service loads anyway (no extra RPC).
  const reader = withStakeMetrics(
    new ChainAvsStateReader({
      client: clients.public,
      contracts: s.contracts,
      fromBlock: BigInt(s.deployedAtBlock),
    }),
    metrics,
  );
  const service = new BlsAggregationService({
    reader,
    hashResponse: taskResponseDigest,
    responseTaskIndex: (r) => r.referenceTaskIndex,
    awaitInitMs: s.awaitInitMs ?? 3_000,
  });
  const tasks = new Map<number, TrackedTask>();
  const abort = new AbortController();
  let lastCreateFailed = false;

  const track = (created: CreatedTask) => {
    tasks.set(created.taskIndex, { task: created.task, createdAt: Date.now() });
    metrics.lastTaskIndex.set(created.taskIndex);
    const quorumNumbers = quorumNumbersFromBytes(created.task.quorumNumbers);
    try {
      service.initializeNewTask({
        taskIndex: created.taskIndex,
        taskCreatedBlock: created.task.taskCreatedBlock,
        quorumNumbers,
        quorumThresholdPercentages: quorumNumbers.map(() => created.task.quorumThresholdPercentage),
        expiryBlocks,
      });
    } catch (err) {
      log.error("cannot aggregate task {taskIndex}: {error}", {
        taskIndex: created.taskIndex,
        error: (err as Error).message,
      });
    }
    metrics.pendingTasks.set(service.activeTasks().length);
  };

  const submit = responseSubmitter({
    clients,
    taskManager: s.contracts.incredibleSquaringTaskManager,
    metrics,
    emit: events.emit,
  });
  service.onResult((r: AggregationResult<TaskResponse>) => {
    metrics.pendingTasks.set(service.activeTasks().length);
    const entry = tasks.get(r.taskIndex);
    tasks.delete(r.taskIndex);
    if (r.kind === "aggregated") {
      if (entry) void submit(entry, r);
      else log.error("aggregated task {taskIndex} is unknown; not responding", { ...r });
    } else if (r.kind === "expired") {
      metrics.tasksExpired.inc();
      log.warn("{error} without reaching the threshold; continuing with the next tasks", { ...r });
      events.emit({ kind: "expired", taskIndex: r.taskIndex, error: r.error });
    } else {
      log.error("task {taskIndex}: aggregation failed: {error}", { ...r });
      events.emit({ kind: "aggregation_failed", taskIndex: r.taskIndex, error: r.error });
    }
  });

  const rpcServer = await serveApp(
    aggregatorRpcApp({ service, maxBodyBytes: s.maxBodyBytes, ...rpcReporting(metrics, events) }),
    s.serverAddress,
    "aggregator-rpc",
  );
  const blocks = watchBlocks({
    client: clients.public,
    pollMs: s.blockPollMs ?? 500,
    signal: abort.signal,
    onBlock: (head) => service.onBlock(Number(head)),
  });
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
        check: () => blocks.healthy ? "healthy" : "unhealthy",
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

  try {
    for (
      const created of await findUnansweredTasks({
        clients,
        taskManager: s.contracts.incredibleSquaringTaskManager,
        deployedAtBlock: s.deployedAtBlock,
        windowBlocks: expiryBlocks,
      })
    ) {
      if (service.isActive(created.taskIndex)) continue;
      log.info("resuming aggregation of unanswered task {taskIndex} from a previous run", {
        taskIndex: created.taskIndex,
      });
      track(created);
    }
  } catch (err) {
    log.warn("cannot resume recent tasks: {error}", { error: shortError(err) });
  }

  let generator: Promise<unknown> = Promise.resolve();
  if (s.generateTasks !== false) {
    const first = await clients.public.readContract({
      address: s.contracts.incredibleSquaringTaskManager,
      abi: incredibleSquaringTaskManagerAbi,
      functionName: "taskNumber",
    });
    generator = runTaskGenerator({
      clients,
      taskManager: s.contracts.incredibleSquaringTaskManager,
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
        track(created);
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

  let stopping: Promise<void> | undefined;
  return {
    rpcPort: rpcServer.port,
    metricsPort: shell.metricsPort,
    nodeApiPort: shell.nodeApiPort,
    clients,
    service,
    on: events.on,
    track,
    stop() {
      stopping ??= (async () => {
        abort.abort();
        await generator;
        await blocks.done;
        await Promise.all([rpcServer.shutdown().catch(() => {}), shell.close()]);
        service.stop();
      })();
      return stopping;
    },
  };
}

/** The RPC server's hooks: metrics, log lines and events for each call. */
function rpcReporting(metrics: AggregatorMetrics, events: EventHub<AggregatorEvent>) {
  return {
    onAccepted: ({ taskIndex, operatorId }: { taskIndex: number; operatorId: string }) => {
      metrics.signaturesAccepted.inc({ operator_id: operatorId });
      log.debug("task {taskIndex}: signature from {operatorId} accepted", {
        taskIndex,
        operatorId,
      });
      events.emit({ kind: "signature_accepted", taskIndex, operatorId });
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
