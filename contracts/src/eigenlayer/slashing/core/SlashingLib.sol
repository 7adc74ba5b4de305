// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/// @notice WAD (1e18) fixed-point helpers shared by the slashing-era core.
library SlashingLib {
    uint256 internal constant WAD = 1e18;

    /// @dev floor(x * y / WAD)
    function mulWad(uint256 x, uint256 y) internal pure returns (uint256) {
        return x * y / WAD;
    }

    /// @dev floor(x * WAD / y)
    function divWad(uint256 x, uint256 y) internal pure returns (uint256) {
        return x * WAD / y;
    }

    /// @dev ceil(x * y / WAD)
    function mulWadRoundUp(uint256 x, uint256 y) internal pure returns (uint256) {
        return (x * y + WAD - 1) / WAD;
    }

    /// @dev ceil(x * numerator / denominator)
    function mulDivRoundUp(uint256 x, uint256 numerator, uint256 denominator)
        internal
        pure
        returns (uint256)
    {
        return (x * numerator + denominator - 1) / denominator;
    }
}

/// @notice A (block, value) history; `latest` and `at` fall back to `empty` before the first
/// entry. Writes in the same block overwrite.
library Checkpoints {
    struct Checkpoint {
        uint32 blockNumber;
        uint224 value;
    }

    struct History {
        Checkpoint[] entries;
    }

    function push(History storage history, uint224 value) internal {
        uint256 n = history.entries.length;
        if (n > 0 && history.entries[n - 1].blockNumber == uint32(block.number)) {
            history.entries[n - 1].value = value;
        } else {
            history.entries.push(Checkpoint({blockNumber: uint32(block.number), value: value}));
        }
    }

    function latest(History storage history, uint224 empty) internal view returns (uint224) {
        uint256 n = history.entries.length;
        return n == 0 ? empty : history.entries[n - 1].value;
    }

    /// @notice The value as of the end of `blockNumber`.
    function upperLookup(History storage history, uint32 blockNumber, uint224 empty)
        internal
        view
        returns (uint224)
    {
        Checkpoint[] storage entries = history.entries;
        uint256 low = 0;
        uint256 high = entries.length;
        // first index whose block is after blockNumber
        while (low < high) {
            uint256 mid = (low + high) / 2;
            if (entries[mid].blockNumber > blockNumber) high = mid;
            else low = mid + 1;
        }
        return low == 0 ? empty : entries[low - 1].value;
    }
}

/// @notice One-time `initialize` for contracts deployed without a proxy: only the deployer may
/// call it, once (the devnet deploys implementations directly, like the M2 core).
abstract contract DeployerInitializable {
    /// @notice Not the deployer, or already initialized.
    error InvalidInitialization();

    address private immutable _deployer;
    bool private _initialized;

    constructor() {
        _deployer = msg.sender;
    }

    modifier initializer() {
        _initialize();
        _;
    }

    function _initialize() private {
        if (msg.sender != _deployer || _initialized) revert InvalidInitialization();
        _initialized = true;
    }
}
