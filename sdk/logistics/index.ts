export * from "./ids.js";
export * from "./ports.js";
export * from "./shipments.js";
