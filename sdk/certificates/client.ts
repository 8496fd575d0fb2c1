import { decodeBytes32String, isHexString, type ContractRunner, type Signer, type TypedDataDomain } from "ethers";

import {
  CertificateRegistry__factory,
  type CertificateRegistry,
  type ICertificateRegistry,
} from "../../typechain-types/index.js";
import { encodeDepartmentCode } from "../access/departments.js";
import { ContractClient } from "../core/client.js";
import type { GovTransaction } from "../core/transaction.js";
import { requireAddress } from "../core/validate.js";
import { ValidationError } from "../errors/base.js";
import { UnknownCodeError } from "../errors/unknown-code.js";
import { prepareBatch, type PreparedBatch } from "./batch.js";
import { verifyBatchProof } from "./merkle.js";
import {
  batchLeaf,
  documentHash,
  encodeCertificateType,
  type CertificateDocument,
  type IssuedCertificate,
} from "./document.js";

/** Statuses in the order of the contract's `Status` enum. */
export const CERTIFICATE_STATUSES = [
  "notIssued",
  "active",
  "suspended",
  "revoked",
  "expired",
  "superseded",
  "notYetValid",
] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/** Reason codes for revocation, suspension and reinstatement (the chain stores the number). */
export const REASON_CODES = {
  unspecified: 0,
  superseded: 1,
  issuedInError: 2,
  fraud: 3,
  holderRequest: 4,
  courtOrder: 5,
  businessClosed: 6,
  complianceFailure: 7,
  investigation: 8,
  investigationClosed: 9,
} as const;
export type ReasonName = keyof typeof REASON_CODES;

export interface CertificateTypeInput {
  code: string;
  department: string;
  /** Longest validity window in seconds (0: unlimited). */
  maxValiditySeconds: number | bigint;
  renewable: boolean;
  suspendable: boolean;
  /**
   * Contract-managed (fixed for good): officers can never issue, renew, suspend, reinstate or revoke it, only
   * the contracts authorised with {@link CertificatesClient.setIssuerAuthorised}. Default false.
   */
  managed?: boolean;
}

export interface CertificateTypeInfo {
  code: string;
  department: string;
  maxValiditySeconds: bigint;
  renewable: boolean;
  suspendable: boolean;
  /** The department's active flag as the registry last synced it. */
  active: boolean;
  /** Contract-managed: only authorised contracts change its certificates. */
  managed: boolean;
}

/** What the chain holds about a certificate. */
export interface CertificateRecord {
  certHash: string;
  status: CertificateStatus;
  /** Empty when not issued. */
  certType: string;
  department: string;
  validFrom: bigint;
  validUntil: bigint;
  issuedAt: bigint;
  statusChangedAt: bigint;
  /** The certificate that replaced this one, if any. */
  supersededBy?: string;
}

export type VerificationCheck = "integrity" | "issued" | "status" | "issuer" | "type" | "validity";

export interface CheckResult {
  ok: boolean;
  /** Why the check failed (absent when it passed). */
  reason?: string;
}

/** One answer covering every check a verifier needs; `valid` only when all pass. */
export interface VerificationResult {
  valid: boolean;
  certHash: string;
  /** The moment checked (unix seconds). */
  at: bigint;
  checks: Record<VerificationCheck, CheckResult>;
  /** The failing checks' reasons, in check order. */
  failures: { check: VerificationCheck; reason: string }[];
  record?: CertificateRecord;
}

/** An issuance signed off chain by an officer; any relayer may submit it with {@link CertificatesClient.submitSigned}. */
export interface SignedIssueRequest {
  request: {
    certType: string;
    certHash: string;
    subject: string;
    validFrom: bigint;
    validUntil: bigint;
    signer: string;
    nonce: bigint;
    deadline: bigint;
  };
  signature: string;
  document: IssuedCertificate;
}

