/**
 * One-shot deployer of the compose stack: deploys EigenLayer core, middleware and the AVS to an
 * already running anvil (the `anvil` service, official Foundry image) and writes the deployment
 * JSON to the shared volume the nodes read. Exits 0 when done, so compose can start the nodes
 * with `condition: service_completed_successfully`.
 *
 *   deno run -A docker/deploy.ts --rpc-url http://anvil:8545 --out /var/lib/incsq/deployments/devnet.json
 *     [--eigenlayer m2|slashing]
 *
 * Re-running it against a chain that already has the deployment (e.g. `docker compose up` again
 * while anvil kept running) keeps the existing file instead of deploying a second copy.
 *
 * @module
 */
import { deployAll } from "../lib/devnet/deploy.ts";
import { deploySlashing } from "../lib/devnet/deploy_slashing.ts";
import { parseDeployArgs } from "./deploy_args.ts";

async function rpc(rpcUrl: string, method: string, params: unknown[]): Promise<unknown> {
  const res = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = await res.json() as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/**
 * True when `out` already describes a deployment that is live on this chain: same chain id and
 * contract code at its registry coordinator and task manager addresses.
 */
export async function deploymentIsLive(rpcUrl: string, out: string): Promise<boolean> {
  let existing: { chainId: number; addresses: Record<string, string> };
  try {
    existing = JSON.parse(await Deno.readTextFile(out));
  } catch {
    return false;
  }
  const chainId = Number(await rpc(rpcUrl, "eth_chainId", []));
  if (chainId !== existing.chainId) return false;
  for (const key of ["registryCoordinator", "incredibleSquaringTaskManager"]) {
    const addr = existing.addresses?.[key];
    if (!addr) return false;
    const code = await rpc(rpcUrl, "eth_getCode", [addr, "latest"]);
    if (typeof code !== "string" || code === "0x") return false;
  }
  return true;
}

if (import.meta.main) {
  try {
    const args = parseDeployArgs(Deno.args);
    if (await deploymentIsLive(args.rpcUrl, args.out)) {
      console.log(`deploy: ${args.out} is already deployed on ${args.rpcUrl}; nothing to do`);
    } else {
      const t0 = performance.now();
      const d = args.eigenlayer === "slashing"
        ? await deploySlashing({ rpcUrl: args.rpcUrl, outFile: args.out })
        : await deployAll({ rpcUrl: args.rpcUrl, outFile: args.out });
      const secs = ((performance.now() - t0) / 1000).toFixed(1);
      console.log(
        `deploy: EigenLayer (${args.eigenlayer}) + incredible-squaring deployed in ${secs} s`,
      );
      console.log(`deploy: task manager ${d.addresses.incredibleSquaringTaskManager}`);
      console.log(`deploy: wrote ${args.out}`);
    }
  } catch (err) {
    console.error((err as Error).message);
    Deno.exit(1);
  }
}
