// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IAVSDirectory} from "../interfaces/IAVSDirectory.sol";
import {IDelegationManager} from "../interfaces/IDelegationManager.sol";
import {Pausable} from "../libraries/Pausable.sol";
import {SignatureChecks} from "../libraries/SignatureChecks.sol";

/// @title AVSDirectory (M2): operator ↔ AVS registration with an EIP-712 operator signature.
/// @notice msg.sender of register/deregister is the AVS (its ServiceManager).
contract AVSDirectory is IAVSDirectory, Pausable {
    uint8 internal constant PAUSED_OPERATOR_REGISTER_DEREGISTER_TO_AVS = 0;

    bytes32 public constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,uint256 chainId,address verifyingContract)");
    bytes32 public constant OPERATOR_AVS_REGISTRATION_TYPEHASH = keccak256(
        "OperatorAVSRegistration(address operator,address avs,bytes32 salt,uint256 expiry)"
    );

    IDelegationManager public immutable delegation;

    mapping(address avs => mapping(address operator => OperatorAVSRegistrationStatus)) public
        avsOperatorStatus;
    mapping(address operator => mapping(bytes32 salt => bool)) public operatorSaltIsSpent;

    constructor(IDelegationManager _delegation) {
        delegation = _delegation;
    }

    /// @inheritdoc IAVSDirectory
    function registerOperatorToAVS(
        address operator,
        SignatureWithSaltAndExpiry memory operatorSignature
    ) external onlyWhenNotPaused(PAUSED_OPERATOR_REGISTER_DEREGISTER_TO_AVS) {
        require(
            operatorSignature.expiry >= block.timestamp,
            "AVSDirectory.registerOperatorToAVS: operator signature expired"
        );
        require(
            avsOperatorStatus[msg.sender][operator] != OperatorAVSRegistrationStatus.REGISTERED,
            "AVSDirectory.registerOperatorToAVS: operator already registered"
        );
        require(
            !operatorSaltIsSpent[operator][operatorSignature.salt],
            "AVSDirectory.registerOperatorToAVS: salt already spent"
        );
        require(
            delegation.isOperator(operator),
            "AVSDirectory.registerOperatorToAVS: operator not registered to EigenLayer yet"
        );
        SignatureChecks.checkSignature_EIP1271(
            operator,
            calculateOperatorAVSRegistrationDigestHash(
                operator, msg.sender, operatorSignature.salt, operatorSignature.expiry
            ),
            operatorSignature.signature
        );
        avsOperatorStatus[msg.sender][operator] = OperatorAVSRegistrationStatus.REGISTERED;
        operatorSaltIsSpent[operator][operatorSignature.salt] = true;
        emit OperatorAVSRegistrationStatusUpdated(
            operator, msg.sender, OperatorAVSRegistrationStatus.REGISTERED
        );
    }

    /// @inheritdoc IAVSDirectory
    function deregisterOperatorFromAVS(address operator)
        external
        onlyWhenNotPaused(PAUSED_OPERATOR_REGISTER_DEREGISTER_TO_AVS)
    {
        require(
            avsOperatorStatus[msg.sender][operator] == OperatorAVSRegistrationStatus.REGISTERED,
            "AVSDirectory.deregisterOperatorFromAVS: operator not registered"
        );
        avsOperatorStatus[msg.sender][operator] = OperatorAVSRegistrationStatus.UNREGISTERED;
        emit OperatorAVSRegistrationStatusUpdated(
            operator, msg.sender, OperatorAVSRegistrationStatus.UNREGISTERED
        );
    }

    /// @inheritdoc IAVSDirectory
    function updateAVSMetadataURI(string calldata metadataURI) external {
        emit AVSMetadataURIUpdated(msg.sender, metadataURI);
    }

    /// @inheritdoc IAVSDirectory
    function cancelSalt(bytes32 salt) external {
        require(
            !operatorSaltIsSpent[msg.sender][salt],
            "AVSDirectory.cancelSalt: cannot cancel spent salt"
        );
        operatorSaltIsSpent[msg.sender][salt] = true;
    }

    /// @inheritdoc IAVSDirectory
    function calculateOperatorAVSRegistrationDigestHash(
        address operator,
        address avs,
        bytes32 salt,
        uint256 expiry
    ) public view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(OPERATOR_AVS_REGISTRATION_TYPEHASH, operator, avs, salt, expiry)
        );
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator(), structHash));
    }

    /// @notice M2 domain: name "EigenLayer", no version; recomputed per call so chain forks agree.
    function domainSeparator() public view returns (bytes32) {
        return keccak256(
            abi.encode(
                DOMAIN_TYPEHASH, keccak256(bytes("EigenLayer")), block.chainid, address(this)
            )
        );
    }
}
