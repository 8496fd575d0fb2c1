import {
  AbiCoder,
  id,
  keccak256,
  ZeroHash,
  type ContractRunner,
  type Log,
  type LogDescription,
  type TransactionReceipt,
} from "ethers";

import type { TitleRecordedEvent } from "../../typechain-types/contracts/property/PropertyRegistry.js";
import {
  IWorkflowCases__factory,
  PropertyRegistry__factory,
  type PropertyRegistry,
} from "../../typechain-types/index.js";
import { decodeDepartmentCode, encodeDepartmentCode } from "../access/departments.js";
import { ContractClient } from "../core/client.js";
import type { GovTransaction } from "../core/transaction.js";
import { ValidationError } from "../errors/base.js";
import {
  ENCUMBRANCE_KINDS,
  OWNERSHIP_KINDS,
  TRANSFER_KINDS,
  toTitleTuple,
  transferKindIndex,
  type EncumbranceKind,
  type Owner,
  type OwnershipKind,
  type Title,
  type TransferKind,
} from "./title.js";
import { decodeUnitNumber, encodeUnitNumber } from "./unitNumber.js";
import { addEstateEvent, type TaxAudit } from "../estate/history.js";

/** A unit's facts and the summary of its current title, as stored on chain. */
export interface PropertyUnit {
  unitNumber: string;
  titleVersion: number;
  ownershipKind: OwnershipKind;
  ownerCount: number;
  /** From the unit's `UnitRegistered` event. */
  usage: number;
  /** Hundredths of a square metre, from the unit's `UnitRegistered` event. */
  area: bigint;
  /** The block of the registration. */
  registeredInBlock: number;
  encumbranceCount: number;
  freezes: number;
  mortgages: number;
  titleHash: string;
  /** The certificate hash of the current title version. */
  certificate: string;
}

/** One title version, rebuilt from its `TitleRecorded` event. */
export interface TitleVersion {
  unitNumber: string;
  version: number;
  cause: TransferKind;
  kind: OwnershipKind;
  owners: Owner[];
  titleHash: string;
  /** The workflow case of a transfer (0 for the initial title). */
  caseId: bigint;
  certificate: string;
  actor: string;
  blockNumber: number;
  transactionHash: string;
}

/** An active encumbrance. */
export interface Encumbrance {
  unitNumber: string;
  slot: number;
  seq: number;
  kind: EncumbranceKind;
  /** The department entitled to release it (bank, court, or the registry). */
  holder: string;
  /** 0n for no end date. (The start is in {@link history}.) */
  end: bigint;
  /** Past its end date: it no longer blocks, and the registry may deregister it. */
  lapsed: boolean;
  /** For a mortgage: the transfer case the bank consented to (0n for none). */
  consentCase: bigint;
  /** For a freeze: filed while another live freeze was in effect, it waits (轮候查封) and takes effect in order. */
  waiting: boolean;
}

/** One reason a unit cannot be transferred now. */
export interface TransferBlocker {
  reason: "unknownUnit" | "frozen" | "mortgaged" | "caseNotApproved";
  seq?: number;
  holder?: string;
  /** The reason in words, for an officer's screen. */
  message: string;
}

/** One encumbrance from registration to release, rebuilt from events. */
export interface EncumbranceRecord {
  seq: number;
  kind: EncumbranceKind;
  holder: string;
  slot: number;
  start: bigint;
  end: bigint;
  beneficiary: string;
  documentHash: string;
  addedBy: string;
  addedInBlock: number;
  consents: { caseId: bigint; blockNumber: number }[];
  /** For a freeze filed on a unit already frozen: the freeze it waited behind, and when it took effect (if it did). */
  waitedBehind?: number;
  tookEffectInBlock?: number;
  released?: { by: string; documentHash: string; blockNumber: number };
}

