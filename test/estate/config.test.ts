import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { cityConfigPath, CityConfigError, loadCityConfig } from "../../config/city.js";

/** Beijing with its real-estate service, edited by `edit`. */
function cityWithEstate(edit: (service: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), "govchain-estate-"));
  mkdirSync(path.join(dir, "services"));
  const city = JSON.parse(readFileSync(cityConfigPath(), "utf8")) as Record<string, unknown>;
  city.servicesDir = "services";
  writeFileSync(path.join(dir, "city.json"), JSON.stringify(city));
  const servicesDir = path.resolve(path.dirname(cityConfigPath()), "../services/real-estate.json");
  const service = JSON.parse(readFileSync(servicesDir, "utf8")) as Record<string, unknown>;
  edit(service);
  writeFileSync(path.join(dir, "services", "real-estate.json"), JSON.stringify(service));
  return path.join(dir, "city.json");
}

describe("estate section of the real-estate service (config/city.ts)", function () {
  it("Beijing audits with TAX and has four utility provider roles owned by CITYMGMT", function () {
    const city = loadCityConfig();
    expect(city.estate?.auditor).to.equal("TAX");
    expect(Object.values(city.estate!.utilityRoles)).to.deep.equal([
      "WATER_PROVIDER",
      "POWER_PROVIDER",
      "GAS_PROVIDER",
      "HEATING_PROVIDER",
    ]);
    const roles = city.participantRoles!.filter((r) => Object.values(city.estate!.utilityRoles).includes(r.code));
    expect(roles.map((r) => r.department)).to.deep.equal(["CITYMGMT", "CITYMGMT", "CITYMGMT", "CITYMGMT"]);
  });

  it("refuses a utility role that is not a participant role, and an unknown auditor", function () {
    const file = cityWithEstate((s) => {
      const estate = s.estate as { auditor: string; utilityRoles: Record<string, string> };
      estate.auditor = "NOBODY";
      estate.utilityRoles.gas = "GAS_CO";
    });
    expect(() => loadCityConfig(file))
      .to.throw(CityConfigError)
      .with.property("message")
      .that.contains("estate.auditor: unknown department NOBODY")
      .and.contains("estate.utilityRoles.gas: GAS_CO is not a participant role of the city");
  });
});
