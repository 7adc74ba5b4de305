/**
 * Test helpers: tiny hand-assembled contracts deployed on a real anvil.
 *
 * - LOGGER: any call emits LOG2(topic0 = calldata[0:32], topic1 = calldata[32:64],
 *   data = calldata[64:]), so tests can emit well-formed and malformed logs.
 * - ECHO_REVERT: `revertWith(bytes data)` reverts with exactly `data` (any call reverts with the
 *   bytes argument), so tests can produce `Error(string)`, custom errors or empty reverts.
 */
import type { Account, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";

const LOGGER_RUNTIME = "602035600035604036038060406000376000a200";
const ECHO_REVERT_RUNTIME = "6024358060446000376000fd";

function initCode(runtime: string): Hex {
  const len = runtime.length / 2;
  const l = len.toString(16).padStart(2, "0");
  // PUSH1 len PUSH1 0x0c PUSH1 0 CODECOPY PUSH1 len PUSH1 0 RETURN, then the runtime
  return `0x60${l}600c60003960${l}6000f3${runtime}`;
}

/** Deploys raw runtime code and returns its address. */
export async function deployRuntime(
  publicClient: PublicClient<Transport, Chain>,
  walletClient: WalletClient<Transport, Chain, Account>,
  which: "logger" | "echoRevert",
): Promise<Hex> {
  const hash = await walletClient.sendTransaction({
    data: initCode(which === "logger" ? LOGGER_RUNTIME : ECHO_REVERT_RUNTIME),
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (!receipt.contractAddress) throw new Error("deployment failed");
  return receipt.contractAddress;
}

/** anvil account #0 (public test key). */
export const ANVIL_KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

/** A TCP proxy to a local port whose connections can be cut, to simulate network drops. */
export type TcpProxy = { port: number; dropAll(): void; close(): Promise<void> };

/** Starts a TCP proxy on a free port forwarding to 127.0.0.1:`targetPort`. */
export function startTcpProxy(targetPort: number): TcpProxy {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const pumps = new Set<Promise<void>>();
  const pipe = async (from: Deno.Conn, to: Deno.Conn) => {
    try {
      await from.readable.pipeTo(to.writable);
    } catch { /* connection cut */ }
    for (const c of [from, to]) {
      try {
        c.close();
      } catch { /* already closed */ }
      conns.delete(c);
    }
  };
  const accept = (async () => {
    for await (const inbound of listener) {
      try {
        const outbound = await Deno.connect({ hostname: "127.0.0.1", port: targetPort });
        conns.add(inbound);
        conns.add(outbound);
        const p = Promise.all([pipe(inbound, outbound), pipe(outbound, inbound)]).then(() => {});
        pumps.add(p);
        p.finally(() => pumps.delete(p));
      } catch {
        inbound.close();
      }
    }
  })();
  return {
    port: (listener.addr as Deno.NetAddr).port,
    dropAll() {
      for (const c of conns) {
        try {
          c.close();
        } catch { /* already closed */ }
      }
      conns.clear();
    },
    async close() {
      listener.close();
      this.dropAll();
      await accept.catch(() => {});
      await Promise.all([...pumps]);
    },
  };
}
