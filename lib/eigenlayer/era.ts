/**
 * Which EigenLayer era a deployment runs, read from its registry coordinator rather than taken
 * from a flag: an M2 coordinator has no AllocationManager; a SlashingRegistryCoordinator has one
 * and only operator sets; the slashing-era RegistryCoordinator has one and serves a quorum as an
 * operator set once `operatorSetsEnabled` is on and the quorum is not an M2 quorum.
 *
 * @module
 */
import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
} from "viem";
import { registryCoordinatorAbi as slashingRcAbi } from "../chain/abi/slashing/mod.ts";
import type { ReadClient } from "../chain/clients.ts";

/** The two ways an operator joins the AVS. */
export type EigenLayerEraKind = "m2" | "slashing";

/** What {@link detectEra} found, with the evidence in words (for the node's log line). */
export type DetectedEra = {
  era: EigenLayerEraKind;
  /** The coordinator's AllocationManager (slashing era only). */
  allocationManager?: Address;
  /** Why, e.g. `registry coordinator has operator sets enabled and quorum 0 is not an M2 quorum`. */
  reason: string;
};

/**
 * Detects the era of `registryCoordinator` for `quorumNumbers`. A call that reverts is evidence
 * (the function does not exist there); a transport failure propagates.
 */
export async function detectEra(
  client: ReadClient,
  registryCoordinator: Address,
  quorumNumbers: readonly number[],
): Promise<DetectedEra> {
  const rc = { address: registryCoordinator, abi: slashingRcAbi } as const;
  const tryRead = async <T>(f: () => Promise<T>): Promise<{ ok: true; v: T } | { ok: false }> => {
    try {
      return { ok: true, v: await f() };
    } catch (err) {
      if (isRevert(err)) return { ok: false };
      throw err;
    }
  };
  const am = await tryRead(() => client.readContract({ ...rc, functionName: "allocationManager" }));
  if (!am.ok || /^0x0{40}$/i.test(am.v)) {
    return { era: "m2", reason: "registry coordinator has no AllocationManager (M2 contracts)" };
  }
  const enabled = await tryRead(() =>
    client.readContract({ ...rc, functionName: "operatorSetsEnabled" })
  );
  if (!enabled.ok) {
    return {
      era: "slashing",
      allocationManager: am.v,
      reason: "registry coordinator is a SlashingRegistryCoordinator (operator sets only)",
    };
  }
  if (!enabled.v) {
    return { era: "m2", reason: "registry coordinator has operator sets disabled" };
  }
  for (const q of quorumNumbers) {
    if (await client.readContract({ ...rc, functionName: "isM2Quorum", args: [q] })) {
      return { era: "m2", reason: `quorum ${q} is an M2 quorum of the registry coordinator` };
    }
  }
  return {
    era: "slashing",
    allocationManager: am.v,
    reason: `registry coordinator has operator sets enabled and quorum(s) ${
      quorumNumbers.join(",")
    } are operator sets`,
  };
}

// A call into a function the contract lacks reverts or returns no data; anything else (the
// node unreachable, a timeout) is not evidence about the contract.
function isRevert(err: unknown): boolean {
  if (!(err instanceof BaseError)) return false;
  return err.walk((e) =>
    e instanceof ContractFunctionRevertedError || e instanceof ContractFunctionZeroDataError
  ) !== null;
}
