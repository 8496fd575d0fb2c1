import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import {
  AUDIT_COLUMNS,
  auditToCsv,
  auditToJson,
  ConflictError,
  datasetId,
  hashScope,
  newReceiptSecret,
  InvalidStateError,
  NotFoundError,
  ReceiptBatch,
  UnauthorizedError,
  ValidationError,
} from "../../sdk/index.js";
import { DAY, deployExchange, DS } from "./fixture.js";

describe("ExchangeClient (SDK)", function () {
  let connection: NetworkConnection;
  const fixture = () => deployExchange(connection);
  const deployed = () => connection.networkHelpers.loadFixture(fixture);
  before(async function () {
    connection = await network.create();
  });

  /** TAX gets PSB's household register and HOUSING gets PLANNING's zoning, both through the SDK. */
  async function twoGrants() {
    const s = await deployed();
    const { exchange, staff } = s;
    const tax = exchange.connect(staff.TAX.officer);
    const { requestId } = await (
      await tax.requestAccess({
        dataset: DS.household,
        requester: "TAX",
        purpose: "DEED_TAX",
        legalBasis: "PRC-DEED-TAX-LAW-15",
        scope: ["name", "household"],
        durationSeconds: 30 * DAY,
      })
    ).wait();
    const outcome = await (
      await exchange.connect(staff.PSB.officer).approveRequest(requestId, { scope: ["name"] })
    ).wait();
    if (outcome.status !== "approved") throw new Error("expected a grant");
    const housing = exchange.connect(staff.HOUSING.officer);
    const second = await (
      await housing.requestAccess({
        dataset: DS.zoning,
        requester: "HOUSING",
        purpose: "PERMIT",
        legalBasis: "URBAN-PLANNING-LAW",
        scopeHash: hashScope(["parcel"]),
        durationSeconds: DAY,
      })
    ).wait();
    await (await exchange.connect(staff.PLANNING.officer).approveRequest(second.requestId)).wait();
    return { ...s, tax, housing, taxGrant: outcome.grantId, housingGrant: second.requestId };
  }

  it("runs the request → approval → receipts round and decodes domain values", async function () {
    const { exchange, tax, taxGrant } = await twoGrants();
    expect(await exchange.canAccess("TAX", DS.household, "DEED_TAX")).to.equal(true);
    expect(await exchange.grant(taxGrant)).to.deep.include({
      grantee: "TAX",
      purpose: "DEED_TAX",
      scopeHash: hashScope(["name"]),
      live: true,
    });
    expect(hashScope(["household", "name", "name"])).to.equal(hashScope(["name", "household"]));
    const key = await exchange.grantReceiptKey(newReceiptSecret(), taxGrant);
    await (await tax.recordAccess(taxGrant, key, { query: { id: 1, fields: ["name"] }, response: { rows: 1 } })).wait();
    expect((await exchange.request(taxGrant)).status).to.equal("approved");
  });

  it("records a Merkle batch whose every receipt can be proven against the recorded root", async function () {
    const { receiptLog: log, tax, taxGrant } = await twoGrants();
    const receipts = Array.from({ length: 50 }, (_, i) => ({ queryHash: id(`q${i}`), responseHash: id(`r${i}`) }));
    const batch = await (await tax.recordReceiptBatch(taxGrant, receipts)).wait();
    const [event] = await log.queryFilter(log.filters.AccessBatchRecorded(taxGrant));
    expect(event.args.root).to.equal(batch.root);
    expect(event.args.count).to.equal(50n);
    const i = 7;
    expect(ReceiptBatch.verify(event.args.root, taxGrant, i, receipts[i], batch.proof(i))).to.equal(true);
    expect(ReceiptBatch.verify(event.args.root, taxGrant, i, receipts[i + 1], batch.proof(i))).to.equal(false);
    expect(ReceiptBatch.verify(event.args.root, taxGrant + 1n, i, receipts[i], batch.proof(i))).to.equal(false);
    expect(() => ReceiptBatch.build(taxGrant, [])).to.throw(ValidationError);
  });

  it("rebuilds the audit trail of a dataset and of a department, exportable as JSON and CSV", async function () {
    const { exchange, tax, housing, taxGrant, housingGrant, staff } = await twoGrants();
    await (await tax.recordReceipt(taxGrant, { queryHash: id("q1"), responseHash: id("r1") })).wait();
    await (await housing.recordReceipt(housingGrant, { queryHash: id("q2"), responseHash: id("r2") })).wait();
    await (
      await tax.recordReceiptBatch(taxGrant, [
        { queryHash: id("q3"), responseHash: id("r3") },
        { queryHash: id("q4"), responseHash: id("r4") },
      ])
    ).wait();

    const byDataset = await exchange.auditTrail({ dataset: DS.household });
    expect(byDataset.map((e) => [e.kind, e.grantId, e.count])).to.deep.equal([
      ["receipt", taxGrant, 1],
      ["batch", taxGrant, 2],
    ]);
    expect(byDataset[0]).to.deep.include({
      dataset: DS.household,
      grantee: "TAX",
      purpose: "DEED_TAX",
      queryHash: id("q1"),
      responseHash: id("r1"),
      submitter: staff.TAX.officer.address,
    });
    expect(byDataset[0].timestamp).to.be.greaterThan(0);
    const byHousing = await exchange.auditTrail({ department: "HOUSING" });
    expect(byHousing.map((e) => [e.grantId, e.dataset])).to.deep.equal([[housingGrant, DS.zoning]]);
    expect(await exchange.auditTrail({ department: "COURT" })).to.deep.equal([]);

    const json = JSON.parse(auditToJson(byDataset));
    expect(json[0]).to.include({ grantId: taxGrant.toString(), kind: "receipt", grantee: "TAX" });
    expect(json[0].time).to.match(/^\d{4}-\d\d-\d\dT/);
    const csv = auditToCsv(byDataset).trimEnd().split("\r\n");
    expect(csv[0]).to.equal(AUDIT_COLUMNS.join(","));
    expect(csv).to.have.length(3);
    expect(csv[2].split(",")[0]).to.equal("batch");
    await expect(exchange.auditTrail({})).to.be.rejectedWith(ValidationError);
  });

  it("escapes CSV fields that hold commas, quotes or line breaks", function () {
    const entry = {
      kind: "receipt" as const,
      grantId: 1n,
      dataset: id("d"),
      grantee: "TAX",
      purpose: 'A,"B"\nC',
      count: 1,
      submitter: "0x0",
      blockNumber: 1,
      timestamp: 0,
      transactionHash: "0x",
      logIndex: 0,
    };
    expect(auditToCsv([entry]).split("\r\n")[1]).to.contain('"A,""B""\nC"');
  });

  it("turns contract refusals into typed errors with readable messages", async function () {
    const { exchange, staff, taxGrant, signers } = await twoGrants();
    const error = await exchange
      .connect(staff.TAX.officer)
      .approveRequest(taxGrant)
      .catch((e) => e);
    expect(error).to.be.instanceOf(InvalidStateError);
    expect(error.shortMessage).to.equal(`request ${taxGrant} is approved`);
    const notOwner = await exchange
      .connect(staff.TAX.officer)
      .revokeGrant(taxGrant, "X")
      .catch((e) => e);
    expect(notOwner).to.be.instanceOf(UnauthorizedError);
    const missing = await exchange.dataset(datasetId("nope")).catch((e) => e);
    expect(missing).to.be.instanceOf(NotFoundError);
    expect(missing.shortMessage).to.match(/^no dataset 0x[0-9a-f]{64} in the catalogue$/);

    await (await exchange.connect(staff.PSB.officer).revokeGrant(taxGrant, "PURPOSE_ENDED")).wait();
    const revoked = await exchange
      .connect(staff.TAX.officer)
      .recordReceipt(taxGrant, { queryHash: id("q"), responseHash: id("r") })
      .catch((e) => e);
    expect(revoked).to.be.instanceOf(InvalidStateError);
    expect(revoked.shortMessage).to.equal(`grant ${taxGrant} was revoked`);

    const subject = signers[17];
    const block = await connection.ethers.provider.getBlock("latest");
    const terms = {
      department: "TAX",
      subject: id("commitment"),
      purpose: "DEED_TAX",
      signer: subject.address,
      expiresAt: BigInt(block!.timestamp + DAY),
    };
    const { consentId } = await (
      await exchange.connect(staff.TAX.officer).recordConsent(await exchange.signConsent(subject, terms))
    ).wait();
    const signed = await exchange.signConsentRevocation(subject, consentId);
    await (await exchange.revokeConsent(signed)).wait();
    const replay = await exchange.revokeConsent(signed).catch((e) => e);
    expect(replay).to.be.instanceOf(InvalidStateError);
    const { consentId: second } = await (
      await exchange.connect(staff.TAX.officer).recordConsent(await exchange.signConsent(subject, terms))
    ).wait();
    const reused = await exchange
      .revokeConsent(await exchange.signConsentRevocation(subject, second, { nonce: 0n }))
      .catch((e) => e);
    expect(reused).to.be.instanceOf(ConflictError);
    expect(reused.shortMessage).to.contain("reused or skipped");
  });

  it("validates inputs before sending", async function () {
    const { exchange } = await deployed();
    await expect(
      exchange.registerDataset({
        id: "household",
        owner: "PSB",
        schemaHash: id("s"),
        endpointHash: id("e"),
        classification: "internal",
      }),
    ).to.be.rejectedWith(ValidationError, /32-byte/);
    await expect(
      exchange.registerDataset({
        id: id("x"),
        owner: "PSB",
        schemaHash: id("s"),
        endpointHash: id("e"),
        classification: "confidential",
      }),
    ).to.be.rejectedWith(ValidationError, /co-signing/);
    await expect(
      exchange.requestAccess({
        dataset: DS.household,
        requester: "TAX",
        purpose: "A PURPOSE THAT IS FAR TOO LONG FOR BYTES32",
        legalBasis: "L",
        scope: ["a"],
        durationSeconds: DAY,
      }),
    ).to.be.rejectedWith(ValidationError, /31 bytes/);
    await expect(
      exchange.requestAccess({
        dataset: DS.household,
        requester: "TAX",
        purpose: "P",
        legalBasis: "L",
        scope: [],
        durationSeconds: DAY,
      }),
    ).to.be.rejectedWith(ValidationError, /at least one field/);
  });
});
