// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title GovRoles
 * @notice The platform-wide AccessManager role ids of the suite.
 * @dev Department roles are allocated by the {DepartmentDirectory} from {FIRST_DEPARTMENT_ROLE}
 * upwards, two per department (admin, officer). `config/permissions.ts` maps every restricted
 * function of the suite to one of these roles; keep the two in step.
 */
library GovRoles {
    /// @dev AccessManager's own ADMIN_ROLE: governance (a multisig or the bureau's council key).
    uint64 internal constant ADMIN = 0;
    /// @dev The platform operator (municipal government service bureau): departments, types, emergency stop.
    uint64 internal constant OPERATOR = 1;
    /// @dev May upgrade suite contracts; granted with an execution delay so every upgrade is scheduled first.
    uint64 internal constant UPGRADER = 2;
    /// @dev Department roles start here: admin = FIRST + 2k, officer = FIRST + 2k + 1.
    uint64 internal constant FIRST_DEPARTMENT_ROLE = 100;
    /// @dev AccessManager's PUBLIC_ROLE: anyone (department checks then happen inside the function).
    uint64 internal constant PUBLIC = type(uint64).max;
}
