import type { CallableContractFuture, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";
import { encodeBytes32String } from "ethers";

import type { AirportLogisticsConfig, CityConfig, PortClearanceConfig } from "../../config/city.js";
import { applyPermissions } from "./governed.js";

type AnyContract = CallableContractFuture<string>;

/** The suite contracts the logistics contracts are wired to. */
export interface LogisticsWiring {
  GovAccessManager: AnyContract;
  DepartmentDirectory: AnyContract;
  Workflow: AnyContract;
  ParticipantRegistry: AnyContract;
}

const code = (s: string) => encodeBytes32String(s);

/** `Shipments`' constructor wiring and `initialize`'s document kinds, from the city's `airportLogistics` section. */
export function shipmentsArgs(config: AirportLogisticsConfig, participants: unknown, workflow: unknown) {
  return {
    wiring: {
      participants,
      workflow,
      clearanceCaseType: code(config.clearanceCaseType),
      creatorRole: code(config.creatorRole),
      releaserRole: code(config.releaserRole),
    },
    init: [config.documentKinds.map((k) => ({ kind: code(k.kind), role: code(k.role), required: k.required }))],
  };
}

/** `ContainerClearance`'s constructor wiring and `initialize`'s offices and terminal roles (`portClearance`). */
export function containerClearanceArgs(config: PortClearanceConfig, participants: unknown, workflow: unknown) {
  return {
    wiring: {
      participants,
      workflow,
      declarantRole: code(config.declarantRole),
      clearanceCaseType: code(config.clearanceCaseType),
      holdLiftCaseType: code(config.holdLiftCaseType),
    },
    init: [config.customsOffices.map(code), config.terminalRoles.map(code)],
  };
}

/**
 * Deploys `name` behind an ERC-1967 proxy with an implementation wired through constructor immutables (read on
 * the hot paths; `config()` reads them back for upgrades), as Property.ts does for the property registry.
 */
function deployWired(
  m: IgnitionModuleBuilder,
  name: "Shipments" | "ContainerClearance",
  wiring: unknown,
  initArgs: unknown[],
): AnyContract {
  const implementation = m.contract(name, [wiring as never], { id: `${name}Implementation` });
  const initData = m.encodeFunctionCall(implementation, "initialize", initArgs as never[]);
  const erc1967 = m.contract("ERC1967Proxy", [implementation, initData], { id: `${name}Proxy` });
  return m.contractAt(name, erc1967, { id: name });
}

/**
 * Airport logistics (`Shipments`) and port clearance (`ContainerClearance`), each behind a UUPS proxy with its
 * permissions, when the city runs the service (`airportLogistics`, `portClearance`). Called from Suite.ts inside
 * the suite's module, because both need the participant registry deployed there. Their case types (owners
 * "Shipments", "ContainerClearance") are registered by `registerOwnedCaseTypes` once these are in the suite's
 * contracts. Neither caches a department flag, so neither is a department listener.
 */
export function deployLogistics(
  m: IgnitionModuleBuilder,
  city: CityConfig,
  wiring: LogisticsWiring,
): Record<string, AnyContract> {
  const { GovAccessManager: manager, DepartmentDirectory: directory, Workflow: workflow } = wiring;
  const participants = wiring.ParticipantRegistry;
  const deployed: Record<string, AnyContract> = {};
  if (city.airportLogistics !== undefined) {
    const args = shipmentsArgs(city.airportLogistics, participants, workflow);
    const proxy = deployWired(m, "Shipments", args.wiring, [manager, directory, ...args.init]);
    applyPermissions(m, manager, "Shipments", proxy);
    deployed.Shipments = proxy;
  }
  if (city.portClearance !== undefined) {
    const args = containerClearanceArgs(city.portClearance, participants, workflow);
    const proxy = deployWired(m, "ContainerClearance", args.wiring, [manager, directory, ...args.init]);
    applyPermissions(m, manager, "ContainerClearance", proxy);
    deployed.ContainerClearance = proxy;
  }
  return deployed;
}
