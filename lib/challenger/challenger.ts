/**
 * The challenger: follows the TaskManager's and ServiceManager's events from a start block
 * (back-fill, then the head) and
 * - challenges every accepted response that is not the square of the task's number
 *   (`raiseAndResolveChallenge`, with the non-signer keys recovered from the response tx),
 * - challenges every task left without response once its response window has passed
 *   (`raiseNoResponseChallenge`),
 * - walks the rest of every fault assignment a successful challenge left open in the FaultLedger
 *   (`assignFaults`, `faultBatchSize` quorum-list entries per transaction), so operators at fault
 *   beyond the ledger's opening batch get their freeze or slashing requests too,
 * - finalises freeze requests whose veto window passed without a veto (`finalizeFreezeRequest`),
 *   when enabled;
 * - on the slashing era (a ServiceManager with a VetoableSlasher), follows the slasher's
 *   requests too and fulfils those whose veto window passed (`fulfillSlashingRequest`), reporting
 *   requested, vetoed and fulfilled (with the shares slashed).
 * This file wires the pieces: the event book (`book.ts`), the rules (`decision.ts`, pure), the
 * transactions (`actions.ts`) and the node shell. Every decision is re-checked by the contracts;
 * a failed transaction is logged, counted and retried a bounded number of times. Nothing a log
 * or transaction contains can crash the loop.
 *
 * @module
 */
import type { Abi, Address } from "viem";
import { createChainClients } from "../chain/clients.ts";
import { avsEventsAbi, challengeWindowBlocks, responseWindowBlocks } from "../avs/mod.ts";
import { getLogger, shortError } from "../log/mod.ts";
import {
  createRegistry,
  registerChallengerMetrics,
  registerChallengerSlashingMetrics,
  RpcMetrics,
} from "../metrics/mod.ts";
import {
  isSlashingServiceManager,
  slashedSharesIn,
  slasherOf,
  slashingEventsAbi,
  vetoableSlasherParams,
} from "../avs/slashing.ts";
import { eventHub } from "../node/events.ts";
import { startNodeShell } from "../node/shell.ts";
import { type ChainGuard, readChainIdentity, startChainGuard } from "../node/chain_guard.ts";
import { LOOP_DRAIN_MS, waitAtMost } from "../node/bounded.ts";
import { pollLogs } from "../chain/poll_logs.ts";
import { detectCapabilities, logMissingCapabilities } from "../avs/capabilities.ts";
import { faultLedgerAbi, faultLedgerOf } from "../avs/faults.ts";
import { challengerActions } from "./actions.ts";
import { challengerBook } from "./book.ts";
import { decideTask, isForgettable, isFreezeDue, isSlashingDue } from "./decision.ts";
import type { ChallengerEvent, ChallengerHandle, ChallengerSettings, Windows } from "./types.ts";

export type { ChallengerEvent, ChallengerHandle, ChallengerSettings } from "./types.ts";

const log = getLogger("challenger");

