# Developer shortcuts for the incredible-squaring AVS. Every target wraps a `deno task` (deno.json)
# so the Makefile never drifts from what CI runs. `make` (or `make help`) lists the targets.
# The targets mirror the upstream Go repo's Makefile names so its README flow still works.

.DEFAULT_GOAL := help
SHELL := /bin/bash

DENO ?= deno
COMPOSE ?= docker compose
OPERATOR_CONFIG ?= config/operator.anvil.yaml
AGGREGATOR_CONFIG ?= config/aggregator.yaml
CHALLENGER_CONFIG ?= config/challenger.yaml
STAKE_UPDATER_CONFIG ?= config/stake-updater.yaml
STAKE_UPDATE_INTERVAL ?= 60
# The devnet keystores are encrypted with the empty password (never do this on a real network).
export OPERATOR_ECDSA_KEY_PASSWORD ?=
export OPERATOR_BLS_KEY_PASSWORD ?=

.PHONY: help
help: ## list the targets with a short description
	@awk 'BEGIN {FS = ":.*## "} /^##@ / {printf "\n%s\n", substr($$0, 5)} /^[a-zA-Z0-9_-]+:.*## / {printf "  %-44s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

##@ contracts
.PHONY: build-contracts bindings tests-contract
build-contracts: ## compile the Solidity contracts (forge) and regenerate the ABI modules
	$(DENO) task build:contracts

bindings: ## regenerate lib/chain/abi/*.ts from the compiled contracts (the "go bindings" step)
	$(DENO) task build:contracts

tests-contract: ## run the Solidity test suite (forge test)
	cd contracts && tools/forge test

##@ local devnet (one terminal per process)
.PHONY: start-anvil-chain-with-el-and-avs-deployed start-aggregator start-operator start-challenger start-stake-updater start-all
start-anvil-chain-with-el-and-avs-deployed: ## anvil on :8545 with EigenLayer + the AVS deployed
	$(DENO) task chain

start-aggregator: ## aggregator + task generator (config/aggregator.yaml)
	$(DENO) task aggregator --config $(AGGREGATOR_CONFIG)

start-operator: ## operator 1; registers itself on startup (register_operator_on_startup)
	$(DENO) task operator --config $(OPERATOR_CONFIG)

start-challenger: ## challenger (config/challenger.yaml)
	$(DENO) task challenger --config $(CHALLENGER_CONFIG)

start-stake-updater: ## periodic StakeRegistry update (every STAKE_UPDATE_INTERVAL seconds)
	$(DENO) task cli update-stakes --stake-updater-config $(STAKE_UPDATER_CONFIG) --interval $(STAKE_UPDATE_INTERVAL)

start-all: ## chain, aggregator, operators and challenger in one process (deno task start)
	$(DENO) task start

##@ operator CLI (uses OPERATOR_CONFIG)
.PHONY: cli-setup-operator cli-register-operator-with-eigenlayer cli-deposit-into-mocktoken-strategy cli-register-operator-with-avs cli-deregister-operator-with-avs cli-print-operator-status
cli-setup-operator: cli-register-operator-with-eigenlayer cli-deposit-into-mocktoken-strategy cli-register-operator-with-avs ## register with EigenLayer, deposit, register with the AVS

cli-register-operator-with-eigenlayer: ## register the operator in EigenLayer's DelegationManager
	$(DENO) task cli --config $(OPERATOR_CONFIG) register-operator-with-eigenlayer

cli-deposit-into-mocktoken-strategy: ## mint mock tokens and deposit them into the mock strategy
	$(DENO) task cli --config $(OPERATOR_CONFIG) deposit-into-strategy

cli-register-operator-with-avs: ## register the operator's BLS key with the AVS (quorum 0)
	$(DENO) task cli --config $(OPERATOR_CONFIG) register-operator-with-avs

cli-deregister-operator-with-avs: ## deregister the operator from the AVS
	$(DENO) task cli --config $(OPERATOR_CONFIG) deregister-operator-with-avs

cli-print-operator-status: ## print the operator's registration, stake and keys (no secrets)
	$(DENO) task cli --config $(OPERATOR_CONFIG) print-operator-status

##@ tests
.PHONY: tests-unit tests-integration tests-ops tests
tests-unit: ## fast tests (everything except the devnet-backed integration tests)
	$(DENO) test -A --ignore=tests/e2e,tests/ops/scrape_test.ts,tests/ops/image_context_test.ts

tests-integration: ## devnet-backed end-to-end tests (anvil + real processes + real Prometheus)
	$(DENO) test -A tests/e2e tests/ops/scrape_test.ts tests/ops/image_context_test.ts

tests-ops: ## compose validation, promtool checks, dashboard metric names, Prometheus scrape test
	$(DENO) test -A tests/ops

tests: ## the whole suite, as CI runs it (deno task test)
	$(DENO) task test

##@ docker
.PHONY: docker-build docker-compose-up docker-compose-down docker-compose-config
docker-build: ## build the node image (incredible-squaring-avs:dev)
	$(COMPOSE) build

docker-compose-up: ## build and start the whole stack; Grafana on http://localhost:3000 (admin/admin)
	$(COMPOSE) up -d --build

docker-compose-down: ## stop the stack and delete its volumes (fresh chain next time)
	$(COMPOSE) down -v

docker-compose-config: ## validate docker-compose.yml without a Docker engine
	$(COMPOSE) config -q
