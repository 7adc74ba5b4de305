// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IAllocationManagerTypes} from "../interfaces/IAllocationManager.sol";

/// @notice What every middleware slasher shares: one authorised caller (`slasher`) and the
/// `OperatorSlashed` event emitted after AllocationManager slashed.
interface ISlasherEvents {
    event OperatorSlashed(
        uint256 indexed slashingRequestId,
        address indexed operator,
        uint32 indexed operatorSetId,
        uint256[] wadsToSlash,
        string description
    );
}

interface ISlasherErrors {
    error OnlySlasher();
}

interface ISlasher is ISlasherEvents, ISlasherErrors {
    function slasher() external view returns (address);
}

/// @notice Slashes at once, on the slasher's word.
interface IInstantSlasher is ISlasher {
    function fulfillSlashingRequest(IAllocationManagerTypes.SlashingParams calldata params)
        external
        returns (uint256 slashId);
    function fulfillSlashingRequestAndBurnOrRedistribute(
        IAllocationManagerTypes.SlashingParams calldata params
    ) external returns (uint256 slashId);
}

/// @notice Queues slashing requests that a veto committee may cancel for `vetoWindowBlocks`
/// blocks; after that the slasher fulfils them.
interface IVetoableSlasher is ISlasher {
    enum SlashingStatus {
        Requested,
        Cancelled,
        Completed
    }

    struct VetoableSlashingRequest {
        IAllocationManagerTypes.SlashingParams params;
        uint256 requestBlock;
        SlashingStatus status;
    }

    error OnlyVetoCommittee();
    error VetoPeriodPassed();
    error VetoPeriodNotPassed();
    error SlashingRequestIsCancelled();
    error SlashingRequestNotRequested();
    error SlashingRequestDoesNotExist();

    event SlashingRequested(
        uint256 indexed requestId,
        address indexed operator,
        uint32 operatorSetId,
        uint256[] wadsToSlash,
        string description
    );
    event SlashingRequestCancelled(uint256 indexed requestId);

    function queueSlashingRequest(IAllocationManagerTypes.SlashingParams calldata params)
        external
        returns (uint256 requestId);
    function cancelSlashingRequest(uint256 requestId) external;
    function fulfillSlashingRequest(uint256 requestId) external returns (uint256 slashId);
    function fulfillSlashingRequestAndBurnOrRedistribute(uint256 requestId)
        external
        returns (uint256 slashId);

    function vetoWindowBlocks() external view returns (uint32);
    function vetoCommittee() external view returns (address);
    function nextRequestId() external view returns (uint256);
    function slashIdOfRequest(uint256 requestId) external view returns (uint256);
    function getSlashingRequest(uint256 requestId)
        external
        view
        returns (VetoableSlashingRequest memory);
}
