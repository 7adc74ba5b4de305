/** The M2 EigenLayer backend and readers against a real devnet. */
import assert from "node:assert/strict";
import { getAddress, parseEventLogs } from "viem";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { devnetOperatorKeys } from "../../lib/keys/devnet_keys.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import { TxError } from "../../lib/chain/tx.ts";
import { registryCoordinatorAbi } from "../../lib/chain/abi/mod.ts";
import {
  approveToken,
  avsOperatorStatus,
  blsKeyFromSecret,
  checkSignaturesIndices,
  currentStake,
  depositIntoStrategy,
  discoverContracts,
  isOperator,
  M2Backend,
  minimumStake,
  mintMockToken,
  operatorFromId,
  operatorSetParams,
  operatorShares,
  operatorSocket,
  pubkeyRegistrations,
  quorumCount,
  quorumUpdateBlock,
  registeredPubkeyG1,
  retrieverContracts,
  strategyShares,
  underlyingToken,
} from "../../lib/eigenlayer/mod.ts";

Deno.test("M2 backend: register, status, stakes, state at a block, stake update, deregister", async () => {
  const devnet = await startDevnet();
  const d = devnet.deployment;
  const a = d.addresses;
  const keys = devnetOperatorKeys(1);
  const clients = await createChainClients({
    rpcUrl: devnet.rpcUrl,
    privateKey: keys.ecdsaPrivateKey,
    pollingInterval: 100,
  });
  try {
    const client = clients.publicClient;
    const contracts = await discoverContracts(
      client,
      a.registryCoordinator,
      a.operatorStateRetriever,
    );
    assert.deepEqual(
      {
        serviceManager: contracts.serviceManager,
        stakeRegistry: contracts.stakeRegistry,
        blsApkRegistry: contracts.blsApkRegistry,
        indexRegistry: contracts.indexRegistry,
        socketRegistry: contracts.socketRegistry,
        avsDirectory: contracts.avsDirectory,
        delegationManager: contracts.delegationManager,
        strategyManager: contracts.strategyManager,
      },
      {
        serviceManager: a.incredibleSquaringServiceManager,
        stakeRegistry: a.stakeRegistry,
        blsApkRegistry: a.blsApkRegistry,
        indexRegistry: a.indexRegistry,
        socketRegistry: a.socketRegistry,
        avsDirectory: a.avsDirectory,
        delegationManager: a.delegationManager,
        strategyManager: a.strategyManager,
      },
    );
    assert.equal(await quorumCount(client, contracts), d.parameters.quorumCount);
    assert.equal(
      (await operatorSetParams(client, contracts, 0)).maxOperatorCount,
      d.parameters.maxOperatorCount,
    );
    assert.equal(await minimumStake(client, contracts, 0), BigInt(d.parameters.minimumStake));

    const backend = new M2Backend({ client, sender: clients, contracts });
    const op = keys.address;
    assert.deepEqual(await backend.status(op), {
      operator: op,
      status: "NEVER_REGISTERED",
      quorums: [],
    });
    assert.deepEqual(await backend.stakes(op), []);

    // EigenLayer registration is idempotent.
    assert.equal((await backend.registerAsOperator()).status, "done");
    assert.equal(await isOperator(client, contracts, op), true);
    assert.equal((await backend.registerAsOperator()).status, "skipped");

    // Deposit through the strategy functions.
    const token = await underlyingToken(client, a.erc20MockStrategy);
    assert.equal(getAddress(token), getAddress(a.erc20Mock));
    await mintMockToken(clients, token, op, 3000n);
    await approveToken(clients, token, contracts.strategyManager, 3000n);
    await depositIntoStrategy(clients, contracts, a.erc20MockStrategy, token, 1000n);
    assert.equal(await strategyShares(client, a.erc20MockStrategy, op), 1000n);
    assert.equal(await operatorShares(client, contracts, op, a.erc20MockStrategy), 1000n);

    // AVS registration with the BLS proof of possession and the AVSDirectory signature.
    const blsKey = blsKeyFromSecret(keys.blsPrivateKey);
    assert.equal(blsKey.operatorId, keys.operatorId);
    const before = await client.getBlockNumber();
    const reg = await backend.register({ blsKey, quorumNumbers: [0], socket: "op1:9000" });
    assert.equal(reg.status, "done");
    if (reg.status !== "done") throw new Error("unreachable");
    const receipt = await client.getTransactionReceipt({ hash: reg.txHashes[0] });
    const registered = parseEventLogs({
      abi: registryCoordinatorAbi,
      logs: receipt.logs,
      eventName: "OperatorRegistered",
    });
    assert.equal(registered.length, 1);
    assert.equal(registered[0].args.operatorId, keys.operatorId);
    const status = await backend.status(op);
    assert.deepEqual(status, {
      operator: op,
      status: "REGISTERED",
      operatorId: keys.operatorId,
      quorums: [0],
    });
    assert.equal(getAddress(await operatorFromId(client, contracts, keys.operatorId)), op);
    assert.equal(
      await avsOperatorStatus(client, contracts, contracts.serviceManager, op),
      "REGISTERED",
    );
    assert.deepEqual((await registeredPubkeyG1(client, contracts, op)).pubkeyG1, blsKey.pubkeyG1);
    const regs = await pubkeyRegistrations(client, contracts, 0n, receipt.blockNumber);
    const mine = regs.find((r) => getAddress(r.operator) === op);
    assert.deepEqual(mine?.pubkeyG2, {
      X: [blsKey.pubkeyG2.X[0], blsKey.pubkeyG2.X[1]],
      Y: [blsKey.pubkeyG2.Y[0], blsKey.pubkeyG2.Y[1]],
    });
    assert.equal(
      await operatorSocket(client, { socketRegistry: contracts.socketRegistry! }, keys.operatorId),
      "op1:9000",
    );
    assert.deepEqual(await backend.stakes(op), [{ quorumNumber: 0, stake: 1000n }]);
    assert.deepEqual(await backend.quorumsAt(keys.operatorId, before), []);
    assert.deepEqual(await backend.quorumsAt(keys.operatorId, receipt.blockNumber), [0]);
    const state = await backend.operatorStateAtBlock([0], Number(receipt.blockNumber));
    assert.deepEqual(state, [[{ operator: op, operatorId: keys.operatorId, stake: 1000n }]]);
    const idx = await checkSignaturesIndices(
      client,
      retrieverContracts(contracts),
      Number(receipt.blockNumber),
      [0],
      [keys.operatorId],
    );
    assert.equal(idx.nonSignerQuorumBitmapIndices.length, 1);
    assert.equal(idx.quorumApkIndices.length, 1);
    assert.equal(idx.nonSignerStakeIndices[0].length, 1);

    // Idempotent, and the BLS key cannot be swapped.
    assert.equal((await backend.register({ blsKey, quorumNumbers: [0] })).status, "skipped");
    await assert.rejects(
      backend.register({
        blsKey: blsKeyFromSecret(devnetOperatorKeys(2).blsPrivateKey),
        quorumNumbers: [0],
      }),
      /cannot be rotated/,
    );

    // More shares are invisible to the registry until a stake update.
    await depositIntoStrategy(clients, contracts, a.erc20MockStrategy, token, 500n);
    assert.equal(await currentStake(client, contracts, keys.operatorId, 0), 1000n);
    const round = await backend.updateStakes();
    assert.deepEqual(round.quorumNumbers, [0]);
    assert.deepEqual(round.operatorsPerQuorum, [[op]]);
    assert.ok(round.txHash && round.blockNumber);
    assert.equal(await currentStake(client, contracts, keys.operatorId, 0), 1500n);
    assert.equal(await quorumUpdateBlock(client, contracts, 0), round.blockNumber);

    // Deregistration.
    assert.equal((await backend.deregister({ quorumNumbers: [1] })).status, "skipped");
    assert.equal((await backend.deregister()).status, "done");
    const after = await backend.status(op);
    assert.equal(after.status, "DEREGISTERED");
    assert.deepEqual(after.quorums, []);
    assert.equal((await backend.deregister()).status, "skipped");
    const empty = await backend.updateStakes();
    assert.equal(empty.txHash, undefined);

    // A backend without a wallet reads but does not write.
    const readOnly = new M2Backend({ client, contracts });
    assert.equal((await readOnly.status(op)).status, "DEREGISTERED");
    await assert.rejects(readOnly.registerAsOperator(), /no wallet/);
    // A revert is decoded: quorum 9 does not exist.
    await assert.rejects(
      readOnly.operatorStateAtBlock([9], Number(await client.getBlockNumber())),
      (err) => {
        assert.ok(err instanceof TxError, String(err));
        assert.equal(err.functionName, "getOperatorState");
        assert.equal(err.code, "reverted");
        return true;
      },
    );
  } finally {
    await clients.close();
    await devnet.stop();
  }
});
