// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DepartmentDirectory} from "../access/DepartmentDirectory.sol";

/// @dev A storage-compatible next version of the directory, used by the upgrade tests.
/// The proxy was initialized by V1, so V2 has no initializer calling its parents' (only a reinitializer).
/// @custom:oz-upgrades-from contracts/access/DepartmentDirectory.sol:DepartmentDirectory
/// @custom:oz-upgrades-unsafe-allow missing-initializer
contract DepartmentDirectoryV2Mock is DepartmentDirectory {
    /// @notice Runs once, in the upgrade transaction (upgradeToAndCall's data).
    function initializeV2() external reinitializer(2) {}

    /// @notice The implementation's version, to observe that an upgrade happened.
    function version() external pure returns (string memory) {
        return "2";
    }
}
