/**
 * The main job's enterprise-banking and SME-finance story (issue 15 §3, issue 16 §3): MARKET issues an enterprise's
 * financial e-identity, its legal representative authorises an agent, ICBC opens an account with the enterprise's
 * registration and tax standing pulled through the exchange, CCB reads its standing for a loan decision, a loan
 * is recorded with a receivable pledged once, and a default is disclosed only on a legal basis.
 */
import { id, Wallet, type Signer } from "ethers";

import type { CityConfig } from "../../config/city.js";
import {
  creditCodeCheckChar,
  datasetId,
  enterpriseCommitment,
  GovChainError,
  mandateAction,
  mandateScope,
  materialsWaived,
  newSalt,
  outcomeCommitment,
  type GovChain,
} from "../../sdk/index.js";

export interface StoryContext {
  city: CityConfig;
  /** The operator's connection (a relayer: it pays for the representative's signed acts). */
  gov: GovChain;
  /** A keyless reader (a bank verifying credentials). */
  verifier: GovChain;
  staff: Record<string, { admin: Signer; officer: Signer }>;
  /** A funded key with no department role (the enterprise's agent). */
  agent: Signer;
  /** Makes each run's identifiers unique on a persistent node. */
  run: number;
  heading: (title: string) => void;
  step: (text: string) => void;
}