/** A unit's whole story, rebuilt from the registry's events. */
export interface UnitHistory {
  unitNumber: string;
  registration: {
    parcelRef: string;
    planningPermit: string;
    usage: number;
    area: bigint;
    documentHash: string;
    actor: string;
    blockNumber: number;
  };
  /** Every title version, oldest first: the ownership chain. */
  titles: TitleVersion[];
  /** Every encumbrance ever recorded, in order, with its release if any. */
  encumbrances: EncumbranceRecord[];
  /** Transfer cases opened, whether executed or not. */
  transfersOpened: {
    caseId: bigint;
    kind: TransferKind;
    fromVersion: number;
    titleHash: string;
    blockNumber: number;
  }[];
  /** Mortgage applications opened by banks, whether registered or not. */
  mortgagesOpened: {
    caseId: bigint;
    bank: string;
    titleVersion: number;
    start: bigint;
    end: bigint;
    blockNumber: number;
  }[];
  /** Release cases the registrar opened for encumbrances of deactivated holders. */
  releasesOpened: { caseId: bigint; seq: number; holder: string; blockNumber: number }[];
  /** Tax audits of the unit's transfer cases (EstateServices; empty when the client has no `estate`). */
  taxAudits: TaxAudit[];
  /** Deposits supervised for the unit's sale cases (EstateServices), by bank. */
  deposits: { caseId: bigint; bank: string; band: number; blockNumber: number }[];
  /** Executed transfers whose utility account steps were opened (EstateServices). */
  utilityStepsOpened: { caseId: bigint; providers: string[]; blockNumber: number }[];
}

export interface PropertyClientOptions {
  /** First block to scan for events (the manifest's `deploymentBlock`). */
  fromBlock?: number;
  /** The EstateServices proxy: its deposits, utility steps and tax audits join the unit's history. */
  estate?: string;
}

/** The workflow's CaseStatus order; 3 is Approved. */
const CASE_APPROVED = 3n;
const MORTGAGE_TAG = id("govchain.property.mortgage");
const RELEASE_TAG = id("govchain.property.release");

const toSeconds = (value: bigint | number | Date | undefined): bigint =>
  value === undefined ? 0n : value instanceof Date ? BigInt(Math.floor(value.getTime() / 1000)) : BigInt(value);

function requireHash(field: string, value: string | undefined, allowZero = false): string {
  const hash = value ?? ZeroHash;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hash)) throw new ValidationError(field, `${hash} is not a bytes32 hash`);
  if (!allowZero && hash === ZeroHash) throw new ValidationError(field, "must not be zero");
  return hash;
}

/**
 * The real-estate register: registry officers register units, run transfers and approve (through the
 * workflow) the mortgages banks apply for; courts freeze (a second court's freeze waits in order); anyone
 * reads titles, encumbrances, blockers and history.
 */
export class PropertyClient extends ContractClient<PropertyRegistry> {
  private readonly fromBlock: number;
  private readonly estate?: string;

  constructor(registry: string, runner: ContractRunner, options: PropertyClientOptions = {}) {
    super(PropertyRegistry__factory.connect(registry, runner));
    this.fromBlock = options.fromBlock ?? 0;
    this.estate = options.estate;
  }

  /** The same client acting as another signer. */
  connect(runner: ContractRunner): PropertyClient {
    return this.withSettingsOf(
      new PropertyClient(this.address, runner, { fromBlock: this.fromBlock, estate: this.estate }),
    );
  }

  // ── registry officers ─────────────────────────────────────────────────────

  /** Registers a unit with its first title; resolves to title version 1 (with its certificate). REGISTRY only. */
  async registerUnit(unit: {
    unitNumber: string;
    parcelRef: string;
    planningPermit?: string;
    usage: number;
    /** Hundredths of a square metre. */
    area: bigint | number;
    documentHash: string;
    title: Title;
  }): Promise<GovTransaction<TitleVersion>> {
    const input = {
      unit: encodeUnitNumber(unit.unitNumber),
      parcelRef: requireHash("parcelRef", unit.parcelRef),
      planningPermit: requireHash("planningPermit", unit.planningPermit, true),
      usage: unit.usage,
      area: BigInt(unit.area),
      documentHash: requireHash("documentHash", unit.documentHash),
    };
    if (!Number.isInteger(unit.usage) || unit.usage < 0 || unit.usage > 255) {
      throw new ValidationError("usage", `${unit.usage} is not a use code 0-255`);
    }
    if (input.area <= 0n || input.area >= 2n ** 48n) throw new ValidationError("area", `${unit.area} is out of range`);
    const title = toTitleTuple(unit.title);
    return this.send(
      `register unit ${unit.unitNumber}`,
      () => this.contract.registerUnit(input, title),
      (receipt) => this.titleIn(receipt),
    );
  }