/** Starts the challenger; see the module comment. */
export async function startChallenger(s: ChallengerSettings): Promise<ChallengerHandle> {
  const registry = createRegistry("challenger");
  const metrics = registerChallengerMetrics(registry);
  const clients = await createChainClients({
    rpcUrl: s.rpcUrl,
    privateKey: s.privateKey,
    rpcMetrics: new RpcMetrics(registry),
    pollingInterval: 250,
  });
  // The chain as it was at start: the chain guard compares against it (resets).
  const identity = await readChainIdentity(clients.publicClient);
  const maxAttempts = s.maxAttempts ?? 3;
  const events = eventHub<ChallengerEvent>();
  const avs = { taskManager: s.taskManager, serviceManager: s.serviceManager };
  // This project's contract extensions, detected once: upstream's contracts lack them.
  const caps = await detectCapabilities(clients.publicClient, avs);
  // Slashing era: slashing requests (followed below) replace freeze requests.
  const slashing = await slashingSetup(clients.publicClient, s.serviceManager);
  logMissingCapabilities(
    log,
    slashing ? { ...caps, freezeRequests: true, isFrozen: true } : caps,
  );
  // Successful challenges assign faults in batches through the TaskManager's FaultLedger.
  const faultLedger = caps.faultLedger ? await faultLedgerOf(clients.publicClient, avs) : undefined;
  const windows: Windows = {
    response: BigInt(await responseWindowBlocks(clients.publicClient, avs)),
    challenge: BigInt(await challengeWindowBlocks(clients.publicClient, avs)),
  };

  // Slashing era: the ServiceManager queues requests on a VetoableSlasher, followed here too.
  if (slashing) {
    log.info(
      "slashing-era ServiceManager: following slashing requests on {slasher} (veto window {w} blocks)",
      { slasher: slashing.slasher, w: slashing.vetoWindowBlocks.toString() },
    );
  }
  const book = challengerBook(
    metrics,
    events.emit,
    slashing && {
      metrics: registerChallengerSlashingMetrics(registry),
      slashedIn: async (hash) =>
        slashedSharesIn(await clients.publicClient.getTransactionReceipt({ hash })),
    },
  );
  const abort = new AbortController();
  const actions = challengerActions({
    clients,
    taskManager: s.taskManager,
    serviceManager: s.serviceManager,
    metrics,
    emit: events.emit,
    forgetFreeze: (id) => book.freezes.delete(id),
    forgetSlashing: (id) => book.slashings.delete(id),
    faultLedger,
    faultBatchSize: s.faultBatchSize,
    taskLookbackBlocks: windows.response + windows.challenge,
    forgetFaults: (idx) => book.faults.delete(idx),
    signal: abort.signal,
  });
  let chainOk = true;

  const onHead = async (head: bigint) => {
    chainOk = true;
    for (const [idx, rec] of book.tasks) {
      if (isForgettable(rec, head, windows)) {
        book.tasks.delete(idx); // keeps memory bounded
        continue;
      }
      const decision = decideTask(rec, head, windows, maxAttempts);
      switch (decision.action) {
        case "accept":
          rec.challenged = true;
          log.debug("task {idx}: response is correct", { idx });
          events.emit({ kind: "response_valid", taskIndex: idx });
          break;
        case "too_late_wrong_answer":
          rec.challenged = true;
          log.warn("task {idx}: wrong answer {answer} but its challenge window has passed", {
            idx,
            answer: rec.response!.response.numberSquared.toString(),
          });
          break;
        case "too_late_no_response":
          rec.challenged = true;
          break;
        case "challenge_wrong_answer":
          await actions.challengeWrongAnswer(idx, rec);
          break;
        case "challenge_no_response":
          // Without raiseNoResponseChallenge there is nothing to send (it would only revert).
          if (caps.noResponseChallenge) await actions.challengeNoResponse(idx, rec);
          else rec.challenged = true;
          break;
        case "wait":
          break;
      }
    }
    for (const [idx, rec] of book.faults) {
      if (!rec.busy && rec.attempts < maxAttempts) await actions.assignRemainingFaults(idx, rec);
    }
    metrics.faultAssignmentsOpen.set(book.faults.size);
    if (slashing && (s.fulfilSlashingRequests ?? true)) {
      for (const [id, rec] of book.slashings) {
        if (isSlashingDue(rec, head, slashing.vetoWindowBlocks, maxAttempts)) {
          await actions.fulfilSlashing(id, rec);
        }
      }
    }
    if (!s.finalizeFreezeRequests || !caps.freezeRequests) return;
    for (const [id, rec] of book.freezes) {
      if (isFreezeDue(rec, head, maxAttempts)) await actions.finalizeFreeze(id, rec);
    }
  };

  const followed: Address[] = [s.taskManager, s.serviceManager];
  if (slashing) followed.push(slashing.slasher);
  if (faultLedger) followed.push(faultLedger);
  const loop = pollLogs({
    client: clients.publicClient,
    addresses: followed,
    abi: [
      ...avsEventsAbi,
      ...(slashing ? slashingEventsAbi : []),
      ...(faultLedger ? faultLedgerAbi : []),
    ] as Abi,
    fromBlock: s.startBlock,
    signal: abort.signal,
    pollMs: s.pollMs ?? 500,
    confirmations: s.confirmations,
    onLog: book.apply,
    onHead,
    onReorg: ({ fromBlock, depth }) => {
      log.warn(
        "the chain reorganised: {depth} handled block(s) from block {from} are read again",
        { depth: depth.toString(), from: fromBlock.toString() },
      );
      book.forgetFrom(fromBlock);
    },
    onUndecodable: (lg, err) => {
      log.warn("skipping a log that does not decode (tx {tx}): {error}", {
        tx: lg.transactionHash,
        error: shortError(err),
      });
      events.emit({ kind: "undecodable_log", transactionHash: lg.transactionHash ?? "" });
    },
    onError: (err) => {
      chainOk = false;
      const error = shortError(err);
      log.error("event handling error: {error}", { error });
      events.emit({ kind: "error", error });
    },
  });

  // Started once the node runs (below); the health check reads it from then on.
  const started: { guard?: ChainGuard } = {};
  const shell = await startNodeShell({
    component: "challenger",
    registry,
    nodeName: "incredible-squaring-challenger",
    metricsAddress: s.metricsAddress,
    nodeApiAddress: s.nodeApiAddress,
    services: [{
      id: "chain",
      name: "Ethereum RPC",
      description: "Execution client the challenger follows",
      check: () => chainOk && (started.guard?.healthy ?? true) ? "healthy" : "unhealthy",
    }],
  }).catch(async (err) => {
    abort.abort();
    await loop;
    throw err;
  });
  const guard = started.guard = startChainGuard({
    client: clients.publicClient,
    rpcUrl: s.rpcUrl,
    expected: identity,
    contracts: { TaskManager: s.taskManager, ServiceManager: s.serviceManager },
    intervalMs: s.chainGuardIntervalMs,
    signal: abort.signal,
    onHealthChange: (healthy, why) =>
      healthy
        ? log.info("the chain answers again")
        : log.warn("chain check failed: {why}", { why }),
  });
  log.info("challenger following {tm} and {sm} from block {from}", {
    tm: s.taskManager,
    sm: s.serviceManager,
    from: s.startBlock.toString(),
  });

  let stopping: Promise<void> | undefined;
  return {
    clients,
    metricsPort: shell.metricsPort,
    on: events.on,
    failed: guard.failed,
    stop() {
      stopping ??= (async () => {
        abort.abort();
        // A request already sent to a hung chain cannot be called back: wait a little, then close.
        await waitAtMost(Promise.all([loop, guard.done]), LOOP_DRAIN_MS);
        await waitAtMost(shell.close(), LOOP_DRAIN_MS);
      })();
      return stopping;
    },
  };
}

/** The VetoableSlasher behind a slashing-era ServiceManager, or undefined (M2, instant slasher). */
async function slashingSetup(
  client: Parameters<typeof slasherOf>[0],
  serviceManager: Address,
): Promise<{ slasher: Address; vetoWindowBlocks: bigint } | undefined> {
  if (!(await isSlashingServiceManager(client, serviceManager))) return undefined;
  const { slasher, kind } = await slasherOf(client, serviceManager);
  if (kind !== "vetoable") return undefined;
  const p = await vetoableSlasherParams(client, slasher);
  return { slasher, vetoWindowBlocks: BigInt(p.vetoWindowBlocks) };
}
