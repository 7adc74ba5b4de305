/**
 * `deno task chain`: a local anvil with EigenLayer core, middleware and the AVS deployed
 * (the upstream `start-anvil-chain-with-el-and-avs-deployed`). Runs until Ctrl-C / SIGTERM and
 * stops anvil on the way out. See `--help` for the flags.
 */
import { type Address, getAddress, isAddress } from "viem";
import { startDevnet } from "../lib/devnet/devnet.ts";
import { DEFAULT_DEPLOYMENT_PATH } from "../lib/devnet/deploy.ts";
import {
  DEFAULT_SLASHING_DEPLOYMENT_PATH,
  type SlasherKind,
} from "../lib/devnet/deploy_slashing.ts";
import type { EigenLayerEra } from "../lib/devnet/deployment_types.ts";

const USAGE = `usage: deno task chain [flags]
  --port <n>               anvil port (default 8545)
  --host <ip>              interface to bind (default 127.0.0.1; 0.0.0.0 for containers)
  --block-time <s>         seconds per block (default: one block per transaction)
  --out <file>             deployment JSON (default contracts/deployments/devnet.json,
                           devnet-slashing.json with --eigenlayer slashing)
  --eigenlayer <era>       m2 (default: AVSDirectory, freeze requests) or slashing
                           (operator sets, allocations, VetoableSlasher)
  --slasher <kind>         slashing era: vetoable (default) or instant
  --owner <address>        owner of the ownable contracts (default anvil #0)
  --aggregator <address>   TaskManager aggregator (default anvil #9)
  --task-generator <addr>  TaskManager task generator (default anvil #9)
  --veto-committee <a,b>   veto committee members (default anvil #0,#1)
  --veto-threshold <n>     vetoes that cancel a freeze request (default 1)
  --veto-window <blocks>   veto window (default 50)`;

/** Parsed command line of the chain script. */
export interface ChainArgs {
  port: number;
  host: string;
  blockTime?: number;
  out: string;
  owner?: Address;
  aggregator?: Address;
  taskGenerator?: Address;
  vetoCommittee?: Address[];
  vetoThreshold?: number;
  vetoWindowBlock?: number;
  /** EigenLayer release to deploy (m2 when omitted). */
  eigenlayer?: EigenLayerEra;
  /** Slashing era: which middleware slasher the AVS uses. */
  slasherKind?: SlasherKind;
  help?: boolean;
}

function address(flag: string, v: string): Address {
  if (!isAddress(v, { strict: false })) throw new Error(`chain: ${flag} is not an address: "${v}"`);
  return getAddress(v);
}

function positiveInt(flag: string, v: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new Error(`chain: ${flag} must be an integer in 1..${max}, got "${v}"`);
  }
  return n;
}

/** Parses the chain script's flags; throws an Error naming the bad flag. */
export function parseChainArgs(argv: string[]): ChainArgs {
  const args: ChainArgs = { port: 8545, host: "127.0.0.1", out: DEFAULT_DEPLOYMENT_PATH };
  let outGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const eq = flag.indexOf("=");
    const name = eq >= 0 ? flag.slice(0, eq) : flag;
    const inline = eq >= 0 ? flag.slice(eq + 1) : undefined;
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`chain: ${name} needs a value`);
      return v;
    };
    switch (name) {
      case "--port":
        args.port = positiveInt(name, value(), 65535);
        break;
      case "--host":
        args.host = value();
        break;
      case "--block-time": {
        const v = value();
        const t = Number(v);
        if (!(t > 0)) throw new Error(`chain: --block-time must be a positive number, got "${v}"`);
        args.blockTime = t;
        break;
      }
      case "--out":
        args.out = value();
        outGiven = true;
        break;
      case "--eigenlayer": {
        const v = value();
        if (v !== "m2" && v !== "slashing") {
          throw new Error(`chain: --eigenlayer must be m2 or slashing, got "${v}"`);
        }
        args.eigenlayer = v;
        break;
      }
      case "--slasher": {
        const v = value();
        if (v !== "vetoable" && v !== "instant") {
          throw new Error(`chain: --slasher must be vetoable or instant, got "${v}"`);
        }
        args.slasherKind = v;
        break;
      }
      case "--owner":
        args.owner = address(name, value());
        break;
      case "--aggregator":
        args.aggregator = address(name, value());
        break;
      case "--task-generator":
        args.taskGenerator = address(name, value());
        break;
      case "--veto-committee":
        args.vetoCommittee = value().split(",").map((a) => address(name, a.trim()));
        break;
      case "--veto-threshold":
        args.vetoThreshold = positiveInt(name, value(), 64);
        break;
      case "--veto-window":
        args.vetoWindowBlock = positiveInt(name, value(), 2 ** 32 - 1);
        break;
      case "--help":
      case "-h":
        args.help = true;
        break;
      default:
        throw new Error(`chain: unknown argument "${flag}" (see --help)`);
    }
  }
  if (args.slasherKind && args.eigenlayer !== "slashing") {
    throw new Error("chain: --slasher needs --eigenlayer slashing");
  }
  if (args.eigenlayer === "slashing" && !outGiven) args.out = DEFAULT_SLASHING_DEPLOYMENT_PATH;
  return args;
}

async function main(): Promise<void> {
  let args: ChainArgs;
  try {
    args = parseChainArgs(Deno.args);
  } catch (err) {
    console.error((err as Error).message);
    Deno.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const t0 = performance.now();
  const devnet = await startDevnet({
    port: args.port,
    host: args.host,
    blockTime: args.blockTime,
    outFile: args.out,
    owner: args.owner,
    aggregator: args.aggregator,
    taskGenerator: args.taskGenerator,
    vetoCommittee: args.vetoCommittee,
    vetoThreshold: args.vetoThreshold,
    vetoWindowBlock: args.vetoWindowBlock,
    eigenlayer: args.eigenlayer,
    slasherKind: args.slasherKind,
  });
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  const era = args.eigenlayer === "slashing"
    ? `slashing era, ${args.slasherKind ?? "vetoable"} slasher`
    : "M2";
  console.log(
    `anvil ready with EigenLayer (${era}) + incredible-squaring deployed (${seconds} s)`,
  );
  console.log(`RPC URL:         ${devnet.rpcUrl}`);
  console.log(`WS URL:          ${devnet.wsUrl}`);
  console.log(`deployment file: ${args.out}`);
  console.log(`chain id:        ${devnet.deployment.chainId}`);

  const { promise: stopRequested, resolve } = Promise.withResolvers<string>();
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  const handlers = signals.map((sig) => {
    const h = () => resolve(sig);
    Deno.addSignalListener(sig, h);
    return [sig, h] as const;
  });
  // Announced only once the handlers are in place: a SIGINT right after it must stop cleanly.
  console.log("Press Ctrl-C to stop.");
  // If anvil dies on its own, exit too instead of pretending the chain is up.
  const anvilDied = devnet.anvil.exited.then(() => "anvil exited");
  const reason = await Promise.race([stopRequested, anvilDied]);
  for (const [sig, h] of handlers) Deno.removeSignalListener(sig, h);
  await devnet.stop();
  console.log(`stopped (${reason})`);
  if (reason === "anvil exited") Deno.exit(1);
}

if (import.meta.main) {
  try {
    await main();
  } catch (err) {
    console.error(`chain: ${(err as Error).message}`);
    Deno.exit(1);
  }
}
