import type { ContractRunner, Provider, Signer } from "ethers";

import { AccessClient } from "./access/client.js";
import { AgencySigner, type AgencySignerOptions } from "./core/agency-signer.js";
import type { DeploymentManifest } from "./core/manifest.js";
import { GovChainError, ValidationError } from "./errors/base.js";
import { toGovChainError } from "./errors/decode.js";

export interface ConnectOptions {
  /**
   * Wrap a signer in an {@link AgencySigner} (local nonces for concurrent submission, safe
   * retries). Default true; pass false to use the signer exactly as given.
   */
  concurrent?: boolean;
  agencySigner?: AgencySignerOptions;
  /** Skip the check that the node's chain id and code match the manifest (default false). */
  skipChecks?: boolean;
}

function isSigner(runner: Signer | Provider): runner is Signer {
  return typeof (runner as Signer).signTransaction === "function";
}

/**
 * The suite as one object: `GovChain.connect(signerOrProvider, manifest)` then `.access`, ...
 * With a provider alone every client is read-only (a verifier needs no key).
 */
export class GovChain {
  private constructor(
    readonly manifest: DeploymentManifest,
    readonly runner: ContractRunner,
    readonly access: AccessClient,
  ) {}

  /** Connects to the deployment in `manifest`, checking that the node serves that chain and those contracts. */
  static async connect(
    runner: Signer | Provider,
    manifest: DeploymentManifest,
    options: ConnectOptions = {},
  ): Promise<GovChain> {
    const provider = isSigner(runner) ? runner.provider : runner;
    if (provider === null || provider === undefined) {
      throw new ValidationError("signer", "the signer is not connected to a provider");
    }
    if (!options.skipChecks) await GovChain.#check(provider, manifest);
    const effective =
      isSigner(runner) && options.concurrent !== false ? new AgencySigner(runner, options.agencySigner) : runner;
    const c = manifest.contracts;
    return new GovChain(
      manifest,
      effective,
      new AccessClient({ manager: c.GovAccessManager, directory: c.DepartmentDirectory.proxy }, effective),
    );
  }

  /** Whether this connection can send transactions. */
  get readOnly(): boolean {
    return !isSigner(this.runner as Signer | Provider);
  }

  static async #check(provider: Provider, manifest: DeploymentManifest): Promise<void> {
    let chainId: bigint;
    let code: string;
    try {
      chainId = (await provider.getNetwork()).chainId;
      code = await provider.getCode(manifest.contracts.DepartmentDirectory.proxy);
    } catch (error) {
      throw toGovChainError(error, "connect to the node");
    }
    if (chainId.toString() !== manifest.chainId) {
      throw new GovChainError(
        `the node serves chain ${chainId}, but the manifest is for chain ${manifest.chainId} (network "${manifest.network}")`,
      );
    }
    if (code === "0x") {
      throw new GovChainError(
        `no contract at ${manifest.contracts.DepartmentDirectory.proxy} on chain ${chainId}: the manifest is from another deployment`,
      );
    }
  }
}
