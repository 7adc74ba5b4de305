import { strict as assert } from "node:assert";
import { loadDeployment, parseDeployment } from "../../lib/chain/deployment.ts";

const A = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
const valid = {
  chainId: 31337,
  deployedAtBlock: 1,
  addresses: {
    delegationManager: A(1),
    strategyManager: A(2),
    avsDirectory: A(3),
    erc20Mock: A(4),
    erc20MockStrategy: A(5),
    registryCoordinator: A(6),
    blsApkRegistry: A(7),
    indexRegistry: A(8),
    stakeRegistry: A(9),
    operatorStateRetriever: A(10),
    incredibleSquaringServiceManager: A(11),
    incredibleSquaringTaskManager: A(12),
    freezeRegistry: A(13),
  },
  roles: {
    owner: A(20),
    aggregator: A(21),
    taskGenerator: A(21),
    vetoCommittee: [A(22)],
    vetoThreshold: 1,
  },
  parameters: { taskResponseWindowBlock: 30, taskChallengeWindowBlock: 100, vetoWindowBlock: 50 },
};

Deno.test("parseDeployment accepts the agreed shape and keeps extra addresses", () => {
  const d = parseDeployment(valid);
  assert.equal(d.addresses.registryCoordinator, A(6));
  assert.equal(d.addresses.freezeRegistry, A(13));
  assert.equal(d.parameters.taskResponseWindowBlock, 30);
});

Deno.test("parseDeployment names each bad field", () => {
  const bad = structuredClone(valid) as Record<string, unknown> & typeof valid;
  // deno-lint-ignore no-explicit-any
  delete (bad.addresses as any).registryCoordinator;
  bad.addresses.erc20Mock = "0x12";
  assert.throws(() => parseDeployment(bad, "dev.json"), (err: Error) => {
    assert.match(err.message, /dev\.json: addresses\.registryCoordinator: /);
    assert.match(err.message, /dev\.json: addresses\.erc20Mock: expected a 20-byte hex address/);
    return true;
  });
});

Deno.test("loadDeployment: missing file and bad JSON are clear errors", () => {
  assert.throws(() => loadDeployment("/nonexistent/devnet.json"), /not found \(start a devnet/);
  const tmp = Deno.makeTempFileSync({ suffix: ".json" });
  try {
    Deno.writeTextFileSync(tmp, "{nope");
    assert.throws(() => loadDeployment(tmp), /is not valid JSON/);
    Deno.writeTextFileSync(tmp, JSON.stringify(valid));
    assert.equal(loadDeployment(tmp).chainId, 31337);
  } finally {
    Deno.removeSync(tmp);
  }
});

Deno.test("the committed devnet deployment file (when present) is valid", () => {
  const path = "contracts/deployments/devnet.json";
  try {
    Deno.statSync(path);
  } catch {
    return; // not generated yet in this checkout
  }
  const d = loadDeployment(path);
  assert.equal(d.chainId, 31337);
});
