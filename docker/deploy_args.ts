/**
 * Command line of the compose deployer (`docker/deploy.ts`).
 *
 * @module
 */

/** Parsed command line of the deployer. */
export type DeployArgs = {
  rpcUrl: string;
  out: string;
  /** EigenLayer contracts to deploy: `m2` (default) or `slashing` (operator sets). */
  eigenlayer: "m2" | "slashing";
};

/**
 * Parses `--rpc-url <url> --out <file> [--eigenlayer m2|slashing]`; throws naming the bad or
 * missing flag.
 */
export function parseDeployArgs(argv: readonly string[]): DeployArgs {
  const found: Partial<DeployArgs> = { eigenlayer: "m2" };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag !== "--rpc-url" && flag !== "--out" && flag !== "--eigenlayer") {
      throw new Error(`deploy: unknown argument "${flag}"`);
    }
    if (value === undefined || value.startsWith("--")) {
      throw new Error(`deploy: ${flag} needs a value`);
    }
    i++;
    if (flag === "--rpc-url") {
      if (!/^https?:\/\//.test(value)) {
        throw new Error(`deploy: --rpc-url must be http(s), got "${value}"`);
      }
      found.rpcUrl = value;
    } else if (flag === "--eigenlayer") {
      if (value !== "m2" && value !== "slashing") {
        throw new Error(
          `deploy: --eigenlayer must be m2 or slashing, got "${value}" (INCSQ_EIGENLAYER)`,
        );
      }
      found.eigenlayer = value;
    } else {
      found.out = value;
    }
  }
  if (!found.rpcUrl) throw new Error("deploy: --rpc-url is required");
  if (!found.out) throw new Error("deploy: --out is required");
  return found as DeployArgs;
}
