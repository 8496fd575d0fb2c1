/**
 * The demo's one-stop story (docs/SERVICES.md): a company set up in Haidian in one application, a high-tech
 * certificate, and an unemployment benefit paid once a month. Called once at the end of scripts/demo.ts.
 */
import { id, Wallet, type Signer } from "ethers";

import { datasetId, GovChainError, newSalt, subjectCommitment, type GovChain } from "../../sdk/index.js";

export interface OneStopStoryContext {
  gov: GovChain;
  /** Each department's officer, by code. */
  staff: Record<string, { officer: Signer }>;
  heading: (title: string) => void;
  step: (text: string) => void;
}

const doc = (label: string) => id(`one-stop demo: ${label} ${Date.now()}`);

export async function oneStopStory({ gov, staff, heading, step }: OneStopStoryContext): Promise<void> {
  if (gov.oneStop === undefined || gov.benefits === undefined) return;
  const started = Date.now();
  const officer = (code: string) => staff[code].officer;
  const refused = async (label: string, action: () => Promise<unknown>) => {
    try {
      await (await (action() as Promise<{ wait: () => Promise<unknown> }>)).wait();
      step(`${label}: accepted`);
    } catch (error) {
      if (!(error instanceof GovChainError)) throw error;
      step(`${label}: refused: ${error.shortMessage}`);
    }
  };
  const approveAll = async (caseId: bigint, departments: string[]) => {
    for (const dept of departments) {
      await (await gov.workflow.connect(officer(dept)).approve(caseId, dept, doc(`${dept} decision`))).wait();
    }
  };

  heading("One-stop (Haidian): a company set up in one application, four certificates at once");
  const window = gov.oneStop.connect(officer("HAIDIAN_SERVICE"));
  const company = subjectCommitment("91110108MA01ABCDE1", newSalt());
  const { caseId } = await (
    await window.openApplication({
      caseType: "ENTERPRISE_ESTABLISHMENT",
      applicant: company,
      documentHash: doc("articles"),
    })
  ).wait();
  const pending = await gov.workflow.contract.pendingDepartments(caseId);
  step(`HAIDIAN_SERVICE opened case ${caseId}; reviewing in parallel: ${pending.length} departments`);
  await approveAll(caseId, ["PSB", "HRSS", "TAX", "MARKET"]);
  const done = await (await window.completeApplication(caseId)).wait();
  step(`completed in one transaction: ${done.certificates.map((c) => c.type).join(", ")}`);

  const { caseId: techCase } = await (
    await window.openApplication({ caseType: "HIGH_TECH_CERTIFICATION", applicant: company, documentHash: doc("R&D") })
  ).wait();
  await approveAll(techCase, ["SCITECH", "FINANCE", "TAX"]);
  const tech = await (await window.completeApplication(techCase)).wait();
  step(`SCITECH, FINANCE and TAX approved case ${techCase}: ${tech.certificates[0].type} issued (3 years)`);

  heading("Unemployment benefit: the district decides on exchanged records, pays once a month");
  const district = "HAIDIAN_HRSS";
  const hrss = gov.exchange.connect(officer("HRSS"));
  const datasets = [datasetId("HRSS/employment-records"), datasetId("HRSS/social-insurance-records")];
  for (const [i, dataset] of datasets.entries()) {
    const known = await hrss.dataset(dataset).then(
      () => true,
      () => false,
    );
    if (!known) {
      await (
        await hrss.registerDataset({
          id: dataset,
          owner: "HRSS",
          schemaHash: id(`schema ${i}`),
          endpointHash: id(`endpoint ${i}`),
          classification: "internal",
          personal: true,
        })
      ).wait();
    }
  }
  const citizen = Wallet.createRandom();
  const beneficiary = subjectCommitment("110108199001011234", newSalt());
  const exchange = gov.exchange.connect(officer(district));
  const latest = await gov.runner.provider!.getBlock("latest");
  const signed = await exchange.signConsent(citizen, {
    department: district,
    subject: beneficiary,
    purpose: "UNEMPLOYMENT",
    signer: citizen.address,
    expiresAt: BigInt(latest!.timestamp) + 90n * 86_400n,
  });
  const { consentId } = await (await exchange.recordConsent(signed)).wait();
  const grants: bigint[] = [];
  for (const dataset of datasets) {
    const { requestId } = await (
      await exchange.requestAccess({
        dataset,
        requester: district,
        purpose: "UNEMPLOYMENT",
        legalBasis: "UNEMPLOYMENT-INSURANCE-REG",
        scope: ["employer", "termination", "contributions"],
        durationSeconds: 30 * 86_400,
        consentId,
      })
    ).wait();
    await (await hrss.approveRequest(requestId)).wait();
    grants.push(requestId);
  }
  step(`the citizen consented (consent ${consentId}); HRSS granted the district grants ${grants.join(" and ")}`);
  const benefits = gov.benefits.connect(officer(district));
  const { caseId: claim } = await (
    await benefits.openClaim({
      district,
      beneficiary,
      employmentGrant: grants[0],
      insuranceGrant: grants[1],
      firstPeriod: 202612,
      months: 3,
      documentHash: doc("claim"),
    })
  ).wait();
  await approveAll(claim, [district]);
  step(`${district} opened and approved claim ${claim} (December 2026, three months)`);
  const payment = (dept: string, period: number) => () =>
    gov.benefits!.connect(officer(dept)).recordPayment({
      caseId: claim,
      department: dept,
      period,
      amountFen: 187_000n,
      paymentRef: doc(`payment ${period}`),
    });
  await refused(`${district} pays 202612`, payment(district, 202612));
  await refused("HRSS pays 202612 again", payment("HRSS", 202612));
  await refused("HRSS pays 202701", payment("HRSS", 202701));
  step(`one-stop story: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
