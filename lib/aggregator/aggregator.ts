/**
 * The aggregator process, as a startable/stoppable object (the `aggregator.ts` entry point and the
 * tests both use it): task generator, BLS aggregation service fed by the operators' JSON-RPC
 * calls, `respondToTask` when a digest reaches the threshold, block-based expiry, metrics and a
 * node API. Nothing in here panics on a task: failures are logged, counted and the loop goes on.
 */
import type { Address } from "viem";
import { incredibleSquaringTaskManagerAbi } from "../chain/abi/mod.ts";
import { BlsAggregationService } from "../aggregation/service.ts";
import { ChainAvsStateReader } from "../aggregation/chain_reader.ts";
import type { AggregatedResponse, AggregationResult } from "../aggregation/types.ts";
import { type Task, taskResponseDigest } from "../task/mod.ts";
import { getLogger } from "../log/mod.ts";
import {
  createRegistry,
  registerAggregatorMetrics,
  registerEigenMetrics,
  registerNodeHealthMetrics,
  RpcMetrics,
  type RunningServer,
  serveApp,
  serveMetrics,
} from "../metrics/mod.ts";
import { NodeApi } from "../nodeapi/mod.ts";
import { TxError } from "../chain/tx.ts";
import { sendPendingBlockTx } from "./pending_tx.ts";
import { makeTxClients, type TxClients } from "./clients.ts";
import { aggregatorRpcApp, rejectionReason } from "./rpc.ts";
import { type CreatedTask, runTaskGenerator } from "./task_generator.ts";
import { withStakeMetrics } from "./stake_metrics.ts";

/** Contract addresses the aggregator needs. */
export interface AggregatorContracts {
  incredibleSquaringTaskManager: Address;
  registryCoordinator: Address;
  operatorStateRetriever: Address;
  blsApkRegistry: Address;
}

/** Settings of {@link startAggregator} (a subset of the config file, already validated). */
export interface AggregatorSettings {
  rpcUrl: string;
  privateKey: `0x${string}`;
  contracts: AggregatorContracts;
  /** Block to scan key registrations from (deployment block). */
  deployedAtBlock: number;
  /** `host:port` of the operator JSON-RPC server (port 0 = any free port). */
  serverAddress: string;
  taskIntervalMs: number;
  thresholdPercentage: number;
  quorumNumbers: readonly number[];
  expiryBlocks: number;
  maxBodyBytes: number;
  /** `host:port` for `/metrics`, or undefined to disable. */
  metricsAddress?: string;
  /** `host:port` for the node API, or undefined to disable. */
  nodeApiAddress?: string;
  /** Disable the task generator (tests that create tasks themselves). */
  generateTasks?: boolean;
  /** How long an early signature waits for its task's initialisation (ms, default 3000). */
  awaitInitMs?: number;
  /** Polling interval for new blocks in ms (default 500). */
  blockPollMs?: number;
}

/** Something the aggregator did; tests and `start.ts` observe these. */
export type AggregatorEvent =
  | { kind: "task_created"; taskIndex: number; task: Task; txHash: `0x${string}` }
  | { kind: "task_create_failed"; number: bigint; error: string }
  | { kind: "signature_accepted"; taskIndex: number; operatorId: string }
  | { kind: "signature_rejected"; taskIndex: number; operatorId: string; reason: string }
  | {
    kind: "responded";
    taskIndex: number;
    txHash: `0x${string}`;
    blockNumber: bigint;
    result: AggregatedResponse;
  }
  | { kind: "respond_failed"; taskIndex: number; error: string }
  | { kind: "expired"; taskIndex: number; error: string }
  | { kind: "aggregation_failed"; taskIndex: number; error: string };

