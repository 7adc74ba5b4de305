/**
 * `deno task chain`: a local anvil with EigenLayer core, middleware and the AVS deployed
 * (the upstream `start-anvil-chain-with-el-and-avs-deployed`). Runs until Ctrl-C / SIGTERM and
 * stops anvil on the way out. See `--help` for the flags.
 */
import { type Address, getAddress, isAddress } from "viem";
import { startDevnet } from "../lib/devnet/devnet.ts";
import { type AnvilHandle, mine, startAnvil } from "../lib/devnet/anvil.ts";
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
  --veto-window <blocks>   veto window (default 50)
  --load-state <file>      start from a saved anvil state instead of deploying (older dumps
                           that hold only accounts, like upstream's, are converted); mines
                           --advance blocks first (default 100, as upstream's scripts do)
  --advance <n>            blocks to mine after --load-state (0 for none)`;

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
  /** Start from this anvil state dump instead of deploying. */
  loadState?: string;
  /** Blocks to mine after loading a state (default 100). */
  advance?: number;
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
      case "--load-state":
        args.loadState = value();
        break;
      case "--advance": {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 1_000_000) {
          throw new Error(`chain: --advance must be an integer in 0..1000000, got "${v}"`);
        }
        args.advance = n;
        break;
      }
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
  if (args.advance !== undefined && !args.loadState) {
    throw new Error("chain: --advance needs --load-state");
  }
  if (args.loadState && (outGiven || args.eigenlayer)) {
    throw new Error("chain: --load-state starts a saved chain; --out and --eigenlayer deploy one");
  }
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
  if (args.loadState) {
    const anvil = await startAnvil({
      port: args.port,
      host: args.host,
      blockTime: args.blockTime,
      loadState: args.loadState,
    });
    // Registry histories in a saved state reference blocks after the restart's block 0.
    const advance = args.advance ?? 100;
    if (advance > 0) await mine(anvil.rpcUrl, advance);
    console.log(`anvil ready with the state from ${args.loadState} (${advance} blocks mined)`);
    console.log(`RPC URL:         ${anvil.rpcUrl}`);
    console.log(`WS URL:          ${anvil.wsUrl}`);
    console.log("deployment file: none written (give the nodes the state's deployment output)");
    await runUntilStopped(anvil);
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

  await runUntilStopped(devnet.anvil);
}

/** Waits for Ctrl-C / SIGTERM (or anvil dying), then stops anvil. */
async function runUntilStopped(anvil: AnvilHandle): Promise<void> {
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
  const anvilDied = anvil.exited.then(() => "anvil exited");
  const reason = await Promise.race([stopRequested, anvilDied]);
  for (const [sig, h] of handlers) Deno.removeSignalListener(sig, h);
  await anvil.stop();
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
