/**
 * Ether for devnet accounts that anvil did not create (the generated fleet operators of
 * `lib/keys/devnet_keys.ts`): `anvil_setBalance`, one request per account, no transactions, so
 * funding 400 operators takes well under a second and never competes with their nonces. The
 * operators mint their own stake tokens at registration (the devnet token is an ERC20Mock).
 *
 * @module
 */
import { type Address, createPublicClient, createTestClient, http, parseEther } from "viem";

/** Ether each generated operator gets (registration takes about 0.01 ETH on anvil). */
export const FLEET_OPERATOR_ETHER = parseEther("100");

/**
 * Sets the balance of every address in `addresses` that holds less than `wei` to `wei`, on an
 * anvil node (the method is anvil's). Returns how many accounts were topped up.
 * @throws {Error} naming the node when it does not support `anvil_setBalance`
 */
export async function fundAccounts(
  rpcUrl: string,
  addresses: readonly Address[],
  wei: bigint = FLEET_OPERATOR_ETHER,
): Promise<number> {
  const transport = http(rpcUrl, { batch: { batchSize: 100 } });
  const client = createPublicClient({ transport });
  const anvil = createTestClient({ mode: "anvil", transport });
  const balances = await Promise.all(addresses.map((address) => client.getBalance({ address })));
  const low = addresses.filter((_, i) => balances[i] < wei);
  try {
    await Promise.all(low.map((address) => anvil.setBalance({ address, value: wei })));
  } catch (err) {
    throw new Error(
      `cannot fund devnet accounts at ${rpcUrl} (anvil_setBalance): ${
        (err as Error).message.split("\n")[0]
      }`,
    );
  }
  return low.length;
}
