/**
 * Files that must survive a crash: salts exist nowhere else, so a file holding one is on the disk
 * (the file and its folder entry fsynced) before anything that depends on it is sent.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";

import { deploymentsDir } from "./paths.js";
import { ValidationError } from "../sdk/index.js";

/** JSON as the CLI writes it: indented, bigints as decimal strings, a final newline. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`;
}

/** Flushes a folder's entries (a new or renamed file's name) to the disk. */
export function syncFolder(folder: string): void {
  const fd = openSync(folder, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeAndSync(file: string, text: string, flags: string): void {
  const fd = openSync(file, flags);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a new file durably; refuses (one clear line, naming `what`) to overwrite an existing one,
 * atomically: two commands racing for the same name cannot both win.
 */
export function writeNewFile(file: string, text: string, what = "--out"): void {
  try {
    writeAndSync(file, text, "wx");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new ValidationError(what, `${file} already exists; it is not overwritten`);
    if (code === "ENOENT") throw new ValidationError(what, `the folder of ${file} does not exist`);
    throw error;
  }
  syncFolder(path.dirname(path.resolve(file)));
}

/** Replaces a file durably and atomically (a crash leaves the old or the new content, never half of one). */
export function replaceFile(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeAndSync(temporary, text, "w");
  renameSync(temporary, file);
  syncFolder(path.dirname(path.resolve(file)));
}

/** Refuses early, before any work, when `file` exists or its folder does not. */
export function refuseOverwrite(file: string, what = "--out"): void {
  if (existsSync(file)) throw new ValidationError(what, `${file} already exists; it is not overwritten`);
  if (!existsSync(path.dirname(path.resolve(file)))) {
    throw new ValidationError(what, `the folder of ${file} does not exist`);
  }
}

/**
 * Writes many files into one folder quickly (no fsync each: at 100,000 documents that would take
 * minutes), then flushes the folder. Callers keep a durable copy of the same content elsewhere.
 */
export function writeFilesInBulk(folder: string, files: Iterable<[name: string, text: string]>): void {
  for (const [name, text] of files) writeFileSync(path.join(folder, name), text);
  syncFolder(folder);
}

/**
 * The file beside `out` holding a new subject's id and salt: `<out>.subject.json`. The salt is the
 * only way to show that an id is the one committed on chain.
 */
export function saltFileFor(out: string): string {
  return out.replace(/\.json$/i, "") + ".subject.json";
}

/**
 * Where a command with no output file keeps the salts it made, when not told: beside the network's
 * manifest, `<deployments>/salts/<network>/<what>-<UTC time>.json` (back it up with the manifests).
 */
export function defaultSaltFile(network: string, what: string): string {
  const folder = path.join(deploymentsDir(), "salts", network);
  mkdirSync(folder, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return path.join(folder, `${what.replace(/[^A-Za-z0-9_-]/g, "_")}-${stamp}.json`);
}