  /** Opens a transfer case in the workflow module; resolves to its case id. REGISTRY only. */
  async openTransfer(transfer: {
    unitNumber: string;
    kind: Exclude<TransferKind, "initial">;
    to: Title;
    documentHash: string;
  }): Promise<GovTransaction<{ caseId: bigint; subject: string; fromVersion: number }>> {
    const unit = encodeUnitNumber(transfer.unitNumber);
    const kind = transferKindIndex(transfer.kind);
    const next = toTitleTuple(transfer.to);
    const doc = requireHash("documentHash", transfer.documentHash);
    return this.send(
      `open ${transfer.kind} of ${transfer.unitNumber}`,
      () => this.contract.openTransfer(unit, kind, next, doc),
      (receipt) => {
        const [e] = this.eventsIn(receipt, "TransferOpened");
        return { caseId: e.caseId as bigint, subject: e.subject as string, fromVersion: Number(e.fromVersion) };
      },
    );
  }

  /** Executes an approved transfer case; resolves to the new title version. REGISTRY only. */
  async executeTransfer(transfer: {
    unitNumber: string;
    caseId: bigint;
    kind: Exclude<TransferKind, "initial">;
    to: Title;
  }): Promise<GovTransaction<TitleVersion>> {
    const unit = encodeUnitNumber(transfer.unitNumber);
    const kind = transferKindIndex(transfer.kind);
    const next = toTitleTuple(transfer.to);
    return this.send(
      `execute ${transfer.kind} of ${transfer.unitNumber} (case ${transfer.caseId})`,
      () => this.contract.executeTransfer(unit, transfer.caseId, kind, next),
      (receipt) => this.titleIn(receipt),
    );
  }

  /** Records a lien, lease or easement for a beneficiary commitment. REGISTRY only. */
  async addEncumbrance(encumbrance: {
    unitNumber: string;
    kind: "lien" | "lease" | "easement";
    beneficiary: string;
    start?: bigint | number | Date;
    end?: bigint | number | Date;
    documentHash: string;
  }): Promise<GovTransaction<{ seq: number; slot: number }>> {
    const unit = encodeUnitNumber(encumbrance.unitNumber);
    const kind = ENCUMBRANCE_KINDS.indexOf(encumbrance.kind);
    if (kind < 3) throw new ValidationError("encumbrance kind", `${encumbrance.kind} is not lien, lease or easement`);
    const beneficiary = requireHash("beneficiary", encumbrance.beneficiary);
    const doc = requireHash("documentHash", encumbrance.documentHash);
    return this.send(
      `record ${encumbrance.kind} on ${encumbrance.unitNumber}`,
      () =>
        this.contract.addEncumbrance(
          unit,
          kind,
          beneficiary,
          toSeconds(encumbrance.start),
          toSeconds(encumbrance.end),
          doc,
        ),
      (receipt) => this.addedIn(receipt),
    );
  }

  // ── banks ─────────────────────────────────────────────────────────────────

  /**
   * Opens a mortgage application for `bank` (the caller's bank) as a workflow case that the registrar must
   * approve; `documentHash` is the application file carrying the owners' signed consent. Resolves to the case.
   * Execute it with {@link executeMortgage} and the same `start`/`end` once approved.
   */
  async openMortgage(mortgage: {
    unitNumber: string;
    bank: string;
    start?: bigint | number | Date;
    end?: bigint | number | Date;
    documentHash: string;
  }): Promise<GovTransaction<{ caseId: bigint; subject: string; titleVersion: number }>> {
    const unit = encodeUnitNumber(mortgage.unitNumber);
    const bank = encodeDepartmentCode(mortgage.bank);
    const doc = requireHash("documentHash", mortgage.documentHash);
    return this.send(
      `open ${mortgage.bank} mortgage application on ${mortgage.unitNumber}`,
      () => this.contract.openMortgage(unit, bank, toSeconds(mortgage.start), toSeconds(mortgage.end), doc),
      (receipt) => {
        const [e] = this.eventsIn(receipt, "MortgageOpened");
        return { caseId: e.caseId as bigint, subject: e.subject as string, titleVersion: Number(e.titleVersion) };
      },
    );
  }

