import { expect } from "chai";
import { decodeBytes32String, encodeBytes32String } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { InvalidStateError } from "../../sdk/index.js";
import { deployStaffedSuite, type StaffedSuite } from "../helpers/suite.js";
import { couple, doc, person, sole, unitNo } from "./fixture.js";

const SUPERSEDED = 5n;
const ACTIVE = 1n;
const TITLE = encodeBytes32String("PROPERTY_TITLE");
const PROOF = encodeBytes32String("PROPERTY_RIGHTS_CERT");

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

/** The Beijing departments a sale needs, in the stages the city file gives them. */
async function approveAll(s: StaffedSuite, caseId: bigint) {
  const view = await s.workflow.caseTypeOf((await s.workflow.getCase(caseId)).caseType);
  const stages = [...new Set(view.departments.map((d) => Number(d.stage)))].sort();
  for (const stage of stages) {
    for (const d of view.departments.filter((r) => Number(r.stage) === stage)) {
      const code = decodeBytes32String(d.department) as keyof StaffedSuite["staff"];
      const { officer, admin } = s.staff[code];
      await (await s.workflow.connect(officer).approve(caseId, d.department, doc(`${code} ok`))).wait();
      if (Number(d.quorum) > 1) {
        // A quorum of two (Beijing's gifts need two tax officers): the department admin, appointed officer
        // before the case was opened (see secondOfficers), signs as the second officer.
        await (await s.workflow.connect(admin).approve(caseId, d.department, doc(`${code} second`))).wait();
      }
    }
  }
}

/**
 * Appoints TAX's admin as a second TAX officer for the gifts' quorum of two. It must happen before a
 * case is opened: officers appointed later do not count towards its quorum (issue 11, promise 9).
 */
async function secondOfficers(s: StaffedSuite) {
  const { admin } = s.staff.TAX;
  if (!(await s.access.isOfficer("TAX", admin.address))) {
    await (await s.access.connect(admin).grantOfficer("TAX", admin.address)).wait();
  }
  return s;
}

