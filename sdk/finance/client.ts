import { encodeBytes32String, type ContractRunner, type Signer, type TypedDataDomain } from "ethers";

import {
  DataExchange__factory,
  EnterpriseMandates__factory,
  LendingRegistry__factory,
  ReceiptLog__factory,
  type EnterpriseMandates,
  type LendingRegistry,
} from "../../typechain-types/index.js";
import { encodeDepartmentCode } from "../access/departments.js";
import { ContractClient } from "../core/client.js";
import type { GovTransaction } from "../core/transaction.js";
import { requireAddress } from "../core/validate.js";
import { GovChainError, ValidationError } from "../errors/base.js";
import { toGovChainError } from "../errors/decode.js";
import { requireHash } from "../exchange/hashing.js";

export const COLLATERAL_KINDS = ["none", "propertyMortgage", "receivable"] as const;
export type CollateralKind = (typeof COLLATERAL_KINDS)[number];

/** What the representative signs to authorise an agent (see IEnterpriseMandates.MandateTerms). */
export interface MandateInput {
  enterprise: string;
  mandateHash: string;
  agent: string;
  scope: bigint;
  /** Department code (or its bytes32) of the one bank it is valid at; undefined = any bank. */
  bank?: string;
  expiresAt: bigint;
}

/** What the representative signs to agree to a loan (see ILendingRegistry.LoanTerms). */
export interface LoanInput {
  enterprise: string;
  /** A bank's department code, or a participant lender's address. */
  lender: string;
  contractHash: string;
  amountBand: number;
  termMonths: number;
  collateralKind: CollateralKind;
  collateral?: string;
}

export interface Signed<T> {
  terms: T;
  nonce: bigint;
  deadline: bigint;
  signature: string;
}

/** A verifier's answer: valid, or the contract's reason (the custom error's name) it is not. */
export interface Verdict {
  valid: boolean;
  reason?: string;
}

/** One receipted read of the enterprise's data by a lender (or bank), as the enterprise sees it. */
export interface LenderAccess {
  grantId: bigint;
  consentId: bigint;
  dataset: string;
  grantee: string;
  blockNumber: number;
  count: number;
}

const ZERO = "0x" + "00".repeat(32);

/** A lender's bytes32: a department code (left-aligned), or a participant's address (right-aligned). */
export function lenderId(lender: string): string {
  return lender.startsWith("0x")
    ? "0x" + requireAddress("lender", lender).slice(2).toLowerCase().padStart(64, "0")
    : encodeDepartmentCode(lender);
}

/**
 * Enterprise identity, mandates and SME lending (contracts/finance). Verification needs no key: any runner that
 * can read the chain verifies a credential and a mandate.
 */
export class FinanceClient extends ContractClient<EnterpriseMandates> {
  readonly lending?: LendingRegistry;

  constructor(
    addresses: { mandates: string; lending?: string },
    runner: ContractRunner,
    readonly options: { fromBlock?: number } = {},
  ) {
    super(EnterpriseMandates__factory.connect(addresses.mandates, runner));
    if (addresses.lending !== undefined) this.lending = LendingRegistry__factory.connect(addresses.lending, runner);
  }

  /** The same client acting as `signer` (an officer, a lender's key, an agent). */
  connectAs(signer: ContractRunner): FinanceClient {
    return new FinanceClient(
      { mandates: this.address, lending: this.lending?.target as string | undefined },
      signer,
      this.options,
    );
  }

  private lendingContract(): LendingRegistry {
    if (this.lending === undefined) throw new ValidationError("lending", "this deployment has no LendingRegistry");
    return this.lending;
  }

  // ── identity ──────────────────────────────────────────────────────────

  /** MARKET officer: issues the identity credential and binds the representative's key. */
  bindEnterprise(enterprise: string, credential: string, representative: string, validUntil = 0n) {
    return this.send(
      "bind enterprise",
      () =>
        this.contract.bindEnterprise(
          requireHash("enterprise", enterprise),
          requireHash("credential", credential),
          requireAddress("representative", representative),
          validUntil,
        ),
      (receipt) => Number(this.eventsIn(receipt, "EnterpriseBound")[0].epoch),
    );
  }

  revokeEnterprise(enterprise: string, reason = 0) {
    return this.send(
      "revoke enterprise",
      () => this.contract.revokeEnterprise(requireHash("enterprise", enterprise), reason),
      () => undefined,
    );
  }

  /** Whether `enterprise` holds a valid identity credential now, and its representative (no key needed). */
  async verifyEnterprise(enterprise: string): Promise<{ valid: boolean; credential: string; representative: string }> {
    return this.read("verify enterprise", async () => {
      const e = await this.contract.enterpriseOf(requireHash("enterprise", enterprise));
      const valid = e.credential !== ZERO && (await this.contract.isRepresentative(enterprise, e.representative));
      return { valid, credential: e.credential, representative: e.representative };
    });
  }

  // ── mandates ──────────────────────────────────────────────────────────