  /**
   * Registers the mortgage of an approved mortgage case (same unit, bank, `start` and `end` as opened, at the
   * same title version) and issues the certificate of other rights to the bank; resolves to its number.
   */
  async executeMortgage(mortgage: {
    unitNumber: string;
    caseId: bigint;
    bank: string;
    start?: bigint | number | Date;
    end?: bigint | number | Date;
    documentHash: string;
  }): Promise<GovTransaction<{ seq: number; slot: number }>> {
    const unit = encodeUnitNumber(mortgage.unitNumber);
    const bank = encodeDepartmentCode(mortgage.bank);
    const doc = requireHash("documentHash", mortgage.documentHash);
    return this.send(
      `register ${mortgage.bank} mortgage on ${mortgage.unitNumber} (case ${mortgage.caseId})`,
      () =>
        this.contract.executeMortgage(
          unit,
          mortgage.caseId,
          bank,
          toSeconds(mortgage.start),
          toSeconds(mortgage.end),
          doc,
        ),
      (receipt) => this.addedIn(receipt),
    );
  }

  /** The mortgagee consents to transfer case `caseId`; the mortgage then follows the unit. */
  async consentToTransfer(consent: {
    unitNumber: string;
    seq: number;
    bank: string;
    caseId: bigint;
  }): Promise<GovTransaction<void>> {
    const unit = encodeUnitNumber(consent.unitNumber);
    const bank = encodeDepartmentCode(consent.bank);
    const slot = await this.slotOf(consent.unitNumber, consent.seq);
    return this.send(
      `${consent.bank} consent to case ${consent.caseId} on ${consent.unitNumber}`,
      () => this.contract.consentToTransfer(unit, slot, consent.seq, bank, consent.caseId),
      () => {},
    );
  }

  // ── courts ────────────────────────────────────────────────────────────────

  /** Records a court freeze (查封); `courtOrder` is the hash of the order. */
  async addFreeze(freeze: {
    unitNumber: string;
    court: string;
    end?: bigint | number | Date;
    courtOrder: string;
  }): Promise<GovTransaction<{ seq: number; slot: number }>> {
    const unit = encodeUnitNumber(freeze.unitNumber);
    const court = encodeDepartmentCode(freeze.court);
    const order = requireHash("courtOrder", freeze.courtOrder);
    return this.send(
      `freeze ${freeze.unitNumber} for ${freeze.court}`,
      () => this.contract.addFreeze(unit, court, toSeconds(freeze.end), order),
      (receipt) => this.addedIn(receipt),
    );
  }

  // ── holders ───────────────────────────────────────────────────────────────

  /** Releases encumbrance `seq`, acting for `department` (its holder, or REGISTRY once it lapsed). */
  async release(release: {
    unitNumber: string;
    seq: number;
    department: string;
    documentHash: string;
  }): Promise<GovTransaction<void>> {
    const unit = encodeUnitNumber(release.unitNumber);
    const department = encodeDepartmentCode(release.department);
    const doc = requireHash("documentHash", release.documentHash);
    const slot = await this.slotOf(release.unitNumber, release.seq);
    return this.send(
      `release encumbrance ${release.seq} of ${release.unitNumber}`,
      () => this.contract.releaseEncumbrance(unit, slot, release.seq, department, doc),
      () => {},
    );
  }

  /** Opens a release case for encumbrance `seq`, whose bank or court was deactivated. REGISTRY only. */
  async openRelease(release: {
    unitNumber: string;
    seq: number;
    documentHash: string;
  }): Promise<GovTransaction<{ caseId: bigint; holder: string }>> {
    const unit = encodeUnitNumber(release.unitNumber);
    const doc = requireHash("documentHash", release.documentHash);
    const slot = await this.slotOf(release.unitNumber, release.seq);
    return this.send(
      `open release of encumbrance ${release.seq} of ${release.unitNumber}`,
      () => this.contract.openRelease(unit, slot, release.seq, doc),
      (receipt) => {
        const [e] = this.eventsIn(receipt, "ReleaseOpened");
        return { caseId: e.caseId as bigint, holder: decodeDepartmentCode(e.holder as string) };
      },
    );
  }

