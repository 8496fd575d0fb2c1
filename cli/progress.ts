import cliProgress from "cli-progress";

import type { Output } from "./output.js";

/** A step counter for batch work; a no-op when silent. */
export interface Progress {
  increment(): void;
  stop(): void;
}

/**
 * A cli-progress bar on stderr for `total` steps of `label`, silent with `--json` or when stderr
 * is not a terminal (scripts and pipes see nothing but the result).
 */
export function progress(out: Output, label: string, total: number): Progress {
  if (out.json || !process.stderr.isTTY || total === 0) return { increment() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(22)} [{bar}] {value}/{total}`,
      stream: process.stderr,
      clearOnComplete: false,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { increment: () => bar.increment(), stop: () => bar.stop() };
}
