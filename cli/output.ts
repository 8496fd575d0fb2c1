/** How a command prints: a table or lines for people, one JSON document with `--json`. */
export interface Output {
  json: boolean;
}

function jsonReplacer(_key: string, value: unknown) {
  return typeof value === "bigint" ? value.toString() : value;
}

export function print(out: Output, value: unknown, human?: () => void): void {
  if (out.json || human === undefined) {
    console.log(JSON.stringify(value, jsonReplacer, 2));
  } else {
    human();
  }
}

export function table(rows: Record<string, unknown>[]): void {
  if (rows.length === 0) {
    console.log("(none)");
    return;
  }
  console.table(
    rows.map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v])),
    ),
  );
}