/** A certificate's identity on chain: its type and its hash (the same hash under another type is another certificate). */
export interface CertificateId {
  certType: string;
  certHash: string;
}

/** A certificate named by its type and hash, or an issued document (batch leaves carry their root and proof). */
export type CertificateRef = CertificateId | IssuedCertificate;

const ISSUE_TYPES = {
  IssueRequest: [
    { name: "certType", type: "bytes32" },
    { name: "certHash", type: "bytes32" },
    { name: "subject", type: "bytes32" },
    { name: "validFrom", type: "uint64" },
    { name: "validUntil", type: "uint64" },
    { name: "signer", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

function reasonCode(reason: ReasonName | number): number {
  const code = typeof reason === "number" ? reason : REASON_CODES[reason];
  if (code === undefined || !Number.isInteger(code) || code < 0 || code > 0xffff) {
    throw new UnknownCodeError("reason", "reason", String(reason), Object.keys(REASON_CODES));
  }
  return code;
}

function decodeCode(value: string): string {
  return /^0x0+$/.test(value) ? "" : decodeBytes32String(value);
}

function recordOf(certHash: string, view: ICertificateRegistry.CertificateViewStructOutput): CertificateRecord {
  return {
    certHash,
    status: CERTIFICATE_STATUSES[Number(view.status)],
    certType: decodeCode(view.certType),
    department: decodeCode(view.department),
    validFrom: view.validFrom,
    validUntil: view.validUntil,
    issuedAt: view.issuedAt,
    statusChangedAt: view.statusChangedAt,
    supersededBy: /^0x0+$/.test(view.supersededBy) ? undefined : view.supersededBy,
  };
}

/** Splits `items` into chunks of at most `size`. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new ValidationError("chunkSize", `${size} is not a positive integer`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `task` over `items` with at most `window` in flight; results in input order. */
async function inPool<T, R>(items: readonly T[], window: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(window, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i]);
      }
    }),
  );
  return results;
}

/**
 * Certificates per read call. A `statuses` entry costs a few thousand gas of a node's call gas cap
 * (and 32 bytes of calldata), a full `certificates` view several times that: these sizes stay far
 * under the 16.7M per-call cap of the newest hardforks and under common 128 KiB request limits,
 * and 500 per call was the fastest on `hardhat node` in the bench's sweep.
 */
export const STATUS_CHUNK = 500;
export const VIEW_CHUNK = 250;
/** Read calls in flight at once for one large read. */
const READ_WINDOW = 4;

export interface ChunkOptions {
  /** Certificates per call (default {@link STATUS_CHUNK} for statuses, {@link VIEW_CHUNK} for verifyMany). */
  chunkSize?: number;
}

const fail = (reason: string): CheckResult => ({ ok: false, reason });
const PASS: CheckResult = { ok: true };

interface ResolvedRef {
  /** The type's code, and as bytes32. */
  code: string;
  certType: string;
  certHash: string;
  root?: string;
  merkleProof?: string[];
}

function isPrepared(batch: readonly CertificateDocument[] | PreparedBatch): batch is PreparedBatch {
  return !Array.isArray(batch);
}

function refOf(ref: CertificateRef): ResolvedRef {
  if (ref === null || typeof ref !== "object") {
    throw new ValidationError("certificate", "name a certificate by { certType, certHash } or by its document");
  }
  const certType = encodeCertificateType(ref.certType);
  if (!("proof" in ref) && !("fields" in ref)) {
    const { certHash } = ref as CertificateId;
    if (!isHexString(certHash, 32)) {
      throw new ValidationError("certHash", `${JSON.stringify(certHash)} is not a 32-byte hash`);
    }
    return { code: ref.certType, certType, certHash };
  }
  const document = ref as IssuedCertificate;
  return { code: document.certType, certType, ...document.proof, certHash: documentHash(document) };
}

/**
 * Electronic licences and certificates: departments issue, batch-issue, suspend, revoke and renew;
 * anyone verifies a document with no account.
 */
