// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IRegistryCoordinator} from "../eigenlayer/interfaces/IRegistryCoordinator.sol";
import {IIndexRegistry} from "../eigenlayer/interfaces/IIndexRegistry.sol";
import {IStakeRegistry} from "../eigenlayer/interfaces/IStakeRegistry.sol";
import {IBLSApkRegistry} from "../eigenlayer/interfaces/IBLSApkRegistry.sol";
import {IIncredibleSquaringTaskManager} from "./IIncredibleSquaringTaskManager.sol";
import {IIncredibleSquaringServiceManager} from "./IIncredibleSquaringServiceManager.sol";

/// @notice What the fault ledger reads from its TaskManager.
interface IFaultLedgerTaskManager {
    function allTaskHashes(uint32 taskIndex) external view returns (bytes32);
    function registryCoordinator() external view returns (IRegistryCoordinator);
    function stakeRegistry() external view returns (IStakeRegistry);
    function blsApkRegistry() external view returns (IBLSApkRegistry);
    function attestations() external view returns (IResponseAttestationBook);
}

/// @notice The one question the fault ledger asks the attestation book.
interface IResponseAttestationBook {
    function responseAttested(uint32 taskIndex, bytes32 operatorId) external view returns (bool);
}

/// @title Operators at fault after a successful challenge, assigned in bounded batches.
/// @notice A successful challenge records one fault assignment here (two storage slots) instead
/// of deriving and punishing every operator at fault in the challenge transaction, whose gas
/// would grow with the operator count. The operators at fault are derived lazily from the
/// chain's history: the members of each of the task's quorums at `taskCreatedBlock`, walked in
/// index order, minus the exempt ones: the verified non-signers for a wrong response; for a
/// missing response the attesters (`ResponseAttestations`) and members without stake in that
/// quorum. The opening call walks the first `OPENING_BATCH` list entries; anyone may walk the
/// rest with `assignFaults`, at most `maxEntries` entries per call, so every transaction stays
/// bounded. Each batch is handed to the ServiceManager's `requestFreezes` (freeze requests in
/// M2 deployments, slashing requests in slashing-era deployments).
/// Created by the TaskManager, which is the only caller of `open`.
contract FaultLedger {
    /// @notice Quorum list entries the opening call walks (enough for most AVSs to settle in the
    /// challenge transaction itself).
    uint256 public constant OPENING_BATCH = 32;

    /// @notice The TaskManager whose successful challenges are recorded here.
    IFaultLedgerTaskManager public immutable taskManager;

    /// @notice Progress of one task's fault assignment.
    struct FaultAssignment {
        /// @dev IIncredibleSquaringTaskManager.FaultReason.
        uint8 reason;
        /// @dev True from the challenge until every quorum list entry has been walked.
        bool open;
        /// @dev Position in `task.quorumNumbers` of the list being walked.
        uint8 quorumCursor;
        /// @dev Next index in that quorum's operator list at `taskCreatedBlock`.
        uint32 indexCursor;
        /// @dev Operators held at fault so far.
        uint32 operatorsAtFault;
        /// @dev Wrong response: the recorded `hashOfNonSigners` (binds the exemption list).
        bytes32 nonSignersHash;
    }

    mapping(uint32 => FaultAssignment) internal _assignments;
    /// @dev Operators already handled per task; only written for tasks over several quorums,
    /// where one operator may appear in more than one list.
    mapping(uint32 => mapping(bytes32 => bool)) internal _handled;

    event FaultAssignmentOpened(
        uint32 indexed taskIndex, IIncredibleSquaringTaskManager.FaultReason reason
    );
    /// @notice One batch of operators held at fault (freeze or slashing requests follow).
    event OperatorsAtFault(
        uint32 indexed taskIndex,
        IIncredibleSquaringTaskManager.FaultReason reason,
        address[] operators
    );
    /// @notice Every quorum list entry of the task has been walked.
    event FaultAssignmentCompleted(uint32 indexed taskIndex, uint32 operatorsAtFault);

    constructor(IFaultLedgerTaskManager _taskManager) {
        taskManager = _taskManager;
    }

    /// @notice TaskManager only, after a successful challenge: records the assignment and walks
    /// its first `OPENING_BATCH` entries. For a wrong response `nonSignerIds` are the verified,
    /// ascending non-signer pubkey hashes and `nonSignersHash` the recorded hash over them; for
    /// a missing response both are empty.
    function open(
        uint32 taskIndex,
        IIncredibleSquaringTaskManager.FaultReason reason,
        IIncredibleSquaringTaskManager.Task calldata task,
        bytes32[] calldata nonSignerIds,
        bytes32 nonSignersHash
    ) external returns (bool done) {
        require(msg.sender == address(taskManager), "FaultLedger: caller is not the task manager");
        FaultAssignment storage a = _assignments[taskIndex];
        require(!a.open && a.operatorsAtFault == 0, "FaultLedger: task already has faults");
        a.reason = uint8(reason);
        a.open = true;
        a.nonSignersHash = nonSignersHash;
        emit FaultAssignmentOpened(taskIndex, reason);
        (, done) = _walk(taskIndex, a, task, nonSignerIds, OPENING_BATCH);
    }

    /// @notice Walks up to `maxEntries` more quorum list entries of an open assignment and
    /// requests freezes (or slashing) for the operators at fault among them. Anyone may call;
    /// the task must match its stored hash and, for a wrong response, `nonSignerIds` the
    /// recorded non-signers (ascending, as `respondToTask` verified them).
    /// @return atFault operators held at fault in this call
    /// @return done whether the assignment is now complete
    function assignFaults(
        uint32 taskIndex,
        IIncredibleSquaringTaskManager.Task calldata task,
        bytes32[] calldata nonSignerIds,
        uint256 maxEntries
    ) external returns (uint256 atFault, bool done) {
        require(maxEntries > 0, "FaultLedger: maxEntries must be at least 1");
        FaultAssignment storage a = _assignments[taskIndex];
        require(a.open, "FaultLedger: no open fault assignment for this task");
        require(
            keccak256(abi.encode(task)) == taskManager.allTaskHashes(taskIndex),
            "supplied task does not match the one recorded in the contract"
        );
        if (a.reason == uint8(IIncredibleSquaringTaskManager.FaultReason.WrongResponse)) {
            require(
                keccak256(abi.encodePacked(task.taskCreatedBlock, nonSignerIds))
                    == a.nonSignersHash,
                "The pubkeys of non-signing operators supplied by the challenger are not correct."
            );
        }
        return _walk(taskIndex, a, task, nonSignerIds, maxEntries);
    }

    /// @notice A task's fault assignment (all zero when its response was never successfully
    /// challenged, or when the aggregator alone was at fault).
    function getFaultAssignment(uint32 taskIndex) external view returns (FaultAssignment memory) {
        return _assignments[taskIndex];
    }

    // ---------------------------------------------------------------- internals

    /// @dev One call's walk: what it reads (looked up once) and how far it got.
    struct Walk {
        uint32 taskIndex;
        uint32 taskCreatedBlock;
        uint8 quorum;
        bool noResponse;
        bool severalQuorums;
        IBLSApkRegistry apkRegistry;
        IStakeRegistry stakeRegistry;
        IResponseAttestationBook attestations;
        uint256 maxEntries;
        uint256 walked;
        uint256 count;
        address[] atFault;
    }

    function _walk(
        uint32 taskIndex,
        FaultAssignment storage a,
        IIncredibleSquaringTaskManager.Task calldata task,
        bytes32[] calldata nonSignerIds,
        uint256 maxEntries
    ) internal returns (uint256, bool done) {
        IRegistryCoordinator coordinator = taskManager.registryCoordinator();
        Walk memory w = _startWalk(taskIndex, a, task, maxEntries);
        IIndexRegistry indexRegistry = coordinator.indexRegistry();
        uint256 q = a.quorumCursor;
        uint256 i = a.indexCursor;
        while (q < task.quorumNumbers.length && w.walked < maxEntries) {
            w.quorum = uint8(task.quorumNumbers[q]);
            bool listEnded;
            (i, listEnded) = _walkList(w, indexRegistry, i, nonSignerIds);
            if (listEnded) {
                q++;
                i = 0;
            }
        }
        done = q == task.quorumNumbers.length;
        _record(a, w, q, i, done);
        if (w.count > 0) {
            IIncredibleSquaringServiceManager(address(coordinator.serviceManager()))
                .requestFreezes(w.atFault, taskIndex, a.reason);
        }
        if (done) emit FaultAssignmentCompleted(taskIndex, a.operatorsAtFault);
        return (w.count, done);
    }

    /// @dev Stores the progress (before the ServiceManager is called) and announces the batch.
    function _record(FaultAssignment storage a, Walk memory w, uint256 q, uint256 i, bool done)
        internal
    {
        a.quorumCursor = uint8(q);
        a.indexCursor = uint32(i);
        a.operatorsAtFault += uint32(w.count);
        if (done) a.open = false;
        address[] memory atFault = w.atFault;
        uint256 count = w.count;
        assembly {
            mstore(atFault, count)
        }
        if (count > 0) {
            emit OperatorsAtFault(
                w.taskIndex, IIncredibleSquaringTaskManager.FaultReason(a.reason), atFault
            );
        }
    }

    function _startWalk(
        uint32 taskIndex,
        FaultAssignment storage a,
        IIncredibleSquaringTaskManager.Task calldata task,
        uint256 maxEntries
    ) internal view returns (Walk memory w) {
        w.taskIndex = taskIndex;
        w.taskCreatedBlock = task.taskCreatedBlock;
        w.noResponse = a.reason == uint8(IIncredibleSquaringTaskManager.FaultReason.NoResponse);
        w.severalQuorums = task.quorumNumbers.length > 1;
        w.apkRegistry = taskManager.blsApkRegistry();
        if (w.noResponse) {
            w.stakeRegistry = taskManager.stakeRegistry();
            w.attestations = taskManager.attestations();
        }
        w.maxEntries = maxEntries;
        w.atFault = new address[](maxEntries);
    }

    /// @dev Walks the quorum's operator list at `taskCreatedBlock` from index `i` until the list
    /// ends or the call's budget is spent; returns where it stopped and whether the list ended.
    /// Each index is looked up on its own, so a call costs the same whatever the list length.
    function _walkList(
        Walk memory w,
        IIndexRegistry indexRegistry,
        uint256 i,
        bytes32[] calldata nonSignerIds
    ) internal returns (uint256, bool) {
        for (; w.walked < w.maxEntries; i++) {
            w.walked++;
            bytes32 id = _operatorAt(indexRegistry, w.quorum, uint32(i), w.taskCreatedBlock);
            // The list is contiguous from index 0: the first empty slot ends it.
            if (id == bytes32(0)) return (i, true);
            if (_exempt(w, id, nonSignerIds)) continue;
            if (w.severalQuorums) {
                if (_handled[w.taskIndex][id]) continue;
                _handled[w.taskIndex][id] = true;
            }
            w.atFault[w.count++] = w.apkRegistry.getOperatorFromPubkeyHash(id);
        }
        return (i, false);
    }

    /// @dev Who held slot `index` of the quorum's list at `blockNumber` (0: nobody). Usually the
    /// slot's latest entry; when the slot changed later, its history is read from the start up
    /// to the first entry after `blockNumber` (which exists: the latest one).
    function _operatorAt(
        IIndexRegistry indexRegistry,
        uint8 quorum,
        uint32 index,
        uint32 blockNumber
    ) internal view returns (bytes32 id) {
        IIndexRegistry.OperatorUpdate memory u =
            indexRegistry.getLatestOperatorUpdate(quorum, index);
        if (u.fromBlockNumber <= blockNumber) return u.operatorId;
        for (uint32 k = 0;; k++) {
            u = indexRegistry.getOperatorUpdateAtIndex(quorum, index, k);
            if (u.fromBlockNumber > blockNumber) return id;
            id = u.operatorId;
        }
    }

    /// @dev Wrong response: the non-signers are exempt. Missing response: attesters are exempt,
    /// and so are members without stake in this quorum (their signatures could not have
    /// changed the outcome).
    function _exempt(Walk memory w, bytes32 operatorId, bytes32[] calldata nonSignerIds)
        internal
        view
        returns (bool)
    {
        if (!w.noResponse) return _containsSorted(nonSignerIds, operatorId);
        if (w.attestations.responseAttested(w.taskIndex, operatorId)) return true;
        return w.stakeRegistry.getStakeAtBlockNumber(operatorId, w.quorum, w.taskCreatedBlock) == 0;
    }

    /// @dev Binary search in an ascending list of ids.
    function _containsSorted(bytes32[] calldata ids, bytes32 id) internal pure returns (bool) {
        uint256 lo = 0;
        uint256 hi = ids.length;
        while (lo < hi) {
            uint256 mid = (lo + hi) / 2;
            if (ids[mid] == id) return true;
            if (uint256(ids[mid]) < uint256(id)) lo = mid + 1;
            else hi = mid;
        }
        return false;
    }
}
