/**
 * Writes `contracts/abi-signatures.txt`: every function, event and struct of our EigenLayer
 * contracts that shared/reference/eigenlayer-contracts.md (§7, §8, §9) requires to be
 * ABI-identical to the real contracts, with its selector / topic0.
 *
 * Before writing, it checks each entry twice: against the selector/topic0 the reference prints
 * (full or shortened `0xabcd…1234`), and against forge's compiled ABI in `contracts/out/`
 * (run `tools/forge build` first). Any mismatch aborts with a list of problems.
 *
 * Run from the repo root: `deno run -A contracts/tools/abi_signatures.ts [--check]`
 * (`--check` verifies that the committed file is up to date instead of writing it).
 */
import { keccak_256 } from "@noble/hashes/sha3.js";

const G1 = "(uint256,uint256)";
const G2 = "(uint256[2],uint256[2])";
const SIG_SALT_EXPIRY = "(bytes,bytes32,uint256)";
const PUBKEY_PARAMS = `(${G1},${G1},${G2})`;
const OPERATOR_DETAILS = "(address,address,uint32)";
const OPERATOR_SET_PARAM = "(uint32,uint16,uint16)";
const STRATEGY_PARAMS = "(address,uint96)";
const NON_SIGNER = `(uint32[],${G1}[],${G1}[],${G2},${G1},uint32[],uint32[],uint32[][])`;
const TASK = "(uint256,uint32,bytes,uint32)";
const TASK_RESPONSE = "(uint32,uint256)";
const TASK_RESPONSE_METADATA = "(uint32,bytes32)";

type Kind = "function" | "event" | "struct";
type Entry = { contract: string; kind: Kind; sig: string; expected?: string };

const f = (contract: string, sig: string, expected?: string): Entry => ({
  contract,
  kind: "function",
  sig,
  expected,
});
const e = (contract: string, sig: string, expected?: string): Entry => ({
  contract,
  kind: "event",
  sig,
  expected,
});
const s = (contract: string, name: string, tuple: string): Entry => ({
  contract,
  kind: "struct",
  sig: `${name} ${tuple}`,
});

const DM = "DelegationManager";
const SM = "StrategyManager";
const SB = "StrategyBase";
const AD = "AVSDirectory";
const RC = "RegistryCoordinator";
const BA = "BLSApkRegistry";
const SR = "StakeRegistry";
const IR = "IndexRegistry";
const SO = "SocketRegistry";
const OSR = "OperatorStateRetriever";
const BSC = "BLSSignatureChecker";
const ISSM = "IncredibleSquaringServiceManager";
const ISTM = "IncredibleSquaringTaskManager";

/** Core-style Pausable surface (§2), on every contract that has pause flags. */
const pausable = (contract: string): Entry[] => [
  f(contract, "paused()"),
  f(contract, "paused(uint8)"),
  f(contract, "pause(uint256)"),
  f(contract, "pauseAll()"),
  f(contract, "unpause(uint256)"),
  e(contract, "Paused(address,uint256)", "0xab40a374…ef3d"),
  e(contract, "Unpaused(address,uint256)", "0x3582d182…389c"),
];

