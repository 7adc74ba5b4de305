// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {ServiceManagerBase} from "../eigenlayer/middleware/ServiceManagerBase.sol";
import {IAVSDirectory} from "../eigenlayer/interfaces/IAVSDirectory.sol";
import {IRegistryCoordinator} from "../eigenlayer/interfaces/IRegistryCoordinator.sol";
import {IStakeRegistry} from "../eigenlayer/interfaces/IStakeRegistry.sol";
import {ISignatureUtils} from "../eigenlayer/interfaces/ISignatureUtils.sol";
import {BitmapUtils} from "../eigenlayer/libraries/BitmapUtils.sol";
import {IIncredibleSquaringTaskManager} from "./IIncredibleSquaringTaskManager.sol";
import {
    IIncredibleSquaringServiceManager,
    IFaultLedgerHolder
} from "./IIncredibleSquaringServiceManager.sol";
import {VetoableFreezer} from "./VetoableFreezer.sol";

/// @title The incredible-squaring AVS's ServiceManager: EigenLayer entry point plus freezing.
/// @notice Freeze requests come from the TaskManager's fault ledger after a successful
/// challenge, one batch of operators at a time. A
/// finalised freeze ejects the operator from all of the AVS's quorums (this contract is the
/// RegistryCoordinator's ejector) and `registerOperatorToAVS`, which the RegistryCoordinator
/// calls whenever an operator joins its first quorum, refuses frozen operators forever.
contract IncredibleSquaringServiceManager is ServiceManagerBase, VetoableFreezer {
    IIncredibleSquaringTaskManager public immutable incredibleSquaringTaskManager;

    /// @dev The TaskManager's fault ledger, read at call time (it is created by the TaskManager).
    modifier onlyFaultLedger() {
        require(
            msg.sender == IFaultLedgerHolder(address(incredibleSquaringTaskManager)).faultLedger(),
            "IncredibleSquaringServiceManager: caller is not the task manager's fault ledger"
        );
        _;
    }

    constructor(
        IAVSDirectory _avsDirectory,
        address _rewardsCoordinator,
        IRegistryCoordinator _registryCoordinator,
        IStakeRegistry _stakeRegistry,
        IIncredibleSquaringTaskManager _incredibleSquaringTaskManager,
        address[] memory _vetoCommittee,
        uint16 _vetoThreshold,
        uint32 _vetoWindowBlock
    ) ServiceManagerBase(_avsDirectory, _rewardsCoordinator, _registryCoordinator, _stakeRegistry) {
        incredibleSquaringTaskManager = _incredibleSquaringTaskManager;
        _setVetoCommittee(_vetoCommittee, _vetoThreshold);
        _setVetoWindow(_vetoWindowBlock);
    }

    // ---------------------------------------------------------------- admin

    /// @notice Replaces the whole veto committee and its threshold (pending vetoes stay counted).
    function setVetoCommittee(address[] calldata members, uint16 threshold) external onlyOwner {
        _setVetoCommittee(members, threshold);
    }

    /// @notice Veto window for requests raised from now on (existing deadlines do not move).
    function setVetoWindowBlock(uint32 newVetoWindowBlock) external onlyOwner {
        _setVetoWindow(newVetoWindowBlock);
    }

    // ---------------------------------------------------------------- freezing

    /// @inheritdoc IIncredibleSquaringServiceManager
    function requestFreezes(address[] calldata operators, uint32 taskIndex, uint8 reason)
        external
        onlyFaultLedger
        returns (uint256 firstRequestId, uint256 count)
    {
        return _requestFreezes(operators, taskIndex, reason);
    }

    /// @notice Frozen operators cannot (re-)join the AVS; everyone else goes through as usual.
    function registerOperatorToAVS(
        address operator,
        ISignatureUtils.SignatureWithSaltAndExpiry memory operatorSignature
    ) public override onlyRegistryCoordinator {
        require(!isFrozen[operator], "IncredibleSquaringServiceManager: operator is frozen");
        super.registerOperatorToAVS(operator, operatorSignature);
    }

    /// @dev Ejects the operator from every quorum it is still in (none if it already left).
    function _freeze(address operator) internal override {
        bytes32 operatorId = _registryCoordinator.getOperatorId(operator);
        if (operatorId == bytes32(0)) return;
        uint192 bitmap = _registryCoordinator.getCurrentQuorumBitmap(operatorId);
        if (bitmap == 0) return;
        _registryCoordinator.ejectOperator(operator, BitmapUtils.bitmapToBytesArray(bitmap));
    }
}
