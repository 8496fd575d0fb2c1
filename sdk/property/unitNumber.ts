import { decodeBytes32String, encodeBytes32String, isHexString } from "ethers";

import { ValidationError } from "../errors/base.js";

/**
 * The national real-estate unit number (不动产单元号, GB/T 37346), 28 characters:
 * - 6 digits: administrative division code (行政区划代码), first digit 1-8;
 * - 6 digits: cadastral zone (地籍区, 3) and subzone (地籍子区, 3);
 * - 7 characters: parcel or sea-area code (宗地/宗海代码): 2 upper-case letters (ownership and
 *   type, e.g. `GB` state-owned construction land) and a 5-digit sequence, not 00000;
 * - 9 characters: fixture code (定着物代码): `F` and 8 digits for a building unit, not all zero,
 *   or `W00000000` for land without fixtures.
 */
export const UNIT_NUMBER_PATTERN = /^([1-8]\d{5})(\d{3})(\d{3})([A-Z]{2})(\d{5})(F\d{8}|W00000000)$/;

/** The parts of a unit number. */
export interface UnitNumberParts {
  division: string;
  zone: string;
  subzone: string;
  parcelType: string;
  parcelSequence: string;
  fixture: string;
  /** True for `W00000000` (land only). */
  landOnly: boolean;
}

/** Parses and validates a unit number; throws a {@link ValidationError} naming what is wrong. */
export function parseUnitNumber(unitNumber: string): UnitNumberParts {
  const fail = (why: string): never => {
    throw new ValidationError("unit number", `${JSON.stringify(unitNumber)} ${why}`);
  };
  if (typeof unitNumber !== "string") fail("is not a string");
  if (unitNumber.length !== 28) fail(`has ${unitNumber.length} characters; a unit number has 28`);
  if (!/^[1-8]\d{5}/.test(unitNumber)) fail("must start with a 6-digit administrative division code");
  if (!/^\d{6}$/.test(unitNumber.slice(6, 12))) fail("needs a 6-digit cadastral zone and subzone at 7-12");
  if (!/^[A-Z]{2}\d{5}$/.test(unitNumber.slice(12, 19))) {
    fail("needs a parcel code of 2 upper-case letters and 5 digits at 13-19");
  }
  if (unitNumber.slice(14, 19) === "00000") fail("has parcel sequence 00000");
  const fixture = unitNumber.slice(19);
  if (!/^(F\d{8}|W00000000)$/.test(fixture)) fail("needs a fixture code F + 8 digits, or W00000000, at 20-28");
  if (fixture === "F00000000") fail("has fixture F00000000 (use W00000000 for land only)");
  const m = UNIT_NUMBER_PATTERN.exec(unitNumber)!;
  return {
    division: m[1],
    zone: m[2],
    subzone: m[3],
    parcelType: m[4],
    parcelSequence: m[5],
    fixture: m[6],
    landOnly: m[6] === "W00000000",
  };
}

/** Whether `unitNumber` is a well-formed unit number. */
export function isUnitNumber(unitNumber: string): boolean {
  try {
    parseUnitNumber(unitNumber);
    return true;
  } catch {
    return false;
  }
}

/** The on-chain `bytes32` of a unit number (ASCII, right-padded with zero bytes), after validating it. */
export function encodeUnitNumber(unitNumber: string): string {
  parseUnitNumber(unitNumber);
  return encodeBytes32String(unitNumber);
}

/** The unit number of an on-chain `bytes32`. */
export function decodeUnitNumber(encoded: string): string {
  if (!isHexString(encoded, 32)) throw new ValidationError("unit number", `${encoded} is not a bytes32`);
  return decodeBytes32String(encoded);
}
