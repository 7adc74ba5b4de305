/** Shared setup of the operator node tests: a config file for a devnet operator. */
import { join } from "node:path";
import { stringify } from "yaml";
import { freePort } from "../../lib/devnet/ports.ts";
import type { devnetOperatorKeys } from "../../lib/keys/devnet_keys.ts";

/**
 * Writes `<dir>/<name>` for devnet operator `keys` on `devnet`, sending to the aggregator on
 * `aggregatorPort`, with fresh metrics/node-API ports; `overrides` replace or add keys.
 */
export async function writeOperatorConfig(
  dir: string,
  name: string,
  o: {
    keys: ReturnType<typeof devnetOperatorKeys>;
    devnet: { rpcUrl: string; wsUrl: string };
    deploymentPath: string;
    aggregatorPort: number;
    overrides?: Record<string, unknown>;
  },
): Promise<string> {
  const path = join(dir, name);
  await Deno.writeTextFile(
    path,
    stringify({
      production: true,
      log_level: "warning",
      operator_address: o.keys.address,
      eth_rpc_url: o.devnet.rpcUrl,
      eth_ws_url: o.devnet.wsUrl,
      ecdsa_private_key_store_path: o.keys.ecdsaKeyFile,
      bls_private_key_store_path: o.keys.blsKeyFile,
      aggregator_server_ip_port_address: `127.0.0.1:${o.aggregatorPort}`,
      eigen_metrics_ip_port_address: `127.0.0.1:${await freePort()}`,
      enable_metrics: true,
      node_api_ip_port_address: `127.0.0.1:${await freePort()}`,
      enable_node_api: true,
      register_operator_on_startup: true,
      deployment_path: o.deploymentPath,
      insecure_empty_key_passwords: true,
      ...o.overrides,
    }),
  );
  return path;
}