/** The list, in reference order (§9 rows; selectors/topics from §7.3, §8, upstream-avs §4). */
const ENTRIES: Entry[] = [
  // 1 DelegationManager
  f(DM, `registerAsOperator(${OPERATOR_DETAILS},string)`, "0x0f589e59"),
  f(DM, "isOperator(address)", "0x6d70f7ae"),
  f(DM, "delegatedTo(address)"),
  f(DM, "operatorDetails(address)"),
  f(DM, "operatorShares(address,address)", "0x778e55f3"),
  f(DM, "getOperatorShares(address,address[])", "0x90041347"),
  f(DM, "minWithdrawalDelayBlocks()"),
  f(DM, "strategyManager()"),
  f(DM, "slasher()"),
  f(DM, "eigenPodManager()"),
  f(DM, "beaconChainETHStrategy()"),
  f(DM, "domainSeparator()"),
  f(DM, "isDelegated(address)"),
  f(DM, "delegationApprover(address)"),
  f(DM, "stakerOptOutWindowBlocks(address)"),
  f(DM, `modifyOperatorDetails(${OPERATOR_DETAILS})`),
  f(DM, "updateOperatorMetadataURI(string)"),
  e(
    DM,
    `OperatorRegistered(address,${OPERATOR_DETAILS})`,
    "0x8e8485583a2310d41f7c82b9427d0bd49bad74bb9cff9d3402a29d8f9b28a0e2",
  ),
  e(DM, `OperatorDetailsModified(address,${OPERATOR_DETAILS})`, "0xfebe5cd2…a7ac"),
  e(DM, "OperatorMetadataURIUpdated(address,string)", "0x02a919ed…8090"),
  e(DM, "OperatorSharesIncreased(address,address,address,uint256)", "0x1ec042c9…166c"),
  e(DM, "OperatorSharesDecreased(address,address,address,uint256)", "0x69096000…d2dd"),
  e(DM, "StakerDelegated(address,address)", "0xc3ee9f2e…3304"),
  s(DM, "OperatorDetails", OPERATOR_DETAILS),
  // 2 StrategyManager
  f(SM, "depositIntoStrategy(address,address,uint256)", "0xe7a050aa"),
  f(SM, "stakerStrategyShares(address,address)"),
  f(SM, "getDeposits(address)"),
  f(SM, "stakerStrategyListLength(address)"),
  f(SM, "strategyIsWhitelistedForDeposit(address)"),
  f(SM, "addStrategiesToDepositWhitelist(address[],bool[])", "0xdf5b3547"),
  f(SM, "removeStrategiesFromDepositWhitelist(address[])"),
  f(SM, "strategyWhitelister()"),
  f(SM, "delegation()"),
  e(
    SM,
    "Deposit(address,address,address,uint256)",
    "0x7cfff908a4b583f36430b25d75964c458d8ede8a99bd61be750e97ee1b2f3a96",
  ),
  e(SM, "StrategyAddedToDepositWhitelist(address)", "0x0c35b17d…04fe"),
  // 3 StrategyBase + ERC20Mock
  f(SB, "underlyingToken()", "0x2495a599"),
  f(SB, "totalShares()"),
  f(SB, "sharesToUnderlyingView(uint256)"),
  f(SB, "underlyingToSharesView(uint256)"),
  f(SB, "shares(address)"),
  f(SB, "userUnderlyingView(address)"),
  f(SB, "explanation()"),
  e(SB, "ExchangeRateEmitted(uint256)", "0xd2494f34…1be8"),
  e(SB, "StrategyTokenSet(address,uint8)", "0x1c540707…7507"),
  f("ERC20Mock", "mint(address,uint256)"),
  f("ERC20Mock", "approve(address,uint256)"),
  f("ERC20Mock", "balanceOf(address)"),
  f("ERC20Mock", "transfer(address,uint256)"),
  f("ERC20Mock", "transferFrom(address,address,uint256)"),
  f("ERC20Mock", "allowance(address,address)"),
  // 4 AVSDirectory
  f(AD, `registerOperatorToAVS(address,${SIG_SALT_EXPIRY})`, "0x9926ee7d"),
  f(AD, "deregisterOperatorFromAVS(address)", "0xa364f4da"),
  f(
    AD,
    "calculateOperatorAVSRegistrationDigestHash(address,address,bytes32,uint256)",
    "0xa1060c88",
  ),
  f(AD, "avsOperatorStatus(address,address)", "0x49075da3"),
  f(AD, "operatorSaltIsSpent(address,bytes32)"),
  f(AD, "domainSeparator()"),
  f(AD, "OPERATOR_AVS_REGISTRATION_TYPEHASH()"),
  f(AD, "DOMAIN_TYPEHASH()"),
  f(AD, "cancelSalt(bytes32)"),
  f(AD, "updateAVSMetadataURI(string)"),
  e(
    AD,
    "OperatorAVSRegistrationStatusUpdated(address,address,uint8)",
    "0xf0952b1c65271d819d39983d2abb044b9cace59bcc4d4dd389f586ebdcb15b41",
  ),
  e(AD, "AVSMetadataURIUpdated(address,string)", "0xa89c1dc2…3713"),
  s(AD, "SignatureWithSaltAndExpiry", SIG_SALT_EXPIRY),
  // 6 RegistryCoordinator
  f(
    RC,
    `initialize(address,address,address,address,uint256,${OPERATOR_SET_PARAM}[],uint96[],${STRATEGY_PARAMS}[][])`,
    "0xdd8283f3",
  ),
  f(RC, `registerOperator(bytes,string,${PUBKEY_PARAMS},${SIG_SALT_EXPIRY})`, "0xa50857bf"),
  f(RC, "deregisterOperator(bytes)", "0xca4f2d97"),
  f(RC, "updateOperators(address[])", "0x00cf2ab5"),
  f(RC, "updateOperatorsForQuorum(address[][],bytes)", "0x5140a548"),
  f(RC, "updateSocket(string)", "0x0cf4b767"),
  f(RC, "ejectOperator(address,bytes)"),
  f(RC, `createQuorum(${OPERATOR_SET_PARAM},uint96,${STRATEGY_PARAMS}[])`),
  f(RC, `setOperatorSetParams(uint8,${OPERATOR_SET_PARAM})`),
  f(RC, "setChurnApprover(address)"),
  f(RC, "setEjector(address)"),
  f(RC, "setEjectionCooldown(uint256)"),
  f(RC, "pubkeyRegistrationMessageHash(address)", "0x3c2a7f4c"),
  f(RC, "calculatePubkeyRegistrationMessageHash(address)"),
  f(
    RC,
    "calculateOperatorChurnApprovalDigestHash(address,bytes32,(uint8,address)[],bytes32,uint256)",
  ),
  f(RC, "getOperatorId(address)", "0x13542a4e"),
  f(RC, "getOperatorFromId(bytes32)", "0x296bb064"),
  f(RC, "getOperatorStatus(address)", "0xfd39105a"),
  f(RC, "getOperator(address)"),
  f(RC, "quorumCount()", "0x9aa1653d"),
  f(RC, "serviceManager()", "0x3998fdd3"),
  f(RC, "stakeRegistry()", "0x68304835"),
  f(RC, "blsApkRegistry()", "0x5df45946"),
  f(RC, "indexRegistry()", "0x9e9923c2"),
  f(RC, "socketRegistry()", "0xea32afae"),
  f(RC, "registries(uint256)"),
  f(RC, "numRegistries()"),
  f(RC, "owner()"),
  f(RC, "churnApprover()"),
  f(RC, "ejector()"),
  f(RC, "ejectionCooldown()"),
  f(RC, "lastEjectionTimestamp(address)"),
  f(RC, "isChurnApproverSaltUsed(bytes32)"),
  f(RC, "quorumUpdateBlockNumber(uint8)"),
  f(RC, "getOperatorSetParams(uint8)"),
  f(RC, "getCurrentQuorumBitmap(bytes32)", "0x871ef049"),
  f(RC, "getQuorumBitmapHistoryLength(bytes32)"),
  f(RC, "getQuorumBitmapUpdateByIndex(bytes32,uint256)"),
  f(RC, "getQuorumBitmapIndicesAtBlockNumber(uint32,bytes32[])", "0xc391425e"),
  f(RC, "getQuorumBitmapAtBlockNumberByIndex(bytes32,uint32,uint256)", "0x04ec6351"),
  e(
    RC,
    "OperatorRegistered(address,bytes32)",
    "0xe8e68cef1c3a761ed7be7e8463a375f27f7bc335e51824223cacce636ec5c3fe",
  ),
  e(
    RC,
    "OperatorDeregistered(address,bytes32)",
    "0x396fdcb180cb0fea26928113fb0fd1c3549863f9cd563e6a184f1d578116c8e4",
  ),
  e(
    RC,
    "OperatorSocketUpdate(bytes32,string)",
    "0xec2963ab21c1e50e1e582aa542af2e4bf7bf38e6e1403c27b42e1c5d6e621eaa",
  ),
  e(RC, `OperatorSetParamsUpdated(uint8,${OPERATOR_SET_PARAM})`, "0x3ee6fe8d…18ac"),
  e(RC, "QuorumBlockNumberUpdated(uint8,uint256)", "0x46077d55…7db4"),
  e(RC, "ChurnApproverUpdated(address,address)", "0x315457d8…528c"),
  e(RC, "EjectorUpdated(address,address)", "0x8f30ab09…4dc9"),
  e(RC, "OwnershipTransferred(address,address)", "0x8be0079c…57e0"),
  s(RC, "OperatorInfo", "(bytes32,uint8)"),
  s(RC, "QuorumBitmapUpdate", "(uint32,uint32,uint192)"),
  s(RC, "OperatorSetParam", OPERATOR_SET_PARAM),
  s(RC, "OperatorKickParam", "(uint8,address)"),
  // 7 BLSApkRegistry
  f(BA, `registerBLSPublicKey(address,${PUBKEY_PARAMS},${G1})`),
  f(BA, "registerOperator(address,bytes)"),
  f(BA, "deregisterOperator(address,bytes)"),
  f(BA, "registryCoordinator()"),
  f(BA, "getApk(uint8)", "0x5f61a884"),
  f(BA, "currentApk(uint8)"),
  f(BA, "apkHistory(uint8,uint256)"),
  f(BA, "getApkUpdateAtIndex(uint8,uint256)"),
  f(BA, "getApkHistoryLength(uint8)"),
  f(BA, "getApkIndicesAtBlockNumber(bytes,uint256)", "0xd5254a8c"),
  f(BA, "getApkHashAtBlockNumberAndIndex(uint8,uint32,uint256)", "0x68bccaac"),
  f(BA, "getRegisteredPubkey(address)", "0x7ff81a87"),
  f(BA, "pubkeyHashToOperator(bytes32)", "0xe8bb9ae6"),
  f(BA, "operatorToPubkeyHash(address)"),
  f(BA, "operatorToPubkey(address)"),
  f(BA, "getOperatorFromPubkeyHash(bytes32)", "0x47b314e8"),
  f(BA, "getOperatorId(address)"),
  e(
    BA,
    `NewPubkeyRegistration(address,${G1},${G2})`,
    "0xe3fb6613af2e8930cf85d47fcf6db10192224a64c6cbe8023e0eee1ba3828041",
  ),
  e(
    BA,
    "OperatorAddedToQuorums(address,bytes32,bytes)",
    "0x73a2b7fb844724b971802ae9b15db094d4b7192df9d7350e14eb466b9b22eb4e",
  ),
  e(
    BA,
    "OperatorRemovedFromQuorums(address,bytes32,bytes)",
    "0xf843ecd53a563675e62107be1494fdde4a3d49aeedaf8d88c616d85346e3500e",
  ),
  s(BA, "ApkUpdate", "(bytes24,uint32,uint32)"),
  s(BA, "PubkeyRegistrationParams", PUBKEY_PARAMS),
  s(BA, "G1Point", G1),
  s(BA, "G2Point", G2),
  // 8 StakeRegistry
  f(SR, "registerOperator(address,bytes32,bytes)"),
  f(SR, "deregisterOperator(bytes32,bytes)"),
  f(SR, "updateOperatorStake(address,bytes32,bytes)"),
  f(SR, "registryCoordinator()"),
  f(SR, "delegation()", "0xdf5cf723"),
  f(SR, "WEIGHTING_DIVISOR()"),
  f(SR, "MAX_WEIGHING_FUNCTION_LENGTH()"),
  f(SR, "minimumStakeForQuorum(uint8)", "0xc46778a5"),
  f(SR, "strategyParams(uint8,uint256)"),
  f(SR, "strategiesPerQuorum(uint8,uint256)"),
  f(SR, "strategyParamsLength(uint8)"),
  f(SR, "strategyParamsByIndex(uint8,uint256)"),
  f(SR, "weightOfOperatorForQuorum(uint8,address)", "0x1f9b74e0"),
  f(SR, "getStakeHistory(bytes32,uint8)"),
  f(SR, "getStakeHistoryLength(bytes32,uint8)"),
  f(SR, "getLatestStakeUpdate(bytes32,uint8)"),
  f(SR, "getCurrentStake(bytes32,uint8)", "0x5401ed27"),
  f(SR, "getStakeUpdateAtIndex(uint8,bytes32,uint256)"),
  f(SR, "getStakeAtBlockNumber(bytes32,uint8,uint32)", "0xfa28c627"),
  f(SR, "getStakeUpdateIndexAtBlockNumber(bytes32,uint8,uint32)", "0xdd9846b9"),
  f(SR, "getStakeAtBlockNumberAndIndex(uint8,uint32,bytes32,uint256)", "0xf2be94ae"),
  f(SR, "getTotalStakeHistoryLength(uint8)"),
  f(SR, "getCurrentTotalStake(uint8)", "0xd5eccc05"),
  f(SR, "getTotalStakeUpdateAtIndex(uint8,uint256)"),
  f(SR, "getTotalStakeAtBlockNumberFromIndex(uint8,uint32,uint256)", "0xc8294c56"),
  f(SR, "getTotalStakeIndicesAtBlockNumber(uint32,bytes)", "0x81c07502"),
  f(SR, "setMinimumStakeForQuorum(uint8,uint96)"),
  f(SR, `addStrategies(uint8,${STRATEGY_PARAMS}[])`),
  f(SR, "removeStrategies(uint8,uint256[])"),
  f(SR, "modifyStrategyParams(uint8,uint256[],uint96[])"),
  e(
    SR,
    "OperatorStakeUpdate(bytes32,uint8,uint96)",
    "0x2f527d527e95d8fe40aec55377743bb779087da3f6d0d08f12e36444da62327d",
  ),
  e(SR, "MinimumStakeForQuorumUpdated(uint8,uint96)", "0x26eecff2…b3cf"),
  e(SR, "StrategyAddedToQuorum(uint8,address)", "0x10565e56…5404"),
  e(SR, "StrategyRemovedFromQuorum(uint8,address)", "0x31fa2e2c…31f7"),
  e(SR, "StrategyMultiplierUpdated(uint8,address,uint256)", "0x11a56413…9a75"),
  s(SR, "StakeUpdate", "(uint32,uint32,uint96)"),
  s(SR, "StrategyParams", STRATEGY_PARAMS),
  // 9 IndexRegistry
  f(IR, "totalOperatorsForQuorum(uint8)", "0xf3410922"),
  f(IR, "getOperatorListAtBlockNumber(uint8,uint32)", "0x89026245"),
  f(IR, "currentOperatorIndex(uint8,bytes32)"),
  f(IR, "registryCoordinator()"),
  f(IR, "getLatestQuorumUpdate(uint8)"),
  f(IR, "getQuorumUpdateAtIndex(uint8,uint32)"),
  f(IR, "getLatestOperatorUpdate(uint8,uint32)"),
  f(IR, "getOperatorUpdateAtIndex(uint8,uint32,uint32)"),
  e(
    IR,
    "QuorumIndexUpdate(bytes32,uint8,uint32)",
    "0x6ee1e4f4075f3d067176140d34e87874244dd273294c05b2218133e49a2ba6f6",
  ),
  s(IR, "OperatorUpdate", "(uint32,bytes32)"),
  s(IR, "QuorumUpdate", "(uint32,uint32)"),
  // 10 SocketRegistry
  f(SO, "getOperatorSocket(bytes32)", "0x10bea0d7"),
  f(SO, "operatorIdToSocket(bytes32)"),
  f(SO, "registryCoordinator()"),
  // 11 ServiceManager: ServiceManagerBase's surface, checked on the deployed AVS contract
  f(ISSM, "avsDirectory()", "0x6b3aa72e"),
  f(ISSM, `registerOperatorToAVS(address,${SIG_SALT_EXPIRY})`),
  f(ISSM, "deregisterOperatorFromAVS(address)"),
  f(ISSM, "getRestakeableStrategies()"),
  f(ISSM, "getOperatorRestakedStrategies(address)"),
  f(ISSM, "updateAVSMetadataURI(string)"),
  f(ISSM, "incredibleSquaringTaskManager()", "0x77ef731d"),
  e(ISSM, "RewardsInitiatorUpdated(address,address)", "0xe11cddf1…17e3"),
  // 12 OperatorStateRetriever
  f(OSR, "getOperatorState(address,bytes,uint32)", "0x3563b0d1"),
  f(OSR, "getOperatorState(address,bytes32,uint32)", "0xcefdc1d4"),
  f(OSR, "getCheckSignaturesIndices(address,uint32,bytes,bytes32[])", "0x4f739f74"),
  f(OSR, "getQuorumBitmapsAtBlockNumber(address,bytes32[],uint32)"),
  f(OSR, "getBatchOperatorId(address,address[])"),
  f(OSR, "getBatchOperatorFromId(address,bytes32[])"),
  s(OSR, "Operator", "(address,bytes32,uint96)"),
  s(OSR, "CheckSignaturesIndices", "(uint32[],uint32[],uint32[],uint32[][])"),
  // 13 BLSSignatureChecker
  f(BSC, `checkSignatures(bytes32,bytes,uint32,${NON_SIGNER})`, "0x6efb4636"),
  f(BSC, `trySignatureAndApkVerification(bytes32,${G1},${G2},${G1})`, "0x171f1d5b"),
  f(BSC, "registryCoordinator()"),
  f(BSC, "stakeRegistry()"),
  f(BSC, "blsApkRegistry()"),
  f(BSC, "delegation()"),
  f(BSC, "staleStakesForbidden()"),
  f(BSC, "setStaleStakesForbidden(bool)"),
  e(BSC, "StaleStakesForbiddenUpdate(bool)", "0x40e4ed88…2dfc"),
  s(BSC, "NonSignerStakesAndSignature", NON_SIGNER),
  s(BSC, "QuorumStakeTotals", "(uint96[],uint96[])"),
  ...pausable(DM),
  ...pausable(SM),
  ...pausable(AD),
  ...pausable(RC),
  // Incredible-squaring TaskManager (helper avs-contracts' contract; upstream-avs.md §4)
  f(ISTM, "createNewTask(uint256,uint32,bytes)", "0x6b92787e"),
  f(ISTM, `respondToTask(${TASK},${TASK_RESPONSE},${NON_SIGNER})`, "0x5baec9a0"),
  f(
    ISTM,
    `raiseAndResolveChallenge(${TASK},${TASK_RESPONSE},${TASK_RESPONSE_METADATA},${G1}[])`,
    "0x6b532e9e",
  ),
  f(ISTM, `checkSignatures(bytes32,bytes,uint32,${NON_SIGNER})`, "0x6efb4636"),
  f(ISTM, "getOperatorState(address,bytes,uint32)", "0x3563b0d1"),
  f(ISTM, "getCheckSignaturesIndices(address,uint32,bytes,bytes32[])", "0x4f739f74"),
  e(
    ISTM,
    `NewTaskCreated(uint32,${TASK})`,
    "0x1695b8d06ec800b4615e745cfb5bd00c1f2875615d42925c3b5afa543bb24c48",
  ),
  e(
    ISTM,
    `TaskResponded(${TASK_RESPONSE},${TASK_RESPONSE_METADATA})`,
    "0x349c1ee60e4e8972ee9dba642c1774543d5c4136879b7f4caaf04bf81a487a2a",
  ),
  e(
    ISTM,
    "TaskCompleted(uint32)",
    "0x9a144f228a931b9d0d1696fbcdaf310b24b5d2d21e799db623fc986a0f547430",
  ),
  e(
    ISTM,
    "TaskChallengedSuccessfully(uint32,address)",
    "0xc20d1bb0f1623680306b83d4ff4bb99a2beb9d86d97832f3ca40fd13a29df1ec",
  ),
  e(
    ISTM,
    "TaskChallengedUnsuccessfully(uint32,address)",
    "0xfd3e26beeb5967fc5a57a0446914eabc45b4aa474c67a51b4b5160cac60ddb05",
  ),
  s(ISTM, "Task", TASK),
  s(ISTM, "TaskResponse", TASK_RESPONSE),
  s(ISTM, "TaskResponseMetadata", TASK_RESPONSE_METADATA),
];

