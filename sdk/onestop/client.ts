import { decodeBytes32String, type ContractRunner } from "ethers";

import {
  IWorkflow__factory,
  OneStopServices__factory,
  UnemploymentBenefits__factory,
  type OneStopServices,
  type UnemploymentBenefits,
} from "../../typechain-types/index.js";
import { decodeDepartmentCode, encodeDepartmentCode } from "../access/departments.js";
import { ContractClient } from "../core/client.js";
import type { GovTransaction } from "../core/transaction.js";
import { requireHash } from "../exchange/hashing.js";
import { ValidationError } from "../errors/base.js";
import { benefitPeriod } from "./period.js";

/** A bundle: the department that opens and completes it, its certificate types, their validity (0: none). */
export interface Bundle {
  caseType: string;
  opener: string;
  certificateTypes: string[];
  validitySeconds: bigint;
}

/** What a completed application issued: one certificate per bundle type, to the applicant commitment. */
export interface CompletedApplication {
  caseId: bigint;
  caseType: string;
  applicant: string;
  certificates: { type: string; hash: string }[];
}

const caseTypeCode = (caseType: string) => encodeDepartmentCode(caseType);

/**
 * District one-stop bundles (OneStopServices): one application reviewed in parallel by the case type's
 * departments (approve through the workflow client), completed by issuing all of the bundle's certificates.
 */
export class OneStopClient extends ContractClient<OneStopServices> {
  constructor(address: string, runner: ContractRunner) {
    super(OneStopServices__factory.connect(address, runner));
  }

  /** The same client acting as another signer. */
  connect(runner: ContractRunner): OneStopClient {
    return new OneStopClient(this.address, runner);
  }

  /** Opens an application of bundle `caseType` for `applicant` (a salted commitment); resolves to its case id. */
  async openApplication(input: {
    caseType: string;
    applicant: string;
    documentHash: string;
  }): Promise<GovTransaction<{ caseId: bigint }>> {
    const applicant = requireHash("applicant", input.applicant);
    const doc = requireHash("documentHash", input.documentHash);
    return this.send(
      `open ${input.caseType} application`,
      () => this.contract.openApplication(caseTypeCode(input.caseType), applicant, doc),
      (receipt) => ({ caseId: this.eventsIn(receipt, "ApplicationOpened")[0].caseId as bigint }),
    );
  }

  /** Completes approved application `caseId`: every certificate of its bundle is issued in this one transaction. */
  async completeApplication(caseId: bigint): Promise<GovTransaction<CompletedApplication>> {
    const bundle = await this.bundleOfCase(caseId);
    return this.send(
      `complete application ${caseId}`,
      () => this.contract.completeApplication(caseId),
      (receipt) => {
        const [e] = this.eventsIn(receipt, "ApplicationCompleted");
        const hashes = e.certificates as string[];
        return {
          caseId,
          caseType: decodeBytes32String(e.caseType as string),
          applicant: e.applicant as string,
          certificates: hashes.map((hash, i) => ({ type: bundle.certificateTypes[i], hash })),
        };
      },
    );
  }

  /** Resubmits returned application `caseId` with more information. */
  async resubmitApplication(caseId: bigint, documentHash: string): Promise<GovTransaction<void>> {
    const doc = requireHash("documentHash", documentHash);
    return this.send(
      `resubmit application ${caseId}`,
      () => this.contract.resubmitApplication(caseId, doc),
      () => undefined,
    );
  }

  /** Withdraws open or returned application `caseId`. */
  async withdrawApplication(caseId: bigint, reason: string): Promise<GovTransaction<void>> {
    return this.send(
      `withdraw application ${caseId}`,
      () => this.contract.withdrawApplication(caseId, reason),
      () => undefined,
    );
  }

  /** The bundle of `caseType`. */
  async bundle(caseType: string): Promise<Bundle> {
    const b = await this.read(`read bundle ${caseType}`, () => this.contract.bundleOf(caseTypeCode(caseType)));
    return {
      caseType,
      opener: decodeDepartmentCode(b.opener),
      certificateTypes: b.certificateTypes.map((t) => decodeBytes32String(t)),
      validitySeconds: b.validitySeconds,
    };
  }

  /** The certificate hash application `caseId` issues under `certificateType` (deterministic). */
  async certificateOf(caseId: bigint, certificateType: string): Promise<string> {
    return this.read(`read certificate of ${caseId}`, () =>
      this.contract.certificateOf(caseId, encodeDepartmentCode(certificateType)),
    );
  }

  private async bundleOfCase(caseId: bigint): Promise<Bundle> {
    const [workflow] = await this.read("read wiring", () => this.contract.wiring());
    const view = await this.read(`read case ${caseId}`, () =>
      IWorkflow__factory.connect(workflow, this.contract.runner).getCase(caseId),
    );
    return this.bundle(decodeBytes32String(view.caseType));
  }
}

