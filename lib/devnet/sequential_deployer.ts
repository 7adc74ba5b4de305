/**
 * The slashing-era deployer's transaction sender: creation bytecode from the generated files,
 * sequential sends with a tracked nonce (so every address can be predicted before it exists) and
 * a receipt check per transaction.
 *
 * @module
 */
import {
  type Abi,
  type Address,
  getContractAddress,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type WalletClient,
} from "viem";
import type { BytecodeFile } from "./codegen.ts";

const bytecodeCache = new Map<string, Promise<BytecodeFile>>();

/** Creation bytecode from lib/chain/bytecode (M2 build) or lib/chain/bytecode/slashing. */
function bytecodeOf(era: "m2" | "slashing", contract: string): Promise<BytecodeFile> {
  const key = `${era}/${contract}`;
  let p = bytecodeCache.get(key);
  if (!p) {
    const dir = era === "slashing" ? "../chain/bytecode/slashing/" : "../chain/bytecode/";
    p = Deno.readTextFile(new URL(`${dir}${contract}.json`, import.meta.url)).then(
      (text) => JSON.parse(text) as BytecodeFile,
      (err) => {
        throw new Error(
          `deploySlashing: no ${era} bytecode for ${contract} (${
            (err as Error).message
          }); run \`deno task build:contracts\``,
        );
      },
    );
    p.catch(() => bytecodeCache.delete(key));
    bytecodeCache.set(key, p);
  }
  return p;
}

/** Sequential deployer that tracks its nonce so that addresses can be predicted. */
export class SlashingDeployer {
  nonce = 0;
  firstBlock = 0n;
  lastBlock = 0n;
  constructor(
    readonly pub: PublicClient,
    readonly wallet: WalletClient,
    readonly from: Address,
  ) {}

  async init(): Promise<void> {
    this.nonce = await this.pub.getTransactionCount({ address: this.from, blockTag: "pending" });
  }

  predict(offset: number): Address {
    return getContractAddress({ from: this.from, nonce: BigInt(this.nonce + offset) });
  }

  private async settle(hash: Hex, what: string): Promise<TransactionReceipt> {
    const receipt = await this.pub.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (receipt.status !== "success") {
      throw new Error(`deploySlashing: ${what} reverted (tx ${hash})`);
    }
    if (this.firstBlock === 0n) this.firstBlock = receipt.blockNumber;
    this.lastBlock = receipt.blockNumber;
    return receipt;
  }

  async deploy(
    era: "m2" | "slashing",
    contract: string,
    abi: Abi,
    args: readonly unknown[] = [],
  ): Promise<Address> {
    const expected = this.predict(0);
    const { bytecode } = await bytecodeOf(era, contract);
    const hash = await this.wallet.deployContract(
      {
        abi,
        bytecode,
        args,
        account: this.wallet.account!,
        chain: this.wallet.chain,
        nonce: this.nonce,
      } as Parameters<WalletClient["deployContract"]>[0],
    );
    this.nonce++;
    const receipt = await this.settle(hash, `deployment of ${contract}`);
    if (receipt.contractAddress?.toLowerCase() !== expected.toLowerCase()) {
      throw new Error(
        `deploySlashing: ${contract} landed at ${receipt.contractAddress}, expected ${expected}`,
      );
    }
    return expected;
  }

  async call(to: Address, abi: Abi, functionName: string, args: readonly unknown[]): Promise<void> {
    const hash = await this.wallet.writeContract(
      {
        address: to,
        abi,
        functionName,
        args,
        account: this.wallet.account!,
        chain: this.wallet.chain,
        nonce: this.nonce,
      } as Parameters<WalletClient["writeContract"]>[0],
    );
    this.nonce++;
    await this.settle(hash, `${functionName} on ${to}`);
  }
}
