/**
 * Addresses of this AVS's own contracts.
 *
 * @module
 */
import type { Address } from "viem";

export type { ReadClient, TxSender } from "../chain/clients.ts";
export type { TxOptions } from "../chain/tx.ts";

/** The IncredibleSquaring TaskManager and ServiceManager. */
export type AvsContracts = {
  taskManager: Address;
  serviceManager: Address;
};

/** The AVS contracts of a deployment (file or devnet). */
export function avsContractsOf(deployment: {
  addresses: { incredibleSquaringTaskManager: Address; incredibleSquaringServiceManager: Address };
}): AvsContracts {
  return {
    taskManager: deployment.addresses.incredibleSquaringTaskManager,
    serviceManager: deployment.addresses.incredibleSquaringServiceManager,
  };
}
