// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/// @title Freezing with a veto committee, as seen from outside the ServiceManager.
/// @notice Lifecycle of a freeze request: the TaskManager's fault ledger raises it after a
/// successful challenge (`Pending`); veto-committee members may veto it until `vetoDeadlineBlock`
/// (inclusive) and it becomes `Vetoed` once `vetoThreshold` members did; after the deadline
/// anyone may finalise a still-pending request (`Finalized`), which freezes the operator:
/// it is ejected from every quorum of the AVS and can never register again.
interface IIncredibleSquaringServiceManager {
    enum FreezeStatus {
        None,
        Pending,
        Vetoed,
        Finalized
    }

    struct FreezeRequest {
        address operator;
        uint32 taskIndex;
        /// @dev IIncredibleSquaringTaskManager.FaultReason: 0 wrong response, 1 no response.
        uint8 reason;
        uint32 requestedBlock;
        uint32 vetoDeadlineBlock;
        uint16 vetoes;
        FreezeStatus status;
    }

    event FreezeRequested(
        uint256 indexed requestId,
        address indexed operator,
        uint32 indexed taskIndex,
        uint8 reason,
        uint32 vetoDeadlineBlock
    );
    event FreezeVetoCast(uint256 indexed requestId, address indexed member, uint16 vetoes);
    event FreezeRequestVetoed(uint256 indexed requestId, address indexed operator);
    event FreezeRequestFinalized(uint256 indexed requestId, address indexed operator);
    event OperatorFrozen(address indexed operator, uint256 indexed requestId);
    event VetoCommitteeUpdated(address[] members, uint16 threshold);
    event VetoWindowUpdated(uint32 previousVetoWindowBlock, uint32 newVetoWindowBlock);

    /// @notice Only the TaskManager's `FaultLedger` (one batch of operators at fault at a time):
    /// one freeze request per operator (frozen operators are skipped).
    function requestFreezes(address[] calldata operators, uint32 taskIndex, uint8 reason)
        external
        returns (uint256 firstRequestId, uint256 count);

    function vetoFreezeRequest(uint256 requestId) external;

    function finalizeFreezeRequest(uint256 requestId) external;

    function isFrozen(address operator) external view returns (bool);

    function getFreezeRequest(uint256 requestId) external view returns (FreezeRequest memory);

    function freezeRequestCount() external view returns (uint256);

    function getVetoCommittee() external view returns (address[] memory members, uint16 threshold);

    function vetoWindowBlock() external view returns (uint32);
}

/// @notice The one TaskManager getter a ServiceManager needs to know who may request freezes.
interface IFaultLedgerHolder {
    function faultLedger() external view returns (address);
}
