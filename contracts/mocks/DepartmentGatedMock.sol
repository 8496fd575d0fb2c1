// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DepartmentGated} from "../access/DepartmentGated.sol";
import {IDepartmentDirectory} from "../access/IDepartmentDirectory.sol";

/// @dev The smallest module: one department-scoped action. Tests the base every module shares.
contract DepartmentGatedMock is DepartmentGated {
    event Pinged(bytes32 indexed department, address indexed actor);

    function initialize(address authority, IDepartmentDirectory directory_) external initializer {
        __DepartmentGated_init(authority, directory_);
    }

    /// @notice A department-scoped action: only an officer of `department` may call it.
    function ping(bytes32 department) external restricted {
        _checkOfficer(department, msg.sender);
        emit Pinged(department, msg.sender);
    }
}
