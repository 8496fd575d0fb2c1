/**
 * Permissions as code: which AccessManager role may call each restricted function of the suite.
 *
 * The deploy applies this table with `setTargetFunctionRole`; `test/access/permissions.matrix.test.ts`
 * walks it (the allowed caller succeeds, every other department's officer and a stranger are
 * refused) and fails when a state-changing function of a suite contract is missing from it.
 *
 * `PUBLIC` rows are still `restricted` (so an emergency stop halts them); their department rule is
 * checked inside the function and named in `guard`.
 */
export const PLATFORM_ROLES = {
  ADMIN: 0n,
  OPERATOR: 1n,
  UPGRADER: 2n,
  PUBLIC: 2n ** 64n - 1n,
} as const;

export type PlatformRole = keyof typeof PLATFORM_ROLES;

/** A rule that a PUBLIC-mapped function enforces itself, about the caller's department. */
export type DepartmentGuard =
  /** An admin of the department named in the call. */
  | "departmentAdmin"
  /** An officer of the department that owns the record the call touches. */
  | "departmentOfficer"
  /** The approver the dataset's classification requires (exchange: owner officer, owner admin, co-signer admin). */
  | "classificationApprover"
  /** Whoever relays the consent subject's EIP-712 signature (exchange consent revocation). */
  | "consentSubject";

export interface PermissionRow {
  /** The suite contract (artifact name). */
  contract: SuiteContract;
  /** Full function signature, as in the ABI. */
  signature: string;
  role: PlatformRole;
  guard?: DepartmentGuard;
}

export const SUITE_CONTRACTS = ["DepartmentDirectory", "DataExchange"] as const;
export type SuiteContract = (typeof SUITE_CONTRACTS)[number];

/** Every suite contract is a UUPS proxy: only the UPGRADER (granted with an execution delay) upgrades it. */
const upgradable = (contract: SuiteContract): PermissionRow => ({
  contract,
  signature: "upgradeToAndCall(address,bytes)",
  role: "UPGRADER",
});

export const PERMISSIONS: readonly PermissionRow[] = [
  // access/ — the department directory
  { contract: "DepartmentDirectory", signature: "registerDepartment(bytes32,string,uint8)", role: "OPERATOR" },
  { contract: "DepartmentDirectory", signature: "setDepartmentActive(bytes32,bool)", role: "OPERATOR" },
  { contract: "DepartmentDirectory", signature: "grantDepartmentAdmin(bytes32,address)", role: "OPERATOR" },
  { contract: "DepartmentDirectory", signature: "revokeDepartmentAdmin(bytes32,address)", role: "OPERATOR" },
  { contract: "DepartmentDirectory", signature: "setModuleClosed(address,bool)", role: "OPERATOR" },
  {
    contract: "DepartmentDirectory",
    signature: "grantOfficer(bytes32,address)",
    role: "PUBLIC",
    guard: "departmentAdmin",
  },
  {
    contract: "DepartmentDirectory",
    signature: "revokeOfficer(bytes32,address)",
    role: "PUBLIC",
    guard: "departmentAdmin",
  },
  upgradable("DepartmentDirectory"),

  // exchange/ — data sharing: catalogue, requests and grants, consent, receipts (docs/exchange.md)
  ...(
    [
      ["registerDataset(bytes32,bytes32,bytes32,bytes32,uint8,bool,bytes32)", "departmentOfficer"],
      ["updateDataset(bytes32,bytes32,bytes32)", "departmentOfficer"],
      ["reclassifyDataset(bytes32,uint8,bytes32)", "departmentAdmin"],
      ["retireDataset(bytes32)", "departmentOfficer"],
      ["requestAccess(bytes32,bytes32,bytes32,bytes32,bytes32,uint40,uint256)", "departmentOfficer"],
      ["approveRequest(uint256,bytes32,uint40)", "classificationApprover"],
      ["countersignRequest(uint256)", "classificationApprover"],
      ["rejectRequest(uint256,bytes32)", "classificationApprover"],
      ["revokeGrant(uint256,bytes32)", "departmentOfficer"],
      ["setGrantSubmitter(uint256,address)", "departmentOfficer"],
      ["recordConsent(bytes32,bytes32,bytes32,bytes32,address,uint40)", "departmentOfficer"],
      ["revokeConsent(uint256,uint256,uint256,bytes)", "consentSubject"],
    ] as const
  ).map(([signature, guard]): PermissionRow => ({ contract: "DataExchange", signature, role: "PUBLIC", guard })),
  { contract: "DataExchange", signature: "setReceiptLog(address)", role: "OPERATOR" },
  upgradable("DataExchange"),
  // Receipts are recorded by the ReceiptLog, a plain contract outside the AccessManager (gas:
  // docs/exchange.md); it accepts a grant's submitter key or a grantee officer, tested in test/exchange/.
];

/**
 * Functions every suite contract inherits that only the AccessManager itself may call (it does
 * so from ADMIN_ROLE-only functions such as `updateAuthority`), so they need no row.
 */
export const MANAGER_ONLY_FUNCTIONS = ["setAuthority(address)"] as const;

/** The rows of one contract grouped by role, as `setTargetFunctionRole` takes them. */
export function permissionsByRole(contract: SuiteContract): Map<PlatformRole, string[]> {
  const byRole = new Map<PlatformRole, string[]>();
  for (const row of PERMISSIONS.filter((r) => r.contract === contract)) {
    byRole.set(row.role, [...(byRole.get(row.role) ?? []), row.signature]);
  }
  return byRole;
}