  /** Releases encumbrance `seq` on its approved release case. REGISTRY only. */
  async executeRelease(release: {
    unitNumber: string;
    seq: number;
    caseId: bigint;
    documentHash: string;
  }): Promise<GovTransaction<void>> {
    const unit = encodeUnitNumber(release.unitNumber);
    const doc = requireHash("documentHash", release.documentHash);
    const slot = await this.slotOf(release.unitNumber, release.seq);
    return this.send(
      `release encumbrance ${release.seq} of ${release.unitNumber} (case ${release.caseId})`,
      () => this.contract.executeRelease(unit, slot, release.seq, release.caseId, doc),
      () => {},
    );
  }

  // ── the registry's cases ──────────────────────────────────────────────────

  /**
   * Resubmits the registry's returned case (transfer, mortgage or release) with more information. An officer
   * of the department that opened it: the bank for a mortgage case, else the registrar.
   */
  async resubmitCase(caseId: bigint, documentHash: string): Promise<GovTransaction<void>> {
    const doc = requireHash("documentHash", documentHash);
    return this.send(
      `resubmit case ${caseId}`,
      () => this.contract.resubmitCase(caseId, doc),
      () => {},
    );
  }

  /** Withdraws the registry's open or returned case; same officers as {@link resubmitCase}. */
  async withdrawCase(caseId: bigint, reason: string): Promise<GovTransaction<void>> {
    if (reason.length === 0) throw new ValidationError("reason", "must not be empty");
    return this.send(
      `withdraw case ${caseId}`,
      () => this.contract.withdrawCase(caseId, reason),
      () => {},
    );
  }

  // ── reads ─────────────────────────────────────────────────────────────────

  /** Whether the unit is registered. */
  async exists(unitNumber: string): Promise<boolean> {
    const unit = encodeUnitNumber(unitNumber);
    return this.read(`check ${unitNumber}`, () => this.contract.exists(unit));
  }

  /** The unit as stored on chain, with its registration facts from its event (typed NotFoundError for an unknown unit). */
  async unit(unitNumber: string): Promise<PropertyUnit> {
    const unit = encodeUnitNumber(unitNumber);
    const [u, registered] = await Promise.all([
      this.read(`read unit ${unitNumber}`, () => this.contract.unitOf(unit)),
      this.read(`read registration of ${unitNumber}`, () =>
        this.scanEvents(this.fromBlock, (from, to) =>
          this.contract.queryFilter(this.contract.filters.UnitRegistered(unit), from, to),
        ),
      ),
    ]);
    const [event] = registered;
    if (event === undefined) {
      throw new ValidationError("event scan", `no registration of ${unitNumber} from block ${this.fromBlock}`);
    }
    return {
      unitNumber,
      titleVersion: Number(u.titleVersion),
      ownershipKind: OWNERSHIP_KINDS[Number(u.ownershipKind)],
      ownerCount: Number(u.ownerCount),
      usage: Number(event.args.usage),
      area: event.args.area,
      registeredInBlock: event.blockNumber,
      encumbranceCount: Number(u.encumbranceCount),
      freezes: Number(u.freezes),
      mortgages: Number(u.mortgages),
      titleHash: u.titleHash,
      certificate: u.certificate,
    };
  }

  /**
   * The current title with its owners: the latest `TitleRecorded` event of the unit, checked
   * against the title hash stored on chain (a mismatch means the event scan missed blocks).
   */
  async title(unitNumber: string): Promise<TitleVersion> {
    const [unit, titles] = await Promise.all([this.unit(unitNumber), this.titles(unitNumber)]);
    const current = titles.find((t) => t.version === unit.titleVersion);
    if (current === undefined || current.titleHash !== unit.titleHash) {
      throw new ValidationError(
        "event scan",
        `title version ${unit.titleVersion} of ${unitNumber} not found from block ${this.fromBlock}; pass the deployment block`,
      );
    }
    return current;
  }

  /** Every title version of the unit, oldest first (the ownership chain). */
  async titles(unitNumber: string): Promise<TitleVersion[]> {
    const unit = encodeUnitNumber(unitNumber);
    const logs = await this.read(`read titles of ${unitNumber}`, () =>
      this.scanEvents(this.fromBlock, (from, to) =>
        this.contract.queryFilter(this.contract.filters.TitleRecorded(unit), from, to),
      ),
    );
    return logs.map((log) => this.toTitleVersion(log.args, log.blockNumber, log.transactionHash));
  }