/** An unemployment claim as stored (months YYYYMM). */
export interface BenefitClaim {
  caseId: bigint;
  beneficiary: string;
  district: string;
  firstPeriod: number;
  months: number;
  /** True once the first payment consumed the approved case. */
  active: boolean;
}

/** A recorded monthly payment. */
export interface BenefitPayment {
  caseId: bigint;
  beneficiary: string;
  period: number;
  amountFen: bigint;
  department: string;
}

/**
 * Unemployment benefits (UnemploymentBenefits): claims opened by a district on exchanged evidence, approved
 * by the district (workflow), and monthly payments recorded at most once per beneficiary and month.
 */
export class BenefitsClient extends ContractClient<UnemploymentBenefits> {
  constructor(address: string, runner: ContractRunner) {
    super(UnemploymentBenefits__factory.connect(address, runner));
  }

  /** The same client acting as another signer. */
  connect(runner: ContractRunner): BenefitsClient {
    return new BenefitsClient(this.address, runner);
  }

  /** Opens a claim for `beneficiary` at `district` on two live evidence grants; resolves to its case id. */
  async openClaim(input: {
    district: string;
    beneficiary: string;
    employmentGrant: bigint;
    insuranceGrant: bigint;
    firstPeriod: number | Date;
    months: number;
    documentHash: string;
  }): Promise<GovTransaction<{ caseId: bigint }>> {
    const beneficiary = requireHash("beneficiary", input.beneficiary);
    const doc = requireHash("documentHash", input.documentHash);
    const first = benefitPeriod(input.firstPeriod);
    if (!Number.isInteger(input.months) || input.months < 1 || input.months > 24) {
      throw new ValidationError("months", `${input.months} is not 1-24`);
    }
    return this.send(
      `open unemployment claim at ${input.district}`,
      () =>
        this.contract.openClaim(
          encodeDepartmentCode(input.district),
          beneficiary,
          input.employmentGrant,
          input.insuranceGrant,
          first,
          input.months,
          doc,
        ),
      (receipt) => ({ caseId: this.eventsIn(receipt, "ClaimOpened")[0].caseId as bigint }),
    );
  }

  /** Records the payment of `period` under claim `caseId`, acting for `department`. */
  async recordPayment(input: {
    caseId: bigint;
    department: string;
    period: number | Date;
    amountFen: bigint | number;
    paymentRef: string;
  }): Promise<GovTransaction<BenefitPayment>> {
    const period = benefitPeriod(input.period);
    const ref = requireHash("paymentRef", input.paymentRef);
    return this.send(
      `record ${period} payment of claim ${input.caseId}`,
      () =>
        this.contract.recordPayment(
          input.caseId,
          encodeDepartmentCode(input.department),
          period,
          BigInt(input.amountFen),
          ref,
        ),
      (receipt) => {
        const [e] = this.eventsIn(receipt, "BenefitPaid");
        return {
          caseId: e.caseId as bigint,
          beneficiary: e.beneficiary as string,
          period: Number(e.period),
          amountFen: e.amountFen as bigint,
          department: decodeDepartmentCode(e.department as string),
        };
      },
    );
  }

  /** Resubmits returned claim `caseId`. */
  async resubmitClaim(caseId: bigint, documentHash: string): Promise<GovTransaction<void>> {
    const doc = requireHash("documentHash", documentHash);
    return this.send(
      `resubmit claim ${caseId}`,
      () => this.contract.resubmitClaim(caseId, doc),
      () => undefined,
    );
  }

  /** Withdraws open or returned claim `caseId`. */
  async withdrawClaim(caseId: bigint, reason: string): Promise<GovTransaction<void>> {
    return this.send(
      `withdraw claim ${caseId}`,
      () => this.contract.withdrawClaim(caseId, reason),
      () => undefined,
    );
  }

  /** Claim `caseId`. */
  async claim(caseId: bigint): Promise<BenefitClaim> {
    const c = await this.read(`read claim ${caseId}`, () => this.contract.claimOf(caseId));
    const month = (index: number) => Math.floor(index / 12) * 100 + (index % 12) + 1;
    return {
      caseId,
      beneficiary: c.beneficiary,
      district: decodeDepartmentCode(c.district),
      firstPeriod: month(Number(c.firstMonth)),
      months: Number(c.months),
      active: c.active,
    };
  }

  /** The claim under which `beneficiary` was paid for `period` (0n: not paid). */
  async paidUnder(beneficiary: string, period: number | Date): Promise<bigint> {
    const p = benefitPeriod(period);
    return this.read(`read payment of ${p}`, () => this.contract.paidUnder(requireHash("beneficiary", beneficiary), p));
  }
}
