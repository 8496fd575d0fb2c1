import type { ActionClassName } from "../sdk/governance/classes.js";

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
  /** A contract the operator authorised for the certificate type named in the call (certificates' `issueFor`). */
  | "authorisedIssuer"
  /** The case type's owner contract, or an officer of its opener department (workflow). */
  | "caseOpener"
  /** The case type's owner contract (or, for types without one, an officer of its opener department). */
  | "caseOwner"
  /** The approver the dataset's classification requires (exchange: owner officer, owner admin, co-signer admin). */
  | "classificationApprover"
  /** Whoever relays the consent subject's EIP-712 signature (exchange consent revocation). */
  | "consentSubject"
  /**
   * An account (not a department) accredited now in the participant registry, in the role the call's record or
   * wiring names, and, for a record with parties, that record's party in it: a shipment's merchant adds its invoice,
   * a utility step's provider confirms it, a bill type's issuer issues it, a reimburser locks a bill.
   */
  | "accreditedParticipant"
  /** Whoever relays the EIP-712 signature of the enterprise's representative key (bound by MARKET). */
  | "representativeSignature"
  /** The agent named in a live mandate, acting within its scope at its bank. */
  | "mandateAgent"
  /** An officer of the lender department named in the call or the loan, or the accredited participant lender itself. */
  | "lender"
  /** The certificate's accredited issuer, or an officer of the department that owns its issuer role. */
  | "issuerOrRoleOfficer"
  /** The reimbursing organisation that holds the bills' lock (bill reimbursement `unlock`). */
  | "lockHolder";

export interface PermissionRow {
  /** The suite contract (artifact name). */
  contract: SuiteContract;
  /** Full function signature, as in the ABI. */
  signature: string;
  role: PlatformRole;
  guard?: DepartmentGuard;
  /**
   * For OPERATOR rows: the class of a council proposal that calls the function (the deploy writes it to the
   * council's class table). "byArguments": the council decides from the call itself (a module closed is an
   * emergency, reopened is sensitive). Functions without a class, and every UPGRADER or ADMIN call, are critical.
   */
  governance?: ActionClassName | "byArguments";
}

export const SUITE_CONTRACTS = [
  "DepartmentDirectory",
  "CertificateRegistry",
  "Workflow",
  "DataExchange",
  "PropertyRegistry",
  "GovernanceCouncil",
  "ParticipantRegistry",
  "Shipments",
  "ContainerClearance",
  "OneStopServices",
  "UnemploymentBenefits",
  "EstateServices",
  "EnterpriseMandates",
  "LendingRegistry",
  "AccreditedIssuance",
  "BillReimbursement",
  "LenderAccess",
] as const;
export type SuiteContract = (typeof SUITE_CONTRACTS)[number];

/** Every suite contract is a UUPS proxy: only the UPGRADER (granted with an execution delay) upgrades it. */
const upgradable = (contract: SuiteContract): PermissionRow => ({
  contract,
  signature: "upgradeToAndCall(address,bytes)",
  role: "UPGRADER",
});

