import { strict as assert } from "node:assert";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { devnetOperatorKeys } from "../../lib/keys/devnet_keys.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import { parseDeployment } from "../../lib/chain/deployment.ts";
import {
  depositIntoStrategy,
  deregisterOperatorFromAvs,
  getOperatorStatus,
  registerOnStartup,
  registerOperatorWithAvs,
  type RegistrationContext,
} from "../../lib/avs/registration.ts";
import { resolveOperatorContracts } from "../../lib/avs/operator_contracts.ts";

Deno.test("registration steps are idempotent against a real devnet", async () => {
  const devnet = await startDevnet();
  const keys = devnetOperatorKeys(1);
  const clients = await createChainClients({
    rpcUrl: devnet.rpcUrl,
    privateKey: keys.ecdsaPrivateKey,
    pollingInterval: 100,
  });
  try {
    const deployment = parseDeployment(devnet.deployment);
    const contracts = await resolveOperatorContracts(clients.publicClient, deployment);
    assert.equal(contracts.serviceManager, deployment.addresses.incredibleSquaringServiceManager);
    assert.equal(contracts.avsDirectory, deployment.addresses.avsDirectory);
    const ctx: RegistrationContext = {
      publicClient: clients.publicClient,
      walletClient: clients.walletClient!,
      contracts,
    };
    const opts = { blsPrivateKey: keys.blsPrivateKey, quorumNumbers: [0], depositAmount: 2500n };
    const nonce = () => clients.publicClient.getTransactionCount({ address: keys.address });

    const before = await getOperatorStatus({ ...ctx, operator: keys.address });
    assert.equal(before.avsStatus, "NEVER_REGISTERED");
    assert.equal(before.eigenLayerOperator, false);

    const first = await registerOnStartup(ctx, opts);
    assert.equal(first.eigenLayer.status, "done");
    assert.equal(first.deposit.status, "done");
    assert.equal(first.avs.status, "done");
    const n1 = await nonce();

    // Second run: every step sees the chain state and sends nothing.
    const second = await registerOnStartup(ctx, opts);
    assert.deepEqual(
      [second.eigenLayer.status, second.deposit.status, second.avs.status],
      ["skipped", "skipped", "skipped"],
    );
    assert.equal(await nonce(), n1);

    const status = await getOperatorStatus({ ...ctx, operator: keys.address }, {
      blsPrivateKey: keys.blsPrivateKey,
    });
    assert.equal(status.eigenLayerOperator, true);
    assert.equal(status.avsStatus, "REGISTERED");
    assert.equal(status.avsDirectoryRegistered, true);
    assert.equal(status.operatorId, keys.operatorId);
    assert.equal(status.blsKey?.matchesChain, true);
    assert.deepEqual(status.quorums, [0]);
    assert.equal(status.strategyShares, "2500");
    assert.equal(status.delegatedShares, "2500");
    assert.deepEqual(status.stakes, [{ quorumNumber: 0, stake: "2500" }]);
    assert.equal(status.frozen, false);

    // An explicit deposit (CLI) adds shares even though some exist.
    const more = await depositIntoStrategy(ctx, { amount: 100n });
    assert.equal(more.status, "done");
    assert.equal(
      (await getOperatorStatus({ ...ctx, operator: keys.address })).strategyShares,
      "2600",
    );

    // Another BLS key cannot replace the registered one.
    await assert.rejects(
      registerOperatorWithAvs(ctx, {
        blsPrivateKey: devnetOperatorKeys(2).blsPrivateKey,
        quorumNumbers: [0],
      }),
      /cannot be rotated/,
    );

    // Deregister, then again (skipped), then register again with a fresh AVSDirectory signature.
    assert.equal((await deregisterOperatorFromAvs(ctx)).status, "done");
    assert.equal(
      (await getOperatorStatus({ ...ctx, operator: keys.address })).avsStatus,
      "DEREGISTERED",
    );
    assert.equal((await deregisterOperatorFromAvs(ctx)).status, "skipped");
    assert.equal((await registerOperatorWithAvs(ctx, opts)).status, "done");
    const again = await getOperatorStatus({ ...ctx, operator: keys.address });
    assert.equal(again.avsStatus, "REGISTERED");
    assert.equal(again.avsDirectoryRegistered, true);
  } finally {
    await clients.close();
    await devnet.stop();
  }
});
