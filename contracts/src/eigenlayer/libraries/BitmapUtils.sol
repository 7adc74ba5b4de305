// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

/// @notice Conversions between quorum-number byte strings and uint256 bitmaps (bit q = quorum q).
library BitmapUtils {
    /// @notice Strictly ascending bytes → bitmap; every byte must be below `bitUpperBound`.
    function orderedBytesArrayToBitmap(bytes memory orderedBytesArray, uint8 bitUpperBound)
        internal
        pure
        returns (uint256 bitmap)
    {
        bitmap = orderedBytesArrayToBitmap(orderedBytesArray);
        if (bitmap != 0) {
            require(
                (1 << bitUpperBound) > bitmap,
                "BitmapUtils.orderedBytesArrayToBitmap: bitmap exceeds max value"
            );
        }
    }

    /// @notice Strictly ascending bytes → bitmap.
    function orderedBytesArrayToBitmap(bytes memory orderedBytesArray)
        internal
        pure
        returns (uint256 bitmap)
    {
        require(
            orderedBytesArray.length <= 256,
            "BitmapUtils.orderedBytesArrayToBitmap: orderedBytesArray is too long"
        );
        uint256 previous;
        for (uint256 i = 0; i < orderedBytesArray.length; i++) {
            uint256 bit = 1 << uint8(orderedBytesArray[i]);
            // Strictly ascending ⇔ each new bit is above every bit seen so far.
            require(
                bit > previous && bitmap & bit == 0,
                "BitmapUtils.orderedBytesArrayToBitmap: orderedBytesArray is not ordered"
            );
            bitmap |= bit;
            previous = bit;
        }
    }

    /// @notice Bitmap → ascending quorum bytes.
    function bitmapToBytesArray(uint256 bitmap) internal pure returns (bytes memory out) {
        out = new bytes(countNumOnes(bitmap));
        uint256 j;
        for (uint256 i = 0; i < 256 && j < out.length; i++) {
            if ((bitmap >> i) & 1 == 1) out[j++] = bytes1(uint8(i));
        }
    }

    function countNumOnes(uint256 n) internal pure returns (uint16 count) {
        while (n != 0) {
            n &= n - 1;
            count++;
        }
    }

    function numberIsInBitmap(uint256 bitmap, uint8 numberToCheck) internal pure returns (bool) {
        return (bitmap >> numberToCheck) & 1 == 1;
    }

    function isEmpty(uint256 bitmap) internal pure returns (bool) {
        return bitmap == 0;
    }

    function noBitsInCommon(uint256 a, uint256 b) internal pure returns (bool) {
        return a & b == 0;
    }

    function isSubsetOf(uint256 a, uint256 b) internal pure returns (bool) {
        return a & b == a;
    }

    function plus(uint256 a, uint256 b) internal pure returns (uint256) {
        return a | b;
    }

    function minus(uint256 a, uint256 b) internal pure returns (uint256) {
        return a & ~b;
    }
}
