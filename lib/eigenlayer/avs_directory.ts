/**
 * AVSDirectory (M2): the operator-to-AVS registration digest an operator signs, and its status.
 *
 * @module
 */
import { type Account, type Address, type Hex, toHex } from "viem";
import { avsDirectoryAbi } from "../chain/abi/mod.ts";
import type { ReadClient } from "../chain/clients.ts";
import { read } from "../chain/tx.ts";
import type { EigenLayerContracts } from "./contracts.ts";

/** The AVSDirectory's operator status for one AVS. */
export type AvsDirectoryStatus = "UNREGISTERED" | "REGISTERED";

/** `calculateOperatorAVSRegistrationDigestHash(operator, avs, salt, expiry)`. */
export function registrationDigest(
  client: ReadClient,
  c: Pick<EigenLayerContracts, "avsDirectory">,
  p: { operator: Address; avs: Address; salt: Hex; expiry: bigint },
): Promise<Hex> {
  return read(client, {
    address: c.avsDirectory,
    abi: avsDirectoryAbi,
    functionName: "calculateOperatorAVSRegistrationDigestHash",
    args: [p.operator, p.avs, p.salt, p.expiry],
  });
}

/** `avsOperatorStatus(avs, operator)`. */
export async function avsOperatorStatus(
  client: ReadClient,
  c: Pick<EigenLayerContracts, "avsDirectory">,
  avs: Address,
  operator: Address,
): Promise<AvsDirectoryStatus> {
  const s = await read(client, {
    address: c.avsDirectory,
    abi: avsDirectoryAbi,
    functionName: "avsOperatorStatus",
    args: [avs, operator],
  });
  return Number(s) === 1 ? "REGISTERED" : "UNREGISTERED";
}

/** `SignatureWithSaltAndExpiry` as the RegistryCoordinator takes it. */
export type SignatureWithSaltAndExpiry = { signature: Hex; salt: Hex; expiry: bigint };

/**
 * Signs the AVSDirectory's own registration digest for `avs` with a fresh random salt, valid for
 * `expirySeconds` from the latest block's timestamp.
 */
export async function signAvsRegistration(
  client: ReadClient,
  c: Pick<EigenLayerContracts, "avsDirectory">,
  account: Account,
  avs: Address,
  expirySeconds = 3600n,
): Promise<SignatureWithSaltAndExpiry> {
  if (!account.sign) throw new Error("the operator account cannot sign raw digests");
  const salt = toHex(crypto.getRandomValues(new Uint8Array(32)));
  const block = await client.getBlock({ blockTag: "latest" });
  const expiry = block.timestamp + expirySeconds;
  const digest = await registrationDigest(client, c, {
    operator: account.address,
    avs,
    salt,
    expiry,
  });
  return { signature: await account.sign({ hash: digest }), salt, expiry };
}
