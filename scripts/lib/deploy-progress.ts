/**
 * Progress of an Ignition deployment, from Ignition's own execution events (ignition-core's
 * `executionEventListener`): a bar on a terminal, one line per stage otherwise (logs and CI see
 * "contracts deployed", "departments registered", "roles granted", … once each, when the stage ends).
 */
import cliProgress from "cli-progress";
import {
  ExecutionEventResultType,
  type ExecutionEventListener,
  type Future,
  type IgnitionModule,
} from "@nomicfoundation/ignition-core";

/** Where the lines go; tests pass their own. */
export interface ProgressSink {
  /** A terminal gets a bar (stderr); anything else gets one line per stage (stdout). */
  interactive: boolean;
  line(text: string): void;
}

export const consoleSink = (): ProgressSink => ({
  interactive: process.stderr.isTTY === true,
  line: (text) => console.log(text),
});

/** The stage a contract call belongs to, by function name; unknown calls are "contracts wired". */
const CALL_STAGES: ReadonlyArray<[RegExp, string]> = [
  [/^registerDepartment$/, "departments registered"],
  [/^(grantRole|revokeRole|renounceRole|setGrantDelay|grantDepartmentAdmin|grantOfficer)$/, "roles granted"],
  [/^(labelRole|defineRole)$/, "roles labelled"],
  [/^(setTargetFunctionRole|setTargetAdminDelay|setRoleAdmin|setRoleGuardian)$/, "permissions set"],
  [/^register\w*Type$|^set\w*Type$/, "certificate and case types registered"],
  [/^(propose|execute|schedule|vote)\w*$/, "council handover"],
];

/** The stage of one future, or undefined for futures that send nothing (contractAt, reads, encodes). */
export function stageOf(future: Future): string | undefined {
  if (/DEPLOYMENT$/.test(future.type)) return "contracts deployed";
  if (future.type === "CONTRACT_CALL" && "functionName" in future) {
    const name = String(future.functionName).replace(/\(.*$/, "");
    return CALL_STAGES.find(([pattern]) => pattern.test(name))?.[1] ?? "contracts wired";
  }
  if (future.type === "SEND_DATA") return "contracts wired";
  return undefined;
}

/** Every future of a module and its submodules, by id. */
export function futuresOf(module: IgnitionModule): Map<string, Future> {
  const all = new Map<string, Future>();
  const visit = (m: IgnitionModule) => {
    for (const future of m.futures) all.set(future.id, future);
    for (const sub of m.submodules) visit(sub);
  };
  visit(module);
  return all;
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/**
 * A listener for `module`'s deployment. Totals come from Ignition's batches (BATCH_INITIALIZE),
 * which hold only the futures still to run, so a resumed deploy counts what is left.
 */
export function deployProgress(module: IgnitionModule, sink: ProgressSink = consoleSink()): ExecutionEventListener {
  const futures = futuresOf(module);
  const started = Date.now();
  const totals = new Map<string, number>();
  const done = new Map<string, number>();
  let pending = 0;
  let bar: cliProgress.SingleBar | undefined;

  const handlers: Partial<Record<string, (event: never) => void>> = {
    batchInitialize: (event: { batches: string[][] }) => {
      for (const id of event.batches.flat()) {
        const stage = futures.get(id) === undefined ? undefined : stageOf(futures.get(id)!);
        if (stage === undefined) continue;
        totals.set(stage, (totals.get(stage) ?? 0) + 1);
        pending += 1;
      }
      if (pending === 0) {
        sink.line("deploy: nothing to send, every stage is already on chain (resumed)");
      } else if (sink.interactive) {
        bar = new cliProgress.SingleBar(
          {
            format: "deploying [{bar}] {value}/{total} {stage}",
            stream: process.stderr,
            clearOnComplete: false,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(pending, 0, { stage: "" });
      } else {
        const stages = [...totals].map(([stage, n]) => `${stage} (${n})`).join(", ");
        sink.line(`deploy: ${pending} steps to send: ${stages}`);
      }
    },
    deploymentExecutionStateComplete: (event: { futureId: string; result: { type: string } }) => complete(event),
    callExecutionStateComplete: (event: { futureId: string; result: { type: string } }) => complete(event),
    sendDataExecutionStateComplete: (event: { futureId: string; result: { type: string } }) => complete(event),
    deploymentComplete: () => bar?.stop(),
  };

  function complete(event: { futureId: string; result: { type: string } }): void {
    const future = futures.get(event.futureId);
    const stage = future === undefined ? undefined : stageOf(future);
    if (stage === undefined || !totals.has(stage)) return;
    if (event.result.type !== ExecutionEventResultType.SUCCESS) {
      bar?.stop();
      sink.line(`deploy: ${event.futureId} failed (${stage}); a re-run resumes from here`);
      return;
    }
    const count = (done.get(stage) ?? 0) + 1;
    done.set(stage, count);
    if (bar !== undefined) {
      bar.increment(1, { stage: `${stage} ${count}/${totals.get(stage)}` });
    } else if (count === totals.get(stage)) {
      sink.line(`deploy: ${stage}: ${count}/${totals.get(stage)} after ${seconds(started)}`);
    }
  }

  // ExecutionEventListener has one method per event type; the ones not handled above do nothing.
  return new Proxy(handlers, {
    get: (target, name: string) => {
      const handler = target[name];
      return async (event: never) => handler?.(event);
    },
  }) as unknown as ExecutionEventListener;
}
