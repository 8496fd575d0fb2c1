import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { encodeBytes32String, id } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { ExchangeClient, subjectCommitment } from "../../../sdk/index.js";
import { OneStopServices__factory, UnemploymentBenefits__factory } from "../../../typechain-types/index.js";
import { EMPLOYMENT, INSURANCE, person, PURPOSE } from "../../onestop/fixture.js";
import type { StaffedSuite } from "../../helpers/suite.js";
import { upgradeThroughDelay } from "../../helpers/upgrade.js";
import type { MatrixCases } from "../types.js";

const code = (s: string) => encodeBytes32String(s);
const ESTABLISHMENT = code("ENTERPRISE_ESTABLISHMENT");
const enterprise = subjectCommitment("matrix enterprise", id("salt matrix enterprise"));

// The default accounts 0-17 are the operator, the stranger and helpers/suite.ts's staff: the district window
// and the district office take accounts 18 and 19 (each its department's admin and officer).
const windowOf = (s: StaffedSuite) => s.signers[18];
const districtOf = (s: StaffedSuite) => s.signers[19];

async function contracts(s: StaffedSuite, connection: NetworkConnection) {
  const c = s.manifest.contracts;
  return {
    oneStop: await connection.ethers.getContractAt("OneStopServices", c.OneStopServices!.proxy),
    benefits: await connection.ethers.getContractAt("UnemploymentBenefits", c.UnemploymentBenefits!.proxy),
  };
}

/** Appoints `account` admin and officer of `dept` unless it is already (idempotent: cases call it every time). */
async function appoint(s: StaffedSuite, dept: string, account: HardhatEthersSigner) {
  if (await s.access.isOfficer(dept, account.address)) return;
  await (await s.access.grantDepartmentAdmin(dept, account.address)).wait();
  await (await s.access.connect(account).grantOfficer(dept, account.address)).wait();
}

/** An establishment application the window opened (approved by the four departments if `approve`). */
async function application(s: StaffedSuite, connection: NetworkConnection, approve: boolean): Promise<bigint> {
  await appoint(s, "HAIDIAN_SERVICE", windowOf(s));
  const { oneStop } = await contracts(s, connection);
  await (await oneStop.connect(windowOf(s)).openApplication(ESTABLISHMENT, enterprise, id("articles"))).wait();
  const caseId = await s.workflow.caseCount();
  if (approve) {
    await appoint(s, "HRSS", s.signers[19]);
    for (const [dept, officer] of [
      ["MARKET", s.staff.MARKET.officer],
      ["TAX", s.staff.TAX.officer],
      ["PSB", s.staff.PSB.officer],
      ["HRSS", s.signers[19]],
    ] as const) {
      await (await s.workflow.connect(officer).approve(caseId, code(dept), id(`${dept} ok`))).wait();
    }
  }
  return caseId;
}

/** The last application of the suite, opened (and returned by PSB) if there is none yet in that state. */
async function returnedApplication(s: StaffedSuite, connection: NetworkConnection): Promise<bigint> {
  const last = await s.workflow.caseCount();
  if (last > 0n && (await s.workflow.caseStatus(last)) === 2n) return last;
  const caseId = await application(s, connection, false);
  await (await s.workflow.connect(s.staff.PSB.officer).returnCase(caseId, code("PSB"), "seal?", id("r"))).wait();
  return caseId;
}

