/**
 * Many operators on a devnet without running their nodes, for tests and benchmarks that need a
 * large operator set on chain: the generated fleet operators (`devnetFleetKeys`) are funded and
 * registered with the project's own registration steps (bounded concurrency), and a response
 * signed by any subset of them can be posted as the aggregator would (the signature bundle is
 * built from the chain's state at the task's block, as the aggregation service does).
 *
 * @module
 */
import {
  type Address,
  createWalletClient,
  type Hex,
  http,
  parseEventLogs,
  type TransactionReceipt,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createChainClients, pendingNonceManager, type SigningClients } from "../chain/clients.ts";
import { devnetFleetKeys } from "../keys/devnet_keys.ts";
import { aggregateG1, aggregateG2, type G1Point, sign } from "../bls/mod.ts";
import { forEachBounded } from "../process/concurrency.ts";
import { resolveEra } from "../avs/slashing_registration.ts";
import { resolveOperatorContracts } from "../avs/operator_contracts.ts";
import { raiseAndResolveChallenge, respondToTask } from "../avs/task_manager.ts";
import { responseFromEvent, taskManagerAbi } from "../avs/events.ts";
import { ChainAvsStateReader } from "../eigenlayer/state_reader.ts";
import {
  quorumNumbersFromBytes,
  type Task,
  type TaskResponse,
  taskResponseDigest,
  type TaskResponseMetadata,
} from "../task/mod.ts";
import { compareIds } from "../aggregation/task_rules.ts";
import type { Devnet } from "./devnet.ts";
import { registerForEra } from "../operator/startup.ts";
import { fundAccounts } from "./funding.ts";
import { ANVIL_KEYS } from "./accounts.ts";

/** One registered operator of the crowd. */
export interface CrowdMember {
  /** Fleet index (1-based, as in `devnetFleetKeys`). */
  index: number;
  address: Address;
  blsPrivateKey: bigint;
  operatorId: Hex;
}

/** Stake each crowd operator deposits (the devnet token, 1e18 per unit). */
const CROWD_DEPOSIT = 1_000n * 10n ** 18n;

/**
 * Funds and registers fleet operators `first..first+count-1` in quorum 0 (EigenLayer operator,
 * deposit, AVS registration; on a slashing-era devnet also the allocation of their whole
 * magnitude to operator set 0), `concurrency` at a time; `onProgress` after each.
 */
export async function registerCrowd(
  devnet: Devnet,
  count: number,
  opts: { first?: number; concurrency?: number; onProgress?: (done: number) => void } = {},
): Promise<CrowdMember[]> {
  const first = opts.first ?? 1;
  const keys = Array.from({ length: count }, (_, i) => devnetFleetKeys(first + i));
  await fundAccounts(devnet.rpcUrl, keys.map((k) => k.address));
  const clients = await createChainClients({ rpcUrl: devnet.rpcUrl, pollingInterval: 50 });
  const contracts = await resolveOperatorContracts(clients.publicClient, undefined, {
    avs_registry_coordinator_address: devnet.deployment.addresses.registryCoordinator,
    token_strategy_addr: devnet.deployment.addresses.erc20MockStrategy,
  });
  const era = await resolveEra(clients.publicClient, contracts, [0]);
  let done = 0;
  try {
    await forEachBounded(keys, opts.concurrency ?? 16, async (k) => {
      const walletClient = createWalletClient({
        chain: clients.chain,
        account: privateKeyToAccount(k.ecdsaPrivateKey, { nonceManager: pendingNonceManager() }),
        transport: http(devnet.rpcUrl),
        pollingInterval: 50,
      });
      await registerForEra({ publicClient: clients.publicClient, walletClient }, era, {
        blsPrivateKey: k.blsPrivateKey,
        quorumNumbers: [0],
        socket: "Not Needed", // what the backends send when no socket is given
        depositAmount: CROWD_DEPOSIT,
        allocation: { delayBlocks: 0, fraction: 1 },
      });
      opts.onProgress?.(++done);
    });
  } finally {
    await clients.close();
  }
  return keys.map((k, i) => ({
    index: first + i,
    address: k.address,
    blsPrivateKey: k.blsPrivateKey,
    operatorId: k.operatorId,
  }));
}

/** Signing clients of the devnet's aggregator role (anvil #9). */
export function devnetAggregatorClients(devnet: Devnet): Promise<SigningClients> {
  return createChainClients({
    rpcUrl: devnet.rpcUrl,
    privateKey: ANVIL_KEYS[9],
    pollingInterval: 50,
  });
}

