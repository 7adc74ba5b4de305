/**
 * The challenger: follows the TaskManager's and ServiceManager's events from a start block
 * (back-fill, then the head) and
 * - challenges every accepted response that is not the square of the task's number
 *   (`raiseAndResolveChallenge`, with the non-signer keys recovered from the response tx),
 * - challenges every task left without response once its response window has passed
 *   (`raiseNoResponseChallenge`),
 * - finalises freeze requests whose veto window passed without a veto (`finalizeFreezeRequest`),
 *   when enabled.
 * Every decision is re-checked by the contracts; a failed transaction is logged and counted, and
 * retried a bounded number of times. Nothing a log or transaction contains can crash the loop.
 */
import type { Abi, Address, Hex } from "viem";
import {
  incredibleSquaringServiceManagerAbi,
  incredibleSquaringTaskManagerAbi,
} from "../chain/abi/mod.ts";
import type { Task, TaskResponse, TaskResponseMetadata } from "../task/mod.ts";
import { square } from "../task/mod.ts";
import { getLogger } from "../log/mod.ts";
import {
  createRegistry,
  registerChallengerMetrics,
  registerNodeHealthMetrics,
  RpcMetrics,
  serveMetrics,
} from "../metrics/mod.ts";
import { type RunningServer, serveApp } from "../http/server.ts";
import { NodeApi } from "../nodeapi/mod.ts";
import { makeTxClients, type TxClients } from "../aggregator/clients.ts";
import { sendPendingBlockTx } from "../aggregator/pending_tx.ts";
import { shortError } from "../log/mod.ts";
import { type DecodedLog, pollLogs } from "./log_poller.ts";
import { recoverNonSigners } from "./non_signers.ts";

/** Settings of {@link startChallenger}. */
export interface ChallengerSettings {
  rpcUrl: string;
  privateKey: Hex;
  taskManager: Address;
  serviceManager: Address;
  /** First block to read events from. */
  startBlock: bigint;
  finalizeFreezeRequests: boolean;
  metricsAddress?: string;
  nodeApiAddress?: string;
  pollMs?: number;
  /** Attempts per action before giving up (default 3). */
  maxAttempts?: number;
}

/** Something the challenger did or saw. */
export type ChallengerEvent =
  | {
    kind: "challenge_sent";
    taskIndex: number;
    reason: "wrong_answer" | "no_response";
    txHash: Hex;
  }
  | {
    kind: "challenge_failed";
    taskIndex: number;
    reason: "wrong_answer" | "no_response";
    error: string;
  }
  | { kind: "response_valid"; taskIndex: number }
  | { kind: "challenged"; taskIndex: number; successful: boolean; challenger: Address }
  | { kind: "freeze_requested"; requestId: bigint; operator: Address; taskIndex: number }
  | { kind: "freeze_finalize_sent"; requestId: bigint; txHash: Hex }
  | { kind: "freeze_finalized"; requestId: bigint; operator: Address }
  | { kind: "freeze_vetoed"; requestId: bigint; operator: Address }
  | { kind: "undecodable_log"; transactionHash: string }
  | { kind: "error"; error: string };

/** A running challenger. */
export interface ChallengerHandle {
  clients: TxClients;
  metricsPort?: number;
  on(listener: (e: ChallengerEvent) => void): () => void;
  stop(): Promise<void>;
}

interface TaskRecord {
  task: Task;
  response?: { response: TaskResponse; metadata: TaskResponseMetadata; txHash: Hex };
  challenged: boolean;
  attempts: number;
  busy: boolean;
}

interface FreezeRecord {
  operator: Address;
  taskIndex: number;
  deadline: bigint;
  attempts: number;
  busy: boolean;
}

const log = getLogger("challenger");

