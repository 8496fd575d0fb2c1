/**
 * The SDK as an agency gets it: `npm pack`, the tarball installed into a scratch project in a temp
 * folder (no repository around it), then used against a `hardhat node` with the suite deployed:
 *   - the packaged `govchain` bin issues a certificate (signing with a node account) and verifies it, staffs
 *     departments through the council (`staff`), lists its proposals (`governance list`) and says who holds
 *     which role (`whoami`);
 *   - a JavaScript module (.mjs) verifies it and reads the departments;
 *   - the same in TypeScript, type-checked by tsc against the package's declarations, then run;
 *   - a misuse of the types must fail tsc (the types are real, not `any`).
 * The agency-side files are in scripts/package-consumer/ (not under test/: Mocha would load them).
 * Exit 1 on the first failure. `npm run package:check` (CI: .ci/run).
 */
import { execFileSync, type ExecFileSyncOptions } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { JsonRpcProvider } from "ethers";

import { encodeDepartmentCode } from "../sdk/access/departments.js";
import { encodeCall, GovChain, loadManifest } from "../sdk/index.js";
import { HardhatNode } from "../test/helpers/node.js";

const repo = path.resolve(import.meta.dirname, "..");
const work = mkdtempSync(path.join(tmpdir(), "govchain-package-"));
const app = path.join(work, "agency-app");
const deploymentId = `package-check-${process.pid}`;

function run(command: string, args: string[], options: ExecFileSyncOptions = {}): string {
  return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options }) as string;
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`package check failed: ${what}`);
  console.log(`ok  ${what}`);
}