describe("Property registration end to end (Beijing departments, real workflow and certificates)", function () {
  let connection: NetworkConnection;
  const suite = () => deployStaffedSuite(connection);
  const deployed = () => connection.networkHelpers.loadFixture(suite);
  before(async function () {
    connection = await network.create();
  });

  it("registers, mortgages, blocks and then runs a sale through the workflow, rotates certificates, and a court freeze blocks", async function () {
    const s = await secondOfficers(await deployed());
    const { property, certificateRegistry: certs, staff } = s;
    const unitNumber = unitNo(1);

    // 1. The registration centre registers the flat: Li 60 %, Wang 40 %.
    const v1 = await (
      await property.registerUnit({
        unitNumber,
        parcelRef: doc("parcel GB00001"),
        planningPermit: doc("planning permit 2019-0042"),
        usage: 1,
        area: 8_950n,
        documentHash: doc("first registration file"),
        title: couple("li", "wang", 6_000),
      })
    ).wait();
    expect(await certs.isValid(TITLE, v1.certificate)).to.equal(true);
    expect((await certs.certificate(TITLE, v1.certificate)).certType).to.equal(encodeBytes32String("PROPERTY_TITLE"));

    // 2. ICBC applies for its mortgage with the owners' signed consent: a PROPERTY_MORTGAGE case that the
    //    registration centre must approve. The bank cannot register it alone.
    const icbc = property.connect(staff.BANK_ICBC.officer);
    const application = await (
      await icbc.openMortgage({ unitNumber, bank: "BANK_ICBC", documentHash: doc("application, owners' consent") })
    ).wait();
    const mortgageType = await s.workflow.caseTypeOf(encodeBytes32String("PROPERTY_MORTGAGE"));
    expect(mortgageType.owner).to.equal(await s.propertyRegistry.getAddress());
    expect(mortgageType.departments.map((d) => decodeBytes32String(d.department))).to.include("REGISTRY");
    const alone = await rejection(
      icbc.executeMortgage({
        unitNumber,
        caseId: application.caseId,
        bank: "BANK_ICBC",
        documentHash: doc("mortgage contract"),
      }),
    );
    expect((alone as InvalidStateError).errorName).to.equal("WorkflowInvalidStatus");
    // The centre returns it (Wang's signature is missing); the bank resubmits through the registry.
    await (
      await s.workflow
        .connect(staff.REGISTRY.officer)
        .returnCase(application.caseId, encodeBytes32String("REGISTRY"), "co-owner consent missing", doc("note"))
    ).wait();
    await (await icbc.resubmitCase(application.caseId, doc("application with both owners' consent"))).wait();
    await approveAll(s, application.caseId);
    const mortgage = await (
      await icbc.executeMortgage({
        unitNumber,
        caseId: application.caseId,
        bank: "BANK_ICBC",
        documentHash: doc("mortgage contract"),
      })
    ).wait();
    const proof = await property.proofCertificate(unitNumber, mortgage.seq);
    expect(await certs.isValid(PROOF, proof)).to.equal(true);
    expect((await certs.certificate(PROOF, proof)).certType).to.equal(encodeBytes32String("PROPERTY_RIGHTS_CERT"));

    // 3. A sale to Zhao is opened as a PROPERTY_SALE case; PSB and HOUSING, then TAX approve it.
    const sale = await (
      await property.openTransfer({ unitNumber, kind: "sale", to: sole("zhao"), documentHash: doc("sale contract") })
    ).wait();
    const caseType = await s.workflow.caseTypeOf(encodeBytes32String("PROPERTY_SALE"));
    expect(caseType.owner).to.equal(await s.propertyRegistry.getAddress());
    expect(caseType.departments.map((d) => decodeBytes32String(d.department))).to.include.members([
      "PSB",
      "HOUSING",
      "TAX",
    ]);
    expect((await property.transferCheck(unitNumber, sale.caseId)).blockers.map((b) => b.reason)).to.deep.equal([
      "caseNotApproved",
      "mortgaged",
    ]);
    await approveAll(s, sale.caseId);

    // 4. Approved, but the unreleased mortgage blocks the transfer, and says so.
    const check = await property.transferCheck(unitNumber, sale.caseId);
    expect(check.transferable).to.equal(false);
    expect(check.blockers).to.have.length(1);
    expect(check.blockers[0]).to.include({ reason: "mortgaged", holder: "BANK_ICBC", seq: 1 });
    const blocked = await rejection(
      property.executeTransfer({ unitNumber, caseId: sale.caseId, kind: "sale", to: sole("zhao") }),
    );
    expect(blocked).to.be.instanceOf(InvalidStateError);
    expect((blocked as InvalidStateError).shortMessage).to.match(/mortgaged to BANK_ICBC/);
    expect((await property.unit(unitNumber)).titleVersion).to.equal(1);

    // 5. The loan is repaid: ICBC releases its mortgage.
    await (
      await property
        .connect(staff.BANK_ICBC.officer)
        .release({ unitNumber, seq: mortgage.seq, department: "BANK_ICBC", documentHash: doc("loan repaid") })
    ).wait();
    // No valid proof of a mortgage that no longer exists.
    expect(await certs.isValid(PROOF, proof)).to.equal(false);

    // 6. The sale executes: title version 2, its certificate valid, version 1's superseded by it.
    const v2 = await (
      await property.executeTransfer({ unitNumber, caseId: sale.caseId, kind: "sale", to: sole("zhao") })
    ).wait();
    expect(v2).to.include({ version: 2, cause: "sale", kind: "sole" });
    const oldCert = await certs.certificate(TITLE, v1.certificate);
    expect(oldCert.status).to.equal(SUPERSEDED);
    expect(oldCert.supersededBy).to.equal(v2.certificate);
    expect((await certs.certificate(TITLE, v2.certificate)).status).to.equal(ACTIVE);
    expect(await certs.isValid(TITLE, v1.certificate)).to.equal(false);
    expect(await certs.isValid(TITLE, v2.certificate)).to.equal(true);
    expect((await s.workflow.getCase(sale.caseId)).status).to.equal(7n); // Consumed

    // 7. Zhao gifts the flat to Qian; meanwhile a court freezes it: the approved gift is blocked.
    const gift = await (
      await property.openTransfer({ unitNumber, kind: "gift", to: sole("qian"), documentHash: doc("gift deed") })
    ).wait();
    await approveAll(s, gift.caseId);
    await (
      await property
        .connect(staff.COURT.officer)
        .addFreeze({ unitNumber, court: "COURT", courtOrder: doc("(2026) Jing 0105 Zhi 123") })
    ).wait();
    const frozen = await rejection(
      property.executeTransfer({ unitNumber, caseId: gift.caseId, kind: "gift", to: sole("qian") }),
    );
    expect((frozen as InvalidStateError).errorName).to.equal("PropertyRegistryUnitFrozen");
    expect((await property.transferCheck(unitNumber, gift.caseId)).blockers).to.deep.equal([
      {
        reason: "frozen",
        seq: 2,
        holder: "COURT",
        message: "frozen by COURT (encumbrance 2, freeze): no transfer until the court releases it",
      },
    ]);
    expect((await property.title(unitNumber)).owners).to.deep.equal([{ commitment: person("zhao"), share: 10_000 }]);
    expect(await certs.isValid(TITLE, v2.certificate)).to.equal(true);

    // 8. The court lifts the freeze; the gift goes through.
    await (
      await property
        .connect(staff.COURT.officer)
        .release({ unitNumber, seq: 2, department: "COURT", documentHash: doc("freeze lifted") })
    ).wait();
    const v3 = await (
      await property.executeTransfer({ unitNumber, caseId: gift.caseId, kind: "gift", to: sole("qian") })
    ).wait();

    // 9. The history rebuilt from events is exactly what happened.
    const history = await property.history(unitNumber);
    expect(history.registration).to.include({
      usage: 1,
      area: 8_950n,
      planningPermit: doc("planning permit 2019-0042"),
    });
    expect(
      history.titles.map((t) => ({ version: t.version, cause: t.cause, owners: t.owners, certificate: t.certificate })),
    ).to.deep.equal([
      { version: 1, cause: "initial", owners: v1.owners, certificate: v1.certificate },
      {
        version: 2,
        cause: "sale",
        owners: [{ commitment: person("zhao"), share: 10_000 }],
        certificate: v2.certificate,
      },
      {
        version: 3,
        cause: "gift",
        owners: [{ commitment: person("qian"), share: 10_000 }],
        certificate: v3.certificate,
      },
    ]);
    expect(
      history.encumbrances.map((e) => ({
        seq: e.seq,
        kind: e.kind,
        holder: e.holder,
        released: e.released?.documentHash,
      })),
    ).to.deep.equal([
      { seq: 1, kind: "mortgage", holder: "BANK_ICBC", released: doc("loan repaid") },
      { seq: 2, kind: "freeze", holder: "COURT", released: doc("freeze lifted") },
    ]);
    expect(history.mortgagesOpened.map((m) => [m.caseId, m.bank, m.titleVersion])).to.deep.equal([
      [application.caseId, "BANK_ICBC", 1],
    ]);
    expect(history.transfersOpened.map((t) => [t.caseId, t.kind, t.fromVersion])).to.deep.equal([
      [sale.caseId, "sale", 1],
      [gift.caseId, "gift", 2],
    ]);
    expect(await property.unitsOf(person("qian"))).to.deep.equal([unitNumber]);
    expect(await property.unitsOf(person("li"))).to.deep.equal([]);
    expect(await Promise.all(history.titles.map((t) => certs.isValid(TITLE, t.certificate)))).to.deep.equal([
      false,
      false,
      true,
    ]);
  });

  it("releases a deactivated bank's mortgage through a registrar case on the real workflow", async function () {
    const s = await secondOfficers(await deployed());
    const { property, staff } = s;
    const unitNumber = unitNo(2);
    await (
      await property.registerUnit({
        unitNumber,
        parcelRef: doc("parcel"),
        usage: 1,
        area: 7_000n,
        documentHash: doc("registration"),
        title: sole("sun"),
      })
    ).wait();
    const icbc = property.connect(staff.BANK_ICBC.officer);
    const { caseId } = await (
      await icbc.openMortgage({ unitNumber, bank: "BANK_ICBC", documentHash: doc("application") })
    ).wait();
    await approveAll(s, caseId);
    const { seq } = await (
      await icbc.executeMortgage({ unitNumber, caseId, bank: "BANK_ICBC", documentHash: doc("contract") })
    ).wait();
    await (await s.access.deactivateDepartment("BANK_ICBC")).wait();
    const release = await (await property.openRelease({ unitNumber, seq, documentHash: doc("bank closed") })).wait();
    expect((await s.workflow.getCase(release.caseId)).caseType).to.equal(encodeBytes32String("PROPERTY_RELEASE"));
    await approveAll(s, release.caseId);
    await (
      await property.executeRelease({ unitNumber, seq, caseId: release.caseId, documentHash: doc("deregistered") })
    ).wait();
    expect(await property.encumbrances(unitNumber)).to.deep.equal([]);
    expect(await s.certificateRegistry.isValid(PROOF, await property.proofCertificate(unitNumber, seq))).to.equal(
      false,
    );
  });

  it("registers every transfer case type with the registry as owner, as the city file names them", async function () {
    const s = await secondOfficers(await deployed());
    const registry = await s.propertyRegistry.getAddress();
    for (const [kind, id] of [
      [1, "PROPERTY_SALE"],
      [2, "PROPERTY_INHERITANCE"],
      [3, "PROPERTY_GIFT"],
      [4, "PROPERTY_COURT_ORDER"],
      [5, "PROPERTY_SALE_NEW_BUILD"],
    ] as const) {
      expect(await s.propertyRegistry.caseTypeFor(kind)).to.equal(encodeBytes32String(id));
      expect((await s.workflow.caseTypeOf(encodeBytes32String(id))).owner).to.equal(registry);
    }
    const encumbranceTypes = await s.property.encumbranceCaseTypes();
    expect(encumbranceTypes).to.deep.equal({ mortgage: "PROPERTY_MORTGAGE", release: "PROPERTY_RELEASE" });
    for (const id of ["PROPERTY_MORTGAGE", "PROPERTY_RELEASE"]) {
      expect((await s.workflow.caseTypeOf(encodeBytes32String(id))).owner).to.equal(registry);
    }
    const newBuild = await s.workflow.caseTypeOf(encodeBytes32String("PROPERTY_SALE_NEW_BUILD"));
    expect(newBuild.departments.map((d) => decodeBytes32String(d.department))).to.include("PLANNING");
  });
});
