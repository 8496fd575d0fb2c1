import { ZeroHash, type ContractRunner, type Log, type LogDescription, type TransactionReceipt } from "ethers";

import type { TitleRecordedEvent } from "../../typechain-types/contracts/property/PropertyRegistry.js";
import { PropertyRegistry__factory, type PropertyRegistry } from "../../typechain-types/index.js";
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
}

export interface PropertyClientOptions {
  /** First block to scan for events (the manifest's `deploymentBlock`). */
  fromBlock?: number;
}

const BLOCKER_REASONS = ["none", "unknownUnit", "frozen", "mortgaged", "caseNotApproved"] as const;

const toSeconds = (value: bigint | number | Date | undefined): bigint =>
  value === undefined ? 0n : value instanceof Date ? BigInt(Math.floor(value.getTime() / 1000)) : BigInt(value);

function requireHash(field: string, value: string | undefined, allowZero = false): string {
  const hash = value ?? ZeroHash;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hash)) throw new ValidationError(field, `${hash} is not a bytes32 hash`);
  if (!allowZero && hash === ZeroHash) throw new ValidationError(field, "must not be zero");
  return hash;
}

/**
 * The real-estate register: registry officers register units and run transfers, banks
 * register mortgages, courts freeze; anyone reads titles, encumbrances, blockers and history.
 */
export class PropertyClient extends ContractClient<PropertyRegistry> {
  private readonly fromBlock: number;

  constructor(registry: string, runner: ContractRunner, options: PropertyClientOptions = {}) {
    super(PropertyRegistry__factory.connect(registry, runner));
    this.fromBlock = options.fromBlock ?? 0;
  }

  /** The same client acting as another signer. */
  connect(runner: ContractRunner): PropertyClient {
    return new PropertyClient(this.address, runner, { fromBlock: this.fromBlock });
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

  /** Registers a mortgage for `bank` (the caller's bank); resolves to its number (see {@link proofCertificate}). */
  async addMortgage(mortgage: {
    unitNumber: string;
    bank: string;
    start?: bigint | number | Date;
    end?: bigint | number | Date;
    documentHash: string;
  }): Promise<GovTransaction<{ seq: number; slot: number }>> {
    const unit = encodeUnitNumber(mortgage.unitNumber);
    const bank = encodeDepartmentCode(mortgage.bank);
    const doc = requireHash("documentHash", mortgage.documentHash);
    return this.send(
      `register ${mortgage.bank} mortgage on ${mortgage.unitNumber}`,
      () => this.contract.addMortgage(unit, bank, toSeconds(mortgage.start), toSeconds(mortgage.end), doc),
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
        this.contract.queryFilter(this.contract.filters.UnitRegistered(unit), this.fromBlock, "latest"),
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
      this.contract.queryFilter(this.contract.filters.TitleRecorded(unit), this.fromBlock, "latest"),
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
    return list.map((e) => ({
      unitNumber,
      slot: Number(e.slot),
      seq: Number(e.seq),
      kind: ENCUMBRANCE_KINDS[Number(e.kind)],
      holder: decodeDepartmentCode(e.holder),
      end: e.end,
      lapsed: e.end !== 0n && e.end <= now,
      consentCase: e.consentCase,
    }));
  }

  /**
   * Can the unit be transferred now, and if not, why: every blocker (freezes, mortgages not
   * consented for `caseId`, the case not approved). An empty `blockers` means yes.
   */
  async transferCheck(
    unitNumber: string,
    caseId: bigint = 0n,
  ): Promise<{ transferable: boolean; blockers: TransferBlocker[] }> {
    const unit = encodeUnitNumber(unitNumber);
    const raw = await this.read(`check transfer of ${unitNumber}`, () => this.contract.transferBlockers(unit, caseId));
    const blockers = raw.map((b): TransferBlocker => {
      const reason = BLOCKER_REASONS[Number(b.reason)] as TransferBlocker["reason"];
      const holder = b.holder === ZeroHash ? undefined : decodeDepartmentCode(b.holder);
      const seq = Number(b.seq) || undefined;
      const message = {
        unknownUnit: `unit ${unitNumber} is not registered`,
        frozen: `frozen by ${holder} (encumbrance ${seq}): no transfer until the court releases it`,
        mortgaged: `mortgaged to ${holder} (encumbrance ${seq}): the bank must release it or consent to ${caseId === 0n ? "the transfer case" : `case ${caseId}`}`,
        caseNotApproved: `case ${caseId} is not approved`,
      }[reason];
      return { reason, seq, holder, message };
    });
    return { transferable: blockers.length === 0, blockers };
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
      this.contract.runner!.provider!.getLogs({
        address: this.address,
        topics: [null, unit],
        fromBlock: this.fromBlock,
        toBlock: "latest",
      }),
    );
    const history: UnitHistory = {
      unitNumber,
      registration: undefined as unknown as UnitHistory["registration"],
      titles: [],
      encumbrances: [],
      transfersOpened: [],
    };
    const bySeq = new Map<number, EncumbranceRecord>();
    for (const log of logs) {
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
      this.contract.queryFilter(this.contract.filters.TitleRecorded(), this.fromBlock, "latest"),
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
