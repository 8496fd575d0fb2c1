/**
 * `govchain services list | plan <file> | apply <file>`: a service is a definition (services/<name>.json, docs/SERVICES.md).
 * The diff is the SDK's (sdk/services); this file reads the files, prints, and routes the writes: types through
 * one routine council proposal (cli/council.ts), datasets through the owner department's officer.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import type { Command } from "commander";
import type { Signer } from "ethers";

import { cityConfigPath, CityConfigError, loadServiceConfig, loadServices } from "../../config/city.js";
import {
  applyDatasets,
  assertApplicable,
  councilCalls,
  deployedServices,
  GovChainError,
  planService,
  type DatasetsApplied,
  type DeployedItem,
  type GovChain,
  type ProposalOutcome,
  type ServiceDefinition,
  type ServicePlan,
  type SourcedDefinition,
} from "../../sdk/index.js";
import { runOperatorAction, printOutcome } from "../council.js";
import { govchain, type GlobalOptions } from "../context.js";
import { span } from "../format/time.js";
import { print, table } from "../output.js";

type Globals = () => GlobalOptions;

/** The service definitions of the city file (`GOVCHAIN_CITY_CONFIG`, else Beijing's), when it is this deployment's. */
export function cityServices(gov: GovChain, cityFile = cityConfigPath()): SourcedDefinition[] {
  let raw: { city?: unknown; servicesDir?: unknown };
  try {
    raw = JSON.parse(readFileSync(cityFile, "utf8")) as typeof raw;
  } catch {
    return []; // no city file (the packaged CLI elsewhere): items are listed without their service
  }
  if (raw.city !== gov.manifest.city || typeof raw.servicesDir !== "string") return [];
  // The packaged CLI ships the city file without its services folder: items are then listed without their service.
  if (!existsSync(path.resolve(path.dirname(cityFile), raw.servicesDir))) return [];
  return loadServices(cityFile, raw.servicesDir).map(({ file, service }) => ({
    file: path.relative(process.cwd(), file),
    definition: service as ServiceDefinition,
  }));
}

/** A definition file, validated (errors name the file and the JSON path). */
export function readDefinition(file: string): ServiceDefinition {
  try {
    return loadServiceConfig(file) as ServiceDefinition;
  } catch (error) {
    // The config error already names the file and the JSON path: it is the one line.
    if (error instanceof CityConfigError) throw new GovChainError(error.message, { cause: error });
    throw error;
  }
}

function describe(item: DeployedItem): string {
  if (item.kind === "certificateType") {
    const validity = item.maxValiditySeconds === 0n ? "no limit" : span(item.maxValiditySeconds);
    const rules = [item.renewable && "renewable", item.suspendable && "suspendable", item.managed && "managed"];
    return `${item.department}, validity ${validity}${rules
      .filter(Boolean)
      .map((r) => `, ${r}`)
      .join("")}`;
  }
  if (item.kind === "caseType") {
    const who = item.owner === "departments" ? `opened by ${item.openerDepartment}` : `owned by ${item.owner}`;
    const stages = item.stages
      .map(
        (s, i) =>
          `${i + 1}: ${s.departments.map((d) => (d.quorum > 1 ? `${d.code}×${d.quorum}` : d.code)).join("+")}` +
          (s.durationSeconds === 0 ? "" : ` in ${span(s.durationSeconds)}`),
      )
      .join(" → ");
    return `${who}; ${stages}`;
  }
  if (item.kind === "participantRole") return `accredited by officers of ${item.department}`;
  const cosigned = item.cosigner === undefined ? "" : `, co-signed by ${item.cosigner}`;
  return `${item.owner}, ${item.classification}${item.personal ? ", personal data" : ""}${cosigned}, v${item.version}`;
}

const KIND_LABEL = {
  certificateType: "certificate type",
  caseType: "case type",
  participantRole: "participant role",
  dataset: "dataset",
} as const;

/** `services list`: what is deployed, and which service file each belongs to. */
export async function listServices(gov: GovChain, options: GlobalOptions): Promise<DeployedItem[]> {
  const items = await deployedServices(gov, cityServices(gov));
  print(options, items, () =>
    table(
      items.map((item) => ({
        kind: KIND_LABEL[item.kind],
        code: item.code,
        service: item.service === undefined ? "(no definition)" : `${item.service} (${item.file})`,
        active: item.active,
        definition: describe(item),
      })),
    ),
  );
  return items;
}

