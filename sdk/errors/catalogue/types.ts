import type { ContractErrorArgs, ContractErrorKind } from "../contract.js";

/** How to read one custom error: its kind and a sentence built from its arguments. */
export type ErrorEntry = readonly [kind: ContractErrorKind, message: (args: ContractErrorArgs) => string];

/** Custom error name → how to read it. Each module contributes one catalogue. */
export type ErrorCatalogue = Readonly<Record<string, ErrorEntry>>;
