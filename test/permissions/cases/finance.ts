import { id } from "ethers";

import { FinanceClient } from "../../../sdk/index.js";
import { upgradeThroughDelay } from "../../helpers/upgrade.js";
import type { StaffedSuite } from "../../helpers/suite.js";
import type { MatrixCases } from "../types.js";
import { encodeBytes32String as code } from "ethers";

const ENTERPRISE = id("enterprise commitment (matrix)");
const RECEIVABLE = id("receivable (matrix)");
/** The representative's key (bound by MARKET) and the agent's key: no department role. */
const repOf = (s: StaffedSuite) => s.signers[19];
const agentOf = (s: StaffedSuite) => s.signers[18];

function clients(s: StaffedSuite) {
  const addresses = {
    mandates: s.manifest.contracts.EnterpriseMandates!.proxy,
    lending: s.manifest.contracts.LendingRegistry!.proxy,
  };
  const finance = new FinanceClient(addresses, s.operator);
  return { finance, mandates: finance.contract, lending: finance.lending! };
}

/** Enterprise bound, mandate 1 to the agent, loan 1 (receivable, active), loan 2 closed with a legal basis. */
async function seeded(s: StaffedSuite) {
  const { finance, mandates, lending } = clients(s);
  if ((await mandates.mandateCount()) === 0n) {
    await (
      await mandates.connect(s.staff.MARKET.officer).bindEnterprise(ENTERPRISE, id("cred"), repOf(s).address, 0)
    ).wait();
    const block = await s.operator.provider!.getBlock("latest");
    const m = await finance.signMandate(repOf(s), {
      enterprise: ENTERPRISE,
      mandateHash: id("mandate 1"),
      agent: agentOf(s).address,
      scope: 1n,
      bank: "BANK_ICBC",
      expiresAt: BigInt(block!.timestamp + 86_400),
    });
    await (await mandates.grantMandate(m.terms, m.nonce, m.deadline, m.signature)).wait();
    for (const [i, collateral] of [RECEIVABLE, id("other receivable")].entries()) {
      const l = await finance.signLoan(repOf(s), {
        enterprise: ENTERPRISE,
        lender: "BANK_ICBC",
        contractHash: id(`loan ${i}`),
        amountBand: 1,
        termMonths: 12,
        collateralKind: "receivable",
        collateral,
      });
      await (
        await lending.connect(s.staff.BANK_ICBC.officer).recordLoan(l.terms, l.nonce, l.deadline, l.signature)
      ).wait();
    }
    await (await lending.connect(s.staff.BANK_ICBC.officer).closeLoan(2, id("outcome"))).wait();
    await (await lending.connect(s.staff.COURT.officer).recordLegalBasis(ENTERPRISE, id("ruling"))).wait();
  }
  return { finance, mandates, lending };
}

const mandatesError = (error: string) => (s: StaffedSuite) => ({ contract: clients(s).mandates, error });
const lendingError = (error: string) => (s: StaffedSuite) => ({ contract: clients(s).lending, error });

