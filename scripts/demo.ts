/**
 * The main job on the embedded in-process chain: deploy the access layer, bootstrap the
 * city's departments from config, give each a demo admin and officer, and print the directory.
 *   npm run demo                         (in-process chain)
 *   npm run demo -- --network localhost  (a `npx hardhat node` you started)
 */
import { network } from "hardhat";

import { loadCityConfig } from "../config/city.js";
import { AccessClient } from "../sdk/index.js";
import { deploySuite, writeManifest } from "./lib/deploy.js";

const connection = await network.create();
const city = loadCityConfig();
const [operator, ...staff] = await connection.ethers.getSigners();

console.log(`govchain demo: ${city.city}, on network "${connection.networkName}"\n`);
const manifest = await deploySuite(connection, city);
const manifestFile = writeManifest(manifest);
console.log(`Deployed: AccessManager ${manifest.contracts.GovAccessManager}`);
console.log(`          DepartmentDirectory ${manifest.contracts.DepartmentDirectory.proxy} (proxy)`);
console.log(`Manifest: ${manifestFile}\n`);

const access = new AccessClient(
  { manager: manifest.contracts.GovAccessManager, directory: manifest.contracts.DepartmentDirectory.proxy },
  operator,
);

// Each department gets one admin, who then appoints one officer: the cross-department rule in action.
for (const [i, dept] of city.departments.entries()) {
  const admin = staff[(2 * i) % staff.length];
  const officer = staff[(2 * i + 1) % staff.length];
  if (!(await access.isDepartmentAdmin(dept.code, admin.address))) {
    await (await access.grantDepartmentAdmin(dept.code, admin.address)).wait();
  }
  if (!(await access.isOfficer(dept.code, officer.address))) {
    await (await access.connect(admin).grantOfficer(dept.code, officer.address)).wait();
  }
}

const departments = await access.departments();
console.log(`${departments.length} departments registered:`);
console.table(
  await Promise.all(
    departments.map(async (d) => ({
      code: d.code,
      kind: d.kind,
      active: d.active,
      roles: `${d.adminRole}/${d.officerRole}`,
      admins: (await access.admins(d.code)).length,
      officers: (await access.officers(d.code)).length,
      name: d.name,
    })),
  ),
);
