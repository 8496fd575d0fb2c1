import { encodeBytes32String, keccak256, toUtf8Bytes, Wallet } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { hashTitle, subjectCommitment, type Title } from "../../sdk/index.js";
import { staffDepartments } from "../../scripts/lib/staff.js";
import { deployStaffedSuite, type StaffedSuite } from "../helpers/suite.js";

export const b32 = encodeBytes32String;
export const doc = (label: string) => keccak256(toUtf8Bytes(`document:${label}`));
const salt = (label: string) => keccak256(toUtf8Bytes(`salt:${label}`));
export const person = (name: string) => subjectCommitment(`ID-${name}`, salt(name));
export const sole = (name: string): Title => ({ kind: "sole", owners: [{ commitment: person(name), share: 10_000 }] });
export const unitNo = (n: number) => `110105003001GB00001F${String(10010000 + n).padStart(8, "0")}`;
export const UTILITY_ROLES = ["WATER_PROVIDER", "POWER_PROVIDER", "GAS_PROVIDER", "HEATING_PROVIDER"] as const;
export { hashTitle };

/**
 * The staffed suite with EstateServices, four utility providers accredited (water, power, gas, heating) plus a
 * second water provider, and BANK_CCB and CITYMGMT staffed.
 */
export async function deployEstate(connection: NetworkConnection) {
  return addEstate(connection, await deployStaffedSuite(connection));
}

/**
 * {@link deployEstate} on a suite already deployed (the bench's): the suite's EstateServices, with CITYMGMT's
 * officer accrediting the providers in the suite's ParticipantRegistry.
 */
export async function addEstate(connection: NetworkConnection, suite: StaffedSuite) {
  const { ethers } = connection;
  const { access, signers, participantRegistry } = suite;
  // Two more departments: one signer each as admin and officer (the 20 development accounts are taken).
  const extra = await staffDepartments(
    access,
    ["BANK_CCB", "CITYMGMT"],
    [signers[18], signers[18], signers[19], signers[19]],
  );
  const providers = [] as Wallet[];
  for (const [i, role] of [...UTILITY_ROLES, "WATER_PROVIDER"].entries()) {
    const wallet = new Wallet(keccak256(toUtf8Bytes(`provider ${i}`)), ethers.provider);
    await connection.networkHelpers.setBalance(wallet.address, 10n ** 20n);
    await (
      await participantRegistry
        .connect(extra.CITYMGMT.officer)
        .accredit(b32(role), wallet.address, 0, 0, `${role} ${i}`)
    ).wait();
    providers.push(wallet);
  }
  const [water, power, gas, heating, otherWater] = providers;
  return { ...suite, extra, providers: { water, power, gas, heating, otherWater } };
}

export type EstateSuite = Awaited<ReturnType<typeof deployEstate>>;
