// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/// @notice The subset of forge's cheatcodes this project's tests use.
/// forge serves them at the fixed address 0x7109709ECfa91a80626fF3989D68f67F5b1DD12D.
interface Vm {
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    function prank(address msgSender) external;
    function prank(address msgSender, address txOrigin) external;
    function startPrank(address msgSender) external;
    function stopPrank() external;
    function roll(uint256 newHeight) external;
    function warp(uint256 newTimestamp) external;
    function deal(address account, uint256 newBalance) external;
    function chainId(uint256 newChainId) external;

    function expectRevert() external;
    function expectRevert(bytes calldata revertData) external;
    function expectRevert(bytes4 revertData) external;
    function expectEmit() external;
    function expectEmit(address emitter) external;
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData)
        external;
    function expectEmit(
        bool checkTopic1,
        bool checkTopic2,
        bool checkTopic3,
        bool checkData,
        address emitter
    ) external;
    function recordLogs() external;
    function getRecordedLogs() external returns (Log[] memory logs);

    function addr(uint256 privateKey) external pure returns (address);
    function sign(uint256 privateKey, bytes32 digest)
        external
        pure
        returns (uint8 v, bytes32 r, bytes32 s);
    function getNonce(address account) external view returns (uint64);
    function computeCreateAddress(address deployer, uint256 nonce) external pure returns (address);
    function label(address account, string calldata newLabel) external;

    function readFile(string calldata path) external view returns (string memory);
    function parseJsonUint(string calldata json, string calldata key)
        external
        pure
        returns (uint256);
    function parseJsonBytes32(string calldata json, string calldata key)
        external
        pure
        returns (bytes32);
    function toString(uint256 value) external pure returns (string memory);
    function toString(address value) external pure returns (string memory);
    function toString(bytes32 value) external pure returns (string memory);
}

/// @notice Minimal test base: the `vm` handle and assertions that revert with a message.
abstract contract Test {
    Vm internal constant vm = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

    /// @dev Marks the contract as a test suite for tooling that looks for it.
    bool public IS_TEST = true;

    function fail(string memory message) internal pure {
        revert(string.concat("assertion failed: ", message));
    }

    function assertTrue(bool condition) internal pure {
        if (!condition) fail("expected true");
    }

    function assertTrue(bool condition, string memory message) internal pure {
        if (!condition) fail(message);
    }

    function assertFalse(bool condition) internal pure {
        if (condition) fail("expected false");
    }

    function assertFalse(bool condition, string memory message) internal pure {
        if (condition) fail(message);
    }

    function assertEq(uint256 a, uint256 b) internal pure {
        if (a != b) fail(string.concat(vm.toString(a), " != ", vm.toString(b)));
    }

    function assertEq(uint256 a, uint256 b, string memory message) internal pure {
        if (a != b) fail(string.concat(message, ": ", vm.toString(a), " != ", vm.toString(b)));
    }

    function assertEq(int256 a, int256 b) internal pure {
        if (a != b) fail("int256 values differ");
    }

    function assertEq(address a, address b) internal pure {
        if (a != b) fail(string.concat(vm.toString(a), " != ", vm.toString(b)));
    }

    function assertEq(address a, address b, string memory message) internal pure {
        if (a != b) fail(string.concat(message, ": ", vm.toString(a), " != ", vm.toString(b)));
    }

    function assertEq(bytes32 a, bytes32 b) internal pure {
        if (a != b) fail(string.concat(vm.toString(a), " != ", vm.toString(b)));
    }

    function assertEq(bytes32 a, bytes32 b, string memory message) internal pure {
        if (a != b) fail(string.concat(message, ": ", vm.toString(a), " != ", vm.toString(b)));
    }

    function assertEq(bool a, bool b) internal pure {
        if (a != b) fail("bool values differ");
    }

    function assertEq(bool a, bool b, string memory message) internal pure {
        if (a != b) fail(message);
    }

    function assertEq(string memory a, string memory b) internal pure {
        if (keccak256(bytes(a)) != keccak256(bytes(b))) fail(string.concat(a, " != ", b));
    }

    function assertEq(bytes memory a, bytes memory b) internal pure {
        if (keccak256(a) != keccak256(b)) fail("bytes values differ");
    }

    function assertEq(uint256[] memory a, uint256[] memory b) internal pure {
        if (keccak256(abi.encode(a)) != keccak256(abi.encode(b))) fail("uint256[] values differ");
    }

    function assertEq(bytes32[] memory a, bytes32[] memory b) internal pure {
        if (keccak256(abi.encode(a)) != keccak256(abi.encode(b))) fail("bytes32[] values differ");
    }

    function assertEq(address[] memory a, address[] memory b) internal pure {
        if (keccak256(abi.encode(a)) != keccak256(abi.encode(b))) fail("address[] values differ");
    }

    function assertGt(uint256 a, uint256 b) internal pure {
        if (a <= b) fail(string.concat(vm.toString(a), " <= ", vm.toString(b)));
    }

    function assertLt(uint256 a, uint256 b) internal pure {
        if (a >= b) fail(string.concat(vm.toString(a), " >= ", vm.toString(b)));
    }
}