/** HRSS's two datasets and a consented grant of each to Haidian (requests 1 and 2 of a fresh suite: reused). */
async function evidence(s: StaffedSuite, connection: NetworkConnection) {
  const who = await person(connection, "matrix beneficiary");
  if (await live(s, 2n)) {
    return { grants: [1n, 2n], who };
  }
  const hrss = s.signers[18];
  const district = districtOf(s);
  await appoint(s, "HRSS", hrss);
  await appoint(s, "HAIDIAN_HRSS", district);
  const exchange = new ExchangeClient(
    { exchange: s.manifest.contracts.DataExchange.proxy, receiptLog: s.manifest.contracts.ReceiptLog },
    hrss,
  );
  for (const dataset of [EMPLOYMENT, INSURANCE]) {
    await (
      await exchange.registerDataset({
        id: dataset,
        owner: "HRSS",
        schemaHash: id("schema"),
        endpointHash: id("endpoint"),
        classification: "internal",
        personal: true,
      })
    ).wait();
  }
  const latest = await connection.ethers.provider.getBlock("latest");
  const signed = await exchange.signConsent(who.key, {
    department: "HAIDIAN_HRSS",
    subject: who.commitment,
    purpose: PURPOSE,
    signer: who.key.address,
    expiresAt: BigInt(latest!.timestamp) + 86_400n * 30n,
  });
  const { consentId } = await (await exchange.connect(district).recordConsent(signed)).wait();
  const grants: bigint[] = [];
  for (const dataset of [EMPLOYMENT, INSURANCE]) {
    const { requestId } = await (
      await exchange.connect(district).requestAccess({
        dataset,
        requester: "HAIDIAN_HRSS",
        purpose: PURPOSE,
        legalBasis: "UNEMPLOYMENT",
        scope: ["employer"],
        durationSeconds: 86_400,
        consentId,
      })
    ).wait();
    await (await exchange.approveRequest(requestId)).wait();
    grants.push(requestId);
  }
  return { grants, who };
}

async function live(s: StaffedSuite, grantId: bigint): Promise<boolean> {
  try {
    return await s.exchangeContract.isGrantLive(grantId);
  } catch {
    return false;
  }
}

/** A Haidian claim in `state`, opened by the district on the evidence above; the last case is reused when it fits. */
async function claim(
  s: StaffedSuite,
  connection: NetworkConnection,
  state: "open" | "returned" | "approved",
): Promise<bigint> {
  const { benefits } = await contracts(s, connection);
  const last = await s.workflow.caseCount();
  const wanted = { open: 1n, returned: 2n, approved: 3n }[state];
  if (last > 0n && (await s.workflow.caseStatus(last)) === wanted) {
    const stored = await benefits.claimOf(last).catch(() => undefined);
    if (stored !== undefined) return last;
  }
  const { grants, who } = await evidence(s, connection);
  const district = districtOf(s);
  await (
    await benefits
      .connect(district)
      .openClaim(code("HAIDIAN_HRSS"), who.commitment, grants[0], grants[1], 202612, 3, id("claim"))
  ).wait();
  const caseId = await s.workflow.caseCount();
  if (state === "approved") {
    await (await s.workflow.connect(district).approve(caseId, code("HAIDIAN_HRSS"), id("ok"))).wait();
  }
  if (state === "returned") {
    await (await s.workflow.connect(district).returnCase(caseId, code("HAIDIAN_HRSS"), "papers?", id("r"))).wait();
  }
  return caseId;
}

const oneStopAt = (s: StaffedSuite) =>
  OneStopServices__factory.connect(s.manifest.contracts.OneStopServices!.proxy, s.operator);
const benefitsAt = (s: StaffedSuite) =>
  UnemploymentBenefits__factory.connect(s.manifest.contracts.UnemploymentBenefits!.proxy, s.operator);
const windowOfficer = {
  allowed: windowOf,
  deniedWith: (s: StaffedSuite) => ({ contract: oneStopAt(s), error: "DepartmentGatedUnauthorizedOfficer" }),
  deactivated: { department: "HAIDIAN_SERVICE" },
};
const districtOfficer = {
  allowed: districtOf,
  deniedWith: (s: StaffedSuite) => ({ contract: benefitsAt(s), error: "DepartmentGatedUnauthorizedOfficer" }),
  deactivated: { department: "HAIDIAN_HRSS" },
};

