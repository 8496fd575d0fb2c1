import type { Provider } from "ethers";
import type { Kysely } from "kysely";

import type { IndexTables } from "../indexer/database.js";
import { syncIndex, type SyncOptions, type SyncProgress } from "../indexer/sync.js";
import type { DeploymentManifest } from "../sdk/core/manifest.js";

export interface Follower {
  /** Resolves once the range being written (if any) is committed and the loop has ended. */
  stop(): Promise<void>;
}

/**
 * Keeps the index following the chain beside the gateway: a sync every `intervalMs`. A failed round (node or
 * database away) is reported and tried again next round; the gateway meanwhile answers "cannot verify now" for
 * what needs the missing part, and IndexedProvider reads above the synced block from the node.
 */
export function followIndex(
  db: Kysely<IndexTables>,
  provider: Provider,
  manifest: DeploymentManifest,
  options: SyncOptions & {
    intervalMs: number;
    onSynced?: (progress: SyncProgress) => void;
    onError?: (error: unknown) => void;
  },
): Follower {
  let stopping = false;
  let wake: (() => void) | undefined;
  const stopped = new Error("stopped");
  // Told after each committed range: throwing there ends a long backfill between two ranges, never inside one.
  const onProgress = (progress: SyncProgress) => {
    options.onProgress?.(progress);
    if (stopping) throw stopped;
  };
  const loop = (async () => {
    while (!stopping) {
      try {
        const progress = await syncIndex(db, provider, manifest, { ...options, onProgress });
        options.onSynced?.(progress);
      } catch (error) {
        if (error !== stopped) options.onError?.(error);
      }
      if (stopping) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, options.intervalMs);
      });
    }
  })();
  return {
    stop: async () => {
      stopping = true;
      wake?.();
      await loop;
    },
  };
}
