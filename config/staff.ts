import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { getAddress, isAddress } from "ethers";
import { z } from "zod";

import { DEPARTMENT_CODE_PATTERN } from "../sdk/access/departments.js";

const address = z.string().refine((value) => isAddress(value), "must be an account address (0x + 40 hex digits)");

/**
 * Who staffs each department: its admins (granted by the operator — after the handover, a council proposal of
 * the sensitive class) and its officers (granted by one of the department's admins). `govchain staff <file>` and
 * the deploy (`--staff`, for the council members' first admins) read this file.
 */
const staffSchema = z.object({
  $comment: z.string().optional(),
  departments: z.record(
    z.string().regex(DEPARTMENT_CODE_PATTERN, "must be a department code (A-Z, 0-9, _)"),
    z.object({
      admins: z.array(address).default([]),
      officers: z.array(address).default([]),
    }),
  ),
});

export type StaffFile = z.infer<typeof staffSchema>;

export class StaffFileError extends Error {
  override name = "StaffFileError";
}

/** The development staff file: the in-process demo's and local nodes' council admin (Hardhat's account #1). */
export const DEVELOPMENT_STAFF_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "staff.development.json");

/** Reads and validates a staff file (addresses checksummed); every problem is named with its JSON path. */
export function loadStaffFile(file: string): StaffFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new StaffFileError(`cannot read staff file ${file}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = staffSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new StaffFileError(`invalid staff file ${file}: ${problems.join("; ")}`);
  }
  const departments = Object.fromEntries(
    Object.entries(parsed.data.departments).map(([code, d]) => [
      code,
      { admins: d.admins.map((a) => getAddress(a)), officers: d.officers.map((a) => getAddress(a)) },
    ]),
  );
  return { ...parsed.data, departments };
}

/**
 * Department admins appointed per council proposal by the demo and `govchain staff`: a proposal's calls run in one
 * transaction when it executes, and a chain may cap a transaction's gas (geth 1.17: 16.7 million, EIP-7825).
 */
export const ADMINS_PER_PROPOSAL = 8;
