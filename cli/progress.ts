import cliProgress from "cli-progress";

import type { Output } from "./output.js";

/** A step counter for long work. */
export interface Progress {
  increment(steps?: number): void;
  stop(): void;
}

const interactive = () => process.stderr.isTTY === true;

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/**
 * Progress of `total` steps of `label`: a cli-progress bar on stderr when it is a terminal; one
 * line on stdout when the stage ends otherwise (logs and CI see each stage once); nothing with
 * `--json` (stdout holds the result alone).
 */
export function progress(out: Output, label: string, total: number): Progress {
  const started = Date.now();
  if (out.json || total === 0) return { increment() {}, stop() {} };
  if (!interactive()) {
    let done = 0;
    let stopped = false;
    return {
      increment: (steps = 1) => void (done += steps),
      stop: () => {
        if (stopped) return;
        stopped = true;
        console.log(`${label}: ${done}/${total} in ${seconds(started)}`);
      },
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(22)} [{bar}] {value}/{total} {duration_formatted}`,
      stream: process.stderr,
      clearOnComplete: false,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { increment: (steps = 1) => bar.increment(steps), stop: () => bar.stop() };
}

/** A stage with no count (sending, waiting for the block): a line when it starts on a terminal, a line when it ends. */
export function stage(out: Output, label: string): { done(detail?: string): void } {
  const started = Date.now();
  if (out.json) return { done() {} };
  if (interactive()) process.stderr.write(`${label} ...\n`);
  return {
    done: (detail?: string) => {
      const line = `${label}: done in ${seconds(started)}${detail === undefined ? "" : ` (${detail})`}`;
      if (interactive()) process.stderr.write(`${line}\n`);
      else console.log(line);
    },
  };
}

/** Lets timers and sockets run (keep-alive pings, progress redraws, retries) in the middle of long CPU work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
