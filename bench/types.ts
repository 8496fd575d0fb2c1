import type { NetworkConnection } from "hardhat/types/network";

import type { StaffedSuite } from "../test/helpers/suite.js";

/** The file `npm run bench` writes: gas per operation, peers' gas, cost at scale, throughput. */
export interface BenchResults {
  gas: Record<string, number>;
  peers: Record<string, number>;
  scale: Record<string, number>;
  throughput: Record<string, number>;
}

export interface BenchContext {
  connection: NetworkConnection;
  /** The suite as the README deploys it (proxies, permissions, Beijing's departments), staffed. */
  suite: StaffedSuite;
}

/** One module's measurements; `bench/run.ts` runs every module and merges the results. */
export type ModuleBench = (ctx: BenchContext) => Promise<Partial<BenchResults>>;
