/**
 * `deno task chain`: a local anvil with EigenLayer core, middleware and the AVS deployed
 * (the upstream `start-anvil-chain-with-el-and-avs-deployed`). Runs until Ctrl-C / SIGTERM and
 * stops anvil on the way out.
 *
 * Flags: `--port <n>` (default 8545), `--host <ip>` (default 127.0.0.1), `--block-time <s>`
 * (default: automine), `--out <file>` (default contracts/deployments/devnet.json).
 */
import { startDevnet } from "../lib/devnet/devnet.ts";
import { DEFAULT_DEPLOYMENT_PATH } from "../lib/devnet/deploy.ts";

interface ChainArgs {
  port: number;
  host: string;
  blockTime?: number;
  out: string;
}

function parseArgs(argv: string[]): ChainArgs {
  const args: ChainArgs = { port: 8545, host: "127.0.0.1", out: DEFAULT_DEPLOYMENT_PATH };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const [name, inline] = flag.includes("=") ? flag.split("=", 2) : [flag, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`chain: ${name} needs a value`);
      return v;
    };
    switch (name) {
      case "--port": {
        const v = value();
        const port = Number(v);
        if (!Number.isInteger(port) || port < 1 || port > 65535) {
          throw new Error(`chain: --port must be an integer in 1..65535, got "${v}"`);
        }
        args.port = port;
        break;
      }
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
        break;
      case "--help":
      case "-h":
        console.log(
          "usage: deno task chain [--port 8545] [--host 127.0.0.1] [--block-time <s>] [--out <file>]",
        );
        Deno.exit(0);
        break;
      default:
        throw new Error(`chain: unknown argument "${flag}" (see --help)`);
    }
  }
  return args;
}

async function main(): Promise<void> {
  let args: ChainArgs;
  try {
    args = parseArgs(Deno.args);
  } catch (err) {
    console.error((err as Error).message);
    Deno.exit(2);
  }
  const t0 = performance.now();
  const devnet = await startDevnet({
    port: args.port,
    host: args.host,
    blockTime: args.blockTime,
    outFile: args.out,
  });
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`anvil ready with EigenLayer + incredible-squaring deployed (${seconds} s)`);
  console.log(`RPC URL:         ${devnet.rpcUrl}`);
  console.log(`WS URL:          ${devnet.wsUrl}`);
  console.log(`deployment file: ${args.out}`);
  console.log(`chain id:        ${devnet.deployment.chainId}`);
  console.log("Press Ctrl-C to stop.");

  const { promise: stopRequested, resolve } = Promise.withResolvers<string>();
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  const handlers = signals.map((sig) => {
    const h = () => resolve(sig);
    Deno.addSignalListener(sig, h);
    return [sig, h] as const;
  });
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
