// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IAVSDirectory} from "../eigenlayer/interfaces/IAVSDirectory.sol";
import {IStrategy} from "../eigenlayer/interfaces/IStrategy.sol";
import {
    IAllocationManager,
    IAllocationManagerTypes
} from "../eigenlayer/slashing/interfaces/IAllocationManager.sol";
import {IPermissionController} from "../eigenlayer/slashing/interfaces/IPermissionController.sol";
import {IRewardsCoordinator} from "../eigenlayer/slashing/interfaces/IRewardsCoordinator.sol";
import {OperatorSet} from "../eigenlayer/slashing/interfaces/OperatorSet.sol";
import {
    ISlashingRegistryCoordinator
} from "../eigenlayer/slashing/middleware/ISlashingRegistryCoordinator.sol";
import {ISlashingStakeRegistry} from "../eigenlayer/slashing/middleware/ISlashingStakeRegistry.sol";
import {IInstantSlasher, IVetoableSlasher} from "../eigenlayer/slashing/middleware/ISlasher.sol";
import {ServiceManagerBase} from "../eigenlayer/slashing/middleware/ServiceManagerBase.sol";
import {IIncredibleSquaringTaskManager} from "./IIncredibleSquaringTaskManager.sol";
import {IFaultLedgerHolder} from "./IIncredibleSquaringServiceManager.sol";

