/**
 * `govchain cert issue-batch`: many certificates under one Merkle root, with salts that are never
 * lost. The CLI runs the SDK's batch path (`buildBatch` on worker threads, then
 * `issueBatchToFolder`), the same code the bench measures; the folder is the batch's journal
 * (sdk/certificates/batch-files.ts):
 *   documents.jsonl  every salted document, one per line (the durable copy, fsynced before sending)
 *   batch.json       the index (rows, hashes, subjects' ids and salts) and the batch's state
 *   NNN-<hash>.json  one document per row for its holder, with its proof
 * A batch that stopped anywhere is finished by `--resume <folder>`, which asks the chain first and
 * never salts anything again.
 */
import { existsSync, rmSync } from "node:fs";
import path from "node:path";

import { isHexString, type Signer } from "ethers";

import {
  BATCH_INDEX,
  BATCH_JOURNAL,
  buildBatch,
  GovChainError,
  issueBatchToFolder,
  markBatch,
  readBatchFolder,
  rewriteBatchFiles,
  ValidationError,
  type BatchFolder,
  type BatchIndex,
  type BatchRow,
  type BatchState,
  type FieldValue,
  type GovChain,
  type PreparedBatch,
} from "../sdk/index.js";
import { govchain, type GlobalOptions } from "./context.js";
import { certainlyNotSent, holderId } from "./input.js";
import { print } from "./output.js";
import { progress, stage } from "./progress.js";

export { BATCH_INDEX, BATCH_JOURNAL, type BatchIndex, type BatchState };

export interface CsvBatchRow {
  subject: string;
  fields: Record<string, FieldValue>;
}

/** A ValidationError's message without its "invalid <field>: " prefix. */
const reasonOf = (error: ValidationError) => error.shortMessage.replace(/^invalid [^:]*: /, "");

type Window = { issuer: string; validFrom: number; validUntil: number };

