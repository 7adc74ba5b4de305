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
export {
  DEFAULT_SLASHING_DEPLOYMENT_PATH,
  deploySlashing,
  type SlasherKind,
  SLASHING_DEVNET_PARAMETERS,
  type SlashingDeployOptions,
} from "./deploy_slashing.ts";
export { type Devnet, type DevnetOptions, startDevnet } from "./devnet.ts";
export type {
  DeploymentAddresses,
  DeploymentParameters,
  DeploymentRoles,
  DevnetDeployment,
  EigenLayerEra,
  SlashingDeploymentAddresses,
  SlashingDeploymentParameters,
  SlashingDevnetDeployment,
} from "./deployment_types.ts";
export { isSlashingDeployment } from "./deployment_types.ts";
export { ANVIL_ADDRESSES, ANVIL_KEYS } from "./accounts.ts";
export { freePort } from "./ports.ts";
export { foundryBin } from "./foundry.ts";