export class CertificatesClient extends ContractClient<CertificateRegistry> {
  constructor(address: string, runner: ContractRunner) {
    super(CertificateRegistry__factory.connect(address, runner));
  }

  /** The same client acting as another signer. */
  connect(runner: ContractRunner): CertificatesClient {
    return this.withSettingsOf(new CertificatesClient(this.address, runner));
  }

  // ── operator ──────────────────────────────────────────────────────────────

  /** Registers a certificate type bound to one department. Operator only. */
  async registerType(type: CertificateTypeInput): Promise<GovTransaction<void>> {
    const code = encodeCertificateType(type.code);
    const department = encodeDepartmentCode(type.department);
    const max = BigInt(type.maxValiditySeconds);
    if (max < 0n) throw new ValidationError("maxValiditySeconds", "must not be negative");
    return this.send(
      `register certificate type ${type.code}`,
      () => this.contract.registerType(code, department, max, type.renewable, type.suspendable, type.managed ?? false),
      () => {},
    );
  }

  /** Authorises (or deauthorises) a contract to call `issueFor`/`revokeFor` for a managed type. Operator only. */
  async setIssuerAuthorised(certType: string, issuer: string, authorised: boolean): Promise<GovTransaction<void>> {
    const code = encodeCertificateType(certType);
    const address = requireAddress("issuer", issuer);
    return this.send(
      `${authorised ? "authorise" : "deauthorise"} ${address} for ${certType}`,
      () => this.contract.setIssuerAuthorised(code, address, authorised),
      () => {},
    );
  }

  // ── issuance (officers of the type's department) ─────────────────────────────

  /** Issues one document; resolves to the document wrapped with its proof. */
  async issue(document: CertificateDocument): Promise<GovTransaction<IssuedCertificate>> {
    const certHash = documentHash(document);
    const issued: IssuedCertificate = { ...document, proof: { certHash } };
    return this.send(
      `issue ${document.certType} ${certHash}`,
      () =>
        this.contract.issue(
          encodeCertificateType(document.certType),
          certHash,
          document.subject,
          document.validFrom,
          document.validUntil,
        ),
      () => issued,
    );
  }

  /**
   * Issues many documents of one type, issuer and validity window under one Merkle root (one
   * transaction whatever the count); resolves to each document wrapped with its inclusion proof.
   * Takes the documents, or a batch already built with {@link prepareBatch} (e.g. to write its
   * files before sending, as the CLI does) so that nothing is hashed twice.
   */
  async issueBatch(
    batch: readonly CertificateDocument[] | PreparedBatch,
  ): Promise<GovTransaction<{ root: string; certificates: IssuedCertificate[] }>> {
    const prepared = isPrepared(batch) ? batch : prepareBatch(batch);
    const { root, certificates } = prepared;
    return this.send(
      `issue a batch of ${certificates.length} ${prepared.certType}`,
      () =>
        this.contract.issueBatch(
          encodeCertificateType(prepared.certType),
          root,
          certificates.length,
          prepared.validFrom,
          prepared.validUntil,
        ),
      () => ({ root, certificates }),
    );
  }

  /**
   * Runs a prepared batch's issuance as a call (nothing is sent): throws the typed error the
   * transaction would revert with (not an officer, type not registered, root already issued).
   * Lets a caller refuse before writing any file.
   */
  async checkIssueBatch(batch: PreparedBatch): Promise<void> {
    await this.read(`issue a batch of ${batch.certificates.length} ${batch.certType}`, () =>
      this.contract.issueBatch.staticCall(
        encodeCertificateType(batch.certType),
        batch.root,
        batch.certificates.length,
        batch.validFrom,
        batch.validUntil,
      ),
    );
  }

