// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title IDepartmentListener
 * @notice Implemented by modules that cache a department's active flag (to keep their hot paths
 * cheap): the directory calls it in the same transaction that deactivates or reactivates the
 * department, so a cache can never lag behind the directory.
 */
interface IDepartmentListener {
    /// @notice `department` became active (`true`) or inactive. Only the directory may call it.
    function departmentActiveChanged(bytes32 department, bool active) external;
}