/** A running aggregator. */
export interface AggregatorHandle {
  /** Bound port of the operator JSON-RPC server. */
  rpcPort: number;
  metricsPort?: number;
  nodeApiPort?: number;
  clients: TxClients;
  service: BlsAggregationService;
  /** Subscribes to events; returns an unsubscribe function. */
  on(listener: (e: AggregatorEvent) => void): () => void;
  /** Starts aggregating a task created elsewhere (used when `generateTasks` is false). */
  track(created: CreatedTask): void;
  /** Stops generating, serving and watching; resolves when everything is closed. */
  stop(): Promise<void>;
}

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
  const listeners = new Set<(e: AggregatorEvent) => void>();
  const emit = (e: AggregatorEvent) => {
    for (const l of listeners) {
      try {
        l(e);
      } catch { /* observers must not break the aggregator */ }
    }
  };
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
    awaitInitMs: s.awaitInitMs ?? 3_000,
  });
  const tasks = new Map<number, { task: Task; createdAt: number }>();
  const abort = new AbortController();
  let lastBlock = 0n;
  let chainOk = true;
  let lastCreateFailed = false;

  const track = (created: CreatedTask) => {
    tasks.set(created.taskIndex, { task: created.task, createdAt: Date.now() });
    metrics.lastTaskIndex.set(created.taskIndex);
    try {
      service.initializeNewTask({
        taskIndex: created.taskIndex,
        taskCreatedBlock: created.task.taskCreatedBlock,
        quorumNumbers: quorumList(created.task.quorumNumbers),
        quorumThresholdPercentages: quorumList(created.task.quorumNumbers).map(() =>
          created.task.quorumThresholdPercentage
        ),
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

  const respond = async (r: AggregatedResponse) => {
    const entry = tasks.get(r.taskIndex);
    tasks.delete(r.taskIndex);
    if (!entry) {
      log.error("aggregated task {taskIndex} is unknown; not responding", {
        taskIndex: r.taskIndex,
      });
      return;
    }
    const signed = r.signedStakePerQuorum.map((sg, i) =>
      r.totalStakePerQuorum[i] === 0n ? 0 : Number((sg * 10000n) / r.totalStakePerQuorum[i]) / 100
    );
    log.info(
      "task {taskIndex}: threshold reached with {signers} signer(s), {nonSigners} non-signer(s), signed stake {signed}%; sending respondToTask",
      {
        taskIndex: r.taskIndex,
        signers: r.signerOperatorIds.length,
        nonSigners: r.nonSignerOperatorIds.length,
        signed: signed.join("/"),
      },
    );
    try {
      const receipt = await sendPendingBlockTx(
        clients,
        s.contracts.incredibleSquaringTaskManager,
        incredibleSquaringTaskManagerAbi,
        "respondToTask",
        [entry.task, r.taskResponse, toCalldata(r)],
      );
      const hash = receipt.transactionHash;
      metrics.tasksResponded.inc();
      metrics.aggregationLatencyBlocks.observe(
        Number(receipt.blockNumber) - entry.task.taskCreatedBlock,
      );
      metrics.aggregationLatencySeconds.observe((Date.now() - entry.createdAt) / 1000);
      const quorums = quorumList(entry.task.quorumNumbers);
      signed.forEach((p, i) =>
        metrics.signedStakePercent.set({ quorum_number: String(quorums[i]) }, p)
      );
      log.info("task {taskIndex}: response {answer} accepted on chain in block {block} (tx {tx})", {
        taskIndex: r.taskIndex,
        answer: r.taskResponse.numberSquared.toString(),
        block: receipt.blockNumber.toString(),
        tx: hash,
      });
      emit({
        kind: "responded",
        taskIndex: r.taskIndex,
        txHash: hash,
        blockNumber: receipt.blockNumber,
        result: r,
      });
    } catch (err) {
      metrics.respondFailures.inc();
      const error = shortError(err);
      log.error("task {taskIndex}: respondToTask failed: {error}", {
        taskIndex: r.taskIndex,
        error,
      });
      emit({ kind: "respond_failed", taskIndex: r.taskIndex, error });
    }
  };

  const onResult = (r: AggregationResult) => {
    metrics.pendingTasks.set(service.activeTasks().length);
    if (r.kind === "aggregated") {
      void respond(r);
      return;
    }
    tasks.delete(r.taskIndex);
    if (r.kind === "expired") {
      metrics.tasksExpired.inc();
      log.warn("{error} without reaching the threshold; continuing with the next tasks", {
        taskIndex: r.taskIndex,
        error: r.error,
      });
      emit({ kind: "expired", taskIndex: r.taskIndex, error: r.error });
    } else {
      log.error("task {taskIndex}: aggregation failed: {error}", {
        taskIndex: r.taskIndex,
        error: r.error,
      });
      emit({ kind: "aggregation_failed", taskIndex: r.taskIndex, error: r.error });
    }
  };
  service.onResult(onResult);

  /**
   * After a restart, tasks created by the previous run that are still inside their response
   * window and unanswered are aggregated again: operators retry their sends for a while, so
   * those tasks can still complete.
   */
  async function resumeRecentTasks(): Promise<void> {
    try {
      const head = await clients.public.getBlockNumber({ cacheTime: 0 });
      const from = head > BigInt(expiryBlocks) ? head - BigInt(expiryBlocks) : 0n;
      const logs = await clients.public.getContractEvents({
        address: s.contracts.incredibleSquaringTaskManager,
        abi: incredibleSquaringTaskManagerAbi,
        eventName: "NewTaskCreated",
        fromBlock: from > BigInt(s.deployedAtBlock) ? from : BigInt(s.deployedAtBlock),
        toBlock: head,
      });
      for (const l of logs) {
        const args = l.args as { taskIndex?: number; task?: Task };
        if (args.taskIndex === undefined || !args.task) continue;
        const idx = Number(args.taskIndex);
        const answered = await clients.public.readContract({
          address: s.contracts.incredibleSquaringTaskManager,
          abi: incredibleSquaringTaskManagerAbi,
          functionName: "allTaskResponses",
          args: [idx],
        });
        if (BigInt(answered as `0x${string}`) !== 0n || service.isActive(idx)) continue;
        log.info("resuming aggregation of unanswered task {taskIndex} from a previous run", {
          taskIndex: idx,
        });
        track({
          taskIndex: idx,
          task: {
            numberToBeSquared: args.task.numberToBeSquared,
            taskCreatedBlock: Number(args.task.taskCreatedBlock),
            quorumNumbers: args.task.quorumNumbers,
            quorumThresholdPercentage: Number(args.task.quorumThresholdPercentage),
          },
          txHash: l.transactionHash ?? "0x",
          blockNumber: l.blockNumber ?? head,
        });
      }
    } catch (err) {
      log.warn("cannot resume recent tasks: {error}", { error: shortError(err) });
    }
  }

  // Operator JSON-RPC server.
  const rpcApp = aggregatorRpcApp({
    service,
    maxBodyBytes: s.maxBodyBytes,
    onAccepted: ({ taskIndex, operatorId }) => {
      metrics.signaturesAccepted.inc({ operator_id: operatorId });
      log.debug("task {taskIndex}: signature from {operatorId} accepted", {
        taskIndex,
        operatorId,
      });
      emit({ kind: "signature_accepted", taskIndex, operatorId });
    },
    onRejected: ({ taskIndex, operatorId, code, message }) => {
      metrics.signaturesRejected.inc({
        operator_id: operatorId,
        reason: rejectionReason(code as never),
      });
      log.info("task {taskIndex}: signature from {operatorId} rejected: {message}", {
        taskIndex,
        operatorId,
        message,
      });
      emit({ kind: "signature_rejected", taskIndex, operatorId, reason: message });
    },
    onCall: ({ method, ok }) =>
      metrics.rpcRequests.inc({ method: method.slice(0, 64), outcome: ok ? "ok" : "error" }),
    onInternalError: (method, err) =>
      log.error("internal error in {method}: {error}", { method, error: shortError(err) }),
  });
  const servers: RunningServer[] = [];
  const rpcServer = await serveApp(rpcApp, s.serverAddress, "aggregator-rpc");
  servers.push(rpcServer);
  let metricsPort: number | undefined;
  if (s.metricsAddress) {
    const m = await serveMetrics(registry, s.metricsAddress);
    servers.push(m);
    metricsPort = m.port;
  }
  // The node API's checks also feed the health gauges, so they exist even when it is not served.
  const api = new NodeApi({ nodeName: "incredible-squaring-aggregator" });
  api.registerService({
    id: "chain",
    name: "Ethereum RPC",
    description: "Execution client the aggregator reads state from and sends transactions to",
    check: () => chainOk ? "healthy" : "unhealthy",
  });
  api.registerService({
    id: "task-generator",
    name: "Task generator",
    description: "createNewTask on an interval; partially healthy after a failed send",
    critical: false,
    check: () => (lastCreateFailed ? "partially_healthy" : "healthy"),
  });
  registerNodeHealthMetrics(registry, (timeoutMs) => api.healthReport(timeoutMs));
  let nodeApiPort: number | undefined;
  if (s.nodeApiAddress) {
    const n = await serveApp(api.app(), s.nodeApiAddress, "aggregator-node-api");
    servers.push(n);
    nodeApiPort = n.port;
  }

  // New blocks drive expiry.
  const pollMs = s.blockPollMs ?? 500;
  const blockLoop = (async () => {
    while (!abort.signal.aborted) {
      try {
        const head = await clients.public.getBlockNumber({ cacheTime: 0 });
        chainOk = true;
        if (head !== lastBlock) {
          lastBlock = head;
          service.onBlock(Number(head));
        }
      } catch (err) {
        if (chainOk) log.warn("cannot read the block number: {error}", { error: shortError(err) });
        chainOk = false;
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  })();

  await resumeRecentTasks();

  let generator: Promise<unknown> = Promise.resolve();
  if (s.generateTasks !== false) {
    const first = BigInt(
      await clients.public.readContract({
        address: s.contracts.incredibleSquaringTaskManager,
        abi: incredibleSquaringTaskManagerAbi,
        functionName: "taskNumber",
      }),
    );
    generator = runTaskGenerator({
      clients,
      taskManager: s.contracts.incredibleSquaringTaskManager,
      intervalMs: s.taskIntervalMs,
      thresholdPercentage: s.thresholdPercentage,
      quorumNumbers: s.quorumNumbers,
      // Restarts continue the sequence: task i squares i on a chain only this aggregator feeds.
      firstNumber: first,
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
        emit({
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
        emit({ kind: "task_create_failed", number: n, error });
      },
    });
  }

  let stopping: Promise<void> | undefined;
  return {
    rpcPort: rpcServer.port,
    metricsPort,
    nodeApiPort,
    clients,
    service,
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    track,
    stop() {
      stopping ??= (async () => {
        abort.abort();
        await generator;
        await blockLoop;
        await Promise.all(servers.map((x) => x.shutdown().catch(() => {})));
        service.stop();
      })();
      return stopping;
    },
  };
}

/** `0x0001` → `[0, 1]`. */
function quorumList(bytes: `0x${string}`): number[] {
  const out: number[] = [];
  for (let i = 2; i < bytes.length; i += 2) out.push(parseInt(bytes.slice(i, i + 2), 16));
  return out;
}

/** The `NonSignerStakesAndSignature` argument in viem's shape (G2 arrays as tuples). */
function toCalldata(r: AggregatedResponse) {
  const n = r.nonSignerStakesAndSignature;
  return {
    nonSignerQuorumBitmapIndices: [...n.nonSignerQuorumBitmapIndices],
    nonSignerPubkeys: n.nonSignerPubkeys.map((p) => ({ X: p.X, Y: p.Y })),
    quorumApks: n.quorumApks.map((p) => ({ X: p.X, Y: p.Y })),
    apkG2: {
      X: [n.apkG2.X[0], n.apkG2.X[1]] as readonly [bigint, bigint],
      Y: [n.apkG2.Y[0], n.apkG2.Y[1]] as readonly [bigint, bigint],
    },
    sigma: { X: n.sigma.X, Y: n.sigma.Y },
    quorumApkIndices: [...n.quorumApkIndices],
    totalStakeIndices: [...n.totalStakeIndices],
    nonSignerStakeIndices: n.nonSignerStakeIndices.map((x) => [...x]),
  };
}

/** First line of an error, with viem's revert reason when present. */
export function shortError(err: unknown): string {
  if (err instanceof TxError) return err.message;
  if (err && typeof err === "object" && "shortMessage" in err) {
    const e = err as { shortMessage: string; details?: string };
    return e.details ? `${e.shortMessage} (${e.details})` : e.shortMessage;
  }
  return err instanceof Error ? err.message.split("\n")[0] : String(err);
}
