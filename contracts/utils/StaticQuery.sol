// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";

/**
 * @title StaticQuery
 * @notice Boolean questions to another suite contract, hand-encoded in scratch memory.
 * @dev For hot paths and contracts near the code-size limit: Solidity's ABI encoder and decoder cost
 * gas and bytes that a question with one or two word arguments and a one-word answer does not need.
 * A revert of the callee bubbles up unchanged.
 */
library StaticQuery {
    /// @dev Whether `manager` (the suite's AccessManager) has `target` closed: the emergency stop.
    function isTargetClosed(address manager, address target) internal view returns (bool) {
        return askBool(manager, IAccessManager.isTargetClosed.selector, uint160(target));
    }

    /// @dev `target.selector(arg0)`, answered as a bool.
    function askBool(address target, bytes4 selector, uint256 arg0) internal view returns (bool answer) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, selector)
            mstore(add(ptr, 0x04), arg0)
            if iszero(staticcall(gas(), target, ptr, 0x24, 0, 0x20)) {
                returndatacopy(ptr, 0, returndatasize())
                revert(ptr, returndatasize())
            }
            answer := mload(0)
        }
    }

    /// @dev `target.selector(arg0, arg1)`, answered as a bool.
    function askBool(address target, bytes4 selector, uint256 arg0, uint256 arg1) internal view returns (bool answer) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, selector)
            mstore(add(ptr, 0x04), arg0)
            mstore(add(ptr, 0x24), arg1)
            if iszero(staticcall(gas(), target, ptr, 0x44, 0, 0x20)) {
                returndatacopy(ptr, 0, returndatasize())
                revert(ptr, returndatasize())
            }
            answer := mload(0)
        }
    }
}
