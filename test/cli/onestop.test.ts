import { expect } from "chai";

import { cliRunner, failed } from "../helpers/cli.js";

/**
 * The one-stop commands' input checks: they fail before any network call, with one line and exit 1. (Their
 * happy paths go through the same SDK calls as test/onestop/*.test.ts.)
 */
describe("govchain CLI: onestop and benefits (input checks)", function () {
  this.timeout(120_000);
  const govchain = cliRunner(() => ({ LOCALHOST_RPC_URL: "http://127.0.0.1:9" }));

  it("documents both command groups", async function () {
    for (const group of ["onestop", "benefits"]) {
      const help = await govchain(group, "--help");
      expect(help.code, help.stderr).to.equal(0);
    }
    const help = await govchain("benefits", "--help");
    expect(help.stdout).to.match(/pay/).and.to.match(/open/);
  });

  it("refuses a malformed month, amount or case id in one line", async function () {
    const ref = `0x${"11".repeat(32)}`;
    failed(
      await govchain(
        "benefits",
        "pay",
        "1",
        "--department",
        "HRSS",
        "--period",
        "202613",
        "--amount",
        "1",
        "--ref",
        ref,
      ),
      /period.*202613.*YYYYMM/,
      "month 13",
    );
    failed(
      await govchain(
        "benefits",
        "pay",
        "1",
        "--department",
        "HRSS",
        "--period",
        "202612",
        "--amount",
        "1.234",
        "--ref",
        ref,
      ),
      /amount/,
      "three decimals",
    );
    failed(await govchain("onestop", "complete", "case-seven"), /caseId/, "a case id that is no number");
  });
});
