import { encodeBytes32String, id, ZeroHash } from "ethers";

import { datasetId, ExchangeClient, hashScope, type ConsentInput } from "../../../sdk/index.js";
import { upgradeThroughDelay } from "../../helpers/upgrade.js";
import type { StaffedSuite } from "../../helpers/suite.js";
import type { MatrixCases } from "../types.js";

const code = encodeBytes32String;
const HOUSEHOLD = datasetId("PSB/household-register");
const INCOME = datasetId("TAX/income-records");
const PURPOSE = code("DEED_TAX");
const LEGAL = code("PRC-DEED-TAX-LAW-15");
const SCOPE = hashScope(["name"]);
/** The consent subject's key (no department role). */
const subjectOf = (s: StaffedSuite) => s.signers[18];

/**
 * The state every exchange row needs, created once per fixture snapshot (idempotent: it checks
 * the chain): request 1 pending, request 2 granted, request 3 (confidential) endorsed, consent 1.
 */
async function seeded(s: StaffedSuite) {
  const x = s.exchangeContract;
  if ((await x.requestCount()) === 0n) {
    const { PSB, TAX, COURT } = s.staff;
    await (
      await x.connect(PSB.officer).registerDataset(HOUSEHOLD, code("PSB"), id("s"), id("e"), 1, false, ZeroHash)
    ).wait();
    await (
      await x.connect(TAX.officer).registerDataset(INCOME, code("TAX"), id("s"), id("e"), 3, false, code("COURT"))
    ).wait();
    for (let i = 0; i < 2; i++) {
      await (
        await x.connect(TAX.officer).requestAccess(HOUSEHOLD, code("TAX"), PURPOSE, LEGAL, SCOPE, 86_400, 0)
      ).wait();
    }
    await (await x.connect(PSB.officer).approveRequest(2, ZeroHash, 0)).wait();
    await (await x.connect(PSB.officer).requestAccess(INCOME, code("PSB"), PURPOSE, LEGAL, SCOPE, 86_400, 0)).wait();
    await (await x.connect(TAX.admin).approveRequest(3, ZeroHash, 0)).wait();
    const block = await x.runner!.provider!.getBlock("latest");
    const signed = await clientOf(s, x).signConsent(subjectOf(s), {
      department: "PSB",
      subject: id("subject"),
      purpose: PURPOSE,
      dataset: HOUSEHOLD,
      signer: subjectOf(s).address,
      expiresAt: BigInt(block!.timestamp + 86_400),
    });
    await (
      await x.connect(PSB.officer).recordConsent(signed.terms, signed.nonce, signed.deadline, signed.signature)
    ).wait();
    void COURT;
  }
  return x;
}

function clientOf(s: StaffedSuite, x: StaffedSuite["exchangeContract"]) {
  return new ExchangeClient({ exchange: x.target as string, receiptLog: s.manifest.contracts.ReceiptLog }, x.runner!);
}

const officerError = (s: StaffedSuite) => ({
  contract: s.exchangeContract,
  error: "DepartmentGatedUnauthorizedOfficer",
});
const approverError = (s: StaffedSuite) => ({
  contract: s.exchangeContract,
  error: "DataExchangeUnauthorizedApprover",
});