type AbiParam = { type: string; components?: AbiParam[]; internalType?: string };
type AbiItem = { type: string; name?: string; inputs?: AbiParam[]; outputs?: AbiParam[] };

function canonicalType(p: AbiParam): string {
  if (p.type.startsWith("tuple")) {
    return `(${(p.components ?? []).map(canonicalType).join(",")})${p.type.slice(5)}`;
  }
  return p.type;
}

function hex(bytes: Uint8Array): string {
  return "0x" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** selector (4 bytes) for functions, topic0 (32 bytes) for events, "-" for structs. */
function hashOf(entry: Entry): string {
  if (entry.kind === "struct") return "-";
  const h = hex(keccak_256(new TextEncoder().encode(entry.sig)));
  return entry.kind === "function" ? h.slice(0, 10) : h;
}

function matchesExpected(actual: string, expected: string): boolean {
  const [head, tail] = expected.split("…");
  if (tail === undefined) return actual === expected;
  return actual.startsWith(head) && actual.endsWith(tail);
}

/** Every canonical signature (functions, events) and struct tuple in a compiled ABI. */
function abiSignatures(abi: AbiItem[]): Set<string> {
  const out = new Set<string>();
  const addStructs = (params: AbiParam[] | undefined) => {
    for (const p of params ?? []) {
      if (p.type.startsWith("tuple")) {
        const name = (p.internalType ?? "").replace(/^struct /, "").replace(/\[.*$/, "");
        out.add(`struct ${name.split(".").pop()} ${canonicalType({ ...p, type: "tuple" })}`);
        addStructs(p.components);
      }
    }
  };
  for (const item of abi) {
    if (item.type === "function" || item.type === "event") {
      out.add(`${item.type} ${item.name}(${(item.inputs ?? []).map(canonicalType).join(",")})`);
    }
    addStructs(item.inputs);
    addStructs(item.outputs);
  }
  return out;
}

const root = new URL("../", import.meta.url);

async function loadAbi(contract: string): Promise<AbiItem[]> {
  // Artifacts live at out/<File>.sol/<Contract>.json; our file names equal contract names.
  const path = new URL(`out/${contract}.sol/${contract}.json`, root);
  try {
    return JSON.parse(await Deno.readTextFile(path)).abi as AbiItem[];
  } catch (err) {
    throw new Error(`cannot read ${path.pathname} (run tools/forge build first): ${err}`);
  }
}

const problems: string[] = [];
const abis = new Map<string, Set<string>>();
for (const entry of ENTRIES) {
  if (!abis.has(entry.contract)) {
    abis.set(entry.contract, abiSignatures(await loadAbi(entry.contract)));
  }
  const h = hashOf(entry);
  if (entry.expected && !matchesExpected(h, entry.expected)) {
    problems.push(
      `${entry.contract} ${entry.sig}: computed ${h}, reference says ${entry.expected}`,
    );
  }
  if (!abis.get(entry.contract)!.has(`${entry.kind} ${entry.sig}`)) {
    problems.push(`${entry.contract} ${entry.kind} ${entry.sig}: missing from the compiled ABI`);
  }
}
if (problems.length) {
  console.error(problems.join("\n"));
  Deno.exit(1);
}

const header = [
  "# ABI-exact surface of our EigenLayer devnet contracts (shared/reference/eigenlayer-contracts.md",
  "# §7-§9, upstream-avs.md §4). Generated by contracts/tools/abi_signatures.ts, which checks each",
  "# line against the reference's selector/topic0 and against forge's compiled ABI.",
  "# Format: <Contract> <function|event> <signature> <selector | topic0>; struct layouts are",
  "# listed as comments (`# <Contract> struct <Name> <tuple>`) since they have no hash of their own.",
  "# Not implemented on the devnet (reference: MAY omit): registerOperatorWithChurn (0x9b5d177b).",
];
const body = ENTRIES.map((entry) =>
  entry.kind === "struct"
    ? `# ${entry.contract} struct ${entry.sig}`
    : `${entry.contract} ${entry.kind} ${entry.sig} ${hashOf(entry)}`
);
const text = [...header, ...body].join("\n") + "\n";
const target = new URL("abi-signatures.txt", root);
if (Deno.args.includes("--check")) {
  const current = await Deno.readTextFile(target).catch(() => "");
  if (current !== text) {
    console.error("contracts/abi-signatures.txt is stale: rerun contracts/tools/abi_signatures.ts");
    Deno.exit(1);
  }
  console.log(`abi-signatures.txt up to date (${ENTRIES.length} entries)`);
} else {
  await Deno.writeTextFile(target, text);
  console.log(`wrote ${target.pathname} (${ENTRIES.length} entries)`);
}
