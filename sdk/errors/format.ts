import { decodeBytes32String } from "ethers";

/** Shows a bytes32 as its short string when it is one (department codes), else as hex. */
export function showBytes32(value: unknown): string {
  const hex = String(value);
  try {
    const text = decodeBytes32String(hex);
    if (/^[\x20-\x7e]+$/.test(text)) return text;
  } catch {
    // not a NUL-padded string: fall through to hex
  }
  return hex;
}
