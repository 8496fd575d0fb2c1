/** The citizen's page (filled in below when the exchange reads are wired). */
import type { PageConfig } from "./chain.js";

export function runCitizen(_config: () => PageConfig): () => void {
  return () => undefined;
}
