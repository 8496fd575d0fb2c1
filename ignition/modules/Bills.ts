import type {
  CallableContractFuture,
  Future,
  IgnitionModule,
  IgnitionModuleBuilder,
} from "@nomicfoundation/ignition-core";
import { encodeBytes32String } from "ethers";

import type { CityConfig } from "../../config/city.js";
import { applyPermissions, deployProxied } from "./governed.js";

type AnyContract = CallableContractFuture<string>;

/**
 * E-bills (docs/SERVICES.md "E-bills"), inside the Suite module (deployed for every city, like the participant
 * registry; a city without bill types leaves them unbound): AccreditedIssuance, the one authorised issuer of
 * every certificate type with an `issuerRole`, bound to that role; and BillReimbursement, with the city's
 * `reimbursableBills`. Both behind UUPS proxies with their permissions. `after`: the certificate types must be
 * registered and the participant roles defined first (the bindings check both).
 */
export function deployBills(
  m: IgnitionModuleBuilder,
  city: CityConfig,
  contracts: {
    GovAccessManager: AnyContract;
    DepartmentDirectory: AnyContract;
    CertificateRegistry: AnyContract;
    ParticipantRegistry: AnyContract;
  },
  after: Array<Future | IgnitionModule>,
): { AccreditedIssuance: AnyContract; BillReimbursement: AnyContract } {
  const args = [
    contracts.GovAccessManager,
    contracts.DepartmentDirectory,
    contracts.CertificateRegistry,
    contracts.ParticipantRegistry,
  ];
  const { proxy: issuance } = deployProxied(m, "AccreditedIssuance", args, after);
  const { proxy: reimbursement } = deployProxied(m, "BillReimbursement", args, after);
  const permissions = [
    ...applyPermissions(m, contracts.GovAccessManager, "AccreditedIssuance", issuance),
    ...applyPermissions(m, contracts.GovAccessManager, "BillReimbursement", reimbursement),
  ];
  for (const type of (city.certificateTypes ?? []).filter((t) => t.issuerRole !== undefined)) {
    const code = encodeBytes32String(type.code);
    const authorised = m.call(contracts.CertificateRegistry, "setIssuerAuthorised", [code, issuance, true], {
      id: `authorise_AccreditedIssuance_${type.code}`,
      after,
    });
    m.call(issuance, "setIssuerRole", [code, encodeBytes32String(type.issuerRole!)], {
      id: `setIssuerRole_${type.code}`,
      after: [authorised, ...permissions],
    });
  }
  for (const bill of city.reimbursableBills ?? []) {
    m.call(
      reimbursement,
      "setBillType",
      [encodeBytes32String(bill.certificateType), encodeBytes32String(bill.reimburserRole)],
      { id: `setBillType_${bill.certificateType}`, after: permissions },
    );
  }
  return { AccreditedIssuance: issuance, BillReimbursement: reimbursement };
}
