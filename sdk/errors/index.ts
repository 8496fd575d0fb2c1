export * from "./base.js";
export * from "./contract.js";
export { ERROR_CATALOGUE, type ErrorCatalogue, type ErrorEntry } from "./catalogue/index.js";
export { decodeRevertData, findRevertData, isTransient, toGovChainError } from "./decode.js";
export * from "./unknown-code.js";