export const oneStopCases: MatrixCases = {
  "OneStopServices.openApplication(bytes32,bytes32,bytes32)": {
    ...windowOfficer,
    call: async (s, signer) => {
      await appoint(s, "HAIDIAN_SERVICE", windowOf(s));
      return oneStopAt(s).connect(signer).openApplication(ESTABLISHMENT, enterprise, id("articles"));
    },
  },
  "OneStopServices.completeApplication(uint256)": {
    ...windowOfficer,
    call: async (s, signer, c) => {
      const last = await s.workflow.caseCount();
      const caseId = last > 0n && (await s.workflow.caseStatus(last)) === 3n ? last : await application(s, c, true);
      return oneStopAt(s).connect(signer).completeApplication(caseId);
    },
  },
  "OneStopServices.resubmitApplication(uint256,bytes32)": {
    ...windowOfficer,
    call: async (s, signer, c) =>
      oneStopAt(s)
        .connect(signer)
        .resubmitApplication(await returnedApplication(s, c), id("more")),
  },
  "OneStopServices.withdrawApplication(uint256,string)": {
    ...windowOfficer,
    call: async (s, signer, c) =>
      oneStopAt(s)
        .connect(signer)
        .withdrawApplication(await returnedApplication(s, c), "withdrawn"),
  },
  "OneStopServices.defineBundle(bytes32,bytes32,bytes32[],uint64)": {
    allowed: (s) => s.operator,
    call: (s, signer) =>
      oneStopAt(s)
        .connect(signer)
        .defineBundle(code("NEW_BUNDLE"), code("HAIDIAN_SERVICE"), [code("HIGH_TECH_ENTERPRISE")], 0),
  },
  "OneStopServices.upgradeToAndCall(address,bytes)": {
    allowed: (s) => s.operator,
    call: (s, signer) =>
      oneStopAt(s).connect(signer).upgradeToAndCall(s.manifest.contracts.OneStopServices!.implementation, "0x"),
    succeed: (s, c) => upgradeThroughDelay(c, s, oneStopAt(s), "OneStopServices"),
  },
  "UnemploymentBenefits.openClaim(bytes32,bytes32,uint256,uint256,uint32,uint16,bytes32)": {
    ...districtOfficer,
    call: async (s, signer, c) => {
      const { grants, who } = await evidence(s, c);
      return benefitsAt(s)
        .connect(signer)
        .openClaim(code("HAIDIAN_HRSS"), who.commitment, grants[0], grants[1], 202612, 3, id("claim"));
    },
  },
  "UnemploymentBenefits.resubmitClaim(uint256,bytes32)": {
    ...districtOfficer,
    call: async (s, signer, c) =>
      benefitsAt(s)
        .connect(signer)
        .resubmitClaim(await claim(s, c, "returned"), id("more")),
  },
  "UnemploymentBenefits.withdrawClaim(uint256,string)": {
    ...districtOfficer,
    call: async (s, signer, c) =>
      benefitsAt(s)
        .connect(signer)
        .withdrawClaim(await claim(s, c, "open"), "withdrawn"),
  },
  "UnemploymentBenefits.recordPayment(uint256,bytes32,uint32,uint64,bytes32)": {
    ...districtOfficer,
    call: async (s, signer, c) =>
      benefitsAt(s)
        .connect(signer)
        .recordPayment(await claim(s, c, "approved"), code("HAIDIAN_HRSS"), 202612, 187_000n, id("pay")),
  },
  "UnemploymentBenefits.setDistrict(bytes32,bytes32)": {
    allowed: (s) => s.operator,
    call: (s, signer) => benefitsAt(s).connect(signer).setDistrict(code("XICHENG_HRSS"), code("UNEMPLOYMENT_XICHENG")),
  },
  "UnemploymentBenefits.setPayer(bytes32,bool)": {
    allowed: (s) => s.operator,
    call: (s, signer) => benefitsAt(s).connect(signer).setPayer(code("HRSS"), true),
  },
  "UnemploymentBenefits.setEvidenceDatasets(bytes32,bytes32)": {
    allowed: (s) => s.operator,
    call: (s, signer) => benefitsAt(s).connect(signer).setEvidenceDatasets(EMPLOYMENT, INSURANCE),
  },
  "UnemploymentBenefits.upgradeToAndCall(address,bytes)": {
    allowed: (s) => s.operator,
    call: (s, signer) =>
      benefitsAt(s).connect(signer).upgradeToAndCall(s.manifest.contracts.UnemploymentBenefits!.implementation, "0x"),
    succeed: (s, c) => upgradeThroughDelay(c, s, benefitsAt(s), "UnemploymentBenefits"),
  },
};
