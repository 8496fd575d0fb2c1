import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";

import { loadCityConfig } from "../../config/city.js";
import { deploySuite } from "../../scripts/lib/deploy.js";
import { staffDepartments } from "../../scripts/lib/staff.js";
import { encodeCall, GovChain } from "../../sdk/index.js";
import { encodeDepartmentCode } from "../../sdk/access/departments.js";

/**
 * The suite as the demo deploys it (handed over to the development council: SERVICE alone, its admin account 1,
 * proposals execute at once), with an admin and an officer in PSB, MARKET, TAX and HOUSING.
 */
export async function servicesSuite(connection: NetworkConnection) {
  const signers = await connection.ethers.getSigners();
  const [deployer, serviceAdmin] = signers;
  const manifest = await deploySuite(connection, loadCityConfig(), {
    governance: "development",
    staff: { departments: { SERVICE: { admins: [serviceAdmin.address], officers: [] } } },
  });
  const reader = await GovChain.connect(connection.ethers.provider, manifest);
  const council = reader.governance!.connect(serviceAdmin);
  const staff = await staffDepartments(reader.access, ["PSB", "MARKET", "TAX", "HOUSING"], signers.slice(2), {
    governance: council,
    department: "SERVICE",
  });
  /** The SDK connected as `signer`. */
  const as = (signer: HardhatEthersSigner | (typeof staff)[string]["officer"]) =>
    GovChain.connect(signer, manifest, { concurrent: false });
  /** Deactivates a department through the council (sensitive: the development council executes at once). */
  const deactivate = async (code: string) => {
    const call = encodeCall(reader.access.contract, "setDepartmentActive", [encodeDepartmentCode(code), false]);
    await (await council.propose("SERVICE", [call], `deactivate ${code}`)).wait();
  };
  return { manifest, deployer, serviceAdmin, staff, reader, as, deactivate };
}

/** Writes a definition to a scratch file and returns its path. */
export function definitionFile(body: unknown, name = "service.json"): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "govchain-service-")), name);
  writeFileSync(file, JSON.stringify(body, null, 2));
  return file;
}

/** A small service: one certificate type of MARKET, one case type reviewed by PSB then TAX, one PSB dataset. */
export function permitService(overrides: Record<string, unknown> = {}) {
  return {
    service: "STREET_PERMITS",
    name: "Street-vending permits",
    certificateTypes: [
      {
        code: "STREET_PERMIT",
        department: "MARKET",
        name: "Street-vending permit",
        maxValiditySeconds: 31_536_000,
        renewable: true,
        suspendable: true,
      },
    ],
    caseTypes: [
      {
        id: "STREET_PERMIT_APPLICATION",
        name: "Street-vending permit application",
        owner: "departments",
        openerDepartment: "MARKET",
        stages: [
          { durationSeconds: 86_400, departments: [{ code: "PSB", quorum: 1 }] },
          { durationSeconds: 86_400, departments: [{ code: "TAX", quorum: 1 }] },
        ],
      },
    ],
    datasets: [
      {
        name: "vendor-record",
        owner: "PSB",
        classification: "restricted",
        fields: ["name", "idNumber", "offences"],
        endpoint: "https://psb.example.gov.cn/api/vendors",
      },
    ],
    ...overrides,
  };
}
