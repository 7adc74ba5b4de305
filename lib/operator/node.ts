/**
 * The operator process: registration on startup, task intake from `NewTaskCreated`, answering,
 * signing and delivery to the aggregator, node API with real health checks, metrics, and a
 * graceful stop.
 *
 * @module
 */
import type { Hex } from "viem";
import * as abi from "../chain/abi/mod.ts";
import { type ChainClients, createChainClients } from "../chain/clients.ts";
import { type Deployment, loadDeployment } from "../chain/deployment.ts";
import { type FollowedLog, type Follower, followEvents } from "../chain/events.ts";
import { readContract } from "../chain/tx.ts";
import type { OperatorConfig } from "../config/operator.ts";
import { getLogger } from "../log/mod.ts";
import {
  createRegistry,
  type EigenMetrics,
  type OperatorMetrics,
  registerEigenMetrics,
  registerFollowerMetrics,
  registerNodeHealthMetrics,
  registerOperatorMetrics,
  type Registry,
  RpcMetrics,
  serveMetrics,
} from "../metrics/mod.ts";
import { type RunningServer, serveApp } from "../http/server.ts";
import { type Health, NodeApi } from "../nodeapi/mod.ts";
import { AVS_NAME } from "../metrics/names.ts";
import { quorumNumbersFromBytes, type Task } from "../task/mod.ts";
import { AggregatorClient, aggregatorUrl } from "./aggregator_client.ts";
import { type OperatorContracts, resolveOperatorContracts } from "./contracts.ts";
import { loadOperatorKeys, type OperatorKeys } from "./keys.ts";
import { quorumsOfBitmap, registerOnStartup, type RegistrationContext } from "./registration.ts";
import { respondToTask } from "./responder.ts";
import { PerformanceScore } from "./performance.ts";

const log = getLogger("operator");

/** Options of {@link OperatorNode.create}. */
export type OperatorNodeOptions = {
  env?: Record<string, string | undefined>;
  /** Random source for `times_failing` (tests). */
  random?: () => number;
};

/** A running (or startable) operator. */
export class OperatorNode {
  readonly config: OperatorConfig;
  readonly keys: OperatorKeys;
  readonly clients: ChainClients;
  readonly contracts: OperatorContracts;
  readonly deployment?: Deployment;
  readonly registry: Registry;
  readonly metrics: OperatorMetrics;
  readonly nodeApi: NodeApi;
  readonly aggregator: AggregatorClient;
  #random: () => number;
  #follower?: Follower;
  #servers: RunningServer[] = [];
  #inflight = new Set<Promise<void>>();
  #abort = new AbortController();
  #ineligibleLogged = false;
  #rpcMetrics?: RpcMetrics;
  #eigen?: EigenMetrics;
  #performance = new PerformanceScore();
  #stopped = false;

  private constructor(fields: {
    config: OperatorConfig;
    keys: OperatorKeys;
    clients: ChainClients;
    contracts: OperatorContracts;
    deployment?: Deployment;
    registry: Registry;
    metrics: OperatorMetrics;
    random: () => number;
  }) {
    this.config = fields.config;
    this.keys = fields.keys;
    this.clients = fields.clients;
    this.contracts = fields.contracts;
    this.deployment = fields.deployment;
    this.registry = fields.registry;
    this.metrics = fields.metrics;
    this.#random = fields.random;
    this.aggregator = new AggregatorClient(
      aggregatorUrl(this.config.aggregator_server_ip_port_address),
      {
        maxAttempts: this.config.send_max_attempts,
        initialBackoffMs: this.config.send_initial_backoff_ms,
        onRetry: ({ attempt, delayMs, error }) => {
          this.metrics.sendRetries.inc();
          log.info(
            "aggregator did not take the response (attempt {attempt}: {error}); retrying in {delayMs} ms",
            {
              attempt,
              error,
              delayMs,
            },
          );
        },
      },
    );
    this.nodeApi = new NodeApi({ checkTimeoutMs: 1500 });
    this.#registerHealthChecks();
  }

