import { encodeBytes32String, id, keccak256, toUtf8Bytes } from "ethers";

import { datasetId, hashScope, ReceiptBatch } from "../../sdk/index.js";
import { gasOf } from "../gas.js";
import type { ModuleBench } from "../types.js";

const code = encodeBytes32String;

/**
 * Data exchange: the catalogue, a request-approve round, consent, and the receipt hot path
 * (one receipt; 1,000 under one Merkle root; the 1st and the 10,000th receipt of a grant).
 */
export const exchangeBench: ModuleBench = async ({ connection, suite }) => {
  const { exchangeContract: exchange, receiptLog, staff, signers } = suite;
  const subject = signers[18];
  // The subject signs each consent with its own key; TAX (the department it is given to) records it.
  const signedConsent = async (subjectHash: string, dataset: string) =>
    suite.exchange.signConsent(subject, {
      department: "TAX",
      subject: subjectHash,
      purpose: "DEED_TAX",
      dataset,
      signer: subject.address,
      expiresAt: 2n ** 39n,
    });
  const psb = exchange.connect(staff.PSB.officer);
  const tax = exchange.connect(staff.TAX.officer);
  const taxLog = receiptLog.connect(staff.TAX.officer);
  const dataset = datasetId("PSB/household-register");
  const gas: Record<string, number> = {};
  const scale: Record<string, number> = {};

  gas["exchange.registerDataset"] = await gasOf(
    psb.registerDataset(dataset, code("PSB"), id("schema v1"), id("https://psb.example/api"), 1, false, code("")),
  );
  gas["exchange.updateDataset"] = await gasOf(psb.updateDataset(dataset, id("schema v2"), id("endpoint v2")));
  gas["exchange.requestAccess"] = await gasOf(
    tax.requestAccess(
      dataset,
      code("TAX"),
      code("DEED_TAX"),
      code("PRC-DEED-TAX-LAW-15"),
      hashScope(["name"]),
      86400 * 365,
      0,
    ),
  );
  gas["exchange.approveRequest"] = await gasOf(psb.approveRequest(1, code(""), 0));

  const receipt = (i: number) =>
    [keccak256(toUtf8Bytes(`query ${i}`)), keccak256(toUtf8Bytes(`response ${i}`))] as const;
  const first = await gasOf(taxLog.recordReceipt(1, ...receipt(0)));
  gas["exchange.receipt"] = first;
  scale["exchange.receipt.first"] = first;

  const batch = ReceiptBatch.build(
    1n,
    Array.from({ length: 1000 }, (_, i) => {
      const [queryHash, responseHash] = receipt(i);
      return { queryHash, responseHash };
    }),
  );
  gas["exchange.receiptBatch1000"] = await gasOf(taxLog.recordReceiptBatch(1, batch.root, batch.count));

  // Receipts 2 .. 9,999, sent in parallel chunks with a fixed gas limit (no estimate), then the 10,000th measured.
  for (let i = 1; i < 9999; i += 250) {
    const sends = [];
    for (let j = i; j < Math.min(i + 250, 9999); j++)
      sends.push(taxLog.recordReceipt(1, ...receipt(j), { gasLimit: 60_000 }));
    await Promise.all((await Promise.all(sends)).map((tx) => tx.wait()));
  }
  scale["exchange.receipt.10000th"] = await gasOf(taxLog.recordReceipt(1, ...receipt(9999)));

  // A receipt through the slow path (a grantee officer who is not the submitter key: directory check).
  const otherOfficer = signers[19];
  await (await suite.directory.connect(staff.TAX.admin).grantOfficer(code("TAX"), otherOfficer.address)).wait();
  gas["exchange.receipt.viaDirectory"] = await gasOf(receiptLog.connect(otherOfficer).recordReceipt(1, ...receipt(0)));

  const consent1 = await signedConsent(id("subject"), dataset);
  gas["exchange.recordConsent"] = await gasOf(
    tax.recordConsent(consent1.terms, consent1.nonce, consent1.deadline, consent1.signature),
  );
  // A receipt under a grant that relies on consent reads one more slot (the consent's revocation flag).
  const identity = datasetId("PSB/identity");
  await (await psb.registerDataset(identity, code("PSB"), id("s"), id("e"), 1, true, code(""))).wait();
  const second = await signedConsent(id("subject 2"), identity);
  await (await tax.recordConsent(second.terms, second.nonce, second.deadline, second.signature)).wait();
  await (
    await tax.requestAccess(identity, code("TAX"), code("DEED_TAX"), code("LAW"), hashScope(["name"]), 86400, 2)
  ).wait();
  await (await psb.approveRequest(2, code(""), 0)).wait();
  gas["exchange.receipt.withConsent"] = await gasOf(taxLog.recordReceipt(2, ...receipt(0)));
  gas["exchange.revokeGrant"] = await gasOf(psb.revokeGrant(1, code("ENDED")));
  void connection;
  return { gas, scale };
};
