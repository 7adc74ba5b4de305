/**
 * The EigenLayer node-spec metrics (`eigen_*`): performance score, fees, RPC request duration and
 * count, registered stakes and slashing status. Stakes and slashing status are read from the chain
 * when Prometheus scrapes, through callbacks the process supplies.
 *
 * @module
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { AVS_NAME, EIGEN } from "./names.ts";
import { getLogger } from "../log/mod.ts";

const log = getLogger("metrics");

/** A stake reading for one quorum (`stake` in the StakeRegistry's weight units). */
export type QuorumStake = { quorumNumber: number; quorumName?: string; stake: bigint };

/** Callbacks that feed the scrape-time eigen metrics. */
export type EigenMetricSources = {
  /** Current registered stake per quorum; omitted or throwing → no `eigen_registered_stakes`. */
  registeredStakes?: () => Promise<QuorumStake[]>;
  /** true when the operator is frozen/slashed; omitted or throwing → no `eigen_slashing_status`. */
  slashed?: () => Promise<boolean>;
};

/** Handles to the in-process eigen metrics. */
export type EigenMetrics = {
  /** 0..100; starts at 100. */
  performanceScore: Gauge;
  /** Fees earned by token (no series until first use, as in the SDK). */
  feesEarned: Counter<"avs_name" | "token">;
};

/** Registers the eigen economic/performance metrics on `registry`. */
export function registerEigenMetrics(
  registry: Registry,
  sources: EigenMetricSources = {},
  avsName = AVS_NAME,
): EigenMetrics {
  const performanceScore = new Gauge({
    name: EIGEN.performanceScore,
    help: "Performance score of the node, 0 to 100",
    labelNames: ["avs_name"] as const,
    registers: [registry],
  });
  performanceScore.set({ avs_name: avsName }, 100);
  const feesEarned = new Counter({
    name: EIGEN.feesEarnedTotal,
    help: "Fees earned, by token",
    labelNames: ["avs_name", "token"] as const,
    registers: [registry],
  });
  if (sources.registeredStakes) {
    const read = sources.registeredStakes;
    new Gauge({
      name: EIGEN.registeredStakes,
      help: "Operator stake registered in the AVS StakeRegistry, per quorum",
      labelNames: ["avs_name", "quorum_number", "quorum_name"] as const,
      registers: [registry],
      async collect() {
        this.reset();
        try {
          for (const q of await read()) {
            this.set({
              avs_name: avsName,
              quorum_number: String(q.quorumNumber),
              quorum_name: q.quorumName ?? `quorum${q.quorumNumber}`,
            }, Number(q.stake));
          }
        } catch (err) {
          log.warn("cannot read registered stakes for {metric}: {error}", {
            metric: EIGEN.registeredStakes,
            error: (err as Error).message,
          });
        }
      },
    });
  }
  if (sources.slashed) {
    const read = sources.slashed;
    new Gauge({
      name: EIGEN.slashingStatus,
      help: "1 if the operator has been slashed (frozen) by this AVS, else 0",
      labelNames: ["avs_name"] as const,
      registers: [registry],
      async collect() {
        this.reset();
        try {
          this.set({ avs_name: avsName }, (await read()) ? 1 : 0);
        } catch (err) {
          log.warn("cannot read slashing status: {error}", { error: (err as Error).message });
        }
      },
    });
  }
  return { performanceScore, feesEarned };
}

/** Records JSON-RPC calls to the execution client (`eigen_rpc_request_*`). */
export class RpcMetrics {
  readonly #duration: Histogram<"avs_name" | "method" | "client_version">;
  readonly #total: Counter<"avs_name" | "method" | "client_version">;
  readonly #avsName: string;
  /** Client version label; set once from `web3_clientVersion` ("unavailable" until known). */
  clientVersion = "unavailable";

  /** Registers both RPC metric families on `registry`. */
  constructor(registry: Registry, avsName = AVS_NAME) {
    this.#avsName = avsName;
    this.#duration = new Histogram({
      name: EIGEN.rpcRequestDurationSeconds,
      help: "Duration of successful JSON-RPC requests to the execution client",
      labelNames: ["avs_name", "method", "client_version"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.#total = new Counter({
      name: EIGEN.rpcRequestTotal,
      help: "JSON-RPC requests to the execution client, failures included",
      labelNames: ["avs_name", "method", "client_version"] as const,
      registers: [registry],
    });
  }

  /** Counts one request; observes its duration only when it succeeded (SDK semantics). */
  observe(method: string, seconds: number, ok: boolean): void {
    const labels = { avs_name: this.#avsName, method, client_version: this.clientVersion };
    this.#total.inc(labels);
    if (ok) this.#duration.observe(labels, seconds);
  }
}
