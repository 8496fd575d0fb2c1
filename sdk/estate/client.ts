import { AbiCoder, decodeBytes32String, id, keccak256, ZeroAddress, ZeroHash, type ContractRunner } from "ethers";

import { EstateServices__factory, type EstateServices } from "../../typechain-types/index.js";
import { decodeDepartmentCode, encodeDepartmentCode } from "../access/departments.js";
import { ContractClient } from "../core/client.js";
import type { GovTransaction } from "../core/transaction.js";
import { ValidationError } from "../errors/base.js";
import { hashTitle, transferKindIndex, type Title, type TransferKind } from "../property/title.js";
import { encodeUnitNumber } from "../property/unitNumber.js";

/** The contract's DepositState order. */
export const DEPOSIT_STATES = ["none", "held", "releasedToSeller", "returnedToBuyer"] as const;
export type DepositState = (typeof DEPOSIT_STATES)[number];
/** The contract's Utility order. */
export const UTILITIES = ["water", "power", "gas", "heating"] as const;
export type Utility = (typeof UTILITIES)[number];
/** The contract's AuditResult order. */
export const AUDIT_RESULTS = ["none", "accepted", "assessed", "returned"] as const;
export type AuditResult = Exclude<(typeof AUDIT_RESULTS)[number], "none">;

/**
 * Deposit amount bands (upper bounds in yuan; band 8 is above the last). Only the band goes on chain: the amount
 * is in the supervision agreement the bank keeps (its hash is recorded).
 */
export const DEPOSIT_BAND_LIMITS = [1_000_000, 2_000_000, 3_000_000, 5_000_000, 8_000_000, 12_000_000, 20_000_000];

/** The band (1-8) of a deposit of `yuan`. */
export function depositBand(yuan: number | bigint): number {
  const amount = Number(yuan);
  if (!Number.isFinite(amount) || amount <= 0) throw new ValidationError("amount", `${yuan} is not a positive amount`);
  const i = DEPOSIT_BAND_LIMITS.findIndex((limit) => amount < limit);
  return i === -1 ? DEPOSIT_BAND_LIMITS.length + 1 : i + 1;
}

/**
 * A salted commitment to a price in fen (a declared price or an assessed reference): prices are guessable, so the
 * salt (kept with the tax file) is what keeps the figure off chain.
 */
export function priceCommitment(fen: bigint | number, salt: string): string {
  if (!/^0x[0-9a-fA-F]{64}$/.test(salt) || salt === ZeroHash) {
    throw new ValidationError("salt", "must be a random non-zero bytes32 (newSalt())");
  }
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["bytes32", "uint256", "bytes32"],
      [id("govchain.estate.price"), BigInt(fen), salt],
    ),
  );
}

/** The register's transfer a deposit, audit or utility step names: the unit, case, kind and the title it goes to. */
export interface TransferRef {
  unitNumber: string;
  caseId: bigint;
  kind: Exclude<TransferKind, "initial">;
  /** The title the case transfers to (or its hash, as in the register's `TransferOpened`). */
  to: Title | string;
}

export interface Deposit {
  caseId: bigint;
  bank: string;
  state: DepositState;
  band: number;
  recordedAt: bigint;
}

export interface UtilityStep {
  utility: Utility;
  provider: string;
  done: boolean;
  doneAt: bigint;
}

export interface TaxAudit {
  caseId: bigint;
  result: AuditResult;
  declaredPriceHash: string;
  assessedReferenceHash: string;
  reasonCode: string;
  officer: string;
  blockNumber: number;
}

function requireHash(field: string, value: string): string {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value) || value === ZeroHash) {
    throw new ValidationError(field, `${value} is not a non-zero bytes32 hash`);
  }
  return value;
}

