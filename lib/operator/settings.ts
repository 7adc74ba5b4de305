/**
 * The operator's settings: what `startOperator` runs on, mapped once from the config file at the
 * entry point (so the node never reads raw config keys).
 *
 * @module
 */
import type { Address } from "viem";
import type { OperatorConfig } from "../config/operator.ts";

/**
 * Where the two keystores are and whose they must be. Kept in the config's terms because the
 * key loader's error messages name these keys for the user.
 */
export type OperatorKeySource = Pick<
  OperatorConfig,
  | "ecdsa_private_key_store_path"
  | "bls_private_key_store_path"
  | "operator_address"
  | "insecure_empty_key_passwords"
>;

/** Settings of `startOperator`. */
export interface OperatorSettings {
  keys: OperatorKeySource;
  rpcUrl: string;
  wsUrl: string;
  /** `host:port` of the aggregator's JSON-RPC server. */
  aggregatorAddress: string;
  /** `host:port` for `/metrics`, or undefined to disable. */
  metricsAddress?: string;
  /** `host:port` for the node API, or undefined to disable. */
  nodeApiAddress?: string;
  /** Run the EigenLayer + deposit + AVS registration sequence at startup. */
  registerOnStartup: boolean;
  /** Percentage of tasks answered wrongly on purpose (devnet fault injection). */
  timesFailing: number;
  /** The deployment file (addresses of the AVS and EigenLayer contracts). */
  deploymentPath: string;
  /** Upstream address keys, overriding the deployment file. */
  registryCoordinator?: Address;
  tokenStrategy?: Address;
  /** Token base units deposited at startup when the operator has no shares. */
  depositAmount: bigint;
  quorumNumbers: readonly number[];
  socket: string;
  /**
   * Slashing era: allocation delay set at EigenLayer registration, and the share of magnitude
   * allocated to each operator set (default 0 blocks, everything).
   */
  allocation?: { delayBlocks: number; fraction: number };
  /** Blocks a task's creation must be buried under before it is answered (0 on anvil). */
  confirmations: number;
  /** How many blocks back to read `NewTaskCreated` from at startup. */
  taskBackfillBlocks: number;
  /** Attest correct responses left unanswered near the end of their window (fairness rule). */
  attestation: { enabled: boolean; marginBlocks: number };
  /** Delivery of signed responses to the aggregator. */
  delivery: { maxAttempts: number; initialBackoffMs: number };
}

/** Maps a validated config file to {@link OperatorSettings}. */
export function operatorSettings(c: OperatorConfig): OperatorSettings {
  return {
    keys: {
      ecdsa_private_key_store_path: c.ecdsa_private_key_store_path,
      bls_private_key_store_path: c.bls_private_key_store_path,
      operator_address: c.operator_address,
      insecure_empty_key_passwords: c.insecure_empty_key_passwords,
    },
    rpcUrl: c.eth_rpc_url,
    wsUrl: c.eth_ws_url,
    aggregatorAddress: c.aggregator_server_ip_port_address,
    metricsAddress: c.enable_metrics ? c.eigen_metrics_ip_port_address : undefined,
    nodeApiAddress: c.enable_node_api ? c.node_api_ip_port_address : undefined,
    registerOnStartup: c.register_operator_on_startup,
    timesFailing: c.times_failing,
    deploymentPath: c.deployment_path,
    registryCoordinator: c.avs_registry_coordinator_address,
    tokenStrategy: c.token_strategy_addr,
    depositAmount: c.deposit_amount,
    quorumNumbers: c.quorum_numbers,
    socket: c.socket,
    allocation: {
      delayBlocks: c.allocation_delay_blocks,
      fraction: c.allocation_magnitude_percent / 100,
    },
    taskBackfillBlocks: c.task_backfill_blocks,
    confirmations: c.confirmations,
    attestation: {
      enabled: c.attest_unanswered_responses,
      marginBlocks: c.attestation_margin_blocks,
    },
    delivery: {
      maxAttempts: c.send_max_attempts,
      initialBackoffMs: c.send_initial_backoff_ms,
    },
  };
}
