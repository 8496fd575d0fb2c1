import { getAddress, isAddress, ZeroAddress } from "ethers";

import { ValidationError } from "../errors/base.js";

/** A checksummed, non-zero address, or a {@link ValidationError} naming the field. */
export function requireAddress(field: string, value: string): string {
  if (!isAddress(value)) throw new ValidationError(field, `${JSON.stringify(value)} is not an address`);
  const address = getAddress(value);
  if (address === ZeroAddress) throw new ValidationError(field, "the zero address is not allowed");
  return address;
}
