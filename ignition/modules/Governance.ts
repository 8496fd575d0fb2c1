import type { CallableContractFuture, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { FunctionFragment } from "ethers";

import type { CityConfig, CouncilConfig, GovernanceProfile } from "../../config/city.js";
import { PERMISSIONS, PLATFORM_ROLES, type SuiteContract } from "../../config/permissions.js";
import { ACTION_CLASS_NAMES, type ActionClassName } from "../../sdk/governance/classes.js";
import { encodeDepartmentCode } from "../../sdk/access/departments.js";
import { applyPermissions, deployProxied } from "./governed.js";

type AnyContract = CallableContractFuture<string>;

/** The council a profile hands the platform roles to. */
export function councilOf(city: CityConfig, profile: GovernanceProfile): CouncilConfig {
  return profile === "city" ? city.governance.council : city.governance.developmentCouncil;
}

/**
 * The council's class table from `config/permissions.ts`: every OPERATOR row with a class below critical, on
 * the deployed contract. Everything else (UPGRADER and ADMIN calls, rows without a class) is critical by default
 * on chain, and the council classifies module closing and AccessManager calls from their arguments.
 */
export function classTable(contracts: Readonly<Record<string, AnyContract>>) {
  return PERMISSIONS.filter(
    (row) =>
      row.role === "OPERATOR" &&
      row.governance !== undefined &&
      row.governance !== "byArguments" &&
      row.governance !== "critical" &&
      // A module the city does not run (no property register, no logistics, no e-bills) has no rows to classify.
      contracts[row.contract] !== undefined,
  ).map((row) => ({
    target: contracts[row.contract],
    selector: FunctionFragment.from(row.signature).selector,
    actionClass: ACTION_CLASS_NAMES.indexOf(row.governance as ActionClassName),
  }));
}

/**
 * Deploys the governance council behind a UUPS proxy, initialised with the profile's members, class
 * rules and periods and the class table over the suite's contracts. It holds no role until the handover.
 * `after`: the member departments must be registered first.
 */
export function deployCouncil(
  m: IgnitionModuleBuilder,
  city: CityConfig,
  profile: GovernanceProfile,
  contracts: Readonly<Record<SuiteContract | "GovAccessManager", AnyContract>>,
  after: Parameters<typeof deployProxied>[3],
): AnyContract {
  const council = councilOf(city, profile);
  const rules = ACTION_CLASS_NAMES.map((name) => ({
    threshold: council.classes[name].threshold,
    delay: council.classes[name].delaySeconds,
  }));
  const { proxy } = deployProxied(
    m,
    "GovernanceCouncil",
    [
      contracts.GovAccessManager,
      contracts.DepartmentDirectory,
      council.members.map((member) => ({ department: encodeDepartmentCode(member.department), weight: member.weight })),
      rules,
      council.votingPeriodSeconds,
      council.executionWindowSeconds,
      classTable(contracts),
    ],
    after,
  );
  applyPermissions(m, contracts.GovAccessManager, "GovernanceCouncil", proxy);
  return proxy;
}

/** Initial admins of the council's member departments, by department code (from the deploy's staff file). */
export type CouncilAdmins = Readonly<Record<string, readonly string[]>>;

/**
 * The handover, after everything else the deploy does (`suite`): the member departments get their first
 * admins (else the council could never act), the council gets ADMIN, OPERATOR and UPGRADER (UPGRADER with
 * the upgrade delay, so even the council schedules every upgrade in the AccessManager), every platform role
 * gets that delay as its grant delay (a new holder waits it out), and the deployer gives up all three.
 */
export function handoverModule(
  city: CityConfig,
  profile: GovernanceProfile,
  admins: CouncilAdmins,
  suite: ReturnType<typeof buildModule>,
) {
  return buildModule("Handover", (m) => {
    const deployer = m.getAccount(0);
    const contracts = m.useModule(suite) as unknown as Record<string, AnyContract>;
    const { GovAccessManager: manager, DepartmentDirectory: directory, GovernanceCouncil: council } = contracts;
    const delay = city.governance.upgradeDelaySeconds;
    const grants = councilOf(city, profile).members.flatMap((member) =>
      (admins[member.department] ?? []).map((account, i) =>
        m.call(directory, "grantDepartmentAdmin", [encodeDepartmentCode(member.department), account], {
          id: `councilAdmin_${member.department}_${i}`,
          after: [suite],
        }),
      ),
    );
    const toCouncil = [
      m.call(manager, "grantRole", [PLATFORM_ROLES.ADMIN, council, 0], { id: "handover_ADMIN", after: grants }),
      m.call(manager, "grantRole", [PLATFORM_ROLES.OPERATOR, council, 0], { id: "handover_OPERATOR", after: grants }),
      m.call(manager, "grantRole", [PLATFORM_ROLES.UPGRADER, council, delay], {
        id: "handover_UPGRADER",
        after: grants,
      }),
    ];
    const grantDelays = (["ADMIN", "OPERATOR", "UPGRADER"] as const).map((role) =>
      m.call(manager, "setGrantDelay", [PLATFORM_ROLES[role], delay], { id: `grantDelay_${role}`, after: toCouncil }),
    );
    const revoked = (["UPGRADER", "OPERATOR"] as const).map((role) =>
      m.call(manager, "revokeRole", [PLATFORM_ROLES[role], deployer], { id: `revoke_${role}`, after: grantDelays }),
    );
    m.call(manager, "renounceRole", [PLATFORM_ROLES.ADMIN, deployer], { id: "renounce_ADMIN", after: revoked });
    return contracts;
  });
}
