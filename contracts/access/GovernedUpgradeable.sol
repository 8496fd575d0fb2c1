// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessManagedUpgradeable} from "@openzeppelin/contracts-upgradeable/access/manager/AccessManagedUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";

/**
 * @title GovernedUpgradeable
 * @notice The base of every suite contract: a UUPS proxy implementation whose restricted
 * functions, upgrades included, are governed by the suite's one AccessManager.
 * @dev `upgradeToAndCall` is mapped to the UPGRADER role, which is granted with an execution
 * delay: an upgrade is scheduled in the AccessManager (visible on chain), then executed.
 * Storage of every inheriting contract lives in an ERC-7201 namespace.
 */
abstract contract GovernedUpgradeable is Initializable, UUPSUpgradeable, AccessManagedUpgradeable {
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    // solhint-disable-next-line func-name-mixedcase
    function __GovernedUpgradeable_init(address authority) internal onlyInitializing {
        __AccessManaged_init(authority);
    }

    /// @dev The AccessManager decides (UPGRADER role, with its execution delay).
    function _authorizeUpgrade(address) internal override restricted {}
}
