/**
 * The main job: deploy the suite with Beijing's departments and run a day at the registry and
 * its partner agencies, printed as a report.
 *   npm run demo                         (the embedded in-process chain)
 *   npm run demo -- --network localhost  (a `npx hardhat node` you started; writes deployments/localhost.json)
 */
import { keccak256, parseEther, toUtf8Bytes, type Signer } from "ethers";
import { network } from "hardhat";

import { loadCityConfig } from "../config/city.js";
import {
  commitSubject,
  createDocument,
  applyDatasets,
  assertApplicable,
  disclose,
  GovChain,
  GovChainError,
  newReceiptSecret,
  receiptHashes,
  newSalt,
  planService,
  serviceDatasetId,
  subjectCommitment,
  type Title,
  type VerificationResult,
} from "../sdk/index.js";
import { fixedGasPrice } from "../cli/context.js";
import { deploySuite, writeManifest } from "./lib/deploy.js";
import { demoSigners, fundAccounts, participantProvider, staffDepartments } from "./lib/staff.js";
import { logisticsStory } from "./demo/logistics.js";
import { oneStopStory } from "./demo/one-stop.js";
import { smeFinanceStory } from "./demo/sme-finance.js";
import { estateStory } from "./demo/estate.js";
import { billsStory } from "./demo/bills.js";

const DAY = 24 * 3600;
const heading = (title: string) => console.log(`\n━━ ${title} ${"━".repeat(Math.max(0, 74 - title.length))}`);
const step = (text: string) => console.log(`  • ${text}`);
// The first failing check says why; later checks only report that they could not run.
const showVerification = (who: string, v: VerificationResult) =>
  step(`${who}: ${v.valid ? "VALID" : `NOT VALID: ${v.failures[0].check}: ${v.failures[0].reason}`}`);

const connection = await network.create();
const city = loadCityConfig();
// 19 staff accounts: two per department, reused in turn (the in-process chain has 20 accounts).
const { operator: deployer, staff: accounts } = await demoSigners(connection, 19).catch((error: unknown) => {
  // Too few accounts and no way to fund them: one clear line and a non-zero exit.
  if (!(error instanceof GovChainError)) throw error;
  console.error(`demo: ${error.message}`);
  process.exit(1);
});
// The first staff account administers SERVICE, the development council's one member.
const serviceAdmin = accounts[0];

heading(`govchain demo: ${city.city}, on network "${connection.networkName}"`);
// A persistent node restarted since the last run keeps its chain id: start its deployment afresh.
const manifest = await deploySuite(connection, city, {
  governance: "development",
  staff: { departments: { SERVICE: { admins: [serviceAdmin.address], officers: [] } } },
  staleJournal: "reset",
});
// Identifiers unique to this run, so the demo can run again on a persistent node.
const run = await connection.ethers.provider.getBlockNumber();
const manifestFile = writeManifest(manifest);
for (const [name, entry] of Object.entries(manifest.contracts)) {
  step(`${name.padEnd(20)} ${typeof entry === "string" ? entry : `${entry.proxy} (UUPS proxy)`}`);
}
step(`manifest: ${manifestFile}`);

const gov = await GovChain.connect(deployer, manifest, { agencySigner: { gasPrice: fixedGasPrice(connection) } });
// A verifier (a bank, an employer) holds no key: a provider is all it needs.
const verifier = await GovChain.connect(connection.ethers.provider, manifest);
const tryAs = async (label: string, action: () => Promise<unknown>) => {
  try {
    await action();
    step(`${label}: accepted`);
  } catch (error) {
    // Only the suite's own refusals count as refusals: anything else is a bug and stops the demo.
    if (!(error instanceof GovChainError)) throw error;
    step(`${label}: refused: ${error.shortMessage}`);
  }
};

heading("Governance: the council holds ADMIN, OPERATOR and UPGRADER; the deployer holds nothing");
const councilClient = gov.governance!;
const members = await councilClient.members();
step(
  `council members: ${members.map((m) => `${m.department} (weight ${m.weight})`).join(", ")} — the development ` +
    `council; a city deploy hands over to ${city.governance.council.members.map((m) => m.department).join(", ")}`,
);
await tryAs("the deployer registers a department", () =>
  gov.access.registerDepartment({ code: "ROGUE", name: "A department nobody approved", kind: "other" }),
);
const council = councilClient.connect(serviceAdmin);

