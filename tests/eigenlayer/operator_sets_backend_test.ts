/** The operator-set (slashing-era) backend against a real slashing devnet: the same operations as M2. */
import assert from "node:assert/strict";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { isSlashingDeployment } from "../../lib/devnet/deployment_types.ts";
import { devnetOperatorKeys } from "../../lib/keys/devnet_keys.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import {
  approveToken,
  blsKeyFromSecret,
  depositIntoStrategy,
  discoverOperatorSetsContracts,
  isMemberOfOperatorSet,
  mintMockToken,
  modifyAllocations,
  type OperatorBackend,
  OperatorSetsBackend,
} from "../../lib/eigenlayer/mod.ts";

Deno.test("operator-set backend: register through the AllocationManager, status, stakes, update, deregister", async () => {
  const devnet = await startDevnet({ eigenlayer: "slashing" });
  const d = devnet.deployment;
  if (!isSlashingDeployment(d)) throw new Error("expected a slashing-era deployment");
  const a = d.addresses;
  const keys = devnetOperatorKeys(1);
  const clients = await createChainClients({
    rpcUrl: devnet.rpcUrl,
    privateKey: keys.ecdsaPrivateKey,
    pollingInterval: 100,
  });
  try {
    const client = clients.publicClient;
    const contracts = await discoverOperatorSetsContracts(
      client,
      a.registryCoordinator,
      a.operatorStateRetriever,
    );
    assert.equal(contracts.allocationManager, a.allocationManager);
    assert.equal(contracts.serviceManager, a.incredibleSquaringServiceManager);
    assert.equal(contracts.delegationManager, a.delegationManager);
    assert.equal(contracts.strategyManager, a.strategyManager);
    // Used only through the interface below: nothing flavour-specific but allocation.
    const backend: OperatorBackend = new OperatorSetsBackend({
      client,
      sender: clients,
      contracts,
    });
    assert.equal(backend.kind, "operator-sets");
    const op = keys.address;
    assert.equal((await backend.status(op)).status, "NEVER_REGISTERED");

    const amount = 1000n * 10n ** 18n;
    await mintMockToken(clients, a.erc20Mock, op, amount);
    await approveToken(clients, a.erc20Mock, a.strategyManager, amount);
    await depositIntoStrategy(clients, contracts, a.erc20MockStrategy, a.erc20Mock, amount);
    const el = await backend.registerAsOperator({
      allocationDelay: d.parameters.operatorAllocationDelay,
    });
    assert.equal(el.status, "done");
    assert.equal((await backend.registerAsOperator()).status, "skipped");
    // Half of the shares become slashable for operator set 0: that is the stake that counts.
    await modifyAllocations(clients, contracts, [{
      operatorSetId: 0,
      strategies: [a.erc20MockStrategy],
      newMagnitudes: [5n * 10n ** 17n],
    }]);

    const blsKey = blsKeyFromSecret(keys.blsPrivateKey);
    const reg = await backend.register({ blsKey, quorumNumbers: [0], socket: "op1:9000" });
    assert.equal(reg.status, "done");
    assert.equal(await isMemberOfOperatorSet(client, contracts, op, 0), true);
    assert.deepEqual(await backend.status(op), {
      operator: op,
      status: "REGISTERED",
      operatorId: keys.operatorId,
      quorums: [0],
    });
    assert.deepEqual(await backend.stakes(op), [{ quorumNumber: 0, stake: amount / 2n }]);
    const head = Number(await client.getBlockNumber());
    assert.deepEqual(await backend.operatorStateAtBlock([0], head), [[{
      operator: op,
      operatorId: keys.operatorId,
      stake: amount / 2n,
    }]]);
    assert.deepEqual(await backend.quorumsAt(keys.operatorId, BigInt(head)), [0]);
    assert.equal((await backend.register({ blsKey, quorumNumbers: [0] })).status, "skipped");
    await assert.rejects(
      backend.register({
        blsKey: blsKeyFromSecret(devnetOperatorKeys(2).blsPrivateKey),
        quorumNumbers: [0],
      }),
      /cannot be rotated/,
    );

    const round = await backend.updateStakes();
    assert.deepEqual(round.quorumNumbers, [0]);
    assert.deepEqual(round.operatorsPerQuorum, [[op]]);
    assert.ok(round.txHash);

    assert.equal((await backend.deregister()).status, "done");
    assert.equal(await isMemberOfOperatorSet(client, contracts, op, 0), false);
    const after = await backend.status(op);
    assert.equal(after.status, "DEREGISTERED");
    assert.deepEqual(after.quorums, []);
    assert.equal((await backend.deregister()).status, "skipped");
  } finally {
    await clients.close();
    await devnet.stop();
  }
});