let node: HardhatNode | undefined;
let provider: JsonRpcProvider | undefined;
try {
  // 1. Pack (prepack builds the contracts' types and dist/) and look inside.
  // GOVCHAIN_PACKAGE_TGZ: check a tarball packed before (while working on this script) instead of packing.
  let started = Date.now();
  const reuse = process.env.GOVCHAIN_PACKAGE_TGZ;
  const [packed] = JSON.parse(
    reuse === undefined
      ? run("npm", ["pack", "--json", "--pack-destination", work], { cwd: repo })
      : run("npm", ["pack", "--json", "--dry-run", "--ignore-scripts", reuse], { cwd: work }),
  ) as { filename: string; size: number; files: { path: string }[] }[];
  const tarball = reuse === undefined ? path.join(work, packed.filename) : path.resolve(reuse);
  const files = packed.files.map((f) => f.path);
  console.log(
    `packed ${packed.filename}: ${files.length} files, ${(packed.size / 1024).toFixed(0)} KiB (${Date.now() - started} ms)`,
  );
  check(/^govchain-\d+\.\d+\.\d+.*\.tgz$/.test(packed.filename), `the tarball is govchain-<version>.tgz`);
  for (const needed of ["dist/sdk/index.js", "dist/sdk/index.d.ts", "dist/cli/standalone.js", "bin/govchain.js"]) {
    check(files.includes(needed), `the package holds ${needed}`);
  }
  check(
    files.some((f) => f.startsWith("dist/typechain-types/factories/contracts/")),
    "the package holds the contracts' ABIs and TypeChain types",
  );
  const shipped = files.filter((f) => /^(test|contracts|artifacts|cache|node_modules|cli|sdk|scripts)\//.test(f));
  check(shipped.length === 0, `no tests, sources, build cache or node_modules shipped (${shipped.join(", ")})`);

  // 2. A fresh project installs the tarball (its dependencies come from the registry).
  mkdirSync(app);
  writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "agency-app", private: true, type: "module" }));
  started = Date.now();
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball], { cwd: app });
  console.log(`installed into ${app} (${Date.now() - started} ms)`);

  // 3. A node with the suite deployed (by the repository's CLI) and MARKET staffed.
  node = await HardhatNode.start();
  const deployments = path.join(work, "deployments");
  run(process.execPath, [path.join(repo, "bin/govchain.js"), "deploy"], {
    cwd: repo,
    env: {
      ...process.env,
      LOCALHOST_RPC_URL: node.url,
      GOVCHAIN_DEPLOYMENTS_DIR: deployments,
      GOVCHAIN_DEPLOYMENT_ID: deploymentId,
    },
  });
  const manifestFile = path.join(deployments, "localhost.json");
  provider = new JsonRpcProvider(node.url, undefined, { cacheTimeout: -1 });
  const accounts = (await provider.send("eth_accounts", [])) as string[];
  const manifest = loadManifest(manifestFile);
  const as = async (i: number) =>
    GovChain.connect(await provider!.getSigner(accounts[i]), manifest, { concurrent: false });
  // The deployer holds nothing after the handover: SERVICE's admin (account 1), the development council's
  // member, appoints MARKET's admin through a council proposal, which executes at once.
  const council = await as(1);
  const appoint = encodeCall(council.access.contract, "grantDepartmentAdmin", [
    encodeDepartmentCode("MARKET"),
    accounts[2],
  ]);
  const outcome = await (await council.governance!.propose("SERVICE", [appoint], "appoint MARKET's admin")).wait();
  if (outcome.state !== "executed") throw new Error(`the council's proposal ${outcome.id} is ${outcome.state}`);
  await (await (await as(2)).access.grantOfficer("MARKET", accounts[3])).wait();

  // 4. The packaged bin, outside the repository: issue (a write, signed by node account 3) and verify (a read).
  const bin = path.join(app, "node_modules", ".bin", "govchain");
  const cli = (...args: string[]) =>
    run(bin, ["--rpc-url", node!.url, "--manifest", manifestFile, ...args], { cwd: app });
  const document = path.join(app, "licence.json");
  writeFileSync(path.join(app, "fields.json"), JSON.stringify({ name: "Noodle House", address: "1 Main St" }));
  const issued = JSON.parse(
    cli(
      "--json",
      "-a",
      "3",
      "certificates",
      "issue",
      "--type",
      "FOOD_LICENCE",
      "--subject",
      "9111A",
      "--fields",
      "fields.json",
      "--out",
      document,
    ),
  ) as { status: string };
  check(issued.status === "active", `the packaged bin issued a certificate (${issued.status})`);
  const verified = JSON.parse(cli("--json", "certificates", "verify", document)) as { valid: boolean };
  check(verified.valid, "the packaged bin verified it");
  const listed = JSON.parse(cli("--json", "departments", "list")) as { code: string }[];
  check(
    listed.some((d) => d.code === "MARKET"),
    "the packaged bin listed the departments",
  );
  // The council's commands from the packaged bin: staff (a council proposal for the new PSB admin, signed by
  // SERVICE's admin, which the development council executes at once; MARKET's officer from MARKET's admin),
  // governance list, whoami.
  const staffFile = path.join(app, "staff.json");
  writeFileSync(
    staffFile,
    JSON.stringify({ departments: { PSB: { admins: [accounts[5]] }, MARKET: { officers: [accounts[4]] } } }),
  );
  const staffed = JSON.parse(cli("--json", "-a", "1", "staff", staffFile)) as {
    governedByCouncil: boolean;
    departments: { department: string; adminsAppointed: number; officersAppointed: number; pending: string }[];
  };
  check(
    staffed.governedByCouncil &&
      staffed.departments.find((d) => d.department === "PSB")?.adminsAppointed === 1 &&
      /--account/.test(staffed.departments.find((d) => d.department === "MARKET")?.pending ?? ""),
    `the packaged bin staffed PSB's admin through the council, MARKET's officer left to its admin (${JSON.stringify(staffed.departments)})`,
  );
  const staffedOfficer = JSON.parse(cli("--json", "-a", "2", "staff", staffFile)) as typeof staffed;
  check(
    staffedOfficer.departments.find((d) => d.department === "MARKET")?.officersAppointed === 1,
    "the packaged bin appointed MARKET's officer from MARKET's admin key",
  );
  const proposals = JSON.parse(cli("--json", "governance", "list")) as { state: string; description: string }[];
  check(
    proposals.length === 2 && proposals.every((p) => p.state === "executed"),
    `the packaged bin listed the council's proposals (${proposals.map((p) => `${p.description}: ${p.state}`).join("; ")})`,
  );
  const who = (account: string) =>
    JSON.parse(cli("--json", "whoami", account)) as {
      councilSeats: string[];
      departments: { department: string; admin: boolean; officer: boolean }[];
    };
  check(who(accounts[1]).councilSeats.includes("SERVICE"), "whoami: account 1 holds SERVICE's council seat");
  check(
    who(accounts[5]).departments.some((d) => d.department === "PSB" && d.admin) &&
      who(accounts[4]).departments.some((d) => d.department === "MARKET" && d.officer),
    "whoami: the staff file's admin and officer hold their roles",
  );

  let refused = "";
  try {
    run(bin, ["departments", "list"], { cwd: app, env: { ...process.env, GOVCHAIN_RPC_URL: "" } });
  } catch (error) {
    refused = String((error as { stderr?: string }).stderr);
  }
  check(
    /^govchain: give the node's JSON-RPC URL/.test(refused.trim()),
    `without a node URL it says so in one line (${refused.trim()})`,
  );

  // 5. JavaScript (.mjs) importing "govchain".
  const expected = (out: string, what: string) => {
    const result = JSON.parse(out) as { valid: boolean; departments: string[] };
    check(
      result.valid && result.departments.includes("MARKET"),
      `${what}: verified the certificate and read the departments`,
    );
  };
  copyFileSync(path.join(repo, "scripts/package-consumer/consumer.mjs"), path.join(app, "consumer.mjs"));
  expected(run(process.execPath, ["consumer.mjs", node.url, manifestFile, document], { cwd: app }), "JavaScript");

  // 6. TypeScript: type-checked with tsc (the repository's compiler, the project's own settings), then run.
  const ts = path.join(app, "ts");
  mkdirSync(ts);
  copyFileSync(path.join(repo, "scripts/package-consumer/consumer.mts"), path.join(ts, "consumer.mts"));
  const tsconfig = (files: string[]) => ({
    compilerOptions: {
      module: "nodenext",
      moduleResolution: "nodenext",
      target: "es2022",
      strict: true,
      outDir: "build",
      types: ["node"],
      typeRoots: [path.join(repo, "node_modules", "@types")],
    },
    files,
  });
  writeFileSync(path.join(ts, "tsconfig.json"), JSON.stringify(tsconfig(["consumer.mts"])));
  const tsc = path.join(repo, "node_modules", "typescript", "bin", "tsc");
  run(process.execPath, [tsc, "-p", "."], { cwd: ts });
  check(true, "TypeScript: tsc type-checked consumer.mts against the package's declarations");
  expected(run(process.execPath, ["build/consumer.mjs", node.url, manifestFile, document], { cwd: ts }), "TypeScript");

  copyFileSync(path.join(repo, "scripts/package-consumer/misuse.mts"), path.join(ts, "misuse.mts"));
  writeFileSync(path.join(ts, "tsconfig.json"), JSON.stringify(tsconfig(["misuse.mts"])));
  let errors = "";
  try {
    run(process.execPath, [tsc, "-p", ".", "--noEmit"], { cwd: ts });
  } catch (error) {
    errors = String((error as { stdout?: string }).stdout);
  }
  check(
    (errors.match(/error TS/g) ?? []).length >= 3 && !errors.includes("TS2307"),
    "TypeScript: tsc refuses a misuse of the types (they are not any)",
  );
  console.log("package check passed");
} finally {
  provider?.destroy();
  await node?.stop();
  rmSync(path.join(repo, "ignition", "deployments", deploymentId), { recursive: true, force: true });
  if (process.env.GOVCHAIN_KEEP_PACKAGE_CHECK === undefined) rmSync(work, { recursive: true, force: true });
}