export const financeCases: MatrixCases = {
  "EnterpriseMandates.bindEnterprise(bytes32,bytes32,address,uint64)": {
    allowed: (s) => s.staff.MARKET.officer,
    call: async (s, signer) =>
      (await seeded(s)).mandates.connect(signer).bindEnterprise(id("new enterprise"), id("c"), repOf(s).address, 0),
    deniedWith: mandatesError("DepartmentGatedUnauthorizedOfficer"),
  },
  "EnterpriseMandates.revokeEnterprise(bytes32,uint16)": {
    allowed: (s) => s.staff.MARKET.officer,
    call: async (s, signer) => (await seeded(s)).mandates.connect(signer).revokeEnterprise(ENTERPRISE, 1),
    deniedWith: mandatesError("DepartmentGatedUnauthorizedOfficer"),
  },
  // Anyone relays; the signer must be the representative: each caller signs as itself, only the representative's passes.
  "EnterpriseMandates.grantMandate((bytes32,bytes32,address,uint64,bytes32,uint40),uint256,uint256,bytes)": {
    allowed: repOf,
    call: async (s, signer) => {
      const { finance, mandates } = await seeded(s);
      const block = await s.operator.provider!.getBlock("latest");
      const m = await finance.signMandate(
        signer,
        {
          enterprise: ENTERPRISE,
          mandateHash: id("mandate 2"),
          agent: agentOf(s).address,
          scope: 1n,
          expiresAt: BigInt(block!.timestamp + 3600),
        },
        { nonce: await mandates.nonces(repOf(s).address) },
      );
      return mandates.connect(signer).grantMandate(m.terms, m.nonce, m.deadline, m.signature);
    },
    deniedWith: mandatesError("EnterpriseMandatesInvalidSignature"),
  },
  "EnterpriseMandates.revokeMandate(uint256,uint256,uint256,bytes)": {
    allowed: repOf,
    call: async (s, signer) => {
      const { finance, mandates } = await seeded(s);
      const r = await finance.signMandateRevocation(signer, 1n, { nonce: await mandates.nonces(repOf(s).address) });
      return mandates.connect(signer).revokeMandate(1, r.nonce, r.deadline, r.signature);
    },
    deniedWith: mandatesError("EnterpriseMandatesInvalidSignature"),
  },
  "EnterpriseMandates.revokeMandateByMarket(uint256,bytes32)": {
    allowed: (s) => s.staff.MARKET.officer,
    call: async (s, signer) => (await seeded(s)).mandates.connect(signer).revokeMandateByMarket(1, code("ORDER")),
    deniedWith: mandatesError("DepartmentGatedUnauthorizedOfficer"),
  },
  "EnterpriseMandates.actFor(uint256,bytes32,uint64,bytes32)": {
    allowed: agentOf,
    call: async (s, signer) => (await seeded(s)).mandates.connect(signer).actFor(1, code("BANK_ICBC"), 1, id("form")),
    deniedWith: mandatesError("EnterpriseMandatesNotAgent"),
  },
  "EnterpriseMandates.upgradeToAndCall(address,bytes)": {
    allowed: (s) => s.operator,
    call: async (s, signer) =>
      clients(s)
        .mandates.connect(signer)
        .upgradeToAndCall(s.manifest.contracts.EnterpriseMandates!.implementation, "0x"),
    succeed: async (s, connection) => {
      await upgradeThroughDelay(connection, s, clients(s).mandates, "EnterpriseMandates");
    },
  },
  "LendingRegistry.recordLoan((bytes32,bytes32,bytes32,uint8,uint16,uint8,bytes32),uint256,uint256,bytes)": {
    allowed: (s) => s.staff.BANK_ICBC.officer,
    call: async (s, signer) => {
      const { finance, lending } = await seeded(s);
      const l = await finance.signLoan(repOf(s), {
        enterprise: ENTERPRISE,
        lender: "BANK_ICBC",
        contractHash: id("loan 3"),
        amountBand: 1,
        termMonths: 6,
        collateralKind: "none",
      });
      return lending.connect(signer).recordLoan(l.terms, l.nonce, l.deadline, l.signature);
    },
    deniedWith: lendingError("DepartmentGatedUnauthorizedOfficer"),
  },
  "LendingRegistry.pledge(uint256,bytes32)": {
    allowed: (s) => s.staff.BANK_ICBC.officer,
    call: async (s, signer) => (await seeded(s)).lending.connect(signer).pledge(1, RECEIVABLE),
    deniedWith: lendingError("DepartmentGatedUnauthorizedOfficer"),
  },
  "LendingRegistry.closeLoan(uint256,bytes32)": {
    allowed: (s) => s.staff.BANK_ICBC.officer,
    call: async (s, signer) => (await seeded(s)).lending.connect(signer).closeLoan(1, id("repaid")),
    deniedWith: lendingError("DepartmentGatedUnauthorizedOfficer"),
  },
  "LendingRegistry.recordLegalBasis(bytes32,bytes32)": {
    allowed: (s) => s.staff.COURT.officer,
    call: async (s, signer) => (await seeded(s)).lending.connect(signer).recordLegalBasis(ENTERPRISE, id("statute")),
    deniedWith: lendingError("DepartmentGatedUnauthorizedOfficer"),
  },
  "LendingRegistry.discloseOutcome(uint256,bytes32,uint256,bytes32)": {
    allowed: (s) => s.staff.BANK_ICBC.officer,
    call: async (s, signer) =>
      (await seeded(s)).lending.connect(signer).discloseOutcome(2, code("BANK_CCB"), 0, id("ruling")),
    deniedWith: lendingError("DepartmentGatedUnauthorizedOfficer"),
  },
  "LendingRegistry.upgradeToAndCall(address,bytes)": {
    allowed: (s) => s.operator,
    call: async (s, signer) =>
      clients(s).lending.connect(signer).upgradeToAndCall(s.manifest.contracts.LendingRegistry!.implementation, "0x"),
    succeed: async (s, connection) => {
      await upgradeThroughDelay(connection, s, clients(s).lending, "LendingRegistry");
    },
  },
};