/** Starts the challenger; see the module comment. */
export async function startChallenger(s: ChallengerSettings): Promise<ChallengerHandle> {
  const registry = createRegistry("challenger");
  const metrics = registerChallengerMetrics(registry);
  const clients = await makeTxClients({
    rpcUrl: s.rpcUrl,
    privateKey: s.privateKey,
    rpcMetrics: new RpcMetrics(registry),
  });
  const maxAttempts = s.maxAttempts ?? 3;
  const listeners = new Set<(e: ChallengerEvent) => void>();
  const emit = (e: ChallengerEvent) => {
    for (const l of listeners) {
      try {
        l(e);
      } catch { /* observers never break the loop */ }
    }
  };
  const read = <T>(fn: string, address: Address, abi: Abi) =>
    clients.public.readContract({ address, abi, functionName: fn as never }) as Promise<T>;
  const responseWindow = BigInt(
    await read<number>(
      "getTaskResponseWindowBlock",
      s.taskManager,
      incredibleSquaringTaskManagerAbi,
    ),
  );
  const challengeWindow = BigInt(
    await read<number>(
      "TASK_CHALLENGE_WINDOW_BLOCK",
      s.taskManager,
      incredibleSquaringTaskManagerAbi,
    ),
  );

  const tasks = new Map<number, TaskRecord>();
  const freezes = new Map<bigint, FreezeRecord>();
  const abort = new AbortController();
  let chainOk = true;

  const send = async (fn: string, address: Address, abi: Abi, args: readonly unknown[]) => {
    // Every action here depends on block.number (windows), so it is judged at the pending block.
    const receipt = await sendPendingBlockTx(clients, address, abi, fn, args);
    return receipt.transactionHash;
  };

  const challengeWrongAnswer = async (idx: number, rec: TaskRecord, head: bigint) => {
    const r = rec.response!;
    if (head + 1n > BigInt(r.metadata.taskRespondedBlock) + challengeWindow) {
      log.warn("task {idx}: wrong answer {answer} but its challenge window has passed", {
        idx,
        answer: r.response.numberSquared.toString(),
      });
      rec.challenged = true;
      return;
    }
    rec.busy = true;
    rec.attempts++;
    metrics.challengesRaised.inc({ kind: "wrong_answer" });
    try {
      const pubkeys = await recoverNonSigners(
        clients.public,
        s.taskManager,
        r.txHash,
        rec.task.taskCreatedBlock,
        r.metadata.hashOfNonSigners,
      );
      const hash = await send(
        "raiseAndResolveChallenge",
        s.taskManager,
        incredibleSquaringTaskManagerAbi,
        [
          rec.task,
          r.response,
          r.metadata,
          pubkeys,
        ],
      );
      rec.challenged = true;
      log.info("task {idx}: challenged wrong answer {answer} (expected {expected}) in tx {tx}", {
        idx,
        answer: r.response.numberSquared.toString(),
        expected: square(rec.task.numberToBeSquared).toString(),
        tx: hash,
      });
      emit({ kind: "challenge_sent", taskIndex: idx, reason: "wrong_answer", txHash: hash });
    } catch (err) {
      metrics.challengeFailures.inc();
      const error = shortError(err);
      log.error("task {idx}: challenge failed (attempt {n}): {error}", {
        idx,
        n: rec.attempts,
        error,
      });
      emit({ kind: "challenge_failed", taskIndex: idx, reason: "wrong_answer", error });
    } finally {
      rec.busy = false;
    }
  };

  const challengeNoResponse = async (idx: number, rec: TaskRecord) => {
    rec.busy = true;
    rec.attempts++;
    metrics.challengesRaised.inc({ kind: "no_response" });
    try {
      const hash = await send(
        "raiseNoResponseChallenge",
        s.taskManager,
        incredibleSquaringTaskManagerAbi,
        [
          idx,
          rec.task,
        ],
      );
      rec.challenged = true;
      log.info("task {idx}: challenged missing response in tx {tx}", { idx, tx: hash });
      emit({ kind: "challenge_sent", taskIndex: idx, reason: "no_response", txHash: hash });
    } catch (err) {
      metrics.challengeFailures.inc();
      const error = shortError(err);
      // The response may have landed meanwhile; the contract's answer is authoritative.
      if (/has been responded to|already been challenged/.test(error)) rec.challenged = true;
      log.warn("task {idx}: no-response challenge failed (attempt {n}): {error}", {
        idx,
        n: rec.attempts,
        error,
      });
      emit({ kind: "challenge_failed", taskIndex: idx, reason: "no_response", error });
    } finally {
      rec.busy = false;
    }
  };

  const evaluate = async (idx: number, head: bigint) => {
    const rec = tasks.get(idx);
    if (!rec || rec.challenged || rec.busy || rec.attempts >= maxAttempts) return;
    if (rec.response) {
      if (rec.response.response.numberSquared === square(rec.task.numberToBeSquared)) {
        rec.challenged = true; // nothing to do for this task any more
        log.debug("task {idx}: response is correct", { idx });
        emit({ kind: "response_valid", taskIndex: idx });
        return;
      }
      await challengeWrongAnswer(idx, rec, head);
      return;
    }
    const created = BigInt(rec.task.taskCreatedBlock);
    // The challenge is mined at head+1 at the earliest.
    if (head + 1n <= created + responseWindow) return;
    if (head + 1n > created + responseWindow + challengeWindow) {
      rec.challenged = true;
      return;
    }
    await challengeNoResponse(idx, rec);
  };

  const finalize = async (id: bigint, rec: FreezeRecord) => {
    rec.busy = true;
    rec.attempts++;
    try {
      const hash = await send(
        "finalizeFreezeRequest",
        s.serviceManager,
        incredibleSquaringServiceManagerAbi,
        [id],
      );
      log.info("freeze request {id} against {operator} finalised in tx {tx}", {
        id: id.toString(),
        operator: rec.operator,
        tx: hash,
      });
      emit({ kind: "freeze_finalize_sent", requestId: id, txHash: hash });
    } catch (err) {
      const error = shortError(err);
      if (/not pending/.test(error)) freezes.delete(id);
      log.warn("freeze request {id}: finalise failed (attempt {n}): {error}", {
        id: id.toString(),
        n: rec.attempts,
        error,
      });
    } finally {
      rec.busy = false;
    }
  };

  const onLog = (l: DecodedLog) => {
    const a = l.args;
    switch (l.eventName) {
      case "NewTaskCreated": {
        const idx = Number(a.taskIndex);
        const t = a.task as Task;
        metrics.tasksSeen.inc();
        tasks.set(idx, {
          task: {
            numberToBeSquared: t.numberToBeSquared,
            taskCreatedBlock: Number(t.taskCreatedBlock),
            quorumNumbers: t.quorumNumbers,
            quorumThresholdPercentage: Number(t.quorumThresholdPercentage),
          },
          challenged: false,
          attempts: 0,
          busy: false,
        });
        break;
      }
      case "TaskResponded": {
        const response = a.taskResponse as TaskResponse;
        const metadata = a.taskResponseMetadata as TaskResponseMetadata;
        const idx = Number(response.referenceTaskIndex);
        metrics.responsesSeen.inc();
        const rec = tasks.get(idx);
        if (!rec) {
          log.warn("response to unknown task {idx} (before the start block?)", { idx });
          break;
        }
        rec.response = {
          response: { referenceTaskIndex: idx, numberSquared: response.numberSquared },
          metadata: {
            taskRespondedBlock: Number(metadata.taskRespondedBlock),
            hashOfNonSigners: metadata.hashOfNonSigners,
          },
          txHash: l.transactionHash,
        };
        // Judged in onHead, right after this range, against the real head.
        break;
      }
      case "TaskChallengedSuccessfully":
      case "TaskChallengedUnsuccessfully": {
        const idx = Number(a.taskIndex);
        const successful = l.eventName === "TaskChallengedSuccessfully";
        const rec = tasks.get(idx);
        if (rec && successful) rec.challenged = true;
        if (successful) metrics.challengesSucceeded.inc();
        emit({
          kind: "challenged",
          taskIndex: idx,
          successful,
          challenger: a.challenger as Address,
        });
        break;
      }
      case "FreezeRequested": {
        const id = a.requestId as bigint;
        metrics.freezeRequests.inc();
        freezes.set(id, {
          operator: a.operator as Address,
          taskIndex: Number(a.taskIndex),
          deadline: BigInt(a.vetoDeadlineBlock as number),
          attempts: 0,
          busy: false,
        });
        log.info(
          "freeze request {id} against {operator} for task {task}; veto deadline block {deadline}",
          {
            id: id.toString(),
            operator: a.operator,
            task: Number(a.taskIndex),
            deadline: String(a.vetoDeadlineBlock),
          },
        );
        emit({
          kind: "freeze_requested",
          requestId: id,
          operator: a.operator as Address,
          taskIndex: Number(a.taskIndex),
        });
        break;
      }
      case "FreezeRequestVetoed": {
        const id = a.requestId as bigint;
        freezes.delete(id);
        metrics.freezesVetoed.inc();
        log.info("freeze request {id} against {operator} was vetoed", {
          id: id.toString(),
          operator: a.operator,
        });
        emit({ kind: "freeze_vetoed", requestId: id, operator: a.operator as Address });
        break;
      }
      case "FreezeRequestFinalized": {
        const id = a.requestId as bigint;
        freezes.delete(id);
        metrics.freezesFinalized.inc();
        emit({ kind: "freeze_finalized", requestId: id, operator: a.operator as Address });
        break;
      }
    }
  };

  const onHead = async (head: bigint) => {
    chainOk = true;
    for (const [idx, rec] of tasks) {
      if (rec.challenged) {
        // Keep memory bounded: a task past every window needs nothing more.
        const created = BigInt(rec.task.taskCreatedBlock);
        if (head > created + responseWindow + 2n * challengeWindow) tasks.delete(idx);
        continue;
      }
      await evaluate(idx, head);
    }
    if (!s.finalizeFreezeRequests) return;
    for (const [id, rec] of freezes) {
      if (rec.busy || rec.attempts >= maxAttempts) continue;
      if (head + 1n > rec.deadline) await finalize(id, rec);
    }
  };

  const abi = [...incredibleSquaringTaskManagerAbi, ...incredibleSquaringServiceManagerAbi] as Abi;
  const loop = pollLogs({
    client: clients.public,
    addresses: [s.taskManager, s.serviceManager],
    abi,
    fromBlock: s.startBlock,
    signal: abort.signal,
    pollMs: s.pollMs ?? 500,
    onLog,
    onHead,
    onUndecodable: (lg, err) => {
      log.warn("skipping a log that does not decode (tx {tx}): {error}", {
        tx: lg.transactionHash,
        error: shortError(err),
      });
      emit({ kind: "undecodable_log", transactionHash: lg.transactionHash ?? "" });
    },
    onError: (err) => {
      chainOk = false;
      const error = shortError(err);
      log.error("event handling error: {error}", { error });
      emit({ kind: "error", error });
    },
  });

  const servers: RunningServer[] = [];
  let metricsPort: number | undefined;
  if (s.metricsAddress) {
    const m = await serveMetrics(registry, s.metricsAddress);
    servers.push(m);
    metricsPort = m.port;
  }
  // The node API's checks also feed the health gauges, so they exist even when it is not served.
  const api = new NodeApi({ nodeName: "incredible-squaring-challenger" });
  api.registerService({
    id: "chain",
    name: "Ethereum RPC",
    description: "Execution client the challenger follows",
    check: () => chainOk ? "healthy" : "unhealthy",
  });
  registerNodeHealthMetrics(registry, (timeoutMs) => api.healthReport(timeoutMs));
  if (s.nodeApiAddress) {
    servers.push(await serveApp(api.app(), s.nodeApiAddress, "challenger-node-api"));
  }
  log.info("challenger following {tm} and {sm} from block {from}", {
    tm: s.taskManager,
    sm: s.serviceManager,
    from: s.startBlock.toString(),
  });

  let stopping: Promise<void> | undefined;
  return {
    clients,
    metricsPort,
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      stopping ??= (async () => {
        abort.abort();
        await loop;
        await Promise.all(servers.map((x) => x.shutdown().catch(() => {})));
      })();
      return stopping;
    },
  };
}
