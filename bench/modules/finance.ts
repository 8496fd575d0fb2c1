import { encodeBytes32String, id, Wallet } from "ethers";

import {
  FinanceClient,
  mandateAction,
  mandateScope,
  newSalt,
  enterpriseCommitment,
  creditCodeCheckChar,
} from "../../sdk/index.js";
import { gasOf } from "../gas.js";
import type { ModuleBench } from "../types.js";

/**
 * Enterprise identity and SME finance: binding an enterprise, a mandate, an agent's act, a loan, and the pledge
 * hot path (`finance.pledge`, goal ≤ 60,000: a fresh slot for the receivable, the loan's two slots).
 */
export const financeBench: ModuleBench = async ({ connection, suite }) => {
  const { staff, manifest, stranger, signers } = suite;
  const gas: Record<string, number> = {};
  const addresses = {
    mandates: manifest.contracts.EnterpriseMandates!.proxy,
    lending: manifest.contracts.LendingRegistry!.proxy,
  };
  const finance = new FinanceClient(addresses, stranger);
  const mandates = finance.contract;
  const lending = finance.lending!;
  const representative = Wallet.createRandom();
  const agent = signers[18];
  const enterprise = enterpriseCommitment("91110108MA01ABCD1" + creditCodeCheckChar("91110108MA01ABCD1"), newSalt());
  gas["finance.bindEnterprise"] = await gasOf(
    mandates.connect(staff.MARKET.officer).bindEnterprise(enterprise, id("credential"), representative.address, 0),
  );
  const scopes = { OPEN_ACCOUNT: 0, BORROW: 1 };
  const block = await connection.ethers.provider.getBlock("latest");
  const signed = await finance.signMandate(representative, {
    enterprise,
    mandateHash: id("mandate"),
    agent: agent.address,
    scope: mandateScope(["OPEN_ACCOUNT"], scopes),
    bank: "BANK_ICBC",
    expiresAt: BigInt(block!.timestamp + 86_400),
  });
  gas["finance.grantMandate"] = await gasOf(
    mandates.grantMandate(signed.terms, signed.nonce, signed.deadline, signed.signature),
  );
  gas["finance.actFor"] = await gasOf(
    mandates
      .connect(agent)
      .actFor(1, encodeBytes32String("BANK_ICBC"), mandateAction("OPEN_ACCOUNT", scopes), id("form")),
  );
  const receivable = id("e-invoice 1");
  const loan = await finance.signLoan(representative, {
    enterprise,
    lender: "BANK_ICBC",
    contractHash: id("contract"),
    amountBand: 2,
    termMonths: 12,
    collateralKind: "receivable",
    collateral: receivable,
  });
  const icbc = lending.connect(staff.BANK_ICBC.officer);
  gas["finance.recordLoan"] = await gasOf(icbc.recordLoan(loan.terms, loan.nonce, loan.deadline, loan.signature));
  gas["finance.pledge"] = await gasOf(icbc.pledge(1, receivable));
  gas["finance.closeLoan"] = await gasOf(icbc.closeLoan(1, id("outcome")));
  return { gas };
};
