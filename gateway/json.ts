/** A value as plain JSON: bigints as decimal strings (JSON has no 64-bit integers), undefined fields dropped. */
export function plain<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v)));
}
