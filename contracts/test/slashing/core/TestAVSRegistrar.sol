// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IAVSRegistrar} from "../../../src/eigenlayer/slashing/interfaces/IAVSRegistrar.sol";

/// @notice A registrar for one AVS that records every callback and can be told to refuse.
contract TestAVSRegistrar is IAVSRegistrar {
    address public immutable avs;
    bool public refuse;
    uint256 public registerCalls;
    uint256 public deregisterCalls;
    address public lastOperator;
    uint32[] internal _lastIds;
    bytes public lastData;

    constructor(address _avs) {
        avs = _avs;
    }

    function setRefuse(bool value) external {
        refuse = value;
    }

    function registerOperator(
        address operator,
        address avs_,
        uint32[] calldata operatorSetIds,
        bytes calldata data
    ) external {
        require(!refuse, "TestAVSRegistrar: refused");
        require(avs_ == avs, "TestAVSRegistrar: wrong avs");
        registerCalls++;
        lastOperator = operator;
        _lastIds = operatorSetIds;
        lastData = data;
    }

    function deregisterOperator(address operator, address avs_, uint32[] calldata operatorSetIds)
        external
    {
        require(!refuse, "TestAVSRegistrar: refused");
        require(avs_ == avs, "TestAVSRegistrar: wrong avs");
        deregisterCalls++;
        lastOperator = operator;
        _lastIds = operatorSetIds;
    }

    function supportsAVS(address avs_) external view returns (bool) {
        return avs_ == avs;
    }

    function lastIds() external view returns (uint32[] memory) {
        return _lastIds;
    }
}
