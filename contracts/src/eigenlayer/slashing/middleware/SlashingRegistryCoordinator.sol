// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {BN254} from "../../libraries/BN254.sol";
import {BitmapUtils} from "../../libraries/BitmapUtils.sol";
import {Ownable} from "../../libraries/Ownable.sol";
import {Pausable} from "../../libraries/Pausable.sol";
import {SignatureChecks} from "../../libraries/SignatureChecks.sol";
import {IBLSApkRegistry} from "../../interfaces/IBLSApkRegistry.sol";
import {IIndexRegistry} from "../../interfaces/IIndexRegistry.sol";
import {ISocketRegistry} from "../../interfaces/ISocketRegistry.sol";
import {ISignatureUtils} from "../../interfaces/ISignatureUtils.sol";
import {IStakeRegistry} from "../../interfaces/IStakeRegistry.sol";
import {IStrategy} from "../../interfaces/IStrategy.sol";
import {IAllocationManager, IAllocationManagerTypes} from "../interfaces/IAllocationManager.sol";
import {IAVSRegistrar} from "../interfaces/IAVSRegistrar.sol";
import {IPauserRegistry} from "../interfaces/IPauserRegistry.sol";
import {ISlashingRegistryCoordinator} from "./ISlashingRegistryCoordinator.sol";
import {ISlashingStakeRegistry} from "./ISlashingStakeRegistry.sol";

