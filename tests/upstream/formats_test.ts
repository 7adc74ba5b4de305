/**
 * Upstream parity without a chain: upstream's config files (documented keys, unchanged) load, and
 * upstream's deployment outputs are read into this project's address names.
 */
import { strict as assert } from "node:assert";
import {
  loadDeployment,
  parseDeploymentHints,
  readDeploymentHints,
} from "../../lib/chain/deployment.ts";
import {
  ecdsaKeyFromFlag,
  loadAggregatorConfig,
  loadChallengerConfig,
  loadOperatorConfig,
} from "../../lib/config/mod.ts";
import { operatorDeploymentHints } from "../../lib/avs/operator_contracts.ts";
import { DEFAULT_DEPLOYMENT_PATH } from "../../lib/config/fields.ts";

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

Deno.test("upstream operator.anvil.yaml loads unchanged", () => {
  const c = loadOperatorConfig(fixture("operator.anvil.yaml"), { env: {} });
  assert.equal(c.avs_registry_coordinator_address, "0xa82fF9aFd8f496c3d6ac40E2a0F282E47488CFc9");
  assert.equal(c.operator_state_retriever_address, "0x95401dc811bb5740090279Ba06cfA8fcF6113778");
  assert.equal(c.token_strategy_addr, "0x09635F643e140090A9A8Dcd712eD6285858ceBef");
  assert.equal(c.times_failing, 10);
  assert.equal(c.register_operator_on_startup, true);
});

Deno.test("upstream aggregator.yaml and challenger.yaml load unchanged", () => {
  const a = loadAggregatorConfig(fixture("aggregator.yaml"), { env: {} });
  assert.equal(a.aggregator_server_ip_port_address, "localhost:8090");
  assert.equal(a.environment, "production");
  const c = loadChallengerConfig(fixture("challenger.yaml"), { env: {} });
  assert.equal(c.eth_ws_url, "ws://localhost:8545");
});

Deno.test("upstream AVS deployment output maps to this project's names", () => {
  const h = readDeploymentHints(fixture("credible_squaring_avs_deployment_output.json"));
  assert.equal(h.format, "upstream-avs");
  assert.equal(h.chainId, undefined);
  assert.equal(h.addresses.registryCoordinator, "0xa82fF9aFd8f496c3d6ac40E2a0F282E47488CFc9");
  assert.equal(
    h.addresses.incredibleSquaringTaskManager,
    "0x9E545E3C0baAB3E08CdfD552C960A1050f373042",
  );
  assert.equal(
    h.addresses.incredibleSquaringServiceManager,
    "0x84eA74d481Ee0A5332c457a4d796187F6Ba67fEB",
  );
  assert.equal(h.addresses.operatorStateRetriever, "0x95401dc811bb5740090279Ba06cfA8fcF6113778");
  // Implementations are not what nodes talk to.
  assert.ok(!Object.values(h.addresses).includes("0x0000000000000000000000000000000000000001"));
});

Deno.test("upstream EigenLayer deployment output maps core names and the strategy", () => {
  const h = readDeploymentHints(fixture("eigenlayer_deployment_output.json"));
  assert.equal(h.format, "upstream-eigenlayer");
  assert.equal(h.addresses.delegationManager, "0x0000000000000000000000000000000000000a03");
  assert.equal(h.addresses.avsDirectory, "0x0000000000000000000000000000000000000a01");
  assert.equal(h.addresses.erc20MockStrategy, "0x0000000000000000000000000000000000000a09");
  assert.equal(h.addresses.registryCoordinator, undefined);
});

Deno.test("the dev branch's IncredibleSquaringServiceManager key is matched case-insensitively", () => {
  const h = parseDeploymentHints({
    addresses: {
      registryCoordinator: "0x0000000000000000000000000000000000000001",
      IncredibleSquaringServiceManager: "0x0000000000000000000000000000000000000002",
    },
  });
  assert.equal(
    h.addresses.incredibleSquaringServiceManager,
    "0x0000000000000000000000000000000000000002",
  );
});

Deno.test("deployment outputs: bad and unknown shapes are named", () => {
  assert.throws(
    () => parseDeploymentHints({ addresses: { registryCoordinator: "0x12" } }, "out.json"),
    /out\.json: addresses\.registryCoordinator: expected a 20-byte hex address/,
  );
  assert.throws(() => parseDeploymentHints({ foo: 1 }, "x.json"), /x\.json: no "addresses"/);
  assert.throws(
    () => parseDeploymentHints({ addresses: { token: "0x" + "1".repeat(40) } }, "y.json"),
    /y\.json: not a deployment file/,
  );
  assert.throws(
    () =>
      parseDeploymentHints({
        addresses: { registryCoordinator: "0x0000000000000000000000000000000000000000" },
      }, "z.json"),
    /z\.json: addresses\.registryCoordinator: missing or zero/,
  );
});

Deno.test("loadDeployment on an upstream output explains instead of 'chainId expected number'", () => {
  assert.throws(
    () => loadDeployment(fixture("credible_squaring_avs_deployment_output.json")),
    (err: Error) => {
      assert.match(err.message, /upstream's AVS deployment output/);
      assert.doesNotMatch(err.message, /chainId/);
      return true;
    },
  );
});

Deno.test("upstream operator config (coordinator, no deployment_path) never reads the devnet file", () => {
  const rc = "0xa82fF9aFd8f496c3d6ac40E2a0F282E47488CFc9";
  assert.equal(operatorDeploymentHints(DEFAULT_DEPLOYMENT_PATH, rc), undefined);
  const h = operatorDeploymentHints(fixture("credible_squaring_avs_deployment_output.json"), rc);
  assert.equal(h?.format, "upstream-avs");
});

Deno.test("--ecdsa-private-key: 0x optional, bad values named without echoing them", () => {
  const k = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
  assert.equal(ecdsaKeyFromFlag(k), `0x${k}`);
  assert.equal(ecdsaKeyFromFlag(undefined), undefined);
  assert.throws(() => ecdsaKeyFromFlag("0xnotakey"), (err: Error) => {
    assert.match(err.message, /--ecdsa-private-key: expected a 32-byte hex private key/);
    assert.doesNotMatch(err.message, /notakey/);
    return true;
  });
});
