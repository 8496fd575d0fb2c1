export * from "./client.js";
export * from "./terms.js";