export const PERMISSIONS: readonly PermissionRow[] = [
  // access/ — the department directory
  {
    contract: "DepartmentDirectory",
    signature: "registerDepartment(bytes32,string,uint8)",
    role: "OPERATOR",
    governance: "routine",
  },
  {
    contract: "DepartmentDirectory",
    signature: "setDepartmentActive(bytes32,bool)",
    role: "OPERATOR",
    governance: "sensitive",
  },
  {
    contract: "DepartmentDirectory",
    signature: "grantDepartmentAdmin(bytes32,address)",
    role: "OPERATOR",
    governance: "sensitive",
  },
  {
    contract: "DepartmentDirectory",
    signature: "revokeDepartmentAdmin(bytes32,address)",
    role: "OPERATOR",
    governance: "sensitive",
  },
  {
    contract: "DepartmentDirectory",
    signature: "setModuleClosed(address,bool)",
    role: "OPERATOR",
    governance: "byArguments",
  },
  {
    contract: "DepartmentDirectory",
    signature: "setDepartmentListener(address,bool)",
    role: "OPERATOR",
    governance: "critical",
  },
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
  // access/ — participants: organisations accredited by a department without being one (bill issuers,
  // merchants, utility providers...); accrediting and revoking is the role's department's officers' work.
  {
    contract: "ParticipantRegistry",
    signature: "defineRole(bytes32,bytes32)",
    role: "OPERATOR",
    governance: "routine",
  },
  {
    contract: "ParticipantRegistry",
    signature: "accredit(bytes32,address,uint64,uint64,string)",
    role: "PUBLIC",
    guard: "departmentOfficer",
  },
  {
    contract: "ParticipantRegistry",
    signature: "revokeAccreditation(bytes32,address,bytes32)",
    role: "PUBLIC",
    guard: "departmentOfficer",
  },
  upgradable("ParticipantRegistry"),

  // certificates/ — e-licences and e-certificates; department rules checked against the type's owner
  ...certificateRows(),
  // workflow/ — business collaborative processing
  {
    contract: "Workflow",
    signature: "registerCaseType(bytes32,(address,bytes32,(bytes32,uint8,uint8)[],uint32[]))",
    role: "OPERATOR",
    governance: "routine",
  },
  { contract: "Workflow", signature: "setCaseTypeActive(bytes32,bool)", role: "OPERATOR", governance: "sensitive" },
  { contract: "Workflow", signature: "openCase(bytes32,bytes32,bytes32)", role: "PUBLIC", guard: "caseOpener" },
  { contract: "Workflow", signature: "resubmitCase(uint256,bytes32)", role: "PUBLIC", guard: "caseOpener" },
  { contract: "Workflow", signature: "withdrawCase(uint256,string)", role: "PUBLIC", guard: "caseOpener" },
  { contract: "Workflow", signature: "consumeCase(uint256)", role: "PUBLIC", guard: "caseOwner" },
  {
    contract: "Workflow",
    signature: "approve(uint256,bytes32,bytes32)",
    role: "PUBLIC",
    guard: "departmentOfficer",
  },
  {
    contract: "Workflow",
    signature: "reject(uint256,bytes32,string,bytes32)",
    role: "PUBLIC",
    guard: "departmentOfficer",
  },
  {
    contract: "Workflow",
    signature: "returnCase(uint256,bytes32,string,bytes32)",
    role: "PUBLIC",
    guard: "departmentOfficer",
  },
  upgradable("Workflow"),
  // exchange/ — data sharing: catalogue, requests and grants, consent, receipts (docs/EXCHANGE.md)
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
      // The officer of the department the consent is given to, relaying the subject key's EIP-712 signature.
      ["recordConsent((bytes32,bytes32,bytes32,bytes32,address,uint40),uint256,uint256,bytes)", "departmentOfficer"],
      ["revokeConsent(uint256,uint256,uint256,bytes)", "consentSubject"],
    ] as const
  ).map(([signature, guard]): PermissionRow => ({ contract: "DataExchange", signature, role: "PUBLIC", guard })),
  { contract: "DataExchange", signature: "setReceiptLog(address)", role: "OPERATOR", governance: "critical" },
  // Only for a grant whose owner department is deactivated (the contract checks): nobody else can revoke it.
  {
    contract: "DataExchange",
    signature: "revokeGrantOfInactiveOwner(uint256,bytes32)",
    role: "OPERATOR",
    governance: "sensitive",
  },
  upgradable("DataExchange"),

  // property/ — the real-estate register. Registrar rows: an officer of the configured registrar
  // department (REGISTRY), release cases included; mortgage rows: an officer of the bank named in
  // the call (a Bank department; the mortgage case must be approved by the registrar; release and
  // consent by the mortgage's own bank); freeze rows: an officer of the court named (a Court
  // department; release by that same court); resubmit/withdraw: an officer of the department that
  // opened the case (the bank for a mortgage case, else the registrar).
  ...[
    "registerUnit((bytes32,bytes32,bytes32,uint8,uint48,bytes32),(uint8,bytes32[],uint16[]))",
    "openTransfer(bytes32,uint8,(uint8,bytes32[],uint16[]),bytes32)",
    "executeTransfer(bytes32,uint256,uint8,(uint8,bytes32[],uint16[]))",
    "addEncumbrance(bytes32,uint8,bytes32,uint64,uint64,bytes32)",
    "openMortgage(bytes32,bytes32,uint64,uint64,bytes32)",
    "executeMortgage(bytes32,uint256,bytes32,uint64,uint64,bytes32)",
    "addFreeze(bytes32,bytes32,uint64,bytes32)",
    "releaseEncumbrance(bytes32,uint8,uint32,bytes32,bytes32)",
    "openRelease(bytes32,uint8,uint32,bytes32)",
    "executeRelease(bytes32,uint8,uint32,uint256,bytes32)",
    "resubmitCase(uint256,bytes32)",
    "withdrawCase(uint256,string)",
    "consentToTransfer(bytes32,uint8,uint32,bytes32,uint256)",
  ].map((signature): PermissionRow => ({
    contract: "PropertyRegistry",
    signature,
    role: "PUBLIC",
    guard: "departmentOfficer",
  })),
  { contract: "PropertyRegistry", signature: "setCaseType(uint8,bytes32)", role: "OPERATOR", governance: "sensitive" },
  {
    contract: "PropertyRegistry",
    signature: "setEncumbranceCaseType(uint8,bytes32)",
    role: "OPERATOR",
    governance: "sensitive",
  },
  upgradable("PropertyRegistry"),

  // governance/ — the council: only its upgrade goes through the AccessManager (UPGRADER, with the delay). Its
  // own entry points are outside it by design (COUNCIL_FUNCTIONS below): an emergency stop never locks it out.
  upgradable("GovernanceCouncil"),
  // Receipts are recorded by the ReceiptLog, a plain contract outside the AccessManager (gas:
  // docs/EXCHANGE.md); it accepts a grant's submitter key or a grantee officer, tested in test/exchange/.
  // logistics/ — airport shipments and port container clearance (docs/SERVICES.md). Participant rows: an account
  // accredited in the role named by the contract's wiring (and a shipment's party in it); `addDocument` and both
  // `release`s check the emergency stop themselves (gas) but are PUBLIC here like the rest.
  ...[
    "createShipment(bytes32,(bytes32,address)[])",
    "addDocument(bytes32,bytes32,bytes32)",
    "openClearance(bytes32,bytes32)",
    "recordClearance(bytes32)",
    "release(bytes32,bytes32)",
  ].map((signature): PermissionRow => ({
    contract: "Shipments",
    signature,
    role: "PUBLIC",
    guard: "accreditedParticipant",
  })),
  {
    contract: "Shipments",
    signature: "setDocumentKind(bytes32,bytes32,bool)",
    role: "OPERATOR",
    governance: "sensitive",
  },
  upgradable("Shipments"),
  ...["declare(bytes32,bytes32)", "recordClearance(bytes32)", "release(bytes32,bytes32,bytes32)"].map(
    (signature): PermissionRow => ({
      contract: "ContainerClearance",
      signature,
      role: "PUBLIC",
      guard: "accreditedParticipant",
    }),
  ),
  // An officer of the customs office named in the call (a hold is lifted by its own office, or on a case).
  ...[
    "hold(bytes32,bytes32,bytes32)",
    "liftHold(bytes32,bytes32,bytes32)",
    "openHoldLift(bytes32,bytes32,bytes32,bytes32)",
    "executeHoldLift(bytes32,bytes32,bytes32,uint256,bytes32)",
  ].map((signature): PermissionRow => ({
    contract: "ContainerClearance",
    signature,
    role: "PUBLIC",
    guard: "departmentOfficer",
  })),
  { contract: "ContainerClearance", signature: "addCustomsOffice(bytes32)", role: "OPERATOR", governance: "sensitive" },
  {
    contract: "ContainerClearance",
    signature: "setTerminalRole(bytes32,bool)",
    role: "OPERATOR",
    governance: "sensitive",
  },
  upgradable("ContainerClearance"),
  // A returned clearance is corrected (a shipment's party in the kind's role), resubmitted or withdrawn (the
  // shipment's creator, the container's declarant), each accredited now (issue 16, docs/SERVICES.md).
  ...[
    "correctDocument(bytes32,bytes32,bytes32)",
    "resubmitClearance(bytes32,bytes32)",
    "withdrawClearance(bytes32,string)",
  ].map((signature): PermissionRow => ({
    contract: "Shipments",
    signature,
    role: "PUBLIC",
    guard: "accreditedParticipant",
  })),
  ...["resubmitClearance(bytes32,bytes32)", "withdrawClearance(bytes32,string)"].map((signature): PermissionRow => ({
    contract: "ContainerClearance",
    signature,
    role: "PUBLIC",
    guard: "accreditedParticipant",
  })),

  // services/ — district one-stop services (docs/SERVICES.md). Bundles: an officer of the bundle's opener
  // department (the district's one-stop window) opens, completes, resubmits and withdraws; the operator defines
  // bundles. Unemployment benefits: an officer of the claim's district opens, resubmits and withdraws; payments
  // by an officer of the claim's district or of a payer department (the municipal bureau) named in the call.
  ...[
    "openApplication(bytes32,bytes32,bytes32)",
    "completeApplication(uint256)",
    "resubmitApplication(uint256,bytes32)",
    "withdrawApplication(uint256,string)",
  ].map((signature): PermissionRow => ({
    contract: "OneStopServices",
    signature,
    role: "PUBLIC",
    guard: "departmentOfficer",
  })),

  // estate/ — deposits, utility account transfers and tax audits of the register's transfers (docs/SERVICES.md).
  // Deposits: an officer of the Bank department named (record) or holding the deposit (release); utility steps:
  // registrar officers open them, the provider named for each step (accredited in its participant role) confirms
  // it; audits: officers of the auditor department (TAX).
  ...[
    "recordDeposit(uint256,bytes32,uint8,bytes32,bytes32,uint8,bytes32)",
    "releaseDeposit(uint256,bytes32)",
    "openUtilitySteps(uint256,bytes32,uint8,uint32,bytes32,address[4])",
    "recordAudit(uint256,bytes32,uint8,bytes32,bytes32,bytes32,uint8,bytes32)",
  ].map((signature): PermissionRow => ({
    contract: "EstateServices",
    signature,
    role: "PUBLIC",
    guard: "departmentOfficer",
  })),
  {
    contract: "OneStopServices",
    signature: "defineBundle(bytes32,bytes32,bytes32[],uint64)",
    role: "OPERATOR",
    governance: "sensitive",
  },
  upgradable("OneStopServices"),
  ...[
    "openClaim(bytes32,bytes32,uint256,uint256,uint32,uint16,bytes32)",
    "resubmitClaim(uint256,bytes32)",
    "withdrawClaim(uint256,string)",
    "recordPayment(uint256,bytes32,uint32,uint64,bytes32)",
  ].map((signature): PermissionRow => ({
    contract: "UnemploymentBenefits",
    signature,
    role: "PUBLIC",
    guard: "departmentOfficer",
  })),
  {
    contract: "UnemploymentBenefits",
    signature: "setDistrict(bytes32,bytes32)",
    role: "OPERATOR",
    governance: "sensitive",
  },
  { contract: "UnemploymentBenefits", signature: "setPayer(bytes32,bool)", role: "OPERATOR", governance: "sensitive" },
  {
    contract: "UnemploymentBenefits",
    signature: "setEvidenceDatasets(bytes32,bytes32)",
    role: "OPERATOR",
    governance: "sensitive",
  },
  upgradable("UnemploymentBenefits"),
  {
    contract: "EstateServices",
    signature: "confirmUtilityStep(uint256,uint8,bytes32)",
    role: "PUBLIC",
    guard: "accreditedParticipant",
  },
  upgradable("EstateServices"),
  // A lender that is not a bank reads through the exchange as a bank's officer does (issue 16): the lender,
  // accredited now, records its consent, requests and records its reads; the contract is the desk's officer.
  ...[
    "recordConsent((bytes32,bytes32,bytes32,bytes32,address,uint40),uint256,uint256,bytes)",
    "requestAccess(bytes32,bytes32,uint40,uint256)",
    "recordReceipt(uint256,bytes32,bytes32)",
  ].map((signature): PermissionRow => ({
    contract: "LenderAccess",
    signature,
    role: "PUBLIC",
    guard: "accreditedParticipant",
  })),
  upgradable("LenderAccess"),
  // A deposit whose bank was deactivated: the registrar opens and executes its release case (issue 16).
  ...["openDepositRelease(uint256,bytes32)", "executeDepositRelease(uint256,uint256,bytes32)"].map(
    (signature): PermissionRow => ({
      contract: "EstateServices",
      signature,
      role: "PUBLIC",
      guard: "departmentOfficer",
    }),
  ),

  // finance/ — enterprise identity and mandates (issue 15 §3), SME lending (issue 16 §3); docs/SERVICES.md
  ...(
    [
      ["bindEnterprise(bytes32,bytes32,address,uint64)", "departmentOfficer"],
      ["revokeEnterprise(bytes32,uint16)", "departmentOfficer"],
      [
        "grantMandate((bytes32,bytes32,address,uint64,bytes32,uint40),uint256,uint256,bytes)",
        "representativeSignature",
      ],
      ["revokeMandate(uint256,uint256,uint256,bytes)", "representativeSignature"],
      ["revokeMandateByMarket(uint256,bytes32)", "departmentOfficer"],
      ["actFor(uint256,bytes32,uint64,bytes32)", "mandateAgent"],
    ] as const
  ).map(([signature, guard]): PermissionRow => ({ contract: "EnterpriseMandates", signature, role: "PUBLIC", guard })),
  upgradable("EnterpriseMandates"),
  ...(
    [
      ["recordLoan((bytes32,bytes32,bytes32,uint8,uint16,uint8,bytes32),uint256,uint256,bytes)", "lender"],
      ["pledge(uint256,bytes32)", "lender"],
      ["closeLoan(uint256,bytes32)", "lender"],
      ["recordLegalBasis(bytes32,bytes32)", "departmentOfficer"],
      ["discloseOutcome(uint256,bytes32,uint256,bytes32)", "lender"],
    ] as const
  ).map(([signature, guard]): PermissionRow => ({ contract: "LendingRegistry", signature, role: "PUBLIC", guard })),
  upgradable("LendingRegistry"),

  // certificates/ — issuance by accredited participants (bill issuers); bills/ — reimbursement (docs/SERVICES.md)
  {
    contract: "AccreditedIssuance",
    signature: "setIssuerRole(bytes32,bytes32)",
    role: "OPERATOR",
    governance: "sensitive",
  },
  {
    contract: "AccreditedIssuance",
    signature: "issue(bytes32,bytes32,bytes32,uint64,uint64)",
    role: "PUBLIC",
    guard: "accreditedParticipant",
  },
  {
    contract: "AccreditedIssuance",
    signature: "issueBatch(bytes32,bytes32,uint256,uint64,uint64)",
    role: "PUBLIC",
    guard: "accreditedParticipant",
  },
  {
    contract: "AccreditedIssuance",
    signature: "revoke(bytes32,bytes32,uint16)",
    role: "PUBLIC",
    guard: "issuerOrRoleOfficer",
  },
  upgradable("AccreditedIssuance"),
  { contract: "BillReimbursement", signature: "setBillType(bytes32,bytes32)", role: "OPERATOR", governance: "routine" },
  {
    contract: "BillReimbursement",
    signature: "lock(bytes32,bytes32[])",
    role: "PUBLIC",
    guard: "accreditedParticipant",
  },
  {
    contract: "BillReimbursement",
    signature: "lockInBatch(bytes32,bytes32,bytes32[],bytes32[][])",
    role: "PUBLIC",
    guard: "accreditedParticipant",
  },
  {
    contract: "BillReimbursement",
    signature: "close(bytes32,bytes32[])",
    role: "PUBLIC",
    guard: "accreditedParticipant",
  },
  { contract: "BillReimbursement", signature: "unlock(bytes32,bytes32[])", role: "PUBLIC", guard: "lockHolder" },
  upgradable("BillReimbursement"),
];

