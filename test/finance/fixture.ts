import { encodeBytes32String, id, Wallet, ZeroHash, type Signer } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { loadCityConfig } from "../../config/city.js";
import { staffDepartments } from "../../scripts/lib/staff.js";
import {
  creditCodeCheckChar,
  datasetId,
  enterpriseCommitment,
  ExchangeClient,
  FinanceClient,
  newSalt,
} from "../../sdk/index.js";
import { deployStaffedSuite } from "../helpers/suite.js";

export const code = encodeBytes32String;
/** A well-formed unified social credit code (check character computed, as a real one would carry). */
export const CREDIT_CODE = "91110108MA01ABCD1" + creditCodeCheckChar("91110108MA01ABCD1");

/**
 * The suite with Beijing's departments, plus the finance parties: BANK_CCB, HRSS and CITYMGMT staffed with fresh
 * funded keys, one enterprise whose identity credential MARKET issued (its representative's key is a plain key
 * that never sends a transaction: it only signs), and an agent with a funded key.
 */
export async function deployFinanceSuite(connection: NetworkConnection) {
  const s = await deployStaffedSuite(connection);
  const city = loadCityConfig();
  const provider = connection.ethers.provider;
  const fresh = async () => {
    const w = Wallet.createRandom().connect(provider);
    await (await s.operator.sendTransaction({ to: w.address, value: 10n ** 20n })).wait();
    return w;
  };
  const extra = [];
  for (let i = 0; i < 8; i++) extra.push(await fresh());
  const more = (await staffDepartments(s.access, ["BANK_CCB", "HRSS", "CITYMGMT", "FINREG"], extra)) as Record<
    "BANK_CCB" | "HRSS" | "CITYMGMT" | "FINREG",
    { admin: Wallet; officer: Wallet }
  >;
  const representative = Wallet.createRandom();
  const agent = s.signers[18];
  const salt = newSalt();
  const enterprise = enterpriseCommitment(CREDIT_CODE, salt);
  const credential = id("business licence 91110108MA01ABCD1X / e-identity v1");
  const addresses = {
    mandates: s.manifest.contracts.EnterpriseMandates!.proxy,
    lending: s.manifest.contracts.LendingRegistry!.proxy,
  };
  const finance = new FinanceClient(addresses, s.stranger, { fromBlock: s.manifest.deploymentBlock });
  await (
    await finance.connectAs(s.staff.MARKET.officer).bindEnterprise(enterprise, credential, representative.address)
  ).wait();
  const mandates = await connection.ethers.getContractAt("EnterpriseMandates", addresses.mandates);
  const lending = await connection.ethers.getContractAt("LendingRegistry", addresses.lending);
  const exchangeAddresses = {
    exchange: s.manifest.contracts.DataExchange.proxy,
    receiptLog: s.manifest.contracts.ReceiptLog,
  };
  return {
    ...s,
    city,
    more,
    fresh,
    representative,
    agent,
    salt,
    enterprise,
    credential,
    finance,
    mandates,
    lending,
    exchangeAddresses,
  };
}

export type FinanceSuite = Awaited<ReturnType<typeof deployFinanceSuite>>;

/** Registers a personal dataset `name` owned by `owner` (an officer of it signs). */
export async function registerDataset(s: FinanceSuite, name: string, officer: Signer, owner: string) {
  await (
    await s.exchangeContract
      .connect(officer)
      .registerDataset(datasetId(name), code(owner), id(`${name} schema`), id(`${name} endpoint`), 1, true, ZeroHash)
  ).wait();
  return datasetId(name);
}

/**
 * The enterprise's consent to `department` for `purpose` (any dataset of it), signed by its representative key
 * and recorded by an officer of that department; returns the consent id.
 */
export async function recordEnterpriseConsent(
  s: FinanceSuite,
  department: string,
  officer: Signer,
  purpose: string,
  expiresAt: bigint,
) {
  const client = new ExchangeClient(s.exchangeAddresses, officer);
  const signed = await client.signConsent(s.representative, {
    department,
    subject: s.enterprise,
    purpose: code(purpose),
    signer: s.representative.address,
    expiresAt,
  });
  const receipt = await (
    await s.exchangeContract
      .connect(officer)
      .recordConsent(signed.terms, signed.nonce, signed.deadline, signed.signature)
  ).wait();
  const event = receipt!.logs
    .map((l) => s.exchangeContract.interface.parseLog(l))
    .find((p) => p?.name === "ConsentRecorded");
  return event!.args.consentId as bigint;
}

/** A department requests `dataset` with `consentId`, the owner's officer approves: returns the grant id. */
export async function grantWithConsent(
  s: FinanceSuite,
  dataset: string,
  requester: string,
  requesterOfficer: Signer,
  ownerOfficer: Signer,
  purpose: string,
  consentId: bigint,
  duration = 30n * 86_400n,
) {
  const x = s.exchangeContract;
  await (
    await x
      .connect(requesterOfficer)
      .requestAccess(
        dataset,
        code(requester),
        code(purpose),
        code("ENTERPRISE_CONSENT"),
        id("standing fields"),
        duration,
        consentId,
      )
  ).wait();
  const grantId = await x.requestCount();
  await (await x.connect(ownerOfficer).approveRequest(grantId, ZeroHash, 0)).wait();
  return grantId;
}
