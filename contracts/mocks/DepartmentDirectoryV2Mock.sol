// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DepartmentDirectory} from "../access/DepartmentDirectory.sol";

/// @dev A storage-compatible next version of the directory, used by the upgrade tests.
/// @custom:oz-upgrades-from contracts/access/DepartmentDirectory.sol:DepartmentDirectory
contract DepartmentDirectoryV2Mock is DepartmentDirectory {
    /// @notice The implementation's version, to observe that an upgrade happened.
    function version() external pure returns (string memory) {
        return "2";
    }
}