/** A reason code: a short code (`PRICE_BELOW_REFERENCE`) or the hash of the written reasoning. */
function reasonCodeArg(code: string | undefined): string {
  if (code === undefined || code === "") return ZeroHash;
  return /^0x[0-9a-fA-F]{64}$/.test(code) ? code : encodeDepartmentCode(code);
}

function showReasonCode(code: string): string {
  if (code === ZeroHash) return "";
  try {
    return decodeBytes32String(code);
  } catch {
    return code;
  }
}

const titleHashOf = (to: Title | string) => (typeof to === "string" ? requireHash("to", to) : hashTitle(to));

/**
 * Deposits (资金监管), utility account transfers (水电气热过户) and tax audits (核价) around the register's
 * transfers (EstateServices). Banks record and release deposits; the registrar opens utility steps; providers
 * (participants) confirm theirs; TAX records audits. Anyone reads.
 */
export class EstateClient extends ContractClient<EstateServices> {
  constructor(
    address: string,
    runner: ContractRunner,
    private readonly fromBlock = 0,
  ) {
    super(EstateServices__factory.connect(address, runner));
  }

  connect(runner: ContractRunner): EstateClient {
    return new EstateClient(this.address, runner, this.fromBlock);
  }

  // ── banks ─────────────────────────────────────────────────────────────────

  /** `bank` (a Bank department, the caller one of its officers) holds the buyer's funds for the sale case. */
  async recordDeposit(
    transfer: TransferRef & { bank: string; band: number; agreementHash: string },
  ): Promise<GovTransaction<void>> {
    if (!Number.isInteger(transfer.band) || transfer.band < 1 || transfer.band > 8) {
      throw new ValidationError("band", `${transfer.band} is not a band 1-8 (depositBand(amount))`);
    }
    const args = [
      transfer.caseId,
      encodeUnitNumber(transfer.unitNumber),
      transferKindIndex(transfer.kind),
      titleHashOf(transfer.to),
      encodeDepartmentCode(transfer.bank),
      transfer.band,
      requireHash("agreementHash", transfer.agreementHash),
    ] as const;
    return this.send(
      `record ${transfer.bank}'s deposit for case ${transfer.caseId}`,
      () => this.contract.recordDeposit(...args),
      () => {},
    );
  }

  /** Releases the deposit of `caseId` once; the workflow decides where it goes (seller or buyer). */
  async releaseDeposit(caseId: bigint, documentHash: string): Promise<GovTransaction<DepositState>> {
    const doc = requireHash("documentHash", documentHash);
    return this.send(
      `release the deposit of case ${caseId}`,
      () => this.contract.releaseDeposit(caseId, doc),
      (receipt) => DEPOSIT_STATES[Number(this.eventsIn(receipt, "DepositReleased")[0].state)],
    );
  }

  async deposit(caseId: bigint): Promise<Deposit | undefined> {
    const [d, bank] = await this.read(`read the deposit of case ${caseId}`, () =>
      Promise.all([this.contract.depositOf(caseId), this.contract.depositBank(caseId)]),
    );
    if (bank === ZeroHash) return undefined;
    return {
      caseId,
      bank: decodeDepartmentCode(bank),
      state: DEPOSIT_STATES[Number(d.state)],
      band: Number(d.band),
      recordedAt: d.recordedAt,
    };
  }

  // ── utilities ─────────────────────────────────────────────────────────────

  /** Registrar officers: opens the account-transfer steps of an executed transfer for the providers named. */
  async openUtilitySteps(
    transfer: TransferRef & { fromVersion: number; providers: Partial<Record<Utility, string>> },
  ): Promise<GovTransaction<void>> {
    const providers = UTILITIES.map((u) => transfer.providers[u] ?? ZeroAddress) as [string, string, string, string];
    if (providers.every((p) => p === ZeroAddress)) throw new ValidationError("providers", "name at least one");
    const args = [
      transfer.caseId,
      encodeUnitNumber(transfer.unitNumber),
      transferKindIndex(transfer.kind),
      transfer.fromVersion,
      titleHashOf(transfer.to),
      providers,
    ] as const;
    return this.send(
      `open the utility steps of case ${transfer.caseId}`,
      () => this.contract.openUtilitySteps(...args),
      () => {},
    );
  }

