import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { encodeBytes32String, id } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { BillReimbursement__factory, IParticipantRegistry__factory } from "../../../typechain-types/index.js";
import type { StaffedSuite } from "../../helpers/suite.js";
import { upgradeThroughDelay } from "../../helpers/upgrade.js";
import type { MatrixCases } from "../types.js";

const b32 = encodeBytes32String;
const INVOICE = b32("E_INVOICE");
const INVOICE_ISSUER = b32("INVOICE_ISSUER");
const REIMBURSER = b32("REIMBURSER");
const SUBJECT = id("holder");
const FROM = 1n;
const UNTIL = 365n * 86400n * 100n;
let counter = 0;
const fresh = () => id(`matrix bill ${counter++}`);

/**
 * The e-bills contracts of the suite, and signers[18] accredited as an invoice issuer (by TAX's officer) and as a
 * reimburser (by FINANCE's officer, signers[19], appointed here: FINANCE is not among the matrix's staffed
 * departments). Idempotent: each matrix test starts from the fixture's snapshot.
 */
async function bills(s: StaffedSuite, connection: NetworkConnection) {
  const { ethers } = connection;
  const contracts = s.manifest.contracts as unknown as Record<string, { proxy: string }>;
  const issuance = await ethers.getContractAt("AccreditedIssuance", contracts.AccreditedIssuance.proxy);
  const reimbursement = await ethers.getContractAt("BillReimbursement", contracts.BillReimbursement.proxy);
  const participants = await ethers.getContractAt("IParticipantRegistry", contracts.ParticipantRegistry.proxy);
  const participant = s.signers[18];
  const finance = s.signers[19];
  if (!(await participants.isAccredited(REIMBURSER, participant.address))) {
    if (!(await s.directory.isOfficer(b32("FINANCE"), finance.address))) {
      await (await s.access.grantDepartmentAdmin("FINANCE", finance.address)).wait();
      await (await s.access.connect(finance).grantOfficer("FINANCE", finance.address)).wait();
    }
    await (
      await participants.connect(s.staff.TAX.officer).accredit(INVOICE_ISSUER, participant.address, 0, 0, "matrix")
    ).wait();
    await (await participants.connect(finance).accredit(REIMBURSER, participant.address, 0, 0, "matrix")).wait();
  }
  /** A fresh bill issued by the accredited participant. */
  const bill = async () => {
    const hash = fresh();
    await (await issuance.connect(participant).issue(INVOICE, hash, SUBJECT, FROM, UNTIL)).wait();
    return hash;
  };
  /** A fresh bill locked by the participant. */
  const locked = async () => {
    const hash = await bill();
    await (await reimbursement.connect(participant).lock(INVOICE, [hash])).wait();
    return hash;
  };
  return { issuance, reimbursement, participants, participant, bill, locked };
}

const addresses = (s: StaffedSuite) => s.manifest.contracts as unknown as Record<string, { proxy: string }>;
const participantRegistry = (s: StaffedSuite) =>
  IParticipantRegistry__factory.connect(addresses(s).ParticipantRegistry.proxy, s.operator);

/** Refused by the participant registry: the caller is not accredited in the role (or its department is deactivated). */
const notAccredited = (role: string) => ({
  deniedWith: (s: StaffedSuite) => ({ contract: participantRegistry(s), error: "ParticipantRegistryNotAccredited" }),
  deactivated: {
    department: role === INVOICE_ISSUER ? "TAX" : "FINANCE",
    deniedWith: (s: StaffedSuite) => ({
      contract: participantRegistry(s),
      error: "ParticipantRegistryNotAccredited",
      args: [role, s.signers[18].address],
    }),
  },
});

