/**
 * What a deployment offers, listed: certificate types, case types, departments. An officer who
 * mistypes a code gets the valid ones in the error ({@link withValidValues}) instead of a bare
 * "not registered".
 */
import { decodeBytes32String, type BaseContract, type ContractEventName, type EventLog } from "ethers";

import type { CertificateTypeInfo } from "./certificates/client.js";
import { GovChainError } from "./errors/base.js";
import { ContractRevertError } from "./errors/contract.js";
import { toGovChainError } from "./errors/decode.js";
import { UnknownCodeError } from "./errors/unknown-code.js";
import type { GovChain } from "./govchain.js";
import type { WorkflowCaseType } from "./workflow/client.js";

/** A certificate type with the block it was registered in. */
export interface CertificateTypeListing extends CertificateTypeInfo {
  registeredBlock: number;
}

/** A case type with the block it was registered in. */
export interface CaseTypeListing extends WorkflowCaseType {
  registeredBlock: number;
}

async function registrations(
  contract: BaseContract,
  event: ContractEventName,
  fromBlock: number,
  what: string,
): Promise<{ code: string; block: number }[]> {
  try {
    const logs = (await contract.queryFilter(event, fromBlock, "latest")) as EventLog[];
    const seen = new Map<string, number>();
    for (const log of logs) {
      const code = decodeBytes32String(log.topics[1]);
      if (!seen.has(code)) seen.set(code, log.blockNumber);
    }
    return [...seen].map(([code, block]) => ({ code, block }));
  } catch (error) {
    throw toGovChainError(error, `list ${what}s`);
  }
}

/** Every certificate type of the deployment, as the registry holds it now, sorted by code. */
export async function certificateTypes(gov: GovChain): Promise<CertificateTypeListing[]> {
  const contract = gov.certificates.contract;
  const found = await registrations(
    contract,
    contract.filters.CertificateTypeRegistered(),
    gov.manifest.deploymentBlock,
    "certificate type",
  );
  const types = await Promise.all(
    found.map(async ({ code, block }) => ({
      ...(await gov.certificates.certificateType(code)),
      registeredBlock: block,
    })),
  );
  return types.sort((a, b) => a.code.localeCompare(b.code));
}

/** Every case type of the deployment, as the workflow holds it now, sorted by id. */
export async function caseTypes(gov: GovChain): Promise<CaseTypeListing[]> {
  const contract = gov.workflow.contract;
  const found = await registrations(
    contract,
    contract.filters.CaseTypeRegistered(),
    gov.manifest.deploymentBlock,
    "case type",
  );
  const types = await Promise.all(
    found.map(async ({ code, block }) => ({ ...(await gov.workflow.caseType(code)), registeredBlock: block })),
  );
  return types.sort((a, b) => a.id.localeCompare(b.id));
}

/** Which list an unknown-code revert is about: the error's name → what, the argument naming the code. */
const UNKNOWN_CODE_ERRORS: Record<string, { what: "certificate type" | "case type" | "department"; arg: string }> = {
  CertificateRegistryUnknownType: { what: "certificate type", arg: "certType" },
  WorkflowUnknownCaseType: { what: "case type", arg: "caseType" },
  CertificateRegistryUnknownDepartment: { what: "department", arg: "department" },
  DepartmentDirectoryUnknownDepartment: { what: "department", arg: "code" },
};

/** The registered codes of one kind. */
export async function registeredCodes(gov: GovChain, what: "certificate type" | "case type" | "department") {
  if (what === "certificate type") return (await certificateTypes(gov)).map((t) => t.code);
  if (what === "case type") return (await caseTypes(gov)).map((t) => t.id);
  return (await gov.access.departments()).map((d) => d.code).sort();
}

function decodedCode(value: unknown): string {
  try {
    return decodeBytes32String(String(value));
  } catch {
    return String(value);
  }
}

/**
 * `error` itself, or, when it is a contract's "unknown certificate type / case type / department",
 * an {@link UnknownCodeError} listing the registered codes (read from the chain; the original
 * error stays its `cause`). When the list cannot be read, the original error is returned.
 */
export async function withValidValues(gov: GovChain, error: unknown): Promise<unknown> {
  const revert = error instanceof GovChainError ? error.walk((e) => e instanceof ContractRevertError) : undefined;
  if (!(revert instanceof ContractRevertError)) return error;
  const known = UNKNOWN_CODE_ERRORS[revert.errorName];
  if (known === undefined) return error;
  const value = decodedCode(revert.args[known.arg] ?? revert.args[0]);
  try {
    const valid = await registeredCodes(gov, known.what);
    return new UnknownCodeError(known.what, known.what, value, valid, { cause: error });
  } catch {
    return error;
  }
}
