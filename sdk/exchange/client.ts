import { toBeHex, zeroPadValue, type ContractRunner, type Log, type Signer } from "ethers";

import {
  DataExchange__factory,
  ReceiptLog__factory,
  type DataExchange,
  type ReceiptLog,
} from "../../typechain-types/index.js";
import { decodeDepartmentCode, encodeDepartmentCode } from "../access/departments.js";
import { ContractClient } from "../core/client.js";
import type { GovTransaction } from "../core/transaction.js";
import { requireAddress } from "../core/validate.js";
import { ValidationError } from "../errors/base.js";
import { showBytes32 } from "../errors/format.js";
import type { AuditEntry } from "./audit.js";
import { consentDomain, RECORD_CONSENT_TYPES, REVOKE_CONSENT_TYPES } from "./consent-types.js";
import {
  classificationIndex,
  CLASSIFICATIONS,
  encodeCode,
  grantReceiptKey,
  hashScope,
  receiptHashes,
  requireHash,
  type AccessReceipt,
  type AccessRecord,
  type Classification,
  ReceiptBatch,
} from "./hashing.js";

export const REQUEST_STATUSES = ["none", "pending", "endorsed", "approved", "rejected"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** A catalogue entry. */
export interface Dataset {
  id: string;
  owner: string;
  schemaHash: string;
  endpointHash: string;
  cosigner?: string;
  version: number;
  classification: Classification;
  personal: boolean;
  retired: boolean;
}

export interface DatasetInput {
  /** bytes32 id (see `datasetId(label)`). */
  id: string;
  /** Owner department code; the caller must be one of its officers. */
  owner: string;
  schemaHash: string;
  endpointHash: string;
  classification: Classification;
  /** Holds personal data: requests must cite a consent. Default false. */
  personal?: boolean;
  /** The co-signing department of a confidential dataset. */
  cosigner?: string;
}

export interface AccessRequestInput {
  dataset: string;
  /** The requesting department's code; the caller must be one of its officers. */
  requester: string;
  purpose: string;
  legalBasis: string;
  /** The requested fields (hashed with `hashScope`), or `scopeHash` directly. */
  scope?: readonly string[];
  scopeHash?: string;
  durationSeconds: number | bigint;
  consentId?: bigint;
}

export interface Request {
  id: bigint;
  dataset: string;
  requester: string;
  purpose: string;
  legalBasis: string;
  scopeHash: string;
  consentId: bigint;
  requestedBy: string;
  durationSeconds: bigint;
  status: RequestStatus;
  approvedScope?: string;
  approvedExpiry?: bigint;
  /** The bar fixed when the request was made (raised, never lowered, by a later reclassification). */
  classification: Classification;
  /** The co-signing department fixed for the request (confidential bar only). */
  cosigner?: string;
}

export interface Grant {
  id: bigint;
  dataset: string;
  grantee: string;
  purpose: string;
  scopeHash: string;
  consentId: bigint;
  submitter: string;
  expiresAt: bigint;
  revoked: boolean;
  live: boolean;
}

export interface Consent {
  id: bigint;
  signer: string;
  expiresAt: bigint;
  revoked: boolean;
  subject: string;
  purpose: string;
  dataset?: string;
  department: string;
}

export interface ConsentInput {
  /** The department that collected the consent; the caller must be one of its officers. */
  department: string;
  /** The subject's salted commitment (bytes32). */
  subject: string;
  purpose: string;
  /** The dataset covered; omit for any dataset of the purpose. */
  dataset?: string;
  /** The address the subject will revoke with. */
  signer: string;
  expiresAt: bigint;
}

/** A subject's signed consent, ready for an officer of the department it names to record. */
export interface SignedConsent {
  /** The terms as the contract takes them (codes and hashes encoded). */
  terms: {
    department: string;
    subject: string;
    purpose: string;
    dataset: string;
    signer: string;
    expiresAt: bigint;
  };
  nonce: bigint;
  deadline: bigint;
  signature: string;
}

/** A subject's signed revocation, ready for anyone to relay. */
export interface SignedConsentRevocation {
  consentId: bigint;
  nonce: bigint;
  deadline: bigint;
  signature: string;
}

export type ApprovalOutcome =
  | { status: "approved"; grantId: bigint; expiresAt: bigint; scopeHash: string }
  | { status: "endorsed"; requestId: bigint; expiresAt: bigint; scopeHash: string };

const ZERO32 = `0x${"00".repeat(32)}`;
const optional = (value: string) => (BigInt(value) === 0n ? undefined : value);
const code = (value: string) => showBytes32(value);

/**
 * Data sharing and exchange: the catalogue, requests and grants, consent, receipts, and the
 * audit trail. Department officers write; anyone reads; subjects sign consent revocations.
 */
export interface ExchangeAddresses {
  /** The DataExchange proxy. */
  exchange: string;
  /** The ReceiptLog (not a proxy). */
  receiptLog: string;
}

export class ExchangeClient extends ContractClient<DataExchange> {
  /** The receipt log: receipts are recorded there (see docs/EXCHANGE.md). */
  readonly receiptLog: ReceiptLog;

  constructor(
    private readonly addresses: ExchangeAddresses,
    runner: ContractRunner,
    private readonly options: { fromBlock?: number } = {},
  ) {
    super(DataExchange__factory.connect(addresses.exchange, runner));
    this.receiptLog = ReceiptLog__factory.connect(addresses.receiptLog, runner);
  }

  /** The same client acting as another signer. */
  connect(runner: ContractRunner): ExchangeClient {
    return this.withSettingsOf(new ExchangeClient(this.addresses, runner, this.options));
  }

  // ── catalogue ─────────────────────────────────────────────────────────────

  /** Registers a dataset; resolves to its id and version 1. */
  async registerDataset(input: DatasetInput): Promise<GovTransaction<{ id: string; version: number }>> {
    const id = requireHash("id", input.id);
    const owner = encodeDepartmentCode(input.owner);
    const schemaHash = requireHash("schemaHash", input.schemaHash);
    const endpointHash = requireHash("endpointHash", input.endpointHash);
    const classification = classificationIndex(input.classification);
    const cosigner = input.cosigner === undefined ? ZERO32 : encodeDepartmentCode(input.cosigner);
    if ((input.classification === "confidential") !== (input.cosigner !== undefined)) {
      throw new ValidationError("cosigner", "a confidential dataset needs a co-signing department; others none");
    }
    return this.send(
      `register dataset ${id}`,
      () =>
        this.contract.registerDataset(
          id,
          owner,
          schemaHash,
          endpointHash,
          classification,
          input.personal ?? false,
          cosigner,
        ),
      () => ({ id, version: 1 }),
    );
  }

  /** New schema and endpoint hashes; resolves to the new version. */
  async updateDataset(
    id: string,
    update: { schemaHash: string; endpointHash: string },
  ): Promise<GovTransaction<{ version: number }>> {
    const dataset = requireHash("id", id);
    const schemaHash = requireHash("schemaHash", update.schemaHash);
    const endpointHash = requireHash("endpointHash", update.endpointHash);
    return this.send(
      `update dataset ${dataset}`,
      () => this.contract.updateDataset(dataset, schemaHash, endpointHash),
      (receipt) => ({ version: Number(this.eventsIn(receipt, "DatasetUpdated")[0].version) }),
    );
  }

  /** Changes the classification (owner department admin only); resolves to the new version. */
  async reclassifyDataset(
    id: string,
    classification: Classification,
    cosigner?: string,
  ): Promise<GovTransaction<{ version: number }>> {
    const dataset = requireHash("id", id);
    const index = classificationIndex(classification);
    const cosignerCode = cosigner === undefined ? ZERO32 : encodeDepartmentCode(cosigner);
    return this.send(
      `reclassify dataset ${dataset}`,
      () => this.contract.reclassifyDataset(dataset, index, cosignerCode),
      (receipt) => ({ version: Number(this.eventsIn(receipt, "DatasetReclassified")[0].version) }),
    );
  }

  /** Retires a dataset: no new requests. */
  async retireDataset(id: string): Promise<GovTransaction<void>> {
    const dataset = requireHash("id", id);
    return this.send(
      `retire dataset ${dataset}`,
      () => this.contract.retireDataset(dataset),
      () => {},
    );
  }

  // ── requests and grants ───────────────────────────────────────────────────

  /** Asks for a dataset; resolves to the request id (the grant's id if approved). */
  async requestAccess(input: AccessRequestInput): Promise<GovTransaction<{ requestId: bigint }>> {
    const dataset = requireHash("dataset", input.dataset);
    const requester = encodeDepartmentCode(input.requester);
    const purpose = encodeCode("purpose", input.purpose);
    const legalBasis = encodeCode("legalBasis", input.legalBasis);
    const scopeHash =
      input.scopeHash !== undefined
        ? requireHash("scopeHash", input.scopeHash)
        : hashScope(input.scope ?? ([] as string[]));
    const duration = BigInt(input.durationSeconds);
    if (duration <= 0n || duration >= 2n ** 40n) throw new ValidationError("durationSeconds", "must be positive");
    return this.send(
      `request dataset ${dataset} for ${input.requester}`,
      () =>
        this.contract.requestAccess(
          dataset,
          requester,
          purpose,
          legalBasis,
          scopeHash,
          duration,
          input.consentId ?? 0n,
        ),
      (receipt) => ({ requestId: this.eventsIn(receipt, "AccessRequested")[0].requestId as bigint }),
    );
  }

  /**
   * Approves a request (endorses a confidential one), optionally narrower (`scope`/`scopeHash`)
   * and shorter (`expiresAt`, unix seconds).
   */
  async approveRequest(
    requestId: bigint,
    options: { scope?: readonly string[]; scopeHash?: string; expiresAt?: bigint } = {},
  ): Promise<GovTransaction<ApprovalOutcome>> {
    const scopeHash =
      options.scopeHash !== undefined
        ? requireHash("scopeHash", options.scopeHash)
        : options.scope !== undefined
          ? hashScope(options.scope)
          : ZERO32;
    return this.send(
      `approve request ${requestId}`,
      () => this.contract.approveRequest(requestId, scopeHash, options.expiresAt ?? 0n),
      (receipt): ApprovalOutcome => {
        const [issued] = this.eventsIn(receipt, "GrantIssued");
        if (issued !== undefined) {
          return {
            status: "approved",
            grantId: issued.grantId as bigint,
            expiresAt: issued.expiresAt as bigint,
            scopeHash: issued.scopeHash as string,
          };
        }
        const [endorsed] = this.eventsIn(receipt, "RequestEndorsed");
        return {
          status: "endorsed",
          requestId,
          expiresAt: endorsed.expiresAt as bigint,
          scopeHash: endorsed.scopeHash as string,
        };
      },
    );
  }

  /** Countersigns an endorsed confidential request (co-signing department admin); resolves to the grant. */
  async countersignRequest(requestId: bigint): Promise<GovTransaction<{ grantId: bigint; expiresAt: bigint }>> {
    return this.send(
      `countersign request ${requestId}`,
      () => this.contract.countersignRequest(requestId),
      (receipt) => {
        const [issued] = this.eventsIn(receipt, "GrantIssued");
        return { grantId: issued.grantId as bigint, expiresAt: issued.expiresAt as bigint };
      },
    );
  }

  /** Rejects a pending or endorsed request with a reason code. */
  async rejectRequest(requestId: bigint, reason: string): Promise<GovTransaction<void>> {
    const encoded = encodeCode("reason", reason);
    return this.send(
      `reject request ${requestId}`,
      () => this.contract.rejectRequest(requestId, encoded),
      () => {},
    );
  }

  /** Revokes a grant at once (owner department officer). */
  async revokeGrant(grantId: bigint, reason: string): Promise<GovTransaction<void>> {
    const encoded = encodeCode("reason", reason);
    return this.send(
      `revoke grant ${grantId}`,
      () => this.contract.revokeGrant(grantId, encoded),
      () => {},
    );
  }

  /** Revokes a grant whose owner department is deactivated (the operator; nobody else can then). */
  async revokeGrantOfInactiveOwner(grantId: bigint, reason: string): Promise<GovTransaction<void>> {
    const encoded = encodeCode("reason", reason);
    return this.send(
      `revoke grant ${grantId} of a deactivated owner`,
      () => this.contract.revokeGrantOfInactiveOwner(grantId, encoded),
      () => {},
    );
  }

  /** Sets the key that records a grant's receipts (grantee department officer), e.g. a gateway's relayer. */
  async setGrantSubmitter(grantId: bigint, submitter: string): Promise<GovTransaction<void>> {
    const key = requireAddress("submitter", submitter);
    return this.send(
      `set submitter of grant ${grantId}`,
      () => this.contract.setGrantSubmitter(grantId, key),
      () => {},
    );
  }

  // ── consent ───────────────────────────────────────────────────────────────

  /**
   * The subject signs its consent (EIP-712 `RecordConsent`) with its own key, the consent's `signer`:
   * nothing is sent. An officer of `input.department` records it with {@link recordConsent}; the
   * consent can back that department's requests only.
   */
  async signConsent(
    subject: Signer,
    input: ConsentInput,
    options: { deadline?: bigint; nonce?: bigint } = {},
  ): Promise<SignedConsent> {
    const terms = {
      department: encodeDepartmentCode(input.department),
      subject: requireHash("subject", input.subject),
      purpose: encodeCode("purpose", input.purpose),
      dataset: input.dataset === undefined ? ZERO32 : requireHash("dataset", input.dataset),
      signer: requireAddress("signer", input.signer),
      expiresAt: input.expiresAt,
    };
    if ((await subject.getAddress()).toLowerCase() !== terms.signer.toLowerCase()) {
      throw new ValidationError("signer", `the consent names ${terms.signer} but is signed by another key`);
    }
    const [domain, nonce, latest] = await this.read("prepare consent", async () => {
      const d = await this.contract.eip712Domain();
      const n = options.nonce ?? (await this.contract.nonces(terms.signer));
      const block = await this.contract.runner!.provider!.getBlock("latest");
      return [d, n, BigInt(block!.timestamp)] as const;
    });
    const deadline = options.deadline ?? latest + 3600n;
    const signature = await subject.signTypedData(consentDomain(domain), RECORD_CONSENT_TYPES, {
      ...terms,
      nonce,
      deadline,
    });
    return { terms, nonce, deadline, signature };
  }

  /** Records a subject's signed consent (an officer of the department it names); resolves to its id. */
  async recordConsent(signed: SignedConsent): Promise<GovTransaction<{ consentId: bigint }>> {
    return this.send(
      `record consent of ${signed.terms.subject}`,
      () => this.contract.recordConsent(signed.terms, signed.nonce, signed.deadline, signed.signature),
      (receipt) => ({ consentId: this.eventsIn(receipt, "ConsentRecorded")[0].consentId as bigint }),
    );
  }

  /**
   * The subject signs the revocation of `consentId` (EIP-712) with the key bound to the consent.
   * Nothing is sent: hand the result to anyone who relays it with {@link revokeConsent}.
   */
  async signConsentRevocation(
    subject: Signer,
    consentId: bigint,
    options: { deadline?: bigint; nonce?: bigint } = {},
  ): Promise<SignedConsentRevocation> {
    const [domain, nonce, latest] = await this.read("prepare consent revocation", async () => {
      const d = await this.contract.eip712Domain();
      const n = options.nonce ?? (await this.contract.nonces(await subject.getAddress()));
      const block = await this.contract.runner!.provider!.getBlock("latest");
      return [d, n, BigInt(block!.timestamp)] as const;
    });
    const deadline = options.deadline ?? latest + 3600n;
    const signature = await subject.signTypedData(consentDomain(domain), REVOKE_CONSENT_TYPES, {
      consentId,
      nonce,
      deadline,
    });
    return { consentId, nonce, deadline, signature };
  }

  /** Relays a subject's signed revocation; every grant relying on the consent stops. */
  async revokeConsent(signed: SignedConsentRevocation): Promise<GovTransaction<void>> {
    return this.send(
      `revoke consent ${signed.consentId}`,
      () => this.contract.revokeConsent(signed.consentId, signed.nonce, signed.deadline, signed.signature),
      () => {},
    );
  }

  // ── receipts ──────────────────────────────────────────────────────────────

  /**
   * The receipt key of `grantId`, derived from the grantee department's secret (see `ReceiptSecrets`):
   * bound to this chain and exchange. Hand it to an auditor of that grant, never the secret.
   */
  async grantReceiptKey(secret: string, grantId: bigint): Promise<string> {
    const chainId = await this.read(
      "read chain id",
      async () => (await this.contract.runner!.provider!.getNetwork()).chainId,
    );
    return grantReceiptKey(secret, { chainId, exchange: this.addresses.exchange, grantId });
  }

  /**
   * Records one access under a live grant by its keyed hashes (HMAC under `key`, the grant's receipt
   * key): the query and response never leave the gateway and nobody without the key can test a guess.
   */
  async recordAccess(grantId: bigint, key: string, access: AccessRecord): Promise<GovTransaction<AccessReceipt>> {
    const receipt = receiptHashes(key, access);
    return this.send(
      `record receipt under grant ${grantId}`,
      () => this.receiptLog.recordReceipt(grantId, receipt.queryHash, receipt.responseHash),
      () => receipt,
    );
  }

  /**
   * Records one access under a live grant from hashes computed elsewhere: they must be keyed
   * (`receiptHashes`), never a bare hash of the query (see docs/EXCHANGE.md).
   */
  async recordReceipt(grantId: bigint, receipt: AccessReceipt): Promise<GovTransaction<void>> {
    const queryHash = requireHash("queryHash", receipt.queryHash);
    const responseHash = requireHash("responseHash", receipt.responseHash);
    return this.send(
      `record receipt under grant ${grantId}`,
      () => this.receiptLog.recordReceipt(grantId, queryHash, responseHash),
      () => {},
    );
  }

  /**
   * Records many accesses under one grant as one Merkle root. Resolves to the batch: keep it
   * (or its `tree.dump()`) to prove any single receipt later with `ReceiptBatch.verify`.
   */
  async recordReceiptBatch(grantId: bigint, receipts: readonly AccessReceipt[]): Promise<GovTransaction<ReceiptBatch>> {
    const batch = ReceiptBatch.build(grantId, receipts);
    return this.send(
      `record ${batch.count} receipts under grant ${grantId}`,
      () => this.receiptLog.recordReceiptBatch(grantId, batch.root, batch.count),
      () => batch,
    );
  }

  // ── reads ─────────────────────────────────────────────────────────────────

  /** Whether `department` may access `dataset` for `purpose` now (a live grant; the module open). */
  async canAccess(department: string, dataset: string, purpose: string): Promise<boolean> {
    const dept = encodeDepartmentCode(department);
    const id = requireHash("dataset", dataset);
    const code = encodeCode("purpose", purpose);
    return this.read(`check access of ${department}`, () => this.contract.canAccess(dept, id, code));
  }

  async dataset(id: string): Promise<Dataset> {
    const dataset = requireHash("id", id);
    const d = await this.read(`read dataset ${dataset}`, () => this.contract.dataset(dataset));
    return {
      id: dataset,
      owner: decodeDepartmentCode(d.owner),
      schemaHash: d.schemaHash,
      endpointHash: d.endpointHash,
      cosigner: optional(d.cosigner) && decodeDepartmentCode(d.cosigner),
      version: Number(d.version),
      classification: CLASSIFICATIONS[Number(d.classification)],
      personal: d.personal,
      retired: d.retired,
    };
  }

  async request(requestId: bigint): Promise<Request> {
    const r = await this.read(`read request ${requestId}`, () => this.contract.request(requestId));
    return {
      id: requestId,
      dataset: r.dataset,
      requester: decodeDepartmentCode(r.requester),
      purpose: code(r.purpose),
      legalBasis: code(r.legalBasis),
      scopeHash: r.scopeHash,
      consentId: r.consentId,
      requestedBy: r.requestedBy,
      durationSeconds: r.duration,
      status: REQUEST_STATUSES[Number(r.status)],
      approvedScope: optional(r.approvedScope),
      approvedExpiry: r.approvedExpiry === 0n ? undefined : r.approvedExpiry,
      classification: CLASSIFICATIONS[Number(r.classification)],
      cosigner: BigInt(r.cosigner) === 0n ? undefined : decodeDepartmentCode(r.cosigner),
    };
  }

  async grant(grantId: bigint): Promise<Grant> {
    const g = await this.read(`read grant ${grantId}`, () => this.contract.grant(grantId));
    return {
      id: grantId,
      dataset: g.dataset,
      grantee: decodeDepartmentCode(g.grantee),
      purpose: code(g.purpose),
      scopeHash: g.scopeHash,
      consentId: g.consentId,
      submitter: g.submitter,
      expiresAt: g.expiresAt,
      revoked: g.revoked,
      live: g.live,
    };
  }

  async consent(consentId: bigint): Promise<Consent> {
    const c = await this.read(`read consent ${consentId}`, () => this.contract.consent(consentId));
    return {
      id: consentId,
      signer: c.signer,
      expiresAt: c.expiresAt,
      revoked: c.revoked,
      subject: c.subject,
      purpose: code(c.purpose),
      dataset: optional(c.dataset),
      department: decodeDepartmentCode(c.department),
    };
  }

  /** The next nonce `signer` must use to revoke a consent. */
  async nonce(signer: string): Promise<bigint> {
    return this.read("read nonce", () => this.contract.nonces(requireAddress("signer", signer)));
  }

  /**
   * The audit trail of a dataset (every access to it) or of a grantee department (every access
   * it made): who accessed what, when, under which grant, oldest first. Export it with
   * `auditToJson` / `auditToCsv`.
   */
  async auditTrail(filter: { dataset?: string; department?: string; fromBlock?: number }): Promise<AuditEntry[]> {
    if ((filter.dataset === undefined) === (filter.department === undefined)) {
      throw new ValidationError("audit filter", "give exactly one of dataset or department");
    }
    const dataset = filter.dataset === undefined ? undefined : requireHash("dataset", filter.dataset);
    const grantee = filter.department === undefined ? undefined : encodeDepartmentCode(filter.department);
    const fromBlock = filter.fromBlock ?? this.options.fromBlock ?? 0;
    const issued = await this.read("read grants", () =>
      this.scanEvents(fromBlock, (from, to) =>
        this.contract.queryFilter(this.contract.filters.GrantIssued(undefined, dataset, grantee), from, to),
      ),
    );
    const grants = new Map(issued.map((log) => [log.args.grantId as bigint, log.args]));
    if (grants.size === 0) return [];

    const iface = this.receiptLog.interface;
    const kinds = [iface.getEvent("AccessRecorded")!.topicHash, iface.getEvent("AccessBatchRecorded")!.topicHash];
    const ids = [...grants.keys()];
    const logs: Log[] = [];
    const provider = this.contract.runner!.provider!;
    for (let i = 0; i < ids.length; i += 100) {
      const topicIds = ids.slice(i, i + 100).map((id) => zeroPadValue(toBeHex(id), 32));
      logs.push(
        ...(await this.read("read receipts", () =>
          this.scanEvents(fromBlock, (from, to) =>
            provider.getLogs({
              address: this.addresses.receiptLog,
              topics: [kinds, topicIds],
              fromBlock: from,
              toBlock: to,
            }),
          ),
        )),
      );
    }
    logs.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
    const timestamps = new Map<number, number>();
    for (const blockNumber of new Set(logs.map((l) => l.blockNumber))) {
      const block = await this.read("read block", () => provider.getBlock(blockNumber));
      timestamps.set(blockNumber, block!.timestamp);
    }
    return logs.map((log): AuditEntry => {
      const parsed = iface.parseLog(log)!;
      const g = grants.get(parsed.args.grantId as bigint)!;
      const single = parsed.name === "AccessRecorded";
      return {
        kind: single ? "receipt" : "batch",
        grantId: parsed.args.grantId as bigint,
        dataset: g.dataset as string,
        grantee: decodeDepartmentCode(g.grantee as string),
        purpose: code(g.purpose as string),
        queryHash: single ? (parsed.args.queryHash as string) : undefined,
        responseHash: single ? (parsed.args.responseHash as string) : undefined,
        root: single ? undefined : (parsed.args.root as string),
        count: single ? 1 : Number(parsed.args.count),
        submitter: parsed.args.actor as string,
        blockNumber: log.blockNumber,
        timestamp: timestamps.get(log.blockNumber)!,
        transactionHash: log.transactionHash,
        logIndex: log.index,
      };
    });
  }
}
