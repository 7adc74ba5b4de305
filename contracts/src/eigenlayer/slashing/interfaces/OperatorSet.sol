// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/// @notice An operator set: the AVS that owns it and its id within that AVS.
struct OperatorSet {
    address avs;
    uint32 id;
}

/// @notice Packs an operator set into one word (avs in the high 160 bits, id in the low 32) so
/// it can key mappings and live in enumerable sets.
library OperatorSetLib {
    function key(OperatorSet memory operatorSet) internal pure returns (bytes32) {
        return bytes32(uint256(uint160(operatorSet.avs)) << 96 | uint256(operatorSet.id));
    }

    function decode(bytes32 packed) internal pure returns (OperatorSet memory) {
        return
            OperatorSet({avs: address(uint160(uint256(packed) >> 96)), id: uint32(uint256(packed))});
    }
}
