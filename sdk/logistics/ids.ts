import { AbiCoder, keccak256 } from "ethers";

import { ValidationError } from "../errors/base.js";

const AWB_PATTERN = /^(\d{3})-?(\d{8})$/;
const CONTAINER_PATTERN = /^[A-Z]{3}[UJZR]\d{7}$/;

/**
 * Checks an IATA air waybill number (`999-12345675`: airline prefix, 7-digit serial, check digit = serial mod 7)
 * and returns it as `999-12345675`.
 */
export function normaliseAwb(awb: string): string {
  const match = AWB_PATTERN.exec(awb.trim());
  if (match === null) throw new ValidationError("air waybill", `${JSON.stringify(awb)} is not 3 digits, then 8`);
  const serial = match[2];
  if (Number(serial.slice(0, 7)) % 7 !== Number(serial[7])) {
    throw new ValidationError(
      "air waybill",
      `${awb}: check digit ${serial[7]} should be ${Number(serial.slice(0, 7)) % 7}`,
    );
  }
  return `${match[1]}-${serial}`;
}

/**
 * The on-chain id of a shipment: a hash of its air waybill number, which is a commercial reference, not personal
 * data (a shipper's or consignee's identity never goes on chain; their documents are hashes).
 */
export function shipmentId(awb: string): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(["string", "string"], ["govchain.logistics.awb", normaliseAwb(awb)]),
  );
}

/** ISO 6346 check digit of the first 10 characters of a container number. */
function iso6346CheckDigit(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const c = first10[i];
    let value: number;
    if (/\d/.test(c)) value = Number(c);
    else {
      // A=10 upwards, skipping multiples of 11.
      value = [10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 34, 35, 36, 37, 38][
        c.charCodeAt(0) - 65
      ];
    }
    sum += value * 2 ** i;
  }
  return (sum % 11) % 10;
}

/** Checks an ISO 6346 container number (`MSKU1234565`: owner code, category, serial, check digit). */
export function normaliseContainerNumber(container: string): string {
  const value = container.replace(/[\s-]/g, "").toUpperCase();
  if (!CONTAINER_PATTERN.test(value)) {
    throw new ValidationError(
      "container number",
      `${JSON.stringify(container)} is not 4 letters (U, J, Z or R last) and 7 digits`,
    );
  }
  const expected = iso6346CheckDigit(value.slice(0, 10));
  if (expected !== Number(value[10])) {
    throw new ValidationError("container number", `${container}: check digit ${value[10]} should be ${expected}`);
  }
  return value;
}

/**
 * The on-chain id of one entry of a container (the same box comes back many times): its number and the entry's
 * reference (the declaration or bill of lading number).
 */
export function containerEntryId(container: string, entryRef: string): string {
  if (entryRef.trim() === "") throw new ValidationError("entry reference", "it is required");
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["string", "string", "string"],
      ["govchain.logistics.container", normaliseContainerNumber(container), entryRef.trim()],
    ),
  );
}
