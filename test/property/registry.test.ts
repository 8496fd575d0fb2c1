import { expect } from "chai";
import { AbiCoder, id, keccak256, ZeroHash } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import {
  ConflictError,
  encodeUnitNumber,
  hashTitle,
  InvalidStateError,
  NotFoundError,
  toTitleTuple,
  UnauthorizedError,
  ValidationError,
} from "../../sdk/index.js";
import {
  b32,
  CASE_TYPES,
  couple,
  deployPropertyWithDoubles,
  doc,
  ENCUMBRANCE_CASE_TYPES,
  LAND_ONLY,
  person,
  PROOF_TYPE,
  register,
  sole,
  TITLE_TYPE,
  unitNo,
  type PropertyFixture,
} from "./fixture.js";

const APPROVED = 3;
const RETURNED = 2;
const OPEN = 1;
const WITHDRAWN = 5;

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

/** Expects an SDK call to fail with the typed error for the contract's custom error `errorName`. */
async function expectSdkError(promise: Promise<unknown>, errorName: string) {
  const error = await rejection(promise);
  expect((error as { errorName?: string }).errorName, String(error)).to.equal(errorName);
  return error;
}

const unitInput = (unitNumber: string, overrides: Record<string, unknown> = {}) => ({
  unit: encodeUnitNumber(unitNumber),
  parcelRef: doc("parcel"),
  planningPermit: doc("permit"),
  usage: 1,
  area: 8_950n,
  documentHash: doc("application"),
  ...overrides,
});

