/**
 * Which of this project's contract extensions a deployment has, found once at start by looking
 * for their function selectors (and the `TaskCompleted` topic) in the deployed code, so nodes
 * pointed at upstream's contracts turn those features off instead of sending transactions that
 * revert or logging a warning per scrape.
 *
 * A Solidity dispatcher compares the calldata's selector against a `PUSH4 <selector>` for each
 * external function, and an `emit` pushes the event's topic with `PUSH32`; so the bytes
 * `0x63 ‖ selector` and `0x7f ‖ topic` are in the code of a contract that has them. Behind an
 * EIP-1967 proxy (upstream deploys TransparentUpgradeableProxies) the implementation's code is
 * read instead.
 *
 * @module
 */
import {
  type Address,
  type Hex,
  type PublicClient,
  toEventSelector,
  toFunctionSelector,
} from "viem";
import {
  incredibleSquaringServiceManagerAbi,
  incredibleSquaringTaskManagerAbi,
} from "../chain/abi/mod.ts";

/** The extensions of this project's contracts over upstream's. */
export type AvsCapabilities = {
  /** TaskManager `raiseNoResponseChallenge`: challenges of tasks left unanswered. */
  noResponseChallenge: boolean;
  /** TaskManager `attestations()`: operators' attestations of unanswered correct responses. */
  attestations: boolean;
  /** TaskManager emits `TaskCompleted` (upstream declares it but never emits it). */
  taskCompletedEvent: boolean;
  /** ServiceManager freeze requests with a veto window (`freezeRequestCount`, finalise, veto). */
  freezeRequests: boolean;
  /** ServiceManager `isFrozen(address)`. */
  isFrozen: boolean;
  /**
   * TaskManager `faultLedger()`: operators at fault are assigned in bounded batches after a
   * successful challenge (`assignFaults`), instead of all in the challenge transaction.
   */
  faultLedger: boolean;
};

/** Storage slot of an EIP-1967 proxy's implementation address. */
export const EIP1967_IMPLEMENTATION_SLOT: Hex =
  "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";

type AbiItem = { type: string; name?: string };

function selectorOf(abi: readonly AbiItem[], name: string): Hex {
  const item = abi.find((i) => i.type === "function" && i.name === name);
  if (!item) throw new Error(`ABI has no function ${name}`);
  return toFunctionSelector(item as Parameters<typeof toFunctionSelector>[0]);
}

function topicOf(abi: readonly AbiItem[], name: string): Hex {
  const item = abi.find((i) => i.type === "event" && i.name === name);
  if (!item) throw new Error(`ABI has no event ${name}`);
  return toEventSelector(item as Parameters<typeof toEventSelector>[0]);
}

const TM = incredibleSquaringTaskManagerAbi as readonly AbiItem[];
const SM = incredibleSquaringServiceManagerAbi as readonly AbiItem[];

/** The selectors and topics each capability needs (all must be present). */
export const CAPABILITY_MARKERS: Record<
  keyof AvsCapabilities,
  { contract: "tm" | "sm"; push: Hex[] }
> = {
  noResponseChallenge: {
    contract: "tm",
    push: [`0x63${selectorOf(TM, "raiseNoResponseChallenge").slice(2)}`],
  },
  attestations: { contract: "tm", push: [`0x63${selectorOf(TM, "attestations").slice(2)}`] },
  taskCompletedEvent: { contract: "tm", push: [`0x7f${topicOf(TM, "TaskCompleted").slice(2)}`] },
  freezeRequests: {
    contract: "sm",
    push: ["freezeRequestCount", "getFreezeRequest", "finalizeFreezeRequest"].map((n) =>
      `0x63${selectorOf(SM, n).slice(2)}` as Hex
    ),
  },
  isFrozen: { contract: "sm", push: [`0x63${selectorOf(SM, "isFrozen").slice(2)}`] },
  faultLedger: { contract: "tm", push: [`0x63${selectorOf(TM, "faultLedger").slice(2)}`] },
};

/** A client that can read code and storage. */
export type CodeReader = Pick<PublicClient, "getCode" | "getStorageAt">;

/**
 * The runtime code that answers calls to `address`: its own, or its EIP-1967 implementation's.
 * @throws {Error} when there is no code at `address`.
 */
