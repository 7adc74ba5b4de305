// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IRegistryCoordinator} from "../interfaces/IRegistryCoordinator.sol";
import {IBLSApkRegistry} from "../interfaces/IBLSApkRegistry.sol";
import {IStakeRegistry} from "../interfaces/IStakeRegistry.sol";
import {IIndexRegistry} from "../interfaces/IIndexRegistry.sol";
import {ISocketRegistry} from "../interfaces/ISocketRegistry.sol";
import {IServiceManager} from "../interfaces/IServiceManager.sol";
import {ISignatureUtils} from "../interfaces/ISignatureUtils.sol";
import {BN254} from "../libraries/BN254.sol";
import {BitmapUtils} from "../libraries/BitmapUtils.sol";
import {Ownable} from "../libraries/Ownable.sol";
import {Pausable} from "../libraries/Pausable.sol";

/// @title RegistryCoordinator: operators join/leave quorums here; it drives the registries and
/// tells the ServiceManager (→ AVSDirectory) when an operator enters its first / leaves its last
/// quorum. No proxy: `initialize` is a one-shot call reserved to the deployer. Churn
/// (`registerOperatorWithChurn`) is not implemented in this devnet build; the owner pauses
/// (flags 0 register, 1 deregister, 2 update operators).
contract RegistryCoordinator is IRegistryCoordinator, Pausable {
    using BitmapUtils for uint256;

    bytes32 public constant OPERATOR_CHURN_APPROVAL_TYPEHASH = keccak256(
        "OperatorChurnApproval(address registeringOperator,bytes32 registeringOperatorId,OperatorKickParam[] operatorKickParams,bytes32 salt,uint256 expiry)OperatorKickParam(uint8 quorumNumber,address operator)"
    );
    bytes32 public constant PUBKEY_REGISTRATION_TYPEHASH =
        keccak256("BN254PubkeyRegistration(address operator)");
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

    IServiceManager public immutable serviceManager;
    IBLSApkRegistry public immutable blsApkRegistry;
    IStakeRegistry public immutable stakeRegistry;
    IIndexRegistry public immutable indexRegistry;
    ISocketRegistry public immutable socketRegistry;
    address private immutable _deployer;

    bool private _initialized;
    uint8 public quorumCount;
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
        IServiceManager _serviceManager,
        IStakeRegistry _stakeRegistry,
        IBLSApkRegistry _blsApkRegistry,
        IIndexRegistry _indexRegistry,
        ISocketRegistry _socketRegistry
    ) {
        serviceManager = _serviceManager;
        stakeRegistry = _stakeRegistry;
        blsApkRegistry = _blsApkRegistry;
        indexRegistry = _indexRegistry;
        socketRegistry = _socketRegistry;
        _deployer = msg.sender;
    }

    modifier onlyEjector() {
        require(
            msg.sender == ejector || msg.sender == owner(),
            "RegCoord.onlyEjector: caller is not the ejector"
        );
        _;
    }

    modifier quorumAllowed(uint8 quorumNumber) {
        require(quorumNumber < quorumCount, "RegCoord.quorumExists: quorum does not exist");
        _;
    }

    /// @inheritdoc IRegistryCoordinator
    /// @dev `_pauserRegistry` is accepted for ABI compatibility and ignored (the owner pauses).
    function initialize(
        address _initialOwner,
        address _churnApprover,
        address _ejector,
        address _pauserRegistry,
        uint256 _initialPausedStatus,
        OperatorSetParam[] memory _operatorSetParams,
        uint96[] memory _minimumStakes,
        IStakeRegistry.StrategyParams[][] memory _strategyParams
    ) external {
        require(msg.sender == _deployer, "RegCoord.initialize: caller is not the deployer");
        require(!_initialized, "Initializable: contract is already initialized");
        _initialized = true;
        _pauserRegistry;
        _setPaused(_initialPausedStatus);
        require(
            _operatorSetParams.length == _minimumStakes.length
                && _minimumStakes.length == _strategyParams.length,
            "RegCoord.initialize: input length mismatch"
        );
        _transferOwnership(_initialOwner);
        _setChurnApprover(_churnApprover);
        _setEjector(_ejector);
        registries.push(address(stakeRegistry));
        registries.push(address(blsApkRegistry));
        registries.push(address(indexRegistry));
        for (uint256 i = 0; i < _operatorSetParams.length; i++) {
            _createQuorum(_operatorSetParams[i], _minimumStakes[i], _strategyParams[i]);
        }
    }

    // ------------------------------------------------------------------ operator entry points

    /// @inheritdoc IRegistryCoordinator
    function registerOperator(
        bytes calldata quorumNumbers,
        string calldata socket,
        IBLSApkRegistry.PubkeyRegistrationParams calldata params,
        ISignatureUtils.SignatureWithSaltAndExpiry memory operatorSignature
    ) external onlyWhenNotPaused(PAUSED_REGISTER_OPERATOR) {
        bytes32 operatorId = _getOrCreateOperatorId(msg.sender, params);
        uint32[] memory numOperatorsPerQuorum =
            _registerOperator(msg.sender, operatorId, quorumNumbers, socket, operatorSignature);
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            require(
                numOperatorsPerQuorum[i] <= _quorumParams[uint8(quorumNumbers[i])].maxOperatorCount,
                "RegCoord.registerOperator: operator count exceeds maximum"
            );
        }
    }

    /// @inheritdoc IRegistryCoordinator
    function deregisterOperator(bytes calldata quorumNumbers)
        external
        onlyWhenNotPaused(PAUSED_DEREGISTER_OPERATOR)
    {
        _deregisterOperator(msg.sender, quorumNumbers);
    }

    /// @inheritdoc IRegistryCoordinator
    /// @dev Silently does nothing unless the operator is registered in all of `quorumNumbers`.
    function ejectOperator(address operator, bytes calldata quorumNumbers) external onlyEjector {
        lastEjectionTimestamp[operator] = block.timestamp;
        OperatorInfo memory info = _operatorInfo[operator];
        uint256 quorumsToRemove = BitmapUtils.orderedBytesArrayToBitmap(quorumNumbers, quorumCount);
        if (
            info.status == OperatorStatus.REGISTERED && !quorumsToRemove.isEmpty()
                && quorumsToRemove.isSubsetOf(_currentOperatorBitmap(info.operatorId))
        ) {
            _deregisterOperator(operator, quorumNumbers);
        }
    }

    /// @inheritdoc IRegistryCoordinator
    function updateOperators(address[] calldata operators)
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

    /// @inheritdoc IRegistryCoordinator
    function updateOperatorsForQuorum(
        address[][] calldata operatorsPerQuorum,
        bytes calldata quorumNumbers
    ) external onlyWhenNotPaused(PAUSED_UPDATE_OPERATOR) {
        BitmapUtils.orderedBytesArrayToBitmap(quorumNumbers, quorumCount);
        require(
            operatorsPerQuorum.length == quorumNumbers.length,
            "RegCoord.updateOperatorsForQuorum: input length mismatch"
        );
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            uint8 quorumNumber = uint8(quorumNumbers[i]);
            address[] calldata operators = operatorsPerQuorum[i];
            require(
                operators.length == indexRegistry.totalOperatorsForQuorum(quorumNumber),
                "RegCoord.updateOperatorsForQuorum: number of updated operators does not match quorum total"
            );
            address previous = address(0);
            for (uint256 j = 0; j < operators.length; j++) {
                bytes32 operatorId = _operatorInfo[operators[j]].operatorId;
                require(
                    uint256(_currentOperatorBitmap(operatorId)).numberIsInBitmap(quorumNumber),
                    "RegCoord.updateOperatorsForQuorum: operator not in quorum"
                );
                require(
                    operators[j] > previous,
                    "RegCoord.updateOperatorsForQuorum: operators array must be sorted in ascending address order"
                );
                previous = operators[j];
                _updateOperator(operators[j], operatorId, quorumNumbers[i:i + 1]);
            }
            quorumUpdateBlockNumber[quorumNumber] = block.number;
            emit QuorumBlockNumberUpdated(quorumNumber, block.number);
        }
    }

    /// @inheritdoc IRegistryCoordinator
    function updateSocket(string memory socket) external {
        OperatorInfo memory info = _operatorInfo[msg.sender];
        require(
            info.status == OperatorStatus.REGISTERED,
            "RegCoord.updateSocket: operator is not registered"
        );
        _setSocket(info.operatorId, socket);
    }

    // ------------------------------------------------------------------ owner functions

    function createQuorum(
        OperatorSetParam memory operatorSetParams,
        uint96 minimumStake,
        IStakeRegistry.StrategyParams[] memory strategyParams
    ) external onlyOwner {
        _createQuorum(operatorSetParams, minimumStake, strategyParams);
    }

    function setOperatorSetParams(uint8 quorumNumber, OperatorSetParam memory operatorSetParams)
        external
        onlyOwner
        quorumAllowed(quorumNumber)
    {
        _setOperatorSetParams(quorumNumber, operatorSetParams);
    }

    function setChurnApprover(address _churnApprover) external onlyOwner {
        _setChurnApprover(_churnApprover);
    }

    function setEjector(address _ejector) external onlyOwner {
        _setEjector(_ejector);
    }

    function setEjectionCooldown(uint256 _ejectionCooldown) external onlyOwner {
        emit EjectionCooldownUpdated(ejectionCooldown, _ejectionCooldown);
        ejectionCooldown = _ejectionCooldown;
    }

    // ------------------------------------------------------------------ views

    function owner() public view override(Ownable, IRegistryCoordinator) returns (address) {
        return Ownable.owner();
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

    /// @inheritdoc IRegistryCoordinator
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
            require(
                j > 0,
                "RegCoord.getQuorumBitmapIndexAtBlockNumber: no bitmap update found for operator at blockNumber"
            );
            indices[i] = uint32(j - 1);
        }
    }

    /// @inheritdoc IRegistryCoordinator
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
        external
        view
        returns (BN254.G1Point memory)
    {
        return BN254.hashToG1(calculatePubkeyRegistrationMessageHash(operator));
    }

    function calculateOperatorChurnApprovalDigestHash(
        address registeringOperator,
        bytes32 registeringOperatorId,
        OperatorKickParam[] memory operatorKickParams,
        bytes32 salt,
        uint256 expiry
    ) external view returns (bytes32) {
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

    // ------------------------------------------------------------------ internals

    function _hashTypedDataV4(bytes32 structHash) internal view returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator(), structHash));
    }

    function _getOrCreateOperatorId(
        address operator,
        IBLSApkRegistry.PubkeyRegistrationParams calldata params
    ) internal returns (bytes32 operatorId) {
        operatorId = blsApkRegistry.getOperatorId(operator);
        if (operatorId == bytes32(0)) {
            operatorId = blsApkRegistry.registerBLSPublicKey(
                operator, params, BN254.hashToG1(calculatePubkeyRegistrationMessageHash(operator))
            );
        }
    }

    function _registerOperator(
        address operator,
        bytes32 operatorId,
        bytes calldata quorumNumbers,
        string memory socket,
        ISignatureUtils.SignatureWithSaltAndExpiry memory operatorSignature
    ) internal returns (uint32[] memory numOperatorsPerQuorum) {
        uint256 quorumsToAdd = BitmapUtils.orderedBytesArrayToBitmap(quorumNumbers, quorumCount);
        uint256 currentBitmap = _currentOperatorBitmap(operatorId);
        require(!quorumsToAdd.isEmpty(), "RegCoord._registerOperator: bitmap cannot be 0");
        require(
            quorumsToAdd.noBitsInCommon(currentBitmap),
            "RegCoord._registerOperator: operator already registered for some quorums"
        );
        require(
            lastEjectionTimestamp[operator] + ejectionCooldown < block.timestamp,
            "RegCoord._registerOperator: operator cannot reregister yet"
        );
        _updateOperatorBitmap(operatorId, uint192(currentBitmap.plus(quorumsToAdd)));

        if (_operatorInfo[operator].status != OperatorStatus.REGISTERED) {
            _operatorInfo[operator] =
                OperatorInfo({operatorId: operatorId, status: OperatorStatus.REGISTERED});
            serviceManager.registerOperatorToAVS(operator, operatorSignature);
            _setSocket(operatorId, socket);
            emit OperatorRegistered(operator, operatorId);
        }

        blsApkRegistry.registerOperator(operator, quorumNumbers);
        stakeRegistry.registerOperator(operator, operatorId, quorumNumbers);
        numOperatorsPerQuorum = indexRegistry.registerOperator(operatorId, quorumNumbers);
    }

    function _deregisterOperator(address operator, bytes memory quorumNumbers) internal {
        OperatorInfo storage info = _operatorInfo[operator];
        bytes32 operatorId = info.operatorId;
        require(
            info.status == OperatorStatus.REGISTERED,
            "RegCoord._deregisterOperator: operator is not registered"
        );
        uint256 quorumsToRemove = BitmapUtils.orderedBytesArrayToBitmap(quorumNumbers, quorumCount);
        uint256 currentBitmap = _currentOperatorBitmap(operatorId);
        require(!quorumsToRemove.isEmpty(), "RegCoord._deregisterOperator: bitmap cannot be 0");
        require(
            quorumsToRemove.isSubsetOf(currentBitmap),
            "RegCoord._deregisterOperator: operator is not registered for quorums"
        );
        uint256 newBitmap = currentBitmap.minus(quorumsToRemove);
        _updateOperatorBitmap(operatorId, uint192(newBitmap));

        if (newBitmap.isEmpty()) {
            info.status = OperatorStatus.DEREGISTERED;
            serviceManager.deregisterOperatorFromAVS(operator);
            emit OperatorDeregistered(operator, operatorId);
        }

        blsApkRegistry.deregisterOperator(operator, quorumNumbers);
        stakeRegistry.deregisterOperator(operatorId, quorumNumbers);
        indexRegistry.deregisterOperator(operatorId, quorumNumbers);
    }

    /// @dev Refreshes stakes; drops the operator from quorums where it fell below the minimum.
    function _updateOperator(address operator, bytes32 operatorId, bytes memory quorumNumbers)
        internal
    {
        uint192 quorumsToRemove =
            stakeRegistry.updateOperatorStake(operator, operatorId, quorumNumbers);
        if (quorumsToRemove != 0) {
            _deregisterOperator(operator, uint256(quorumsToRemove).bitmapToBytesArray());
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

    function _createQuorum(
        OperatorSetParam memory operatorSetParams,
        uint96 minimumStake,
        IStakeRegistry.StrategyParams[] memory strategyParams
    ) internal {
        uint8 quorumNumber = quorumCount;
        require(quorumNumber < MAX_QUORUM_COUNT, "RegCoord.createQuorum: max quorums reached");
        quorumCount = quorumNumber + 1;
        _setOperatorSetParams(quorumNumber, operatorSetParams);
        stakeRegistry.initializeQuorum(quorumNumber, minimumStake, strategyParams);
        indexRegistry.initializeQuorum(quorumNumber);
        blsApkRegistry.initializeQuorum(quorumNumber);
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
}