describe("PropertyRegistry", function () {
  let connection: NetworkConnection;
  const fixture = () => deployPropertyWithDoubles(connection);
  const deployed = () => connection.networkHelpers.loadFixture(fixture);
  before(async function () {
    connection = await network.create();
  });

  /** Registered unit 1 owned by Li and Wang by shares (60/40). */
  async function withUnit() {
    const f = await deployed();
    await register(f, unitNo(1), couple("li", "wang", 6_000));
    return f;
  }

  const bankSigner = (f: PropertyFixture, bank: string) => (bank === "BANK_ICBC" ? f.staff.BANK_ICBC.officer : f.ccb);

  /** The bank opens the application (owners' consent in the file), the registrar approves, the bank registers it. */
  async function mortgage(f: PropertyFixture, unitNumber = unitNo(1), bank = "BANK_ICBC", end?: number) {
    const property = f.property.connect(bankSigner(f, bank));
    const application = doc("mortgage application signed by the owners");
    const { caseId } = await (await property.openMortgage({ unitNumber, bank, end, documentHash: application })).wait();
    await (await f.workflow.approveBy(caseId, b32("REGISTRY"))).wait();
    return (
      await property.executeMortgage({ unitNumber, caseId, bank, end, documentHash: doc("mortgage contract") })
    ).wait();
  }

  async function freeze(f: PropertyFixture, unitNumber = unitNo(1), end?: number) {
    return (
      await f.property
        .connect(f.staff.COURT.officer)
        .addFreeze({ unitNumber, court: "COURT", end, courtOrder: doc("court order 2026-123") })
    ).wait();
  }

  async function openSale(f: PropertyFixture, to = sole("zhao")) {
    return (
      await f.property.openTransfer({ unitNumber: unitNo(1), kind: "sale", to, documentHash: doc("sale contract") })
    ).wait();
  }

  describe("registerUnit", function () {
    it("registers a unit with its first title and issues the title certificate", async function () {
      const f = await deployed();
      const title = await register(f, unitNo(1), couple("li", "wang", 6_000));
      expect(title.version).to.equal(1);
      expect(title.cause).to.equal("initial");
      expect(title.kind).to.equal("byShares");
      expect(title.owners.map((o) => o.share).reduce((a, b) => a + b)).to.equal(10_000);

      const unit = await f.property.unit(unitNo(1));
      expect(unit).to.include({ titleVersion: 1, ownershipKind: "byShares", ownerCount: 2, usage: 1, area: 8_950n });
      expect(unit.certificate).to.equal(title.certificate);
      expect(await f.certificates.isValid(TITLE_TYPE, title.certificate)).to.equal(true);
      const cert = await f.certificates.certificates(title.certificate);
      expect(cert.certType).to.equal(b32("PROPERTY_TITLE"));
      expect(cert.subject).to.equal(unit.titleHash);

      const current = await f.property.title(unitNo(1));
      expect(current.owners).to.have.deep.members([
        { commitment: person("li"), share: 6_000 },
        { commitment: person("wang"), share: 4_000 },
      ]);
    });

    it("registers land without fixtures", async function () {
      const f = await deployed();
      await register(f, LAND_ONLY, sole("village"));
      expect(await f.property.exists(LAND_ONLY)).to.equal(true);
    });

    it("refuses a duplicate unit, leaving the first title unchanged", async function () {
      const f = await withUnit();
      const before = await f.property.unit(unitNo(1));
      const error = await rejection(register(f, unitNo(1), sole("mallory")));
      expect(error).to.be.instanceOf(ConflictError);
      expect((error as ConflictError).errorName).to.equal("PropertyRegistryUnitExists");
      expect(await f.property.unit(unitNo(1))).to.deep.equal(before);
    });

    it("refuses malformed titles with custom errors (contract) and ValidationError (SDK)", async function () {
      const f = await deployed();
      const r = f.registry.connect(f.staff.REGISTRY.officer);
      const [a, b] = [person("a"), person("b")].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
      const input = unitInput(unitNo(2));
      const cases: [unknown, string][] = [
        [{ kind: 2, owners: [a, b], shares: [5_000, 4_999] }, "PropertyRegistrySharesDoNotSum"],
        [{ kind: 2, owners: [a, b], shares: [10_000, 0] }, "PropertyRegistryZeroShare"],
        [{ kind: 2, owners: [ZeroHash, b], shares: [5_000, 5_000] }, "PropertyRegistryZeroOwner"],
        [{ kind: 2, owners: [b, a], shares: [5_000, 5_000] }, "PropertyRegistryOwnersNotSorted"],
        [{ kind: 2, owners: [a, a], shares: [5_000, 5_000] }, "PropertyRegistryOwnersNotSorted"],
        [{ kind: 0, owners: [a, b], shares: [5_000, 5_000] }, "PropertyRegistryOwnershipKindMismatch"],
        [{ kind: 1, owners: [a], shares: [10_000] }, "PropertyRegistryOwnershipKindMismatch"],
        [{ kind: 2, owners: [a, b], shares: [10_000] }, "PropertyRegistryLengthMismatch"],
        [{ kind: 2, owners: [], shares: [] }, "PropertyRegistryInvalidOwnerCount"],
      ];
      for (const [title, error] of cases) {
        await expect(r.registerUnit(input, title as never), error).to.be.revertedWithCustomError(f.registry, error);
      }
      const many = Array.from({ length: 33 }, (_, i) => BigInt(i + 1));
      const shares = many.map((_, i) => (i === 0 ? 10_000 - 32 * 300 : 300));
      await expect(
        r.registerUnit(input, { kind: 2, owners: many.map((n) => `0x${n.toString(16).padStart(64, "0")}`), shares }),
      )
        .to.be.revertedWithCustomError(f.registry, "PropertyRegistryInvalidOwnerCount")
        .withArgs(33, 32);
      expect(await f.registry.exists(input.unit)).to.equal(false);

      // The SDK refuses the same before sending.
      const sdkCases = [
        {
          kind: "byShares" as const,
          owners: [
            { commitment: a, share: 5_000 },
            { commitment: b, share: 4_999 },
          ],
        },
        {
          kind: "byShares" as const,
          owners: [
            { commitment: a, share: 5_000 },
            { commitment: a, share: 5_000 },
          ],
        },
        { kind: "sole" as const, owners: [{ commitment: ZeroHash, share: 10_000 }] },
        {
          kind: "byShares" as const,
          owners: many.map((n) => ({ commitment: `0x${n.toString(16).padStart(64, "0")}`, share: 300 })),
        },
      ];
      for (const title of sdkCases) expect(() => toTitleTuple(title)).to.throw(ValidationError);
    });

    it("refuses malformed unit numbers and a zero area", async function () {
      const f = await deployed();
      const r = f.registry.connect(f.staff.REGISTRY.officer);
      const title = toTitleTuple(sole("li"));
      for (const bad of [ZeroHash, b32("SHORT"), `0x${"41".repeat(29)}${"00".repeat(3)}`]) {
        await expect(r.registerUnit(unitInput(unitNo(1), { unit: bad }), title))
          .to.be.revertedWithCustomError(f.registry, "PropertyRegistryInvalidUnitNumber")
          .withArgs(bad);
      }
      await expect(r.registerUnit(unitInput(unitNo(1), { area: 0 }), title)).to.be.revertedWithCustomError(
        f.registry,
        "PropertyRegistryInvalidArea",
      );
      expect(() => encodeUnitNumber("110105003001GB00001F0001000")).to.throw(ValidationError);
    });

    it("is refused to every department but the registrar", async function () {
      const f = await deployed();
      for (const signer of [f.staff.TAX.officer, f.staff.BANK_ICBC.officer, f.staff.REGISTRY.admin, f.stranger]) {
        const error = await rejection(register({ ...f, property: f.property.connect(signer) }, unitNo(1), sole("li")));
        expect(error).to.be.instanceOf(UnauthorizedError);
        expect((error as UnauthorizedError).errorName).to.equal("DepartmentGatedUnauthorizedOfficer");
      }
      expect(await f.property.exists(unitNo(1))).to.equal(false);
    });
  });

  describe("encumbrances", function () {
    it("registers a mortgage for the bank and issues it the certificate of other rights", async function () {
      const f = await withUnit();
      const { seq } = await mortgage(f);
      expect(seq).to.equal(1);
      const [m] = await f.property.encumbrances(unitNo(1));
      expect(m).to.include({ seq: 1, kind: "mortgage", holder: "BANK_ICBC", lapsed: false, consentCase: 0n });
      const proof = await f.property.proofCertificate(unitNo(1), 1);
      expect(await f.certificates.isValid(PROOF_TYPE, proof)).to.equal(true);
      const cert = await f.certificates.certificates(proof);
      expect(cert.certType).to.equal(b32("PROPERTY_RIGHTS_CERT"));
      expect(cert.subject).to.equal(b32("BANK_ICBC"));
      expect((await f.property.unit(unitNo(1))).mortgages).to.equal(1);
    });

    it("lets only a bank's officer apply for a mortgage, for its own bank", async function () {
      const f = await withUnit();
      const u = encodeUnitNumber(unitNo(1));
      await expect(f.registry.connect(f.staff.REGISTRY.officer).openMortgage(u, b32("REGISTRY"), 0, 0, doc("m")))
        .to.be.revertedWithCustomError(f.registry, "PropertyRegistryWrongDepartmentKind")
        .withArgs(b32("REGISTRY"), 2);
      await expect(f.registry.connect(f.ccb).openMortgage(u, b32("BANK_ICBC"), 0, 0, doc("m")))
        .to.be.revertedWithCustomError(f.registry, "DepartmentGatedUnauthorizedOfficer")
        .withArgs(b32("BANK_ICBC"), f.ccb.address);
      expect(await f.workflow.caseCount()).to.equal(0n);
    });

    it("lets only the mortgagee bank release its mortgage", async function () {
      const f = await withUnit();
      await mortgage(f);
      const wrong = await rejection(
        f.property
          .connect(f.ccb)
          .release({ unitNumber: unitNo(1), seq: 1, department: "BANK_CCB", documentHash: doc("r") }),
      );
      expect(wrong).to.be.instanceOf(UnauthorizedError);
      expect((wrong as UnauthorizedError).errorName).to.equal("PropertyRegistryNotHolder");
      expect((await f.property.encumbrances(unitNo(1))).length).to.equal(1);
      await (
        await f.property
          .connect(f.staff.BANK_ICBC.officer)
          .release({ unitNumber: unitNo(1), seq: 1, department: "BANK_ICBC", documentHash: doc("paid off") })
      ).wait();
      expect(await f.property.encumbrances(unitNo(1))).to.deep.equal([]);
      expect((await f.property.unit(unitNo(1))).mortgages).to.equal(0);
    });

    it("lets only a court freeze, and only that court unfreeze", async function () {
      const f = await withUnit();
      const u = encodeUnitNumber(unitNo(1));
      await expect(f.registry.connect(f.staff.BANK_ICBC.officer).addFreeze(u, b32("BANK_ICBC"), 0, doc("o")))
        .to.be.revertedWithCustomError(f.registry, "PropertyRegistryWrongDepartmentKind")
        .withArgs(b32("BANK_ICBC"), 1);
      await freeze(f);
      await expect(f.registry.connect(f.court2).releaseEncumbrance(u, 0, 1, b32("COURT_2"), doc("x")))
        .to.be.revertedWithCustomError(f.registry, "PropertyRegistryNotHolder")
        .withArgs(u, 1, b32("COURT"), b32("COURT_2"));
      await expect(
        f.registry.connect(f.staff.REGISTRY.officer).releaseEncumbrance(u, 0, 1, b32("REGISTRY"), doc("x")),
      ).to.be.revertedWithCustomError(f.registry, "PropertyRegistryNotHolder");
      expect((await f.property.unit(unitNo(1))).freezes).to.equal(1);
      await (
        await f.property
          .connect(f.staff.COURT.officer)
          .release({ unitNumber: unitNo(1), seq: 1, department: "COURT", documentHash: doc("unfreeze") })
      ).wait();
      expect((await f.property.unit(unitNo(1))).freezes).to.equal(0);
    });

    it("refuses a new mortgage on a frozen unit, but allows a second court's waiting freeze", async function () {
      const f = await withUnit();
      await freeze(f);
      const error = await rejection(mortgage(f));
      expect(error).to.be.instanceOf(InvalidStateError);
      expect((error as InvalidStateError).errorName).to.equal("PropertyRegistryUnitFrozen");
      await (
        await f.property
          .connect(f.court2)
          .addFreeze({ unitNumber: unitNo(1), court: "COURT_2", courtOrder: doc("second order") })
      ).wait();
      expect((await f.property.encumbrances(unitNo(1))).map((e) => [e.holder, e.waiting])).to.deep.equal([
        ["COURT", false],
        ["COURT_2", true],
      ]);
    });

    it("records liens, leases and easements by the registry, which do not block transfers", async function () {
      const f = await withUnit();
      for (const kind of ["lien", "lease", "easement"] as const) {
        await (
          await f.property.addEncumbrance({
            unitNumber: unitNo(1),
            kind,
            beneficiary: person(`${kind} holder`),
            documentHash: doc(kind),
          })
        ).wait();
      }
      expect((await f.property.encumbrances(unitNo(1))).map((e) => [e.kind, e.holder])).to.deep.equal([
        ["lien", "REGISTRY"],
        ["lease", "REGISTRY"],
        ["easement", "REGISTRY"],
      ]);
      expect((await f.property.transferCheck(unitNo(1))).transferable).to.equal(true);
      await expect(
        f.registry
          .connect(f.staff.REGISTRY.officer)
          .addEncumbrance(encodeUnitNumber(unitNo(1)), 1, person("x"), 0, 0, doc("x")),
      )
        .to.be.revertedWithCustomError(f.registry, "PropertyRegistryInvalidEncumbranceKind")
        .withArgs(1);
    });

    it("caps one holder's encumbrances of a unit and reuses released slots", async function () {
      const f = await withUnit();
      for (let i = 0; i < 4; i++) {
        await (
          await f.property.addEncumbrance({
            unitNumber: unitNo(1),
            kind: "lease",
            beneficiary: person(`tenant ${i}`),
            documentHash: doc(`lease ${i}`),
          })
        ).wait();
      }
      const error = await rejection(
        f.property.addEncumbrance({
          unitNumber: unitNo(1),
          kind: "lease",
          beneficiary: person("t"),
          documentHash: doc("l"),
        }),
      );
      expect((error as InvalidStateError).errorName).to.equal("PropertyRegistryHolderCapReached");
      expect((error as InvalidStateError).args).to.include({ holder: b32("REGISTRY"), max: 4n });
      await (
        await f.property.release({ unitNumber: unitNo(1), seq: 2, department: "REGISTRY", documentHash: doc("end") })
      ).wait();
      const added = await (
        await f.property.addEncumbrance({
          unitNumber: unitNo(1),
          kind: "lease",
          beneficiary: person("t"),
          documentHash: doc("l"),
        })
      ).wait();
      expect(added).to.deep.equal({ seq: 5, slot: 1 });
    });

    it("stops blocking once a dated freeze lapses, and lets the registry deregister it", async function () {
      const f = await withUnit();
      const now = await connection.networkHelpers.time.latest();
      await freeze(f, unitNo(1), now + 3600);
      expect((await f.property.transferCheck(unitNo(1))).blockers.map((b) => b.reason)).to.deep.equal(["frozen"]);
      await connection.networkHelpers.time.increase(3601);
      expect((await f.property.transferCheck(unitNo(1))).transferable).to.equal(true);
      const [e] = await f.property.encumbrances(unitNo(1));
      expect(e.lapsed).to.equal(true);
      await (
        await f.property.release({ unitNumber: unitNo(1), seq: 1, department: "REGISTRY", documentHash: doc("lapsed") })
      ).wait();
      expect(await f.property.encumbrances(unitNo(1))).to.deep.equal([]);
    });
  });

  describe("transfers", function () {
    it("opens a workflow case of the kind's type about exactly this transfer", async function () {
      const f = await withUnit();
      const opened = await openSale(f);
      const [caseType, subject] = await f.workflow.cases(opened.caseId);
      expect(caseType).to.equal(CASE_TYPES[0]);
      const u = encodeUnitNumber(unitNo(1));
      const expected = keccak256(
        AbiCoder.defaultAbiCoder().encode(
          ["bytes32", "address", "bytes32", "uint32", "uint8", "bytes32"],
          [id("govchain.property.transfer"), await f.registry.getAddress(), u, 1, 1, hashTitle(sole("zhao"))],
        ),
      );
      expect(subject).to.equal(expected);
      expect(opened.subject).to.equal(expected);
      expect(opened.fromVersion).to.equal(1);
    });

    it("executes an approved case: next title version, certificate rotated", async function () {
      const f = await withUnit();
      const before = await f.property.unit(unitNo(1));
      const { caseId } = await openSale(f);
      await f.workflow.setStatus(caseId, APPROVED);
      const title = await (
        await f.property.executeTransfer({ unitNumber: unitNo(1), caseId, kind: "sale", to: sole("zhao") })
      ).wait();
      expect(title).to.include({ version: 2, cause: "sale", kind: "sole", caseId });
      expect(await f.certificates.isValid(TITLE_TYPE, title.certificate)).to.equal(true);
      expect(await f.certificates.isValid(TITLE_TYPE, before.certificate)).to.equal(false);
      expect((await f.certificates.certificates(before.certificate)).superseded).to.equal(true);
      expect(await f.property.unitsOf(person("zhao"))).to.deep.equal([unitNo(1)]);
      expect(await f.property.unitsOf(person("li"))).to.deep.equal([]);
    });

    it("refuses a case that is not approved, and one that approved another title", async function () {
      const f = await withUnit();
      const { caseId } = await openSale(f);
      await expect(
        f.registry
          .connect(f.staff.REGISTRY.officer)
          .executeTransfer(encodeUnitNumber(unitNo(1)), caseId, 1, toTitleTuple(sole("zhao"))),
      ).to.be.revertedWithCustomError(f.workflow, "WorkflowCasesMockNotApproved");
      await f.workflow.setStatus(caseId, APPROVED);
      const u = encodeUnitNumber(unitNo(1));
      await expect(
        f.registry.connect(f.staff.REGISTRY.officer).executeTransfer(u, caseId, 1, toTitleTuple(sole("mallory"))),
      ).to.be.revertedWithCustomError(f.registry, "PropertyRegistryCaseMismatch");
      await expect(
        f.registry.connect(f.staff.REGISTRY.officer).executeTransfer(u, caseId, 3, toTitleTuple(sole("zhao"))),
      ).to.be.revertedWithCustomError(f.registry, "PropertyRegistryCaseMismatch");
      expect((await f.property.unit(unitNo(1))).titleVersion).to.equal(1);
    });

    it("refuses a stale case once the title changed", async function () {
      const f = await withUnit();
      const first = await openSale(f, sole("zhao"));
      const second = await openSale(f, sole("qian"));
      await f.workflow.setStatus(first.caseId, APPROVED);
      await f.workflow.setStatus(second.caseId, APPROVED);
      await (
        await f.property.executeTransfer({
          unitNumber: unitNo(1),
          caseId: first.caseId,
          kind: "sale",
          to: sole("zhao"),
        })
      ).wait();
      await expectSdkError(
        f.property.executeTransfer({ unitNumber: unitNo(1), caseId: second.caseId, kind: "sale", to: sole("qian") }),
        "PropertyRegistryCaseMismatch",
      );
    });

    it("is blocked by a mortgage until the bank consents, and lists every blocker", async function () {
      const f = await withUnit();
      await mortgage(f);
      await mortgage(f, unitNo(1), "BANK_CCB");
      const { caseId } = await openSale(f);
      let check = await f.property.transferCheck(unitNo(1), caseId);
      expect(check.blockers.map((b) => [b.reason, b.holder])).to.deep.equal([
        ["caseNotApproved", undefined],
        ["mortgaged", "BANK_ICBC"],
        ["mortgaged", "BANK_CCB"],
      ]);
      await f.workflow.setStatus(caseId, APPROVED);
      const blocked = await rejection(
        (async () =>
          (
            await f.property.executeTransfer({ unitNumber: unitNo(1), caseId, kind: "sale", to: sole("zhao") })
          ).wait())(),
      );
      expect(blocked).to.be.instanceOf(InvalidStateError);
      expect((blocked as InvalidStateError).errorName).to.equal("PropertyRegistryUnitMortgaged");
      expect((blocked as InvalidStateError).args.bank).to.equal(b32("BANK_ICBC"));

      // Only the mortgagee may consent.
      await expect(
        f.registry.connect(f.ccb).consentToTransfer(encodeUnitNumber(unitNo(1)), 0, 1, b32("BANK_CCB"), caseId),
      ).to.be.revertedWithCustomError(f.registry, "PropertyRegistryNotHolder");
      await (
        await f.property
          .connect(f.staff.BANK_ICBC.officer)
          .consentToTransfer({ unitNumber: unitNo(1), seq: 1, bank: "BANK_ICBC", caseId })
      ).wait();
      await (
        await f.property
          .connect(f.ccb)
          .release({ unitNumber: unitNo(1), seq: 2, department: "BANK_CCB", documentHash: doc("paid") })
      ).wait();
      check = await f.property.transferCheck(unitNo(1), caseId);
      expect(check).to.deep.equal({ transferable: true, blockers: [] });
      await (
        await f.property.executeTransfer({ unitNumber: unitNo(1), caseId, kind: "sale", to: sole("zhao") })
      ).wait();
      // The consented mortgage follows the unit to its new owner.
      expect((await f.property.encumbrances(unitNo(1))).map((e) => [e.kind, e.holder])).to.deep.equal([
        ["mortgage", "BANK_ICBC"],
      ]);
    });

    it("treats a mortgage in an overflow slot like one in the header slot, and bounds case ids for consent", async function () {
      const f = await withUnit();
      await (
        await f.property.addEncumbrance({
          unitNumber: unitNo(1),
          kind: "lease",
          beneficiary: person("tenant"),
          documentHash: doc("lease"),
        })
      ).wait();
      await mortgage(f);
      const [, m] = await f.property.encumbrances(unitNo(1));
      expect(m).to.include({ slot: 1, seq: 2, kind: "mortgage" });
      const { caseId } = await openSale(f);
      await f.workflow.setStatus(caseId, APPROVED);
      expect((await f.property.transferCheck(unitNo(1), caseId)).blockers.map((b) => b.seq)).to.deep.equal([2]);
      await expect(
        f.registry
          .connect(f.staff.BANK_ICBC.officer)
          .consentToTransfer(encodeUnitNumber(unitNo(1)), 1, 2, b32("BANK_ICBC"), 2n ** 32n),
      )
        .to.be.revertedWithCustomError(f.registry, "PropertyRegistryCaseIdTooLarge")
        .withArgs(2n ** 32n);
      await (
        await f.property
          .connect(f.staff.BANK_ICBC.officer)
          .consentToTransfer({ unitNumber: unitNo(1), seq: 2, bank: "BANK_ICBC", caseId })
      ).wait();
      await (
        await f.property.executeTransfer({ unitNumber: unitNo(1), caseId, kind: "sale", to: sole("zhao") })
      ).wait();
      expect((await f.property.encumbrances(unitNo(1))).map((e) => [e.slot, e.kind, e.consentCase])).to.deep.equal([
        [0, "lease", 0n],
        [1, "mortgage", caseId],
      ]);
    });

    it("is blocked by a court freeze, even when the case is approved and the mortgagee consented", async function () {
      const f = await withUnit();
      const { caseId } = await openSale(f);
      await f.workflow.setStatus(caseId, APPROVED);
      await freeze(f);
      const before = await f.property.unit(unitNo(1));
      const error = await expectSdkError(
        f.property.executeTransfer({ unitNumber: unitNo(1), caseId, kind: "sale", to: sole("zhao") }),
        "PropertyRegistryUnitFrozen",
      );
      expect(error).to.be.instanceOf(InvalidStateError);
      expect((error as InvalidStateError).args).to.include({ seq: 1n, court: b32("COURT") });
      expect(await f.property.unit(unitNo(1))).to.deep.equal(before);
      // No new transfer can even be opened while frozen.
      await expectSdkError(openSale(f, sole("qian")), "PropertyRegistryUnitFrozen");
      expect(await f.workflow.caseStatus(caseId)).to.equal(APPROVED);
    });

    it("refuses the initial kind and unknown units", async function () {
      const f = await withUnit();
      const u = encodeUnitNumber(unitNo(1));
      await expect(
        f.registry.connect(f.staff.REGISTRY.officer).openTransfer(u, 0, toTitleTuple(sole("z")), doc("x")),
      ).to.be.revertedWithCustomError(f.registry, "PropertyRegistryInvalidTransferKind");
      const error = await rejection(f.property.unit(unitNo(9)));
      expect(error).to.be.instanceOf(NotFoundError);
      expect((await f.property.transferCheck(unitNo(9))).blockers.map((b) => b.reason)).to.deep.equal(["unknownUnit"]);
    });
  });

  describe("trust: a court order always lands (issue 11, promise 5)", function () {
    it("16 mortgages, liens and leases of four holders cannot stop a freeze", async function () {
      const f = await withUnit();
      await (await f.access.registerDepartment({ code: "BANK_3", name: "Third bank", kind: "bank" })).wait();
      const bank3 = f.ccb; // one person may be an officer of two banks; the cap is per department
      await (await f.access.grantDepartmentAdmin("BANK_3", bank3.address)).wait();
      await (await f.access.connect(bank3).grantOfficer("BANK_3", bank3.address)).wait();
      for (let i = 0; i < 4; i++) {
        await mortgage(f, unitNo(1), "BANK_ICBC");
        await mortgage(f, unitNo(1), "BANK_CCB");
        const p3 = f.property.connect(bank3);
        const { caseId } = await (
          await p3.openMortgage({ unitNumber: unitNo(1), bank: "BANK_3", documentHash: doc(`application ${i}`) })
        ).wait();
        await (await f.workflow.approveBy(caseId, b32("REGISTRY"))).wait();
        await (
          await p3.executeMortgage({ unitNumber: unitNo(1), caseId, bank: "BANK_3", documentHash: doc(`m ${i}`) })
        ).wait();
        await (
          await f.property.addEncumbrance({
            unitNumber: unitNo(1),
            kind: i % 2 === 0 ? "lien" : "lease",
            beneficiary: person(`beneficiary ${i}`),
            documentHash: doc(`right ${i}`),
          })
        ).wait();
      }
      expect((await f.property.unit(unitNo(1))).encumbranceCount).to.equal(16);
      await expect(
        f.registry
          .connect(f.staff.REGISTRY.officer)
          .addEncumbrance(encodeUnitNumber(unitNo(1)), 4, person("one more"), 0, 0, doc("lease")),
      )
        .to.be.revertedWithCustomError(f.registry, "PropertyRegistryTooManyEncumbrances")
        .withArgs(encodeUnitNumber(unitNo(1)), 16);
      const { seq } = await freeze(f);
      const frozen = (await f.property.encumbrances(unitNo(1))).find((e) => e.seq === seq)!;
      expect(frozen).to.include({ kind: "freeze", holder: "COURT", waiting: false });
      expect((await f.property.transferCheck(unitNo(1))).blockers.map((b) => b.reason)).to.include("frozen");
    });

    it("queues a second court's freeze, which takes effect in order when the first is lifted", async function () {
      const f = await withUnit();
      const first = await freeze(f);
      const tx = await f.registry
        .connect(f.court2)
        .addFreeze(encodeUnitNumber(unitNo(1)), b32("COURT_2"), 0, doc("second order"));
      await expect(tx)
        .to.emit(f.registry, "FreezeWaiting")
        .withArgs(encodeUnitNumber(unitNo(1)), 2, b32("COURT_2"), first.seq);
      const third = await freeze(f);
      const waiting = async () =>
        (await f.property.encumbrances(unitNo(1))).map((e) => [e.seq, e.holder, e.waiting] as const);
      expect(await waiting()).to.deep.equal([
        [1, "COURT", false],
        [2, "COURT_2", true],
        [3, "COURT", true],
      ]);
      const lift = f.registry
        .connect(f.staff.COURT.officer)
        .releaseEncumbrance(encodeUnitNumber(unitNo(1)), first.slot, first.seq, b32("COURT"), doc("lifted"));
      await expect(lift)
        .to.emit(f.registry, "FreezeTookEffect")
        .withArgs(encodeUnitNumber(unitNo(1)), 2, b32("COURT_2"));
      expect(await waiting()).to.deep.equal([
        [2, "COURT_2", false],
        [3, "COURT", true],
      ]);
      // The unit stays frozen throughout: a transfer is refused in the name of the freeze now in effect.
      const error = await expectSdkError(openSale(f), "PropertyRegistryUnitFrozen");
      expect((error as InvalidStateError).args).to.include({ seq: 2n, court: b32("COURT_2") });
      await (
        await f.property
          .connect(f.court2)
          .release({ unitNumber: unitNo(1), seq: 2, department: "COURT_2", documentHash: doc("lifted") })
      ).wait();
      expect(await waiting()).to.deep.equal([[third.seq, "COURT", false]]);
      const history = await f.property.history(unitNo(1));
      expect(history.encumbrances.map((e) => [e.seq, e.waitedBehind, e.tookEffectInBlock !== undefined])).to.deep.equal(
        [
          [1, undefined, false],
          [2, 1, true],
          [3, 1, true],
        ],
      );
    });
  });

  describe("trust: a mortgage needs the owners and the registrar (issue 11, promise 6)", function () {
    it("refuses a bank alone: no case, an unapproved case, a case the registrar did not sign", async function () {
      const f = await withUnit();
      const bank = f.registry.connect(f.staff.BANK_ICBC.officer);
      const u = encodeUnitNumber(unitNo(1));
      await expect(bank.executeMortgage(u, 42, b32("BANK_ICBC"), 0, 0, doc("m"))).to.be.revertedWithCustomError(
        f.workflow,
        "WorkflowCasesMockNotApproved",
      );
      const { caseId } = await (
        await f.property
          .connect(f.staff.BANK_ICBC.officer)
          .openMortgage({ unitNumber: unitNo(1), bank: "BANK_ICBC", documentHash: doc("application") })
      ).wait();
      expect((await f.workflow.cases(caseId)).caseType).to.equal(ENCUMBRANCE_CASE_TYPES[0]);
      await expect(bank.executeMortgage(u, caseId, b32("BANK_ICBC"), 0, 0, doc("m"))).to.be.revertedWithCustomError(
        f.workflow,
        "WorkflowCasesMockNotApproved",
      );
      await (await f.workflow.approveBy(caseId, b32("BANK_ICBC"))).wait();
      await expect(bank.executeMortgage(u, caseId, b32("BANK_ICBC"), 0, 0, doc("m")))
        .to.be.revertedWithCustomError(f.registry, "PropertyRegistryCaseNotApprovedBy")
        .withArgs(caseId, b32("REGISTRY"));
      expect((await f.property.unit(unitNo(1))).mortgages).to.equal(0);
      expect(await f.certificates.isValid(PROOF_TYPE, await f.property.proofCertificate(unitNo(1), 1))).to.equal(false);
    });

    it("registers only the unit, bank, title version and terms the registrar approved", async function () {
      const f = await withUnit();
      await register(f, unitNo(2), sole("li"));
      const icbc = f.property.connect(f.staff.BANK_ICBC.officer);
      const opened = await (
        await icbc.openMortgage({ unitNumber: unitNo(1), bank: "BANK_ICBC", documentHash: doc("application") })
      ).wait();
      expect(opened.subject).to.equal(await f.property.mortgageSubject({ unitNumber: unitNo(1), bank: "BANK_ICBC" }));
      await (await f.workflow.approveBy(opened.caseId, b32("REGISTRY"))).wait();
      const now = await connection.networkHelpers.time.latest();
      const attempts = [
        { signer: f.staff.BANK_ICBC.officer, unitNumber: unitNo(2), bank: "BANK_ICBC", end: 0 },
        { signer: f.staff.BANK_ICBC.officer, unitNumber: unitNo(1), bank: "BANK_ICBC", end: now + 86_400 },
        { signer: f.ccb, unitNumber: unitNo(1), bank: "BANK_CCB", end: 0 },
      ];
      for (const a of attempts) {
        await expectSdkError(
          f.property.connect(a.signer).executeMortgage({ ...a, caseId: opened.caseId, documentHash: doc("m") }),
          "PropertyRegistryCaseMismatch",
        );
      }
      // The title changed after the approval: the case is stale.
      const sale = await openSale(f);
      await f.workflow.setStatus(sale.caseId, APPROVED);
      await (
        await f.property.executeTransfer({ unitNumber: unitNo(1), caseId: sale.caseId, kind: "sale", to: sole("zhao") })
      ).wait();
      await expectSdkError(
        icbc.executeMortgage({
          unitNumber: unitNo(1),
          caseId: opened.caseId,
          bank: "BANK_ICBC",
          documentHash: doc("m"),
        }),
        "PropertyRegistryCaseMismatch",
      );
      expect((await f.property.unit(unitNo(1))).mortgages).to.equal(0);
    });
  });

  describe("trust: deactivated departments and returned cases (issue 11, promises 7 and 12)", function () {
    it("releases a deactivated bank's mortgage through a registrar case, revoking its proof", async function () {
      const f = await withUnit();
      const { seq } = await mortgage(f);
      const proof = await f.property.proofCertificate(unitNo(1), seq);
      await expectSdkError(
        f.property.openRelease({ unitNumber: unitNo(1), seq, documentHash: doc("release application") }),
        "PropertyRegistryHolderActive",
      );
      await (await f.access.deactivateDepartment("BANK_ICBC")).wait();
      await expectSdkError(
        f.property
          .connect(f.staff.BANK_ICBC.officer)
          .release({ unitNumber: unitNo(1), seq, department: "BANK_ICBC", documentHash: doc("repaid") }),
        "DepartmentGatedInactiveDepartment",
      );
      const opened = await (
        await f.property.openRelease({ unitNumber: unitNo(1), seq, documentHash: doc("release application") })
      ).wait();
      expect(opened.holder).to.equal("BANK_ICBC");
      const [caseType, subject] = await f.workflow.cases(opened.caseId);
      expect([caseType, subject]).to.deep.equal([ENCUMBRANCE_CASE_TYPES[1], f.property.releaseSubject(unitNo(1), seq)]);
      await expect(
        f.registry
          .connect(f.staff.REGISTRY.officer)
          .executeRelease(encodeUnitNumber(unitNo(1)), 0, seq, opened.caseId, doc("done")),
      ).to.be.revertedWithCustomError(f.workflow, "WorkflowCasesMockNotApproved");
      await (await f.workflow.approveBy(opened.caseId, b32("REGISTRY"))).wait();
      await (
        await f.property.executeRelease({
          unitNumber: unitNo(1),
          seq,
          caseId: opened.caseId,
          documentHash: doc("done"),
        })
      ).wait();
      expect(await f.property.encumbrances(unitNo(1))).to.deep.equal([]);
      expect(await f.certificates.isValid(PROOF_TYPE, proof)).to.equal(false);
    });

    it("refuses every action of a deactivated department's officers", async function () {
      const f = await withUnit();
      await mortgage(f);
      const u = encodeUnitNumber(unitNo(1));
      for (const code of ["BANK_ICBC", "COURT", "REGISTRY"]) await (await f.access.deactivateDepartment(code)).wait();
      const denied = (code: string, signer: { address: string }) => [b32(code), signer.address] as const;
      const bank = f.staff.BANK_ICBC.officer;
      const court = f.staff.COURT.officer;
      const registrar = f.staff.REGISTRY.officer;
      const calls = [
        [bank, f.registry.connect(bank).openMortgage(u, b32("BANK_ICBC"), 0, 0, doc("m")), "BANK_ICBC"],
        [bank, f.registry.connect(bank).executeMortgage(u, 1, b32("BANK_ICBC"), 0, 0, doc("m")), "BANK_ICBC"],
        [bank, f.registry.connect(bank).consentToTransfer(u, 0, 1, b32("BANK_ICBC"), 1), "BANK_ICBC"],
        [bank, f.registry.connect(bank).resubmitCase(1, doc("more")), "BANK_ICBC"],
        [court, f.registry.connect(court).addFreeze(u, b32("COURT"), 0, doc("o")), "COURT"],
        [registrar, f.registry.connect(registrar).openTransfer(u, 1, toTitleTuple(sole("z")), doc("s")), "REGISTRY"],
        [registrar, f.registry.connect(registrar).openRelease(u, 0, 1, doc("r")), "REGISTRY"],
        [registrar, f.registry.connect(registrar).withdrawCase(2, "no"), "REGISTRY"],
      ] as const;
      for (const [signer, call, code] of calls) {
        await expect(call)
          .to.be.revertedWithCustomError(f.registry, "DepartmentGatedInactiveDepartment")
          .withArgs(...denied(code, signer));
      }
    });

    it("lets the opening department resubmit and withdraw returned transfer and mortgage cases", async function () {
      const f = await withUnit();
      const sale = await openSale(f);
      await f.workflow.setStatus(sale.caseId, RETURNED);
      await expectSdkError(
        f.property.connect(f.staff.BANK_ICBC.officer).resubmitCase(sale.caseId, doc("more")),
        "DepartmentGatedUnauthorizedOfficer",
      );
      await expect(f.registry.connect(f.staff.REGISTRY.officer).resubmitCase(sale.caseId, doc("more")))
        .to.emit(f.registry, "RegistryCaseResubmitted")
        .withArgs(sale.caseId, b32("REGISTRY"), doc("more"), f.staff.REGISTRY.officer.address);
      expect(await f.workflow.caseStatus(sale.caseId)).to.equal(OPEN);

      const icbc = f.property.connect(f.staff.BANK_ICBC.officer);
      const { caseId } = await (
        await icbc.openMortgage({ unitNumber: unitNo(1), bank: "BANK_ICBC", documentHash: doc("application") })
      ).wait();
      await f.workflow.setStatus(caseId, RETURNED);
      await expectSdkError(f.property.resubmitCase(caseId, doc("more")), "DepartmentGatedUnauthorizedOfficer");
      await expectSdkError(f.property.connect(f.ccb).withdrawCase(caseId, "no"), "DepartmentGatedUnauthorizedOfficer");
      await (await icbc.resubmitCase(caseId, doc("owners' consent, notarised"))).wait();
      expect(await f.workflow.caseStatus(caseId)).to.equal(OPEN);
      await f.workflow.setStatus(caseId, RETURNED);
      await (await icbc.withdrawCase(caseId, "the owners withdrew their consent")).wait();
      expect(await f.workflow.caseStatus(caseId)).to.equal(WITHDRAWN);
    });

    it("revokes the proof certificate on release; a lapsed mortgage's proof expires with it", async function () {
      const f = await withUnit();
      const open = await mortgage(f);
      const now = await connection.networkHelpers.time.latest();
      const dated = await mortgage(f, unitNo(1), "BANK_CCB", now + 3_600);
      const proofOpen = await f.property.proofCertificate(unitNo(1), open.seq);
      const proofDated = await f.property.proofCertificate(unitNo(1), dated.seq);
      expect(await f.certificates.isValid(PROOF_TYPE, proofOpen)).to.equal(true);
      expect(await f.certificates.isValid(PROOF_TYPE, proofDated)).to.equal(true);
      await (
        await f.property
          .connect(f.staff.BANK_ICBC.officer)
          .release({ unitNumber: unitNo(1), seq: open.seq, department: "BANK_ICBC", documentHash: doc("repaid") })
      ).wait();
      expect(await f.certificates.isValid(PROOF_TYPE, proofOpen)).to.equal(false);
      await connection.networkHelpers.time.increase(3_601);
      expect(await f.certificates.isValid(PROOF_TYPE, proofDated)).to.equal(false);
    });
  });

  describe("history and owner index", function () {
    it("rebuilds the ownership chain and every encumbrance from events", async function () {
      const f = await withUnit();
      await register(f, unitNo(2), sole("li"));
      await mortgage(f);
      await freeze(f);
      await (
        await f.property
          .connect(f.staff.COURT.officer)
          .release({ unitNumber: unitNo(1), seq: 2, department: "COURT", documentHash: doc("lifted") })
      ).wait();
      const sale = await openSale(f, couple("zhao", "qian"));
      await f.workflow.setStatus(sale.caseId, APPROVED);
      await (
        await f.property
          .connect(f.staff.BANK_ICBC.officer)
          .consentToTransfer({ unitNumber: unitNo(1), seq: 1, bank: "BANK_ICBC", caseId: sale.caseId })
      ).wait();
      await (
        await f.property.executeTransfer({
          unitNumber: unitNo(1),
          caseId: sale.caseId,
          kind: "sale",
          to: couple("zhao", "qian"),
        })
      ).wait();
      const gift = await (
        await f.property.openTransfer({ unitNumber: unitNo(1), kind: "gift", to: sole("zhao"), documentHash: doc("g") })
      ).wait();
      await f.workflow.setStatus(gift.caseId, APPROVED);
      await (
        await f.property
          .connect(f.staff.BANK_ICBC.officer)
          .consentToTransfer({ unitNumber: unitNo(1), seq: 1, bank: "BANK_ICBC", caseId: gift.caseId })
      ).wait();
      await (
        await f.property.executeTransfer({ unitNumber: unitNo(1), caseId: gift.caseId, kind: "gift", to: sole("zhao") })
      ).wait();

      const history = await f.property.history(unitNo(1));
      expect(history.registration).to.include({ usage: 1, area: 8_950n, parcelRef: doc(`parcel ${unitNo(1)}`) });
      expect(history.titles.map((t) => [t.version, t.cause, t.owners.map((o) => o.commitment).sort()])).to.deep.equal([
        [1, "initial", [person("li"), person("wang")].sort()],
        [2, "sale", [person("zhao"), person("qian")].sort()],
        [3, "gift", [person("zhao")]],
      ]);
      expect(history.titles.map((t) => t.caseId)).to.deep.equal([0n, sale.caseId, gift.caseId]);
      expect(
        history.encumbrances.map((e) => [e.seq, e.kind, e.holder, e.released !== undefined, e.consents.length]),
      ).to.deep.equal([
        [1, "mortgage", "BANK_ICBC", false, 2],
        [2, "freeze", "COURT", true, 0],
      ]);
      expect(history.transfersOpened.map((t) => t.kind)).to.deep.equal(["sale", "gift"]);
      // Every title version's certificate: only the last is valid.
      const valid = await Promise.all(history.titles.map((t) => f.certificates.isValid(TITLE_TYPE, t.certificate)));
      expect(valid).to.deep.equal([false, false, true]);
      expect((await f.property.title(unitNo(1))).version).to.equal(3);

      const index = await f.property.ownerIndex();
      expect(index.get(person("li").toLowerCase())).to.deep.equal([unitNo(2)]);
      expect(index.get(person("zhao").toLowerCase())).to.deep.equal([unitNo(1)]);
      expect(index.get(person("qian").toLowerCase())).to.equal(undefined);
    });
  });

  describe("wiring", function () {
    it("builds implementations only with a complete wiring, and reports it", async function () {
      const f = await deployed();
      const config = await f.registry.config();
      expect(config.registrar).to.equal(b32("REGISTRY"));
      expect(config.workflow).to.equal(await f.workflow.getAddress());
      expect(config.certificates).to.equal(await f.certificates.getAddress());
      const factory = await connection.ethers.getContractFactory("PropertyRegistry");
      const wiring = [...config];
      wiring[0] = ZeroHash;
      await expect(factory.deploy(wiring as never)).to.be.revertedWithCustomError(
        f.registry,
        "PropertyRegistryInvalidConfig",
      );
    });
  });

  describe("operator", function () {
    it("sets case types; refuses Initial and non-operators", async function () {
      const f = await deployed();
      await (await f.registry.setCaseType(1, b32("NEW_SALE"))).wait();
      expect(await f.registry.caseTypeFor(1)).to.equal(b32("NEW_SALE"));
      await expect(f.registry.setCaseType(0, b32("X"))).to.be.revertedWithCustomError(
        f.registry,
        "PropertyRegistryInvalidTransferKind",
      );
      await expect(f.registry.connect(f.staff.REGISTRY.admin).setCaseType(1, b32("X"))).to.be.revertedWithCustomError(
        f.registry,
        "AccessManagedUnauthorized",
      );
    });

    it("reports the case-type wiring set at initialization and every department it caches", async function () {
      const f = await deployed();
      const set = await f.registry.queryFilter(f.registry.filters.CaseTypeSet(), 0, "latest");
      expect(set.map((e) => [Number(e.args.kind), e.args.caseType])).to.deep.equal(
        CASE_TYPES.map((t, i) => [i + 1, t]),
      );
      const enc = await f.registry.queryFilter(f.registry.filters.EncumbranceCaseTypeSet(), 0, "latest");
      expect(enc.map((e) => [Number(e.args.which), e.args.caseType])).to.deep.equal(
        ENCUMBRANCE_CASE_TYPES.map((t, i) => [i, t]),
      );
      await register(f, unitNo(1), sole("li"));
      await expect(
        f.registry.connect(f.staff.COURT.officer).addFreeze(encodeUnitNumber(unitNo(1)), b32("COURT"), 0, doc("order")),
      )
        .to.emit(f.registry, "DepartmentCached")
        .withArgs(b32("COURT"), 1, 1);
      await expect(f.registry.setEncumbranceCaseType(0, b32("OTHER_MORTGAGE")))
        .to.emit(f.registry, "EncumbranceCaseTypeSet")
        .withArgs(0, b32("OTHER_MORTGAGE"), f.operator.address);
      await expect(
        f.registry.connect(f.staff.REGISTRY.admin).setEncumbranceCaseType(0, b32("X")),
      ).to.be.revertedWithCustomError(f.registry, "AccessManagedUnauthorized");
    });

    it("halts department actions when the operator closes the module", async function () {
      const f = await withUnit();
      await (await f.access.closeModule(await f.registry.getAddress())).wait();
      await expectSdkError(mortgage(f), "AccessManagedUnauthorized");
    });
  });
});
