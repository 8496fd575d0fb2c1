import type { ContractRunner, Provider, Signer } from "ethers";

import { ParticipantsClient } from "./access/participants.js";
import { AccessClient } from "./access/client.js";
import { CertificatesClient } from "./certificates/client.js";
import { AgencySigner, type AgencySignerOptions } from "./core/agency-signer.js";
import { logsMaxRange } from "./core/logs.js";
import type { DeploymentManifest } from "./core/manifest.js";
import { GovChainError, ValidationError } from "./errors/base.js";
import { toGovChainError } from "./errors/decode.js";
import { ExchangeClient } from "./exchange/client.js";
import { GovernanceClient } from "./governance/client.js";
import { PropertyClient } from "./property/client.js";
import { BenefitsClient, OneStopClient } from "./onestop/client.js";
import { FinanceClient } from "./finance/client.js";
import { WorkflowClient } from "./workflow/client.js";
import { ContainerClearanceClient } from "./logistics/ports.js";
import { ShipmentsClient } from "./logistics/shipments.js";
import { EstateClient } from "./estate/client.js";
import { BillsClient } from "./bills/client.js";

export interface ConnectOptions {
  /**
   * Wrap a signer in an {@link AgencySigner} (local nonces for concurrent submission, safe
   * retries). Default true; pass false to use the signer exactly as given.
   */
  concurrent?: boolean;
  agencySigner?: AgencySignerOptions;
  /** Skip the check that the node's chain id and code match the manifest (default false). */
  skipChecks?: boolean;
  /** The most blocks one event read (`eth_getLogs`) covers; default GOVCHAIN_LOGS_MAX_RANGE, else 1,000. */
  logsMaxRange?: number;
}

function isSigner(runner: Signer | Provider): runner is Signer {
  return typeof (runner as Signer).signTransaction === "function";
}

/**
 * The suite as one object: `GovChain.connect(signerOrProvider, manifest)` then `.access`,
 * `.certificates`, `.workflow`, `.exchange`, `.property`, each a typed client on the deployment's proxies.
 * With a provider alone every client is read-only (a verifier needs no key).
 */
export class GovChain {
  /** Departments, members, emergency stop, scheduled upgrades. */
  readonly access: AccessClient;
  /** E-licences and e-certificates: issue, batch-issue, verify, suspend, revoke, renew. */
  readonly certificates: CertificatesClient;
  /** Collaborative cases: open, approve, reject, return, consume; timelines and pending work. */
  readonly workflow: WorkflowClient;
  /** Data sharing: catalogue, requests, grants, consent, access receipts, audit trail. */
  readonly exchange: ExchangeClient;
  /** Real-estate registration: units, titles, encumbrances, transfers, history (absent if the city has no register). */
  readonly property?: PropertyClient;
  /** The governance council: proposals, approvals, objections, execution (absent from pre-council manifests). */
  readonly governance?: GovernanceClient;
  /** Organisations accredited without being departments: roles, accreditations (absent from older manifests). */
  readonly participants?: ParticipantsClient;
  /** Airport logistics (present when the deployment runs it). */
  readonly shipments?: ShipmentsClient;
  /** Port container clearance (present when the deployment runs it). */
  readonly ports?: ContainerClearanceClient;
  /** District one-stop bundles: enterprise establishment, high-tech certification (absent without them). */
  readonly oneStop?: OneStopClient;
  /** Unemployment benefit claims and monthly payments (absent without them). */
  readonly benefits?: BenefitsClient;
  /** Deposits, utility account transfers and tax audits of the register's transfers (absent without EstateServices). */
  readonly estate?: EstateClient;
  /** Enterprise identity, mandates and SME lending (absent unless the city runs those services). */
  readonly finance?: FinanceClient;
  /** E-bills: accredited issuers issue bills, reimbursing organisations lock and close them (absent without e-bills). */
  readonly bills?: BillsClient;

  private constructor(
    readonly manifest: DeploymentManifest,
    readonly runner: ContractRunner,
  ) {
    const c = manifest.contracts;
    this.access = new AccessClient({ manager: c.GovAccessManager, directory: c.DepartmentDirectory.proxy }, runner);
    this.certificates = new CertificatesClient(c.CertificateRegistry.proxy, runner);
    this.workflow = new WorkflowClient(c.Workflow.proxy, runner, manifest.deploymentBlock);
    this.exchange = new ExchangeClient({ exchange: c.DataExchange.proxy, receiptLog: c.ReceiptLog }, runner, {
      fromBlock: manifest.deploymentBlock,
    });
    if (c.PropertyRegistry !== undefined) {
      this.property = new PropertyClient(c.PropertyRegistry.proxy, runner, {
        fromBlock: manifest.deploymentBlock,
        estate: c.EstateServices?.proxy,
      });
    }
    if (c.GovernanceCouncil !== undefined) {
      this.governance = new GovernanceClient(c.GovernanceCouncil.proxy, runner, manifest.deploymentBlock);
    }
    if (c.ParticipantRegistry !== undefined) {
      this.participants = new ParticipantsClient(c.ParticipantRegistry.proxy, runner, manifest.deploymentBlock);
    }
    const fromBlock = manifest.deploymentBlock;
    if (c.Shipments !== undefined) {
      this.shipments = new ShipmentsClient(c.Shipments.proxy, runner, { fromBlock, workflow: c.Workflow.proxy });
    }
    if (c.ContainerClearance !== undefined) {
      this.ports = new ContainerClearanceClient(c.ContainerClearance.proxy, runner, { fromBlock });
    }
    if (c.OneStopServices !== undefined) this.oneStop = new OneStopClient(c.OneStopServices.proxy, runner);
    if (c.UnemploymentBenefits !== undefined) {
      this.benefits = new BenefitsClient(c.UnemploymentBenefits.proxy, runner);
    }
    if (c.EstateServices !== undefined) {
      this.estate = new EstateClient(c.EstateServices.proxy, runner, manifest.deploymentBlock);
    }
    if (c.EnterpriseMandates !== undefined) {
      this.finance = new FinanceClient(
        { mandates: c.EnterpriseMandates.proxy, lending: c.LendingRegistry?.proxy },
        runner,
        { fromBlock: manifest.deploymentBlock },
      );
    }
    if (c.AccreditedIssuance !== undefined && c.BillReimbursement !== undefined) {
      this.bills = new BillsClient(
        { issuance: c.AccreditedIssuance.proxy, reimbursement: c.BillReimbursement.proxy },
        runner,
      );
    }
  }

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
    const gov = new GovChain(manifest, effective);
    const clients = [
      gov.access,
      gov.certificates,
      gov.workflow,
      gov.exchange,
      gov.property,
      gov.shipments,
      gov.ports,
      gov.estate,
      gov.bills,
      gov.governance,
      gov.participants,
    ];
    for (const client of clients) if (client !== undefined) client.logsMaxRange = logsMaxRange(options.logsMaxRange);
    return gov;
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
