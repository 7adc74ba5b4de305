/**
 * The devnet veto committee of `deno task start --eigenlayer slashing`, so that both outcomes of
 * a slashing request show: it vetoes every slashing request with an even id while its window is
 * open and leaves odd ones to the challenger, which fulfils them after the window. The committee
 * key is the deployment's `roles.vetoCommittee[0]` (anvil #1 on the devnet).
 *
 * @module
 */
import type { Address, Hex } from "viem";
import { createChainClients } from "../chain/clients.ts";
import { listSlashingRequests, vetoSlashingRequest } from "../avs/slashing.ts";
import { shortError } from "../log/mod.ts";

/** The documented policy: veto even request ids. */
export function committeeVetoes(requestId: bigint): boolean {
  return requestId % 2n === 0n;
}

/** Runs the committee until `signal` aborts; prints one line per veto (or failed veto). */
export async function runVetoCommittee(o: {
  rpcUrl: string;
  privateKey: Hex;
  slasher: Address;
  signal: AbortSignal;
  print(line: string): void;
  pollMs?: number;
}): Promise<void> {
  const clients = await createChainClients({
    rpcUrl: o.rpcUrl,
    privateKey: o.privateKey,
    pollingInterval: 250,
  });
  const tried = new Set<bigint>();
  try {
    while (!o.signal.aborted) {
      try {
        for (const r of await listSlashingRequests(clients.publicClient, o.slasher)) {
          if (!r.vetoable || tried.has(r.id) || !committeeVetoes(r.id)) continue;
          tried.add(r.id);
          try {
            const tx = await vetoSlashingRequest(clients, o.slasher, r.id);
            o.print(`committee vetoed slashing request #${r.id} (even ids are vetoed; tx ${tx})`);
          } catch (err) {
            o.print(`committee could not veto slashing request #${r.id}: ${shortError(err)}`);
          }
        }
      } catch { /* the chain is away: the run's own checks report it */ }
      await new Promise((r) => setTimeout(r, o.pollMs ?? 500));
    }
  } finally {
    await clients.close();
  }
}
