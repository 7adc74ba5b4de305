// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IStrategy} from "../../interfaces/IStrategy.sol";
import {IStakeRegistry} from "../../interfaces/IStakeRegistry.sol";
import {IAVSDirectory} from "../../interfaces/IAVSDirectory.sol";
import {IAllocationManager} from "../interfaces/IAllocationManager.sol";
import {IDelegationManager} from "../interfaces/IDelegationManager.sol";
import {OperatorSet} from "../interfaces/OperatorSet.sol";
import {ISlashingStakeRegistry} from "./ISlashingStakeRegistry.sol";
import {ISlashingRegistryCoordinator} from "./ISlashingRegistryCoordinator.sol";

/// @title StakeRegistry (slashing era): per-quorum operator weights Σ stake·multiplier/1e18 with
/// histories. A TOTAL_DELEGATED quorum weighs the operator's delegated shares (as in M2); a
/// TOTAL_SLASHABLE quorum weighs only what AllocationManager says stays slashable for the
/// quorum's operator set until `block.number + lookAhead`.
/// @notice Stakes are point-in-time records: they change only through the coordinator.
contract StakeRegistry is ISlashingStakeRegistry {
    uint256 public constant WEIGHTING_DIVISOR = 1e18;
    uint8 public constant MAX_WEIGHING_FUNCTION_LENGTH = 32;

    ISlashingRegistryCoordinator public immutable registryCoordinator;
    IDelegationManager public immutable delegation;
    IAVSDirectory public immutable avsDirectory;
    IAllocationManager public immutable allocationManager;

    mapping(uint8 quorumNumber => uint96) public minimumStakeForQuorum;
    mapping(uint8 quorumNumber => IStakeRegistry.StrategyParams[]) public strategyParams;
    mapping(uint8 quorumNumber => IStrategy[]) public strategiesPerQuorum;
    mapping(uint8 quorumNumber => StakeType) public stakeTypePerQuorum;
    mapping(uint8 quorumNumber => uint32) public slashableStakeLookAheadPerQuorum;
    mapping(uint8 quorumNumber => IStakeRegistry.StakeUpdate[]) internal _totalStakeHistory;
    mapping(bytes32 operatorId => mapping(uint8 quorumNumber => IStakeRegistry.StakeUpdate[]))
        internal operatorStakeHistory;

    constructor(
        ISlashingRegistryCoordinator _registryCoordinator,
        IDelegationManager _delegationManager,
        IAVSDirectory _avsDirectory,
        IAllocationManager _allocationManager
    ) {
        registryCoordinator = _registryCoordinator;
        delegation = _delegationManager;
        avsDirectory = _avsDirectory;
        allocationManager = _allocationManager;
    }

    modifier onlyRegistryCoordinator() {
        if (msg.sender != address(registryCoordinator)) revert OnlySlashingRegistryCoordinator();
        _;
    }

    modifier onlyCoordinatorOwner() {
        if (msg.sender != registryCoordinator.owner()) {
            revert OnlySlashingRegistryCoordinatorOwner();
        }
        _;
    }

    modifier quorumExists(uint8 quorumNumber) {
        if (!_quorumExists(quorumNumber)) revert QuorumDoesNotExist();
        _;
    }

    // ------------------------------------------------------------------ coordinator hooks

    /// @inheritdoc ISlashingStakeRegistry
    function registerOperator(address operator, bytes32 operatorId, bytes calldata quorumNumbers)
        external
        onlyRegistryCoordinator
        returns (uint96[] memory currentStakes, uint96[] memory totalStakes)
    {
        currentStakes = new uint96[](quorumNumbers.length);
        totalStakes = new uint96[](quorumNumbers.length);
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            uint8 quorumNumber = uint8(quorumNumbers[i]);
            if (!_quorumExists(quorumNumber)) revert QuorumDoesNotExist();
            (uint96 stake, bool hasMinimumStake) =
                _weightOfOperatorForQuorum(quorumNumber, operator);
            if (!hasMinimumStake) revert BelowMinimumStakeRequirement();
            int256 delta = _recordOperatorStakeUpdate(operatorId, quorumNumber, stake);
            currentStakes[i] = stake;
            totalStakes[i] = _recordTotalStakeUpdate(quorumNumber, delta);
        }
    }

    /// @inheritdoc ISlashingStakeRegistry
    function deregisterOperator(bytes32 operatorId, bytes calldata quorumNumbers)
        external
        onlyRegistryCoordinator
    {
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            uint8 quorumNumber = uint8(quorumNumbers[i]);
            if (!_quorumExists(quorumNumber)) revert QuorumDoesNotExist();
            int256 delta = _recordOperatorStakeUpdate(operatorId, quorumNumber, 0);
            _recordTotalStakeUpdate(quorumNumber, delta);
        }
    }

    /// @inheritdoc ISlashingStakeRegistry
    /// @return quorumsToRemove bitmap of quorums whose minimum the operator no longer meets
    /// (its stake there is recorded as 0; the coordinator then removes it).
    function updateOperatorStake(address operator, bytes32 operatorId, bytes calldata quorumNumbers)
        external
        onlyRegistryCoordinator
        returns (uint192 quorumsToRemove)
    {
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            uint8 quorumNumber = uint8(quorumNumbers[i]);
            if (!_quorumExists(quorumNumber)) revert QuorumDoesNotExist();
            (uint96 stake, bool hasMinimumStake) =
                _weightOfOperatorForQuorum(quorumNumber, operator);
            if (!hasMinimumStake) {
                stake = 0;
                quorumsToRemove |= uint192(1 << quorumNumber);
            }
            int256 delta = _recordOperatorStakeUpdate(operatorId, quorumNumber, stake);
            _recordTotalStakeUpdate(quorumNumber, delta);
        }
    }

    /// @inheritdoc ISlashingStakeRegistry
    function initializeDelegatedStakeQuorum(
        uint8 quorumNumber,
        uint96 minimumStake,
        IStakeRegistry.StrategyParams[] memory _strategyParams
    ) external onlyRegistryCoordinator {
        _initializeQuorum(quorumNumber, minimumStake, _strategyParams);
        _setStakeType(quorumNumber, StakeType.TOTAL_DELEGATED);
    }

    /// @inheritdoc ISlashingStakeRegistry
    function initializeSlashableStakeQuorum(
        uint8 quorumNumber,
        uint96 minimumStake,
        uint32 lookAheadPeriod,
        IStakeRegistry.StrategyParams[] memory _strategyParams
    ) external onlyRegistryCoordinator {
        _initializeQuorum(quorumNumber, minimumStake, _strategyParams);
        _setStakeType(quorumNumber, StakeType.TOTAL_SLASHABLE);
        _setLookAheadPeriod(quorumNumber, lookAheadPeriod);
    }

    // ------------------------------------------------------------------ owner functions

    /// @inheritdoc ISlashingStakeRegistry
    function setSlashableStakeLookahead(uint8 quorumNumber, uint32 lookAheadBlocks)
        external
        onlyCoordinatorOwner
        quorumExists(quorumNumber)
    {
        if (stakeTypePerQuorum[quorumNumber] != StakeType.TOTAL_SLASHABLE) {
            revert QuorumNotSlashable();
        }
        _setLookAheadPeriod(quorumNumber, lookAheadBlocks);
    }

    function setMinimumStakeForQuorum(uint8 quorumNumber, uint96 minimumStake)
        external
        onlyCoordinatorOwner
        quorumExists(quorumNumber)
    {
        _setMinimumStakeForQuorum(quorumNumber, minimumStake);
    }

    function addStrategies(uint8 quorumNumber, IStakeRegistry.StrategyParams[] memory newParams)
        external
        onlyCoordinatorOwner
        quorumExists(quorumNumber)
    {
        _addStrategyParams(quorumNumber, newParams);
    }

    /// @dev Swap-and-pop: pass indices in descending order.
    function removeStrategies(uint8 quorumNumber, uint256[] calldata indicesToRemove)
        external
        onlyCoordinatorOwner
        quorumExists(quorumNumber)
    {
        if (indicesToRemove.length == 0) revert InputArrayLengthZero();
        IStakeRegistry.StrategyParams[] storage params = strategyParams[quorumNumber];
        IStrategy[] storage strategies = strategiesPerQuorum[quorumNumber];
        for (uint256 i = 0; i < indicesToRemove.length; i++) {
            uint256 idx = indicesToRemove[i];
            emit StrategyRemovedFromQuorum(quorumNumber, params[idx].strategy);
            emit StrategyMultiplierUpdated(quorumNumber, params[idx].strategy, 0);
            params[idx] = params[params.length - 1];
            params.pop();
            strategies[idx] = strategies[strategies.length - 1];
            strategies.pop();
        }
    }

    function modifyStrategyParams(
        uint8 quorumNumber,
        uint256[] calldata strategyIndices,
        uint96[] calldata newMultipliers
    ) external onlyCoordinatorOwner quorumExists(quorumNumber) {
        if (strategyIndices.length == 0) {
            revert InputArrayLengthZero();
        }
        if (strategyIndices.length != newMultipliers.length) revert InputArrayLengthMismatch();
        IStakeRegistry.StrategyParams[] storage params = strategyParams[quorumNumber];
        for (uint256 i = 0; i < strategyIndices.length; i++) {
            params[strategyIndices[i]].multiplier = newMultipliers[i];
            emit StrategyMultiplierUpdated(
                quorumNumber, params[strategyIndices[i]].strategy, newMultipliers[i]
            );
        }
    }

    // ------------------------------------------------------------------ views

    function strategyParamsLength(uint8 quorumNumber) external view returns (uint256) {
        return strategyParams[quorumNumber].length;
    }

    function strategyParamsByIndex(uint8 quorumNumber, uint256 index)
        external
        view
        returns (IStakeRegistry.StrategyParams memory)
    {
        return strategyParams[quorumNumber][index];
    }

    function weightOfOperatorForQuorum(uint8 quorumNumber, address operator)
        external
        view
        quorumExists(quorumNumber)
        returns (uint96 stake)
    {
        (stake,) = _weightOfOperatorForQuorum(quorumNumber, operator);
    }

    function getStakeHistory(bytes32 operatorId, uint8 quorumNumber)
        external
        view
        returns (IStakeRegistry.StakeUpdate[] memory)
    {
        return operatorStakeHistory[operatorId][quorumNumber];
    }

    function getStakeHistoryLength(bytes32 operatorId, uint8 quorumNumber)
        external
        view
        returns (uint256)
    {
        return operatorStakeHistory[operatorId][quorumNumber].length;
    }

    function getLatestStakeUpdate(bytes32 operatorId, uint8 quorumNumber)
        public
        view
        returns (IStakeRegistry.StakeUpdate memory update)
    {
        IStakeRegistry.StakeUpdate[] storage history =
            operatorStakeHistory[operatorId][quorumNumber];
        if (history.length != 0) update = history[history.length - 1];
    }

    function getCurrentStake(bytes32 operatorId, uint8 quorumNumber)
        external
        view
        returns (uint96)
    {
        return getLatestStakeUpdate(operatorId, quorumNumber).stake;
    }

    function getStakeUpdateAtIndex(uint8 quorumNumber, bytes32 operatorId, uint256 index)
        external
        view
        returns (IStakeRegistry.StakeUpdate memory)
    {
        return operatorStakeHistory[operatorId][quorumNumber][index];
    }

    function getStakeAtBlockNumber(bytes32 operatorId, uint8 quorumNumber, uint32 blockNumber)
        external
        view
        returns (uint96)
    {
        uint32 index = getStakeUpdateIndexAtBlockNumber(operatorId, quorumNumber, blockNumber);
        return operatorStakeHistory[operatorId][quorumNumber][index].stake;
    }

    function getStakeUpdateIndexAtBlockNumber(
        bytes32 operatorId,
        uint8 quorumNumber,
        uint32 blockNumber
    ) public view returns (uint32) {
        IStakeRegistry.StakeUpdate[] storage history =
            operatorStakeHistory[operatorId][quorumNumber];
        for (uint256 i = history.length; i > 0; i--) {
            if (history[i - 1].updateBlockNumber <= blockNumber) return uint32(i - 1);
        }
        revert NoStakeUpdateAtBlock();
    }

    function getStakeAtBlockNumberAndIndex(
        uint8 quorumNumber,
        uint32 blockNumber,
        bytes32 operatorId,
        uint256 index
    ) external view returns (uint96) {
        IStakeRegistry.StakeUpdate memory update =
            operatorStakeHistory[operatorId][quorumNumber][index];
        _validateStakeUpdateAtBlockNumber(update, blockNumber);
        return update.stake;
    }

    function getTotalStakeHistoryLength(uint8 quorumNumber) external view returns (uint256) {
        return _totalStakeHistory[quorumNumber].length;
    }

    function getCurrentTotalStake(uint8 quorumNumber) external view returns (uint96) {
        IStakeRegistry.StakeUpdate[] storage history = _totalStakeHistory[quorumNumber];
        return history.length == 0 ? 0 : history[history.length - 1].stake;
    }

    function getTotalStakeUpdateAtIndex(uint8 quorumNumber, uint256 index)
        external
        view
        returns (IStakeRegistry.StakeUpdate memory)
    {
        return _totalStakeHistory[quorumNumber][index];
    }

    function getTotalStakeAtBlockNumberFromIndex(
        uint8 quorumNumber,
        uint32 blockNumber,
        uint256 index
    ) external view returns (uint96) {
        IStakeRegistry.StakeUpdate memory update = _totalStakeHistory[quorumNumber][index];
        _validateStakeUpdateAtBlockNumber(update, blockNumber);
        return update.stake;
    }

    function getTotalStakeIndicesAtBlockNumber(uint32 blockNumber, bytes calldata quorumNumbers)
        external
        view
        returns (uint32[] memory indices)
    {
        indices = new uint32[](quorumNumbers.length);
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            uint8 quorumNumber = uint8(quorumNumbers[i]);
            if (!_quorumExists(quorumNumber)) revert QuorumDoesNotExist();
            IStakeRegistry.StakeUpdate[] storage history = _totalStakeHistory[quorumNumber];
            if (history[0].updateBlockNumber > blockNumber) revert EmptyStakeHistory();
            uint256 j = history.length - 1;
            while (history[j].updateBlockNumber > blockNumber) j--;
            indices[i] = uint32(j);
        }
    }

    // ------------------------------------------------------------------ internals

    function _quorumExists(uint8 quorumNumber) internal view returns (bool) {
        return _totalStakeHistory[quorumNumber].length != 0;
    }

    function _initializeQuorum(
        uint8 quorumNumber,
        uint96 minimumStake,
        IStakeRegistry.StrategyParams[] memory _strategyParams
    ) internal {
        if (_quorumExists(quorumNumber)) revert QuorumAlreadyExists();
        _addStrategyParams(quorumNumber, _strategyParams);
        _setMinimumStakeForQuorum(quorumNumber, minimumStake);
        _totalStakeHistory[quorumNumber].push(
            IStakeRegistry.StakeUpdate({
                updateBlockNumber: uint32(block.number), nextUpdateBlockNumber: 0, stake: 0
            })
        );
        emit QuorumCreated(quorumNumber);
    }

    function _setStakeType(uint8 quorumNumber, StakeType stakeType) internal {
        stakeTypePerQuorum[quorumNumber] = stakeType;
        emit StakeTypeSet(stakeType);
    }

    function _setLookAheadPeriod(uint8 quorumNumber, uint32 lookAheadBlocks) internal {
        emit LookAheadPeriodChanged(slashableStakeLookAheadPerQuorum[quorumNumber], lookAheadBlocks);
        slashableStakeLookAheadPerQuorum[quorumNumber] = lookAheadBlocks;
    }

    function _validateStakeUpdateAtBlockNumber(
        IStakeRegistry.StakeUpdate memory update,
        uint32 blockNumber
    ) internal pure {
        if (update.updateBlockNumber > blockNumber) {
            revert StakeUpdateFromAfterBlock();
        }
        if (update.nextUpdateBlockNumber != 0 && blockNumber >= update.nextUpdateBlockNumber) {
            revert NewerStakeUpdateAvailable();
        }
    }

    /// @dev Per-strategy stake: delegated shares, or for a slashable quorum the minimum stake
    /// AllocationManager guarantees slashable through `block.number + lookAhead` (pending
    /// allocation increases do not count; an operator not slashable for the set counts 0).
    function _stakesOf(uint8 quorumNumber, address operator)
        internal
        view
        returns (uint256[] memory stakes)
    {
        IStrategy[] memory strategies = strategiesPerQuorum[quorumNumber];
        if (stakeTypePerQuorum[quorumNumber] == StakeType.TOTAL_SLASHABLE) {
            address[] memory ops = new address[](1);
            ops[0] = operator;
            uint256[][] memory slashable = allocationManager.getMinimumSlashableStake(
                OperatorSet({avs: registryCoordinator.avs(), id: quorumNumber}),
                ops,
                strategies,
                uint32(block.number) + slashableStakeLookAheadPerQuorum[quorumNumber]
            );
            return slashable[0];
        }
        return delegation.getOperatorShares(operator, strategies);
    }

    /// @dev weight = Σ uint96(stake_i · multiplier_i / 1e18); each term truncated, sum checked.
    function _weightOfOperatorForQuorum(uint8 quorumNumber, address operator)
        internal
        view
        returns (uint96 weight, bool hasMinimumStake)
    {
        IStakeRegistry.StrategyParams[] storage params = strategyParams[quorumNumber];
        uint256[] memory stakes = _stakesOf(quorumNumber, operator);
        for (uint256 i = 0; i < params.length; i++) {
            if (stakes[i] != 0) {
                weight += uint96(stakes[i] * params[i].multiplier / WEIGHTING_DIVISOR);
            }
        }
        hasMinimumStake = weight >= minimumStakeForQuorum[quorumNumber];
    }

    /// @dev Writes only on change (first record always); returns new − old.
    function _recordOperatorStakeUpdate(bytes32 operatorId, uint8 quorumNumber, uint96 newStake)
        internal
        returns (int256 delta)
    {
        IStakeRegistry.StakeUpdate[] storage history =
            operatorStakeHistory[operatorId][quorumNumber];
        uint96 previous;
        uint256 len = history.length;
        if (len == 0) {
            history.push(
                IStakeRegistry.StakeUpdate({
                    updateBlockNumber: uint32(block.number),
                    nextUpdateBlockNumber: 0,
                    stake: newStake
                })
            );
        } else {
            IStakeRegistry.StakeUpdate storage last = history[len - 1];
            previous = last.stake;
            if (previous == newStake) return 0;
            _writeOver(history, last, newStake);
        }
        emit OperatorStakeUpdate(operatorId, quorumNumber, newStake);
        return int256(uint256(newStake)) - int256(uint256(previous));
    }

    /// @dev Applies delta to the quorum total; returns the new total.
    function _recordTotalStakeUpdate(uint8 quorumNumber, int256 delta) internal returns (uint96) {
        IStakeRegistry.StakeUpdate[] storage history = _totalStakeHistory[quorumNumber];
        IStakeRegistry.StakeUpdate storage last = history[history.length - 1];
        if (delta == 0) return last.stake;
        uint96 newTotal = uint96(uint256(int256(uint256(last.stake)) + delta));
        _writeOver(history, last, newTotal);
        return newTotal;
    }

    /// @dev Same-block overwrite, otherwise close the last record and append a new one.
    function _writeOver(
        IStakeRegistry.StakeUpdate[] storage history,
        IStakeRegistry.StakeUpdate storage last,
        uint96 value
    ) private {
        if (last.updateBlockNumber == uint32(block.number)) {
            last.stake = value;
        } else {
            last.nextUpdateBlockNumber = uint32(block.number);
            history.push(
                IStakeRegistry.StakeUpdate({
                    updateBlockNumber: uint32(block.number), nextUpdateBlockNumber: 0, stake: value
                })
            );
        }
    }

    function _setMinimumStakeForQuorum(uint8 quorumNumber, uint96 minimumStake) internal {
        minimumStakeForQuorum[quorumNumber] = minimumStake;
        emit MinimumStakeForQuorumUpdated(quorumNumber, minimumStake);
    }

    function _addStrategyParams(
        uint8 quorumNumber,
        IStakeRegistry.StrategyParams[] memory newParams
    ) internal {
        if (newParams.length == 0) {
            revert InputArrayLengthZero();
        }
        IStakeRegistry.StrategyParams[] storage params = strategyParams[quorumNumber];
        if (params.length + newParams.length > MAX_WEIGHING_FUNCTION_LENGTH) {
            revert MaxWeighingFunctionLengthExceeded();
        }
        for (uint256 i = 0; i < newParams.length; i++) {
            for (uint256 j = 0; j < params.length; j++) {
                if (address(params[j].strategy) == address(newParams[i].strategy)) {
                    revert InputDuplicateStrategy();
                }
            }
            if (newParams[i].multiplier == 0) revert InputMultiplierZero();
            params.push(newParams[i]);
            strategiesPerQuorum[quorumNumber].push(newParams[i].strategy);
            emit StrategyAddedToQuorum(quorumNumber, newParams[i].strategy);
            emit StrategyMultiplierUpdated(
                quorumNumber, newParams[i].strategy, newParams[i].multiplier
            );
        }
    }
}