  /** The unit's active encumbrances. */
  async encumbrances(unitNumber: string): Promise<Encumbrance[]> {
    const unit = encodeUnitNumber(unitNumber);
    const [list, block] = await Promise.all([
      this.read(`read encumbrances of ${unitNumber}`, () => this.contract.encumbrances(unit)),
      this.read("read latest block", () => this.contract.runner!.provider!.getBlock("latest")),
    ]);
    const now = BigInt(block!.timestamp);
    const records = list.map((e) => ({
      unitNumber,
      slot: Number(e.slot),
      seq: Number(e.seq),
      kind: ENCUMBRANCE_KINDS[Number(e.kind)],
      holder: decodeDepartmentCode(e.holder),
      end: e.end,
      lapsed: e.end !== 0n && e.end <= now,
      consentCase: e.consentCase,
      waiting: false,
    }));
    // The registry's rule: the freeze in effect is the live freeze filed first; later live ones wait.
    const live = records.filter((e) => e.kind === "freeze" && !e.lapsed);
    const effective = Math.min(...live.map((e) => e.seq));
    for (const e of live) e.waiting = e.seq !== effective;
    return records;
  }

  /**
   * The workflow case types of mortgage applications and releases, from the registry's
   * `EncumbranceCaseTypeSet` events (emitted by `initialize` and by every change); undefined when not offered.
   */
  async encumbranceCaseTypes(): Promise<{ mortgage?: string; release?: string }> {
    const logs = await this.read("read case types", () =>
      this.scanEvents(this.fromBlock, (from, to) =>
        this.contract.queryFilter(this.contract.filters.EncumbranceCaseTypeSet(), from, to),
      ),
    );
    const types: { mortgage?: string; release?: string } = {};
    for (const log of logs) {
      const id = log.args.caseType === ZeroHash ? undefined : decodeDepartmentCode(log.args.caseType);
      types[Number(log.args.which) === 0 ? "mortgage" : "release"] = id;
    }
    return types;
  }

  /**
   * Can the unit be transferred now, and if not, why: every blocker (live freezes, in effect or waiting; live
   * mortgages not consented for `caseId`; the case not approved). An empty `blockers` means yes. Computed
   * from {@link encumbrances} and the workflow's case status (the rules of `executeTransfer`).
   */
  async transferCheck(
    unitNumber: string,
    caseId: bigint = 0n,
  ): Promise<{ transferable: boolean; blockers: TransferBlocker[] }> {
    if (!(await this.exists(unitNumber))) {
      const blockers: TransferBlocker[] = [{ reason: "unknownUnit", message: `unit ${unitNumber} is not registered` }];
      return { transferable: false, blockers };
    }
    const blockers: TransferBlocker[] = [];
    if (caseId !== 0n) {
      const { workflow } = await this.read("read registry config", () => this.contract.config());
      const cases = IWorkflowCases__factory.connect(workflow, this.contract.runner);
      const status = await this.read(`read case ${caseId}`, () => cases.caseStatus(caseId));
      if (status !== CASE_APPROVED)
        blockers.push({ reason: "caseNotApproved", message: `case ${caseId} is not approved` });
    }
    for (const e of await this.encumbrances(unitNumber)) {
      if (e.lapsed) continue;
      if (e.kind === "freeze") {
        const how = e.waiting ? "waiting freeze (takes effect when the earlier ones end)" : "freeze";
        blockers.push({
          reason: "frozen",
          seq: e.seq,
          holder: e.holder,
          message: `frozen by ${e.holder} (encumbrance ${e.seq}, ${how}): no transfer until the court releases it`,
        });
      } else if (e.kind === "mortgage" && (caseId === 0n || e.consentCase !== caseId)) {
        blockers.push({
          reason: "mortgaged",
          seq: e.seq,
          holder: e.holder,
          message: `mortgaged to ${e.holder} (encumbrance ${e.seq}): the bank must release it or consent to ${caseId === 0n ? "the transfer case" : `case ${caseId}`}`,
        });
      }
    }
    return { transferable: blockers.length === 0, blockers };
  }