  /** The provider of the step confirms arrears settled and the account moved. */
  async confirmUtilityStep(caseId: bigint, utility: Utility, settlementHash: string): Promise<GovTransaction<void>> {
    const i = UTILITIES.indexOf(utility);
    if (i < 0) throw new ValidationError("utility", `${utility} is not one of ${UTILITIES.join(", ")}`);
    const hash = requireHash("settlementHash", settlementHash);
    return this.send(
      `confirm the ${utility} step of case ${caseId}`,
      () => this.contract.confirmUtilityStep(caseId, i, hash),
      () => {},
    );
  }

  /** The steps opened for `caseId` (what the new owner checks): which provider, done or not. */
  async utilitySteps(caseId: bigint): Promise<UtilityStep[]> {
    const steps = await this.read(`read the utility steps of case ${caseId}`, () => this.contract.utilitySteps(caseId));
    return steps
      .map((s, i) => ({ utility: UTILITIES[i], provider: s.provider, done: s.doneAt > 0n, doneAt: s.doneAt }))
      .filter((s) => s.provider !== ZeroAddress);
  }

  // ── tax audits ────────────────────────────────────────────────────────────

  /**
   * TAX officers: records the audit of the price declared in the case (commitments from {@link priceCommitment}).
   * For `returned`, return the case in the workflow first (`gov.workflow.returnCase`, with the reason in words).
   */
  async recordAudit(
    transfer: TransferRef & {
      declaredPriceHash: string;
      assessedReferenceHash: string;
      result: AuditResult;
      reasonCode?: string;
    },
  ): Promise<GovTransaction<void>> {
    const result = AUDIT_RESULTS.indexOf(transfer.result);
    if (result <= 0) throw new ValidationError("result", `${transfer.result} is not accepted, assessed or returned`);
    const args = [
      transfer.caseId,
      encodeUnitNumber(transfer.unitNumber),
      transferKindIndex(transfer.kind),
      titleHashOf(transfer.to),
      requireHash("declaredPriceHash", transfer.declaredPriceHash),
      requireHash("assessedReferenceHash", transfer.assessedReferenceHash),
      result,
      reasonCodeArg(transfer.reasonCode),
    ] as const;
    return this.send(
      `record the tax audit of case ${transfer.caseId}`,
      () => this.contract.recordAudit(...args),
      () => {},
    );
  }

  /** Every tax audit of the unit, oldest first (also in `PropertyClient.history(...).taxAudits`). */
  async audits(unitNumber: string): Promise<TaxAudit[]> {
    const unit = encodeUnitNumber(unitNumber);
    const logs = await this.read(`read the tax audits of ${unitNumber}`, () =>
      this.scanEvents(this.fromBlock, (from, to) =>
        this.contract.queryFilter(this.contract.filters.TaxAuditRecorded(unit), from, to),
      ),
    );
    return logs.map((log) => toTaxAudit(log.args, log.blockNumber));
  }
}

/** A `TaxAuditRecorded` event's arguments as a {@link TaxAudit} (shared with the unit history). */
export function toTaxAudit(
  a: {
    caseId: bigint;
    result: bigint;
    declaredPriceHash: string;
    assessedReferenceHash: string;
    reasonCode: string;
    officer: string;
  },
  blockNumber: number,
): TaxAudit {
  return {
    caseId: a.caseId,
    result: AUDIT_RESULTS[Number(a.result)] as AuditResult,
    declaredPriceHash: a.declaredPriceHash,
    assessedReferenceHash: a.assessedReferenceHash,
    reasonCode: showReasonCode(a.reasonCode),
    officer: a.officer,
    blockNumber,
  };
}
