import { encodeBytes32String, id, ZeroHash } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { datasetId, hashScope } from "../../sdk/index.js";
import { deployStaffedSuite } from "../helpers/suite.js";

export const code = encodeBytes32String;
export const DAY = 86_400;

/** The catalogue the exchange tests share: one dataset per classification, and a personal one. */
export const DS = {
  /** PLANNING's zoning plans: public. */
  zoning: datasetId("PLANNING/zoning-plans"),
  /** PSB's household register: internal. */
  household: datasetId("PSB/household-register"),
  /** HOUSING's sales contracts: restricted (owner's department admin approves). */
  contracts: datasetId("HOUSING/sales-contracts"),
  /** TAX's income records: confidential (TAX admin endorses, COURT admin countersigns). */
  income: datasetId("TAX/income-records"),
  /** PSB's identity records: personal data, requests need consent. */
  identity: datasetId("PSB/identity"),
} as const;

export const PURPOSE = code("DEED_TAX");
export const LEGAL = code("PRC-DEED-TAX-LAW-15");
export const SCOPE = hashScope(["name", "address", "household"]);

/** Enum indexes of the contract's Classification. */
export const CLS = { public: 0, internal: 1, restricted: 2, confidential: 3 } as const;

/** The staffed suite with the catalogue above registered through the SDK. */
export async function deployExchange(connection: NetworkConnection) {
  const suite = await deployStaffedSuite(connection);
  const { exchange, staff } = suite;
  const entries = [
    { id: DS.zoning, owner: "PLANNING", classification: "public" as const },
    { id: DS.household, owner: "PSB", classification: "internal" as const },
    { id: DS.contracts, owner: "HOUSING", classification: "restricted" as const },
    { id: DS.income, owner: "TAX", classification: "confidential" as const, cosigner: "COURT" },
    { id: DS.identity, owner: "PSB", classification: "internal" as const, personal: true },
  ];
  for (const entry of entries) {
    const officer = staff[entry.owner as keyof typeof staff].officer;
    await (
      await exchange.connect(officer).registerDataset({
        ...entry,
        schemaHash: id(`${entry.owner} schema`),
        endpointHash: id(`https://${entry.owner.toLowerCase()}.gov.example/api`),
      })
    ).wait();
  }
  return { ...suite, ZeroHash };
}

export type ExchangeSuite = Awaited<ReturnType<typeof deployExchange>>;
