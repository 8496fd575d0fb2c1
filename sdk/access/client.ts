import { Interface, type ContractRunner, type EventLog } from "ethers";

import {
  DepartmentDirectory__factory,
  GovAccessManager__factory,
  type DepartmentDirectory,
  type GovAccessManager,
} from "../../typechain-types/index.js";
import { ContractClient } from "../core/client.js";
import type { GovTransaction } from "../core/transaction.js";
import { requireAddress } from "../core/validate.js";
import {
  decodeDepartmentCode,
  DEPARTMENT_KINDS,
  departmentKindIndex,
  encodeDepartmentCode,
  type Department,
  type DepartmentKind,
} from "./departments.js";

export interface AccessAddresses {
  manager: string;
  directory: string;
}

/** One change to a department, rebuilt from the directory's events. */
export interface DepartmentEvent {
  event:
    | "DepartmentRegistered"
    | "DepartmentDeactivated"
    | "DepartmentReactivated"
    | "DepartmentAdminGranted"
    | "DepartmentAdminRevoked"
    | "OfficerGranted"
    | "OfficerRevoked";
  code: string;
  account?: string;
  actor: string;
  blockNumber: number;
  transactionHash: string;
}

/** A member of a department rebuilt from events: the account and when its role took effect. */
export interface DepartmentMember {
  account: string;
  /** Unix seconds from which the role is in effect (an admin's grant delay included). */
  since: bigint;
}

/** A department rebuilt from the directory's events alone (see {@link AccessClient.departmentFromEvents}). */
export interface DepartmentFromEvents extends Department {
  /** The grant delay its admin role got at registration (seconds). */
  adminGrantDelay: number;
  admins: DepartmentMember[];
  officers: DepartmentMember[];
}

/** A call scheduled in the AccessManager (an upgrade, or any delayed operation). */
export interface ScheduledOperation {
  operationId: string;
  /** Unix seconds from which it can be executed. */
  executableAt: bigint;
}

const upgradeInterface = new Interface(["function upgradeToAndCall(address newImplementation, bytes data)"]);

/**
 * The access layer: the department directory and the suite's AccessManager.
 * Operators register departments and grant admins; department admins grant officers; anyone reads.
 */
export class AccessClient extends ContractClient<DepartmentDirectory> {
  readonly manager: GovAccessManager;

  constructor(addresses: AccessAddresses, runner: ContractRunner) {
    super(DepartmentDirectory__factory.connect(addresses.directory, runner));
    this.manager = GovAccessManager__factory.connect(addresses.manager, runner);
  }

  /** The same client acting as another signer. */
  connect(runner: ContractRunner): AccessClient {
    return this.withSettingsOf(
      new AccessClient({ manager: this.manager.target as string, directory: this.address }, runner),
    );
  }

  // ── operator ──────────────────────────────────────────────────────────────

  /** Registers a department; resolves to its new role ids. Operator only. */
  async registerDepartment(department: { code: string; name: string; kind: DepartmentKind }) {
    const code = encodeDepartmentCode(department.code);
    const kind = departmentKindIndex(department.kind);
    return this.send(
      `register department ${department.code}`,
      () => this.contract.registerDepartment(code, department.name, kind),
      (receipt) => {
        const [event] = this.eventsIn(receipt, "DepartmentRegistered");
        return {
          code: department.code,
          adminRole: event.adminRole as bigint,
          officerRole: event.officerRole as bigint,
        };
      },
    );
  }

  /** Deactivates a department: its officers can no longer act in any module. Operator only. */
  async deactivateDepartment(code: string): Promise<GovTransaction<void>> {
    const encoded = encodeDepartmentCode(code);
    return this.send(
      `deactivate department ${code}`,
      () => this.contract.setDepartmentActive(encoded, false),
      () => {},
    );
  }

  /** Reactivates a deactivated department. Operator only. */
  async reactivateDepartment(code: string): Promise<GovTransaction<void>> {
    const encoded = encodeDepartmentCode(code);
    return this.send(
      `reactivate department ${code}`,
      () => this.contract.setDepartmentActive(encoded, true),
      () => {},
    );
  }

  /** Makes `account` a department admin; resolves to the unix time from which it can act. Operator only. */
  async grantDepartmentAdmin(code: string, account: string): Promise<GovTransaction<{ effectiveFrom: bigint }>> {
    const encoded = encodeDepartmentCode(code);
    const member = requireAddress("account", account);
    return this.send(
      `grant ${code} admin to ${member}`,
      () => this.contract.grantDepartmentAdmin(encoded, member),
      (receipt) => ({ effectiveFrom: this.eventsIn(receipt, "DepartmentAdminGranted")[0].since as bigint }),
    );
  }

