import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { cityConfigPath, CityConfigError, loadCityConfig } from "../../config/city.js";

/** Beijing with its services, e-bills replaced by `eBills` (edited copy of services/e-bills.json). */
function cityWith(edit: (eBills: Record<string, unknown[]>) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), "govchain-e-bills-"));
  mkdirSync(path.join(dir, "services"));
  const cityFile = cityConfigPath();
  const city = JSON.parse(readFileSync(cityFile, "utf8")) as { servicesDir: string };
  const servicesDir = path.resolve(path.dirname(cityFile), city.servicesDir);
  for (const name of ["e-licences.json", "real-estate.json", "e-bills.json"]) {
    const service = JSON.parse(readFileSync(path.join(servicesDir, name), "utf8")) as Record<string, unknown[]>;
    if (name === "e-bills.json") edit(service);
    writeFileSync(path.join(dir, "services", name), JSON.stringify(service));
  }
  writeFileSync(path.join(dir, "city.json"), JSON.stringify({ ...city, servicesDir: "services" }));
  return path.join(dir, "city.json");
}

describe("e-bills service definition (services/e-bills.json)", function () {
  it("gives Beijing two bill types issued by accredited participants and reimbursed by REIMBURSER", function () {
    const city = loadCityConfig();
    const bills = city.certificateTypes?.filter((t) => t.issuerRole !== undefined).map((t) => [t.code, t.issuerRole]);
    expect(bills).to.deep.equal([
      ["E_INVOICE", "INVOICE_ISSUER"],
      ["FISCAL_BILL", "FISCAL_BILL_ISSUER"],
    ]);
    expect(city.reimbursableBills?.map((b) => b.reimburserRole)).to.deep.equal(["REIMBURSER", "REIMBURSER"]);
    expect(city.participantRoles?.find((r) => r.code === "INVOICE_ISSUER")?.department).to.equal("TAX");
  });

  it("refuses an issuer role on an officer-issued type, or of another department, or undefined", function () {
    const types = (edit: (t: Record<string, unknown>[]) => void) =>
      cityWith((s) => edit(s.certificateTypes as Record<string, unknown>[]));
    expect(() => loadCityConfig(types((t) => (t[0].managed = false)))).to.throw(
      CityConfigError,
      /e-bills\.json: certificateTypes\.0\.issuerRole: certificate type E_INVOICE must be "managed"/,
    );
    expect(() => loadCityConfig(types((t) => (t[0].issuerRole = "REIMBURSER")))).to.throw(
      /certificateTypes\.0\.issuerRole: participant role REIMBURSER belongs to FINANCE, not to the type's department TAX/,
    );
    expect(() => loadCityConfig(types((t) => (t[1].issuerRole = "NOBODY")))).to.throw(
      /certificateTypes\.1\.issuerRole: unknown participant role NOBODY/,
    );
  });

  it("refuses a reimbursable bill of an unknown type or role", function () {
    const file = cityWith((s) => {
      s.reimbursableBills = [{ certificateType: "NO_TYPE", reimburserRole: "NO_ROLE" }];
    });
    expect(() => loadCityConfig(file))
      .to.throw(CityConfigError)
      .that.satisfies((e: Error) => {
        expect(e.message).to.match(
          /e-bills\.json: reimbursableBills\.0\.certificateType: unknown certificate type NO_TYPE/,
        );
        expect(e.message).to.match(/reimbursableBills\.0\.reimburserRole: unknown participant role NO_ROLE/);
        return true;
      });
  });
});