  /** The EIP-712 domain of this registry (chain id and address stop cross-chain and cross-contract replay). */
  async domain(): Promise<TypedDataDomain> {
    const d = await this.read("read EIP-712 domain", () => this.contract.eip712Domain());
    return { name: d.name, version: d.version, chainId: d.chainId, verifyingContract: d.verifyingContract };
  }

  /** An officer signs an issuance off chain (no gas); a relayer submits it with {@link submitSigned}. */
  async signIssue(
    document: CertificateDocument,
    signer: Signer,
    options: { deadline: bigint | number; nonce?: bigint },
  ): Promise<SignedIssueRequest> {
    const signerAddress = await signer.getAddress();
    const nonce = options.nonce ?? (await this.read("read nonce", () => this.contract.nonces(signerAddress)));
    const certHash = documentHash(document);
    const request = {
      certType: encodeCertificateType(document.certType),
      certHash,
      subject: document.subject,
      validFrom: BigInt(document.validFrom),
      validUntil: BigInt(document.validUntil),
      signer: signerAddress,
      nonce,
      deadline: BigInt(options.deadline),
    };
    const signature = await signer.signTypedData(await this.domain(), ISSUE_TYPES, request);
    return { request, signature, document: { ...document, proof: { certHash } } };
  }

  /** Submits an officer's signed issuance (this client's signer pays the gas). */
  async submitSigned(signed: SignedIssueRequest): Promise<GovTransaction<IssuedCertificate>> {
    return this.send(
      `submit signed issuance ${signed.request.certHash}`,
      () => this.contract.issueWithSignature(signed.request, signed.signature),
      () => signed.document,
    );
  }

  /** Issues `replacement` superseding `old` (same type; the type must be renewable). */
  async renew(old: CertificateRef, replacement: CertificateDocument): Promise<GovTransaction<IssuedCertificate>> {
    const { certHash: oldHash, root, code, certType } = refOf(old);
    if (root !== undefined)
      throw new ValidationError("old", "a certificate issued in a batch cannot be renewed by hash");
    if (code !== replacement.certType) {
      throw new ValidationError(
        "replacement",
        `a ${code} can only be renewed by a ${code}, not a ${replacement.certType}`,
      );
    }
    const certHash = documentHash(replacement);
    return this.send(
      `renew ${code} ${oldHash}`,
      () =>
        this.contract.renew(
          certType,
          oldHash,
          certHash,
          replacement.subject,
          replacement.validFrom,
          replacement.validUntil,
        ),
      () => ({ ...replacement, proof: { certHash } }),
    );
  }

  // ── status changes (officers of the type's department) ───────────────────────

  /** Revokes a certificate; for a batch leaf only that leaf (the rest of the batch stays valid). */
  async revoke(ref: CertificateRef, reason: ReasonName | number = "unspecified"): Promise<GovTransaction<void>> {
    const r = refOf(ref);
    const code = reasonCode(reason);
    return this.send(
      `revoke ${r.code} ${r.certHash}`,
      () =>
        r.root === undefined
          ? this.contract.revoke(r.certType, r.certHash, code)
          : this.contract.revokeInBatch(r.certType, r.root, r.certHash, r.merkleProof ?? [], code),
      () => {},
    );
  }

  /** Suspends a certificate (or one batch leaf). */
  async suspend(ref: CertificateRef, reason: ReasonName | number = "investigation"): Promise<GovTransaction<void>> {
    const r = refOf(ref);
    const code = reasonCode(reason);
    return this.send(
      `suspend ${r.code} ${r.certHash}`,
      () =>
        r.root === undefined
          ? this.contract.suspend(r.certType, r.certHash, code)
          : this.contract.suspendInBatch(r.certType, r.root, r.certHash, r.merkleProof ?? [], code),
      () => {},
    );
  }