  /** Removes a department admin at once. Operator only. */
  async revokeDepartmentAdmin(code: string, account: string): Promise<GovTransaction<void>> {
    const encoded = encodeDepartmentCode(code);
    const member = requireAddress("account", account);
    return this.send(
      `revoke ${code} admin from ${member}`,
      () => this.contract.revokeDepartmentAdmin(encoded, member),
      () => {},
    );
  }

  /** Closes a suite contract (emergency stop): its restricted functions revert until reopened. Operator only. */
  async closeModule(target: string): Promise<GovTransaction<void>> {
    const address = requireAddress("target", target);
    return this.send(
      `close ${address}`,
      () => this.contract.setModuleClosed(address, true),
      () => {},
    );
  }

  /** Reopens a closed suite contract. Operator only. */
  async reopenModule(target: string): Promise<GovTransaction<void>> {
    const address = requireAddress("target", target);
    return this.send(
      `reopen ${address}`,
      () => this.contract.setModuleClosed(address, false),
      () => {},
    );
  }

  // ── department admin ──────────────────────────────────────────────────────

  /** Makes `account` an officer of `code`. Only an admin of that department may. */
  async grantOfficer(code: string, account: string): Promise<GovTransaction<void>> {
    const encoded = encodeDepartmentCode(code);
    const member = requireAddress("account", account);
    return this.send(
      `grant ${code} officer to ${member}`,
      () => this.contract.grantOfficer(encoded, member),
      () => {},
    );
  }

  /** Removes an officer of `code`. Only an admin of that department may. */
  async revokeOfficer(code: string, account: string): Promise<GovTransaction<void>> {
    const encoded = encodeDepartmentCode(code);
    const member = requireAddress("account", account);
    return this.send(
      `revoke ${code} officer from ${member}`,
      () => this.contract.revokeOfficer(encoded, member),
      () => {},
    );
  }

  // ── governance: delayed operations (upgrades) ──────────────────────────────

  /**
   * Schedules the upgrade of a suite proxy to `implementation` in the AccessManager. The
   * upgrader's execution delay starts now; {@link executeUpgrade} runs it once it has passed.
   */
  async scheduleUpgrade(
    proxy: string,
    implementation: string,
    initData = "0x",
  ): Promise<GovTransaction<ScheduledOperation>> {
    const target = requireAddress("proxy", proxy);
    const data = upgradeInterface.encodeFunctionData("upgradeToAndCall", [
      requireAddress("implementation", implementation),
      initData,
    ]);
    return this.send(
      `schedule upgrade of ${target}`,
      () => this.manager.schedule(target, data, 0),
      (receipt) => {
        const log = receipt.logs
          .map((l) => this.manager.interface.parseLog(l))
          .find((parsed) => parsed?.name === "OperationScheduled");
        return { operationId: log!.args.operationId as string, executableAt: log!.args.schedule as bigint };
      },
    );
  }

  /** Executes a scheduled upgrade once its delay has passed. */
  async executeUpgrade(proxy: string, implementation: string, initData = "0x"): Promise<GovTransaction<void>> {
    const target = requireAddress("proxy", proxy);
    const data = upgradeInterface.encodeFunctionData("upgradeToAndCall", [
      requireAddress("implementation", implementation),
      initData,
    ]);
    return this.send(
      `execute upgrade of ${target}`,
      () => this.manager.execute(target, data),
      () => {},
    );
  }

  // ── reads ─────────────────────────────────────────────────────────────────

  /** The department registered as `code` (typed NotFoundError when there is none). */
  async department(code: string): Promise<Department> {
    const encoded = encodeDepartmentCode(code);
    const d = await this.read(`read department ${code}`, () => this.contract.department(encoded));
    return {
      code: decodeDepartmentCode(d.code),
      name: d.name,
      kind: DEPARTMENT_KINDS[Number(d.kind)],
      active: d.active,
      adminRole: d.adminRole,
      officerRole: d.officerRole,
    };
  }

  /** Every department, in registration order. */
  async departments(): Promise<Department[]> {
    const codes = await this.read("list departments", () => this.contract.departmentCodes());
    return Promise.all(codes.map((code) => this.department(decodeDepartmentCode(code))));
  }

  /** The admins of `code` (including those still waiting out the grant delay). */
  async admins(code: string): Promise<string[]> {
    const encoded = encodeDepartmentCode(code);
    return this.read(`list ${code} admins`, () => this.contract.admins(encoded));
  }