export async function effectiveCode(client: CodeReader, address: Address): Promise<Hex> {
  const code = await client.getCode({ address });
  if (!code || code === "0x") throw new Error(`no contract code at ${address}`);
  const slot = await client.getStorageAt({ address, slot: EIP1967_IMPLEMENTATION_SLOT })
    .catch(() => undefined);
  if (slot && BigInt(slot) !== 0n) {
    const impl = `0x${slot.slice(-40)}` as Address;
    const implCode = await client.getCode({ address: impl });
    if (implCode && implCode !== "0x") return implCode;
  }
  return code;
}

/** True when `code` contains every one of `markers` (hex byte strings with 0x). */
export function codeHas(code: Hex, markers: readonly Hex[]): boolean {
  const body = code.toLowerCase();
  return markers.every((m) => body.includes(m.slice(2).toLowerCase()));
}

/** Detects the capabilities of a TaskManager + ServiceManager pair (two or four `eth_getCode`). */
export async function detectCapabilities(
  client: CodeReader,
  contracts: { taskManager: Address; serviceManager: Address },
): Promise<AvsCapabilities> {
  const [tm, sm] = await Promise.all([
    effectiveCode(client, contracts.taskManager),
    effectiveCode(client, contracts.serviceManager),
  ]);
  const out = {} as AvsCapabilities;
  for (const [name, m] of Object.entries(CAPABILITY_MARKERS)) {
    out[name as keyof AvsCapabilities] = codeHas(m.contract === "tm" ? tm : sm, m.push);
  }
  return out;
}

/** Names of the capabilities that are off, for the one info line a node logs at start. */
export function missingCapabilities(c: AvsCapabilities): (keyof AvsCapabilities)[] {
  return (Object.keys(c) as (keyof AvsCapabilities)[]).filter((k) => !c[k]);
}

/** Every capability on: this project's own contracts. */
export const ALL_CAPABILITIES: AvsCapabilities = {
  noResponseChallenge: true,
  attestations: true,
  taskCompletedEvent: true,
  freezeRequests: true,
  isFrozen: true,
  faultLedger: true,
};

/** What each capability's absence turns off, for the start-up info line. */
const OFF_MEANS: Record<keyof AvsCapabilities, string> = {
  noResponseChallenge: "no-response challenges",
  attestations: "response attestations",
  taskCompletedEvent: "TaskCompleted events",
  freezeRequests: "freeze requests (finalise, veto, list)",
  isFrozen: "the frozen status (eigen_slashing_status reads 0)",
  faultLedger: "batched fault assignment (assignFaults)",
};

/** Logs one info line naming what is off when the contracts lack extensions; nothing otherwise. */
export function logMissingCapabilities(
  log: { info(message: string, props?: Record<string, unknown>): void },
  caps: AvsCapabilities,
): void {
  const off = missingCapabilities(caps);
  if (off.length === 0) return;
  log.info("the AVS contracts lack this project's extensions; turned off: {off}", {
    off: off.map((k) => OFF_MEANS[k]).join(", "),
  });
}

/**
 * Throws a plain message when the ServiceManager has no freeze requests (upstream's contracts,
 * or the slashing era's, where slashing requests take their place), instead of a raw revert.
 */
export async function requireFreezeRequests(
  client: CodeReader,
  serviceManager: Address,
): Promise<void> {
  const code = await effectiveCode(client, serviceManager);
  if (!codeHas(code, CAPABILITY_MARKERS.freezeRequests.push)) {
    throw new Error(
      `the ServiceManager at ${serviceManager} has no freeze requests (freezeRequestCount, ` +
        `getFreezeRequest, finalizeFreezeRequest): it is not this project's M2 ServiceManager ` +
        `(upstream's contracts and the slashing era have none)`,
    );
  }
}

/**
 * Throws a plain message when the TaskManager has no FaultLedger (upstream's contracts, or an
 * older deployment of this project's), instead of a raw revert.
 */
export async function requireFaultLedger(client: CodeReader, taskManager: Address): Promise<void> {
  const code = await effectiveCode(client, taskManager);
  if (!codeHas(code, CAPABILITY_MARKERS.faultLedger.push)) {
    throw new Error(
      `the TaskManager at ${taskManager} has no faultLedger(): its challenges hold every operator at fault at once (upstream's contracts, or an older deployment)`,
    );
  }
}
