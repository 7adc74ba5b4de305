// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IStrategy} from "../../interfaces/IStrategy.sol";
import {IAllocationManager} from "../interfaces/IAllocationManager.sol";
import {IAVSRegistrar} from "../interfaces/IAVSRegistrar.sol";
import {IDelegationManager} from "../interfaces/IDelegationManager.sol";
import {IPauserRegistry} from "../interfaces/IPauserRegistry.sol";
import {IPermissionController} from "../interfaces/IPermissionController.sol";
import {OperatorSet, OperatorSetLib} from "../interfaces/OperatorSet.sol";
import {PausableV1} from "./PausableV1.sol";
import {PermissionControllerMixin} from "./PermissionControllerMixin.sol";
import {EnumerableSets} from "./EnumerableSets.sol";
import {SlashingLib, Checkpoints, DeployerInitializable} from "./SlashingLib.sol";

/// @title AllocationManager (core v1.12.0 ABI): operator sets, slashable magnitude allocations
/// and slashing. One contract (upstream splits the views into a delegatecalled helper).
contract AllocationManager is
    IAllocationManager,
    PausableV1,
    PermissionControllerMixin,
    DeployerInitializable
{
    using EnumerableSets for EnumerableSets.AddressSet;
    using EnumerableSets for EnumerableSets.Bytes32Set;
    using OperatorSetLib for OperatorSet;
    using SlashingLib for uint256;
    using Checkpoints for Checkpoints.History;

    uint8 internal constant PAUSED_MODIFY_ALLOCATIONS = 0;
    uint8 internal constant PAUSED_OPERATOR_SLASHING = 1;
    uint8 internal constant PAUSED_OPERATOR_SET_REGISTRATION_AND_DEREGISTRATION = 2;

    uint64 internal constant WAD = 1e18;
    address internal constant DEFAULT_BURN_ADDRESS = 0x00000000000000000000000000000000000E16E4;
    address internal constant BEACONCHAIN_ETH_STRAT = 0xbeaC0eeEeeeeEEeEeEEEEeeEEeEeeeEeeEEBEaC0;

    IDelegationManager public immutable delegation;
    IStrategy public immutable eigenStrategy;
    uint32 public immutable DEALLOCATION_DELAY;
    uint32 public immutable ALLOCATION_CONFIGURATION_DELAY;
    uint32 public immutable SLASHER_CONFIGURATION_DELAY;

    string public version;

    struct AllocationDelayInfo {
        uint32 delay;
        bool isSet;
        uint32 pendingDelay;
        uint32 effectBlock;
    }

    struct RegistrationStatus {
        bool registered;
        uint32 slashableUntil;
    }

    struct SlasherParams {
        address slasher;
        address pendingSlasher;
        uint32 effectBlock;
    }

    /// @dev FIFO of set keys with a queued (slashable) decrease; `head` is the next to settle.
    struct DeallocationQueue {
        bytes32[] keys;
        uint256 head;
    }

    // ---- operator sets ----
    mapping(bytes32 setKey => bool) internal _setExists;
    mapping(address avs => uint256) internal _setCount;
    mapping(bytes32 setKey => EnumerableSets.AddressSet) internal _setStrategies;
    mapping(bytes32 setKey => EnumerableSets.AddressSet) internal _setMembers;
    mapping(bytes32 setKey => SlasherParams) internal _slasher;
    mapping(bytes32 setKey => address) internal _redistributionRecipient;
    mapping(bytes32 setKey => uint256) internal _slashCount;
    mapping(address avs => IAVSRegistrar) internal _avsRegistrar;
    mapping(address avs => bool) internal _avsHasMetadata;

    // ---- operators ----
    mapping(address operator => EnumerableSets.Bytes32Set) internal _registeredSets;
    mapping(address operator => mapping(bytes32 setKey => RegistrationStatus)) internal
        _registration;
    mapping(address operator => AllocationDelayInfo) internal _allocationDelay;
    mapping(address operator => EnumerableSets.Bytes32Set) internal _allocatedSets;
    mapping(address operator => mapping(bytes32 setKey => EnumerableSets.AddressSet)) internal
        _allocatedStrategies;
    mapping(
        address operator => mapping(bytes32 setKey => mapping(IStrategy strategy => Allocation))
    ) internal _allocations;
    mapping(address operator => mapping(IStrategy strategy => uint64)) internal _encumbered;
    mapping(address operator => mapping(IStrategy strategy => Checkpoints.History)) internal
        _maxMagnitudeHistory;
    mapping(address operator => mapping(IStrategy strategy => DeallocationQueue)) internal
        _deallocationQueue;

    constructor(
        IDelegationManager _delegation,
        IStrategy _eigenStrategy,
        IPauserRegistry _pauserRegistry,
        IPermissionController _permissionController,
        uint32 _DEALLOCATION_DELAY,
        uint32 _ALLOCATION_CONFIGURATION_DELAY,
        string memory _version
    ) PausableV1(_pauserRegistry) PermissionControllerMixin(_permissionController) {
        delegation = _delegation;
        eigenStrategy = _eigenStrategy;
        DEALLOCATION_DELAY = _DEALLOCATION_DELAY;
        ALLOCATION_CONFIGURATION_DELAY = _ALLOCATION_CONFIGURATION_DELAY;
        SLASHER_CONFIGURATION_DELAY = _ALLOCATION_CONFIGURATION_DELAY;
        version = _version;
    }

    function initialize(uint256 initialPausedStatus) external initializer {
        _setPausedStatus(initialPausedStatus);
    }

    // =========================================================================================
    // Slashing
    // =========================================================================================

    /// @inheritdoc IAllocationManager
    function slashOperator(address avs, SlashingParams calldata params)
        external
        onlyWhenNotPaused(PAUSED_OPERATOR_SLASHING)
        returns (uint256 slashId, uint256[] memory shares)
    {
        OperatorSet memory operatorSet = OperatorSet(avs, params.operatorSetId);
        if (msg.sender != getSlasher(operatorSet)) revert InvalidCaller();
        if (params.strategies.length != params.wadsToSlash.length) {
            revert InputArrayLengthMismatch();
        }
        bytes32 key = operatorSet.key();
        if (!_setExists[key]) revert InvalidOperatorSet();
        if (!isOperatorSlashable(params.operator, operatorSet)) revert OperatorNotSlashable();

        slashId = ++_slashCount[key];
        shares = new uint256[](params.strategies.length);
        uint256[] memory wadSlashed = new uint256[](params.strategies.length);
        for (uint256 i = 0; i < params.strategies.length; i++) {
            IStrategy strategy = params.strategies[i];
            if (i > 0 && address(strategy) <= address(params.strategies[i - 1])) {
                revert StrategiesMustBeInAscendingOrder();
            }
            uint256 wad = params.wadsToSlash[i];
            if (wad == 0 || wad > WAD) revert InvalidWadToSlash();
            if (!_setStrategies[key].contains(address(strategy))) {
                revert StrategyNotInOperatorSet();
            }
            (wadSlashed[i], shares[i]) =
                _slashStrategy(params.operator, operatorSet, key, strategy, wad, slashId);
        }
        emit OperatorSlashed(
            params.operator, operatorSet, params.strategies, wadSlashed, params.description
        );
    }

    /// @dev Slashes one strategy of the operator's allocation to the set: magnitudes here, then
    /// the delegated shares in DelegationManager.
    function _slashStrategy(
        address operator,
        OperatorSet memory operatorSet,
        bytes32 key,
        IStrategy strategy,
        uint256 wad,
        uint256 slashId
    ) internal returns (uint256 wadSlashed, uint256 sharesSlashed) {
        uint64 prevMaxMagnitude;
        uint64 newMaxMagnitude;
        (prevMaxMagnitude, newMaxMagnitude, wadSlashed) =
            _reduceMagnitudes(operator, operatorSet, key, strategy, wad);
        // Nothing allocated: nothing to slash.
        if (newMaxMagnitude == prevMaxMagnitude) return (0, 0);
        sharesSlashed = delegation.slashOperatorShares(
            operator, operatorSet, slashId, strategy, prevMaxMagnitude, newMaxMagnitude
        );
    }

    /// @dev Reduces the allocation by `wad` of itself (rounded up) and the operator's max and
    /// encumbered magnitude by the same amount; a pending decrease shrinks by `wad` of itself
    /// (rounded up). `wadSlashed` is the slashed part of the max magnitude before the slash.
    function _reduceMagnitudes(
        address operator,
        OperatorSet memory operatorSet,
        bytes32 key,
        IStrategy strategy,
        uint256 wad
    ) internal returns (uint64 prevMax, uint64 newMax, uint256 wadSlashed) {
        Allocation memory allocation = _settle(operator, key, strategy);
        prevMax = getMaxMagnitude(operator, strategy);
        if (allocation.currentMagnitude == 0) return (prevMax, prevMax, 0);
        uint64 slashed = uint64(uint256(allocation.currentMagnitude).mulWadRoundUp(wad));
        wadSlashed = uint256(slashed).divWad(prevMax);
        newMax = prevMax - slashed;

        allocation.currentMagnitude -= slashed;
        if (allocation.pendingDiff < 0) {
            uint256 pendingSlash = uint256(uint128(-allocation.pendingDiff)).mulWadRoundUp(wad);
            allocation.pendingDiff += int128(uint128(pendingSlash));
            emit AllocationUpdated(
                operator, operatorSet, strategy, _target(allocation), allocation.effectBlock
            );
        }
        _storeAllocation(operator, key, strategy, allocation);
        emit AllocationUpdated(
            operator, operatorSet, strategy, allocation.currentMagnitude, uint32(block.number)
        );
        _setEncumbered(operator, strategy, _encumbered[operator][strategy] - slashed);
        _maxMagnitudeHistory[operator][strategy].push(newMax);
        emit MaxMagnitudeUpdated(operator, strategy, newMax);
    }

    /// @dev The magnitude an allocation ends at once its pending change applies.
    function _target(Allocation memory allocation) internal pure returns (uint64) {
        return
            uint64(uint128(int128(uint128(allocation.currentMagnitude)) + allocation.pendingDiff));
    }

    function _setEncumbered(address operator, IStrategy strategy, uint64 encumbered) internal {
        _encumbered[operator][strategy] = encumbered;
        emit EncumberedMagnitudeUpdated(operator, strategy, encumbered);
    }

    // =========================================================================================
    // Allocations
    // =========================================================================================

    /// @inheritdoc IAllocationManager
    function modifyAllocations(address operator, AllocateParams[] calldata params)
        external
        onlyWhenNotPaused(PAUSED_MODIFY_ALLOCATIONS)
        checkCanCall(operator)
    {
        (bool isSet, uint32 delay) = getAllocationDelay(operator);
        if (!isSet) revert UninitializedAllocationDelay();
        for (uint256 i = 0; i < params.length; i++) {
            if (params[i].strategies.length != params[i].newMagnitudes.length) {
                revert InputArrayLengthMismatch();
            }
            OperatorSet memory operatorSet = params[i].operatorSet;
            bytes32 key = operatorSet.key();
            if (!_setExists[key]) revert InvalidOperatorSet();
            bool slashable = isOperatorSlashable(operator, operatorSet);
            for (uint256 j = 0; j < params[i].strategies.length; j++) {
                _modifyAllocation(
                    operator,
                    operatorSet,
                    key,
                    params[i].strategies[j],
                    params[i].newMagnitudes[j],
                    slashable,
                    delay
                );
            }
        }
    }

    function _modifyAllocation(
        address operator,
        OperatorSet memory operatorSet,
        bytes32 key,
        IStrategy strategy,
        uint64 newMagnitude,
        bool operatorSlashable,
        uint32 delay
    ) internal {
        _clearDeallocationQueue(operator, strategy, type(uint16).max);
        Allocation memory allocation = _settle(operator, key, strategy);
        if (allocation.pendingDiff != 0) revert ModificationAlreadyPending();
        if (newMagnitude == allocation.currentMagnitude) revert SameMagnitude();

        uint64 encumbered = _encumbered[operator][strategy];
        if (newMagnitude < allocation.currentMagnitude) {
            uint64 decrease = allocation.currentMagnitude - newMagnitude;
            bool slashable = operatorSlashable && _setStrategies[key].contains(address(strategy));
            if (slashable) {
                // Stays slashable until the queued decrease takes effect.
                allocation.pendingDiff = -int128(uint128(decrease));
                allocation.effectBlock = uint32(block.number) + DEALLOCATION_DELAY + 1;
                _deallocationQueue[operator][strategy].keys.push(key);
            } else {
                allocation.currentMagnitude = newMagnitude;
                allocation.effectBlock = uint32(block.number);
                encumbered -= decrease;
            }
        } else {
            uint64 increase = newMagnitude - allocation.currentMagnitude;
            encumbered += increase;
            if (encumbered > getMaxMagnitude(operator, strategy)) revert InsufficientMagnitude();
            allocation.pendingDiff = int128(uint128(increase));
            allocation.effectBlock = uint32(block.number) + delay;
        }
        _storeAllocation(operator, key, strategy, allocation);
        emit AllocationUpdated(
            operator, operatorSet, strategy, newMagnitude, allocation.effectBlock
        );
        if (encumbered != _encumbered[operator][strategy]) {
            _setEncumbered(operator, strategy, encumbered);
        }
    }

    /// @inheritdoc IAllocationManager
    function clearDeallocationQueue(
        address operator,
        IStrategy[] calldata strategies,
        uint16[] calldata numToClear
    ) external onlyWhenNotPaused(PAUSED_MODIFY_ALLOCATIONS) {
        if (strategies.length != numToClear.length) {
            revert InputArrayLengthMismatch();
        }
        for (uint256 i = 0; i < strategies.length; i++) {
            _clearDeallocationQueue(operator, strategies[i], numToClear[i]);
        }
    }

    /// @dev Settles matured queued decreases in queue order, stopping at the first still
    /// pending one.
    function _clearDeallocationQueue(address operator, IStrategy strategy, uint16 numToClear)
        internal
    {
        DeallocationQueue storage queue = _deallocationQueue[operator][strategy];
        uint256 cleared = 0;
        while (queue.head < queue.keys.length && cleared < numToClear) {
            bytes32 key = queue.keys[queue.head];
            Allocation memory allocation = _allocations[operator][key][strategy];
            if (allocation.pendingDiff != 0 && allocation.effectBlock > block.number) break;
            _settle(operator, key, strategy);
            delete queue.keys[queue.head];
            queue.head++;
            cleared++;
        }
    }

    /// @dev Applies a matured pending change to storage (a decrease also releases encumbered
    /// magnitude) and returns the up-to-date allocation.
    function _settle(address operator, bytes32 key, IStrategy strategy)
        internal
        returns (Allocation memory allocation)
    {
        allocation = _allocations[operator][key][strategy];
        if (allocation.pendingDiff == 0 || allocation.effectBlock > block.number) {
            return allocation;
        }
        int128 diff = allocation.pendingDiff;
        allocation.currentMagnitude = _target(allocation);
        allocation.pendingDiff = 0;
        if (diff < 0) {
            _setEncumbered(
                operator, strategy, _encumbered[operator][strategy] - uint64(uint128(-diff))
            );
        }
        _storeAllocation(operator, key, strategy, allocation);
    }

    /// @dev Stores an allocation and keeps the allocated-sets/strategies indexes in step.
    function _storeAllocation(
        address operator,
        bytes32 key,
        IStrategy strategy,
        Allocation memory allocation
    ) internal {
        _allocations[operator][key][strategy] = allocation;
        EnumerableSets.AddressSet storage strategies = _allocatedStrategies[operator][key];
        if (allocation.currentMagnitude == 0 && allocation.pendingDiff == 0) {
            strategies.remove(address(strategy));
            if (strategies.length() == 0) _allocatedSets[operator].remove(key);
        } else {
            strategies.add(address(strategy));
            _allocatedSets[operator].add(key);
        }
    }

    /// @inheritdoc IAllocationManager
    function setAllocationDelay(address operator, uint32 delay) external {
        AllocationDelayInfo storage info = _allocationDelay[operator];
        uint32 effectBlock;
        if (msg.sender == address(delegation)) {
            // Set at operator registration: effective at once (v1.9+ rule).
            info.delay = delay;
            info.isSet = true;
            effectBlock = uint32(block.number);
        } else {
            if (!_checkCanCall(operator)) revert InvalidPermissions();
            if (!delegation.isOperator(operator)) revert InvalidOperator();
            if (info.effectBlock != 0 && info.effectBlock <= block.number) {
                info.delay = info.pendingDelay;
                info.isSet = true;
            }
            effectBlock = uint32(block.number) + ALLOCATION_CONFIGURATION_DELAY + 1;
        }
        info.pendingDelay = delay;
        info.effectBlock = effectBlock;
        emit AllocationDelaySet(operator, delay, effectBlock);
    }

    // =========================================================================================
    // Registration
    // =========================================================================================

    /// @inheritdoc IAllocationManager
    function registerForOperatorSets(address operator, RegisterParams calldata params)
        external
        onlyWhenNotPaused(PAUSED_OPERATOR_SET_REGISTRATION_AND_DEREGISTRATION)
        checkCanCall(operator)
    {
        if (!delegation.isOperator(operator)) revert InvalidOperator();
        for (uint256 i = 0; i < params.operatorSetIds.length; i++) {
            OperatorSet memory operatorSet = OperatorSet(params.avs, params.operatorSetIds[i]);
            bytes32 key = operatorSet.key();
            if (!_setExists[key]) revert InvalidOperatorSet();
            // Also refuses a re-registration while still slashable from a past membership.
            if (isOperatorSlashable(operator, operatorSet)) revert AlreadyMemberOfSet();
            _registeredSets[operator].add(key);
            _setMembers[key].add(operator);
            _registration[operator][key] = RegistrationStatus({registered: true, slashableUntil: 0});
            emit OperatorAddedToOperatorSet(operator, operatorSet);
        }
        getAVSRegistrar(params.avs)
            .registerOperator(operator, params.avs, params.operatorSetIds, params.data);
    }

    /// @inheritdoc IAllocationManager
    function deregisterFromOperatorSets(DeregisterParams calldata params)
        external
        onlyWhenNotPaused(PAUSED_OPERATOR_SET_REGISTRATION_AND_DEREGISTRATION)
    {
        if (!_checkCanCall(params.operator) && !_checkCanCall(params.avs)) {
            revert InvalidCaller();
        }
        for (uint256 i = 0; i < params.operatorSetIds.length; i++) {
            OperatorSet memory operatorSet = OperatorSet(params.avs, params.operatorSetIds[i]);
            bytes32 key = operatorSet.key();
            if (!_setExists[key]) revert InvalidOperatorSet();
            if (!_registeredSets[params.operator].remove(key)) revert NotMemberOfSet();
            _setMembers[key].remove(params.operator);
            _registration[params.operator][key] = RegistrationStatus({
                registered: false, slashableUntil: uint32(block.number) + DEALLOCATION_DELAY
            });
            emit OperatorRemovedFromOperatorSet(params.operator, operatorSet);
        }
        getAVSRegistrar(params.avs)
            .deregisterOperator(params.operator, params.avs, params.operatorSetIds);
    }

    // =========================================================================================
    // AVS configuration
    // =========================================================================================

    /// @inheritdoc IAllocationManager
    function updateAVSMetadataURI(address avs, string calldata metadataURI)
        external
        checkCanCall(avs)
    {
        _avsHasMetadata[avs] = true;
        emit AVSMetadataURIUpdated(avs, metadataURI);
    }

    /// @inheritdoc IAllocationManager
    function setAVSRegistrar(address avs, IAVSRegistrar registrar) external checkCanCall(avs) {
        if (!registrar.supportsAVS(avs)) revert InvalidAVSRegistrar();
        _avsRegistrar[avs] = registrar;
        emit AVSRegistrarSet(avs, registrar);
    }

    /// @inheritdoc IAllocationManager
    function createOperatorSets(address avs, CreateSetParams[] calldata params)
        external
        checkCanCall(avs)
    {
        _createOperatorSets(avs, _toV2(avs, params), new address[](0));
    }

    /// @inheritdoc IAllocationManager
    function createOperatorSets(address avs, CreateSetParamsV2[] calldata params)
        external
        checkCanCall(avs)
    {
        _createOperatorSets(avs, params, new address[](0));
    }

    /// @inheritdoc IAllocationManager
    function createRedistributingOperatorSets(
        address avs,
        CreateSetParams[] calldata params,
        address[] calldata redistributionRecipients
    ) external checkCanCall(avs) {
        if (params.length != redistributionRecipients.length) revert InputArrayLengthMismatch();
        _createOperatorSets(avs, _toV2(avs, params), redistributionRecipients);
    }

    /// @inheritdoc IAllocationManager
    function createRedistributingOperatorSets(
        address avs,
        CreateSetParamsV2[] calldata params,
        address[] calldata redistributionRecipients
    ) external checkCanCall(avs) {
        if (params.length != redistributionRecipients.length) revert InputArrayLengthMismatch();
        _createOperatorSets(avs, params, redistributionRecipients);
    }

    /// @inheritdoc IAllocationManager
    function addStrategiesToOperatorSet(
        address avs,
        uint32 operatorSetId,
        IStrategy[] calldata strategies
    ) external checkCanCall(avs) {
        OperatorSet memory operatorSet = OperatorSet(avs, operatorSetId);
        bytes32 key = operatorSet.key();
        if (!_setExists[key]) revert InvalidOperatorSet();
        if (_redistributionRecipient[key] != address(0)) _checkRedistributable(strategies);
        for (uint256 i = 0; i < strategies.length; i++) {
            _addStrategy(operatorSet, key, strategies[i]);
        }
    }

    /// @inheritdoc IAllocationManager
    function removeStrategiesFromOperatorSet(
        address avs,
        uint32 operatorSetId,
        IStrategy[] calldata strategies
    ) external checkCanCall(avs) {
        OperatorSet memory operatorSet = OperatorSet(avs, operatorSetId);
        bytes32 key = operatorSet.key();
        if (!_setExists[key]) revert InvalidOperatorSet();
        for (uint256 i = 0; i < strategies.length; i++) {
            if (!_setStrategies[key].remove(address(strategies[i]))) {
                revert StrategyNotInOperatorSet();
            }
            emit StrategyRemovedFromOperatorSet(operatorSet, strategies[i]);
        }
    }

    /// @inheritdoc IAllocationManager
    function updateSlasher(OperatorSet memory operatorSet, address slasher)
        external
        checkCanCall(operatorSet.avs)
    {
        bytes32 key = operatorSet.key();
        if (!_setExists[key]) revert InvalidOperatorSet();
        if (slasher == address(0)) revert InputAddressZero();
        SlasherParams storage params = _slasher[key];
        if (params.slasher == address(0)) revert SlasherNotSet();
        if (params.effectBlock <= block.number) params.slasher = params.pendingSlasher;
        uint32 effectBlock = uint32(block.number) + SLASHER_CONFIGURATION_DELAY + 1;
        params.pendingSlasher = slasher;
        params.effectBlock = effectBlock;
        emit SlasherUpdated(operatorSet, slasher, effectBlock);
    }

    /// @inheritdoc IAllocationManager
    /// @dev For sets created before slashers were stored per set (upstream then takes the first
    /// `slashOperator` appointee, else the AVS). Every set created here gets its slasher at
    /// creation, so this only ever skips; a set without one would get the AVS.
    function migrateSlashers(OperatorSet[] memory operatorSets) external {
        for (uint256 i = 0; i < operatorSets.length; i++) {
            bytes32 key = operatorSets[i].key();
            if (!_setExists[key] || _slasher[key].slasher != address(0)) continue;
            address avs = operatorSets[i].avs;
            _slasher[key] = SlasherParams(avs, avs, uint32(block.number));
            emit SlasherMigrated(operatorSets[i], avs);
        }
    }

    /// @dev The deprecated form: the AVS itself becomes the slasher.
    function _toV2(address avs, CreateSetParams[] calldata params)
        internal
        pure
        returns (CreateSetParamsV2[] memory out)
    {
        out = new CreateSetParamsV2[](params.length);
        for (uint256 i = 0; i < params.length; i++) {
            out[i] = CreateSetParamsV2(params[i].operatorSetId, params[i].strategies, avs);
        }
    }

    /// @dev Creates each set with its strategies and slasher (instant); with recipients, the
    /// sets are redistributing.
    function _createOperatorSets(
        address avs,
        CreateSetParamsV2[] memory params,
        address[] memory recipients
    ) internal {
        if (!_avsHasMetadata[avs]) {
            revert NonexistentAVSMetadata();
        }
        for (uint256 i = 0; i < params.length; i++) {
            OperatorSet memory operatorSet = OperatorSet(avs, params[i].operatorSetId);
            bytes32 key = operatorSet.key();
            if (_setExists[key]) revert InvalidOperatorSet();
            address slasher = params[i].slasher;
            if (slasher == address(0)) revert InputAddressZero();
            _setExists[key] = true;
            _setCount[avs]++;
            emit OperatorSetCreated(operatorSet);
            IStrategy[] memory strategies = params[i].strategies;
            for (uint256 j = 0; j < strategies.length; j++) {
                _addStrategy(operatorSet, key, strategies[j]);
            }
            _slasher[key] = SlasherParams(slasher, slasher, uint32(block.number));
            emit SlasherUpdated(operatorSet, slasher, uint32(block.number));
            if (recipients.length == 0) continue;
            address recipient = recipients[i];
            if (recipient == address(0) || recipient == DEFAULT_BURN_ADDRESS) {
                revert InvalidRedistributionRecipient();
            }
            _checkRedistributable(strategies);
            _redistributionRecipient[key] = recipient;
            emit RedistributionAddressSet(operatorSet, recipient);
        }
    }

    /// @dev Beacon-chain ETH and EIGEN cannot be redistributed.
    function _checkRedistributable(IStrategy[] memory strategies) internal view {
        for (uint256 i = 0; i < strategies.length; i++) {
            address strategy = address(strategies[i]);
            if (strategy == BEACONCHAIN_ETH_STRAT || strategy == address(eigenStrategy)) {
                revert InvalidStrategy();
            }
        }
    }

    function _addStrategy(OperatorSet memory operatorSet, bytes32 key, IStrategy strategy)
        internal
    {
        if (!_setStrategies[key].add(address(strategy))) {
            revert StrategyAlreadyInOperatorSet();
        }
        emit StrategyAddedToOperatorSet(operatorSet, strategy);
    }

    // =========================================================================================
    // Views: membership
    // =========================================================================================

    function getMembers(OperatorSet memory operatorSet) external view returns (address[] memory) {
        return _setMembers[operatorSet.key()].values();
    }

    function getMemberCount(OperatorSet memory operatorSet) external view returns (uint256) {
        return _setMembers[operatorSet.key()].length();
    }

    function isMemberOfOperatorSet(address operator, OperatorSet memory operatorSet)
        external
        view
        returns (bool)
    {
        return _registeredSets[operator].contains(operatorSet.key());
    }

    function isOperatorSet(OperatorSet memory operatorSet) external view returns (bool) {
        return _setExists[operatorSet.key()];
    }

    function getOperatorSetCount(address avs) external view returns (uint256) {
        return _setCount[avs];
    }

    function getRegisteredSets(address operator) external view returns (OperatorSet[] memory) {
        return _decodeSets(_registeredSets[operator]);
    }

    /// @notice Registered, or deregistered at most DEALLOCATION_DELAY blocks ago (inclusive).
    function isOperatorSlashable(address operator, OperatorSet memory operatorSet)
        public
        view
        returns (bool)
    {
        RegistrationStatus memory status = _registration[operator][operatorSet.key()];
        return status.registered || block.number <= status.slashableUntil;
    }

    function _decodeSets(EnumerableSets.Bytes32Set storage keys)
        internal
        view
        returns (OperatorSet[] memory sets)
    {
        sets = new OperatorSet[](keys.length());
        for (uint256 i = 0; i < sets.length; i++) {
            sets[i] = OperatorSetLib.decode(keys.valueAt(i));
        }
    }

    // =========================================================================================
    // Views: allocations and magnitudes
    // =========================================================================================

    function getAllocatedSets(address operator) external view returns (OperatorSet[] memory) {
        return _decodeSets(_allocatedSets[operator]);
    }

    function getAllocatedStrategies(address operator, OperatorSet memory operatorSet)
        external
        view
        returns (IStrategy[] memory strategies)
    {
        address[] memory raw = _allocatedStrategies[operator][operatorSet.key()].values();
        assembly {
            strategies := raw
        }
    }

    function getAllocation(address operator, OperatorSet memory operatorSet, IStrategy strategy)
        public
        view
        returns (Allocation memory)
    {
        return _viewAllocation(operator, operatorSet.key(), strategy);
    }

    function getAllocations(
        address[] memory operators,
        OperatorSet memory operatorSet,
        IStrategy strategy
    ) external view returns (Allocation[] memory allocations) {
        bytes32 key = operatorSet.key();
        allocations = new Allocation[](operators.length);
        for (uint256 i = 0; i < operators.length; i++) {
            allocations[i] = _viewAllocation(operators[i], key, strategy);
        }
    }

    function getStrategyAllocations(address operator, IStrategy strategy)
        external
        view
        returns (OperatorSet[] memory sets, Allocation[] memory allocations)
    {
        EnumerableSets.Bytes32Set storage keys = _allocatedSets[operator];
        uint256 n = keys.length();
        sets = new OperatorSet[](n);
        allocations = new Allocation[](n);
        uint256 count = 0;
        for (uint256 i = 0; i < n; i++) {
            bytes32 key = keys.valueAt(i);
            if (!_allocatedStrategies[operator][key].contains(address(strategy))) continue;
            sets[count] = OperatorSetLib.decode(key);
            allocations[count++] = _viewAllocation(operator, key, strategy);
        }
        // Trim both arrays to the matches.
        assembly {
            mstore(sets, count)
            mstore(allocations, count)
        }
    }

    /// @notice Encumbered magnitude with matured queued decreases already released.
    function getEncumberedMagnitude(address operator, IStrategy strategy)
        public
        view
        returns (uint64 encumbered)
    {
        encumbered = _encumbered[operator][strategy];
        DeallocationQueue storage queue = _deallocationQueue[operator][strategy];
        for (uint256 i = queue.head; i < queue.keys.length; i++) {
            Allocation memory allocation = _allocations[operator][queue.keys[i]][strategy];
            if (allocation.pendingDiff != 0 && allocation.effectBlock > block.number) break;
            if (allocation.pendingDiff < 0) encumbered -= uint64(uint128(-allocation.pendingDiff));
        }
    }

    function getAllocatableMagnitude(address operator, IStrategy strategy)
        external
        view
        returns (uint64)
    {
        return getMaxMagnitude(operator, strategy) - getEncumberedMagnitude(operator, strategy);
    }

    function getMaxMagnitude(address operator, IStrategy strategy) public view returns (uint64) {
        return uint64(_maxMagnitudeHistory[operator][strategy].latest(WAD));
    }

    function getMaxMagnitudes(address operator, IStrategy[] memory strategies)
        external
        view
        returns (uint64[] memory magnitudes)
    {
        magnitudes = new uint64[](strategies.length);
        for (uint256 i = 0; i < strategies.length; i++) {
            magnitudes[i] = getMaxMagnitude(operator, strategies[i]);
        }
    }

    function getMaxMagnitudes(address[] memory operators, IStrategy strategy)
        external
        view
        returns (uint64[] memory magnitudes)
    {
        magnitudes = new uint64[](operators.length);
        for (uint256 i = 0; i < operators.length; i++) {
            magnitudes[i] = getMaxMagnitude(operators[i], strategy);
        }
    }

    function getMaxMagnitudesAtBlock(
        address operator,
        IStrategy[] memory strategies,
        uint32 blockNumber
    ) external view returns (uint64[] memory magnitudes) {
        magnitudes = new uint64[](strategies.length);
        for (uint256 i = 0; i < strategies.length; i++) {
            magnitudes[i] =
                uint64(_maxMagnitudeHistory[operator][strategies[i]].upperLookup(blockNumber, WAD));
        }
    }

    /// @notice The delay in force now (a pending one counts from its effect block on).
    function getAllocationDelay(address operator) public view returns (bool isSet, uint32 delay) {
        AllocationDelayInfo memory info = _allocationDelay[operator];
        if (info.effectBlock != 0 && info.effectBlock <= block.number) {
            return (true, info.pendingDelay);
        }
        return (info.isSet, info.delay);
    }

    /// @dev The stored allocation with a matured pending change applied.
    function _viewAllocation(address operator, bytes32 key, IStrategy strategy)
        internal
        view
        returns (Allocation memory allocation)
    {
        allocation = _allocations[operator][key][strategy];
        if (allocation.pendingDiff != 0 && allocation.effectBlock <= block.number) {
            allocation.currentMagnitude = _target(allocation);
            allocation.pendingDiff = 0;
        }
    }

    // =========================================================================================
    // Views: set configuration
    // =========================================================================================

    function getStrategiesInOperatorSet(OperatorSet memory operatorSet)
        external
        view
        returns (IStrategy[] memory strategies)
    {
        address[] memory raw = _setStrategies[operatorSet.key()].values();
        assembly {
            strategies := raw
        }
    }

    /// @notice The registrar, or the AVS itself when none was set.
    function getAVSRegistrar(address avs) public view returns (IAVSRegistrar) {
        IAVSRegistrar registrar = _avsRegistrar[avs];
        return address(registrar) == address(0) ? IAVSRegistrar(avs) : registrar;
    }

    function getSlasher(OperatorSet memory operatorSet) public view returns (address) {
        SlasherParams memory params = _slasher[operatorSet.key()];
        return params.effectBlock <= block.number ? params.pendingSlasher : params.slasher;
    }

    function getPendingSlasher(OperatorSet memory operatorSet)
        external
        view
        returns (address pendingSlasher, uint32 effectBlock)
    {
        SlasherParams memory params = _slasher[operatorSet.key()];
        if (params.effectBlock > block.number) return (params.pendingSlasher, params.effectBlock);
        return (address(0), 0);
    }

    function getRedistributionRecipient(OperatorSet memory operatorSet)
        public
        view
        returns (address)
    {
        address recipient = _redistributionRecipient[operatorSet.key()];
        return recipient == address(0) ? DEFAULT_BURN_ADDRESS : recipient;
    }

    function isRedistributingOperatorSet(OperatorSet memory operatorSet)
        public
        view
        returns (bool)
    {
        return _redistributionRecipient[operatorSet.key()] != address(0);
    }

    function getSlashCount(OperatorSet memory operatorSet) external view returns (uint256) {
        return _slashCount[operatorSet.key()];
    }

    /// @notice Whether some redistributing set can currently slash the operator.
    function isOperatorRedistributable(address operator) external view returns (bool) {
        return _anyRedistributable(operator, _allocatedSets[operator])
            || _anyRedistributable(operator, _registeredSets[operator]);
    }

    function _anyRedistributable(address operator, EnumerableSets.Bytes32Set storage keys)
        internal
        view
        returns (bool)
    {
        for (uint256 i = 0; i < keys.length(); i++) {
            OperatorSet memory operatorSet = OperatorSetLib.decode(keys.valueAt(i));
            if (
                isRedistributingOperatorSet(operatorSet)
                    && isOperatorSlashable(operator, operatorSet)
            ) return true;
        }
        return false;
    }

    // =========================================================================================
    // Views: stake
    // =========================================================================================

    /// @notice operatorShares × currentMagnitude / maxMagnitude per (operator, strategy), with
    /// matured pending changes applied; slashability is not considered.
    function getAllocatedStake(
        OperatorSet memory operatorSet,
        address[] memory operators,
        IStrategy[] memory strategies
    ) external view returns (uint256[][] memory stake) {
        bytes32 key = operatorSet.key();
        uint256[][] memory shares = delegation.getOperatorsShares(operators, strategies);
        stake = new uint256[][](operators.length);
        for (uint256 i = 0; i < operators.length; i++) {
            stake[i] = new uint256[](strategies.length);
            for (uint256 j = 0; j < strategies.length; j++) {
                Allocation memory allocation = _viewAllocation(operators[i], key, strategies[j]);
                stake[i][j] = _stake(
                    shares[i][j],
                    allocation.currentMagnitude,
                    getMaxMagnitude(operators[i], strategies[j])
                );
            }
        }
    }

    /// @notice The stake still slashable at `futureBlock`: pending increases never count, a
    /// pending decrease counts once its effect block is reached; 0 for non-slashable operators.
    function getMinimumSlashableStake(
        OperatorSet memory operatorSet,
        address[] memory operators,
        IStrategy[] memory strategies,
        uint32 futureBlock
    ) external view returns (uint256[][] memory slashableStake) {
        bytes32 key = operatorSet.key();
        uint256[][] memory shares = delegation.getOperatorsShares(operators, strategies);
        slashableStake = new uint256[][](operators.length);
        for (uint256 i = 0; i < operators.length; i++) {
            slashableStake[i] = new uint256[](strategies.length);
            if (!isOperatorSlashable(operators[i], operatorSet)) continue;
            for (uint256 j = 0; j < strategies.length; j++) {
                Allocation memory allocation = _viewAllocation(operators[i], key, strategies[j]);
                uint64 magnitude = allocation.currentMagnitude;
                if (allocation.pendingDiff < 0 && allocation.effectBlock <= futureBlock) {
                    magnitude -= uint64(uint128(-allocation.pendingDiff));
                }
                slashableStake[i][j] =
                    _stake(shares[i][j], magnitude, getMaxMagnitude(operators[i], strategies[j]));
            }
        }
    }

    /// @dev Divide the magnitudes first, then scale the shares (upstream's rounding order).
    function _stake(uint256 shares, uint64 magnitude, uint64 maxMagnitude)
        internal
        pure
        returns (uint256)
    {
        if (maxMagnitude == 0) return 0;
        return shares.mulWad(uint256(magnitude).divWad(maxMagnitude));
    }
}
