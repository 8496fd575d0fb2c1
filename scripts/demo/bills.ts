/**
 * The e-bills story of `npm run demo` (docs/SERVICES.md "E-bills"): TAX accredits a hospital and a shop as invoice
 * issuers, FINANCE an employer and an insurer as reimbursers; the hospital issues a bill, the shop a batch; the
 * employer locks and closes the hospital's bill; the insurer's lock of the same bill is refused; the holder sees
 * who holds it (never the amount) and who issued it.
 */
import { parseEther, Wallet, type Signer } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { commitSubject, createDocument, GovChainError, NO_EXPIRY, type GovChain } from "../../sdk/index.js";
import { fundAccounts, participantProvider } from "../lib/staff.js";

export interface BillsStoryContext {
  connection: NetworkConnection;
  /** The deployer's connection (funds the participants' accounts). */
  gov: GovChain;
  /** A keyless connection: what a bill's holder or any verifier uses. */
  verifier: GovChain;
  staff: Record<string, { admin: Signer; officer: Signer }>;
  deployer: Signer;
  heading: (title: string) => void;
  step: (text: string) => void;
}

export async function billsStory(ctx: BillsStoryContext): Promise<void> {
  const { connection, gov, verifier, staff, deployer, heading, step } = ctx;
  heading("E-bills: accredited issuers, one reimbursement per bill citywide");
  const participants = gov.participants!;
  // Participants are organisations' own accounts, not departments' staff: fresh keys, funded for gas.
  const account = async () => {
    const wallet = Wallet.createRandom().connect(participantProvider(connection));
    await fundAccounts(connection, deployer as Signer & { address: string }, [wallet], parseEther("1"));
    return wallet;
  };
  const [hospital, shop, employer, insurer] = [await account(), await account(), await account(), await account()];
  const tax = participants.connect(staff.TAX.officer);
  const finance = participants.connect(staff.FINANCE.officer);
  await (await tax.accredit("INVOICE_ISSUER", hospital.address, { label: "Chaoyang Private Hospital" })).wait();
  await (await tax.accredit("INVOICE_ISSUER", shop.address, { label: "Wangfujing Stationery" })).wait();
  await (await finance.accredit("REIMBURSER", employer.address, { label: "Haidian Software Ltd (employer)" })).wait();
  await (await finance.accredit("REIMBURSER", insurer.address, { label: "Capital Health Insurance" })).wait();
  step("TAX accredited a hospital and a shop as invoice issuers; FINANCE an employer and an insurer as reimbursers");

  const holder = commitSubject("110105199001011234");
  const now = (await connection.ethers.provider.getBlock("latest"))!.timestamp;
  const invoice = (fields: Record<string, string | number>) =>
    createDocument({
      certType: "E_INVOICE",
      issuer: "TAX",
      subject: holder.commitment,
      validFrom: now,
      validUntil: NO_EXPIRY,
      fields,
    });
  const bills = gov.bills!;
  const visit = await (
    await bills.connect(hospital).issue(invoice({ item: "outpatient visit", amountFen: 35_000 }))
  ).wait();
  const { root, certificates } = await (
    await bills
      .connect(shop)
      .issueBatch([invoice({ item: "toner", amountFen: 31_900 }), invoice({ item: "paper", amountFen: 4_200 })])
  ).wait();
  step(
    `the hospital issued bill ${visit.proof.certHash.slice(0, 10)}…; the shop a batch of ${certificates.length} (root ${root.slice(0, 10)}…)`,
  );
  step(
    `verifier: the visit's accredited issuer is ${await verifier.bills!.issuerOf(visit)} (the hospital: ${hospital.address})`,
  );

  await (await bills.connect(employer).lock([visit])).wait();
  await (await bills.connect(employer).close([visit])).wait();
  step("the employer locked and closed (reimbursed) the hospital's bill");
  try {
    await (await bills.connect(insurer).lock([visit])).wait();
    throw new Error("the insurer locked a bill already reimbursed");
  } catch (error) {
    if (!(error instanceof GovChainError)) throw error;
    step(`the insurer locks the same bill: refused: ${error.shortMessage}`);
  }
  await (await bills.connect(insurer).lock([certificates[0]])).wait();
  step("the insurer locked the shop's toner bill (a batch member, proved by its Merkle proof)");
  for (const [label, bill] of [
    ["visit", visit],
    ["toner", certificates[0]],
    ["paper", certificates[1]],
  ] as const) {
    const claim = await verifier.bills!.status(bill);
    step(
      `holder sees ${label}: ${claim.state}${claim.reimburser === undefined ? "" : ` by ${claim.reimburser}`} (no amount on chain)`,
    );
  }
}