export const billCases: MatrixCases = {
  "AccreditedIssuance.setIssuerRole(bytes32,bytes32)": {
    allowed: (s) => s.operator,
    call: async (s, signer, connection) =>
      (await bills(s, connection)).issuance.connect(signer).setIssuerRole(INVOICE, INVOICE_ISSUER),
  },
  "AccreditedIssuance.issue(bytes32,bytes32,bytes32,uint64,uint64)": {
    allowed: (s) => s.signers[18],
    call: async (s, signer, connection) =>
      (await bills(s, connection)).issuance.connect(signer).issue(INVOICE, fresh(), SUBJECT, FROM, UNTIL),
    ...notAccredited(INVOICE_ISSUER),
  },
  "AccreditedIssuance.issueBatch(bytes32,bytes32,uint256,uint64,uint64)": {
    allowed: (s) => s.signers[18],
    call: async (s, signer, connection) => {
      const tree = StandardMerkleTree.of([[fresh()], [fresh()]], ["bytes32"]);
      return (await bills(s, connection)).issuance.connect(signer).issueBatch(INVOICE, tree.root, 2, FROM, UNTIL);
    },
    ...notAccredited(INVOICE_ISSUER),
  },
  "AccreditedIssuance.revoke(bytes32,bytes32,uint16)": {
    allowed: (s) => s.staff.TAX.officer,
    call: async (s, signer, connection) => {
      const b = await bills(s, connection);
      return b.issuance.connect(signer).revoke(INVOICE, await b.bill(), 2);
    },
    deniedWith: (s) => ({ contract: s.certificateRegistry, error: "DepartmentGatedUnauthorizedOfficer" }),
  },
  "AccreditedIssuance.upgradeToAndCall(address,bytes)": {
    allowed: (s) => s.operator,
    call: async (s, signer, connection) => {
      const { issuance } = await bills(s, connection);
      const contracts = s.manifest.contracts as unknown as Record<string, { implementation: string }>;
      return issuance.connect(signer).upgradeToAndCall(contracts.AccreditedIssuance.implementation, "0x");
    },
    succeed: async (s, connection) =>
      upgradeThroughDelay(connection, s, (await bills(s, connection)).issuance, "AccreditedIssuance"),
  },
  "BillReimbursement.setBillType(bytes32,bytes32)": {
    allowed: (s) => s.operator,
    call: async (s, signer, connection) =>
      (await bills(s, connection)).reimbursement.connect(signer).setBillType(INVOICE, REIMBURSER),
  },
  "BillReimbursement.lock(bytes32,bytes32[])": {
    allowed: (s) => s.signers[18],
    call: async (s, signer, connection) => {
      const b = await bills(s, connection);
      return b.reimbursement.connect(signer).lock(INVOICE, [await b.bill()]);
    },
    ...notAccredited(REIMBURSER),
  },
  "BillReimbursement.lockInBatch(bytes32,bytes32,bytes32[],bytes32[][])": {
    allowed: (s) => s.signers[18],
    call: async (s, signer, connection) => {
      const b = await bills(s, connection);
      const hashes = [fresh(), fresh()];
      const tree = StandardMerkleTree.of(
        hashes.map((h) => [h]),
        ["bytes32"],
      );
      await (await b.issuance.connect(b.participant).issueBatch(INVOICE, tree.root, 2, FROM, UNTIL)).wait();
      return b.reimbursement.connect(signer).lockInBatch(INVOICE, tree.root, [hashes[0]], [tree.getProof(0)]);
    },
    ...notAccredited(REIMBURSER),
  },
  "BillReimbursement.close(bytes32,bytes32[])": {
    allowed: (s) => s.signers[18],
    call: async (s, signer, connection) => {
      const b = await bills(s, connection);
      return b.reimbursement.connect(signer).close(INVOICE, [await b.locked()]);
    },
    ...notAccredited(REIMBURSER),
  },
  // Needs no accreditation (an organisation must always be able to let go of its locks): only the lock's holder.
  "BillReimbursement.unlock(bytes32,bytes32[])": {
    allowed: (s) => s.signers[18],
    call: async (s, signer, connection) => {
      const b = await bills(s, connection);
      return b.reimbursement.connect(signer).unlock(INVOICE, [await b.locked()]);
    },
    deniedWith: (s) => ({
      contract: BillReimbursement__factory.connect(addresses(s).BillReimbursement.proxy, s.operator),
      error: "BillReimbursementNotLocker",
    }),
  },
  "BillReimbursement.upgradeToAndCall(address,bytes)": {
    allowed: (s) => s.operator,
    call: async (s, signer, connection) => {
      const { reimbursement } = await bills(s, connection);
      const contracts = s.manifest.contracts as unknown as Record<string, { implementation: string }>;
      return reimbursement.connect(signer).upgradeToAndCall(contracts.BillReimbursement.implementation, "0x");
    },
    succeed: async (s, connection) =>
      upgradeThroughDelay(connection, s, (await bills(s, connection)).reimbursement, "BillReimbursement"),
  },
};