/** What {@link respondSignedBy} posted. */
export interface PostedResponse {
  receipt: TransactionReceipt;
  response: TaskResponse;
  metadata: TaskResponseMetadata;
  /** G1 keys of the non-signers, as in the calldata (ascending ids). */
  nonSignerPubkeys: G1Point[];
}

/**
 * Posts `numberSquared` as the response to a task, signed by the crowd members `signs` selects
 * (every other operator of the task's quorums at its block is a non-signer), from the
 * aggregator's account. The threshold must still be met, or the TaskManager reverts.
 */
export async function respondSignedBy(
  devnet: Devnet,
  aggregator: SigningClients,
  created: { taskIndex: number; task: Task },
  numberSquared: bigint,
  crowd: readonly CrowdMember[],
  signs: (m: CrowdMember) => boolean,
): Promise<PostedResponse> {
  const a = devnet.deployment.addresses;
  const reader = new ChainAvsStateReader({
    client: aggregator.publicClient,
    contracts: {
      registryCoordinator: a.registryCoordinator,
      operatorStateRetriever: a.operatorStateRetriever,
      blsApkRegistry: a.blsApkRegistry,
    },
    fromBlock: BigInt(devnet.deployment.deployedAtBlock),
  });
  const { task } = created;
  const quorums = quorumNumbersFromBytes(task.quorumNumbers);
  const block = task.taskCreatedBlock;
  const state = await reader.getOperatorsAvsStateAtBlock(quorums, block);
  const response = { referenceTaskIndex: created.taskIndex, numberSquared };
  const digest = taskResponseDigest(response);
  const byId = new Map(crowd.map((m) => [m.operatorId.toLowerCase(), m]));
  const signers = state.filter((o) => {
    const m = byId.get(o.operatorId.toLowerCase());
    return m !== undefined && signs(m);
  });
  const nonSigners = state.filter((o) => !signers.includes(o))
    .sort((x, y) => compareIds(x.operatorId, y.operatorId));
  const indices = await reader.getCheckSignaturesIndices(
    block,
    quorums,
    nonSigners.map((o) => o.operatorId),
  );
  // One quorum per crowd: each signer counts once.
  const sigma = aggregateG1(
    signers.map((o) => sign(byId.get(o.operatorId.toLowerCase())!.blsPrivateKey, digest)),
  );
  const apkG2 = aggregateG2(signers.map((o) => o.pubkeyG2));
  const quorumApks = quorums.map((q) =>
    aggregateG1(state.filter((o) => o.stakePerQuorum.has(q)).map((o) => o.pubkeyG1))
  );
  const receipt = await respondToTask(
    aggregator,
    { taskManager: a.incredibleSquaringTaskManager },
    task,
    response,
    {
      nonSignerQuorumBitmapIndices: indices.nonSignerQuorumBitmapIndices,
      nonSignerPubkeys: nonSigners.map((o) => o.pubkeyG1),
      quorumApks,
      apkG2,
      sigma,
      quorumApkIndices: indices.quorumApkIndices,
      totalStakeIndices: indices.totalStakeIndices,
      nonSignerStakeIndices: indices.nonSignerStakeIndices,
    },
  );
  const ev = receipt.logs
    .filter((l) => l.address.toLowerCase() === a.incredibleSquaringTaskManager.toLowerCase());
  const responded =
    parseEventLogs({ abi: taskManagerAbi, logs: ev, eventName: "TaskResponded" })[0];
  if (!responded) throw new Error(`no TaskResponded in ${receipt.transactionHash}`);
  const { metadata } = responseFromEvent(responded.args as Parameters<typeof responseFromEvent>[0]);
  return { receipt, response, metadata, nonSignerPubkeys: nonSigners.map((o) => o.pubkeyG1) };
}

/** `raiseAndResolveChallenge` of a response {@link respondSignedBy} posted, from `challenger`. */
export function challengePosted(
  devnet: Devnet,
  challenger: SigningClients,
  created: { task: Task },
  posted: PostedResponse,
): Promise<TransactionReceipt> {
  return raiseAndResolveChallenge(
    challenger,
    { taskManager: devnet.deployment.addresses.incredibleSquaringTaskManager },
    created.task,
    posted.response,
    posted.metadata,
    posted.nonSignerPubkeys,
    { blockTag: "pending" },
  );
}
