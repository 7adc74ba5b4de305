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
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`deployment file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parseDeployment(data, path);
}