  /** Loads keys and deployment, connects to the chain and resolves the contracts. */
  static async create(
    config: OperatorConfig,
    options: OperatorNodeOptions = {},
  ): Promise<OperatorNode> {
    const keys = await loadOperatorKeys(config, options.env);
    const registry = createRegistry("operator");
    const rpcMetrics = config.enable_metrics ? new RpcMetrics(registry) : undefined;
    const deployment = maybeLoadDeployment(config);
    const clients = await createChainClients({
      rpcUrl: config.eth_rpc_url,
      wsUrl: config.eth_ws_url,
      privateKey: keys.ecdsaPrivateKey,
      rpcMetrics,
    });
    try {
      if (deployment && deployment.chainId !== clients.chain.id) {
        throw new Error(
          `${config.deployment_path} is for chain ${deployment.chainId}, but ${config.eth_rpc_url} is chain ${clients.chain.id}`,
        );
      }
      const contracts = await resolveOperatorContracts(clients.publicClient, deployment, config);
      const node = new OperatorNode({
        config,
        keys,
        clients,
        contracts,
        deployment,
        registry,
        metrics: registerOperatorMetrics(registry),
        random: options.random ?? Math.random,
      });
      node.#rpcMetrics = rpcMetrics;
      node.#registerEigenMetrics();
      // Scrape-time health from the node API's own checks (works with the node API disabled).
      registerNodeHealthMetrics(registry, (timeoutMs) => node.nodeApi.healthReport(timeoutMs));
      return node;
    } catch (err) {
      await clients.close();
      throw err;
    }
  }

  /** Context for the registration steps (shared with the CLI). */
  registrationContext(): RegistrationContext {
    return {
      publicClient: this.clients.publicClient,
      walletClient: this.clients.walletClient!,
      contracts: this.contracts,
    };
  }

