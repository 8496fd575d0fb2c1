import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { encodeBytes32String, id, parseEther, type Signer, Wallet } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { AccreditedIssuance__factory, BillReimbursement__factory } from "../../typechain-types/index.js";
import { deployStaffedSuite, type StaffedSuite } from "../helpers/suite.js";

export const b32 = encodeBytes32String;
export const INVOICE = b32("E_INVOICE");
export const FISCAL_BILL = b32("FISCAL_BILL");
export const INVOICE_ISSUER = b32("INVOICE_ISSUER");
export const FISCAL_BILL_ISSUER = b32("FISCAL_BILL_ISSUER");
export const REIMBURSER = b32("REIMBURSER");
export const SUBJECT = id("holder commitment");
export const YEAR = 365n * 86400n;
/** 2026-01-01: bills' windows start in the past and run 50 years, so they are valid whenever the tests run. */
export const FROM = 1_767_225_600n;
export const UNTIL = FROM + 50n * YEAR;
let counter = 0;
/** A fresh bill hash (the SDK hashes the canonical bill document; any 32 bytes do for the contracts). */
export const bill = (label = "bill") => id(`${label} ${counter++}`);

/** A Merkle batch of `n` fresh bills: root, hashes and each one's proof. */
export function billBatch(n: number, label = "batch") {
  const hashes = Array.from({ length: n }, () => bill(label));
  const tree = StandardMerkleTree.of(
    hashes.map((h) => [h]),
    ["bytes32"],
  );
  return { root: tree.root, hashes, proofs: hashes.map((_, i) => tree.getProof(i)) };
}

/**
 * The staffed suite as deployed (services/e-bills.json: AccreditedIssuance, authorised issuer of E_INVOICE and
 * FISCAL_BILL; BillReimbursement; participant roles INVOICE_ISSUER owned by TAX, FISCAL_BILL_ISSUER and
 * REIMBURSER owned by FINANCE), FINANCE staffed with signers[18] (admin and officer), and four participants (fresh
 * funded accounts): a hospital and a shop accredited by TAX as invoice issuers, an employer and an insurer
 * accredited by FINANCE as reimbursers.
 */
export async function deployBills(connection: NetworkConnection) {
  return setUpBills(connection, await deployStaffedSuite(connection));
}

/** {@link deployBills} on a suite already deployed (the bench's). */
export async function setUpBills(connection: NetworkConnection, suite: StaffedSuite) {
  const { ethers } = connection;
  const { operator, signers, access, manifest } = suite;
  const finance = signers[18];
  if (!(await suite.directory.isOfficer(b32("FINANCE"), finance.address))) {
    await (await access.grantDepartmentAdmin("FINANCE", finance.address)).wait();
    await (await access.connect(finance).grantOfficer("FINANCE", finance.address)).wait();
  }
  const participants = suite.participantRegistry;
  const issuance = AccreditedIssuance__factory.connect(manifest.contracts.AccreditedIssuance!.proxy, operator);
  const reimbursement = BillReimbursement__factory.connect(manifest.contracts.BillReimbursement!.proxy, operator);
  /** The officer who accredits in `role`: TAX's for invoice issuers, FINANCE's for the others. */
  const officerFor = (role: string) => (role === INVOICE_ISSUER ? suite.staff.TAX.officer : finance);

  const participant = async () => {
    const wallet = Wallet.createRandom().connect(ethers.provider);
    await (await operator.sendTransaction({ to: wallet.address, value: parseEther("10") })).wait();
    return wallet;
  };
  const [hospital, shop, employer, insurer] = [
    await participant(),
    await participant(),
    await participant(),
    await participant(),
  ];
  /** Accredits `account` in `role` (validUntil 0: no end). */
  const accredit = async (role: string, account: { address: string }, validFrom = 0n, validUntil = 0n) =>
    (
      await participants.connect(officerFor(role)).accredit(role, account.address, validFrom, validUntil, "test")
    ).wait();
  /** Revokes `account`'s accreditation in `role` (as the role department's officer). */
  const revokeAccreditation = async (role: string, account: { address: string }) =>
    (await participants.connect(officerFor(role)).revokeAccreditation(role, account.address, b32("TEST"))).wait();
  await accredit(INVOICE_ISSUER, hospital);
  await accredit(INVOICE_ISSUER, shop);
  await accredit(REIMBURSER, employer);
  await accredit(REIMBURSER, insurer);

  /** Issues fresh single invoices as `issuer`; returns their hashes. */
  const issueBills = async (issuer: Signer, n = 1, type = INVOICE) => {
    const hashes = [];
    for (let i = 0; i < n; i++) {
      const h = bill();
      await (await issuance.connect(issuer).issue(type, h, SUBJECT, FROM, UNTIL)).wait();
      hashes.push(h);
    }
    return hashes;
  };
  return {
    ...suite,
    finance,
    participants,
    issuance,
    reimbursement,
    hospital,
    shop,
    employer,
    insurer,
    accredit,
    revokeAccreditation,
    issueBills,
  };
}

export type BillsFixture = Awaited<ReturnType<typeof setUpBills>>;