  /** Reinstates a suspended certificate (or batch leaf). A revoked one cannot be reinstated. */
  async reinstate(
    ref: CertificateRef,
    reason: ReasonName | number = "investigationClosed",
  ): Promise<GovTransaction<void>> {
    const r = refOf(ref);
    const code = reasonCode(reason);
    return this.send(
      `reinstate ${r.code} ${r.certHash}`,
      () =>
        r.root === undefined
          ? this.contract.reinstate(r.certType, r.certHash, code)
          : this.contract.reinstateInBatch(r.certType, r.root, r.certHash, r.merkleProof ?? [], code),
      () => {},
    );
  }

  /** Revokes a whole batch of `certType` (the root is bound to its type). */
  async revokeBatch(
    certType: string,
    root: string,
    reason: ReasonName | number = "unspecified",
  ): Promise<GovTransaction<void>> {
    if (!isHexString(root, 32)) throw new ValidationError("root", `${JSON.stringify(root)} is not a 32-byte hash`);
    const type = encodeCertificateType(certType);
    const code = reasonCode(reason);
    return this.send(
      `revoke batch ${certType} ${root}`,
      () => this.contract.revokeBatch(type, root, code),
      () => {},
    );
  }

  // ── reads (anyone, no account) ───────────────────────────────────────────────

  /** A certificate type. */
  async certificateType(code: string): Promise<CertificateTypeInfo> {
    const t = await this.read(`read certificate type ${code}`, () =>
      this.contract.certificateType(encodeCertificateType(code)),
    );
    return {
      code,
      department: decodeCode(t.department),
      maxValiditySeconds: t.maxValidity,
      renewable: t.renewable,
      suspendable: t.suspendable,
      active: t.active,
      managed: t.managed,
    };
  }

  /** What the chain holds about a certificate (or a batch leaf), now or at `at`. */
  async record(ref: CertificateRef, options: { at?: bigint } = {}): Promise<CertificateRecord> {
    const r = refOf(ref);
    const view =
      r.root === undefined
        ? await this.read(`read certificate ${r.code} ${r.certHash}`, () =>
            this.contract.certificate(r.certType, r.certHash),
          )
        : await this.read(`read certificate ${r.code} ${r.certHash}`, () =>
            this.contract.batchCertificate(r.certType, r.root!, r.certHash, r.merkleProof ?? []),
          );
    let status = CERTIFICATE_STATUSES[Number(view.status)];
    if (options.at !== undefined) {
      const at = options.at;
      const s =
        r.root === undefined
          ? await this.read("read status", () => this.contract.statusAt(r.certType, r.certHash, at))
          : await this.read("read status", () =>
              this.contract.batchStatusAt(r.certType, r.root!, r.certHash, r.merkleProof ?? [], at),
            );
      status = CERTIFICATE_STATUSES[Number(s)];
    }
    return { ...recordOf(r.certHash, view), status };
  }

  /** The status of a singly issued certificate (type and hash), now or at unix time `at` (exact). */
  async status(id: CertificateId, options: { at?: bigint } = {}): Promise<CertificateStatus> {
    const { certType, certHash, code } = refOf({ certType: id.certType, certHash: id.certHash });
    const s =
      options.at === undefined
        ? await this.read(`read status of ${code} ${certHash}`, () => this.contract.statusOf(certType, certHash))
        : await this.read(`read status of ${code} ${certHash}`, () =>
            this.contract.statusAt(certType, certHash, options.at!),
          );
    return CERTIFICATE_STATUSES[Number(s)];
  }

  /** The statuses of many singly issued certificates of one type in one call. */
  async statuses(
    certType: string,
    certHashes: readonly string[],
    options: ChunkOptions = {},
  ): Promise<CertificateStatus[]> {
    const hashes = certHashes.map((certHash) => refOf({ certType, certHash }).certHash);
    const type = encodeCertificateType(certType);
    // Large inputs are split (see STATUS_CHUNK); every chunk is read at the same block, so the
    // answer is one consistent moment however many calls it took.
    const parts = chunks(hashes, options.chunkSize ?? STATUS_CHUNK);
    const blockTag = parts.length > 1 ? await this.latestBlock() : undefined;
    const results = await inPool(parts, READ_WINDOW, (part) =>
      this.read(`read ${part.length} statuses`, () =>
        blockTag === undefined
          ? this.contract.statuses(type, part)
          : this.contract.statuses(type, part, { blockTag: blockTag.number }),
      ),
    );
    return results.flat().map((s) => CERTIFICATE_STATUSES[Number(s)]);
  }