  /** The officers of `code`. */
  async officers(code: string): Promise<string[]> {
    const encoded = encodeDepartmentCode(code);
    return this.read(`list ${code} officers`, () => this.contract.officers(encoded));
  }

  /** Whether `account` can act as an officer of `code` now. */
  async isOfficer(code: string, account: string): Promise<boolean> {
    const encoded = encodeDepartmentCode(code);
    return this.read(`check ${code} officer`, () =>
      this.contract.isOfficer(encoded, requireAddress("account", account)),
    );
  }

  /** Whether `account` can act as an admin of `code` now. */
  async isDepartmentAdmin(code: string, account: string): Promise<boolean> {
    const encoded = encodeDepartmentCode(code);
    return this.read(`check ${code} admin`, () =>
      this.contract.isDepartmentAdmin(encoded, requireAddress("account", account)),
    );
  }

  /** Whether `target` is closed by the emergency stop. */
  async isModuleClosed(target: string): Promise<boolean> {
    return this.read(`check ${target} closed`, () => this.manager.isTargetClosed(requireAddress("target", target)));
  }

  /**
   * A department rebuilt from the directory's events alone (registration with every field,
   * (de)activations, admin and officer grants and revocations), without reading contract state:
   * what an indexer or an auditor replaying the chain sees. Undefined when it was never registered.
   */
  async departmentFromEvents(
    code: string,
    options: { fromBlock?: number } = {},
  ): Promise<DepartmentFromEvents | undefined> {
    const encoded = encodeDepartmentCode(code);
    const logs = await this.read(`read department ${code} events`, () =>
      this.scanEvents(options.fromBlock ?? 0, (from, to) => this.contract.queryFilter("*" as never, from, to)),
    );
    let department: DepartmentFromEvents | undefined;
    const admins = new Map<string, bigint>();
    const officers = new Map<string, bigint>();
    for (const log of logs as EventLog[]) {
      if (log.fragment === undefined || log.args.code !== encoded) continue;
      const a = log.args;
      switch (log.fragment.name) {
        case "DepartmentRegistered":
          department = {
            code,
            name: a.name as string,
            kind: DEPARTMENT_KINDS[Number(a.kind)],
            active: true,
            adminRole: a.adminRole as bigint,
            officerRole: a.officerRole as bigint,
            adminGrantDelay: Number(a.adminGrantDelay),
            admins: [],
            officers: [],
          };
          break;
        case "DepartmentDeactivated":
        case "DepartmentReactivated":
          if (department) department.active = log.fragment.name === "DepartmentReactivated";
          break;
        case "DepartmentAdminGranted":
          admins.set(a.account as string, a.since as bigint);
          break;
        case "DepartmentAdminRevoked":
          admins.delete(a.account as string);
          break;
        case "OfficerGranted":
          officers.set(a.account as string, a.since as bigint);
          break;
        case "OfficerRevoked":
          officers.delete(a.account as string);
          break;
      }
    }
    if (department === undefined) return undefined;
    const members = (map: Map<string, bigint>) => [...map].map(([account, since]) => ({ account, since }));
    return { ...department, admins: members(admins), officers: members(officers) };
  }

  /** Every change to the directory's departments since `fromBlock`, oldest first; filter by `code`. */
  async history(options: { code?: string; fromBlock?: number } = {}): Promise<DepartmentEvent[]> {
    const encoded = options.code === undefined ? undefined : encodeDepartmentCode(options.code);
    const logs = await this.read("read department history", () =>
      this.scanEvents(options.fromBlock ?? 0, (from, to) => this.contract.queryFilter("*" as never, from, to)),
    );
    const names = new Set<string>([
      "DepartmentRegistered",
      "DepartmentDeactivated",
      "DepartmentReactivated",
      "DepartmentAdminGranted",
      "DepartmentAdminRevoked",
      "OfficerGranted",
      "OfficerRevoked",
    ]);
    return (logs as EventLog[])
      .filter((log) => log.fragment !== undefined && names.has(log.fragment.name))
      .filter((log) => encoded === undefined || log.args.code === encoded)
      .map((log) => ({
        event: log.fragment.name as DepartmentEvent["event"],
        code: decodeDepartmentCode(log.args.code),
        account: "account" in log.args.toObject() ? (log.args.account as string) : undefined,
        actor: log.args.actor as string,
        blockNumber: log.blockNumber,
        transactionHash: log.transactionHash,
      }));
  }
}
