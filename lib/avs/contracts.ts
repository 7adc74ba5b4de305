/**
 * Addresses of this AVS's own contracts.
 *
 * @module
 */
import type { Address } from "viem";
import type { Deployment } from "../chain/deployment.ts";

/** The IncredibleSquaring TaskManager and ServiceManager. */
export type AvsContracts = {
  taskManager: Address;
  serviceManager: Address;
};

/** The AVS contracts of a deployment file. */
export function avsContractsOf(deployment: Deployment): AvsContracts {
  return {
    taskManager: deployment.addresses.incredibleSquaringTaskManager,
    serviceManager: deployment.addresses.incredibleSquaringServiceManager,
  };
}