  /**
   * The workflow case subject of a mortgage of the unit at `titleVersion` (default: current) for `bank` on these
   * terms: what the registrar approves, and what {@link executeMortgage} must match.
   */
  async mortgageSubject(mortgage: {
    unitNumber: string;
    bank: string;
    start?: bigint | number | Date;
    end?: bigint | number | Date;
    titleVersion?: number;
  }): Promise<string> {
    const version = mortgage.titleVersion ?? (await this.unit(mortgage.unitNumber)).titleVersion;
    return keccak256(
      AbiCoder.defaultAbiCoder().encode(
        ["bytes32", "address", "bytes32", "uint32", "bytes32", "uint64", "uint64"],
        [
          MORTGAGE_TAG,
          this.address,
          encodeUnitNumber(mortgage.unitNumber),
          version,
          encodeDepartmentCode(mortgage.bank),
          toSeconds(mortgage.start),
          toSeconds(mortgage.end),
        ],
      ),
    );
  }

  /** The workflow case subject of the release of encumbrance `seq` of the unit. */
  releaseSubject(unitNumber: string, seq: number): string {
    return keccak256(
      AbiCoder.defaultAbiCoder().encode(
        ["bytes32", "address", "bytes32", "uint32"],
        [RELEASE_TAG, this.address, encodeUnitNumber(unitNumber), seq],
      ),
    );
  }

  /** The title certificate hash of `version` (default: current) of the unit. */
  async titleCertificate(unitNumber: string, version?: number): Promise<string> {
    const unit = encodeUnitNumber(unitNumber);
    const v = version ?? (await this.unit(unitNumber)).titleVersion;
    return this.read(`read certificate of ${unitNumber}`, () => this.contract.titleCertificate(unit, v));
  }

  /** The certificate of other rights (不动产登记证明) issued to the bank for mortgage `seq`. */
  async proofCertificate(unitNumber: string, seq: number): Promise<string> {
    const unit = encodeUnitNumber(unitNumber);
    return this.read(`read proof certificate of ${unitNumber}`, () => this.contract.proofCertificate(unit, seq));
  }

  /** The unit's full story from events: registration, ownership chain, encumbrances with releases, transfer cases. */
  async history(unitNumber: string): Promise<UnitHistory> {
    const unit = encodeUnitNumber(unitNumber);
    const logs = await this.read(`read history of ${unitNumber}`, () =>
      this.scanEvents(this.fromBlock, (from, to) =>
        this.contract.runner!.provider!.getLogs({
          address: this.estate === undefined ? this.address : [this.address, this.estate],
          topics: [null, unit],
          fromBlock: from,
          toBlock: to,
        }),
      ),
    );
    const history: UnitHistory = {
      unitNumber,
      registration: undefined as unknown as UnitHistory["registration"],
      titles: [],
      encumbrances: [],
      transfersOpened: [],
      mortgagesOpened: [],
      releasesOpened: [],
      taxAudits: [],
      deposits: [],
      utilityStepsOpened: [],
    };
    const bySeq = new Map<number, EncumbranceRecord>();
    for (const log of logs) {
      if (log.address.toLowerCase() !== this.address.toLowerCase()) {
        addEstateEvent(history, log);
        continue;
      }
      const parsed = this.parse(log);
      if (parsed === null) continue;
      const a = parsed.args;
      switch (parsed.name) {
        case "UnitRegistered":
          history.registration = {
            parcelRef: a.parcelRef,
            planningPermit: a.planningPermit,
            usage: Number(a.usage),
            area: a.area,
            documentHash: a.documentHash,
            actor: a.actor,
            blockNumber: log.blockNumber,
          };
          break;
        case "TitleRecorded":
          history.titles.push(
            this.toTitleVersion(a as unknown as TitleRecordedEvent.OutputObject, log.blockNumber, log.transactionHash),
          );
          break;
        case "TransferOpened":
          history.transfersOpened.push({
            caseId: a.caseId,
            kind: TRANSFER_KINDS[Number(a.kind)],
            fromVersion: Number(a.fromVersion),
            titleHash: a.titleHash,
            blockNumber: log.blockNumber,
          });
          break;
        case "EncumbranceAdded": {
          const record: EncumbranceRecord = {
            seq: Number(a.seq),
            kind: ENCUMBRANCE_KINDS[Number(a.kind)],
            holder: decodeDepartmentCode(a.holder),
            slot: Number(a.slot),
            start: a.start,
            end: a.end,
            beneficiary: a.beneficiary,
            documentHash: a.documentHash,
            addedBy: a.actor,
            addedInBlock: log.blockNumber,
            consents: [],
          };
          bySeq.set(record.seq, record);
          history.encumbrances.push(record);
          break;
        }
        case "EncumbranceReleased":
          bySeq.get(Number(a.seq))!.released = {
            by: a.actor,
            documentHash: a.documentHash,
            blockNumber: log.blockNumber,
          };
          break;
        case "TransferConsented":
          bySeq.get(Number(a.seq))!.consents.push({ caseId: a.caseId, blockNumber: log.blockNumber });
          break;
        case "FreezeWaiting":
          bySeq.get(Number(a.seq))!.waitedBehind = Number(a.aheadSeq);
          break;
        case "FreezeTookEffect":
          bySeq.get(Number(a.seq))!.tookEffectInBlock = log.blockNumber;
          break;
        case "MortgageOpened":
          history.mortgagesOpened.push({
            caseId: a.caseId,
            bank: decodeDepartmentCode(a.bank),
            titleVersion: Number(a.titleVersion),
            start: a.start,
            end: a.end,
            blockNumber: log.blockNumber,
          });
          break;
        case "ReleaseOpened":
          history.releasesOpened.push({
            caseId: a.caseId,
            seq: Number(a.seq),
            holder: decodeDepartmentCode(a.holder),
            blockNumber: log.blockNumber,
          });
          break;
      }
    }
    if (history.registration === undefined) {
      throw new ValidationError("unit number", `${unitNumber} has no registration from block ${this.fromBlock}`);
    }
    return history;
  }

