// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IAllocationManager, IAllocationManagerTypes} from "../interfaces/IAllocationManager.sol";
import {IStrategyManager} from "../interfaces/IStrategyManager.sol";
import {ISlashingRegistryCoordinator} from "./ISlashingRegistryCoordinator.sol";
import {IVetoableSlasher} from "./ISlasher.sol";
import {SlasherBase} from "./SlasherBase.sol";

/// @title VetoableSlasher: slashing requests with a veto window.
/// @notice The slasher queues a request at block B. The veto committee may cancel it while
/// `block.number < B + vetoWindowBlocks` (the last block it can is B + window − 1); from block
/// B + window on, the slasher may fulfil it, which slashes through AllocationManager.
/// @dev Request ids come from a counter (0, 1, 2, …). Upstream numbers a request with the
/// set's current slash count, so two requests queued for one operator set before a fulfil
/// share an id and the second overwrites the first; a challenge that blames several operators
/// of one set queues several requests at once, so every request gets its own id here.
contract VetoableSlasher is IVetoableSlasher, SlasherBase {
    uint32 public immutable vetoWindowBlocks;
    address public immutable vetoCommittee;

    /// @notice Id the next queued request receives.
    uint256 public nextRequestId;
    mapping(uint256 requestId => VetoableSlashingRequest) public slashingRequests;
    /// @notice AllocationManager's slash id of a fulfilled request (0 until fulfilled).
    mapping(uint256 requestId => uint256) public slashIdOfRequest;

    constructor(
        IAllocationManager _allocationManager,
        IStrategyManager _strategyManager,
        ISlashingRegistryCoordinator _slashingRegistryCoordinator,
        address _slasher,
        address _vetoCommittee,
        uint32 _vetoWindowBlocks
    ) SlasherBase(_allocationManager, _strategyManager, _slashingRegistryCoordinator, _slasher) {
        vetoCommittee = _vetoCommittee;
        vetoWindowBlocks = _vetoWindowBlocks;
    }

    modifier onlyVetoCommittee() {
        if (msg.sender != vetoCommittee) revert OnlyVetoCommittee();
        _;
    }

    /// @inheritdoc IVetoableSlasher
    function queueSlashingRequest(IAllocationManagerTypes.SlashingParams calldata params)
        external
        onlySlasher
        returns (uint256 requestId)
    {
        requestId = nextRequestId++;
        VetoableSlashingRequest storage request = slashingRequests[requestId];
        request.params = params;
        request.requestBlock = block.number;
        request.status = SlashingStatus.Requested;
        emit SlashingRequested(
            requestId, params.operator, params.operatorSetId, params.wadsToSlash, params.description
        );
    }

    /// @inheritdoc IVetoableSlasher
    function cancelSlashingRequest(uint256 requestId) external onlyVetoCommittee {
        VetoableSlashingRequest storage request = _existing(requestId);
        if (block.number >= request.requestBlock + vetoWindowBlocks) revert VetoPeriodPassed();
        if (request.status != SlashingStatus.Requested) revert SlashingRequestNotRequested();
        request.status = SlashingStatus.Cancelled;
        emit SlashingRequestCancelled(requestId);
    }

    /// @inheritdoc IVetoableSlasher
    function fulfillSlashingRequest(uint256 requestId)
        external
        onlySlasher
        returns (uint256 slashId)
    {
        slashId = _fulfill(requestId);
    }

    /// @inheritdoc IVetoableSlasher
    function fulfillSlashingRequestAndBurnOrRedistribute(uint256 requestId)
        external
        onlySlasher
        returns (uint256 slashId)
    {
        slashId = _fulfill(requestId);
        _burnOrRedistribute(slashingRequests[requestId].params.operatorSetId, slashId);
    }

    /// @inheritdoc IVetoableSlasher
    function getSlashingRequest(uint256 requestId)
        external
        view
        returns (VetoableSlashingRequest memory)
    {
        if (requestId >= nextRequestId) revert SlashingRequestDoesNotExist();
        return slashingRequests[requestId];
    }

    function _existing(uint256 requestId) internal view returns (VetoableSlashingRequest storage) {
        if (requestId >= nextRequestId) revert SlashingRequestDoesNotExist();
        return slashingRequests[requestId];
    }

    function _fulfill(uint256 requestId) internal returns (uint256 slashId) {
        VetoableSlashingRequest storage request = _existing(requestId);
        if (block.number < request.requestBlock + vetoWindowBlocks) revert VetoPeriodNotPassed();
        if (request.status != SlashingStatus.Requested) revert SlashingRequestIsCancelled();
        request.status = SlashingStatus.Completed;
        slashId = _fulfillSlashingRequest(request.params);
        slashIdOfRequest[requestId] = slashId;
    }
}
