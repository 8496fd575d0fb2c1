import { expect } from "chai";
import { encodeBytes32String, FunctionFragment, Interface } from "ethers";
import hre, { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import {
  COUNCIL_FUNCTIONS,
  DIRECTORY_ONLY_FUNCTIONS,
  MANAGER_ONLY_FUNCTIONS,
  PERMISSIONS,
  PLATFORM_ROLES,
  SUITE_CONTRACTS,
  type PermissionRow,
} from "../../config/permissions.js";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

import { deployStaffedSuite, STAFFED, type StaffedSuite } from "../helpers/suite.js";
import { accessCases } from "./cases/access.js";
import { certificateCases } from "./cases/certificates.js";
import { workflowCases } from "./cases/workflow.js";
import { exchangeCases } from "./cases/exchange.js";
import { governanceCases } from "./cases/governance.js";
import { participantCases } from "./cases/participants.js";
import { propertyCases } from "./cases/property.js";
import { logisticsCases } from "./cases/logistics.js";
import { oneStopCases } from "./cases/onestop.js";
import { estateCases } from "./cases/estate.js";
import { financeCases } from "./cases/finance.js";
import { lenderCases } from "./cases/lender.js";
import { billCases } from "./cases/bills.js";
import type { MatrixCases } from "./types.js";

const CASES: MatrixCases = {
  ...accessCases,
  ...certificateCases,
  ...workflowCases,
  ...exchangeCases,
  ...propertyCases,
  ...governanceCases,
  ...participantCases,
  ...logisticsCases,
  ...oneStopCases,
  ...estateCases,
  ...financeCases,
  ...lenderCases,
  ...billCases,
};

const key = (row: PermissionRow) => `${row.contract}.${row.signature}`;

/** The staffed department whose officer or admin `address` is, from the fixture's staff map. */
function staffedDepartmentOf(s: StaffedSuite, address: string): string | undefined {
  return STAFFED.find((code) => [s.staff[code].officer.address, s.staff[code].admin.address].includes(address));
}

/**
 * `signer` as itself, except that `deactivate` runs once just before its first transaction or
 * signature: a case's setup (sent by the fixture's own staff signers) runs while the department
 * is active, and only the call under test meets the deactivated department.
 */
function deactivatingFirst(signer: HardhatEthersSigner, deactivate: () => Promise<void>): HardhatEthersSigner {
  let done: Promise<void> | undefined;
  const acting = new Set<PropertyKey>(["sendTransaction", "signTypedData", "signMessage"]);
  return new Proxy(signer, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (!acting.has(property)) return value.bind(target);
      return async (...args: unknown[]) => {
        await (done ??= deactivate());
        return value.apply(target, args);
      };
    },
  });
}

/** The deployed address of a suite contract, from the manifest. */
function targetOf(suite: StaffedSuite, contract: string): string {
  const entry = (suite.manifest.contracts as Record<string, string | { proxy: string }>)[contract];
  return typeof entry === "string" ? entry : entry.proxy;
}

