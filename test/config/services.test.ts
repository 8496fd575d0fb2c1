import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { cityConfigPath, CityConfigError, loadCityConfig } from "../../config/city.js";

/** A scratch city: Beijing's departments and governance, with the given service files. */
function scratchCity(services: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "govchain-services-"));
  mkdirSync(path.join(dir, "services"));
  const city = JSON.parse(readFileSync(cityConfigPath(), "utf8")) as Record<string, unknown>;
  city.servicesDir = "services";
  writeFileSync(path.join(dir, "city.json"), JSON.stringify(city));
  for (const [name, body] of Object.entries(services)) {
    writeFileSync(path.join(dir, "services", name), JSON.stringify(body));
  }
  return path.join(dir, "city.json");
}

const licence = {
  code: "PERMIT",
  department: "MARKET",
  name: "A permit",
  maxValiditySeconds: 0,
  renewable: false,
  suspendable: false,
};

describe("service definitions (config/city.ts)", function () {
  it("the city's services add their certificate and case types, and the property register, to the city", function () {
    const city = loadCityConfig();
    expect(city.property?.registrar).to.equal("REGISTRY");
    expect(city.certificateTypes?.map((t) => t.code)).to.include.members(["BUSINESS_LICENCE", "PROPERTY_TITLE"]);
    expect(city.caseTypes?.map((t) => t.id)).to.include.members(["BUSINESS_LICENCE", "PROPERTY_SALE"]);
  });

  it("names a service's problem by its file and its own JSON path", function () {
    const file = scratchCity({
      "a.json": { service: "A", name: "A", certificateTypes: [licence] },
      "b.json": { service: "B", name: "B", certificateTypes: [licence, { ...licence, code: "X", department: "NOPE" }] },
    });
    expect(() => loadCityConfig(file))
      .to.throw(CityConfigError)
      .that.satisfies((e: Error) => {
        expect(e.message).to.match(/b\.json: certificateTypes\.1\.department: unknown department NOPE/);
        expect(e.message).to.match(/b\.json: certificateTypes\.0\.code: duplicate code PERMIT/);
        return true;
      });
  });

  it("refuses unknown fields, two services with one code and a second property register", function () {
    expect(() => loadCityConfig(scratchCity({ "a.json": { service: "A", name: "A", extra: 1 } }))).to.throw(
      /a\.json: \(root\): Unrecognized key/,
    );
    expect(() =>
      loadCityConfig(scratchCity({ "a.json": { service: "A", name: "A" }, "b.json": { service: "A", name: "B" } })),
    ).to.throw(/b\.json: service: A is also defined in .*a\.json/);
    const property = loadCityConfig().property;
    expect(() =>
      loadCityConfig(
        scratchCity({
          "a.json": { service: "A", name: "A", property },
          "b.json": { service: "B", name: "B", property },
        }),
      ),
    ).to.throw(/b\.json: property: the city already has a property register/);
  });
});