heading("Departments: the council appoints admins, each admin appoints its officers");
const staff = await staffDepartments(
  gov.access,
  city.departments.map((d) => d.code),
  accounts,
  { governance: council, department: "SERVICE" },
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
await tryAs("the TAX admin appoints an officer for PSB", () =>
  gov.access.connect(staff.TAX.admin).grantOfficer("PSB", accounts[18].address),
);

heading("Real-estate registration: a flat in Chaoyang, its mortgage, a sale through four departments");
const property = gov.property;
if (property === undefined) throw new Error("this city file has no property register");
const registry = property.connect(staff.REGISTRY.officer);
const doc = (label: string) => keccak256(toUtf8Bytes(`document:${label}`));
// Owners are salted commitments to their ID numbers: the registry office keeps identifier and salt.
const owner = (idNumber: string) => subjectCommitment(idNumber, newSalt());
const li = owner("110105198001010016");
const wang = owner("110105198202020026");
const zhao = owner("110108199003030030");
const unitNumber = `110105003001GB00001F${String(10_001 + run).padStart(8, "0")}`;
const v1 = await (
  await registry.registerUnit({
    unitNumber,
    parcelRef: doc("parcel GB00001"),
    planningPermit: doc("planning permit 2019-0042"),
    usage: 1,
    area: 8_950n,
    documentHash: doc("first registration file"),
    title: {
      kind: "byShares",
      owners: [
        { commitment: li, share: 6_000 },
        { commitment: wang, share: 4_000 },
      ],
    },
  })
).wait();
step(
  `REGISTRY registered unit ${unitNumber}: title v1, Li 60 % / Wang 40 %, title certificate ${v1.certificate.slice(0, 18)}…`,
);
const icbc = property.connect(staff.BANK_ICBC.officer);
const application = await (
  await icbc.openMortgage({ unitNumber, bank: "BANK_ICBC", documentHash: doc("mortgage application, owners' consent") })
).wait();
step(`ICBC applied for a mortgage with Li's and Wang's signed consent: workflow case ${application.caseId}`);
await tryAs("ICBC registers the mortgage before the registrar decided", () =>
  icbc.executeMortgage({
    unitNumber,
    caseId: application.caseId,
    bank: "BANK_ICBC",
    documentHash: doc("mortgage contract"),
  }),
);
await (
  await gov.workflow
    .connect(staff.REGISTRY.officer)
    .approve(application.caseId, "REGISTRY", doc("REGISTRY checked the consent"))
).wait();
step("REGISTRY approved the mortgage application (the owners consented, the title is as applied for)");
const mortgage = await (
  await icbc.executeMortgage({
    unitNumber,
    caseId: application.caseId,
    bank: "BANK_ICBC",
    documentHash: doc("mortgage contract"),
  })
).wait();
const proof = await property.proofCertificate(unitNumber, mortgage.seq);
step(`ICBC registered the mortgage (encumbrance ${mortgage.seq}) and holds the certificate of other rights`);
await tryAs("CCB tries to release ICBC's mortgage", () =>
  property
    .connect(staff.BANK_CCB.officer)
    .release({ unitNumber, seq: mortgage.seq, department: "BANK_CCB", documentHash: doc("x") }),
);
const buyer: Title = { kind: "sole", owners: [{ commitment: zhao, share: 10_000 }] };
const sale = await (
  await registry.openTransfer({ unitNumber, kind: "sale", to: buyer, documentHash: doc("sale contract") })
).wait();
step(`REGISTRY opened the sale to Zhao as workflow case ${sale.caseId} (PROPERTY_SALE)`);
const saleType = await gov.workflow.caseType("PROPERTY_SALE");
for (const [n, stage] of saleType.stages.entries()) {
  for (const { code } of stage.departments) {
    await (
      await gov.workflow.connect(staff[code].officer as Signer).approve(sale.caseId, code, doc(`${code} clearance`))
    ).wait();
  }
  step(`stage ${n + 1}: ${stage.departments.map((d) => d.code).join(" + ")} approved`);
}
const blocked = await property.transferCheck(unitNumber, sale.caseId);
step(
  `can the flat be transferred now? ${blocked.transferable ? "yes" : `no: ${blocked.blockers.map((b) => b.message).join("; ")}`}`,
);
await tryAs("REGISTRY executes the sale anyway", () =>
  registry.executeTransfer({ unitNumber, caseId: sale.caseId, kind: "sale", to: buyer }),
);
await (
  await property
    .connect(staff.BANK_ICBC.officer)
    .release({ unitNumber, seq: mortgage.seq, department: "BANK_ICBC", documentHash: doc("loan repaid") })
).wait();
step("the loan is repaid: ICBC released its mortgage");
step(
  `ICBC's certificate of other rights after the release: ${await verifier.certificates.status({ certType: city.property!.proofCertificateType, certHash: proof })}`,
);
const v2 = await (await registry.executeTransfer({ unitNumber, caseId: sale.caseId, kind: "sale", to: buyer })).wait();
step(`the sale executed: title v${v2.version}, Zhao 100 %, new title certificate ${v2.certificate.slice(0, 18)}…`);
step(
  `old title certificate valid? ${await verifier.certificates.status({ certType: city.property!.titleCertificateType, certHash: v1.certificate })} · new one? ${await verifier.certificates.status({ certType: city.property!.titleCertificateType, certHash: v2.certificate })}`,
);
await (
  await property
    .connect(staff.COURT.officer)
    .addFreeze({ unitNumber, court: "COURT", courtOrder: doc("(2026) Jing 0105 Zhi 123") })
).wait();
step(`a court froze the flat: ${(await property.transferCheck(unitNumber)).blockers.map((b) => b.message).join("; ")}`);
const history = await property.history(unitNumber);
step("history rebuilt from events:");
console.table([
  ...history.titles.map((t) => ({
    what: `title v${t.version}`,
    cause: t.cause,
    detail: `${t.owners.length} owner(s)`,
    block: t.blockNumber,
  })),
  ...history.encumbrances.map((e) => ({
    what: `encumbrance ${e.seq}`,
    cause: e.kind,
    detail: `${e.holder}${e.released ? ", released" : ""}`,
    block: e.addedInBlock,
  })),
]);

heading("E-licence: MARKET issues a business licence; a bank verifies it; MARKET suspends it");
const now = (await connection.ethers.provider.getBlock("latest"))!.timestamp;
const company = commitSubject("91110108MA01XXXXXB"); // unified social credit code: only its salted commitment goes on chain
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
// The datasets are a service definition (services/data-sharing.json): each owner's officer applies it, and
// applying it again (a re-run on a persistent node) changes nothing.
for (const dataset of city.datasets ?? []) {
  const definition = { service: "CITY_DATASETS", name: "the city's datasets", datasets: [dataset] };
  const plan = assertApplicable(await planService(gov, definition));
  await applyDatasets(await GovChain.connect(staff[dataset.owner].officer, manifest, { concurrent: false }), plan);
  step(
    `${dataset.owner} ${plan.changes.length === 0 ? "has" : "registered"} dataset ${dataset.owner}/${dataset.name} ` +
      `(${dataset.classification}) from its service definition: schema and endpoint as hashes only`,
  );
}
const households = serviceDatasetId({ owner: "PSB", name: "household-register" });
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
// Receipts carry keyed hashes (HMAC under the grant's key, derived from TAX's own secret): nobody
// without the key can test a guessed unit number or ID number against the chain.
const taxReceiptSecret = newReceiptSecret();
const grantKey = await tax.grantReceiptKey(taxReceiptSecret, outcome.grantId);
await (
  await tax.recordAccess(outcome.grantId, grantKey, {
    query: { unit: "110108001001GB00001F00010001" },
    response: { household: "response-1" },
  })
).wait();
await (
  await tax.recordReceiptBatch(
    outcome.grantId,
    [1, 2, 3].map((n) => receiptHashes(grantKey, { query: { batch: n }, response: { household: `batch-${n}` } })),
  )
).wait();
step("TAX recorded one access receipt, then a batch of three under one Merkle root");
await tryAs("HOUSING records a receipt under TAX's grant", () =>
  gov.exchange
    .connect(staff.HOUSING.officer)
    .recordAccess(outcome.grantId, grantKey, { query: { unit: "any" }, response: {} }),
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

await logisticsStory({ connection, funder: deployer, gov, staff, heading, step, run });
await oneStopStory({ gov, staff, heading, step });
await estateStory({
  gov,
  provider: participantProvider(connection),
  fund: (keys) => fundAccounts(connection, deployer, keys, parseEther("1")),
  staff,
  heading,
  step,
  tryAs,
});
await smeFinanceStory({ city, gov, verifier, staff, agent: accounts[18], run, heading, step });
await billsStory({ connection, gov, verifier, staff, deployer, heading, step });
