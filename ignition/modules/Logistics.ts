import type { CallableContractFuture, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";
import { encodeBytes32String } from "ethers";

import type { AirportLogisticsConfig, CityConfig, PortClearanceConfig } from "../../config/city.js";
import { applyPermissions, deployProxied } from "./governed.js";

type AnyContract = CallableContractFuture<string>;

/** The suite contracts the logistics contracts are wired to. */
export interface LogisticsWiring {
  GovAccessManager: AnyContract;
  DepartmentDirectory: AnyContract;
  Workflow: AnyContract;
  ParticipantRegistry: AnyContract;
}

const code = (s: string) => encodeBytes32String(s);

/** `Shipments.initialize`'s wiring and document kinds, from the city's `airportLogistics` section. */
export function shipmentsInit(config: AirportLogisticsConfig, participants: unknown, workflow: unknown) {
  return [
    {
      participants,
      workflow,
      clearanceCaseType: code(config.clearanceCaseType),
      creatorRole: code(config.creatorRole),
      releaserRole: code(config.releaserRole),
    },
    config.documentKinds.map((k) => ({ kind: code(k.kind), role: code(k.role), required: k.required })),
  ];
}

/** `ContainerClearance.initialize`'s wiring, offices and terminal roles, from the city's `portClearance`. */
export function containerClearanceInit(config: PortClearanceConfig, participants: unknown, workflow: unknown) {
  return [
    {
      participants,
      workflow,
      declarantRole: code(config.declarantRole),
      clearanceCaseType: code(config.clearanceCaseType),
      holdLiftCaseType: code(config.holdLiftCaseType),
    },
    config.customsOffices.map(code),
    config.terminalRoles.map(code),
  ];
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
    const { proxy } = deployProxied(m, "Shipments", [
      manager,
      directory,
      ...shipmentsInit(city.airportLogistics, participants, workflow),
    ]);
    applyPermissions(m, manager, "Shipments", proxy);
    deployed.Shipments = proxy;
  }
  if (city.portClearance !== undefined) {
    const { proxy } = deployProxied(m, "ContainerClearance", [
      manager,
      directory,
      ...containerClearanceInit(city.portClearance, participants, workflow),
    ]);
    applyPermissions(m, manager, "ContainerClearance", proxy);
    deployed.ContainerClearance = proxy;
  }
  return deployed;
}
