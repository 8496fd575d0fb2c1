import type { ErrorCatalogue } from "./types.js";

/** Errors raised by the OpenZeppelin contracts the suite is built on (AccessManager, proxies). */
export const openZeppelinErrors: ErrorCatalogue = {
  AccessManagedUnauthorized: [
    "unauthorized",
    (a) => `${a.caller} may not call this function (no role for it, or the contract is closed)`,
  ],
  AccessManagedRequiredDelay: [
    "unauthorized",
    (a) => `${a.caller} must schedule this call in the AccessManager and wait ${a.delay} s before executing it`,
  ],
  AccessManagedInvalidAuthority: ["invalidArgument", (a) => `${a.authority} is not an AccessManager`],
  AccessManagerAlreadyScheduled: ["conflict", (a) => `operation ${a.operationId} is already scheduled`],
  AccessManagerNotScheduled: ["notFound", (a) => `operation ${a.operationId} is not scheduled`],
  AccessManagerNotReady: [
    "invalidState",
    (a) => `operation ${a.operationId} is scheduled but its delay has not passed yet`,
  ],
  AccessManagerExpired: ["invalidState", (a) => `operation ${a.operationId} expired before it was executed`],
  AccessManagerLockedRole: [
    "invalidArgument",
    (a) => `role ${a.roleId} is locked (ADMIN or PUBLIC cannot be changed this way)`,
  ],
  AccessManagerBadConfirmation: ["invalidArgument", () => "renounce needs the caller's own address as confirmation"],
  AccessManagerUnauthorizedAccount: ["unauthorized", (a) => `${a.msgsender} does not hold role ${a.roleId}`],
  AccessManagerUnauthorizedCall: ["unauthorized", (a) => `${a.caller} may not call ${a.selector} on ${a.target}`],
  AccessManagerUnauthorizedConsume: ["unauthorized", (a) => `${a.target} may not consume this scheduled operation`],
  AccessManagerUnauthorizedCancel: [
    "unauthorized",
    (a) => `${a.msgsender} may not cancel the operation of ${a.caller} on ${a.target}`,
  ],
  AccessManagerInvalidInitialAdmin: ["invalidArgument", (a) => `${a.initialAdmin} cannot be the initial admin`],
  ERC1967InvalidImplementation: ["invalidArgument", (a) => `${a.implementation} is not a valid implementation`],
  ERC1967NonPayable: ["invalidArgument", () => "the upgrade call sent value to a non-payable initializer"],
  UUPSUnauthorizedCallContext: [
    "invalidState",
    () => "the upgrade was called on the implementation, not through the proxy",
  ],
  UUPSUnsupportedProxiableUUID: [
    "invalidArgument",
    (a) => `the new implementation reports an unsupported proxiable UUID ${a.slot}`,
  ],
  InvalidInitialization: ["conflict", () => "the contract is already initialized"],
  NotInitializing: ["invalidState", () => "this function can only run during initialization"],
  AddressEmptyCode: ["invalidArgument", (a) => `${a.target} has no code`],
  FailedCall: ["invalidState", () => "a low-level call failed"],
  SafeCastOverflowedUintDowncast: ["invalidArgument", (a) => `value ${a.value} does not fit in ${a.bits} bits`],
  InsufficientBalance: ["invalidState", (a) => `balance ${a.balance} is below the ${a.needed} needed`],
};
