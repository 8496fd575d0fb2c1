// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {GovernedUpgradeable} from "../access/GovernedUpgradeable.sol";

/// @dev A "next version" of the directory that inserts a field at the head of its namespace,
/// shifting every slot: the storage-layout check must refuse it.
contract DepartmentDirectoryBadLayoutMock is GovernedUpgradeable {
    /// @custom:storage-location erc7201:govchain.storage.DepartmentDirectory
    struct DepartmentDirectoryStorage {
        uint256 inserted;
        mapping(bytes32 code => uint256) departments;
    }
}
