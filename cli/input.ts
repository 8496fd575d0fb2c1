/** Reading what officers hand the CLI: JSON and CSV files, hashes or the files they hash, times. */
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

import { isHexString, keccak256 } from "ethers";

import {
  classifyIdentifier,
  commitSubject,
  ContractRevertError,
  GovChainError,
  ValidationError,
} from "../sdk/index.js";

/** The text of a file, or a one-line error naming it. */
export function readText(file: string, what = "file"): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new ValidationError(what, `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

/** A parsed JSON file, or a one-line error naming it. */
export function readJson(file: string, what = "file"): unknown {
  const text = readText(file, what);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError(what, `${file} is not JSON: ${(error as Error).message}`);
  }
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. Returns rows with their line numbers. */
export function parseCsv(text: string, file = "CSV"): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endCell = () => {
    cells.push(cell);
    cell = "";
  };
  const endRow = () => {
    endCell();
    if (!(cells.length === 1 && cells[0] === "")) rows.push({ line: rowLine, cells });
    cells = [];
  };
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        cell += c;
      }
    } else if (c === '"' && cell === "") quoted = true;
    else if (c === ",") endCell();
    else if (c === "\r" && body[i + 1] === "\n") continue;
    else if (c === "\n" || c === "\r") {
      endRow();
      line++;
      rowLine = line;
    } else cell += c;
  }
  if (quoted) throw new ValidationError("CSV", `${file}: a quoted field opened on line ${rowLine} is never closed`);
  if (cell !== "" || cells.length > 0) endRow();
  return rows;
}

/** One input record of a batch file: its 1-based row number, where it is, and its values. */
export interface InputRow {
  row: number;
  where: string;
  values: Record<string, unknown>;
}

/** The records of a `.csv` (header row, then one record a line) or `.json` (an array of objects) file. */
export function readRows(file: string): InputRow[] {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".json") {
    const data = readJson(file);
    if (!Array.isArray(data)) throw new ValidationError("file", `${file} must hold a JSON array of objects`);
    return data.map((values, i) => {
      if (values === null || typeof values !== "object" || Array.isArray(values)) {
        throw new ValidationError(`row ${i + 1}`, `${file}: element ${i} is not an object`);
      }
      return { row: i + 1, where: `element ${i}`, values: values as Record<string, unknown> };
    });
  }
  if (ext === ".csv") {
    const [header, ...records] = parseCsv(readText(file), file);
    if (header === undefined) throw new ValidationError("file", `${file} is empty`);
    const columns = header.cells.map((c) => c.trim());
    columns.forEach((c, i) => {
      if (c === "") throw new ValidationError("CSV header", `${file}: column ${i + 1} has no name`);
      if (columns.indexOf(c) !== i) throw new ValidationError("CSV header", `${file}: column "${c}" appears twice`);
    });
    return records.map((r, i) => {
      if (r.cells.length !== columns.length) {
        throw new ValidationError(
          `row ${i + 1}`,
          `${file} line ${r.line} has ${r.cells.length} cells, the header ${columns.length}`,
        );
      }
      return {
        row: i + 1,
        where: `line ${r.line}`,
        values: Object.fromEntries(columns.map((c, j) => [c, r.cells[j]])),
      };
    });
  }
  throw new ValidationError("file", `${file}: expected a .csv or .json file`);
}

/** A 32-byte hex value as is, or the keccak256 of a file's bytes. */
export function hashOrFile(field: string, value: string): string {
  if (isHexString(value, 32)) return value.toLowerCase();
  if (existsSync(value)) return keccak256(readFileSync(value));
  throw new ValidationError(field, `${JSON.stringify(value)} is neither a 32-byte hex hash nor a file`);
}

/**
 * A holder's id, checked before it is committed: a resident ID number or a unified social credit code must
 * carry its right check character (a typo would make a commitment nobody can match); other ids (passports,
 * foreign registrations) pass as they are.
 */
export function holderId(field: string, value: string): string {
  classifyIdentifier(value, field);
  return value;
}

/** A subject reference: a 32-byte commitment as is, or a holder id committed with a fresh salt (keep the salt). */
export function subjectRef(value: string, field = "--subject"): { commitment: string; id?: string; salt?: string } {
  if (isHexString(value, 32)) return { commitment: value.toLowerCase() };
  return { id: value, ...commitSubject(holderId(field, value)) };
}

/** Unix seconds from digits or an ISO date. */
export function unixTime(field: string, value: string): number {
  if (/^\d+$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ValidationError(field, `${JSON.stringify(value)} is neither unix seconds nor a date`);
  return Math.floor(ms / 1000);
}

/** Seconds from "3600", "45s", "90m", "12h" or "30d". */
export function duration(field: string, value: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(value);
  if (match === null)
    throw new ValidationError(field, `${JSON.stringify(value)} is not a duration like 3600, 12h or 30d`);
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2]]!;
  return Number(match[1]) * unit;
}

/** A positive integer id (case, request, grant). */
export function id(field: string, value: string): bigint {
  if (!/^\d+$/.test(value) || BigInt(value) === 0n)
    throw new ValidationError(field, `${JSON.stringify(value)} is not an id`);
  return BigInt(value);
}

/**
 * Whether a failed send certainly reached nothing: the node refused it at its pre-flight (a revert
 * while estimating, decoded into a contract error) or the SDK refused the input. Anything else (a
 * lost connection, an answer lost on the way back, "nonce too low" after a retry) may have reached
 * the node, and the files written for it must stay.
 */
export function certainlyNotSent(error: unknown): boolean {
  return error instanceof ContractRevertError || error instanceof ValidationError;
}

/**
 * Awaits the sending of a transaction; when it is certainly refused before anything is sent (the
 * node's pre-flight), removes the files written for it. Once it may have been sent they are kept,
 * whatever happens next.
 */
export async function beforeSending<T>(sending: Promise<T>, files: string[]): Promise<T> {
  try {
    return await sending;
  } catch (error) {
    if (certainlyNotSent(error)) for (const f of files) rmSync(f, { force: true });
    throw error;
  }
}

/**
 * Awaits a step after which the chain may hold the change (sending, waiting for the block). On a
 * failure other than a decoded revert, asks the chain with `check` and fails with one line saying
 * what happened, what state things are in and what the files hold, so nothing is done twice.
 */
export async function afterSending<T>(step: Promise<T>, check: () => Promise<string>): Promise<T> {
  try {
    return await step;
  } catch (error) {
    if (certainlyNotSent(error)) throw error;
    const reason = error instanceof GovChainError ? error.shortMessage : String((error as Error)?.message ?? error);
    let state: string;
    try {
      state = await check();
    } catch (checkError) {
      state = `could not ask the chain what happened (${(checkError as Error).message.split("\n")[0]}); check again before repeating the command`;
    }
    throw new GovChainError(`${reason.split("\n")[0]}; ${state}`, { cause: error });
  }
}
