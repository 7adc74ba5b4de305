/**
 * Loader for the deployment JSON (`contracts/deployments/devnet.json`) that the contracts
 * deployer writes and every node reads instead of hard-coded addresses.
 *
 * @module
 */
import { z } from "zod";
import type { Address } from "viem";

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "expected a 20-byte hex address")
  .transform((v) => v as Address);

/** Schema of the deployment file. Unknown extra addresses are kept (new contracts). */
export const deploymentSchema = z.object({
  chainId: z.int().positive(),
  deployedAtBlock: z.int().nonnegative(),
  readyAtBlock: z.int().nonnegative().optional(),
  addresses: z.object({
    delegationManager: address,
    strategyManager: address,
    avsDirectory: address,
    erc20Mock: address,
    erc20MockStrategy: address,
    registryCoordinator: address,
    blsApkRegistry: address,
    indexRegistry: address,
    stakeRegistry: address,
    operatorStateRetriever: address,
    incredibleSquaringServiceManager: address,
    incredibleSquaringTaskManager: address,
    pauserRegistry: address.optional(),
    eigenPodManager: address.optional(),
    rewardsCoordinator: address.optional(),
    slasher: address.optional(),
    socketRegistry: address.optional(),
  }).catchall(address),
  roles: z.object({
    owner: address,
    aggregator: address,
    taskGenerator: address,
    ejector: address.optional(),
    vetoCommittee: z.array(address).default([]),
    vetoThreshold: z.int().nonnegative().default(0),
  }).catchall(z.unknown()),
  parameters: z.object({
    taskResponseWindowBlock: z.int().positive(),
    taskChallengeWindowBlock: z.int().positive(),
    vetoWindowBlock: z.int().nonnegative().optional(),
    quorumNumbers: z.string().regex(/^0x([0-9a-fA-F]{2})+$/).optional(),
    quorumThresholdPercentage: z.int().optional(),
  }).catchall(z.unknown()),
});

/** A validated deployment. */
export type Deployment = z.output<typeof deploymentSchema>;

/** Validates an already-parsed deployment object; `source` names it in errors. */
export function parseDeployment(data: unknown, source = "deployment"): Deployment {
  const r = deploymentSchema.safeParse(data);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) =>
    `${source}: ${i.path.join(".") || "(file)"}: ${i.message}`
  );
  throw new Error(`invalid deployment file:\n  ${lines.join("\n  ")}`);
}

/**
 * Reads and validates a deployment file.
 * @throws {Error} naming the file and each missing/bad field, or telling how to create the file.
 */
export function loadDeployment(path: string): Deployment {
  const data = readJson(path);
  if (data && typeof data === "object" && !("chainId" in data) && "addresses" in data) {
    // An upstream output: say what to do instead of a schema error on chainId.
    const hints = parseDeploymentHints(data, path);
    throw new Error(
      `${path} is upstream's ${
        hints.format === "upstream-avs" ? "AVS" : "EigenLayer"
      } deployment output, which names only some contracts: give it to a node ` +
        `(--credible-squaring-deployment or deployment_path), which reads the rest from the chain`,
    );
  }
  return parseDeployment(data, path);
}

/** Which kind of file a deployment file is (see {@link readDeploymentHints}). */
export type DeploymentFormat = "project" | "upstream-avs" | "upstream-eigenlayer";

/**
 * What a deployment file says, in this project's address names, whatever its format. Upstream
 * outputs name only some contracts (and no chain id): the rest is read from the chain by
 * `resolveDeployment` in `lib/avs/deployment_resolve.ts`, which also checks these values.
 */
export type DeploymentHints = {
  format: DeploymentFormat;
  /** The file (or other source) the hints came from, for error messages. */
  source: string;
  /** The complete deployment, for a file in this project's format. */
  deployment?: Deployment;
  chainId?: number;
  deployedAtBlock?: number;
  /** Known addresses by this project's names (`incredibleSquaringTaskManager`, …). */
  addresses: Partial<Record<string, Address>>;
};

// Upstream AVS deployer output key → this project's name. `IncredibleSquaringServiceManager`
// is the dev branch's spelling (matched case-insensitively, as upstream's reader does).
const UPSTREAM_AVS_KEYS: Record<string, string> = {
  erc20mock: "erc20Mock",
  erc20mockstrategy: "erc20MockStrategy",
  crediblesquaringservicemanager: "incredibleSquaringServiceManager",
  incrediblesquaringservicemanager: "incredibleSquaringServiceManager",
  crediblesquaringtaskmanager: "incredibleSquaringTaskManager",
  incrediblesquaringtaskmanager: "incredibleSquaringTaskManager",
  registrycoordinator: "registryCoordinator",
  operatorstateretriever: "operatorStateRetriever",
  instantslasher: "slasher",
  allocationmanager: "allocationManager",
  permissioncontroller: "permissionController",
};