  private async domainOf(contract: EnterpriseMandates | LendingRegistry): Promise<TypedDataDomain> {
    const d = await contract.eip712Domain();
    return { name: d.name, version: d.version, chainId: d.chainId, verifyingContract: d.verifyingContract };
  }

  private async deadlineAndNonce(
    contract: EnterpriseMandates | LendingRegistry,
    signer: string,
    options: { deadline?: bigint; nonce?: bigint },
  ) {
    const nonce = options.nonce ?? (await contract.nonces(signer));
    const block = await contract.runner!.provider!.getBlock("latest");
    return { nonce, deadline: options.deadline ?? BigInt(block!.timestamp) + 3600n };
  }

  /** The representative's EIP-712 signature of a mandate (nonce: the key's next one). */
  async signMandate(
    representative: Signer,
    input: MandateInput,
    options: { deadline?: bigint; nonce?: bigint } = {},
  ): Promise<Signed<MandateInput & { bank: string }>> {
    const terms = {
      enterprise: requireHash("enterprise", input.enterprise),
      mandateHash: requireHash("mandateHash", input.mandateHash),
      agent: requireAddress("agent", input.agent),
      scope: input.scope,
      bank:
        input.bank === undefined
          ? ZERO
          : input.bank.startsWith("0x")
            ? requireHash("bank", input.bank)
            : encodeDepartmentCode(input.bank),
      expiresAt: input.expiresAt,
    };
    const { nonce, deadline } = await this.deadlineAndNonce(this.contract, await representative.getAddress(), options);
    const signature = await representative.signTypedData(
      await this.domainOf(this.contract),
      {
        GrantMandate: [
          { name: "enterprise", type: "bytes32" },
          { name: "mandateHash", type: "bytes32" },
          { name: "agent", type: "address" },
          { name: "scope", type: "uint64" },
          { name: "bank", type: "bytes32" },
          { name: "expiresAt", type: "uint40" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      },
      { ...terms, nonce, deadline },
    );
    return { terms, nonce, deadline, signature };
  }

  /** Records a signed mandate (anyone relays); resolves to the mandate id. */
  grantMandate(signed: Signed<MandateInput & { bank: string }>): Promise<GovTransaction<bigint>> {
    return this.send(
      "grant mandate",
      () => this.contract.grantMandate(signed.terms, signed.nonce, signed.deadline, signed.signature),
      (receipt) => this.eventsIn(receipt, "MandateGranted")[0].mandateId as bigint,
    );
  }

  /** The representative's EIP-712 signature revoking a mandate. */
  async signMandateRevocation(
    representative: Signer,
    mandateId: bigint,
    options: { deadline?: bigint; nonce?: bigint } = {},
  ) {
    const { nonce, deadline } = await this.deadlineAndNonce(this.contract, await representative.getAddress(), options);
    const signature = await representative.signTypedData(
      await this.domainOf(this.contract),
      {
        RevokeMandate: [
          { name: "mandateId", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      },
      { mandateId, nonce, deadline },
    );
    return { mandateId, nonce, deadline, signature };
  }

  revokeMandate(signed: { mandateId: bigint; nonce: bigint; deadline: bigint; signature: string }) {
    return this.send(
      "revoke mandate",
      () => this.contract.revokeMandate(signed.mandateId, signed.nonce, signed.deadline, signed.signature),
      () => undefined,
    );
  }

  revokeMandateByMarket(mandateId: bigint, reason: string) {
    return this.send(
      "revoke mandate (MARKET)",
      () => this.contract.revokeMandateByMarket(mandateId, encodeBytes32String(reason)),
      () => undefined,
    );
  }

  /** The agent records that it acts for the enterprise at `bank` (one action). */
  actFor(mandateId: bigint, bank: string, action: bigint, ref: string) {
    return this.send(
      "act for enterprise",
      () => this.contract.actFor(mandateId, encodeDepartmentCode(bank), action, requireHash("ref", ref)),
      () => undefined,
    );
  }

  /**
   * A bank's check of an agent's mandate, with no key: valid, or the contract's reason (expired, revoked, out of
   * scope, wrong bank, ended binding, not the agent).
   */
  async verifyMandate(mandateId: bigint, agent: string, bank: string, action: bigint): Promise<Verdict> {
    try {
      await this.contract.checkMandate(mandateId, requireAddress("agent", agent), encodeDepartmentCode(bank), action);
      return { valid: true };
    } catch (error) {
      const typed = toGovChainError(error, "verify mandate");
      const reason = (typed as GovChainError & { errorName?: string }).errorName ?? typed.message;
      return { valid: false, reason };
    }
  }

  // ── lending ───────────────────────────────────────────────────────────

  /** The representative's EIP-712 signature of loan terms. */
  async signLoan(representative: Signer, input: LoanInput, options: { deadline?: bigint; nonce?: bigint } = {}) {
    const lending = this.lendingContract();
    const kind = COLLATERAL_KINDS.indexOf(input.collateralKind);
    if (kind < 0) throw new ValidationError("collateralKind", `unknown kind ${input.collateralKind}`);
    const terms = {
      enterprise: requireHash("enterprise", input.enterprise),
      lender: lenderId(input.lender),
      contractHash: requireHash("contractHash", input.contractHash),
      amountBand: input.amountBand,
      termMonths: input.termMonths,
      collateralKind: kind,
      collateral: input.collateral === undefined ? ZERO : requireHash("collateral", input.collateral),
    };
    const { nonce, deadline } = await this.deadlineAndNonce(lending, await representative.getAddress(), options);
    const signature = await representative.signTypedData(
      await this.domainOf(lending),
      {
        RecordLoan: [
          { name: "enterprise", type: "bytes32" },
          { name: "lender", type: "bytes32" },
          { name: "contractHash", type: "bytes32" },
          { name: "amountBand", type: "uint8" },
          { name: "termMonths", type: "uint16" },
          { name: "collateralKind", type: "uint8" },
          { name: "collateral", type: "bytes32" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      },
      { ...terms, nonce, deadline },
    );
    return { terms, nonce, deadline, signature };
  }

  /** The lender's key records signed loan terms; resolves to the loan id. */
  recordLoan(signed: Awaited<ReturnType<FinanceClient["signLoan"]>>): Promise<GovTransaction<bigint>> {
    return this.send(
      "record loan",
      () => this.lendingContract().recordLoan(signed.terms, signed.nonce, signed.deadline, signed.signature),
      (receipt) => {
        const lending = this.lendingContract();
        const log = receipt.logs
          .filter((l) => l.address.toLowerCase() === (lending.target as string).toLowerCase())
          .map((l) => lending.interface.parseLog(l))
          .find((p) => p?.name === "LoanRecorded");
        return log!.args.loanId as bigint;
      },
    );
  }

  pledge(loanId: bigint, receivable: string) {
    return this.send(
      "pledge receivable",
      () => this.lendingContract().pledge(loanId, requireHash("receivable", receivable)),
      () => undefined,
    );
  }

  closeLoan(loanId: bigint, outcome: string) {
    return this.send(
      "close loan",
      () => this.lendingContract().closeLoan(loanId, requireHash("outcome", outcome)),
      () => undefined,
    );
  }

  recordLegalBasis(enterprise: string, basis: string) {
    return this.send(
      "record legal basis",
      () => this.lendingContract().recordLegalBasis(requireHash("enterprise", enterprise), requireHash("basis", basis)),
      () => undefined,
    );
  }

  discloseOutcome(loanId: bigint, recipient: string, backing: { consentId?: bigint; legalBasis?: string }) {
    return this.send(
      "disclose loan outcome",
      () =>
        this.lendingContract().discloseOutcome(
          loanId,
          lenderId(recipient),
          backing.consentId ?? 0n,
          backing.legalBasis === undefined ? ZERO : requireHash("legalBasis", backing.legalBasis),
        ),
      () => undefined,
    );
  }

  /**
   * Every receipted access to the enterprise's data by a lender or bank through the exchange, as the enterprise
   * sees it: grants backed by its consents, and the receipts recorded for each (the receipts themselves reveal
   * nothing: HMACs under per-grant keys).
   */
  async lenderAccesses(
    exchange: { exchange: string; receiptLog: string },
    enterprise: string,
  ): Promise<LenderAccess[]> {
    const runner = this.contract.runner!;
    const x = DataExchange__factory.connect(exchange.exchange, runner);
    const log = ReceiptLog__factory.connect(exchange.receiptLog, runner);
    const from = this.options.fromBlock ?? 0;
    return this.read("lender accesses", async () => {
      const consents = await x.queryFilter(
        x.filters.ConsentRecorded(undefined, requireHash("enterprise", enterprise)),
        from,
      );
      const consentIds = new Set(consents.map((e) => e.args.consentId));
      const requests = (await x.queryFilter(x.filters.AccessRequested(), from)).filter((e) =>
        consentIds.has(e.args.consentId),
      );
      const out: LenderAccess[] = [];
      for (const r of requests) {
        const single = await log.queryFilter(log.filters.AccessRecorded(r.args.requestId), from);
        const batches = await log.queryFilter(log.filters.AccessBatchRecorded(r.args.requestId), from);
        for (const e of single) {
          out.push({
            grantId: r.args.requestId,
            consentId: r.args.consentId,
            dataset: r.args.dataset,
            grantee: r.args.requester,
            blockNumber: e.blockNumber,
            count: 1,
          });
        }
        for (const e of batches) {
          out.push({
            grantId: r.args.requestId,
            consentId: r.args.consentId,
            dataset: r.args.dataset,
            grantee: r.args.requester,
            blockNumber: e.blockNumber,
            count: Number(e.args.count),
          });
        }
      }
      return out.sort((a, b) => a.blockNumber - b.blockNumber);
    });
  }
}
