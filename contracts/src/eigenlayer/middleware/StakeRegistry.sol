// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IStakeRegistry} from "../interfaces/IStakeRegistry.sol";
import {IStrategy} from "../interfaces/IStrategy.sol";
import {IDelegationManager} from "../interfaces/IDelegationManager.sol";
import {IRegistryCoordinator} from "../interfaces/IRegistryCoordinator.sol";

/// @title StakeRegistry: per-quorum operator weights Σ shares·multiplier/1e18 with histories.
/// @notice Stakes are point-in-time records: they change only through the RegistryCoordinator.
contract StakeRegistry is IStakeRegistry {
    uint256 public constant WEIGHTING_DIVISOR = 1e18;
    uint8 public constant MAX_WEIGHING_FUNCTION_LENGTH = 32;

    address public immutable registryCoordinator;
    IDelegationManager public immutable delegation;

    mapping(uint8 quorumNumber => uint96) public minimumStakeForQuorum;
    mapping(uint8 quorumNumber => StrategyParams[]) public strategyParams;
    mapping(uint8 quorumNumber => IStrategy[]) public strategiesPerQuorum;
    mapping(uint8 quorumNumber => StakeUpdate[]) internal _totalStakeHistory;
    mapping(bytes32 operatorId => mapping(uint8 quorumNumber => StakeUpdate[])) internal
        operatorStakeHistory;

    constructor(IRegistryCoordinator _registryCoordinator, IDelegationManager _delegationManager) {
        registryCoordinator = address(_registryCoordinator);
        delegation = _delegationManager;
    }

    modifier onlyRegistryCoordinator() {
        require(
            msg.sender == registryCoordinator,
            "StakeRegistry.onlyRegistryCoordinator: caller is not the RegistryCoordinator"
        );
        _;
    }

    modifier onlyCoordinatorOwner() {
        require(
            msg.sender == IRegistryCoordinator(registryCoordinator).owner(),
            "StakeRegistry.onlyCoordinatorOwner: caller is not the owner of the registryCoordinator"
        );
        _;
    }

    modifier quorumExists(uint8 quorumNumber) {
        require(_quorumExists(quorumNumber), "StakeRegistry.quorumExists: quorum does not exist");
        _;
    }

    // ------------------------------------------------------------------ coordinator hooks

    /// @inheritdoc IStakeRegistry
    function registerOperator(address operator, bytes32 operatorId, bytes calldata quorumNumbers)
        external
        onlyRegistryCoordinator
        returns (uint96[] memory currentStakes, uint96[] memory totalStakes)
    {
        currentStakes = new uint96[](quorumNumbers.length);
        totalStakes = new uint96[](quorumNumbers.length);
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            uint8 quorumNumber = uint8(quorumNumbers[i]);
            require(
                _quorumExists(quorumNumber), "StakeRegistry.registerOperator: quorum does not exist"
            );
            (uint96 stake, bool hasMinimumStake) =
                _weightOfOperatorForQuorum(quorumNumber, operator);
            require(
                hasMinimumStake,
                "StakeRegistry.registerOperator: Operator does not meet minimum stake requirement for quorum"
            );
            int256 delta = _recordOperatorStakeUpdate(operatorId, quorumNumber, stake);
            currentStakes[i] = stake;
            totalStakes[i] = _recordTotalStakeUpdate(quorumNumber, delta);
        }
    }

    /// @inheritdoc IStakeRegistry
    function deregisterOperator(bytes32 operatorId, bytes calldata quorumNumbers)
        external
        onlyRegistryCoordinator
    {
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            uint8 quorumNumber = uint8(quorumNumbers[i]);
            require(
                _quorumExists(quorumNumber),
                "StakeRegistry.deregisterOperator: quorum does not exist"
            );
            int256 delta = _recordOperatorStakeUpdate(operatorId, quorumNumber, 0);
            _recordTotalStakeUpdate(quorumNumber, delta);
        }
    }

    /// @inheritdoc IStakeRegistry
    /// @return quorumsToRemove bitmap of quorums whose minimum the operator no longer meets.
    function updateOperatorStake(address operator, bytes32 operatorId, bytes calldata quorumNumbers)
        external
        onlyRegistryCoordinator
        returns (uint192 quorumsToRemove)
    {
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            uint8 quorumNumber = uint8(quorumNumbers[i]);
            require(
                _quorumExists(quorumNumber),
                "StakeRegistry.updateOperatorStake: quorum does not exist"
            );
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

    /// @inheritdoc IStakeRegistry
    function initializeQuorum(
        uint8 quorumNumber,
        uint96 minimumStake,
        StrategyParams[] memory _strategyParams
    ) external onlyRegistryCoordinator {
        require(
            !_quorumExists(quorumNumber), "StakeRegistry.initializeQuorum: quorum already exists"
        );
        _addStrategyParams(quorumNumber, _strategyParams);
        _setMinimumStakeForQuorum(quorumNumber, minimumStake);
        _totalStakeHistory[quorumNumber].push(
            StakeUpdate({
                updateBlockNumber: uint32(block.number), nextUpdateBlockNumber: 0, stake: 0
            })
        );
    }

    // ------------------------------------------------------------------ owner functions

    function setMinimumStakeForQuorum(uint8 quorumNumber, uint96 minimumStake)
        external
        onlyCoordinatorOwner
        quorumExists(quorumNumber)
    {
        _setMinimumStakeForQuorum(quorumNumber, minimumStake);
    }

    function addStrategies(uint8 quorumNumber, StrategyParams[] memory _strategyParams)
        external
        onlyCoordinatorOwner
        quorumExists(quorumNumber)
    {
        _addStrategyParams(quorumNumber, _strategyParams);
    }

    /// @dev Swap-and-pop: pass indices in descending order.
    function removeStrategies(uint8 quorumNumber, uint256[] calldata indicesToRemove)
        external
        onlyCoordinatorOwner
        quorumExists(quorumNumber)
    {
        require(
            indicesToRemove.length != 0,
            "StakeRegistry.removeStrategies: no indices to remove provided"
        );
        StrategyParams[] storage params = strategyParams[quorumNumber];
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
        require(
            strategyIndices.length != 0,
            "StakeRegistry.modifyStrategyParams: no strategy indices provided"
        );
        require(
            strategyIndices.length == newMultipliers.length,
            "StakeRegistry.modifyStrategyParams: input length mismatch"
        );
        StrategyParams[] storage params = strategyParams[quorumNumber];
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
        returns (StrategyParams memory)
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
        returns (StakeUpdate[] memory)
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
        returns (StakeUpdate memory update)
    {
        StakeUpdate[] storage history = operatorStakeHistory[operatorId][quorumNumber];
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
        returns (StakeUpdate memory)
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
        StakeUpdate[] storage history = operatorStakeHistory[operatorId][quorumNumber];
        for (uint256 i = history.length; i > 0; i--) {
            if (history[i - 1].updateBlockNumber <= blockNumber) return uint32(i - 1);
        }
        revert(
            "StakeRegistry._getStakeUpdateIndexForOperatorAtBlockNumber: no stake update found for operatorId and quorumNumber at block number"
        );
    }

    function getStakeAtBlockNumberAndIndex(
        uint8 quorumNumber,
        uint32 blockNumber,
        bytes32 operatorId,
        uint256 index
    ) external view returns (uint96) {
        StakeUpdate memory update = operatorStakeHistory[operatorId][quorumNumber][index];
        _validateStakeUpdateAtBlockNumber(update, blockNumber);
        return update.stake;
    }

    function getTotalStakeHistoryLength(uint8 quorumNumber) external view returns (uint256) {
        return _totalStakeHistory[quorumNumber].length;
    }

    function getCurrentTotalStake(uint8 quorumNumber) external view returns (uint96) {
        StakeUpdate[] storage history = _totalStakeHistory[quorumNumber];
        return history.length == 0 ? 0 : history[history.length - 1].stake;
    }

    function getTotalStakeUpdateAtIndex(uint8 quorumNumber, uint256 index)
        external
        view
        returns (StakeUpdate memory)
    {
        return _totalStakeHistory[quorumNumber][index];
    }

    function getTotalStakeAtBlockNumberFromIndex(
        uint8 quorumNumber,
        uint32 blockNumber,
        uint256 index
    ) external view returns (uint96) {
        StakeUpdate memory update = _totalStakeHistory[quorumNumber][index];
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
            require(
                _quorumExists(quorumNumber),
                "StakeRegistry.getTotalStakeIndicesAtBlockNumber: quorum does not exist"
            );
            StakeUpdate[] storage history = _totalStakeHistory[quorumNumber];
            require(
                history[0].updateBlockNumber <= blockNumber,
                "StakeRegistry.getTotalStakeIndicesAtBlockNumber: quorum has no stake history at blockNumber"
            );
            uint256 j = history.length - 1;
            while (history[j].updateBlockNumber > blockNumber) j--;
            indices[i] = uint32(j);
        }
    }

    // ------------------------------------------------------------------ internals

    function _quorumExists(uint8 quorumNumber) internal view returns (bool) {
        return _totalStakeHistory[quorumNumber].length != 0;
    }

    function _validateStakeUpdateAtBlockNumber(StakeUpdate memory update, uint32 blockNumber)
        internal
        pure
    {
        require(
            update.updateBlockNumber <= blockNumber,
            "StakeRegistry._validateStakeUpdateAtBlockNumber: stakeUpdate is from after blockNumber"
        );
        require(
            update.nextUpdateBlockNumber == 0 || blockNumber < update.nextUpdateBlockNumber,
            "StakeRegistry._validateStakeUpdateAtBlockNumber: there is a newer stakeUpdate available before blockNumber"
        );
    }

    /// @dev weight = Σ uint96(shares_i · multiplier_i / 1e18); each term truncated, sum checked.
    function _weightOfOperatorForQuorum(uint8 quorumNumber, address operator)
        internal
        view
        returns (uint96 weight, bool hasMinimumStake)
    {
        StrategyParams[] storage params = strategyParams[quorumNumber];
        uint256[] memory shares =
            delegation.getOperatorShares(operator, strategiesPerQuorum[quorumNumber]);
        for (uint256 i = 0; i < params.length; i++) {
            if (shares[i] != 0) {
                weight += uint96(shares[i] * params[i].multiplier / WEIGHTING_DIVISOR);
            }
        }
        hasMinimumStake = weight >= minimumStakeForQuorum[quorumNumber];
    }

    /// @dev Writes only on change (first record always); returns new − old.
    function _recordOperatorStakeUpdate(bytes32 operatorId, uint8 quorumNumber, uint96 newStake)
        internal
        returns (int256 delta)
    {
        StakeUpdate[] storage history = operatorStakeHistory[operatorId][quorumNumber];
        uint96 previous;
        uint256 len = history.length;
        if (len == 0) {
            history.push(
                StakeUpdate({
                    updateBlockNumber: uint32(block.number),
                    nextUpdateBlockNumber: 0,
                    stake: newStake
                })
            );
        } else {
            StakeUpdate storage last = history[len - 1];
            previous = last.stake;
            if (previous == newStake) return 0;
            _writeOver(history, last, newStake);
        }
        emit OperatorStakeUpdate(operatorId, quorumNumber, newStake);
        return int256(uint256(newStake)) - int256(uint256(previous));
    }

    /// @dev Applies delta to the quorum total; returns the new total.
    function _recordTotalStakeUpdate(uint8 quorumNumber, int256 delta) internal returns (uint96) {
        StakeUpdate[] storage history = _totalStakeHistory[quorumNumber];
        StakeUpdate storage last = history[history.length - 1];
        if (delta == 0) return last.stake;
        uint96 newTotal = uint96(uint256(int256(uint256(last.stake)) + delta));
        _writeOver(history, last, newTotal);
        return newTotal;
    }

    /// @dev Same-block overwrite, otherwise close the last record and append a new one.
    function _writeOver(StakeUpdate[] storage history, StakeUpdate storage last, uint96 value)
        private
    {
        if (last.updateBlockNumber == uint32(block.number)) {
            last.stake = value;
        } else {
            last.nextUpdateBlockNumber = uint32(block.number);
            history.push(
                StakeUpdate({
                    updateBlockNumber: uint32(block.number), nextUpdateBlockNumber: 0, stake: value
                })
            );
        }
    }

    function _setMinimumStakeForQuorum(uint8 quorumNumber, uint96 minimumStake) internal {
        minimumStakeForQuorum[quorumNumber] = minimumStake;
        emit MinimumStakeForQuorumUpdated(quorumNumber, minimumStake);
    }

    function _addStrategyParams(uint8 quorumNumber, StrategyParams[] memory newParams) internal {
        require(newParams.length != 0, "StakeRegistry._addStrategyParams: no strategies provided");
        StrategyParams[] storage params = strategyParams[quorumNumber];
        require(
            params.length + newParams.length <= MAX_WEIGHING_FUNCTION_LENGTH,
            "StakeRegistry._addStrategyParams: exceed MAX_WEIGHING_FUNCTION_LENGTH"
        );
        for (uint256 i = 0; i < newParams.length; i++) {
            for (uint256 j = 0; j < params.length; j++) {
                require(
                    address(params[j].strategy) != address(newParams[i].strategy),
                    "StakeRegistry._addStrategyParams: cannot add same strategy 2x"
                );
            }
            require(
                newParams[i].multiplier > 0,
                "StakeRegistry._addStrategyParams: cannot add strategy with zero weight"
            );
            params.push(newParams[i]);
            strategiesPerQuorum[quorumNumber].push(newParams[i].strategy);
            emit StrategyAddedToQuorum(quorumNumber, newParams[i].strategy);
            emit StrategyMultiplierUpdated(
                quorumNumber, newParams[i].strategy, newParams[i].multiplier
            );
        }
    }
}