/** A row's subject checked here (check characters of ID numbers and credit codes); the salting runs on the batch threads. */
function batchRow(file: string, row: CsvBatchRow, i: number): BatchRow {
  try {
    if (isHexString(row.subject, 32)) return { subject: row.subject.toLowerCase(), fields: row.fields };
    return { subjectId: holderId("subject", row.subject), fields: row.fields };
  } catch (error) {
    throw new ValidationError(`row ${i + 1}`, `${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** Builds, writes, sends and confirms a new batch in `folder`. */
export async function issueNewBatch(
  out: GlobalOptions,
  file: string,
  rows: CsvBatchRow[],
  certType: string,
  folder: string,
  window: (gov: GovChain) => Promise<Window>,
): Promise<void> {
  if (existsSync(path.join(folder, BATCH_INDEX)) || existsSync(path.join(folder, BATCH_JOURNAL))) {
    throw new ValidationError(
      "--out",
      `${folder} already holds a batch; pick a new folder, or finish that one with --resume ${folder}`,
    );
  }
  const batchRows = rows.map((row, i) => batchRow(file, row, i));
  const { gov } = await govchain(out, true);
  const validity = await window(gov);
  const sender = await (gov.runner as Signer).getAddress();

  const building = progress(out, "building documents", rows.length);
  let built;
  try {
    let shown = 0;
    built = await buildBatch({ certType, ...validity }, batchRows, {
      onProgress: (done) => {
        building.increment(done - shown);
        shown = done;
      },
    });
  } catch (error) {
    if (error instanceof ValidationError && /^row \d+$/.test(error.field))
      throw new ValidationError(error.field, `${file}: ${reasonOf(error)}`, { cause: error });
    throw error;
  } finally {
    building.stop();
  }

  const created = !existsSync(folder);
  const writing = progress(out, "writing documents", rows.length);
  let shownWritten = 0;
  let reached: { state: BatchState; index: BatchIndex } | undefined;
  let sending: ReturnType<typeof stage> | undefined;
  let waiting: ReturnType<typeof stage> | undefined;
  try {
    const issued = await issueBatchToFolder(gov.certificates, built, folder, {
      index: { sender },
      // The holders' files are written while the batch is sent and mined: this bar ends on its own.
      onProgress: (written, total) => {
        writing.increment(written - shownWritten);
        shownWritten = written;
        if (written === total) writing.stop();
      },
      onStage: (state, index) => {
        reached = { state, index };
        if (state === "prepared") {
          sending = stage(out, "sending the batch");
        } else if (state === "sent") {
          sending?.done(index.transaction);
          waiting = stage(out, "waiting for the block");
        } else waiting?.done(`root ${index.root}`);
      },
    });
    print(out, { ...summaryOf(issued.index), out: folder, index: path.join(folder, BATCH_INDEX) }, () =>
      console.log(
        `issued ${issued.certificates.length} ${certType} under root ${issued.root}; documents and batch.json in ${folder}`,
      ),
    );
  } catch (error) {
    writing.stop();
    if (reached === undefined) throw error; // refused by the check call, or the files could not be written
    if (reached.state === "prepared" && certainlyNotSent(error)) {
      // Refused at the node's pre-flight: nothing can be on chain, and no holder has these salts.
      if (created) rmSync(folder, { recursive: true, force: true });
      else
        for (const name of [BATCH_INDEX, BATCH_JOURNAL, ...reached.index.certificates.map((e) => e.file)]) {
          rmSync(path.join(folder, name), { force: true });
        }
      throw error;
    }
    throw await explain(gov, folder, built.batch, error);
  } finally {
    await built.close();
  }
}

/** Finishes the batch in `dir`: checks the chain, sends it only if it is not there, rewrites the holders' files. */
export async function resumeBatch(out: GlobalOptions, dir: string): Promise<void> {
  let read;
  try {
    read = readBatchFolder(dir);
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError("--resume", reasonOf(error), { cause: error });
    throw error;
  }
  const { folder, batch } = read;
  let { index } = read;
  const { gov } = await govchain({ ...out, account: out.account ?? index.sender }, true);
  if (index.state !== "issued") {
    const checking = stage(out, "checking the chain");
    const onChain = await batchOnChain(gov, batch);
    checking.done(onChain ? `issued under root ${batch.root}` : "not issued");
    await writeHolderFiles(out, folder, batch);
    if (!onChain) {
      let tx;
      try {
        tx = await gov.certificates.issueBatch(batch);
      } catch (error) {
        if (certainlyNotSent(error)) throw error; // the files stay: they are the batch to resume
        throw await explain(gov, dir, batch, error);
      }
      index = markBatch(folder, index, "sent", tx.hash);
      const waiting = stage(out, "waiting for the block");
      try {
        await tx.wait();
      } catch (error) {
        throw await explain(gov, dir, batch, error);
      }
      waiting.done(`root ${batch.root}`);
    }
    index = markBatch(folder, index, "issued");
  }
  print(out, { ...summaryOf(index), out: dir, index: path.join(dir, BATCH_INDEX), resumed: true }, () =>
    console.log(
      `batch of ${index.count} ${index.certType} is issued under root ${index.root}; documents and batch.json in ${dir}`,
    ),
  );
}

/** Every holder's file again, from the journal (a crash may have left some missing). */
async function writeHolderFiles(out: GlobalOptions, folder: BatchFolder, batch: PreparedBatch): Promise<void> {
  const writing = progress(out, "writing documents", batch.certificates.length);
  let shown = 0;
  await rewriteBatchFiles(folder, batch, (written) => {
    writing.increment(written - shown);
    shown = written;
  });
  writing.stop();
}

function summaryOf(index: BatchIndex) {
  const { certType, issuer, validFrom, validUntil, count, root, transaction, state } = index;
  return { root, certType, issuer, validFrom, validUntil, count, transaction, state };
}

/** Whether the batch's root is on chain: the status of its first leaf, with its proof. */
async function batchOnChain(gov: GovChain, batch: PreparedBatch): Promise<boolean> {
  const record = await gov.certificates.record(batch.certificates[0]);
  return record.status !== "notIssued";
}

/**
 * After a failure once the batch may have reached the node: asks the chain whether the root is
 * issued and says, in one line, what state things are in and how to finish.
 */
async function explain(gov: GovChain, folder: string, batch: PreparedBatch, error: unknown): Promise<GovChainError> {
  const reason = error instanceof GovChainError ? error.shortMessage : String((error as Error)?.message ?? error);
  const resume = `govchain cert issue-batch --resume ${folder}`;
  let state: string;
  try {
    state = (await batchOnChain(gov, batch))
      ? `the batch IS issued on chain under root ${batch.root}; run \`${resume}\` to record it and check the holders' files`
      : `the batch is NOT on chain (root ${batch.root} not issued); documents and salts are kept in ${folder}: run \`${resume}\` to send it`;
  } catch (checkError) {
    state =
      `could not ask the chain whether the batch landed (${(checkError as Error).message.split("\n")[0]}); ` +
      `documents and salts are kept in ${folder}: once the node answers, run \`${resume}\` (it checks before sending)`;
  }
  return new GovChainError(`${reason.split("\n")[0]}; ${state}`, { cause: error });
}
