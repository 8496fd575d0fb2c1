import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import {
  BillsClient,
  commitSubject,
  ConflictError,
  createDocument,
  type CertificateDocument,
  type FieldValue,
} from "../../sdk/index.js";
import { deployBills, FROM, INVOICE_ISSUER, REIMBURSER, UNTIL, type BillsFixture } from "./fixture.js";

/**
 * Beijing's e-bills, end to end through the SDK: TAX accredits a hospital and a shop as invoice issuers; the
 * hospital issues one bill, the shop a batch; FINANCE's accredited employer locks and closes the hospital's bill
 * and a bill of the shop's batch; an insurer's lock of the same bill is refused, citywide; the holder sees who
 * holds the bill (never the amount) and who issued it.
 */
describe("E-bills scenario (Beijing)", function () {
  let connection: NetworkConnection;
  let f: BillsFixture;
  before(async function () {
    connection = await network.create();
    f = await deployBills(connection);
  });

  const client = (runner: BillsFixture["hospital"]) =>
    new BillsClient({ issuance: f.issuance.target as string, reimbursement: f.reimbursement.target as string }, runner);
  const holder = commitSubject("110105199001011234");
  const invoice = (fields: Record<string, FieldValue>): CertificateDocument =>
    createDocument({
      certType: "E_INVOICE",
      issuer: "TAX",
      subject: holder.commitment,
      validFrom: Number(FROM),
      validUntil: Number(UNTIL),
      fields,
    });

  it("TAX's accredited hospital and shop issue; an employer reimburses once; an insurer is refused", async function () {
    // TAX accredited both issuers (the fixture), and an employer and an insurer are FINANCE's reimbursers.
    expect(await f.participants.isAccredited(INVOICE_ISSUER, f.hospital.address)).to.equal(true);
    expect(await f.participants.isAccredited(INVOICE_ISSUER, f.shop.address)).to.equal(true);
    expect(await f.participants.isAccredited(REIMBURSER, f.employer.address)).to.equal(true);

    const hospitalBill = await (
      await client(f.hospital).issue(invoice({ item: "outpatient visit", amountFen: 35_000 }))
    ).wait();
    const { root, certificates: shopBills } = await (
      await client(f.shop).issueBatch([
        invoice({ item: "printer paper", amountFen: 4_200 }),
        invoice({ item: "toner", amountFen: 31_900 }),
        invoice({ item: "stapler", amountFen: 2_500 }),
      ])
    ).wait();

    // The verifier shows each bill's accredited issuer.
    const employer = client(f.employer);
    expect(await employer.issuerOf(hospitalBill)).to.equal(f.hospital.address);
    const toner = { certType: "E_INVOICE", ...shopBills[1].proof };
    expect(toner.root).to.equal(root);
    expect(await employer.issuerOf(shopBills[1])).to.equal(f.shop.address);

    // The employer locks the hospital's bill and the toner bill, then closes them.
    const hospitalRef = { certType: "E_INVOICE", ...hospitalBill.proof };
    expect(await (await employer.lock([hospitalRef])).wait()).to.equal(1);
    expect(await (await employer.lock([toner])).wait()).to.equal(1);
    expect((await employer.status(hospitalRef)).state).to.equal("locked");
    expect(await (await employer.close([hospitalRef, toner])).wait()).to.equal(2);

    // The insurer cannot reimburse the same bills, whichever way it names them.
    const insurer = client(f.insurer);
    for (const bill of [hospitalRef, toner]) {
      const refusal = await insurer.lock([bill]).then(
        (tx) => tx.wait(),
        (error: unknown) => error,
      );
      expect(refusal).to.be.instanceOf(ConflictError);
      expect((refusal as ConflictError).errorName).to.equal("BillReimbursementUnavailable");
      expect((refusal as ConflictError).message).to.include("closed");
    }
    // The holder (no key needed) sees the state and who holds it; the chain has no amount to show.
    const seen = await client(f.stranger as never).status(hospitalRef);
    expect(seen).to.deep.include({ state: "closed", reimburser: f.employer.address });
    // The insurer may reimburse a bill nobody holds.
    const stapler = { certType: "E_INVOICE", ...shopBills[2].proof };
    expect(await (await insurer.lock([stapler])).wait()).to.equal(1);
  });
});
