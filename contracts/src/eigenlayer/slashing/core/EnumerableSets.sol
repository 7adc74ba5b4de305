// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/// @notice Minimal enumerable sets (insertion order; removal swaps in the last element).
library EnumerableSets {
    struct Bytes32Set {
        bytes32[] values;
        mapping(bytes32 value => uint256 indexPlusOne) positions;
    }

    struct AddressSet {
        Bytes32Set inner;
    }

    function add(Bytes32Set storage set, bytes32 value) internal returns (bool) {
        if (set.positions[value] != 0) return false;
        set.values.push(value);
        set.positions[value] = set.values.length;
        return true;
    }

    function remove(Bytes32Set storage set, bytes32 value) internal returns (bool) {
        uint256 position = set.positions[value];
        if (position == 0) return false;
        uint256 last = set.values.length;
        if (position != last) {
            bytes32 moved = set.values[last - 1];
            set.values[position - 1] = moved;
            set.positions[moved] = position;
        }
        set.values.pop();
        delete set.positions[value];
        return true;
    }

    function contains(Bytes32Set storage set, bytes32 value) internal view returns (bool) {
        return set.positions[value] != 0;
    }

    function length(Bytes32Set storage set) internal view returns (uint256) {
        return set.values.length;
    }

    function valueAt(Bytes32Set storage set, uint256 index) internal view returns (bytes32) {
        return set.values[index];
    }

    function add(AddressSet storage set, address value) internal returns (bool) {
        return add(set.inner, bytes32(uint256(uint160(value))));
    }

    function remove(AddressSet storage set, address value) internal returns (bool) {
        return remove(set.inner, bytes32(uint256(uint160(value))));
    }

    function contains(AddressSet storage set, address value) internal view returns (bool) {
        return contains(set.inner, bytes32(uint256(uint160(value))));
    }

    function length(AddressSet storage set) internal view returns (uint256) {
        return set.inner.values.length;
    }

    function valueAt(AddressSet storage set, uint256 index) internal view returns (address) {
        return address(uint160(uint256(set.inner.values[index])));
    }

    function values(AddressSet storage set) internal view returns (address[] memory out) {
        out = new address[](set.inner.values.length);
        for (uint256 i = 0; i < out.length; i++) {
            out[i] = address(uint160(uint256(set.inner.values[i])));
        }
    }
}