  private async latestBlock(): Promise<{ number: number; timestamp: number }> {
    const block = await this.read("read latest block", () => this.contract.runner!.provider!.getBlock("latest"));
    if (block === null) throw new ValidationError("block", "the node returned no latest block");
    return block;
  }

  /** Whether a singly issued certificate (type and hash) is valid now. */
  async isValid(id: CertificateId): Promise<boolean> {
    const { certType, certHash, code } = refOf({ certType: id.certType, certHash: id.certHash });
    return this.read(`check ${code} ${certHash}`, () => this.contract.isValid(certType, certHash));
  }

  /**
   * Verifies a document end to end: integrity (its hash, and its batch proof), issued on chain,
   * status, issuing department, type and validity window, each with a reason when it fails.
   * Partly disclosed documents verify the same as full ones.
   */
  async verify(document: CertificateDocument, options: { at?: bigint } = {}): Promise<VerificationResult> {
    const at = options.at ?? BigInt((await this.latestBlock()).timestamp);
    const { certHash, checks } = this.checkIntegrity(document);
    if (!checks.integrity.ok) return this.result(certHash, at, checks);
    // The document commits to its type: only a record of that type can verify it.
    const ref: CertificateRef =
      document.proof?.root !== undefined
        ? ({ ...document, proof: document.proof } as IssuedCertificate)
        : { certType: document.certType, certHash };
    return this.judge(document, certHash, at, checks, await this.record(ref, { at }));
  }

  /**
   * {@link verify} for many documents, with the same checks and reasons, in far fewer calls: singly
   * issued documents are read per type in chunks (one `certificates` call per `chunkSize`), all at
   * the latest block; batch leaves (each with its own proof) are read a few at a time.
   */
  async verifyMany(
    documents: readonly CertificateDocument[],
    options: ChunkOptions = {},
  ): Promise<VerificationResult[]> {
    const block = await this.latestBlock();
    const at = BigInt(block.timestamp);
    const results = new Array<VerificationResult>(documents.length);
    // Each document is hashed once: its integrity checks are kept for the judgement (hashing is most of the CPU).
    const singles = new Map<
      string,
      { index: number; certHash: string; checks: Record<VerificationCheck, CheckResult> }[]
    >();
    const leaves: number[] = [];
    documents.forEach((document, index) => {
      const { certHash, checks } = this.checkIntegrity(document);
      if (!checks.integrity.ok) results[index] = this.result(certHash, at, checks);
      else if (document.proof?.root !== undefined) leaves.push(index);
      else {
        const group = singles.get(document.certType) ?? [];
        group.push({ index, certHash, checks });
        singles.set(document.certType, group);
      }
    });
    const work: (() => Promise<void>)[] = [];
    for (const [code, group] of singles) {
      const type = encodeCertificateType(code);
      for (const part of chunks(group, options.chunkSize ?? VIEW_CHUNK)) {
        work.push(async () => {
          const views = await this.read(`read ${part.length} certificates`, () =>
            this.contract.certificates(
              type,
              part.map((p) => p.certHash),
              { blockTag: block.number },
            ),
          );
          part.forEach(({ index, certHash, checks }, i) => {
            results[index] = this.judge(documents[index], certHash, at, checks, recordOf(certHash, views[i]));
          });
        });
      }
    }
    for (const index of leaves) {
      work.push(async () => {
        results[index] = await this.verify(documents[index], { at });
      });
    }
    await inPool(work, READ_WINDOW, (task) => task());
    return results;
  }

