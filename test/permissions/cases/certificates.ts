import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { encodeBytes32String, id } from "ethers";

import type { StaffedSuite } from "../../helpers/suite.js";
import { upgradeThroughDelay } from "../../helpers/upgrade.js";
import type { MatrixCases } from "../types.js";

const LICENCE = encodeBytes32String("BUSINESS_LICENCE");
const MARKET = encodeBytes32String("MARKET");
const SUBJECT = id("subject");
const YEAR = 365n * 86400n;
/** Windows end in 2070: issuance whose window already ended is refused. */
const UNTIL = YEAR * 100n;
let counter = 0;
const fresh = () => id(`matrix certificate ${counter++}`);

/** Issues a fresh business licence as MARKET's officer and returns its hash. */
async function issued(s: StaffedSuite): Promise<string> {
  const hash = fresh();
  await (await s.certificateRegistry.connect(s.staff.MARKET.officer).issue(LICENCE, hash, SUBJECT, 1n, UNTIL)).wait();
  return hash;
}

async function suspended(s: StaffedSuite): Promise<string> {
  const hash = await issued(s);
  await (await s.certificateRegistry.connect(s.staff.MARKET.officer).suspend(LICENCE, hash, 8)).wait();
  return hash;
}

/** Issues a fresh batch of four as MARKET's officer; returns the root and one leaf with its proof. */
async function batch(s: StaffedSuite) {
  const leaves = [fresh(), fresh(), fresh(), fresh()].map((h) => [h]);
  const tree = StandardMerkleTree.of(leaves, ["bytes32"]);
  await (
    await s.certificateRegistry.connect(s.staff.MARKET.officer).issueBatch(LICENCE, tree.root, 4, 1n, UNTIL)
  ).wait();
  return { root: tree.root, leaf: leaves[2][0], proof: tree.getProof(2) };
}

/** A contract-managed type of MARKET's with signers[19] as its authorised contract (registered on first use). */
const MANAGED = encodeBytes32String("MATRIX_MANAGED");
async function managedType(s: StaffedSuite) {
  const registry = s.certificateRegistry;
  if (!(await registry.isIssuerAuthorised(MANAGED, s.signers[19].address))) {
    await (await registry.registerType(MANAGED, MARKET, 0, true, false, true)).wait();
    await (await registry.setIssuerAuthorised(MANAGED, s.signers[19].address, true)).wait();
  }
  return registry.connect(s.signers[19]);
}

const officerOnly = (s: StaffedSuite) => ({
  contract: s.certificateRegistry,
  error: "DepartmentGatedUnauthorizedOfficer",
});

