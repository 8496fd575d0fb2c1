import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { encodeBytes32String as code, id, Wallet, ZeroHash } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { datasetId, ExchangeClient } from "../../../sdk/index.js";
import type { StaffedSuite } from "../../helpers/suite.js";
import { upgradeThroughDelay } from "../../helpers/upgrade.js";
import { IParticipantRegistry__factory, LenderAccess__factory } from "../../../typechain-types/index.js";
import type { DeactivatedCase, MatrixCases } from "../types.js";

/** Keys of no department: FINREG's official (admin and officer), the lender FINREG accredits, the enterprise. */
const key = (s: StaffedSuite, label: string) =>
  new Wallet(id(`govchain matrix lender: ${label}`), s.operator.provider!);
const lender = (s: StaffedSuite) => key(s, "lender") as unknown as HardhatEthersSigner;
const gatewayOf = (s: StaffedSuite) =>
  LenderAccess__factory.connect(
    (s.manifest.contracts as unknown as Record<string, { proxy: string }>).LenderAccess.proxy,
    s.operator,
  );
const DATASET = datasetId("TAX/tax-standing");
const ENTERPRISE = id("enterprise commitment (matrix lender)");

/** FINREG staffed (its official; the contract as the desk's officer), the lender accredited, TAX's dataset listed. */
async function ready(s: StaffedSuite, connection: NetworkConnection) {
  const official = key(s, "finreg");
  const gateway = gatewayOf(s);
  const role = code("LENDER");
  for (const w of [official, key(s, "lender"), key(s, "enterprise")]) {
    await connection.networkHelpers.setBalance(w.address, 10n ** 20n);
  }
  if (!(await s.access.isOfficer("FINREG", official.address))) {
    await (await s.access.grantDepartmentAdmin("FINREG", official.address)).wait();
    await (await s.access.connect(official).grantOfficer("FINREG", official.address)).wait();
    await (await s.access.connect(official).grantOfficer("FINREG", await gateway.getAddress())).wait();
  }
  if (!(await s.participantRegistry.isAccredited(role, key(s, "lender").address))) {
    await (
      await s.participantRegistry.connect(official).accredit(role, key(s, "lender").address, 0, 0, "micro-lender")
    ).wait();
  }
  // The exchange's view reverts for an unknown dataset: list it once.
  const listed = await s.exchangeContract.dataset(DATASET).then(
    () => true,
    () => false,
  );
  if (!listed) {
    await (
      await s.exchangeContract
        .connect(s.staff.TAX.officer)
        .registerDataset(DATASET, code("TAX"), id("schema"), id("endpoint"), 1, true, ZeroHash)
    ).wait();
  }
  return gateway;
}

/** The enterprise's consent to the lender, signed (fresh nonce each time). */
async function consentTerms(s: StaffedSuite, connection: NetworkConnection) {
  const gateway = await ready(s, connection);
  const block = await s.operator.provider!.getBlock("latest");
  return new ExchangeClient(
    { exchange: s.manifest.contracts.DataExchange.proxy, receiptLog: s.manifest.contracts.ReceiptLog },
    s.operator,
  ).signConsent(key(s, "enterprise"), {
    department: "FINREG",
    subject: ENTERPRISE,
    purpose: await gateway.purposeOf(key(s, "lender").address),
    signer: key(s, "enterprise").address,
    expiresAt: BigInt(block!.timestamp + 30 * 86_400),
  });
}

/** A consent recorded by the lender; resolves to its id. */
async function consented(s: StaffedSuite, connection: NetworkConnection) {
  const signed = await consentTerms(s, connection);
  const gateway = gatewayOf(s).connect(key(s, "lender"));
  const receipt = await (
    await gateway.recordConsent(signed.terms, signed.nonce, signed.deadline, signed.signature)
  ).wait();
  const event = receipt!.logs
    .map((l) => gateway.interface.parseLog(l))
    .find((p) => p?.name === "LenderConsentRecorded");
  return event!.args.consentId as bigint;
}

/** The lender's grant of TAX's dataset, approved by TAX; resolves to its id. */
async function granted(s: StaffedSuite, connection: NetworkConnection) {
  const consentId = await consented(s, connection);
  const gateway = gatewayOf(s).connect(key(s, "lender"));
  await (await gateway.requestAccess(DATASET, id("fields"), 86_400, consentId)).wait();
  const grantId = await s.exchangeContract.requestCount();
  await (await s.exchangeContract.connect(s.staff.TAX.officer).approveRequest(grantId, ZeroHash, 0)).wait();
  return grantId;
}

const notAccredited = (s: StaffedSuite) => ({
  contract: IParticipantRegistry__factory.connect(s.participantRegistry.target as string, s.operator),
  error: "ParticipantRegistryNotAccredited",
});
/** FINREG deactivated: the lender's accreditation (FINREG's) stops counting. */
const finregDeactivated: DeactivatedCase = {
  department: "FINREG",
  deniedWith: (s) => ({ ...notAccredited(s), args: [] }),
};

export const lenderCases: MatrixCases = {
  "LenderAccess.recordConsent((bytes32,bytes32,bytes32,bytes32,address,uint40),uint256,uint256,bytes)": {
    allowed: lender,
    call: async (s, signer, connection) => {
      const signed = await consentTerms(s, connection);
      return gatewayOf(s).connect(signer).recordConsent(signed.terms, signed.nonce, signed.deadline, signed.signature);
    },
    deniedWith: notAccredited,
    deactivated: finregDeactivated,
  },
  "LenderAccess.requestAccess(bytes32,bytes32,uint40,uint256)": {
    allowed: lender,
    call: async (s, signer, connection) => {
      const consentId = await consented(s, connection);
      return gatewayOf(s).connect(signer).requestAccess(DATASET, id("fields"), 86_400, consentId);
    },
    deniedWith: notAccredited,
    deactivated: finregDeactivated,
  },
  "LenderAccess.recordReceipt(uint256,bytes32,bytes32)": {
    allowed: lender,
    call: async (s, signer, connection) =>
      gatewayOf(s)
        .connect(signer)
        .recordReceipt(await granted(s, connection), id("q"), id("r")),
    deniedWith: notAccredited,
    deactivated: finregDeactivated,
  },
  "LenderAccess.upgradeToAndCall(address,bytes)": {
    allowed: (s) => s.operator,
    call: (s, signer) =>
      gatewayOf(s)
        .connect(signer)
        .upgradeToAndCall(
          (s.manifest.contracts as unknown as Record<string, { implementation: string }>).LenderAccess.implementation,
          "0x",
        ),
    succeed: async (s, connection) => {
      await upgradeThroughDelay(connection, s, gatewayOf(s), "LenderAccess");
    },
  },
};