/// @title SlashingRegistryCoordinator: the AVS registrar of a BLS AVS in the slashing era.
/// @notice Operators join the AVS through `AllocationManager.registerForOperatorSets`, which
/// calls `registerOperator` here (operator set id = quorum number); this contract then drives
/// the BLS key, stake and index registries exactly like the M2 coordinator. Removing an
/// operator on the AVS's initiative (ejection, stake below minimum, churn) goes back through
/// `AllocationManager.deregisterFromOperatorSets`, whose callback does the local bookkeeping, so
/// the core and the registries never disagree. Quorums are created by the owner; each creates an
/// operator set (the coordinator must be the AVS's appointee for `createOperatorSets` V2 and
/// `deregisterFromOperatorSets`). No proxy: `initialize` is a one-shot call by the deployer; the
/// owner pauses (flags 0 register, 1 deregister, 2 update operators), the PauserRegistry
/// constructor argument is kept for the ABI.
contract SlashingRegistryCoordinator is ISlashingRegistryCoordinator, Pausable {
    using BitmapUtils for uint256;

    bytes32 public constant OPERATOR_CHURN_APPROVAL_TYPEHASH = keccak256(
        "OperatorChurnApproval(address registeringOperator,bytes32 registeringOperatorId,OperatorKickParam[] operatorKickParams,bytes32 salt,uint256 expiry)OperatorKickParam(uint8 quorumNumber,address operator)"
    );
    bytes32 public constant PUBKEY_REGISTRATION_TYPEHASH =
        keccak256("BN254PubkeyRegistration(address operator)");
    /// @notice Slasher recorded for total-delegated quorums: an address nobody controls, so such
    /// operator sets cannot be slashed (their stake is not allocated to them).
    address public constant DELEGATED_STAKE_SLASHER = 0x000000000000000000000000000000000000dEaD;

    uint8 internal constant MAX_QUORUM_COUNT = 192;
    uint16 internal constant BIPS_DENOMINATOR = 10000;
    uint8 internal constant PAUSED_REGISTER_OPERATOR = 0;
    uint8 internal constant PAUSED_DEREGISTER_OPERATOR = 1;
    uint8 internal constant PAUSED_UPDATE_OPERATOR = 2;

    bytes32 internal constant EIP712_DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );
    bytes32 internal constant EIP712_NAME_HASH = keccak256("AVSRegistryCoordinator");
    bytes32 internal constant EIP712_VERSION_HASH = keccak256("v0.0.1");

    ISlashingStakeRegistry public immutable stakeRegistry;
    IBLSApkRegistry public immutable blsApkRegistry;
    IIndexRegistry public immutable indexRegistry;
    ISocketRegistry public immutable socketRegistry;
    IAllocationManager public immutable allocationManager;
    IPauserRegistry public immutable pauserRegistry;
    address private immutable _deployer;

    string private _version;
    bool private _initialized;
    uint8 public quorumCount;
    address public avs;
    address public churnApprover;
    address public ejector;
    uint256 public ejectionCooldown;
    address[] public registries;

    mapping(uint8 quorumNumber => OperatorSetParam) internal _quorumParams;
    mapping(bytes32 operatorId => QuorumBitmapUpdate[]) internal _operatorBitmapHistory;
    mapping(address operator => OperatorInfo) internal _operatorInfo;
    mapping(bytes32 salt => bool) public isChurnApproverSaltUsed;
    mapping(uint8 quorumNumber => uint256) public quorumUpdateBlockNumber;
    mapping(address operator => uint256) public lastEjectionTimestamp;

    constructor(
        ISlashingStakeRegistry _stakeRegistry,
        IBLSApkRegistry _blsApkRegistry,
        IIndexRegistry _indexRegistry,
        ISocketRegistry _socketRegistry,
        IAllocationManager _allocationManager,
        IPauserRegistry _pauserRegistry,
        string memory _versionString
    ) {
        stakeRegistry = _stakeRegistry;
        blsApkRegistry = _blsApkRegistry;
        indexRegistry = _indexRegistry;
        socketRegistry = _socketRegistry;
        allocationManager = _allocationManager;
        pauserRegistry = _pauserRegistry;
        _version = _versionString;
        _deployer = msg.sender;
    }

    modifier onlyAllocationManager() {
        if (msg.sender != address(allocationManager)) revert OnlyAllocationManager();
        _;
    }

    modifier onlyEjector() {
        if (msg.sender != ejector) revert OnlyEjector();
        _;
    }

    modifier quorumExists(uint8 quorumNumber) {
        if (quorumNumber >= quorumCount) revert QuorumDoesNotExist();
        _;
    }

    /// @inheritdoc ISlashingRegistryCoordinator
    function initialize(
        address initialOwner,
        address _churnApprover,
        address _ejector,
        uint256 initialPausedStatus,
        address _avs
    ) external {
        if (msg.sender != _deployer) revert OnlyDeployer();
        if (_initialized) revert AlreadyInitialized();
        _initialized = true;
        _setPaused(initialPausedStatus);
        _transferOwnership(initialOwner);
        _setChurnApprover(_churnApprover);
        _setEjector(_ejector);
        _setAVS(_avs);
        registries.push(address(stakeRegistry));
        registries.push(address(blsApkRegistry));
        registries.push(address(indexRegistry));
    }

    // ------------------------------------------------------------------ quorum creation

    /// @inheritdoc ISlashingRegistryCoordinator
    function createTotalDelegatedStakeQuorum(
        OperatorSetParam memory operatorSetParams,
        uint96 minimumStake,
        IStakeRegistry.StrategyParams[] memory strategyParams
    ) external virtual onlyOwner {
        _createQuorum(
            operatorSetParams,
            minimumStake,
            strategyParams,
            ISlashingStakeRegistry.StakeType.TOTAL_DELEGATED,
            0,
            DELEGATED_STAKE_SLASHER,
            true
        );
    }

    /// @inheritdoc ISlashingRegistryCoordinator
    function createSlashableStakeQuorum(
        OperatorSetParam memory operatorSetParams,
        uint96 minimumStake,
        IStakeRegistry.StrategyParams[] memory strategyParams,
        uint32 lookAheadPeriod,
        address slasher
    ) external virtual onlyOwner {
        if (lookAheadPeriod > allocationManager.DEALLOCATION_DELAY()) {
            revert LookAheadPeriodTooLong();
        }
        _createQuorum(
            operatorSetParams,
            minimumStake,
            strategyParams,
            ISlashingStakeRegistry.StakeType.TOTAL_SLASHABLE,
            lookAheadPeriod,
            slasher,
            true
        );
    }

    // ------------------------------------------------------------------ AVS registrar

    /// @inheritdoc IAVSRegistrar
    /// @dev `data` = abi.encode(uint8 NORMAL, string socket, PubkeyRegistrationParams) or
    /// abi.encode(uint8 CHURN, string socket, PubkeyRegistrationParams, OperatorKickParam[],
    /// SignatureWithSaltAndExpiry churnApproverSignature).
    function registerOperator(
        address operator,
        address _avs,
        uint32[] calldata operatorSetIds,
        bytes calldata data
    ) external virtual onlyAllocationManager onlyWhenNotPaused(PAUSED_REGISTER_OPERATOR) {
        if (!supportsAVS(_avs)) revert InvalidAVS();
        bytes memory quorumNumbers = _quorumsFromOperatorSetIds(operatorSetIds);
        _checkOperatorSetQuorums(quorumNumbers);
        uint8 registrationType = abi.decode(data, (uint8));
        if (registrationType == uint8(RegistrationType.NORMAL)) {
            (, string memory socket, IBLSApkRegistry.PubkeyRegistrationParams memory params) =
                abi.decode(data, (uint8, string, IBLSApkRegistry.PubkeyRegistrationParams));
            bytes32 operatorId = _getOrCreateOperatorId(operator, params);
            uint32[] memory counts = _registerOperator(operator, operatorId, quorumNumbers, socket);
            _checkMaxOperatorCounts(quorumNumbers, counts);
        } else if (registrationType == uint8(RegistrationType.CHURN)) {
            (
                ,
                string memory socket,
                IBLSApkRegistry.PubkeyRegistrationParams memory params,
                OperatorKickParam[] memory kickParams,
                ISignatureUtils.SignatureWithSaltAndExpiry memory churnApproverSignature
            ) = abi.decode(
                data,
                (
                    uint8,
                    string,
                    IBLSApkRegistry.PubkeyRegistrationParams,
                    OperatorKickParam[],
                    ISignatureUtils.SignatureWithSaltAndExpiry
                )
            );
            _registerOperatorWithChurn(
                operator, quorumNumbers, socket, params, kickParams, churnApproverSignature
            );
        } else {
            revert InvalidRegistrationType();
        }
    }

    /// @inheritdoc IAVSRegistrar
    function deregisterOperator(address operator, address _avs, uint32[] calldata operatorSetIds)
        external
        virtual
        onlyAllocationManager
        onlyWhenNotPaused(PAUSED_DEREGISTER_OPERATOR)
    {
        if (!supportsAVS(_avs)) revert InvalidAVS();
        _deregisterOperator(operator, _quorumsFromOperatorSetIds(operatorSetIds));
    }

    /// @inheritdoc IAVSRegistrar
    function supportsAVS(address _avs) public view virtual returns (bool) {
        return _avs == avs;
    }

    // ------------------------------------------------------------------ operator upkeep

    /// @inheritdoc ISlashingRegistryCoordinator
    function updateOperators(address[] memory operators)
        external
        onlyWhenNotPaused(PAUSED_UPDATE_OPERATOR)
    {
        for (uint256 i = 0; i < operators.length; i++) {
            OperatorInfo memory info = _operatorInfo[operators[i]];
            if (info.status != OperatorStatus.REGISTERED) continue;
            _updateOperator(
                operators[i],
                info.operatorId,
                uint256(_currentOperatorBitmap(info.operatorId)).bitmapToBytesArray()
            );
        }
    }

    /// @inheritdoc ISlashingRegistryCoordinator
    function updateOperatorsForQuorum(
        address[][] memory operatorsPerQuorum,
        bytes calldata quorumNumbers
    ) external onlyWhenNotPaused(PAUSED_UPDATE_OPERATOR) {
        _checkQuorumsExist(quorumNumbers);
        BitmapUtils.orderedBytesArrayToBitmap(quorumNumbers);
        if (operatorsPerQuorum.length != quorumNumbers.length) revert InputLengthMismatch();
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            uint8 quorumNumber = uint8(quorumNumbers[i]);
            address[] memory operators = operatorsPerQuorum[i];
            if (operators.length != indexRegistry.totalOperatorsForQuorum(quorumNumber)) {
                revert QuorumOperatorCountMismatch();
            }
            address previous = address(0);
            for (uint256 j = 0; j < operators.length; j++) {
                bytes32 operatorId = _operatorInfo[operators[j]].operatorId;
                if (!uint256(_currentOperatorBitmap(operatorId)).numberIsInBitmap(quorumNumber)) {
                    revert NotRegisteredForQuorum();
                }
                if (operators[j] <= previous) revert NotSorted();
                previous = operators[j];
                _updateOperator(operators[j], operatorId, quorumNumbers[i:i + 1]);
            }
            quorumUpdateBlockNumber[quorumNumber] = block.number;
            emit QuorumBlockNumberUpdated(quorumNumber, block.number);
        }
    }

    /// @inheritdoc ISlashingRegistryCoordinator
    function updateSocket(string memory socket) external {
        OperatorInfo memory info = _operatorInfo[msg.sender];
        if (info.status != OperatorStatus.REGISTERED) revert NotRegistered();
        _setSocket(info.operatorId, socket);
    }

    /// @inheritdoc ISlashingRegistryCoordinator
    /// @dev Records the ejection time (starting the re-registration cooldown) and removes the
    /// operator from `quorumNumbers`; does nothing else unless it is registered in all of them.
    function ejectOperator(address operator, bytes memory quorumNumbers) external onlyEjector {
        OperatorInfo memory info = _operatorInfo[operator];
        if (info.status != OperatorStatus.REGISTERED) revert OperatorNotRegistered();
        lastEjectionTimestamp[operator] = block.timestamp;
        uint256 quorumsToRemove = BitmapUtils.orderedBytesArrayToBitmap(quorumNumbers, quorumCount);
        if (
            !quorumsToRemove.isEmpty()
                && quorumsToRemove.isSubsetOf(_currentOperatorBitmap(info.operatorId))
        ) {
            _kickOperator(operator, quorumNumbers);
        }
    }

    // ------------------------------------------------------------------ owner setters

    function setOperatorSetParams(uint8 quorumNumber, OperatorSetParam memory operatorSetParams)
        external
        onlyOwner
        quorumExists(quorumNumber)
    {
        _setOperatorSetParams(quorumNumber, operatorSetParams);
    }

    function setChurnApprover(address _churnApprover) external onlyOwner {
        _setChurnApprover(_churnApprover);
    }

    function setEjector(address _ejector) external onlyOwner {
        _setEjector(_ejector);
    }

    function setAVS(address _avs) external onlyOwner {
        _setAVS(_avs);
    }

    function setEjectionCooldown(uint256 _ejectionCooldown) external onlyOwner {
        emit EjectionCooldownUpdated(ejectionCooldown, _ejectionCooldown);
        ejectionCooldown = _ejectionCooldown;
    }

    // ------------------------------------------------------------------ views

    function owner() public view override(Ownable, ISlashingRegistryCoordinator) returns (address) {
        return Ownable.owner();
    }

    function version() external view returns (string memory) {
        return _version;
    }

    function numRegistries() external view returns (uint256) {
        return registries.length;
    }

    function getOperatorSetParams(uint8 quorumNumber)
        external
        view
        returns (OperatorSetParam memory)
    {
        return _quorumParams[quorumNumber];
    }

    function getOperator(address operator) external view returns (OperatorInfo memory) {
        return _operatorInfo[operator];
    }

    function getOperatorId(address operator) external view returns (bytes32) {
        return _operatorInfo[operator].operatorId;
    }

    function getOperatorFromId(bytes32 operatorId) external view returns (address) {
        return blsApkRegistry.getOperatorFromPubkeyHash(operatorId);
    }

    function getOperatorStatus(address operator) external view returns (OperatorStatus) {
        return _operatorInfo[operator].status;
    }

    function getCurrentQuorumBitmap(bytes32 operatorId) external view returns (uint192) {
        return _currentOperatorBitmap(operatorId);
    }

    function getQuorumBitmapHistoryLength(bytes32 operatorId) external view returns (uint256) {
        return _operatorBitmapHistory[operatorId].length;
    }

    function getQuorumBitmapUpdateByIndex(bytes32 operatorId, uint256 index)
        external
        view
        returns (QuorumBitmapUpdate memory)
    {
        return _operatorBitmapHistory[operatorId][index];
    }

    /// @inheritdoc ISlashingRegistryCoordinator
    function getQuorumBitmapIndicesAtBlockNumber(uint32 blockNumber, bytes32[] memory operatorIds)
        external
        view
        returns (uint32[] memory indices)
    {
        indices = new uint32[](operatorIds.length);
        for (uint256 i = 0; i < operatorIds.length; i++) {
            QuorumBitmapUpdate[] storage history = _operatorBitmapHistory[operatorIds[i]];
            uint256 j = history.length;
            while (j > 0 && history[j - 1].updateBlockNumber > blockNumber) j--;
            if (j == 0) revert NotRegistered();
            indices[i] = uint32(j - 1);
        }
    }

    /// @inheritdoc ISlashingRegistryCoordinator
    function getQuorumBitmapAtBlockNumberByIndex(
        bytes32 operatorId,
        uint32 blockNumber,
        uint256 index
    ) external view returns (uint192) {
        QuorumBitmapUpdate memory update = _operatorBitmapHistory[operatorId][index];
        require(
            update.updateBlockNumber <= blockNumber,
            "RegCoord.getQuorumBitmapAtBlockNumberByIndex: quorumBitmapUpdate is from after blockNumber"
        );
        require(
            update.nextUpdateBlockNumber == 0 || blockNumber < update.nextUpdateBlockNumber,
            "RegCoord.getQuorumBitmapAtBlockNumberByIndex: quorumBitmapUpdate is from before blockNumber"
        );
        return update.quorumBitmap;
    }

    /// @notice EIP-712 digest (domain "AVSRegistryCoordinator"/"v0.0.1") of BN254PubkeyRegistration.
    function calculatePubkeyRegistrationMessageHash(address operator)
        public
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(keccak256(abi.encode(PUBKEY_REGISTRATION_TYPEHASH, operator)));
    }

    /// @notice The G1 point an operator signs (sk·H) to prove possession of its BLS key.
    function pubkeyRegistrationMessageHash(address operator)
        public
        view
        returns (BN254.G1Point memory)
    {
        return BN254.hashToG1(calculatePubkeyRegistrationMessageHash(operator));
    }

    /// @notice What the churn approver signs to let `registeringOperator` kick the listed ones.
    function calculateOperatorChurnApprovalDigestHash(
        address registeringOperator,
        bytes32 registeringOperatorId,
        OperatorKickParam[] memory operatorKickParams,
        bytes32 salt,
        uint256 expiry
    ) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    OPERATOR_CHURN_APPROVAL_TYPEHASH,
                    registeringOperator,
                    registeringOperatorId,
                    operatorKickParams,
                    salt,
                    expiry
                )
            )
        );
    }

    /// @notice EIP-712 domain separator over this contract's own address and chain.
    function domainSeparator() public view returns (bytes32) {
        return keccak256(
            abi.encode(
                EIP712_DOMAIN_TYPEHASH,
                EIP712_NAME_HASH,
                EIP712_VERSION_HASH,
                block.chainid,
                address(this)
            )
        );
    }

    // ------------------------------------------------------------------ hooks for RegistryCoordinator

    /// @dev Called before a quorum is added (RegistryCoordinator switches to operator sets).
    function _beforeCreateQuorum(uint8 quorumNumber) internal virtual {}

    /// @dev Registration through AllocationManager: every quorum must be an operator-set quorum.
    function _checkOperatorSetQuorums(bytes memory quorumNumbers) internal view virtual {}

    /// @dev Called after an operator left `removed`, keeping `remaining`.
    function _afterDeregisterOperator(address operator, uint256 removed, uint256 remaining)
        internal
        virtual {}

    /// @dev Removes an operator on the AVS's initiative. Operator-set quorums go through
    /// AllocationManager, whose `deregisterOperator` callback updates the registries here.
    function _kickOperator(address operator, bytes memory quorumNumbers) internal virtual {
        _forceDeregisterFromOperatorSets(operator, quorumNumbers);
    }

    function _forceDeregisterFromOperatorSets(address operator, bytes memory quorumNumbers)
        internal
    {
        uint32[] memory ids = new uint32[](quorumNumbers.length);
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            ids[i] = uint8(quorumNumbers[i]);
        }
        allocationManager.deregisterFromOperatorSets(
            IAllocationManagerTypes.DeregisterParams({
                operator: operator, avs: avs, operatorSetIds: ids
            })
        );
    }

    // ------------------------------------------------------------------ internals

    function _createQuorum(
        OperatorSetParam memory operatorSetParams,
        uint96 minimumStake,
        IStakeRegistry.StrategyParams[] memory strategyParams,
        ISlashingStakeRegistry.StakeType stakeType,
        uint32 lookAheadPeriod,
        address slasher,
        bool withOperatorSet
    ) internal {
        uint8 quorumNumber = quorumCount;
        if (quorumNumber >= MAX_QUORUM_COUNT) revert MaxQuorumsReached();
        if (withOperatorSet) _beforeCreateQuorum(quorumNumber);
        quorumCount = quorumNumber + 1;
        _setOperatorSetParams(quorumNumber, operatorSetParams);
        if (withOperatorSet) {
            IStrategy[] memory strategies = new IStrategy[](strategyParams.length);
            for (uint256 i = 0; i < strategyParams.length; i++) {
                strategies[i] = strategyParams[i].strategy;
            }
            IAllocationManagerTypes.CreateSetParamsV2[] memory sets =
                new IAllocationManagerTypes.CreateSetParamsV2[](1);
            sets[0] = IAllocationManagerTypes.CreateSetParamsV2({
                operatorSetId: quorumNumber, strategies: strategies, slasher: slasher
            });
            allocationManager.createOperatorSets(avs, sets);
        }
        if (stakeType == ISlashingStakeRegistry.StakeType.TOTAL_SLASHABLE) {
            stakeRegistry.initializeSlashableStakeQuorum(
                quorumNumber, minimumStake, lookAheadPeriod, strategyParams
            );
        } else {
            stakeRegistry.initializeDelegatedStakeQuorum(quorumNumber, minimumStake, strategyParams);
        }
        indexRegistry.initializeQuorum(quorumNumber);
        blsApkRegistry.initializeQuorum(quorumNumber);
        emit QuorumCreated(
            quorumNumber,
            operatorSetParams,
            minimumStake,
            strategyParams,
            stakeType,
            lookAheadPeriod,
            slasher
        );
    }

    function _hashTypedDataV4(bytes32 structHash) internal view returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator(), structHash));
    }

    /// @dev Operator set ids → quorum bytes (same order; ascending order is checked later).
    function _quorumsFromOperatorSetIds(uint32[] calldata operatorSetIds)
        internal
        view
        returns (bytes memory quorumNumbers)
    {
        quorumNumbers = new bytes(operatorSetIds.length);
        for (uint256 i = 0; i < operatorSetIds.length; i++) {
            if (operatorSetIds[i] >= quorumCount) revert QuorumDoesNotExist();
            quorumNumbers[i] = bytes1(uint8(operatorSetIds[i]));
        }
    }

    function _checkQuorumsExist(bytes memory quorumNumbers) internal view {
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            if (uint8(quorumNumbers[i]) >= quorumCount) revert QuorumDoesNotExist();
        }
    }

    function _checkMaxOperatorCounts(bytes memory quorumNumbers, uint32[] memory counts)
        internal
        view
    {
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            if (counts[i] > _quorumParams[uint8(quorumNumbers[i])].maxOperatorCount) {
                revert MaxOperatorCountReached();
            }
        }
    }

    function _getOrCreateOperatorId(
        address operator,
        IBLSApkRegistry.PubkeyRegistrationParams memory params
    ) internal returns (bytes32 operatorId) {
        operatorId = blsApkRegistry.getOperatorId(operator);
        if (operatorId == bytes32(0)) {
            operatorId = blsApkRegistry.registerBLSPublicKey(
                operator, params, pubkeyRegistrationMessageHash(operator)
            );
        }
    }

    function _registerOperator(
        address operator,
        bytes32 operatorId,
        bytes memory quorumNumbers,
        string memory socket
    ) internal returns (uint32[] memory numOperatorsPerQuorum) {
        _checkQuorumsExist(quorumNumbers);
        uint256 quorumsToAdd = BitmapUtils.orderedBytesArrayToBitmap(quorumNumbers);
        uint256 currentBitmap = _currentOperatorBitmap(operatorId);
        if (quorumsToAdd.isEmpty()) revert BitmapEmpty();
        if (!quorumsToAdd.noBitsInCommon(currentBitmap)) revert AlreadyRegisteredForQuorums();
        if (lastEjectionTimestamp[operator] + ejectionCooldown >= block.timestamp) {
            revert CannotReregisterYet();
        }
        _updateOperatorBitmap(operatorId, uint192(currentBitmap.plus(quorumsToAdd)));

        if (_operatorInfo[operator].status != OperatorStatus.REGISTERED) {
            _operatorInfo[operator] =
                OperatorInfo({operatorId: operatorId, status: OperatorStatus.REGISTERED});
            emit OperatorRegistered(operator, operatorId);
        }
        _setSocket(operatorId, socket);

        blsApkRegistry.registerOperator(operator, quorumNumbers);
        stakeRegistry.registerOperator(operator, operatorId, quorumNumbers);
        numOperatorsPerQuorum = indexRegistry.registerOperator(operatorId, quorumNumbers);
    }

    /// @dev Churn: the approver's signature lets the operator join full quorums by kicking the
    /// named operator of each full quorum, if the newcomer's stake exceeds the kicked one's by
    /// `kickBIPsOfOperatorStake` and the kicked one holds less than `kickBIPsOfTotalStake` of
    /// the quorum.
    function _registerOperatorWithChurn(
        address operator,
        bytes memory quorumNumbers,
        string memory socket,
        IBLSApkRegistry.PubkeyRegistrationParams memory params,
        OperatorKickParam[] memory kickParams,
        ISignatureUtils.SignatureWithSaltAndExpiry memory churnApproverSignature
    ) internal {
        if (kickParams.length != quorumNumbers.length) revert InputLengthMismatch();
        bytes32 operatorId = _getOrCreateOperatorId(operator, params);
        _verifyChurnApproverSignature(operator, operatorId, kickParams, churnApproverSignature);
        uint32[] memory counts = _registerOperator(operator, operatorId, quorumNumbers, socket);
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            uint8 quorumNumber = uint8(quorumNumbers[i]);
            OperatorSetParam memory setParams = _quorumParams[quorumNumber];
            if (counts[i] <= setParams.maxOperatorCount) continue;
            _validateChurn(quorumNumber, operator, operatorId, kickParams[i], setParams);
            bytes memory single = new bytes(1);
            single[0] = quorumNumbers[i];
            _kickOperator(kickParams[i].operator, single);
        }
    }

    function _validateChurn(
        uint8 quorumNumber,
        address newOperator,
        bytes32 newOperatorId,
        OperatorKickParam memory kick,
        OperatorSetParam memory setParams
    ) internal view {
        if (kick.quorumNumber != quorumNumber) {
            revert KickQuorumMismatch();
        }
        if (kick.operator == newOperator) revert CannotKickSelf();
        bytes32 kickedId = _operatorInfo[kick.operator].operatorId;
        if (!uint256(_currentOperatorBitmap(kickedId)).numberIsInBitmap(quorumNumber)) {
            revert NotRegisteredForQuorum();
        }
        uint256 kickedStake = stakeRegistry.getCurrentStake(kickedId, quorumNumber);
        uint256 newStake = stakeRegistry.getCurrentStake(newOperatorId, quorumNumber);
        uint256 totalStake = stakeRegistry.getCurrentTotalStake(quorumNumber);
        if (newStake * BIPS_DENOMINATOR <= kickedStake * setParams.kickBIPsOfOperatorStake) {
            revert InsufficientStakeForChurn();
        }
        if (kickedStake * BIPS_DENOMINATOR >= totalStake * setParams.kickBIPsOfTotalStake) {
            revert CannotKickOperatorAboveThreshold();
        }
    }

    function _verifyChurnApproverSignature(
        address operator,
        bytes32 operatorId,
        OperatorKickParam[] memory kickParams,
        ISignatureUtils.SignatureWithSaltAndExpiry memory sig
    ) internal {
        if (isChurnApproverSaltUsed[sig.salt]) revert ChurnApproverSaltUsed();
        if (sig.expiry < block.timestamp) revert SignatureExpired();
        isChurnApproverSaltUsed[sig.salt] = true;
        SignatureChecks.checkSignature_EIP1271(
            churnApprover,
            calculateOperatorChurnApprovalDigestHash(
                operator, operatorId, kickParams, sig.salt, sig.expiry
            ),
            sig.signature
        );
    }

    function _deregisterOperator(address operator, bytes memory quorumNumbers) internal {
        OperatorInfo storage info = _operatorInfo[operator];
        bytes32 operatorId = info.operatorId;
        if (info.status != OperatorStatus.REGISTERED) revert NotRegistered();
        _checkQuorumsExist(quorumNumbers);
        uint256 quorumsToRemove = BitmapUtils.orderedBytesArrayToBitmap(quorumNumbers);
        uint256 currentBitmap = _currentOperatorBitmap(operatorId);
        if (quorumsToRemove.isEmpty()) revert BitmapEmpty();
        if (!quorumsToRemove.isSubsetOf(currentBitmap)) revert NotRegisteredForQuorum();
        uint256 newBitmap = currentBitmap.minus(quorumsToRemove);
        _updateOperatorBitmap(operatorId, uint192(newBitmap));

        if (newBitmap.isEmpty()) {
            info.status = OperatorStatus.DEREGISTERED;
            emit OperatorDeregistered(operator, operatorId);
        }

        blsApkRegistry.deregisterOperator(operator, quorumNumbers);
        stakeRegistry.deregisterOperator(operatorId, quorumNumbers);
        indexRegistry.deregisterOperator(operatorId, quorumNumbers);
        _afterDeregisterOperator(operator, quorumsToRemove, newBitmap);
    }

    /// @dev Refreshes stakes; removes the operator from quorums where it fell below the minimum.
    function _updateOperator(address operator, bytes32 operatorId, bytes memory quorumNumbers)
        internal
    {
        uint192 quorumsToRemove =
            stakeRegistry.updateOperatorStake(operator, operatorId, quorumNumbers);
        if (quorumsToRemove != 0) {
            _kickOperator(operator, uint256(quorumsToRemove).bitmapToBytesArray());
        }
    }

    /// @dev Same-block overwrite; otherwise close the last record and append.
    function _updateOperatorBitmap(bytes32 operatorId, uint192 newBitmap) internal {
        QuorumBitmapUpdate[] storage history = _operatorBitmapHistory[operatorId];
        uint256 len = history.length;
        if (len != 0 && history[len - 1].updateBlockNumber == uint32(block.number)) {
            history[len - 1].quorumBitmap = newBitmap;
            return;
        }
        if (len != 0) history[len - 1].nextUpdateBlockNumber = uint32(block.number);
        history.push(
            QuorumBitmapUpdate({
                updateBlockNumber: uint32(block.number),
                nextUpdateBlockNumber: 0,
                quorumBitmap: newBitmap
            })
        );
    }

    function _currentOperatorBitmap(bytes32 operatorId) internal view returns (uint192) {
        QuorumBitmapUpdate[] storage history = _operatorBitmapHistory[operatorId];
        return history.length == 0 ? 0 : history[history.length - 1].quorumBitmap;
    }

    function _setOperatorSetParams(uint8 quorumNumber, OperatorSetParam memory operatorSetParams)
        internal
    {
        _quorumParams[quorumNumber] = operatorSetParams;
        emit OperatorSetParamsUpdated(quorumNumber, operatorSetParams);
    }

    function _setSocket(bytes32 operatorId, string memory socket) internal {
        socketRegistry.setOperatorSocket(operatorId, socket);
        emit OperatorSocketUpdate(operatorId, socket);
    }

    function _setChurnApprover(address newChurnApprover) internal {
        emit ChurnApproverUpdated(churnApprover, newChurnApprover);
        churnApprover = newChurnApprover;
    }

    function _setEjector(address newEjector) internal {
        emit EjectorUpdated(ejector, newEjector);
        ejector = newEjector;
    }

    function _setAVS(address newAVS) internal {
        emit AVSUpdated(avs, newAVS);
        avs = newAVS;
    }
}
