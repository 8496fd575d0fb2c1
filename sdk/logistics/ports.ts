import type { ContractRunner, EventLog, TransactionReceipt } from "ethers";

import { ContainerClearance__factory, type ContainerClearance } from "../../typechain-types/index.js";
import { decodeDepartmentCode, encodeDepartmentCode } from "../access/departments.js";
import { ContractClient } from "../core/client.js";
import type { GovTransaction } from "../core/transaction.js";
import { ValidationError } from "../errors/base.js";

export const CONTAINER_STATUSES = ["none", "declared", "cleared", "released"] as const;
export type ContainerStatus = (typeof CONTAINER_STATUSES)[number];

/** A container entry as every terminal of the three jurisdictions reads it. */
export interface ContainerEntry {
  id: string;
  status: ContainerStatus;
  /** The customs offices holding it now: while any does, no terminal may release it. */
  holds: string[];
  caseId: bigint;
  declarant: string;
  declaredAt: number;
  releasedAt: number;
  /** The terminal role that released it (undefined until released). */
  releasedBy?: string;
}

/** One step of a container entry's life, from its events. */
export interface ContainerTimelineEntry {
  event: string;
  actor?: string;
  office?: string;
  terminalRole?: string;
  caseId?: bigint;
  documentHash?: string;
  blockNumber: number;
  transactionHash: string;
}

const hash32 = (name: string, value: string) => {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) throw new ValidationError(name, `${value} is not a 32-byte hash`);
  return value;
};

/**
 * Beijing-Tianjin-Hebei port clearance: container entries (see {@link containerEntryId}) declared by accredited
 * declarants, cleared through a cross-jurisdiction workflow case, held and lifted by customs offices, released
 * once by a terminal of any of the three jurisdictions.
 */
export class ContainerClearanceClient extends ContractClient<ContainerClearance> {
  constructor(
    address: string,
    runner: ContractRunner,
    private readonly options: { fromBlock?: number } = {},
  ) {
    super(ContainerClearance__factory.connect(address, runner));
  }

  connect(runner: ContractRunner): ContainerClearanceClient {
    return new ContainerClearanceClient(this.address, runner, this.options);
  }

  /** Declares a container entry (the caller: an accredited declarant); resolves to the clearance case id. */
  async declare(id: string, documentHash: string): Promise<GovTransaction<{ caseId: bigint }>> {
    return this.send(
      `declare container ${id}`,
      () => this.contract.declare(hash32("container", id), hash32("documentHash", documentHash)),
      (receipt: TransactionReceipt) => ({ caseId: BigInt(this.eventsIn(receipt, "ContainerDeclared")[0].caseId) }),
    );
  }

  /** Consumes the approved clearance case (the declarant). */
  async recordClearance(id: string): Promise<GovTransaction<void>> {
    return this.send(
      `record clearance of container ${id}`,
      () => this.contract.recordClearance(hash32("container", id)),
      () => {},
    );
  }

  /** Resubmits the returned clearance case with the corrected declaration (the declarant). */
  async resubmitClearance(id: string, documentHash: string): Promise<GovTransaction<void>> {
    return this.send(
      `resubmit clearance of container ${id}`,
      () => this.contract.resubmitClearance(hash32("container", id), hash32("documentHash", documentHash)),
      () => {},
    );
  }

  /** Withdraws the clearance case (the declarant): the entry may be declared again; its holds stay. */
  async withdrawClearance(id: string, reason: string): Promise<GovTransaction<void>> {
    return this.send(
      `withdraw clearance of container ${id}`,
      () => this.contract.withdrawClearance(hash32("container", id), reason),
      () => {},
    );
  }

  /** Puts `office`'s hold on the container (an officer of that customs office). */
  async hold(id: string, office: string, documentHash: string): Promise<GovTransaction<void>> {
    return this.send(
      `hold container ${id} for ${office}`,
      () =>
        this.contract.hold(hash32("container", id), encodeDepartmentCode(office), hash32("documentHash", documentHash)),
      () => {},
    );
  }