/// @title The incredible-squaring ServiceManager in slashing mode.
/// @notice The TaskManager's fault ledger hands the operators at fault of every successful
/// challenge, in bounded batches, to its coordinator's ServiceManager through
/// `requestFreezes(operators, taskIndex, reason)`; in M2 deployments that raises freeze
/// requests, here it turns each operator at fault into slashing: one request per operator and
/// per operator-set quorum of this AVS in which the operator is slashable and whose slasher is
/// our slasher contract, for `wadToSlash` of every strategy of the set (ascending addresses).
/// With a VetoableSlasher the requests are queued (the veto committee may cancel them during
/// the window) and anyone may fulfil them afterwards through this contract; with an
/// InstantSlasher they are carried out at once.
contract IncredibleSquaringSlashingServiceManager is ServiceManagerBase {
    enum SlasherKind {
        Vetoable,
        Instant
    }

    uint256 internal constant WAD = 1e18;
    /// @notice Default share of each strategy slashed per fault: 10 %.
    uint256 public constant DEFAULT_WAD_TO_SLASH = 1e17;

    IIncredibleSquaringTaskManager public immutable incredibleSquaringTaskManager;
    /// @notice The VetoableSlasher or InstantSlasher whose `slasher` is this contract.
    address public immutable slasherContract;
    SlasherKind public immutable slasherKind;

    /// @notice Fraction (WAD = 100 %) of each strategy's slashable magnitude slashed per fault.
    uint256 public wadToSlash;

    error OnlyFaultLedger();
    error InvalidWadToSlash();
    error NotVetoableSlasher();

    event WadToSlashUpdated(uint256 previousWadToSlash, uint256 newWadToSlash);
    /// @notice One slashing request (Vetoable: its request id; Instant: AllocationManager's
    /// slash id) for an operator at fault in task `taskIndex`.
    event OperatorSlashingRequested(
        uint256 indexed requestId,
        address indexed operator,
        uint32 indexed taskIndex,
        uint32 operatorSetId,
        uint8 reason,
        bool instant
    );

    constructor(
        IAVSDirectory _avsDirectory,
        IRewardsCoordinator _rewardsCoordinator,
        ISlashingRegistryCoordinator _registryCoordinator,
        ISlashingStakeRegistry _stakeRegistry,
        IPermissionController _permissionController,
        IAllocationManager _allocationManager,
        IIncredibleSquaringTaskManager _incredibleSquaringTaskManager,
        address _slasherContract,
        SlasherKind _slasherKind
    )
        ServiceManagerBase(
            _avsDirectory,
            _rewardsCoordinator,
            _registryCoordinator,
            _stakeRegistry,
            _permissionController,
            _allocationManager
        )
    {
        incredibleSquaringTaskManager = _incredibleSquaringTaskManager;
        slasherContract = _slasherContract;
        slasherKind = _slasherKind;
        _setWadToSlash(DEFAULT_WAD_TO_SLASH);
    }

    // ---------------------------------------------------------------- admin

    function setWadToSlash(uint256 newWadToSlash) external onlyOwner {
        _setWadToSlash(newWadToSlash);
    }

    // ---------------------------------------------------------------- faults

    /// @notice The TaskManager's fault ledger only: slashing requests against one batch of
    /// operators at fault. Same selector as the M2 ServiceManager's freeze entry point, so one
    /// TaskManager serves both.
    /// @return firstRequestId the first request's id (Instant: the first slash id)
    /// @return count the number of requests made
    function requestFreezes(address[] calldata operators, uint32 taskIndex, uint8 reason)
        external
        returns (uint256 firstRequestId, uint256 count)
    {
        if (msg.sender != IFaultLedgerHolder(address(incredibleSquaringTaskManager)).faultLedger())
        {
            revert OnlyFaultLedger();
        }
        uint8 quorums = _registryCoordinator.quorumCount();
        for (uint256 i = 0; i < operators.length; i++) {
            if (operators[i] == address(0)) continue;
            for (uint8 q = 0; q < quorums; q++) {
                OperatorSet memory set = OperatorSet({avs: address(this), id: q});
                if (!allocationManager.isOperatorSet(set)) continue;
                if (allocationManager.getSlasher(set) != slasherContract) continue;
                if (!allocationManager.isOperatorSlashable(operators[i], set)) continue;
                uint256 id = _requestSlashing(operators[i], set, taskIndex, reason);
                if (count == 0) firstRequestId = id;
                count++;
            }
        }
    }

    /// @notice Fulfils a queued request whose veto window has passed (anyone may call).
    function fulfillSlashingRequest(uint256 requestId) external returns (uint256 slashId) {
        return _vetoable().fulfillSlashingRequest(requestId);
    }

    /// @notice Same, and sends the slashed shares to the burn address in the same transaction.
    function fulfillSlashingRequestAndBurnOrRedistribute(uint256 requestId)
        external
        returns (uint256 slashId)
    {
        return _vetoable().fulfillSlashingRequestAndBurnOrRedistribute(requestId);
    }

    // ---------------------------------------------------------------- internals

    function _vetoable() internal view returns (IVetoableSlasher) {
        if (slasherKind != SlasherKind.Vetoable) revert NotVetoableSlasher();
        return IVetoableSlasher(slasherContract);
    }

    function _setWadToSlash(uint256 newWadToSlash) internal {
        if (newWadToSlash == 0 || newWadToSlash > WAD) revert InvalidWadToSlash();
        emit WadToSlashUpdated(wadToSlash, newWadToSlash);
        wadToSlash = newWadToSlash;
    }

    function _requestSlashing(
        address operator,
        OperatorSet memory set,
        uint32 taskIndex,
        uint8 reason
    ) internal returns (uint256 id) {
        IStrategy[] memory strategies =
            _ascending(allocationManager.getStrategiesInOperatorSet(set));
        uint256[] memory wads = new uint256[](strategies.length);
        for (uint256 j = 0; j < wads.length; j++) {
            wads[j] = wadToSlash;
        }
        IAllocationManagerTypes.SlashingParams memory params = IAllocationManagerTypes.SlashingParams({
            operator: operator,
            operatorSetId: set.id,
            strategies: strategies,
            wadsToSlash: wads,
            description: _description(taskIndex, reason)
        });
        bool instant = slasherKind == SlasherKind.Instant;
        id = instant
            ? IInstantSlasher(slasherContract).fulfillSlashingRequest(params)
            : IVetoableSlasher(slasherContract).queueSlashingRequest(params);
        emit OperatorSlashingRequested(id, operator, taskIndex, set.id, reason, instant);
    }

    /// @dev AllocationManager requires strictly ascending strategy addresses; its set order is
    /// insertion order.
    function _ascending(IStrategy[] memory list) internal pure returns (IStrategy[] memory) {
        for (uint256 i = 1; i < list.length; i++) {
            for (uint256 j = i; j > 0 && address(list[j - 1]) > address(list[j]); j--) {
                (list[j - 1], list[j]) = (list[j], list[j - 1]);
            }
        }
        return list;
    }

    function _description(uint32 taskIndex, uint8 reason) internal pure returns (string memory) {
        return string.concat(
            "incredible-squaring task ",
            _toString(taskIndex),
            reason == uint8(IIncredibleSquaringTaskManager.FaultReason.NoResponse)
                ? ": no response"
                : ": wrong response"
        );
    }

    function _toString(uint256 value) internal pure returns (string memory) {
        if (value == 0) return "0";
        uint256 digits;
        for (uint256 v = value; v != 0; v /= 10) {
            digits++;
        }
        bytes memory out = new bytes(digits);
        for (; value != 0; value /= 10) {
            out[--digits] = bytes1(uint8(48 + value % 10));
        }
        return string(out);
    }
}
