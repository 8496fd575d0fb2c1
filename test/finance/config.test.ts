import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { cityConfigPath, loadCityConfig } from "../../config/city.js";

// Service files are edited as plain JSON here (the point is to break them); the loader types them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const servicesDir = path.join(path.dirname(cityConfigPath()), "..", "services");
const read = (name: string) => JSON.parse(readFileSync(path.join(servicesDir, name), "utf8")) as Json;

/** Beijing with the real-estate, enterprise-identity and SME-finance services, the last two edited by `edit`. */
function cityWith(edit: (identity: Json, sme: Json) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), "govchain-finance-"));
  mkdirSync(path.join(dir, "services"));
  const city = JSON.parse(readFileSync(cityConfigPath(), "utf8")) as Record<string, unknown>;
  city.servicesDir = "services";
  writeFileSync(path.join(dir, "city.json"), JSON.stringify(city));
  const identity = read("enterprise-identity.json");
  const sme = read("sme-finance.json");
  edit(identity, sme);
  for (const [name, body] of [
    ["real-estate.json", read("real-estate.json")],
    ["enterprise-identity.json", identity],
    ["sme-finance.json", sme],
  ] as const) {
    writeFileSync(path.join(dir, "services", name), JSON.stringify(body));
  }
  return path.join(dir, "city.json");
}

describe("finance service definitions (config/finance.ts)", function () {
  it("Beijing runs both, merged into the city", function () {
    const city = loadCityConfig();
    expect(city.enterpriseIdentity?.issuer).to.equal("MARKET");
    expect(city.lending?.lenderRole).to.equal("LENDER");
    expect(city.participantRoles?.map((r) => r.code)).to.include("LENDER");
  });

  it("names each problem with its file and JSON path", function () {
    const file = cityWith((identity, sme) => {
      identity.certificateTypes[1].managed = false;
      identity.enterpriseIdentity.accountOpening.datasets[0].owner = "NOPE";
      sme.lending.legalBasisDepartment = "NOWHERE";
      sme.lending.lenderRole = "BROKER";
    });
    expect(() => loadCityConfig(file))
      .to.throw(/enterpriseIdentity\.mandateCertificateType: certificate type ENTERPRISE_MANDATE must be "managed"/)
      .and.to.match(/enterpriseIdentity\.accountOpening\.datasets\.0\.owner: unknown department NOPE/)
      .and.to.match(/lending\.legalBasisDepartment: unknown department NOWHERE/)
      .and.to.match(/lending\.lenderRole: unknown participant role BROKER/);
  });

  it("refuses unknown fields in the sections", function () {
    const file = cityWith((identity) => {
      identity.enterpriseIdentity.extra = true;
    });
    expect(() => loadCityConfig(file)).to.throw(/enterprise-identity\.json: enterpriseIdentity: Unrecognized key/);
  });
});
