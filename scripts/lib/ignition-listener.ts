/**
 * `connection.ignition.deploy` with an execution-event listener. hardhat-ignition-ethers only
 * passes its own terminal UI (`displayUi`) to ignition-core, so progress for logs needs ignition-core's
 * `deploy` called the way the helper calls it (same journal folder, artifacts, config and accounts).
 */
import path from "node:path";

import {
  HardhatArtifactResolver,
  errorDeploymentResultToExceptionMessage,
} from "@nomicfoundation/hardhat-ignition/helpers";
import {
  DeploymentResultType,
  deploy,
  type DeployConfig,
  type ExecutionEventListener,
  type IgnitionModule,
} from "@nomicfoundation/ignition-core";
import type { BaseContract } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { GovChainError } from "../../sdk/index.js";

export async function deployWithListener(
  connection: NetworkConnection,
  module: IgnitionModule,
  deploymentId: string,
  perDeployConfig: Partial<DeployConfig>,
  executionEventListener: ExecutionEventListener,
): Promise<Record<string, BaseContract>> {
  const { default: hre } = await import("hardhat");
  const accounts = (await connection.provider.request({ method: "eth_accounts" })) as string[];
  const networkIgnition = connection.networkConfig.ignition;
  const config: Partial<DeployConfig> = connection.ignition.getResolvedConfig(perDeployConfig);
  // Only defined values: ignition-core spreads `config` over its defaults, so an undefined key would erase one.
  if (config.maxRetries === undefined && networkIgnition.maxRetries !== undefined) {
    config.maxRetries = networkIgnition.maxRetries;
  }
  if (config.retryInterval === undefined && networkIgnition.retryInterval !== undefined) {
    config.retryInterval = networkIgnition.retryInterval;
  }
  const result = await deploy({
    config,
    provider: connection.provider,
    deploymentDir:
      connection.networkConfig.type === "edr-simulated"
        ? undefined
        : path.join(hre.config.paths.ignition, "deployments", deploymentId),
    executionEventListener,
    artifactResolver: new HardhatArtifactResolver(hre.artifacts),
    ignitionModule: module,
    deploymentParameters: {},
    accounts,
    maxFeePerGasLimit: networkIgnition.maxFeePerGasLimit,
    maxPriorityFeePerGas: networkIgnition.maxPriorityFeePerGas,
  });
  if (result.type !== DeploymentResultType.SUCCESSFUL_DEPLOYMENT) {
    throw new GovChainError(`deploy failed: ${errorDeploymentResultToExceptionMessage(result)}`);
  }
  const contracts: Record<string, BaseContract> = {};
  for (const [name, future] of Object.entries(module.results)) {
    const address = result.contracts[future.id].address;
    contracts[name] =
      "artifact" in future
        ? await connection.ethers.getContractAt(future.artifact.abi as never, address)
        : await connection.ethers.getContractAt(future.contractName, address);
  }
  return contracts;
}