export async function smeFinanceStory(ctx: StoryContext): Promise<void> {
  const { city, gov, verifier, staff, agent, run, heading, step } = ctx;
  const finance = gov.finance;
  const identity = city.enterpriseIdentity;
  const lending = city.lending;
  if (finance === undefined || identity === undefined || lending === undefined || finance.lending === undefined) {
    step("this city runs no enterprise-identity or SME-finance service: skipped");
    return;
  }
  const tryAs = async (label: string, action: () => Promise<unknown>) => {
    try {
      await action();
      step(`${label}: accepted`);
    } catch (error) {
      if (!(error instanceof GovChainError)) throw error;
      step(`${label}: refused: ${error.shortMessage}`);
    }
  };
  const now = async () => BigInt((await gov.runner.provider!.getBlock("latest"))!.timestamp);
  const x = gov.exchange.contract;

  heading(
    "Enterprise financial e-identity: MARKET's credential, the representative's mandate, a bank that needs no key",
  );
  const first17 = `91110108MA${String(run % 10_000_000).padStart(7, "0")}`;
  const creditCode = first17 + creditCodeCheckChar(first17);
  const enterprise = enterpriseCommitment(creditCode, newSalt());
  // The representative's key only signs (a wallet on a phone); relayers pay for its acts.
  const representative = Wallet.createRandom();
  await (
    await finance
      .connectAs(staff.MARKET.officer)
      .bindEnterprise(enterprise, id(`credential ${creditCode}`), representative.address)
  ).wait();
  step(`MARKET issued the e-identity of ${creditCode} (on chain: its salted commitment ${enterprise.slice(0, 12)}…)`);
  const signed = await finance.signMandate(representative, {
    enterprise,
    mandateHash: id(`mandate ${creditCode} ${run}`),
    agent: await agent.getAddress(),
    scope: mandateScope(["OPEN_ACCOUNT"], identity.scopes),
    bank: "BANK_ICBC",
    expiresAt: (await now()) + 30n * 86_400n,
  });
  // Anyone may relay the representative's signature: the agent brings it to the chain.
  const mandateId = await (await finance.connectAs(agent).grantMandate(signed)).wait();
  step(`the legal representative authorised an agent to open accounts at ICBC for 30 days: mandate ${mandateId}`);
  const open = mandateAction("OPEN_ACCOUNT", identity.scopes);
  const borrow = mandateAction("BORROW", identity.scopes);
  const keyless = verifier.finance!;
  step(
    `ICBC (no key) checks the credential: ${(await keyless.verifyEnterprise(enterprise)).valid ? "VALID" : "NOT VALID"}`,
  );
  const verdict = await keyless.verifyMandate(mandateId, await agent.getAddress(), "BANK_ICBC", open);
  step(`ICBC (no key) checks the agent for OPEN_ACCOUNT: ${verdict.valid ? "VALID" : verdict.reason}`);
  await (await finance.connectAs(agent).actFor(mandateId, "BANK_ICBC", open, id("ICBC account-opening form"))).wait();
  await tryAs("the agent asks ICBC for a loan (beyond its mandate)", () =>
    finance
      .connectAs(agent)
      .actFor(mandateId, "BANK_ICBC", borrow, id("loan application"))
      .then((t) => t.wait()),
  );
  await tryAs("the agent opens an account at CCB (another bank)", () =>
    finance
      .connectAs(agent)
      .actFor(mandateId, "BANK_CCB", open, id("ccb form"))
      .then((t) => t.wait()),
  );

  heading("Account opening at ICBC: registration and tax standing through the exchange, with the enterprise's consent");
  const opening = identity.accountOpening;
  const consentTo = async (department: string, purpose: string) => {
    const s = await gov.exchange.signConsent(representative, {
      department,
      subject: enterprise,
      purpose,
      signer: representative.address,
      expiresAt: (await now()) + 30n * 86_400n,
    });
    const receipt = await (
      await x.connect(staff[department].officer).recordConsent(s.terms, s.nonce, s.deadline, s.signature)
    ).wait();
    return x.interface.parseLog(receipt!.logs.find((l) => x.interface.parseLog(l)?.name === "ConsentRecorded")!)!.args
      .consentId as bigint;
  };
  const catalogued = new Set<string>();
  const pull = async (
    requester: string,
    purpose: string,
    consentId: bigint,
    names: readonly { name: string; owner: string }[],
  ) => {
    const live = new Set<string>();
    for (const d of names) {
      const dataset = datasetId(`${d.name}#${run}`);
      // One catalogue entry per dataset, however many cases pull it (tax standing serves both banks).
      if (!catalogued.has(dataset)) {
        catalogued.add(dataset);
        await (
          await x
            .connect(staff[d.owner].officer)
            .registerDataset(dataset, code(d.owner), id(`${d.name} schema`), id(`${d.name} api`), 1, true, code(""))
        ).wait();
      }
      await (
        await x
          .connect(staff[requester].officer)
          .requestAccess(
            dataset,
            code(requester),
            code(purpose),
            code("ENTERPRISE_CONSENT"),
            id("standing"),
            30 * 86_400,
            consentId,
          )
      ).wait();
      const grantId = await x.requestCount();
      await (await x.connect(staff[d.owner].officer).approveRequest(grantId, code(""), 0)).wait();
      const log = gov.exchange.receiptLog.connect(staff[requester].officer);
      await (await log.recordReceipt(grantId, id(`query ${grantId}`), id(`response ${grantId}`))).wait();
      if (await x.isGrantLive(grantId)) live.add(d.name);
    }
    return live;
  };
  const openingConsent = await consentTo("BANK_ICBC", opening.purpose);
  const live = await pull("BANK_ICBC", opening.purpose, openingConsent, opening.datasets);
  const { waived, stillAsked } = materialsWaived(opening.datasets, live, opening.stillAsked);
  step(`ICBC no longer asks for: ${waived.join("; ")}`);
  step(`ICBC still asks for: ${stillAsked.join("; ")}`);

  heading("SME finance (Haidian): CCB reads the standing it was authorised to; a loan, a pledge, a default");
  const creditConsent = await consentTo("BANK_CCB", lending.creditPurpose);
  await pull("BANK_CCB", lending.creditPurpose, creditConsent, lending.datasets);
  const accesses = await keyless.lenderAccesses(
    { exchange: gov.exchange.address, receiptLog: await gov.exchange.receiptLog.getAddress() },
    enterprise,
  );
  step(
    `the enterprise sees ${accesses.length} receipted reads of its data: ${[...new Set(accesses.map((a) => a.grantee))].map((g) => Buffer.from(g.slice(2), "hex").toString().replace(/\0+$/, "")).join(", ")}`,
  );
  const receivable = id(`e-invoice receivable ${run}`);
  const loanFor = async (lender: string, amountBand: number) => {
    const terms = await finance.signLoan(representative, {
      enterprise,
      lender,
      contractHash: id(`${lender} loan ${run}`),
      amountBand,
      termMonths: 12,
      collateralKind: "receivable",
      collateral: receivable,
    });
    return (await finance.connectAs(staff[lender].officer).recordLoan(terms)).wait();
  };
  const ccbLoan = await loanFor("BANK_CCB", 2);
  await (await finance.connectAs(staff.BANK_CCB.officer).pledge(ccbLoan, receivable)).wait();
  step(
    `CCB loan ${ccbLoan} (${lending.amountBands["2"]}, 12 months) recorded with the representative's signature; receivable pledged`,
  );
  const icbcLoan = await loanFor("BANK_ICBC", 1);
  await tryAs(`ICBC pledges the same receivable for loan ${icbcLoan}`, () =>
    finance
      .connectAs(staff.BANK_ICBC.officer)
      .pledge(icbcLoan, receivable)
      .then((t) => t.wait()),
  );
  const defaulted = outcomeCommitment(ccbLoan, "DEFAULTED");
  await (await finance.connectAs(staff.BANK_CCB.officer).closeLoan(ccbLoan, defaulted.commitment)).wait();
  step("CCB closed its loan; the chain holds a commitment to the outcome, not the outcome");
  await tryAs("CCB discloses the default to ICBC with no consent and no legal basis", () =>
    finance
      .connectAs(staff.BANK_CCB.officer)
      .discloseOutcome(ccbLoan, "BANK_ICBC", {})
      .then((t) => t.wait()),
  );
  const basis = id(`Haidian court ruling ${run}`);
  await (await finance.connectAs(staff.COURT.officer).recordLegalBasis(enterprise, basis)).wait();
  await tryAs("after COURT records a legal basis, CCB discloses it to ICBC", () =>
    finance
      .connectAs(staff.BANK_CCB.officer)
      .discloseOutcome(ccbLoan, "BANK_ICBC", { legalBasis: basis })
      .then((t) => t.wait()),
  );
}

const code = (value: string) => {
  const bytes = Buffer.from(value, "utf8");
  return "0x" + bytes.toString("hex").padEnd(64, "0");
};