function certificateRows(): PermissionRow[] {
  const contract = "CertificateRegistry";
  const officer = (signature: string): PermissionRow => ({
    contract,
    signature,
    role: "PUBLIC",
    guard: "departmentOfficer",
  });
  return [
    {
      contract,
      signature: "registerType(bytes32,bytes32,uint64,bool,bool,bool)",
      role: "OPERATOR",
      governance: "routine",
    },
    { contract, signature: "setIssuerAuthorised(bytes32,address,bool)", role: "OPERATOR", governance: "sensitive" },
    officer("issue(bytes32,bytes32,bytes32,uint64,uint64)"),
    officer("issueBatch(bytes32,bytes32,uint256,uint64,uint64)"),
    // The relayer may be anyone; the EIP-712 signer must be an officer of the type's department.
    officer("issueWithSignature((bytes32,bytes32,bytes32,uint64,uint64,address,uint256,uint256),bytes)"),
    {
      contract,
      signature: "issueFor(bytes32,bytes32,bytes32,uint64,uint64,bytes32)",
      role: "PUBLIC",
      guard: "authorisedIssuer",
    },
    {
      contract,
      signature: "issueBatchFor(bytes32,bytes32,uint256,uint64,uint64)",
      role: "PUBLIC",
      guard: "authorisedIssuer",
    },
    // Contract-managed types only: their authorised contract revokes (e.g. a released mortgage's proof).
    { contract, signature: "revokeFor(bytes32,bytes32,uint16)", role: "PUBLIC", guard: "authorisedIssuer" },
    officer("renew(bytes32,bytes32,bytes32,bytes32,uint64,uint64)"),
    officer("revoke(bytes32,bytes32,uint16)"),
    officer("suspend(bytes32,bytes32,uint16)"),
    officer("reinstate(bytes32,bytes32,uint16)"),
    officer("revokeBatch(bytes32,bytes32,uint16)"),
    officer("revokeInBatch(bytes32,bytes32,bytes32,bytes32[],uint16)"),
    officer("suspendInBatch(bytes32,bytes32,bytes32,bytes32[],uint16)"),
    officer("reinstateInBatch(bytes32,bytes32,bytes32,bytes32[],uint16)"),
    upgradable(contract),
  ];
}

