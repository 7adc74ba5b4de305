/**
 * Local devnet tooling: the native anvil, the full deployer and the one-call devnet used by
 * integration tests.
 * @module
 */
export { type AnvilHandle, type AnvilOptions, startAnvil } from "./anvil.ts";
export {
  DEFAULT_DEPLOYMENT_PATH,
  deployAll,
  type DeployOptions,
  DEVNET_PARAMETERS,
  formatDeployment,
  writeDeployment,
} from "./deploy.ts";
export { type Devnet, type DevnetOptions, startDevnet } from "./devnet.ts";
export type {
  DeploymentAddresses,
  DeploymentParameters,
  DeploymentRoles,
  DevnetDeployment,
} from "./deployment_types.ts";
export { ANVIL_ADDRESSES, ANVIL_KEYS } from "./accounts.ts";
export { freePort } from "./ports.ts";
export { foundryBin } from "./foundry.ts";
