import { decodeBytes32String, ZeroAddress, ZeroHash, type ContractRunner } from "ethers";

import {
  AccreditedIssuance__factory,
  BillReimbursement__factory,
  type AccreditedIssuance,
  type BillReimbursement,
} from "../../typechain-types/index.js";
import { prepareBatch, type PreparedBatch } from "../certificates/batch.js";
import {
  documentHash,
  encodeCertificateType,
  type CertificateDocument,
  type IssuedCertificate,
} from "../certificates/document.js";
import { ContractClient } from "../core/client.js";
import type { GovTransaction } from "../core/transaction.js";
import { ValidationError } from "../errors/base.js";

/** Reimbursement states, in the order of the contract's `State` enum. */
export const BILL_STATES = ["none", "locked", "closed", "unlocked"] as const;
export type BillState = (typeof BILL_STATES)[number];

/** A bill on chain: its type and hash, and for a member of a Merkle batch its root and proof. */
export interface BillRef {
  certType: string;
  certHash: string;
  root?: string;
  merkleProof?: string[];
}

/** What the chain says about a bill's reimbursement (never an amount). */
export interface BillClaim {
  state: BillState;
  /** The reimbursing organisation that holds (or held) it; undefined when never locked. */
  reimburser?: string;
  /** Unix seconds of the last change (0 when never locked). */
  changedAt: number;
}

export interface BillsAddresses {
  issuance: string;
  reimbursement: string;
}

/** A bill by reference, or an issued bill document (its proof names it). */
export type BillInput = BillRef | IssuedCertificate;

/** The reference of a bill given either way. */
export function billRef(bill: BillInput): BillRef {
  if ("proof" in bill && bill.proof !== undefined) {
    const { certHash, root, merkleProof } = bill.proof;
    return { certType: bill.certType, certHash, root, merkleProof };
  }
  return bill as BillRef;
}

const isPrepared = (batch: readonly CertificateDocument[] | PreparedBatch): batch is PreparedBatch =>
  !Array.isArray(batch);

const typeCode = (value: string): string => {
  try {
    return decodeBytes32String(value);
  } catch {
    return value;
  }
};

/**
 * E-bills (docs/SERVICES.md "E-bills"): accredited participants (businesses, hospitals) issue bills — certificates
 * of a type bound to a participant role — singly or in Merkle batches; accredited reimbursing organisations lock,
 * close or unlock them, so that a bill is reimbursed at most once in the city.
 */
export class BillsClient extends ContractClient<BillReimbursement> {
  readonly issuance: AccreditedIssuance;

  constructor(addresses: BillsAddresses, runner: ContractRunner) {
    super(BillReimbursement__factory.connect(addresses.reimbursement, runner));
    this.issuance = AccreditedIssuance__factory.connect(addresses.issuance, runner);
  }

  /** The same client acting as another signer. */
  connect(runner: ContractRunner): BillsClient {
    return new BillsClient({ issuance: this.issuance.target as string, reimbursement: this.address }, runner);
  }

  // ── operator ──────────────────────────────────────────────────────────────

  /** Binds a (contract-managed) certificate type to the participant role whose accredited accounts issue it. */
  setIssuerRole(certType: string, role: string): Promise<GovTransaction<void>> {
    return this.send(
      `bind ${certType} to issuer role ${role}`,
      () => this.issuance.setIssuerRole(encodeCertificateType(certType), encodeCertificateType(role)),
      () => {},
    );
  }

  /** Makes `certType` reimbursable by accounts accredited in participant role `role`. */
  setBillType(certType: string, role: string): Promise<GovTransaction<void>> {
    return this.send(
      `make ${certType} reimbursable by ${role}`,
      () => this.contract.setBillType(encodeCertificateType(certType), encodeCertificateType(role)),
      () => {},
    );
  }

  // ── accredited issuers ────────────────────────────────────────────────────

  /** Issues one bill as the signer (accredited in the type's issuer role); resolves to the bill with its proof. */
  issue(document: CertificateDocument): Promise<GovTransaction<IssuedCertificate>> {
    const certHash = documentHash(document);
    return this.send(
      `issue bill ${document.certType} ${certHash}`,
      () =>
        this.issuance.issue(
          encodeCertificateType(document.certType),
          certHash,
          document.subject,
          document.validFrom,
          document.validUntil,
        ),
      () => ({ ...document, proof: { certHash } }),
    );
  }

  /** Issues many bills of one type and window under one Merkle root, as the signer. */
  issueBatch(
    batch: readonly CertificateDocument[] | PreparedBatch,
  ): Promise<GovTransaction<{ root: string; certificates: IssuedCertificate[] }>> {
    const prepared = isPrepared(batch) ? batch : prepareBatch(batch);
    const { root, certificates } = prepared;
    return this.send(
      `issue a batch of ${certificates.length} ${prepared.certType} bills`,
      () =>
        this.issuance.issueBatch(
          encodeCertificateType(prepared.certType),
          root,
          certificates.length,
          prepared.validFrom,
          prepared.validUntil,
        ),
      () => ({ root, certificates }),
    );
  }

