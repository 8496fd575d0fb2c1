// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title ApprovalMask
 * @notice The suite's one approval logic: who approved is a bit by position in a word, set once;
 * a group's approval is reached when the mask covers the group's bits (the workflow's stages)
 * or when the weight of the set bits reaches a threshold (the governance council's classes).
 * @dev Pure and internal: the optimizer inlines it, so the workflow's hot path costs what its
 * hand-written shifts cost. Positions are below 256; callers bound them (16 workflow departments,
 * 32 council members).
 */
library ApprovalMask {
    /// @dev Whether the bit of `position` is set in `mask`.
    function isSet(uint256 mask, uint256 position) internal pure returns (bool) {
        return mask & (1 << position) != 0;
    }

    /// @dev `mask` with the bit of `position` set. Callers refuse a second approval with {isSet} first,
    /// each with its own error.
    function set(uint256 mask, uint256 position) internal pure returns (uint256) {
        return mask | (1 << position);
    }

    /// @dev Whether every bit of `required` is set in `mask`.
    function covers(uint256 mask, uint256 required) internal pure returns (bool) {
        return mask & required == required;
    }

    /// @dev The sum of `weights[position]` over the bits set in `mask` (bits beyond `weights` count 0).
    function weightOf(uint256 mask, uint16[] memory weights) internal pure returns (uint256 total) {
        for (uint256 i = 0; i < weights.length && mask >> i != 0; i++) {
            if (isSet(mask, i)) total += weights[i];
        }
    }
}
