// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";

/**
 * @title GovAccessManager
 * @notice The suite's single access authority: OpenZeppelin's AccessManager, unmodified.
 * @dev Departments are roles; which role may call which function is the table in
 * `config/permissions.ts`, applied by the deploy script. Kept as its own artifact so the
 * deploy scripts and the SDK name one contract.
 */
contract GovAccessManager is AccessManager {
    constructor(address initialAdmin) AccessManager(initialAdmin) {}
}