  /** The integrity check (hash, and batch proof): local, no call. */
  private checkIntegrity(document: CertificateDocument): {
    certHash: string;
    checks: Record<VerificationCheck, CheckResult>;
  } {
    const checks = {} as Record<VerificationCheck, CheckResult>;
    let certHash = "";
    try {
      certHash = documentHash(document);
      checks.integrity = PASS;
      if (document.proof?.certHash !== undefined && document.proof.certHash.toLowerCase() !== certHash) {
        checks.integrity = fail(`the document was altered: it hashes to ${certHash}, not ${document.proof.certHash}`);
      } else if (document.proof?.root !== undefined) {
        const ok = verifyBatchProof(document.proof.root, certHash, document.proof.merkleProof ?? []);
        if (!ok)
          checks.integrity = fail(`the Merkle proof does not place the document in batch ${document.proof.root}`);
      }
    } catch (error) {
      checks.integrity = fail(`the document is malformed: ${(error as Error).message}`);
    }
    if (!checks.integrity.ok) {
      const reason = "not checked: the document failed its integrity check";
      for (const c of ["issued", "status", "issuer", "type", "validity"] as const) checks[c] = fail(reason);
    }
    return { certHash, checks };
  }

  /** The on-chain checks of a document that passed its integrity check, against its record at `at`. */
  private judge(
    document: CertificateDocument,
    certHash: string,
    at: bigint,
    checks: Record<VerificationCheck, CheckResult>,
    record: CertificateRecord,
  ): VerificationResult {
    if (record.status === "notIssued") {
      checks.issued = fail(
        document.proof?.root !== undefined
          ? `batch ${document.proof.root} was not issued on this registry (or not by ${at})`
          : `no certificate ${certHash} was issued on this registry (or not by ${at})`,
      );
      for (const c of ["status", "issuer", "type", "validity"] as const) checks[c] = fail("not checked: not issued");
      return this.result(certHash, at, checks, record);
    }
    checks.issued = PASS;
    checks.status = (() => {
      switch (record.status) {
        case "active":
        case "expired":
        case "notYetValid":
          return PASS;
        case "superseded":
          return fail(`superseded by ${record.supersededBy ?? "a newer certificate"}`);
        default:
          return fail(`the certificate is ${record.status}`);
      }
    })();
    checks.issuer =
      record.department === document.issuer
        ? PASS
        : fail(`issued by ${record.department}, but the document names ${document.issuer}`);
    checks.type =
      record.certType === document.certType
        ? PASS
        : fail(`registered as ${record.certType}, but the document says ${document.certType}`);
    const from = BigInt(document.validFrom);
    const until = BigInt(document.validUntil);
    if (record.validFrom !== from || record.validUntil !== until) {
      checks.validity = fail(
        `the chain records validity ${record.validFrom}-${record.validUntil}, the document ${from}-${until}`,
      );
    } else if (at < from) checks.validity = fail(`not valid before ${from} (checked at ${at})`);
    else if (at >= until) checks.validity = fail(`expired at ${until} (checked at ${at})`);
    else checks.validity = PASS;
    return this.result(certHash, at, checks, record);
  }

  private result(
    certHash: string,
    at: bigint,
    checks: Record<VerificationCheck, CheckResult>,
    record?: CertificateRecord,
  ): VerificationResult {
    const order: VerificationCheck[] = ["integrity", "issued", "status", "issuer", "type", "validity"];
    const failures = order
      .filter((c) => !checks[c].ok)
      .map((check) => ({ check, reason: checks[check].reason ?? "failed" }));
    return { valid: failures.length === 0, certHash, at, checks, failures, record };
  }

  /** The leaf the registry checks for a batch member (exposed for custom tooling). */
  static batchLeaf(certHash: string): string {
    return batchLeaf(certHash);
  }
}
