import type { ContractRunner, EventLog, TransactionReceipt } from "ethers";

import { Shipments__factory, type Shipments } from "../../typechain-types/index.js";
import { decodeDepartmentCode, encodeDepartmentCode } from "../access/departments.js";
import { ContractClient } from "../core/client.js";
import type { GovTransaction } from "../core/transaction.js";
import { ValidationError } from "../errors/base.js";
import { WorkflowClient, type CaseTimelineEntry } from "../workflow/client.js";

export const SHIPMENT_STATUSES = ["none", "open", "in clearance", "cleared", "released"] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** A shipment as stored. */
export interface Shipment {
  id: string;
  status: ShipmentStatus;
  /** The document kinds added so far (codes). */
  documents: string[];
  /** The clearance case (0n before clearance is opened). */
  caseId: bigint;
  createdAt: number;
  releasedAt: number;
}

/** One step of a shipment's life, from its own events and its clearance case's. */
export interface ShipmentTimelineEntry {
  event: string;
  /** Who acted (a participant's account or an officer). */
  actor?: string;
  /** The document kind (DocumentAdded) or department (case steps). */
  kind?: string;
  department?: string;
  documentHash?: string;
  caseId?: bigint;
  blockNumber: number;
  transactionHash: string;
  logIndex: number;
}

const hash32 = (name: string, value: string) => {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) throw new ValidationError(name, `${value} is not a 32-byte hash`);
  return value;
};

/**
 * Airport logistics: shipments (air waybills, see {@link shipmentId}) whose parties add their documents as hashes,
 * clear customs through a workflow case and are released once by the airport operator. Writes are made by
 * participants (accounts accredited in the ParticipantRegistry), not department officers.
 */
export class ShipmentsClient extends ContractClient<Shipments> {
  constructor(
    address: string,
    runner: ContractRunner,
    private readonly options: { fromBlock?: number; workflow?: string } = {},
  ) {
    super(Shipments__factory.connect(address, runner));
  }

  connect(runner: ContractRunner): ShipmentsClient {
    return new ShipmentsClient(this.address, runner, this.options);
  }

  /** Creates shipment `id`; the caller (a forwarder) names the other parties by role code. */
  async create(id: string, parties: Readonly<Record<string, string>>): Promise<GovTransaction<void>> {
    const list = Object.entries(parties).map(([role, account]) => ({ role: encodeDepartmentCode(role), account }));
    return this.send(
      `create shipment ${id}`,
      () => this.contract.createShipment(hash32("shipment", id), list),
      () => {},
    );
  }

  /** Adds a document's hash (the caller must be the shipment's party in the role the kind names). */
  async addDocument(id: string, kind: string, documentHash: string): Promise<GovTransaction<void>> {
    return this.send(
      `add ${kind} to shipment ${id}`,
      () =>
        this.contract.addDocument(
          hash32("shipment", id),
          encodeDepartmentCode(kind),
          hash32("documentHash", documentHash),
        ),
      () => {},
    );
  }

  /** Opens the shipment's customs clearance case; resolves to its id. */
  async openClearance(id: string, documentHash: string): Promise<GovTransaction<{ caseId: bigint }>> {
    return this.send(
      `open clearance of shipment ${id}`,
      () => this.contract.openClearance(hash32("shipment", id), hash32("documentHash", documentHash)),
      (receipt: TransactionReceipt) => ({ caseId: BigInt(this.eventsIn(receipt, "ClearanceOpened")[0].caseId) }),
    );
  }

  /** Consumes the approved clearance case: the shipment is cleared. */
  async recordClearance(id: string): Promise<GovTransaction<void>> {
    return this.send(
      `record clearance of shipment ${id}`,
      () => this.contract.recordClearance(hash32("shipment", id)),
      () => {},
    );
  }

  /** Corrects a document while the clearance case is returned (the shipment's party entitled to the kind). */
  async correctDocument(id: string, kind: string, documentHash: string): Promise<GovTransaction<void>> {
    return this.send(
      `correct ${kind} of shipment ${id}`,
      () =>
        this.contract.correctDocument(
          hash32("shipment", id),
          encodeDepartmentCode(kind),
          hash32("documentHash", documentHash),
        ),
      () => {},
    );
  }

  /** Resubmits the returned clearance case with the corrected application (the creator). */
  async resubmitClearance(id: string, documentHash: string): Promise<GovTransaction<void>> {
    return this.send(
      `resubmit clearance of shipment ${id}`,
      () => this.contract.resubmitClearance(hash32("shipment", id), hash32("documentHash", documentHash)),
      () => {},
    );
  }

