/**
 * The main job: deploy the suite with Beijing's departments and run a day at the registry and
 * its partner agencies, printed as a report.
 *   npm run demo                         (the embedded in-process chain)
 *   npm run demo -- --network localhost  (a `npx hardhat node` you started; writes deployments/localhost.json)
 */
import { id, keccak256, toUtf8Bytes } from "ethers";
import { network } from "hardhat";

import { loadCityConfig } from "../config/city.js";
import {
  commitSubject,
  createDocument,
  datasetId,
  disclose,
  GovChain,
  GovChainError,
  hashJson,
  type VerificationResult,
} from "../sdk/index.js";
import { deploySuite, writeManifest } from "./lib/deploy.js";
import { staffDepartments } from "./lib/staff.js";

const DAY = 24 * 3600;
const heading = (title: string) => console.log(`\n━━ ${title} ${"━".repeat(Math.max(0, 74 - title.length))}`);
const step = (text: string) => console.log(`  • ${text}`);
// The first failing check says why; later checks only report that they could not run.
const showVerification = (who: string, v: VerificationResult) =>
  step(`${who}: ${v.valid ? "VALID" : `NOT VALID: ${v.failures[0].check}: ${v.failures[0].reason}`}`);

const connection = await network.create();
const city = loadCityConfig();
const [operator, ...accounts] = await connection.ethers.getSigners();

heading(`govchain demo: ${city.city}, on network "${connection.networkName}"`);
const manifest = await deploySuite(connection, city);
const manifestFile = writeManifest(manifest);
for (const [name, entry] of Object.entries(manifest.contracts)) {
  step(`${name.padEnd(20)} ${typeof entry === "string" ? entry : `${entry.proxy} (UUPS proxy)`}`);
}
step(`manifest: ${manifestFile}`);

const gov = await GovChain.connect(operator, manifest);
// A verifier (a bank, an employer) holds no key: a provider is all it needs.
const verifier = await GovChain.connect(connection.ethers.provider, manifest);

heading("Departments: the operator appoints admins, each admin appoints its officers");
const staff = await staffDepartments(
  gov.access,
  city.departments.map((d) => d.code),
  accounts,
);
const departments = await gov.access.departments();
console.table(
  departments.map((d) => ({
    code: d.code,
    kind: d.kind,
    officer: staff[d.code].officer.address.slice(0, 10),
    name: d.name,
  })),
);
const tryAs = async (label: string, action: () => Promise<unknown>) => {
  try {
    await action();
    step(`${label}: accepted`);
  } catch (error) {
    step(`${label}: refused: ${error instanceof GovChainError ? error.shortMessage : String(error)}`);
  }
};
await tryAs("the TAX admin appoints an officer for PSB", () =>
  gov.access.connect(staff.TAX.admin).grantOfficer("PSB", accounts[18].address),
);

heading("E-licence: MARKET issues a business licence; a bank verifies it; MARKET suspends it");
const now = (await connection.ethers.provider.getBlock("latest"))!.timestamp;
const company = commitSubject("91110108MA01XXXXXX"); // unified social credit code: only its salted commitment goes on chain
const licence = createDocument({
  certType: "BUSINESS_LICENCE",
  issuer: "MARKET",
  subject: company.commitment,
  validFrom: now,
  validUntil: now + 365 * DAY,
  fields: {
    companyName: "Beijing Example Technology Co., Ltd.",
    legalRepresentative: "Zhang San",
    registeredCapital: "10,000,000 CNY",
    businessScope: "software development; technical services",
  },
});
const issued = await (await gov.certificates.connect(staff.MARKET.officer).issue(licence)).wait();
step(`issued ${issued.proof.certHash} (fields stay off chain, salted)`);
showVerification("the bank verifies the full licence", await verifier.certificates.verify(issued));
const partial = disclose(issued, ["companyName"]);
showVerification("an employer sees only the company name", await verifier.certificates.verify(partial));
const tampered = {
  ...issued,
  fields: { ...issued.fields, registeredCapital: { ...issued.fields.registeredCapital, value: "99,000,000 CNY" } },
};
showVerification("someone alters the registered capital", await verifier.certificates.verify(tampered));
await tryAs("a TAX officer tries to suspend the licence", () =>
  gov.certificates.connect(staff.TAX.officer).suspend(issued),
);
await (await gov.certificates.connect(staff.MARKET.officer).suspend(issued, "investigation")).wait();
showVerification("after MARKET suspends it, the bank verifies again", await verifier.certificates.verify(issued));

heading("Data sharing: TAX asks PSB for household-register data to clear deed tax");
const households = datasetId("PSB/household-register");
await (
  await gov.exchange.connect(staff.PSB.officer).registerDataset({
    id: households,
    owner: "PSB",
    schemaHash: hashJson({ fields: ["name", "idNumber", "household", "address"] }),
    endpointHash: keccak256(toUtf8Bytes("https://psb.example.gov.cn/api/households")),
    classification: "internal",
  })
).wait();
step("PSB registered its household register (internal): schema and endpoint as hashes only");
const tax = gov.exchange.connect(staff.TAX.officer);
const { requestId } = await (
  await tax.requestAccess({
    dataset: households,
    requester: "TAX",
    purpose: "DEED_TAX",
    legalBasis: "PRC-DEED-TAX-LAW-15",
    scope: ["name", "household", "address"],
    durationSeconds: 30 * DAY,
  })
).wait();
step(`TAX requested fields name, household, address for 30 days (request ${requestId})`);
const outcome = await (
  await gov.exchange.connect(staff.PSB.officer).approveRequest(requestId, { scope: ["name", "household"] })
).wait();
if (outcome.status !== "approved") throw new Error(`unexpected approval outcome ${outcome.status}`);
step(`PSB approved a narrower scope (name, household): grant ${outcome.grantId}`);
step(`canAccess(TAX, households, DEED_TAX) = ${await verifier.exchange.canAccess("TAX", households, "DEED_TAX")}`);
await (
  await tax.recordReceipt(outcome.grantId, {
    queryHash: hashJson({ unit: "110108001001GB00001F00010001" }),
    responseHash: id("response-1"),
  })
).wait();
await (
  await tax.recordReceiptBatch(
    outcome.grantId,
    [1, 2, 3].map((n) => ({ queryHash: hashJson({ batch: n }), responseHash: id(`response-batch-${n}`) })),
  )
).wait();
step("TAX recorded one access receipt, then a batch of three under one Merkle root");
await tryAs("HOUSING records a receipt under TAX's grant", () =>
  gov.exchange
    .connect(staff.HOUSING.officer)
    .recordReceipt(outcome.grantId, { queryHash: id("q"), responseHash: id("r") }),
);
const trail = await verifier.exchange.auditTrail({ dataset: households });
step(`audit trail of the household register (${trail.length} entries):`);
console.table(
  trail.map((e) => ({
    block: e.blockNumber,
    kind: e.kind,
    grant: String(e.grantId),
    grantee: e.grantee,
    purpose: e.purpose,
    receipts: e.count,
    by: e.submitter.slice(0, 10),
  })),
);
