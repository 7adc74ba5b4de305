// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {BitmapUtils} from "../../libraries/BitmapUtils.sol";
import {IBLSApkRegistry} from "../../interfaces/IBLSApkRegistry.sol";
import {IIndexRegistry} from "../../interfaces/IIndexRegistry.sol";
import {ISocketRegistry} from "../../interfaces/ISocketRegistry.sol";
import {ISignatureUtils} from "../../interfaces/ISignatureUtils.sol";
import {IStakeRegistry} from "../../interfaces/IStakeRegistry.sol";
import {IAllocationManager} from "../interfaces/IAllocationManager.sol";
import {IPauserRegistry} from "../interfaces/IPauserRegistry.sol";
import {ISlashingStakeRegistry} from "./ISlashingStakeRegistry.sol";
import {ISlashingServiceManager} from "./ISlashingServiceManager.sol";
import {SlashingRegistryCoordinator} from "./SlashingRegistryCoordinator.sol";

/// @title RegistryCoordinator (middleware v2): M2 quorums and operator-set quorums side by side.
/// @notice M2 quorums are joined with the M2 `registerOperator(bytes,…)` (AVSDirectory
/// signature, forwarded by the ServiceManager) and left with `deregisterOperator(bytes)`;
/// operator-set quorums only through AllocationManager. The first quorum created with
/// `createTotalDelegatedStakeQuorum` / `createSlashableStakeQuorum` freezes the set of M2
/// quorums (`m2QuorumBitmap`) and turns `operatorSetsEnabled` on for good. Without proxies
/// there is no upgrade from an M2 coordinator, so M2 quorums are created here with the M2
/// `createQuorum`, which is refused once operator sets are enabled.
contract RegistryCoordinator is SlashingRegistryCoordinator {
    using BitmapUtils for uint256;

    struct SlashingRegistryParams {
        ISlashingStakeRegistry stakeRegistry;
        IBLSApkRegistry blsApkRegistry;
        IIndexRegistry indexRegistry;
        ISocketRegistry socketRegistry;
        IAllocationManager allocationManager;
        IPauserRegistry pauserRegistry;
    }

    struct RegistryCoordinatorParams {
        ISlashingServiceManager serviceManager;
        SlashingRegistryParams slashingParams;
    }

    error OnlyM2QuorumsAllowed();
    error M2QuorumRegistrationIsDisabled();
    error OperatorSetsNotEnabled();
    error OperatorSetsAlreadyEnabled();
    error OnlyOperatorSetQuorumsAllowed();

    event OperatorSetsEnabled();
    event M2QuorumRegistrationDisabled();

    ISlashingServiceManager public immutable serviceManager;

    /// @notice Quorums created before operator sets were enabled (bit q = quorum q).
    uint256 public m2QuorumBitmap;
    bool public operatorSetsEnabled;
    bool public isM2QuorumRegistrationDisabled;

    constructor(RegistryCoordinatorParams memory params)
        SlashingRegistryCoordinator(
            params.slashingParams.stakeRegistry,
            params.slashingParams.blsApkRegistry,
            params.slashingParams.indexRegistry,
            params.slashingParams.socketRegistry,
            params.slashingParams.allocationManager,
            params.slashingParams.pauserRegistry,
            "v0.0.1"
        )
    {
        serviceManager = params.serviceManager;
    }

    // ------------------------------------------------------------------ M2 entry points

    /// @notice M2 registration into M2 quorums; on the operator's first M2 quorum the
    /// ServiceManager registers it with the AVSDirectory (checking `operatorSignature`).
    function registerOperator(
        bytes memory quorumNumbers,
        string memory socket,
        IBLSApkRegistry.PubkeyRegistrationParams memory params,
        ISignatureUtils.SignatureWithSaltAndExpiry memory operatorSignature
    ) external onlyWhenNotPaused(PAUSED_REGISTER_OPERATOR) {
        if (isM2QuorumRegistrationDisabled) revert M2QuorumRegistrationIsDisabled();
        _checkM2Quorums(quorumNumbers);
        bytes32 operatorId = _getOrCreateOperatorId(msg.sender, params);
        if (!_hasM2Quorum(operatorId)) {
            serviceManager.registerOperatorToAVS(msg.sender, operatorSignature);
        }
        uint32[] memory counts = _registerOperator(msg.sender, operatorId, quorumNumbers, socket);
        _checkMaxOperatorCounts(quorumNumbers, counts);
    }

    /// @notice M2 deregistration from M2 quorums (operator-set quorums are left through
    /// AllocationManager).
    function deregisterOperator(bytes memory quorumNumbers)
        external
        onlyWhenNotPaused(PAUSED_DEREGISTER_OPERATOR)
    {
        _checkM2Quorums(quorumNumbers);
        _deregisterOperator(msg.sender, quorumNumbers);
    }

    /// @notice Creates an M2 quorum (total delegated stake, no operator set). Only before
    /// operator sets are enabled: it stands in for the quorums an upgraded M2 coordinator had.
    function createQuorum(
        OperatorSetParam memory operatorSetParams,
        uint96 minimumStake,
        IStakeRegistry.StrategyParams[] memory strategyParams
    ) external onlyOwner {
        if (operatorSetsEnabled) {
            revert OperatorSetsAlreadyEnabled();
        }
        _createQuorum(
            operatorSetParams,
            minimumStake,
            strategyParams,
            ISlashingStakeRegistry.StakeType.TOTAL_DELEGATED,
            0,
            address(0),
            false
        );
    }

    /// @notice One-way switch: no new M2 registrations (existing M2 members may still leave).
    function disableM2QuorumRegistration() external onlyOwner {
        if (isM2QuorumRegistrationDisabled) revert M2QuorumRegistrationIsDisabled();
        isM2QuorumRegistrationDisabled = true;
        emit M2QuorumRegistrationDisabled();
    }

    // ------------------------------------------------------------------ views

    /// @notice Whether `quorumNumber` is an M2 quorum (all existing quorums are, until operator
    /// sets are enabled).
    function isM2Quorum(uint8 quorumNumber) public view returns (bool) {
        if (!operatorSetsEnabled) return quorumNumber < quorumCount;
        return m2QuorumBitmap.numberIsInBitmap(quorumNumber);
    }

    // ------------------------------------------------------------------ hooks

    function _beforeCreateQuorum(uint8 quorumNumber) internal override {
        if (operatorSetsEnabled) return;
        m2QuorumBitmap = (uint256(1) << quorumNumber) - 1;
        operatorSetsEnabled = true;
        emit OperatorSetsEnabled();
    }

    function _checkOperatorSetQuorums(bytes memory quorumNumbers) internal view override {
        if (!operatorSetsEnabled) revert OperatorSetsNotEnabled();
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            if (isM2Quorum(uint8(quorumNumbers[i]))) revert OnlyOperatorSetQuorumsAllowed();
        }
    }

    /// @dev M2 quorums are left locally; operator-set quorums through AllocationManager.
    function _kickOperator(address operator, bytes memory quorumNumbers) internal override {
        uint256 bitmap = BitmapUtils.orderedBytesArrayToBitmap(quorumNumbers);
        uint256 m2Part = bitmap & _m2Bitmap();
        uint256 setPart = bitmap.minus(m2Part);
        if (m2Part != 0) _deregisterOperator(operator, m2Part.bitmapToBytesArray());
        if (setPart != 0) _forceDeregisterFromOperatorSets(operator, setPart.bitmapToBytesArray());
    }

    /// @dev An operator that leaves its last M2 quorum leaves the AVSDirectory too.
    function _afterDeregisterOperator(address operator, uint256 removed, uint256 remaining)
        internal
        override
    {
        uint256 m2 = _m2Bitmap();
        if (removed & m2 != 0 && remaining & m2 == 0) {
            serviceManager.deregisterOperatorFromAVS(operator);
        }
    }

    // ------------------------------------------------------------------ internals

    function _m2Bitmap() internal view returns (uint256) {
        return operatorSetsEnabled ? m2QuorumBitmap : (uint256(1) << quorumCount) - 1;
    }

    function _hasM2Quorum(bytes32 operatorId) internal view returns (bool) {
        return uint256(_currentOperatorBitmap(operatorId)) & _m2Bitmap() != 0;
    }

    function _checkM2Quorums(bytes memory quorumNumbers) internal view {
        _checkQuorumsExist(quorumNumbers);
        for (uint256 i = 0; i < quorumNumbers.length; i++) {
            if (!isM2Quorum(uint8(quorumNumbers[i]))) revert OnlyM2QuorumsAllowed();
        }
    }
}
