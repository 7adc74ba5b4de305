/**
 * Public networks a node may run on: chain id, the EigenLayer core proxies deployed there (core
 * README at v1.12.0) and the EigenLayer era. Nodes check the chain id of their RPC endpoint
 * against a chosen preset, and the core addresses they read from the chain against the preset of
 * the chain they are on, so a deployment file for another network cannot slip through.
 *
 * @module
 */
import type { Address } from "viem";

/** EigenLayer core proxies of one network. */
export type CoreAddresses = {
  delegationManager: Address;
  strategyManager: Address;
  allocationManager: Address;
  permissionController: Address;
  avsDirectory: Address;
  rewardsCoordinator: Address;
  eigenPodManager: Address;
  strategyFactory: Address;
  /** Multichain KeyRegistrar; absent on Hoodi. */
  keyRegistrar?: Address;
};

/** A public network. */
export type NetworkPreset = {
  name: NetworkName;
  chainId: number;
  /** EigenLayer release deployed there (operator sets, allocations, slashing). */
  era: "slashing";
  core: CoreAddresses;
};

/** Names accepted by `--network`. */
export type NetworkName = "mainnet" | "sepolia" | "hoodi";

/** The presets, from the EigenLayer core README (v1.12.0). */
export const NETWORKS: Readonly<Record<NetworkName, NetworkPreset>> = {
  mainnet: {
    name: "mainnet",
    chainId: 1,
    era: "slashing",
    core: {
      delegationManager: "0x39053D51B77DC0d36036Fc1fCc8Cb819df8Ef37A",
      strategyManager: "0x858646372CC42E1A627fcE94aa7A7033e7CF075A",
      allocationManager: "0x948a420b8CC1d6BFd0B6087C2E7c344a2CD0bc39",
      permissionController: "0x25E5F8B1E7aDf44518d35D5B2271f114e081f0E5",
      avsDirectory: "0x135dda560e946695d6f155dacafc6f1f25c1f5af",
      rewardsCoordinator: "0x7750d328b314EfFa365A0402CcfD489B80B0adda",
      eigenPodManager: "0x91E677b07F7AF907ec9a428aafA9fc14a0d3A338",
      strategyFactory: "0x5e4C39Ad7A3E881585e383dB9827EB4811f6F647",
      keyRegistrar: "0x54f4bC6bDEbe479173a2bbDc31dD7178408A57A4",
    },
  },
  sepolia: {
    name: "sepolia",
    chainId: 11155111,
    era: "slashing",
    core: {
      delegationManager: "0xD4A7E1Bd8015057293f0D0A557088c286942e84b",
      strategyManager: "0x2E3D6c0744b10eb0A4e6F679F71554a39Ec47a5D",
      allocationManager: "0x42583067658071247ec8CE0A516A58f682002d07",
      permissionController: "0x44632dfBdCb6D3E21EF613B0ca8A6A0c618F5a37",
      avsDirectory: "0xa789c91ECDdae96865913130B786140Ee17aF545",
      rewardsCoordinator: "0x5ae8152fb88c26ff9ca5C014c94fca3c68029349",
      eigenPodManager: "0x56BfEb94879F4543E756d26103976c567256034a",
      strategyFactory: "0x066cF95c1bf0927124DFB8B02B401bc23A79730D",
      keyRegistrar: "0xA4dB30D08d8bbcA00D40600bee9F029984dB162a",
    },
  },
  hoodi: {
    name: "hoodi",
    chainId: 560048,
    era: "slashing",
    core: {
      delegationManager: "0x867837a9722C512e0862d8c2E15b8bE220E8b87d",
      strategyManager: "0xeE45e76ddbEDdA2918b8C7E3035cd37Eab3b5D41",
      allocationManager: "0x95a7431400F362F3647a69535C5666cA0133CAA0",
      permissionController: "0xdcCF401fD121d8C542E96BC1d0078884422aFAD2",
      avsDirectory: "0xD58f6844f79eB1fbd9f7091d05f7cb30d3363926",
      rewardsCoordinator: "0x29e8572678e0c272350aa0b4B8f304E47EBcd5e7",
      eigenPodManager: "0xcd1442415Fc5C29Aa848A49d2e232720BE07976c",
      strategyFactory: "0xfB7d94501E4d4ACC264833Ef4ede70a11517422B",
    },
  },
};

/**
 * The preset called `name`.
 * @throws {Error} listing the known names.
 */
export function networkPreset(name: string): NetworkPreset {
  const preset = (NETWORKS as Record<string, NetworkPreset | undefined>)[name.toLowerCase()];
  if (!preset) {
    throw new Error(`unknown network "${name}" (known: ${Object.keys(NETWORKS).join(", ")})`);
  }
  return preset;
}

/** The preset of a chain id, if it is one of the public networks. */
export function presetForChainId(chainId: number): NetworkPreset | undefined {
  return Object.values(NETWORKS).find((n) => n.chainId === chainId);
}

/**
 * Throws when the RPC endpoint's chain is not the chosen network.
 * @throws {Error} naming both chain ids.
 */
export function checkNetwork(preset: NetworkPreset, chainId: number, rpcUrl: string): void {
  if (chainId !== preset.chainId) {
    throw new Error(
      `--network ${preset.name} is chain ${preset.chainId}, but ${rpcUrl} is chain ${chainId}`,
    );
  }
}

/**
 * Lines naming each core address (by this project's names) that differs from the preset of the
 * chain; empty when the chain has no preset or everything matches.
 */
export function coreMismatches(
  chainId: number,
  found: Partial<Record<keyof CoreAddresses, Address | undefined>>,
): string[] {
  const preset = presetForChainId(chainId);
  if (!preset) return [];
  const out: string[] = [];
  for (const [name, value] of Object.entries(found)) {
    const expected = preset.core[name as keyof CoreAddresses];
    if (value && expected && value.toLowerCase() !== expected.toLowerCase()) {
      out.push(`${name}: ${preset.name}'s EigenLayer is ${expected}, the AVS uses ${value}`);
    }
  }
  return out;
}

/**
 * Parses a fee cap given in gwei (`--max-fee-gwei 30`, decimals allowed) into wei.
 * @throws {Error} naming the flag when it is not a positive number.
 */
export function parseFeeCapGwei(value: string, flag = "--max-fee-gwei"): bigint {
  if (!/^[0-9]+(\.[0-9]{1,9})?$/.test(value.trim())) {
    throw new Error(`${flag}: expected a fee in gwei such as 30 or 1.5, got "${value}"`);
  }
  const [whole, frac = ""] = value.trim().split(".");
  const wei = BigInt(whole) * 1_000_000_000n + BigInt(frac.padEnd(9, "0"));
  if (wei === 0n) throw new Error(`${flag}: must be above 0`);
  return wei;
}