  /** Withdraws the clearance case (the creator): the shipment collects documents again. */
  async withdrawClearance(id: string, reason: string): Promise<GovTransaction<void>> {
    return this.send(
      `withdraw clearance of shipment ${id}`,
      () => this.contract.withdrawClearance(hash32("shipment", id), reason),
      () => {},
    );
  }

  /** Releases a cleared shipment (the airport operator), once. */
  async release(id: string, documentHash: string): Promise<GovTransaction<void>> {
    return this.send(
      `release shipment ${id}`,
      () => this.contract.release(hash32("shipment", id), hash32("documentHash", documentHash)),
      () => {},
    );
  }

  /** The shipment as stored (status "none" when unknown). */
  async shipment(id: string): Promise<Shipment> {
    const [view, kinds] = await this.read(`read shipment ${id}`, () =>
      Promise.all([this.contract.shipmentOf(hash32("shipment", id)), this.contract.documentKinds()]),
    );
    const mask = Number(view.documentMask);
    return {
      id,
      status: SHIPMENT_STATUSES[Number(view.status)],
      documents: kinds.filter((_, i) => (mask >> i) & 1).map((k) => decodeDepartmentCode(k.kind)),
      caseId: view.caseId,
      createdAt: Number(view.createdAt),
      releasedAt: Number(view.releasedAt),
    };
  }

  /** The document kinds and the participant role entitled to add each. */
  async documentKinds(): Promise<{ kind: string; role: string; required: boolean }[]> {
    const kinds = await this.read("read document kinds", () => this.contract.documentKinds());
    return kinds.map((k) => ({
      kind: decodeDepartmentCode(k.kind),
      role: decodeDepartmentCode(k.role),
      required: k.required,
    }));
  }

  /**
   * Everything that happened to the shipment, oldest first: creation, each document (kind, hash, party), the
   * clearance case's steps (each department's decision), clearance and release. Every party reads the same.
   */
  async timeline(id: string): Promise<ShipmentTimelineEntry[]> {
    const shipment = hash32("shipment", id);
    const fromBlock = this.options.fromBlock ?? 0;
    const logs = (await this.read(`read shipment ${id} timeline`, () =>
      this.scanEvents(fromBlock, (from, to) => this.contract.queryFilter("*" as never, from, to)),
    )) as EventLog[];
    const own: ShipmentTimelineEntry[] = logs
      .filter((log) => log.fragment !== undefined && log.args.shipment === shipment)
      .map((log) => ({
        event: log.fragment.name,
        actor: (log.args.party ?? log.args.creator ?? log.args.operator) as string | undefined,
        kind: log.fragment.name === "DocumentAdded" ? decodeDepartmentCode(log.args.kind as string) : undefined,
        documentHash: log.args.documentHash as string | undefined,
        caseId: log.args.caseId as bigint | undefined,
        blockNumber: log.blockNumber,
        transactionHash: log.transactionHash,
        logIndex: log.index,
      }));
    const caseId = (await this.read(`read shipment ${id}`, () => this.contract.shipmentOf(shipment))).caseId;
    let steps: CaseTimelineEntry[] = [];
    if (caseId !== 0n) {
      const workflow = this.options.workflow ?? (await this.contract.config()).workflow;
      const client = new WorkflowClient(workflow, this.contract.runner!, fromBlock);
      client.logsMaxRange = this.logsMaxRange;
      steps = await client.timeline(caseId);
    }
    const fromCase: ShipmentTimelineEntry[] = steps.map((step, i) => ({
      event: step.event,
      actor: step.actor,
      department: step.department,
      documentHash: step.documentHash,
      caseId: step.caseId,
      blockNumber: step.blockNumber,
      transactionHash: step.transactionHash,
      logIndex: i,
    }));
    // Order across the two contracts by block and transaction; inside one transaction the case's events come
    // first (openClearance opens the case, then reports it; recordClearance consumes it, then reports it).
    const provider = this.contract.runner!.provider!;
    const txIndex = new Map<string, number>();
    for (const hash of new Set([...own, ...fromCase].map((e) => e.transactionHash))) {
      const receipt = await this.read("read a timeline transaction", () => provider.getTransactionReceipt(hash));
      txIndex.set(hash, receipt?.index ?? 0);
    }
    const key = (e: ShipmentTimelineEntry, fromWorkflow: boolean) =>
      [e.blockNumber, txIndex.get(e.transactionHash)!, fromWorkflow ? 0 : 1, e.logIndex] as const;
    const keyed = [...fromCase.map((e) => [key(e, true), e] as const), ...own.map((e) => [key(e, false), e] as const)];
    keyed.sort(([a], [b]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);
    return keyed.map(([, e]) => e);
  }
}
