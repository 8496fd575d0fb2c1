import { encodeBytes32String, FunctionFragment, keccak256, toUtf8Bytes } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { PLATFORM_ROLES, permissionsByRole } from "../../config/permissions.js";
import { PropertyRegistry__factory } from "../../typechain-types/index.js";
import { PropertyClient, subjectCommitment, type Title } from "../../sdk/index.js";
import { deployStaffedSuite } from "../helpers/suite.js";

export const b32 = encodeBytes32String;
export const CASE_TYPES = [
  "PROPERTY_SALE",
  "PROPERTY_INHERITANCE",
  "PROPERTY_GIFT",
  "PROPERTY_COURT_ORDER",
  "PROPERTY_SALE_NEW_BUILD",
].map(b32);
/** The mortgage and release case types, in the contract's EncumbranceCase order. */
export const ENCUMBRANCE_CASE_TYPES = ["PROPERTY_MORTGAGE", "PROPERTY_RELEASE"].map(b32);
export const TITLE_TYPE = b32("PROPERTY_TITLE");
export const PROOF_TYPE = b32("PROPERTY_RIGHTS_CERT");

/** Sample unit numbers: Chaoyang district (110105), zone 003, subzone 001, parcel GB00001, flats F0001000n. */
export const unitNo = (n: number) => `110105003001GB00001F${String(10010000 + n).padStart(8, "0")}`;
export const LAND_ONLY = "110105003001GB00002W00000000";

const salt = (label: string) => keccak256(toUtf8Bytes(`salt:${label}`));
/** Owner commitments of sample citizens (identifier + salt never leave the registry office). */
export const person = (name: string) => subjectCommitment(`ID-${name}`, salt(name));
export const doc = (label: string) => keccak256(toUtf8Bytes(`document:${label}`));

export const sole = (name: string): Title => ({ kind: "sole", owners: [{ commitment: person(name), share: 10_000 }] });
export const couple = (a: string, b: string, shareA = 5_000): Title => ({
  kind: "byShares",
  owners: [
    { commitment: person(a), share: shareA },
    { commitment: person(b), share: 10_000 - shareA },
  ],
});

/**
 * The staffed suite plus a PropertyRegistry behind a UUPS proxy wired to test doubles of the
 * workflow and certificates modules (so unit tests decide when a case is approved, and by which
 * departments: `workflow.approveBy(caseId, department)`), with the
 * permissions table applied. Extra staff: BANK_CCB (one signer as admin and officer) and a
 * second court, COURT_2.
 */
export async function deployPropertyWithDoubles(connection: NetworkConnection) {
  const suite = await deployStaffedSuite(connection);
  const { ethers } = connection;
  const { manager, directory, operator, signers, access } = suite;
  const workflow = await ethers.deployContract("WorkflowCasesMock");
  const certificates = await ethers.deployContract("CertificateIssuerMock");
  const config = {
    registrar: b32("REGISTRY"),
    workflow: await workflow.getAddress(),
    certificates: await certificates.getAddress(),
    titleCertificateType: TITLE_TYPE,
    proofCertificateType: PROOF_TYPE,
  };
  const implementation = await ethers.deployContract("PropertyRegistry", [config]);
  const init = PropertyRegistry__factory.createInterface().encodeFunctionData("initialize", [
    await manager.getAddress(),
    await directory.getAddress(),
    CASE_TYPES as [string, string, string, string, string],
    ENCUMBRANCE_CASE_TYPES as [string, string],
  ]);
  const proxy = await ethers.deployContract("ERC1967Proxy", [await implementation.getAddress(), init]);
  const registry = await ethers.getContractAt("PropertyRegistry", await proxy.getAddress());
  for (const [role, signatures] of permissionsByRole("PropertyRegistry")) {
    await (
      await manager.setTargetFunctionRole(
        await registry.getAddress(),
        signatures.map((s) => FunctionFragment.from(s).selector),
        PLATFORM_ROLES[role],
      )
    ).wait();
  }
  await (await certificates.setIssuer(await registry.getAddress())).wait();
  // As the Property Ignition module does: the registry caches the registrar's active flag, pushed by the directory.
  await (await directory.connect(operator).setDepartmentListener(await registry.getAddress(), true)).wait();

  const ccb = signers[18];
  await (await access.grantDepartmentAdmin("BANK_CCB", ccb.address)).wait();
  await (await access.connect(ccb).grantOfficer("BANK_CCB", ccb.address)).wait();
  const court2 = signers[19];
  await (await access.registerDepartment({ code: "COURT_2", name: "Beijing No. 2 Court", kind: "court" })).wait();
  await (await access.grantDepartmentAdmin("COURT_2", court2.address)).wait();
  await (await access.connect(court2).grantOfficer("COURT_2", court2.address)).wait();

  const property = new PropertyClient(await registry.getAddress(), suite.staff.REGISTRY.officer);
  return { ...suite, operator, workflow, certificates, registry, property, ccb, court2 };
}

export type PropertyFixture = Awaited<ReturnType<typeof deployPropertyWithDoubles>>;

/** Registers `unitNumber` with `title` through the SDK as the REGISTRY officer. */
export async function register(f: PropertyFixture, unitNumber: string, title: Title) {
  return (
    await f.property.registerUnit({
      unitNumber,
      parcelRef: doc(`parcel ${unitNumber}`),
      planningPermit: doc(`permit ${unitNumber}`),
      usage: 1,
      area: 8_950n,
      documentHash: doc(`application ${unitNumber}`),
      title,
    })
  ).wait();
}