export const exchangeCases: MatrixCases = {
  "DataExchange.registerDataset(bytes32,bytes32,bytes32,bytes32,uint8,bool,bytes32)": {
    allowed: (s) => s.staff.PSB.officer,
    call: async (s, signer) =>
      (await seeded(s)).connect(signer).registerDataset(id("new"), code("PSB"), id("s"), id("e"), 0, false, ZeroHash),
    deniedWith: officerError,
  },
  "DataExchange.updateDataset(bytes32,bytes32,bytes32)": {
    allowed: (s) => s.staff.PSB.officer,
    call: async (s, signer) => (await seeded(s)).connect(signer).updateDataset(HOUSEHOLD, id("s2"), id("e2")),
    deniedWith: officerError,
  },
  "DataExchange.reclassifyDataset(bytes32,uint8,bytes32)": {
    allowed: (s) => s.staff.PSB.admin,
    call: async (s, signer) => (await seeded(s)).connect(signer).reclassifyDataset(HOUSEHOLD, 2, ZeroHash),
    deniedWith: (s) => ({ contract: s.exchangeContract, error: "DataExchangeUnauthorizedAdmin" }),
  },
  "DataExchange.retireDataset(bytes32)": {
    allowed: (s) => s.staff.PSB.officer,
    call: async (s, signer) => (await seeded(s)).connect(signer).retireDataset(HOUSEHOLD),
    deniedWith: officerError,
  },
  "DataExchange.requestAccess(bytes32,bytes32,bytes32,bytes32,bytes32,uint40,uint256)": {
    allowed: (s) => s.staff.TAX.officer,
    call: async (s, signer) =>
      (await seeded(s)).connect(signer).requestAccess(HOUSEHOLD, code("TAX"), PURPOSE, LEGAL, SCOPE, 86_400, 0),
    deniedWith: officerError,
  },
  "DataExchange.approveRequest(uint256,bytes32,uint40)": {
    allowed: (s) => s.staff.PSB.officer,
    call: async (s, signer) => (await seeded(s)).connect(signer).approveRequest(1, ZeroHash, 0),
    deniedWith: approverError,
  },
  "DataExchange.countersignRequest(uint256)": {
    allowed: (s) => s.staff.COURT.admin,
    call: async (s, signer) => (await seeded(s)).connect(signer).countersignRequest(3),
    deniedWith: approverError,
  },
  "DataExchange.rejectRequest(uint256,bytes32)": {
    allowed: (s) => s.staff.PSB.officer,
    call: async (s, signer) => (await seeded(s)).connect(signer).rejectRequest(1, code("NO")),
    deniedWith: approverError,
  },
  "DataExchange.revokeGrant(uint256,bytes32)": {
    allowed: (s) => s.staff.PSB.officer,
    call: async (s, signer) => (await seeded(s)).connect(signer).revokeGrant(2, code("ENDED")),
    deniedWith: officerError,
  },
  "DataExchange.setGrantSubmitter(uint256,address)": {
    allowed: (s) => s.staff.TAX.officer,
    call: async (s, signer) => (await seeded(s)).connect(signer).setGrantSubmitter(2, s.signers[19].address),
    deniedWith: officerError,
  },
  "DataExchange.recordConsent((bytes32,bytes32,bytes32,bytes32,address,uint40),uint256,uint256,bytes)": {
    allowed: (s) => s.staff.PSB.officer,
    call: async (s, signer) => {
      const x = await seeded(s);
      const terms: ConsentInput = {
        department: "PSB",
        subject: id("c"),
        purpose: PURPOSE,
        signer: subjectOf(s).address,
        expiresAt: 2n ** 39n,
      };
      const signed = await clientOf(s, x).signConsent(subjectOf(s), terms);
      return x.connect(signer).recordConsent(signed.terms, signed.nonce, signed.deadline, signed.signature);
    },
    deniedWith: officerError,
  },
  // Anyone may relay, but only a signature by the consent's key revokes it: each caller signs its own.
  "DataExchange.revokeConsent(uint256,uint256,uint256,bytes)": {
    allowed: subjectOf,
    call: async (s, signer) => {
      const x = await seeded(s);
      const client = new ExchangeClient(
        { exchange: await x.getAddress(), receiptLog: s.manifest.contracts.ReceiptLog },
        signer,
      );
      const signed = await client.signConsentRevocation(signer, 1n, { nonce: await x.nonces(subjectOf(s).address) });
      return x.connect(signer).revokeConsent(signed.consentId, signed.nonce, signed.deadline, signed.signature);
    },
    deniedWith: (s) => ({ contract: s.exchangeContract, error: "DataExchangeInvalidSignature" }),
  },
  // The operator stands in for a deactivated owner (PSB here, deactivated first), and only then.
  "DataExchange.revokeGrantOfInactiveOwner(uint256,bytes32)": {
    allowed: (s) => s.operator,
    call: async (s, signer) => {
      const x = await seeded(s);
      if ((await s.directory.department(code("PSB"))).active) {
        await (await s.directory.connect(s.operator).setDepartmentActive(code("PSB"), false)).wait();
      }
      return x.connect(signer).revokeGrantOfInactiveOwner(2, code("OWNER_GONE"));
    },
  },
  "DataExchange.setReceiptLog(address)": {
    allowed: (s) => s.operator,
    call: (s, signer) => s.exchangeContract.connect(signer).setReceiptLog(s.manifest.contracts.ReceiptLog),
  },
  "DataExchange.upgradeToAndCall(address,bytes)": {
    allowed: (s) => s.operator,
    call: (s, signer) =>
      s.exchangeContract.connect(signer).upgradeToAndCall(s.manifest.contracts.DataExchange.implementation, "0x"),
    succeed: (s, connection) => upgradeThroughDelay(connection, s, s.exchangeContract, "DataExchange"),
  },
};
