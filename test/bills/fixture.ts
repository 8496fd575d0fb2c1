import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { encodeBytes32String, FunctionFragment, id, parseEther, type Signer, Wallet } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { PLATFORM_ROLES, permissionsByRole, type SuiteContract } from "../../config/permissions.js";
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
 * The staffed suite plus the e-bills contracts: AccreditedIssuance (authorised issuer of E_INVOICE and FISCAL_BILL)
 * and BillReimbursement, behind UUPS proxies with the permissions table applied, wired to a participant registry
 * where TAX owns INVOICE_ISSUER, FINANCE owns FISCAL_BILL_ISSUER and REIMBURSER. Participants (a hospital, a shop,
 * an employer, an insurer) are fresh funded accounts. FINANCE is staffed with signers[18] (admin and officer).
 */
export async function deployBills(connection: NetworkConnection) {
  return setUpBills(connection, await deployStaffedSuite(connection));
}

/** {@link deployBills} on a suite already deployed (the bench's). */
export async function setUpBills(connection: NetworkConnection, suite: StaffedSuite) {
  const { ethers } = connection;
  const { manager, directory, operator, signers, access, certificateRegistry } = suite;
  const finance = signers[18];
  await (await access.grantDepartmentAdmin("FINANCE", finance.address)).wait();
  await (await access.connect(finance).grantOfficer("FINANCE", finance.address)).wait();

  const participants = await ethers.deployContract("ParticipantRegistryMock", [await directory.getAddress()]);
  await (await participants.defineRole(INVOICE_ISSUER, b32("TAX"))).wait();
  await (await participants.defineRole(FISCAL_BILL_ISSUER, b32("FINANCE"))).wait();
  await (await participants.defineRole(REIMBURSER, b32("FINANCE"))).wait();
  for (const [type, department] of [
    [INVOICE, "TAX"],
    [FISCAL_BILL, "FINANCE"],
  ] as const) {
    await (await certificateRegistry.registerType(type, b32(department), 0, false, false, true)).wait();
  }

  const args = [
    await manager.getAddress(),
    await directory.getAddress(),
    await certificateRegistry.getAddress(),
    await participants.getAddress(),
  ] as const;
  const proxied = async (name: SuiteContract, init: string) => {
    const implementation = await ethers.deployContract(name);
    const proxy = await ethers.deployContract("ERC1967Proxy", [await implementation.getAddress(), init]);
    const address = await proxy.getAddress();
    for (const [role, sigs] of permissionsByRole(name)) {
      const selectors = sigs.map((s) => FunctionFragment.from(s).selector);
      await (await manager.setTargetFunctionRole(address, selectors, PLATFORM_ROLES[role])).wait();
    }
    return address;
  };
  const issuance = AccreditedIssuance__factory.connect(
    await proxied(
      "AccreditedIssuance",
      AccreditedIssuance__factory.createInterface().encodeFunctionData("initialize", [...args]),
    ),
    operator,
  );
  const reimbursement = BillReimbursement__factory.connect(
    await proxied(
      "BillReimbursement",
      BillReimbursement__factory.createInterface().encodeFunctionData("initialize", [...args]),
    ),
    operator,
  );
  for (const [type, role] of [
    [INVOICE, INVOICE_ISSUER],
    [FISCAL_BILL, FISCAL_BILL_ISSUER],
  ] as const) {
    await (await certificateRegistry.setIssuerAuthorised(type, await issuance.getAddress(), true)).wait();
    await (await issuance.setIssuerRole(type, role)).wait();
    await (await reimbursement.setBillType(type, REIMBURSER)).wait();
  }

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
    (await participants.accredit(role, account.address, validFrom, validUntil, "test")).wait();
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
    issueBills,
  };
}

export type BillsFixture = Awaited<ReturnType<typeof setUpBills>>;