  #registerEigenMetrics() {
    this.#eigen = registerEigenMetrics(this.registry, {
      registeredStakes: async () => {
        const id = await this.#onChainOperatorId();
        if (!id) return [];
        const bitmap = await readContract<bigint>(
          this.clients.publicClient,
          this.contracts.registryCoordinator,
          abi.registryCoordinatorAbi,
          "getCurrentQuorumBitmap",
          [id],
        );
        return await Promise.all(
          quorumsOfBitmap(bitmap).map(async (q) => ({
            quorumNumber: q,
            stake: await readContract<bigint>(
              this.clients.publicClient,
              this.contracts.stakeRegistry,
              abi.stakeRegistryAbi,
              "getCurrentStake",
              [id, q],
            ),
          })),
        );
      },
      slashed: () => this.#isFrozen(),
    });
  }

  async #onChainOperatorId(): Promise<Hex | undefined> {
    const id = await readContract<Hex>(
      this.clients.publicClient,
      this.contracts.registryCoordinator,
      abi.registryCoordinatorAbi,
      "getOperatorId",
      [this.keys.address],
    );
    return /^0x0+$/.test(id) ? undefined : id;
  }

  #isFrozen(): Promise<boolean> {
    return readContract<boolean>(
      this.clients.publicClient,
      this.contracts.serviceManager,
      abi.incredibleSquaringServiceManagerAbi,
      "isFrozen",
      [this.keys.address],
    );
  }

  /** True when the RegistryCoordinator lists the operator as REGISTERED. */
  async isRegistered(): Promise<boolean> {
    const status = await readContract<number>(
      this.clients.publicClient,
      this.contracts.registryCoordinator,
      abi.registryCoordinatorAbi,
      "getOperatorStatus",
      [this.keys.address],
    );
    return Number(status) === 1;
  }

  #registerHealthChecks() {
    // NodeApi bounds every check with its own timeout (unhealthy when exceeded).
    this.nodeApi.registerService({
      id: "chain",
      name: "Ethereum RPC",
      description: `JSON-RPC endpoint ${this.config.eth_rpc_url}`,
      check: async (): Promise<Health> => {
        await this.clients.publicClient.getBlockNumber({ cacheTime: 0 });
        return "healthy";
      },
    });
    this.nodeApi.registerService({
      id: "registration",
      name: "AVS registration",
      description: "operator registered with the AVS and not frozen",
      check: async (): Promise<Health> => {
        const [registered, frozen] = await Promise.all([
          this.isRegistered(),
          this.#isFrozen().catch(() => false),
        ]);
        this.metrics.registered.set(registered ? 1 : 0);
        return registered && !frozen ? "healthy" : "unhealthy";
      },
    });
    this.nodeApi.registerService({
      id: "aggregator",
      name: "Aggregator",
      description: `aggregator JSON-RPC at ${this.config.aggregator_server_ip_port_address}`,
      critical: false,
      check: async (): Promise<Health> => (await this.aggregator.ping()) ? "healthy" : "unhealthy",
    });
    this.nodeApi.registerService({
      id: "task-events",
      name: "Task event subscription",
      description: "NewTaskCreated intake (WebSocket, with HTTP catch-up)",
      critical: false,
      check: () =>
        !this.#follower ? "unhealthy" : this.#follower.live ? "healthy" : "partially_healthy",
    });
  }

  /**
   * Starts the operator: registration (when configured), servers, task intake. Throws when the
   * operator ends up unregistered, with the hint to register first.
   */
  async start(): Promise<void> {
    const c = this.config;
    log.info("operator {address} (operatorId {operatorId}) starting", {
      address: this.keys.address,
      operatorId: this.keys.operatorId,
    });
    if (c.register_operator_on_startup) {
      await registerOnStartup(this.registrationContext(), {
        blsPrivateKey: this.keys.blsPrivateKey,
        quorumNumbers: c.quorum_numbers,
        socket: c.socket,
        depositAmount: c.deposit_amount,
      });
    }
    if (!(await this.isRegistered())) {
      throw new Error(
        "operator is not registered with the AVS: set register_operator_on_startup: true, or run " +
          "`deno task cli register-operator-with-avs` first",
      );
    }
    if (await this.#isFrozen().catch(() => false)) {
      log.warn("operator {address} is frozen by the AVS; its responses will not count", {
        address: this.keys.address,
      });
    }
    this.metrics.registered.set(1);
    if (c.enable_metrics) {
      this.#servers.push(await serveMetrics(this.registry, c.eigen_metrics_ip_port_address));
    }
    if (c.enable_node_api) {
      this.#servers.push(
        await serveApp(this.nodeApi.app(), c.node_api_ip_port_address, "node-api"),
      );
    }
    const taskManager = this.contracts.taskManager;
    if (!taskManager) throw new Error("no TaskManager address: set deployment_path");
    const head = await this.clients.publicClient.getBlockNumber();
    const fromBlock = head > BigInt(c.task_backfill_blocks)
      ? head - BigInt(c.task_backfill_blocks)
      : 0n;
    this.#follower = followEvents({
      client: this.clients.publicClient,
      wsUrl: c.eth_ws_url,
      address: taskManager,
      abi: abi.incredibleSquaringTaskManagerAbi,
      eventName: "NewTaskCreated",
      fromBlock,
      metrics: registerFollowerMetrics(this.registry),
      rpcMetrics: this.#rpcMetrics,
      onLog: (l) => this.#onNewTask(l),
    });
    await this.#follower.ready;
    log.info("operator running: following NewTaskCreated from block {block}", { block: fromBlock });
  }

  /**
   * Whether the aggregator will count our signature for a task: it uses the operator set at
   * `taskCreatedBlock`, so we must have been in one of the task's quorums at that block. Read as
   * an `eth_call` at that block; undefined when the node cannot answer (then we sign anyway).
   */
  async #eligibleAt(block: number, quorums: number[]): Promise<boolean | undefined> {
    try {
      const bitmap = await readContract<bigint>(
        this.clients.publicClient,
        this.contracts.registryCoordinator,
        abi.registryCoordinatorAbi,
        "getCurrentQuorumBitmap",
        [this.keys.operatorId],
        BigInt(block),
      );
      return quorums.some((q) => ((bitmap >> BigInt(q)) & 1n) === 1n);
    } catch {
      return undefined;
    }
  }

  #onNewTask(l: FollowedLog): void {
    const taskIndex = Number(l.args.taskIndex);
    const task = l.args.task as Task;
    this.metrics.tasksReceived.inc();
    this.metrics.lastTaskIndex.set(taskIndex);
    log.info("received task {taskIndex}: square {number} (created in block {block})", {
      taskIndex,
      number: task.numberToBeSquared,
      block: task.taskCreatedBlock,
      quorumNumbers: task.quorumNumbers,
      quorumThresholdPercentage: task.quorumThresholdPercentage,
    });
    const quorums = quorumNumbersFromBytes(task.quorumNumbers);
    if (!quorums.some((q) => this.config.quorum_numbers.includes(q))) {
      log.info("skipping task {taskIndex}: none of its quorums {quorums} is ours", {
        taskIndex,
        quorums: quorums.join(","),
      });
      return;
    }
    const p = this.#handle(taskIndex, task, quorums);
    this.#inflight.add(p);
    p.finally(() => this.#inflight.delete(p));
  }

  async #handle(taskIndex: number, task: Task, quorums: number[]): Promise<void> {
    const received = performance.now();
    if ((await this.#eligibleAt(task.taskCreatedBlock, quorums)) === false) {
      // Tasks from before our registration, or after we were ejected/frozen: nobody would count
      // the signature. Say it loudly once, then quietly.
      const args = { taskIndex, block: task.taskCreatedBlock };
      const msg =
        "skipping task {taskIndex}: this operator was not in its quorums at block {block}";
      if (this.#ineligibleLogged) log.debug(msg, args);
      else log.warn(msg, args);
      this.#ineligibleLogged = true;
      return;
    }
    this.#ineligibleLogged = false;
    const { signed, answer } = respondToTask(
      this.keys.blsPrivateKey,
      this.keys.operatorId,
      taskIndex,
      task,
      this.config.times_failing,
      this.#random,
    );
    this.metrics.responsesSigned.inc();
    if (answer.wrong) {
      this.metrics.wrongAnswersInjected.inc();
      log.warn("answering task {taskIndex} wrongly on purpose (times_failing): {answer}", {
        taskIndex,
        answer: answer.numberSquared,
      });
    }
    await this.#deliver(taskIndex, signed, received);
  }

  async #deliver(
    taskIndex: number,
    signed: Parameters<AggregatorClient["send"]>[0],
    receivedAt: number,
  ): Promise<void> {
    this.metrics.responsesSent.inc();
    const outcome = await this.aggregator.send(signed, this.#abort.signal);
    if (outcome.status === "dropped" && this.#abort.signal.aborted) return; // shutting down
    const score = this.#performance.record(
      outcome.status === "accepted" || outcome.status === "late",
    );
    this.#eigen?.performanceScore.set({ avs_name: AVS_NAME }, score);
    if (outcome.status === "accepted") {
      this.metrics.responsesAcceptedByAggregator.inc();
      this.metrics.responseLatencySeconds.observe((performance.now() - receivedAt) / 1000);
      log.info("aggregator accepted the response to task {taskIndex} ({attempts} attempt(s))", {
        taskIndex,
        attempts: outcome.attempts,
      });
    } else if (outcome.status === "late") {
      this.metrics.responsesRejected.inc({ reason: "task_finished" });
      log.info("task {taskIndex} was already complete when our response arrived ({message})", {
        taskIndex,
        message: outcome.message,
      });
    } else if (outcome.status === "rejected") {
      this.metrics.responsesRejected.inc({ reason: outcome.reason ?? String(outcome.code) });
      log.warn("aggregator rejected the response to task {taskIndex}: {message}", {
        taskIndex,
        message: outcome.message,
        code: outcome.code,
      });
    } else {
      this.metrics.responsesDropped.inc();
      log.error(
        "could not deliver the response to task {taskIndex} after {attempts} attempt(s): {error}",
        {
          taskIndex,
          attempts: outcome.attempts,
          error: outcome.lastError,
        },
      );
    }
  }

  /** Ports the servers actually listen on (after `start`). */
  get listening(): { metrics?: number; nodeApi?: number } {
    const out: { metrics?: number; nodeApi?: number } = {};
    let i = 0;
    if (this.config.enable_metrics) out.metrics = this.#servers[i++]?.port;
    if (this.config.enable_node_api) out.nodeApi = this.#servers[i++]?.port;
    return out;
  }

  /** Stops intake, cancels pending retries, closes servers and the chain connection. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    log.info("operator stopping");
    await this.#follower?.stop();
    this.#abort.abort();
    await Promise.allSettled([...this.#inflight]);
    await Promise.allSettled(this.#servers.map((s) => s.shutdown()));
    await this.clients.close();
    log.info("operator stopped");
  }
}

function maybeLoadDeployment(config: OperatorConfig): Deployment | undefined {
  try {
    return loadDeployment(config.deployment_path);
  } catch (err) {
    // Without a deployment file the upstream address keys must carry everything.
    if (config.avs_registry_coordinator_address && config.token_strategy_addr) {
      log.warn("{error}; using the addresses from the config", { error: (err as Error).message });
      return undefined;
    }
    throw err;
  }
}