function printPlan(options: GlobalOptions, plan: ServicePlan): void {
  print(options, plan, () => {
    if (plan.changes.length === 0 && plan.conflicts.length === 0) {
      console.log(`service ${plan.service}: nothing to do (${plan.unchanged.length} items deployed as defined)`);
      return;
    }
    console.log(`service ${plan.service}:`);
    for (const change of plan.changes) console.log(`  + ${change.summary}`);
    for (const item of plan.unchanged) console.log(`  = ${item} (deployed as defined)`);
    for (const conflict of plan.conflicts) console.log(`  ! ${conflict}`);
    const calls = councilCalls(plan).length;
    if (calls > 0) console.log(`  (the types go through one routine council proposal of ${calls} calls)`);
  });
}

/** `services plan <file>`: what applying would change; refuses (non-zero) when anything cannot be applied. */
export async function planServiceFile(gov: GovChain, options: GlobalOptions, file: string): Promise<ServicePlan> {
  const plan = await planService(gov, readDefinition(file));
  printPlan(options, plan);
  return assertApplicable(plan);
}

export interface ServiceApplied {
  service: string;
  /** The council proposal of the types (undefined: no types to add, or a deployment not yet handed over). */
  proposal?: ProposalOutcome;
  typesApplied: number;
  datasets: DatasetsApplied;
  nothingToDo: boolean;
}

/**
 * `services apply <file>`: the plan, refused whole if anything conflicts; then the types as one routine council
 * proposal (re-running approves the open one instead of making another) and the datasets the signer may register.
 */
export async function applyServiceFile(gov: GovChain, options: GlobalOptions, file: string): Promise<ServiceApplied> {
  const plan = assertApplicable(await planService(gov, readDefinition(file)));
  const calls = councilCalls(plan);
  const what = `apply service ${plan.service}`;
  const result: ServiceApplied = {
    service: plan.service,
    typesApplied: 0,
    datasets: { applied: [], waiting: [] },
    nothingToDo: plan.changes.length === 0,
  };
  if (calls.length > 0) {
    result.proposal = await runOperatorAction(gov, options, what, calls, async () => {
      // Before the handover (module tests' deployments) the operator's own key sends the same calls.
      const signer = gov.runner as Signer;
      for (const call of calls) await (await signer.sendTransaction({ to: call.target, data: call.data })).wait();
      return { wait: async () => undefined };
    });
    const executed = result.proposal === undefined || result.proposal.state === "executed";
    result.typesApplied = executed ? calls.length : 0;
  }
  result.datasets = await applyDatasets(gov, plan);
  if (options.json) {
    print(options, result);
    return result;
  }
  if (result.nothingToDo) {
    console.log(`${what}: nothing to do (${plan.unchanged.length} items deployed as defined)`);
    return result;
  }
  if (result.proposal !== undefined)
    printOutcome({ ...options, json: false }, `${what} (${calls.length} types)`, result.proposal);
  else if (calls.length > 0) console.log(`${what}: ${calls.length} types registered`);
  for (const d of result.datasets.applied)
    console.log(`${what}: dataset ${d.label} ${d.action === "register" ? "registered" : "updated"} (${d.id})`);
  for (const d of result.datasets.waiting) {
    console.log(
      `${what}: dataset ${d.label} waits for an officer of ${d.owner}: govchain services apply ${file} --account <officer> --network ${options.network}`,
    );
  }
  return result;
}

export function servicesCommand(program: Command, globals: Globals): void {
  const services = program
    .command("services")
    .description(
      "services as definitions (services/*.json): what is deployed, what a definition would change, apply it",
    );

  services
    .command("list")
    .description(
      "what is deployed (certificate types, case types, participant roles, datasets) and the service file each belongs to",
    )
    .action(async () => {
      const { gov } = await govchain(globals(), false);
      await listServices(gov, globals());
    });

  services
    .command("plan <file>")
    .description("print what applying a service definition would change on chain (nothing is sent)")
    .action(async (file: string) => {
      const { gov } = await govchain(globals(), false);
      await planServiceFile(gov, globals(), file);
    });

  services
    .command("apply <file>")
    .description(
      "apply a service definition: new types through one routine council proposal, datasets by the owner's officer (idempotent)",
    )
    .action(async (file: string) => {
      const { gov } = await govchain(globals(), true);
      await applyServiceFile(gov, globals(), file);
    });
}
