import { expect } from "chai";
import type { BaseContract } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { implementationOf } from "../../scripts/lib/proxy.js";
import type { StaffedSuite } from "./suite.js";

/**
 * Upgrades `proxy` to a fresh implementation of `contractName` the only way the suite allows:
 * schedule in the AccessManager, wait the upgrader's delay, execute.
 */
export async function upgradeThroughDelay(
  connection: NetworkConnection,
  suite: StaffedSuite,
  proxy: BaseContract,
  contractName: string,
  /** Constructor arguments of the new implementation (the property registry's wiring). */
  constructorArgs: unknown[] = [],
): Promise<void> {
  const implementation = await connection.ethers.deployContract(contractName, constructorArgs);
  const proxyAddress = await proxy.getAddress();
  const { executableAt } = await (
    await suite.access.scheduleUpgrade(proxyAddress, await implementation.getAddress())
  ).wait();
  await connection.networkHelpers.time.increaseTo(executableAt);
  await (await suite.access.executeUpgrade(proxyAddress, await implementation.getAddress())).wait();
  expect(await implementationOf(connection.ethers.provider, proxyAddress)).to.equal(await implementation.getAddress());
}