  /**
   * The owner index: each owner commitment → the units it currently holds (from the latest
   * title version of every unit). One scan; reuse the map for many look-ups.
   */
  async ownerIndex(): Promise<Map<string, string[]>> {
    const logs = await this.read("read titles", () =>
      this.scanEvents(this.fromBlock, (from, to) =>
        this.contract.queryFilter(this.contract.filters.TitleRecorded(), from, to),
      ),
    );
    const latest = new Map<string, string[]>();
    for (const log of logs) latest.set(log.args.unit, [...log.args.owners]);
    const index = new Map<string, string[]>();
    for (const [unit, owners] of latest) {
      for (const owner of owners) {
        const key = owner.toLowerCase();
        index.set(key, [...(index.get(key) ?? []), decodeUnitNumber(unit)]);
      }
    }
    return index;
  }

  /** The units `commitment` currently owns (alone or in part). */
  async unitsOf(commitment: string): Promise<string[]> {
    const key = requireHash("commitment", commitment).toLowerCase();
    return (await this.ownerIndex()).get(key) ?? [];
  }

  // ── internals ─────────────────────────────────────────────────────────────

  private parse(log: Log): LogDescription | null {
    try {
      return this.contract.interface.parseLog(log);
    } catch {
      return null;
    }
  }

  private async slotOf(unitNumber: string, seq: number): Promise<number> {
    const found = (await this.encumbrances(unitNumber)).find((e) => e.seq === seq);
    // An unknown seq still goes to the chain (slot 0), which answers with the typed error.
    return found?.slot ?? 0;
  }

  private titleIn(receipt: TransactionReceipt): TitleVersion {
    const [args] = this.eventsIn(receipt, "TitleRecorded");
    return this.toTitleVersion(args as unknown as TitleRecordedEvent.OutputObject, receipt.blockNumber, receipt.hash);
  }

  private addedIn(receipt: TransactionReceipt): { seq: number; slot: number } {
    const [args] = this.eventsIn(receipt, "EncumbranceAdded");
    return { seq: Number(args.seq), slot: Number(args.slot) };
  }

  private toTitleVersion(
    a: TitleRecordedEvent.OutputObject,
    blockNumber: number,
    transactionHash: string,
  ): TitleVersion {
    return {
      unitNumber: decodeUnitNumber(a.unit),
      version: Number(a.version),
      cause: TRANSFER_KINDS[Number(a.cause)],
      kind: OWNERSHIP_KINDS[Number(a.kind)],
      owners: a.owners.map((commitment, i) => ({ commitment, share: Number(a.shares[i]) })),
      titleHash: a.titleHash,
      caseId: a.caseId,
      certificate: a.certificate,
      actor: a.actor,
      blockNumber,
      transactionHash,
    };
  }
}
