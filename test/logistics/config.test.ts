import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { cityConfigPath, CityConfigError, loadCityConfig } from "../../config/city.js";
import { containerEntryId, normaliseAwb, shipmentId, ValidationError } from "../../sdk/index.js";

const servicesDir = path.join(path.dirname(cityConfigPath()), "..", "services");
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- scratch edits of a service file's JSON
type Json = any;
const read = (name: string): Json => JSON.parse(readFileSync(path.join(servicesDir, name), "utf8"));

/** Beijing with its real services, except `name` replaced by `body`. */
function cityWith(name: string, body: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), "govchain-logistics-"));
  mkdirSync(path.join(dir, "services"));
  const city = JSON.parse(readFileSync(cityConfigPath(), "utf8")) as Record<string, unknown>;
  writeFileSync(path.join(dir, "city.json"), JSON.stringify({ ...city, servicesDir: "services" }));
  for (const file of ["airport-logistics.json", "port-clearance.json", "real-estate.json", "e-licences.json"]) {
    writeFileSync(path.join(dir, "services", file), JSON.stringify(file === name ? body : read(file)));
  }
  return path.join(dir, "city.json");
}

describe("logistics service definitions and identifiers", function () {
  it("wires both services into the city", function () {
    const city = loadCityConfig();
    expect(city.airportLogistics?.documentKinds.map((k) => `${k.kind}:${k.role}`)).to.deep.equal([
      "COMMERCIAL_INVOICE:MERCHANT",
      "PACKING_LIST:MERCHANT",
      "MANIFEST:AIRLINE",
      "DECLARATION:FORWARDER",
    ]);
    expect(city.portClearance?.terminalRoles).to.have.length(3);
  });

  it("refuses a clearance case type the contract does not own, and an unknown customs office", function () {
    const air = read("airport-logistics.json");
    air.caseTypes[0].owner = "departments";
    air.caseTypes[0].openerDepartment = "CUSTOMS";
    expect(() => loadCityConfig(cityWith("airport-logistics.json", air))).to.throw(
      CityConfigError,
      /airportLogistics\.clearanceCaseType: case type AIR_CLEARANCE must have owner "Shipments"/,
    );
    const port = read("port-clearance.json");
    port.portClearance.customsOffices.push("NO_SUCH_CUSTOMS");
    expect(() => loadCityConfig(cityWith("port-clearance.json", port))).to.throw(
      CityConfigError,
      /portClearance\.customsOffices\.3: unknown department NO_SUCH_CUSTOMS/,
    );
  });

  it("checks air waybill and container check digits before hashing them", function () {
    expect(normaliseAwb("99912345675")).to.equal("999-12345675");
    expect(shipmentId("999-12345675")).to.equal(shipmentId("99912345675"));
    expect(() => shipmentId("999-12345676")).to.throw(ValidationError, /check digit 6 should be 5/);
    expect(containerEntryId("csqu 305438-3", "TJ-1")).to.equal(containerEntryId("CSQU3054383", "TJ-1"));
    expect(containerEntryId("CSQU3054383", "TJ-1")).to.not.equal(containerEntryId("CSQU3054383", "TJ-2"));
    expect(() => containerEntryId("CSQU3054384", "TJ-1")).to.throw(ValidationError, /check digit 4 should be 3/);
  });
});
