/**
 * `deno task deploy`: deploys only the AVS onto an EigenLayer core that already exists (see
 * `lib/devnet/deploy_avs.ts`) and writes the deployment file the nodes read. The deployer key
 * comes from `DEPLOYER_PRIVATE_KEY`, never from the command line.
 */
import { type Address, getAddress, isAddress } from "viem";
import { deployAvsOnCore, type ExistingCore } from "../lib/devnet/deploy_avs.ts";
import { readDeploymentHints } from "../lib/chain/deployment.ts";
import { networkPreset } from "../lib/chain/networks.ts";
import { createChainClients } from "../lib/chain/clients.ts";

const USAGE = `usage: deno task deploy --rpc-url <url> (--core <file> | --network <name>) [flags]
  --core <file>            EigenLayer core addresses: this project's deployment file or
                           upstream's eigenlayer_deployment_output.json
  --network <name>         mainnet, sepolia or hoodi: the core addresses of that network
                           (the RPC endpoint must be that chain)
  --strategy <address>     stake strategy of quorum 0 (default: the file's strategies entry,
                           else a new mock token + strategy, whitelisted by the deployer)
  --out <file>             deployment JSON to write (default deployment-<chainId>.json)
  --owner <address>        owner of the AVS contracts (default the deployer)
  --aggregator <address>   TaskManager aggregator (default anvil #9)
  --task-generator <addr>  TaskManager task generator (default the aggregator)
  --veto-committee <a,b>   veto committee (default the owner)
The deployer key comes from DEPLOYER_PRIVATE_KEY.`;

/** Parsed command line. */
export interface DeployArgs {
  rpcUrl?: string;
  core?: string;
  network?: string;
  strategy?: Address;
  out?: string;
  owner?: Address;
  aggregator?: Address;
  taskGenerator?: Address;
  vetoCommittee?: Address[];
  help?: boolean;
}

function address(flag: string, v: string): Address {
  if (!isAddress(v, { strict: false })) {
    throw new Error(`deploy: ${flag} is not an address: "${v}"`);
  }
  return getAddress(v);
}

/** Parses the flags; throws naming the bad one. */
export function parseDeployArgs(argv: string[]): DeployArgs {
  const args: DeployArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`deploy: ${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--rpc-url":
        args.rpcUrl = value();
        break;
      case "--core":
        args.core = value();
        break;
      case "--network":
        args.network = networkPreset(value()).name;
        break;
      case "--strategy":
        args.strategy = address(flag, value());
        break;
      case "--out":
        args.out = value();
        break;
      case "--owner":
        args.owner = address(flag, value());
        break;
      case "--aggregator":
        args.aggregator = address(flag, value());
        break;
      case "--task-generator":
        args.taskGenerator = address(flag, value());
        break;
      case "--veto-committee":
        args.vetoCommittee = value().split(",").map((a) => address(flag, a.trim()));
        break;
      case "--help":
      case "-h":
        args.help = true;
        break;
      case "--private-key":
      case "--deployer-key":
        throw new Error("deploy: keys never go on the command line; set DEPLOYER_PRIVATE_KEY");
      default:
        throw new Error(`deploy: unknown argument "${flag}" (see --help)`);
    }
  }
  if (args.help) return args;
  if (!args.rpcUrl) throw new Error("deploy: --rpc-url is required");
  if (!args.core === !args.network) {
    throw new Error("deploy: give exactly one of --core, --network");
  }
  return args;
}

/** The core (and a strategy, when the file names one) from a file of any deployment format. */
export function coreFromFile(path: string): { core: ExistingCore; strategy?: Address } {
  const h = readDeploymentHints(path);
  const need = ["delegationManager", "strategyManager", "avsDirectory", "rewardsCoordinator"];
  const missing = need.filter((k) => !h.addresses[k]);
  if (missing.length > 0) {
    throw new Error(`deploy: ${path} does not name ${missing.join(", ")}`);
  }
  const a = h.addresses as Record<string, Address>;
  return {
    core: {
      delegationManager: a.delegationManager,
      strategyManager: a.strategyManager,
      avsDirectory: a.avsDirectory,
      rewardsCoordinator: a.rewardsCoordinator,
      eigenPodManager: a.eigenPodManager,
      slasher: a.slasher,
    },
    strategy: a.erc20MockStrategy,
  };
}

/** Runs the deploy; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let args: DeployArgs;
  try {
    args = parseDeployArgs(argv);
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const key = Deno.env.get("DEPLOYER_PRIVATE_KEY");
  if (!key || !/^(0x)?[0-9a-fA-F]{64}$/.test(key)) {
    console.error("deploy: DEPLOYER_PRIVATE_KEY must hold the deployer's 32-byte hex key");
    return 2;
  }
  try {
    const probe = await createChainClients({ rpcUrl: args.rpcUrl! });
    await probe.close();
    let core: ExistingCore;
    let strategy = args.strategy;
    if (args.network) {
      const preset = networkPreset(args.network);
      if (probe.chain.id !== preset.chainId) {
        throw new Error(
          `--network ${preset.name} is chain ${preset.chainId}, the RPC endpoint is ${probe.chain.id}`,
        );
      }
      core = preset.core;
    } else {
      const fromFile = coreFromFile(args.core!);
      core = fromFile.core;
      strategy ??= fromFile.strategy;
    }
    const out = args.out ?? `deployment-${probe.chain.id}.json`;
    const t0 = performance.now();
    const d = await deployAvsOnCore({
      rpcUrl: args.rpcUrl!,
      deployerKey: (key.startsWith("0x") ? key : `0x${key}`) as `0x${string}`,
      core,
      strategy,
      owner: args.owner,
      aggregator: args.aggregator,
      taskGenerator: args.taskGenerator,
      vetoCommittee: args.vetoCommittee,
      outFile: out,
    });
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(`AVS deployed onto the existing EigenLayer in ${s} s (chain ${d.chainId})`);
    console.log(`registryCoordinator: ${d.addresses.registryCoordinator}`);
    console.log(`taskManager:         ${d.addresses.incredibleSquaringTaskManager}`);
    console.log(`serviceManager:      ${d.addresses.incredibleSquaringServiceManager}`);
    console.log(`deployment file:     ${out}`);
    return 0;
  } catch (err) {
    console.error(`deploy: ${(err as Error).message.split("\n")[0]}`);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
