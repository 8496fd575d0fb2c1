/** Services as definitions: plan, apply and list what a service definition puts on chain (docs/SERVICES.md). */
export * from "./definition.js";
export * from "./errors.js";
export * from "./plan.js";
export * from "./datasets.js";
export * from "./list.js";
