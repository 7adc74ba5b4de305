// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IIncredibleSquaringServiceManager} from "./IIncredibleSquaringServiceManager.sol";

/// @title Freeze requests that a veto committee can stop, then anyone can finalise.
/// @notice Holds the bookkeeping only; the contract that inherits it decides who may raise
/// requests and administer the committee, and what freezing does (`_freeze`).
abstract contract VetoableFreezer is IIncredibleSquaringServiceManager {
    uint16 internal constant MAX_COMMITTEE_SIZE = 64;

    mapping(uint256 => FreezeRequest) internal _freezeRequests;
    /// @notice Whether `member` vetoed request `requestId`.
    mapping(uint256 => mapping(address => bool)) public hasVetoed;
    /// @notice Whether `member` currently sits on the veto committee.
    mapping(address => bool) public isVetoCommitteeMember;
    /// @inheritdoc IIncredibleSquaringServiceManager
    mapping(address => bool) public isFrozen;
    /// @inheritdoc IIncredibleSquaringServiceManager
    uint256 public freezeRequestCount;
    /// @inheritdoc IIncredibleSquaringServiceManager
    uint32 public vetoWindowBlock;
    /// @notice Number of member vetoes that cancels a request.
    uint16 public vetoThreshold;
    address[] internal _vetoCommittee;

    modifier onlyVetoCommittee() {
        require(
            isVetoCommitteeMember[msg.sender],
            "VetoableFreezer: caller is not a veto committee member"
        );
        _;
    }

    /// @dev Freezing side effect (ejection etc.); called once per operator, when it gets frozen.
    function _freeze(address operator) internal virtual;

    // ---------------------------------------------------------------- committee admin

    function _setVetoCommittee(address[] memory members, uint16 threshold) internal {
        require(
            members.length > 0 && members.length <= MAX_COMMITTEE_SIZE,
            "VetoableFreezer: committee must have 1 to 64 members"
        );
        require(
            threshold > 0 && threshold <= members.length,
            "VetoableFreezer: threshold must be between 1 and the committee size"
        );
        for (uint256 i = 0; i < _vetoCommittee.length; i++) {
            isVetoCommitteeMember[_vetoCommittee[i]] = false;
        }
        delete _vetoCommittee;
        for (uint256 i = 0; i < members.length; i++) {
            require(members[i] != address(0), "VetoableFreezer: zero address in committee");
            require(
                !isVetoCommitteeMember[members[i]], "VetoableFreezer: duplicate committee member"
            );
            isVetoCommitteeMember[members[i]] = true;
            _vetoCommittee.push(members[i]);
        }
        vetoThreshold = threshold;
        emit VetoCommitteeUpdated(members, threshold);
    }

    function _setVetoWindow(uint32 newVetoWindowBlock) internal {
        require(newVetoWindowBlock > 0, "VetoableFreezer: veto window must be at least 1 block");
        emit VetoWindowUpdated(vetoWindowBlock, newVetoWindowBlock);
        vetoWindowBlock = newVetoWindowBlock;
    }

    // ---------------------------------------------------------------- lifecycle

    function _requestFreezes(address[] calldata operators, uint32 taskIndex, uint8 reason)
        internal
        returns (uint256 firstRequestId, uint256 count)
    {
        firstRequestId = freezeRequestCount;
        // The window is fixed per request so later window changes cannot shorten a veto period.
        uint32 deadline = uint32(block.number) + vetoWindowBlock;
        for (uint256 i = 0; i < operators.length; i++) {
            address operator = operators[i];
            if (operator == address(0) || isFrozen[operator]) continue;
            uint256 id = firstRequestId + count;
            _freezeRequests[id] = FreezeRequest({
                operator: operator,
                taskIndex: taskIndex,
                reason: reason,
                requestedBlock: uint32(block.number),
                vetoDeadlineBlock: deadline,
                vetoes: 0,
                status: FreezeStatus.Pending
            });
            emit FreezeRequested(id, operator, taskIndex, reason, deadline);
            count++;
        }
        freezeRequestCount = firstRequestId + count;
    }

    /// @inheritdoc IIncredibleSquaringServiceManager
    function vetoFreezeRequest(uint256 requestId) external onlyVetoCommittee {
        FreezeRequest storage req = _freezeRequests[requestId];
        require(req.status == FreezeStatus.Pending, "VetoableFreezer: request is not pending");
        require(
            uint32(block.number) <= req.vetoDeadlineBlock, "VetoableFreezer: veto window has passed"
        );
        require(!hasVetoed[requestId][msg.sender], "VetoableFreezer: already vetoed");
        hasVetoed[requestId][msg.sender] = true;
        req.vetoes += 1;
        emit FreezeVetoCast(requestId, msg.sender, req.vetoes);
        if (req.vetoes >= vetoThreshold) {
            req.status = FreezeStatus.Vetoed;
            emit FreezeRequestVetoed(requestId, req.operator);
        }
    }

    /// @inheritdoc IIncredibleSquaringServiceManager
    function finalizeFreezeRequest(uint256 requestId) external {
        FreezeRequest storage req = _freezeRequests[requestId];
        require(req.status == FreezeStatus.Pending, "VetoableFreezer: request is not pending");
        require(
            uint32(block.number) > req.vetoDeadlineBlock,
            "VetoableFreezer: veto window has not passed yet"
        );
        req.status = FreezeStatus.Finalized;
        emit FreezeRequestFinalized(requestId, req.operator);
        // Several requests may target one operator (one per faulty task); only the first freezes.
        if (!isFrozen[req.operator]) {
            isFrozen[req.operator] = true;
            emit OperatorFrozen(req.operator, requestId);
            _freeze(req.operator);
        }
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IIncredibleSquaringServiceManager
    function getFreezeRequest(uint256 requestId) external view returns (FreezeRequest memory) {
        require(requestId < freezeRequestCount, "VetoableFreezer: no such request");
        return _freezeRequests[requestId];
    }

    /// @inheritdoc IIncredibleSquaringServiceManager
    function getVetoCommittee() external view returns (address[] memory members, uint16 threshold) {
        return (_vetoCommittee, vetoThreshold);
    }
}
