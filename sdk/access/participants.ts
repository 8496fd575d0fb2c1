import type { ContractRunner, EventLog } from "ethers";

import { ParticipantRegistry__factory, type ParticipantRegistry } from "../../typechain-types/index.js";
import { ContractClient } from "../core/client.js";
import type { GovTransaction } from "../core/transaction.js";
import { requireAddress } from "../core/validate.js";
import { ValidationError } from "../errors/base.js";
import { decodeDepartmentCode, encodeDepartmentCode } from "./departments.js";

/** One account's accreditation in one participant role, readable. */
export interface Accreditation {
  role: string;
  account: string;
  /** The department whose officers accredit in the role. */
  department: string;
  /** Unix seconds; 0 = never accredited. */
  validFrom: number;
  /** Unix seconds; 0 = no end. */
  validUntil: number;
  revoked: boolean;
  /** Whether the account may act in the role now (window, revocation and the department's activation). */
  accredited: boolean;
}

/** One change to a participant's accreditation, from the registry's events. */
export interface AccreditationEvent {
  event: "ParticipantAccredited" | "ParticipantAccreditationRevoked";
  role: string;
  account: string;
  department: string;
  officer: string;
  /** The organisation's name as the officer recorded it (accredited events). */
  label?: string;
  validFrom?: number;
  validUntil?: number;
  /** The reason code (revocations). */
  reason?: string;
  blockNumber: number;
  transactionHash: string;
}

/** Participant role codes share the department code format (bytes32 strings of A-Z, 0-9 and _). */
const encodeRole = (role: string) => encodeDepartmentCode(role);

/**
 * The participant registry: organisations that act without being departments (bill issuers, merchants,
 * utility providers), accredited per role by the role's department.
 */
export class ParticipantsClient extends ContractClient<ParticipantRegistry> {
  constructor(
    address: string,
    runner: ContractRunner,
    private readonly fromBlock = 0,
  ) {
    super(ParticipantRegistry__factory.connect(requireAddress("participant registry address", address), runner));
  }

  connect(runner: ContractRunner): ParticipantsClient {
    return this.withSettingsOf(new ParticipantsClient(this.address, runner, this.fromBlock));
  }

  /** Defines a participant role owned by `department`. Operator only (a routine council proposal). */
  async defineRole(role: string, department: string): Promise<GovTransaction<void>> {
    const [encodedRole, encodedDepartment] = [encodeRole(role), encodeDepartmentCode(department)];
    return this.send(
      `define participant role ${role}`,
      () => this.contract.defineRole(encodedRole, encodedDepartment),
      () => {},
    );
  }

  /**
   * Accredits `account` in `role` for a window (unix seconds; `validFrom` 0 = now, `validUntil` 0 = no end).
   * `label` names the organisation for readers: a business name, never a person's data. Only an officer of the
   * role's department.
   */
  async accredit(
    role: string,
    account: string,
    options: { label: string; validFrom?: number; validUntil?: number },
  ): Promise<GovTransaction<void>> {
    const encoded = encodeRole(role);
    const who = requireAddress("participant account", account);
    const [from, until] = [options.validFrom ?? 0, options.validUntil ?? 0];
    for (const [field, value] of [
      ["validFrom", from],
      ["validUntil", until],
    ] as const) {
      if (!Number.isSafeInteger(value) || value < 0) {
        throw new ValidationError(field, `must be unix seconds (0 for ${field === "validFrom" ? "now" : "no end"})`);
      }
    }
    return this.send(
      `accredit ${who} as ${role}`,
      () => this.contract.accredit(encoded, who, from, until, options.label),
      () => {},
    );
  }

  /** Revokes `account`'s accreditation in `role`, for a reason code. Only an officer of the role's department. */
  async revoke(role: string, account: string, reason: string): Promise<GovTransaction<void>> {
    const encoded = encodeRole(role);
    const who = requireAddress("participant account", account);
    const encodedReason = encodeDepartmentCode(reason);
    return this.send(
      `revoke ${who} as ${role}`,
      () => this.contract.revokeAccreditation(encoded, who, encodedReason),
      () => {},
    );
  }

  /** The department that owns `role`, or undefined when the role is not defined. */
  async roleDepartment(role: string): Promise<string | undefined> {
    const encoded = encodeRole(role);
    const department = await this.read(`read participant role ${role}`, () => this.contract.roleDepartment(encoded));
    return /^0x0+$/.test(department) ? undefined : decodeDepartmentCode(department);
  }

  /** `account`'s accreditation in `role`, and whether it counts now. */
  async accreditation(role: string, account: string): Promise<Accreditation> {
    const encoded = encodeRole(role);
    const who = requireAddress("participant account", account);
    return this.read(`read ${who}'s accreditation as ${role}`, async () => {
      const [record, accredited, department] = await Promise.all([
        this.contract.accreditation(encoded, who),
        this.contract.isAccredited(encoded, who),
        this.contract.roleDepartment(encoded),
      ]);
      return {
        role,
        account: who,
        department: /^0x0+$/.test(department) ? "" : decodeDepartmentCode(department),
        validFrom: Number(record.validFrom),
        validUntil: Number(record.validUntil),
        revoked: record.revoked,
        accredited,
      };
    });
  }

  /** Whether `account` may act in `role` now. */
  async isAccredited(role: string, account: string): Promise<boolean> {
    const encoded = encodeRole(role);
    const who = requireAddress("participant account", account);
    return this.read(`check ${who} as ${role}`, () => this.contract.isAccredited(encoded, who));
  }

  /** Every accreditation and revocation, optionally of one role or one account, in chain order. */
  async history(filter: { role?: string; account?: string } = {}): Promise<AccreditationEvent[]> {
    const role = filter.role === undefined ? undefined : encodeRole(filter.role);
    const account = filter.account === undefined ? undefined : requireAddress("participant account", filter.account);
    const c = this.contract;
    const logs = await this.read("read accreditation history", async () => [
      ...(await this.scanEvents(this.fromBlock, (from, to) =>
        c.queryFilter(c.filters.ParticipantAccredited(role, account), from, to),
      )),
      ...(await this.scanEvents(this.fromBlock, (from, to) =>
        c.queryFilter(c.filters.ParticipantAccreditationRevoked(role, account), from, to),
      )),
    ]);
    return (logs as unknown as EventLog[])
      .sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index)
      .map((log) => {
        const args = log.args;
        const common = {
          role: decodeDepartmentCode(args.role),
          account: args.account as string,
          department: decodeDepartmentCode(args.department),
          officer: args.officer as string,
          blockNumber: log.blockNumber,
          transactionHash: log.transactionHash,
        };
        return log.eventName === "ParticipantAccredited"
          ? {
              event: "ParticipantAccredited" as const,
              ...common,
              label: args.label as string,
              validFrom: Number(args.validFrom),
              validUntil: Number(args.validUntil),
            }
          : { event: "ParticipantAccreditationRevoked" as const, ...common, reason: decodeDepartmentCode(args.reason) };
      });
  }
}
