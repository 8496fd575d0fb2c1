import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { cityNames } from "../../cli/format/names.js";
import {
  cityConfigPath,
  CityConfigError,
  cityJurisdiction,
  departmentJurisdiction,
  loadCityConfig,
} from "../../config/city.js";

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

/** A scratch city file: Beijing's, changed by `edit`, with the given service files. */
interface CityJson {
  departments: unknown[];
  jurisdictions: Record<string, unknown>[];
}
function editedCity(edit: (city: CityJson) => void, services: Record<string, unknown> = {}): string {
  const file = scratchCity(services);
  const city = JSON.parse(readFileSync(file, "utf8")) as CityJson;
  edit(city);
  writeFileSync(file, JSON.stringify(city));
  return file;
}

const haidianMarket = {
  code: "HAIDIAN_MARKET",
  kind: "government",
  name: "Haidian District Administration for Market Regulation",
  nameZh: "海淀区市场监督管理局",
  jurisdiction: "HAIDIAN",
};

describe("jurisdictions (config/city.ts)", function () {
  it("Beijing lists itself, five districts and its port-clearance neighbours; a department without one belongs to the city", function () {
    const city = loadCityConfig();
    expect(city.jurisdictions?.map((j) => j.code)).to.deep.equal([
      "BEIJING",
      "HAIDIAN",
      "XICHENG",
      "CHAOYANG",
      "SHUNYI",
      "ETDZ",
      "TIANJIN",
      "HEBEI",
    ]);
    expect(cityJurisdiction(city)?.code).to.equal("BEIJING");
    const psb = city.departments.find((d) => d.code === "PSB")!;
    expect(departmentJurisdiction(city, psb)?.code).to.equal("BEIJING");
    expect(departmentJurisdiction(city, { jurisdiction: "HAIDIAN" })?.nameZh).to.equal("海淀区");
  });

  it("accepts a district department appended with its jurisdiction, and shows it in the CLI's names", function () {
    const file = editedCity((city) => city.departments.push(haidianMarket));
    expect(loadCityConfig(file).departments.at(-1)?.jurisdiction).to.equal("HAIDIAN");
    const before = process.env.GOVCHAIN_CITY_CONFIG;
    process.env.GOVCHAIN_CITY_CONFIG = file;
    try {
      const names = cityNames("Beijing");
      expect(names.jurisdictions.get("HAIDIAN_MARKET")?.code).to.equal("HAIDIAN");
      expect(names.jurisdictions.get("TAX")?.code).to.equal("BEIJING");
    } finally {
      if (before === undefined) delete process.env.GOVCHAIN_CITY_CONFIG;
      else process.env.GOVCHAIN_CITY_CONFIG = before;
    }
  });

  it("refuses an unknown jurisdiction, a parent listed after (or never), and a duplicate code, by file and path", function () {
    const unknown = editedCity((city) => city.departments.push({ ...haidianMarket, jurisdiction: "PINGGU" }));
    expect(() => loadCityConfig(unknown)).to.throw(
      /city\.json: departments\.\d+\.jurisdiction: unknown jurisdiction PINGGU \(known: BEIJING, HAIDIAN/,
    );
    const orphan = editedCity((city) =>
      city.jurisdictions.push({ code: "WUQING", name: "Wuqing", parent: "LANGFANG" }),
    );
    expect(() => loadCityConfig(orphan)).to.throw(
      /city\.json: jurisdictions\.\d+\.parent: unknown jurisdiction LANGFANG \(a parent is listed before its districts\)/,
    );
    const twice = editedCity((city) => city.jurisdictions.push({ code: "HAIDIAN", name: "Haidian again" }));
    expect(() => loadCityConfig(twice)).to.throw(/city\.json: jurisdictions\.\d+\.code: duplicate code HAIDIAN/);
    const typo = editedCity((city) => (city.jurisdictions[1].nameZ = "海淀"));
    expect(() => loadCityConfig(typo)).to.throw(/city\.json: jurisdictions\.1: Unrecognized key/);
  });

  it("a case type may require departments of different jurisdictions (a district office and a city bureau)", function () {
    const file = editedCity((city) => city.departments.push(haidianMarket), {
      "one-stop.json": {
        service: "HAIDIAN_ONE_STOP",
        name: "Haidian one-stop",
        caseTypes: [
          {
            id: "HAIDIAN_ESTABLISHMENT",
            name: "Enterprise establishment (Haidian)",
            owner: "departments",
            openerDepartment: "HAIDIAN_MARKET",
            stages: [{ durationSeconds: 0, departments: [{ code: "HAIDIAN_MARKET" }, { code: "TAX" }] }],
          },
        ],
      },
    });
    const city = loadCityConfig(file);
    const type = city.caseTypes!.find((t) => t.id === "HAIDIAN_ESTABLISHMENT")!;
    const jurisdictions = type.stages[0].departments.map(
      (d) =>
        departmentJurisdiction(
          city,
          city.departments.find((x) => x.code === d.code)!,
        )?.code,
    );
    expect(jurisdictions).to.deep.equal(["HAIDIAN", "BEIJING"]);
  });
});

describe("datasets in service definitions (config/city.ts)", function () {
  const dataset = {
    name: "vendor-record",
    owner: "PSB",
    classification: "restricted",
    fields: ["name"],
    endpoint: "https://psb.example.gov.cn/api/vendors",
  };

  it("the city's data-sharing service declares the household register", function () {
    const households = loadCityConfig().datasets?.find((d) => d.name === "household-register");
    expect(households).to.include({ owner: "PSB", classification: "internal", personal: false });
  });

  it("names a dataset's problem by its service file and JSON path", function () {
    const at = (body: Record<string, unknown>) =>
      loadCityConfig.bind(null, scratchCity({ "a.json": { service: "A", name: "A", datasets: [dataset, body] } }));
    expect(at({ ...dataset, name: "b", owner: "NOPE" })).to.throw(
      /a\.json: datasets\.1\.owner: unknown department NOPE/,
    );
    expect(at({ ...dataset, name: "b", classification: "confidential" })).to.throw(
      /a\.json: datasets\.1\.cosigner: a confidential dataset needs a co-signing department/,
    );
    expect(at({ ...dataset, name: "b", classification: "secret" })).to.throw(/a\.json: datasets\.1\.classification: /);
    expect(at({ ...dataset })).to.throw(/a\.json: datasets\.1\.name: duplicate dataset PSB\/vendor-record/);
    expect(at({ ...dataset, name: "Vendor Record" })).to.throw(/a\.json: datasets\.1\.name: must be 1-64 characters/);
    expect(at({ ...dataset, name: "b", fields: [] })).to.throw(/a\.json: datasets\.1\.fields: /);
    // Two owners may each have a dataset of the same name: the id is per owner.
    expect(at({ ...dataset, owner: "TAX" })).not.to.throw();
  });
});