  /** Revokes a singly issued bill for good (its issuer, or an officer of the department owning its issuer role). */
  revoke(certType: string, certHash: string, reason = 0): Promise<GovTransaction<void>> {
    return this.send(
      `revoke bill ${certType} ${certHash}`,
      () => this.issuance.revoke(encodeCertificateType(certType), certHash, reason),
      () => {},
    );
  }

  /** The accredited account that issued the bill (for a batch member: the batch's issuer); undefined if none. */
  async issuerOf(input: BillInput): Promise<string | undefined> {
    const bill = billRef(input);
    const key = bill.root ?? bill.certHash;
    const issuer = await this.read(`read the issuer of ${bill.certType} ${key}`, () =>
      this.issuance.issuerOf(encodeCertificateType(bill.certType), key),
    );
    return issuer === ZeroAddress ? undefined : issuer;
  }

  /** The participant role whose accredited accounts issue `certType` (undefined when none). */
  async issuerRole(certType: string): Promise<string | undefined> {
    const role = await this.read(`read the issuer role of ${certType}`, () =>
      this.issuance.issuerRole(encodeCertificateType(certType)),
    );
    return role === ZeroHash ? undefined : typeCode(role);
  }

  /** The participant role whose accredited accounts reimburse `certType` (undefined when not reimbursable). */
  async reimburserRole(certType: string): Promise<string | undefined> {
    const role = await this.read(`read the reimburser role of ${certType}`, () =>
      this.contract.reimburserRole(encodeCertificateType(certType)),
    );
    return role === ZeroHash ? undefined : typeCode(role);
  }

  // ── reimbursing organisations ─────────────────────────────────────────────

  /**
   * Locks bills for the signer's organisation, all or nothing, in one transaction: bills of one type, either all
   * issued singly or all members of one batch (with their proofs).
   */
  lock(inputs: readonly BillInput[]): Promise<GovTransaction<number>> {
    const bills = inputs.map(billRef);
    const { certType, hashes, root } = this.#group(bills);
    if (root === undefined) {
      return this.send(
        `lock ${hashes.length} ${typeCode(certType)} bill(s)`,
        () => this.contract.lock(certType, hashes),
        (receipt) => this.eventsIn(receipt, "BillLocked").length,
      );
    }
    const proofs = bills.map((b, i) => {
      if (b.merkleProof === undefined)
        throw new ValidationError(`bills[${i}].merkleProof`, "a batch member needs its proof");
      return b.merkleProof;
    });
    return this.send(
      `lock ${hashes.length} ${typeCode(certType)} bill(s) of batch ${root}`,
      () => this.contract.lockInBatch(certType, root, hashes, proofs),
      (receipt) => this.eventsIn(receipt, "BillLocked").length,
    );
  }

  /** Closes (reimbursed, final) bills the signer's organisation locked. */
  close(inputs: readonly BillInput[]): Promise<GovTransaction<number>> {
    const bills = inputs.map(billRef);
    const { certType, hashes } = this.#group(bills, true);
    return this.send(
      `close ${hashes.length} ${typeCode(certType)} bill(s)`,
      () => this.contract.close(certType, hashes),
      (receipt) => this.eventsIn(receipt, "BillClosed").length,
    );
  }

  /** Releases (abandons) bills the signer's organisation locked. */
  unlock(inputs: readonly BillInput[]): Promise<GovTransaction<number>> {
    const bills = inputs.map(billRef);
    const { certType, hashes } = this.#group(bills, true);
    return this.send(
      `unlock ${hashes.length} ${typeCode(certType)} bill(s)`,
      () => this.contract.unlock(certType, hashes),
      (receipt) => this.eventsIn(receipt, "BillUnlocked").length,
    );
  }

  // ── anyone (the holder) ───────────────────────────────────────────────────

  /** The bill's reimbursement state and who holds it. */
  async status(input: BillInput): Promise<BillClaim> {
    const bill = billRef(input);
    const claim = await this.read(`read the reimbursement of ${bill.certType} ${bill.certHash}`, () =>
      this.contract.claimOf(encodeCertificateType(bill.certType), bill.certHash),
    );
    const state = BILL_STATES[Number(claim.state)];
    return {
      state,
      reimburser: claim.reimburser === ZeroAddress ? undefined : claim.reimburser,
      changedAt: Number(claim.changedAt),
    };
  }

  /** One type, no bill twice, and (unless `ignoreBatch`) all singles or all of one batch. */
  #group(bills: readonly BillRef[], ignoreBatch = false): { certType: string; hashes: string[]; root?: string } {
    if (bills.length === 0) throw new ValidationError("bills", "give at least one bill");
    const [first] = bills;
    const hashes = bills.map((b) => b.certHash);
    if (new Set(hashes).size !== hashes.length) throw new ValidationError("bills", "the same bill is given twice");
    for (const b of bills) {
      if (b.certType !== first.certType) throw new ValidationError("bills", "every bill of one call has the same type");
      if (!ignoreBatch && (b.root ?? ZeroHash) !== (first.root ?? ZeroHash)) {
        throw new ValidationError("bills", "bills of one call are all issued singly, or all members of one batch");
      }
    }
    return { certType: encodeCertificateType(first.certType), hashes, root: ignoreBatch ? undefined : first.root };
  }
}