export const certificateCases: MatrixCases = {
  "CertificateRegistry.registerType(bytes32,bytes32,uint64,bool,bool,bool)": {
    allowed: (s) => s.operator,
    call: (s, signer) =>
      s.certificateRegistry.connect(signer).registerType(encodeBytes32String("PERMIT"), MARKET, 0, true, true, false),
  },
  "CertificateRegistry.setIssuerAuthorised(bytes32,address,bool)": {
    allowed: (s) => s.operator,
    call: (s, signer) =>
      s.certificateRegistry
        .connect(signer)
        .setIssuerAuthorised(encodeBytes32String("PROPERTY_TITLE"), s.signers[19].address, true),
  },
  "CertificateRegistry.issue(bytes32,bytes32,bytes32,uint64,uint64)": {
    allowed: (s) => s.staff.MARKET.officer,
    call: (s, signer) => s.certificateRegistry.connect(signer).issue(LICENCE, fresh(), SUBJECT, 1n, UNTIL),
    deniedWith: officerOnly,
  },
  "CertificateRegistry.issueBatch(bytes32,bytes32,uint256,uint64,uint64)": {
    allowed: (s) => s.staff.MARKET.officer,
    call: (s, signer) => s.certificateRegistry.connect(signer).issueBatch(LICENCE, fresh(), 10, 1n, UNTIL),
    deniedWith: officerOnly,
  },
  "CertificateRegistry.issueWithSignature((bytes32,bytes32,bytes32,uint64,uint64,address,uint256,uint256),bytes)": {
    allowed: (s) => s.staff.MARKET.officer,
    // The caller signs its own request and a stranger relays it: only an officer's signature is accepted.
    call: async (s, signer, connection) => {
      const registry = s.certificateRegistry;
      const { chainId } = await connection.ethers.provider.getNetwork();
      const request = {
        certType: LICENCE,
        certHash: fresh(),
        subject: SUBJECT,
        validFrom: 1n,
        validUntil: UNTIL,
        signer: signer.address,
        nonce: await registry.nonces(signer.address),
        deadline: 2n ** 40n,
      };
      const signature = await signer.signTypedData(
        { name: "govchain CertificateRegistry", version: "1", chainId, verifyingContract: await registry.getAddress() },
        {
          IssueRequest: [
            { name: "certType", type: "bytes32" },
            { name: "certHash", type: "bytes32" },
            { name: "subject", type: "bytes32" },
            { name: "validFrom", type: "uint64" },
            { name: "validUntil", type: "uint64" },
            { name: "signer", type: "address" },
            { name: "nonce", type: "uint256" },
            { name: "deadline", type: "uint256" },
          ],
        },
        request,
      );
      return registry.connect(s.stranger).issueWithSignature(request, signature);
    },
    deniedWith: officerOnly,
  },
  "CertificateRegistry.issueFor(bytes32,bytes32,bytes32,uint64,uint64,bytes32)": {
    allowed: (s) => s.signers[19],
    call: (s, signer) =>
      s.certificateRegistry.connect(signer).issueFor(MANAGED, fresh(), SUBJECT, 1n, UNTIL, encodeBytes32String("")),
    succeed: async (s) => {
      const issuer = await managedType(s);
      await (await issuer.issueFor(MANAGED, fresh(), SUBJECT, 1n, UNTIL, encodeBytes32String(""))).wait();
    },
    deniedWith: (s) => ({ contract: s.certificateRegistry, error: "CertificateRegistryUnauthorizedIssuer" }),
  },
  "CertificateRegistry.issueBatchFor(bytes32,bytes32,uint256,uint64,uint64)": {
    allowed: (s) => s.signers[19],
    call: (s, signer) => s.certificateRegistry.connect(signer).issueBatchFor(MANAGED, fresh(), 4, 1n, UNTIL),
    succeed: async (s) => {
      const issuer = await managedType(s);
      await (await issuer.issueBatchFor(MANAGED, fresh(), 4, 1n, UNTIL)).wait();
    },
    deniedWith: (s) => ({ contract: s.certificateRegistry, error: "CertificateRegistryUnauthorizedIssuer" }),
  },
  "CertificateRegistry.revokeFor(bytes32,bytes32,uint16)": {
    allowed: (s) => s.signers[19],
    call: (s, signer) => s.certificateRegistry.connect(signer).revokeFor(MANAGED, fresh(), 5),
    succeed: async (s) => {
      const issuer = await managedType(s);
      const hash = fresh();
      await (await issuer.issueFor(MANAGED, hash, SUBJECT, 1n, UNTIL, encodeBytes32String(""))).wait();
      await (await issuer.revokeFor(MANAGED, hash, 5)).wait();
      expect(await s.certificateRegistry.statusOf(MANAGED, hash)).to.equal(3n); // Revoked
    },
    deniedWith: (s) => ({ contract: s.certificateRegistry, error: "CertificateRegistryUnauthorizedIssuer" }),
  },
  "CertificateRegistry.renew(bytes32,bytes32,bytes32,bytes32,uint64,uint64)": {
    allowed: (s) => s.staff.MARKET.officer,
    call: async (s, signer) =>
      s.certificateRegistry.connect(signer).renew(LICENCE, await issued(s), fresh(), SUBJECT, 1n, UNTIL),
    deniedWith: officerOnly,
  },
  "CertificateRegistry.revoke(bytes32,bytes32,uint16)": {
    allowed: (s) => s.staff.MARKET.officer,
    call: async (s, signer) => s.certificateRegistry.connect(signer).revoke(LICENCE, await issued(s), 3),
    deniedWith: officerOnly,
  },
  "CertificateRegistry.suspend(bytes32,bytes32,uint16)": {
    allowed: (s) => s.staff.MARKET.officer,
    call: async (s, signer) => s.certificateRegistry.connect(signer).suspend(LICENCE, await issued(s), 8),
    deniedWith: officerOnly,
  },
  "CertificateRegistry.reinstate(bytes32,bytes32,uint16)": {
    allowed: (s) => s.staff.MARKET.officer,
    call: async (s, signer) => s.certificateRegistry.connect(signer).reinstate(LICENCE, await suspended(s), 9),
    deniedWith: officerOnly,
  },
  "CertificateRegistry.revokeBatch(bytes32,bytes32,uint16)": {
    allowed: (s) => s.staff.MARKET.officer,
    call: async (s, signer) => s.certificateRegistry.connect(signer).revokeBatch(LICENCE, (await batch(s)).root, 2),
    deniedWith: officerOnly,
  },
  "CertificateRegistry.revokeInBatch(bytes32,bytes32,bytes32,bytes32[],uint16)": {
    allowed: (s) => s.staff.MARKET.officer,
    call: async (s, signer) => {
      const b = await batch(s);
      return s.certificateRegistry.connect(signer).revokeInBatch(LICENCE, b.root, b.leaf, b.proof, 3);
    },
    deniedWith: officerOnly,
  },
  "CertificateRegistry.suspendInBatch(bytes32,bytes32,bytes32,bytes32[],uint16)": {
    allowed: (s) => s.staff.MARKET.officer,
    call: async (s, signer) => {
      const b = await batch(s);
      return s.certificateRegistry.connect(signer).suspendInBatch(LICENCE, b.root, b.leaf, b.proof, 8);
    },
    deniedWith: officerOnly,
  },
  "CertificateRegistry.reinstateInBatch(bytes32,bytes32,bytes32,bytes32[],uint16)": {
    allowed: (s) => s.staff.MARKET.officer,
    call: async (s, signer) => {
      const b = await batch(s);
      await (
        await s.certificateRegistry.connect(s.staff.MARKET.officer).suspendInBatch(LICENCE, b.root, b.leaf, b.proof, 8)
      ).wait();
      return s.certificateRegistry.connect(signer).reinstateInBatch(LICENCE, b.root, b.leaf, b.proof, 9);
    },
    deniedWith: officerOnly,
  },
  "CertificateRegistry.upgradeToAndCall(address,bytes)": {
    allowed: (s) => s.operator,
    call: (s, signer) =>
      s.certificateRegistry
        .connect(signer)
        .upgradeToAndCall(s.manifest.contracts.CertificateRegistry.implementation, "0x"),
    succeed: (s, connection) => upgradeThroughDelay(connection, s, s.certificateRegistry, "CertificateRegistry"),
  },
};
