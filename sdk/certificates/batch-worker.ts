/** A worker thread of the batch pool (sdk/certificates/batch-build.ts): runs {@link runTask} on each message. */
import { parentPort } from "node:worker_threads";

import { runTask, type BatchTask, type TaskState } from "./batch-tasks.js";

const state: TaskState = new Map();
parentPort!.on("message", (task: BatchTask) => {
  let result;
  try {
    result = runTask(state, task);
  } catch (error) {
    result = { error: { message: (error as Error).message } };
  }
  // Leaves go back as a transfer (no copy); everything else is cloned.
  parentPort!.postMessage(result, "leaves" in result ? [result.leaves.buffer as ArrayBuffer] : []);
});
