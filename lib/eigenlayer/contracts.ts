/**
 * Addresses of the EigenLayer core and middleware contracts an AVS talks to, and their discovery
 * from the RegistryCoordinator the way the real middleware exposes them.
 *
 * @module
 */
import type { Address } from "viem";
import {
  delegationManagerAbi,
  incredibleSquaringServiceManagerAbi,
  registryCoordinatorAbi,
  stakeRegistryAbi,
} from "../chain/abi/mod.ts";
import type { ReadClient } from "../chain/clients.ts";
import { read } from "../chain/tx.ts";

/** EigenLayer core + middleware addresses (M2 layout). */
export type EigenLayerContracts = {
  registryCoordinator: Address;
  /** The AVS's ServiceManager (the `avs` address in the AVSDirectory). */
  serviceManager: Address;
  stakeRegistry: Address;
  blsApkRegistry: Address;
  indexRegistry?: Address;
  socketRegistry?: Address;
  avsDirectory: Address;
  delegationManager: Address;
  strategyManager: Address;
  /** Not discoverable from the coordinator; from the deployment. */
  operatorStateRetriever?: Address;
};

/**
 * Reads every address reachable from the RegistryCoordinator: its ServiceManager and registries,
 * the ServiceManager's AVSDirectory, the StakeRegistry's DelegationManager and that one's
 * StrategyManager. A wrong address fails here with the call that failed.
 * @throws {TxError}
 */
export async function discoverContracts(
  client: ReadClient,
  registryCoordinator: Address,
  operatorStateRetriever?: Address,
): Promise<EigenLayerContracts> {
  const rc = { address: registryCoordinator, abi: registryCoordinatorAbi } as const;
  const [serviceManager, stakeRegistry, blsApkRegistry, indexRegistry] = await Promise.all([
    read(client, { ...rc, functionName: "serviceManager" }),
    read(client, { ...rc, functionName: "stakeRegistry" }),
    read(client, { ...rc, functionName: "blsApkRegistry" }),
    read(client, { ...rc, functionName: "indexRegistry" }),
  ]);
  const [avsDirectory, delegationManager] = await Promise.all([
    read(client, {
      address: serviceManager,
      abi: incredibleSquaringServiceManagerAbi,
      functionName: "avsDirectory",
    }),
    read(client, { address: stakeRegistry, abi: stakeRegistryAbi, functionName: "delegation" }),
  ]);
  const strategyManager = await read(client, {
    address: delegationManager,
    abi: delegationManagerAbi,
    functionName: "strategyManager",
  });
  let socketRegistry: Address | undefined;
  try {
    socketRegistry = await read(client, { ...rc, functionName: "socketRegistry" });
  } catch {
    socketRegistry = undefined; // coordinators that keep sockets in events only
  }
  return {
    registryCoordinator,
    serviceManager,
    stakeRegistry,
    blsApkRegistry,
    indexRegistry,
    socketRegistry,
    avsDirectory,
    delegationManager,
    strategyManager,
    operatorStateRetriever,
  };
}