describe("Permission matrix (config/permissions.ts)", function () {
  let connection: NetworkConnection;
  const suite = () => deployStaffedSuite(connection);
  const deployed = () => connection.networkHelpers.loadFixture(suite);
  before(async function () {
    connection = await network.create();
  });

  it("lists every state-changing function of every suite contract, and nothing else", async function () {
    for (const contract of SUITE_CONTRACTS) {
      const { abi } = await hre.artifacts.readArtifact(contract);
      const mutating = new Interface(abi).fragments
        .filter((f): f is FunctionFragment => f instanceof FunctionFragment && !f.constant)
        .map((f) => f.format("sighash"))
        .filter((signature) => !signature.startsWith("initialize("))
        .filter((signature) => !(MANAGER_ONLY_FUNCTIONS as readonly string[]).includes(signature))
        .filter((signature) => !(DIRECTORY_ONLY_FUNCTIONS as readonly string[]).includes(signature))
        .filter((signature) => contract !== "GovernanceCouncil" || !(signature in COUNCIL_FUNCTIONS));
      const listed = PERMISSIONS.filter((row) => row.contract === contract).map((row) => row.signature);
      expect([...listed].sort(), `${contract}: table rows vs ABI`).to.deep.equal([...mutating].sort());
    }
  });

  it("lets only the AccessManager itself call the functions that need no row", async function () {
    const s = await deployed();
    for (const contract of SUITE_CONTRACTS) {
      const target = await connection.ethers.getContractAt(contract, targetOf(s, contract));
      for (const caller of [s.operator, s.stranger]) {
        await expect(target.connect(caller).getFunction("setAuthority")(caller.address))
          .to.be.revertedWithCustomError(target, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
    }
  });

  it("lets only the directory report department activation changes to a module", async function () {
    const s = await deployed();
    // The council is no department module: it takes no activation reports (it reads the directory live).
    for (const contract of SUITE_CONTRACTS.filter((c) => c !== "DepartmentDirectory" && c !== "GovernanceCouncil")) {
      const target = await connection.ethers.getContractAt(contract, targetOf(s, contract));
      for (const caller of [s.operator, s.staff.TAX.admin, s.stranger]) {
        await expect(target.connect(caller).getFunction("departmentActiveChanged")(encodeBytes32String("TAX"), false))
          .to.be.revertedWithCustomError(target, "DepartmentGatedUnauthorizedDirectory")
          .withArgs(caller.address);
      }
    }
  });

  it("has a matrix case for every row", function () {
    expect(PERMISSIONS.map(key).filter((k) => CASES[k] === undefined)).to.deep.equal([]);
  });

  it("is applied on chain by the deploy", async function () {
    const s = await deployed();
    for (const row of PERMISSIONS) {
      const role = await s.manager.getTargetFunctionRole(
        targetOf(s, row.contract),
        FunctionFragment.from(row.signature).selector,
      );
      expect(role, key(row)).to.equal(PLATFORM_ROLES[row.role]);
    }
  });

  for (const row of PERMISSIONS) {
    describe(key(row), function () {
      it(`allows ${row.guard ?? row.role}`, async function () {
        const s = await deployed();
        const testCase = CASES[key(row)];
        if (testCase.succeed) {
          await testCase.succeed(s, connection);
        } else {
          await (await testCase.call(s, testCase.allowed(s), connection)).wait();
        }
      });

      it("refuses every other department's officer and admin, and a stranger", async function () {
        const s = await deployed();
        const testCase = CASES[key(row)];
        const allowed = testCase.allowed(s).address;
        const denied = testCase.deniedWith?.(s) ?? {
          contract: await connection.ethers.getContractAt(row.contract, targetOf(s, row.contract)),
          error: "AccessManagedUnauthorized",
        };
        const callers = [s.stranger, ...STAFFED.flatMap((code) => [s.staff[code].officer, s.staff[code].admin])].filter(
          (signer) => signer.address !== allowed,
        );
        for (const caller of callers) {
          await expect(
            testCase.call(s, caller, connection),
            `${key(row)} as ${caller.address}`,
          ).to.be.revertedWithCustomError(denied.contract, denied.error);
        }
      });

      // Role rows (operator, upgrader) are called by no department; PUBLIC rows check a department inside.
      if (row.role !== "PUBLIC") return;
      it("refuses the allowed caller once its department is deactivated, naming the cause", async function () {
        const s = await deployed();
        const testCase = CASES[key(row)];
        const allowed = testCase.allowed(s);
        const department = testCase.deactivated?.department ?? staffedDepartmentOf(s, allowed.address);
        // Contract callers (issueFor) and consent subjects belong to no department.
        if (department === undefined) this.skip();
        const code = encodeBytes32String(department);
        const caller = deactivatingFirst(allowed, async () => {
          await (await s.directory.connect(s.operator).setDepartmentActive(code, false)).wait();
        });
        const rowContract = await connection.ethers.getContractAt(row.contract, targetOf(s, row.contract));
        const denied = testCase.deactivated?.deniedWith?.(s) ?? {
          contract: rowContract,
          error: "DepartmentGatedInactiveDepartment",
        };
        const args = denied.args ?? [code, allowed.address];
        const refusal = expect(
          testCase.call(s, caller, connection),
          `${key(row)} by deactivated ${department}`,
        ).to.be.revertedWithCustomError(denied.contract, denied.error);
        await (args.length > 0 ? refusal.withArgs(...args) : refusal);
        expect((await s.directory.department(code)).active, "the department was deactivated").to.equal(false);
      });
    });
  }
});