  /** Lifts `office`'s hold (an officer of that same office). */
  async liftHold(id: string, office: string, documentHash: string): Promise<GovTransaction<void>> {
    return this.send(
      `lift ${office}'s hold on container ${id}`,
      () =>
        this.contract.liftHold(
          hash32("container", id),
          encodeDepartmentCode(office),
          hash32("documentHash", documentHash),
        ),
      () => {},
    );
  }

  /** Opens the legal-basis case to lift `office`'s hold (an officer of customs office `by`). */
  async openHoldLift(
    id: string,
    office: string,
    by: string,
    documentHash: string,
  ): Promise<GovTransaction<{ caseId: bigint }>> {
    return this.send(
      `open a hold-lift case for ${office}'s hold on container ${id}`,
      () =>
        this.contract.openHoldLift(
          hash32("container", id),
          encodeDepartmentCode(office),
          encodeDepartmentCode(by),
          hash32("documentHash", documentHash),
        ),
      (receipt: TransactionReceipt) => ({ caseId: BigInt(this.eventsIn(receipt, "HoldLiftOpened")[0].caseId) }),
    );
  }

  /** Lifts `office`'s hold on the approved hold-lift case (an officer of customs office `by`). */
  async executeHoldLift(id: string, office: string, by: string, caseId: bigint, documentHash: string) {
    return this.send(
      `lift ${office}'s hold on container ${id} on case ${caseId}`,
      () =>
        this.contract.executeHoldLift(
          hash32("container", id),
          encodeDepartmentCode(office),
          encodeDepartmentCode(by),
          caseId,
          hash32("documentHash", documentHash),
        ),
      () => {},
    );
  }

  /** Releases a cleared, unheld container (an account accredited in `terminalRole`), once. */
  async release(id: string, terminalRole: string, documentHash: string): Promise<GovTransaction<void>> {
    return this.send(
      `release container ${id} at ${terminalRole}`,
      () =>
        this.contract.release(
          hash32("container", id),
          encodeDepartmentCode(terminalRole),
          hash32("documentHash", documentHash),
        ),
      () => {},
    );
  }

  /** The container entry as stored, with the offices holding it. */
  async container(id: string): Promise<ContainerEntry> {
    const key = hash32("container", id);
    const [view, holds] = await this.read(`read container ${id}`, () =>
      Promise.all([this.contract.containerOf(key), this.contract.holdsOf(key)]),
    );
    return {
      id,
      status: CONTAINER_STATUSES[Number(view.status)],
      holds: holds.map(decodeDepartmentCode),
      caseId: view.caseId,
      declarant: view.declarant,
      declaredAt: Number(view.declaredAt),
      releasedAt: Number(view.releasedAt),
      releasedBy: view.status === 3n ? decodeDepartmentCode(view.releasedBy) : undefined,
    };
  }

  /** The container entry's events, oldest first (declaration, clearance, holds and lifts, release). */
  async timeline(id: string): Promise<ContainerTimelineEntry[]> {
    const key = hash32("container", id);
    const logs = (await this.read(`read container ${id} timeline`, () =>
      this.scanEvents(this.options.fromBlock ?? 0, (from, to) => this.contract.queryFilter("*" as never, from, to)),
    )) as EventLog[];
    return logs
      .filter((log) => log.fragment !== undefined && log.args.container === key)
      .map((log) => ({
        event: log.fragment.name,
        actor: (log.args.officer ?? log.args.declarant ?? log.args.terminal) as string | undefined,
        office: log.args.office === undefined ? undefined : decodeDepartmentCode(log.args.office as string),
        terminalRole:
          log.args.terminalRole === undefined ? undefined : decodeDepartmentCode(log.args.terminalRole as string),
        caseId: log.args.caseId as bigint | undefined,
        documentHash: log.args.documentHash as string | undefined,
        blockNumber: log.blockNumber,
        transactionHash: log.transactionHash,
      }));
  }
}