// Upstream EigenLayer core deployer output key → this project's name.
const UPSTREAM_EIGENLAYER_KEYS: Record<string, string> = {
  delegation: "delegationManager",
  delegationmanager: "delegationManager",
  strategymanager: "strategyManager",
  avsdirectory: "avsDirectory",
  rewardscoordinator: "rewardsCoordinator",
  eigenpodmanager: "eigenPodManager",
  slasher: "slasher",
  allocationmanager: "allocationManager",
  permissioncontroller: "permissionController",
  pauserregistry: "pauserRegistry",
};

const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
const ZERO = /^0x0{40}$/;

/**
 * Reads what a deployment object says: this project's format (validated in full), upstream's
 * `credible_squaring_avs_deployment_output.json` (`addresses.registryCoordinator`,
 * `addresses.credibleSquaringTaskManager`, …) or upstream's `eigenlayer_deployment_output.json`
 * (`addresses.delegation`, `addresses.avsDirectory`, `addresses.strategies.<name>`, …).
 * Implementation addresses are ignored (nodes talk to proxies); zero addresses count as absent.
 * @throws {Error} naming `source` and what is wrong.
 */
export function parseDeploymentHints(data: unknown, source = "deployment"): DeploymentHints {
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new Error(`${source}: expected a JSON object with an "addresses" object`);
  }
  const obj = data as Record<string, unknown>;
  if ("chainId" in obj || "roles" in obj) {
    const deployment = parseDeployment(data, source);
    return {
      format: "project",
      source,
      deployment,
      chainId: deployment.chainId,
      deployedAtBlock: deployment.deployedAtBlock,
      addresses: { ...deployment.addresses },
    };
  }
  const raw = obj.addresses;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new Error(
      `${source}: no "addresses" object: expected this project's deployment file (with chainId), ` +
        `upstream's credible_squaring_avs_deployment_output.json or eigenlayer_deployment_output.json`,
    );
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  const isAvs = entries.some(([k]) => {
    const n = UPSTREAM_AVS_KEYS[k.toLowerCase()];
    return n === "registryCoordinator" || n === "incredibleSquaringServiceManager";
  });
  const names = isAvs ? UPSTREAM_AVS_KEYS : UPSTREAM_EIGENLAYER_KEYS;
  const addresses: Partial<Record<string, Address>> = {};
  const problems: string[] = [];
  for (const [key, value] of entries) {
    if (key.toLowerCase() === "strategies" && !isAvs) {
      // `strategies` maps a name (MockETH) to a strategy; upstream's stale output has "".
      if (value && typeof value === "object") {
        const first = Object.values(value as Record<string, unknown>).find((v) =>
          typeof v === "string" && ADDRESS_RE.test(v) && !ZERO.test(v)
        );
        if (first) addresses.erc20MockStrategy = first as Address;
      }
      continue;
    }
    const name = names[key.toLowerCase()];
    if (!name) continue; // implementations, proxy admins, tokens we do not use
    if (typeof value !== "string" || !ADDRESS_RE.test(value)) {
      problems.push(`${source}: addresses.${key}: expected a 20-byte hex address`);
      continue;
    }
    if (!ZERO.test(value)) addresses[name] = value as Address;
  }
  if (problems.length > 0) throw new Error(`invalid deployment file:\n  ${problems.join("\n  ")}`);
  if (isAvs && !addresses.registryCoordinator && !addresses.incredibleSquaringServiceManager) {
    throw new Error(`${source}: addresses.registryCoordinator: missing or zero`);
  }
  if (!isAvs && !addresses.delegationManager && !addresses.avsDirectory) {
    throw new Error(
      `${source}: not a deployment file: "addresses" has neither registryCoordinator (AVS output) ` +
        `nor delegation/avsDirectory (EigenLayer output)`,
    );
  }
  return { format: isAvs ? "upstream-avs" : "upstream-eigenlayer", source, addresses };
}

/**
 * Reads a deployment file of any supported format (see {@link parseDeploymentHints}).
 * @throws {Error} as {@link loadDeployment}.
 */
export function readDeploymentHints(path: string): DeploymentHints {
  return parseDeploymentHints(readJson(path), path);
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new Error(
        `deployment file ${path} not found (start a devnet with \`deno task chain\`, or set deployment_path)`,
      );
    }
    throw new Error(`cannot read deployment file ${path}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`deployment file ${path} is not valid JSON: ${(err as Error).message}`);
  }
}