/**
 * Functions every suite contract inherits that only the AccessManager itself may call (it does
 * so from ADMIN_ROLE-only functions such as `updateAuthority`), so they need no row.
 */
export const MANAGER_ONLY_FUNCTIONS = ["setAuthority(address)"] as const;

/**
 * Functions every module inherits that only the department directory may call (it does so from
 * the operator's `setDepartmentActive`), so they need no row either.
 */
export const DIRECTORY_ONLY_FUNCTIONS = ["departmentActiveChanged(bytes32,bool)"] as const;

/**
 * The council's entry points, deliberately not AccessManager-restricted (closing them would leave the city no
 * way to reopen anything); each checks its caller itself. Tested in test/governance/ and the Solidity tests.
 */
export const COUNCIL_FUNCTIONS = {
  "propose(bytes32,(address,bytes)[],string)": "an admin of the member department named",
  "approve(uint256,bytes32)": "an admin of the member department named",
  "object(uint256,bytes32)": "an admin of the member department named",
  "cancel(uint256)": "the proposer",
  "execute(uint256)": "anyone, once approved and its delay has passed",
  "setMember(bytes32,uint16)": "the council itself (an executed critical proposal)",
  "setClassRule(uint8,(uint16,uint32))": "the council itself (an executed critical proposal)",
  "setActionClasses((address,bytes4,uint8)[])": "the council itself (an executed critical proposal)",
  "setPeriods(uint32,uint32)": "the council itself (an executed critical proposal)",
} as const;

/** The rows of one contract grouped by role, as `setTargetFunctionRole` takes them. */
export function permissionsByRole(contract: SuiteContract): Map<PlatformRole, string[]> {
  const byRole = new Map<PlatformRole, string[]>();
  for (const row of PERMISSIONS.filter((r) => r.contract === contract)) {
    byRole.set(row.role, [...(byRole.get(row.role) ?? []), row.signature]);
  }
  return byRole;
}
