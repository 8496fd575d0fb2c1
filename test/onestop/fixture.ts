import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { dataSlice, encodeBytes32String, getAddress, id, Wallet } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { BenefitsClient, datasetId, OneStopClient, subjectCommitment } from "../../sdk/index.js";
import { deployStaffedSuite, type StaffedSuite } from "../helpers/suite.js";

export const code = encodeBytes32String;
export const doc = (label: string) => id(`document: ${label}`);

/** The departments the one-stop services add to the staffed suite (helpers/suite.ts staffs the others). */
export const ONE_STOP_STAFFED = [
  "HRSS",
  "SCITECH",
  "FINANCE",
  "HAIDIAN_SERVICE",
  "HAIDIAN_HRSS",
  "CHAOYANG_HRSS",
] as const;
export type OneStopDepartment = (typeof ONE_STOP_STAFFED)[number];

export const EMPLOYMENT = datasetId("HRSS/employment-records");
export const INSURANCE = datasetId("HRSS/social-insurance-records");
export const PURPOSE = "UNEMPLOYMENT";

/** A funded account of its own for `label` (the default 20 accounts are taken by the staffed suite). */
export async function accountFor(connection: NetworkConnection, label: string): Promise<HardhatEthersSigner> {
  const address = getAddress(dataSlice(id(`govchain onestop account ${label}`), 12));
  await connection.networkHelpers.impersonateAccount(address);
  await connection.networkHelpers.setBalance(address, 10n ** 21n);
  return connection.ethers.getSigner(address);
}

/**
 * Appoints an admin and an officer in each of `codes` (accounts of their own), unless already appointed:
 * idempotent, so a matrix case can call it before every call it makes.
 */
export async function staffOneStop(
  s: StaffedSuite,
  connection: NetworkConnection,
  codes: readonly string[] = ONE_STOP_STAFFED,
) {
  const staff: Record<string, { admin: HardhatEthersSigner; officer: HardhatEthersSigner }> = {};
  for (const dept of codes) {
    const admin = await accountFor(connection, `${dept} admin`);
    const officer = await accountFor(connection, `${dept} officer`);
    if (!(await s.access.isDepartmentAdmin(dept, admin.address))) {
      await (await s.access.grantDepartmentAdmin(dept, admin.address)).wait();
    }
    if (!(await s.access.isOfficer(dept, officer.address))) {
      await (await s.access.connect(admin).grantOfficer(dept, officer.address)).wait();
    }
    staff[dept] = { admin, officer };
  }
  return staff as Record<OneStopDepartment, { admin: HardhatEthersSigner; officer: HardhatEthersSigner }>;
}

/** The staffed suite with the one-stop departments staffed and HRSS's two personal datasets in the catalogue. */
export async function deployOneStop(connection: NetworkConnection) {
  return withOneStop(await deployStaffedSuite(connection), connection);
}

/** {@link deployOneStop} on a suite already deployed (the bench deploys its own). */
export async function withOneStop(s: StaffedSuite, connection: NetworkConnection) {
  const district = await staffOneStop(s, connection);
  const c = s.manifest.contracts;
  const oneStopContract = await connection.ethers.getContractAt("OneStopServices", c.OneStopServices!.proxy);
  const benefitsContract = await connection.ethers.getContractAt("UnemploymentBenefits", c.UnemploymentBenefits!.proxy);
  const oneStop = new OneStopClient(c.OneStopServices!.proxy, district.HAIDIAN_SERVICE.officer);
  const benefits = new BenefitsClient(c.UnemploymentBenefits!.proxy, district.HAIDIAN_HRSS.officer);
  for (const [dataset, label] of [
    [EMPLOYMENT, "employment"],
    [INSURANCE, "insurance"],
  ] as const) {
    await (
      await s.exchange.connect(district.HRSS.officer).registerDataset({
        id: dataset,
        owner: "HRSS",
        schemaHash: id(`${label} schema`),
        endpointHash: id(`https://hrss.beijing.gov.example/${label}`),
        classification: "internal",
        personal: true,
      })
    ).wait();
  }
  return { ...s, district, oneStop, oneStopContract, benefits, benefitsContract };
}

export type OneStopSuite = Awaited<ReturnType<typeof deployOneStop>>;

/**
 * A beneficiary: their own key (a local wallet: it signs consents and revocations, never sends), and their salted
 * commitment (the only thing on chain).
 */
export async function person(connection: NetworkConnection, name: string) {
  const key = new Wallet(id(`govchain onestop person ${name}`), connection.ethers.provider);
  return { key, commitment: subjectCommitment(name, id(`salt ${name}`)) };
}

/**
 * The exchange side of a claim: the person consents to `districtCode` reading their HRSS records for the
 * unemployment purpose; the district requests both datasets on that consent, HRSS approves, and the district
 * records a receipt for each read. Resolves to the two grant ids.
 */
export async function evidence(
  s: OneStopSuite,
  who: Awaited<ReturnType<typeof person>>,
  districtCode: "HAIDIAN_HRSS" | "CHAOYANG_HRSS" = "HAIDIAN_HRSS",
): Promise<{ employmentGrant: bigint; insuranceGrant: bigint; consentId: bigint }> {
  const officer = s.district[districtCode].officer;
  const latest = await s.operator.provider!.getBlock("latest");
  const signed = await s.exchange.signConsent(who.key, {
    department: districtCode,
    subject: who.commitment,
    purpose: PURPOSE,
    signer: who.key.address,
    expiresAt: BigInt(latest!.timestamp) + 90n * 86_400n,
  });
  const { consentId } = await (await s.exchange.connect(officer).recordConsent(signed)).wait();
  const grants: bigint[] = [];
  for (const dataset of [EMPLOYMENT, INSURANCE]) {
    const { requestId } = await (
      await s.exchange.connect(officer).requestAccess({
        dataset,
        requester: districtCode,
        purpose: PURPOSE,
        legalBasis: "UNEMPLOYMENT-INSURANCE-REG-17",
        scope: ["employer", "termination", "contributions"],
        durationSeconds: 30 * 86_400,
        consentId,
      })
    ).wait();
    await (await s.exchange.connect(s.district.HRSS.officer).approveRequest(requestId)).wait();
    await (await s.receiptLog.connect(officer).recordReceipt(requestId, id("query"), id("response"))).wait();
    grants.push(requestId);
  }
  return { employmentGrant: grants[0], insuranceGrant: grants[1], consentId };
}
