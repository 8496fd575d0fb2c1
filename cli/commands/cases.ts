import type { Command } from "commander";
import { ZeroHash } from "ethers";

import { approvalProgress } from "../../sdk/index.js";
import { govchain, type GlobalOptions } from "../context.js";
import { defaultSaltFile, jsonText, refuseOverwrite, replaceFile, writeNewFile } from "../durable.js";
import { approvalSentence } from "../format/approval.js";
import { localTime } from "../format/time.js";
import { beforeSending, hashOrFile, id, subjectRef } from "../input.js";
import { print, table } from "../output.js";
import { casesDueCommand } from "./due.js";
import { caseTypesCommand } from "./types.js";

type Globals = () => GlobalOptions;

const time = localTime;
const DOCUMENT_HELP = "a 32-byte hash, or a file (its keccak256 is recorded)";

export function casesCommand(program: Command, globals: Globals): void {
  const cases = program
    .command("cases")
    .description("collaborative cases: pending work, open, approve, reject, return, withdraw");
  caseTypesCommand(cases, globals);
  casesDueCommand(cases, globals);

  cases
    .command("list")
    .description("a department's pending work: open or returned cases waiting for its decision")
    .requiredOption("--department <code>", "the department, e.g. TAX")
    .action(async (opts: { department: string }) => {
      const { gov } = await govchain(globals(), false);
      await gov.access.department(opts.department); // a mistyped code fails with the valid ones, not "(none)"
      const pending = await gov.workflow.pendingWork(opts.department);
      print(globals(), pending, () =>
        table(
          pending.map((c) => ({
            case: c.caseId,
            type: c.caseType,
            status: c.status,
            deadline: time(c.deadline),
            subject: c.subject,
          })),
        ),
      );
    });

  cases
    .command("show <id>")
    .description("a case's state, who approved, who is pending, and its timeline")
    .action(async (value: string) => {
      const caseId = id("case id", value);
      const { gov } = await govchain(globals(), false);
      const c = await gov.workflow.getCase(caseId);
      const timeline = c.status === "none" ? [] : await gov.workflow.timeline(caseId, { withTimestamps: true });
      print(globals(), { ...c, timeline }, () => {
        console.log(`case ${c.caseId}  ${c.caseType || "(unknown)"}  ${c.status}  stage ${c.stage}`);
        if (c.status === "none") return;
        console.log(`subject ${c.subject}, opened ${time(c.openedAt)}, deadline ${time(c.deadline)}`);
        console.log(`approved: ${c.approvedDepartments.join(", ") || "(none)"}`);
        console.log(`pending:  ${c.pendingDepartments.join(", ") || "(none)"}`);
        table(
          timeline.map((e) => ({
            time: time(e.timestamp),
            event: e.event,
            department: e.department ?? "",
            actor: e.actor ?? "",
            reason: e.reason ?? "",
          })),
        );
      });
    });

  cases
    .command("open")
    .description("open a case of a department-opened type (an officer of its opener department)")
    .requiredOption("--type <id>", "case type, e.g. BUSINESS_LICENCE")
    .requiredOption("--subject <id|reference>", "a 32-byte subject reference, or an id committed with a fresh salt")
    .requiredOption("--document <hash|file>", `the application: ${DOCUMENT_HELP}`)
    .option(
      "--salt-file <file.json>",
      "where the subject's id and salt go (never overwritten; default <deployments>/salts/<network>/case-...json)",
    )
    .action(async (opts: { type: string; subject: string; document: string; saltFile?: string }) => {
      const documentHash = hashOrFile("--document", opts.document);
      const subject = subjectRef(opts.subject);
      if (opts.saltFile !== undefined) refuseOverwrite(opts.saltFile, "--salt-file");
      const { gov } = await govchain(globals(), true);
      // The subject's salt exists nowhere else: it is on disk (fsynced) before anything is sent.
      const saltFile =
        subject.salt === undefined
          ? undefined
          : (opts.saltFile ?? defaultSaltFile(globals().network, `case-${opts.type}`));
      if (saltFile !== undefined) {
        writeNewFile(saltFile, jsonText({ caseType: opts.type, documentHash, subject }), "--salt-file");
      }
      const tx = await beforeSending(
        gov.workflow.openCase({ caseType: opts.type, subject: subject.commitment, documentHash }),
        saltFile === undefined ? [] : [saltFile],
      );
      const caseId = await tx.wait();
      if (saltFile !== undefined) {
        replaceFile(saltFile, jsonText({ caseId, caseType: opts.type, documentHash, subject, transaction: tx.hash }));
      }
      print(globals(), { caseId, caseType: opts.type, subject, saltFile, documentHash, transaction: tx.hash }, () => {
        console.log(`opened ${opts.type} case ${caseId} (${tx.hash})`);
        if (saltFile !== undefined) console.log(`subject id and salt (keep them) written to ${saltFile}`);
      });
    });

  cases
    .command("approve <id>")
    .description("sign a department's approval (an officer of a department of the current stage)")
    .requiredOption("--department <code>", "the department you approve for")
    .option("--document <hash|file>", `supporting document: ${DOCUMENT_HELP}`)
    .action(async (value: string, opts: { department: string; document?: string }) => {
      const caseId = id("case id", value);
      const documentHash = opts.document === undefined ? ZeroHash : hashOrFile("--document", opts.document);
      const { gov } = await govchain(globals(), true);
      const tx = await gov.workflow.approve(caseId, opts.department, documentHash);
      const status = await tx.wait();
      const progress = await approvalProgress(gov.workflow, caseId, opts.department);
      print(globals(), { caseId, department: opts.department, status, progress, transaction: tx.hash }, () =>
        console.log(approvalSentence(progress)),
      );
    });

  for (const [action, description] of [
    ["reject", "reject the case for a department, closing it"],
    ["return", "return the case for more information (its clock stops until resubmitted)"],
  ] as const) {
    cases
      .command(`${action} <id>`)
      .description(`${description} (an officer of a department of the current stage)`)
      .requiredOption("--department <code>", "the department you decide for")
      .requiredOption("--reason <text>", "why (1-256 bytes, public on chain: no personal data)")
      .option("--document <hash|file>", `supporting document: ${DOCUMENT_HELP}`)
      .action(async (value: string, opts: { department: string; reason: string; document?: string }) => {
        const caseId = id("case id", value);
        const documentHash = opts.document === undefined ? ZeroHash : hashOrFile("--document", opts.document);
        const { gov } = await govchain(globals(), true);
        const w = gov.workflow;
        const tx =
          action === "reject"
            ? await w.reject(caseId, opts.department, opts.reason, documentHash)
            : await w.returnForInformation(caseId, opts.department, opts.reason, documentHash);
        const result = await tx.wait();
        const remaining = typeof result === "bigint" ? result : undefined;
        print(globals(), { caseId, department: opts.department, action, remaining, transaction: tx.hash }, () =>
          console.log(
            action === "reject"
              ? `case ${caseId}: rejected for ${opts.department}`
              : `case ${caseId}: returned for more information by ${opts.department}` +
                  (remaining === undefined ? "" : ` (${remaining} s left in the stage)`),
          ),
        );
      });
  }

  cases
    .command("resubmit <id>")
    .description("resubmit a returned case with more information (the opener)")
    .requiredOption("--document <hash|file>", `the new information: ${DOCUMENT_HELP}`)
    .action(async (value: string, opts: { document: string }) => {
      const caseId = id("case id", value);
      const documentHash = hashOrFile("--document", opts.document);
      const { gov } = await govchain(globals(), true);
      const tx = await gov.workflow.resubmit(caseId, documentHash);
      await tx.wait();
      print(globals(), { caseId, documentHash, transaction: tx.hash }, () =>
        console.log(`case ${caseId}: resubmitted`),
      );
    });

  cases
    .command("withdraw <id>")
    .description("withdraw an open or returned case (the opener)")
    .requiredOption("--reason <text>", "why (1-256 bytes, public on chain)")
    .action(async (value: string, opts: { reason: string }) => {
      const caseId = id("case id", value);
      const { gov } = await govchain(globals(), true);
      const tx = await gov.workflow.withdraw(caseId, opts.reason);
      await tx.wait();
      print(globals(), { caseId, transaction: tx.hash }, () => console.log(`case ${caseId}: withdrawn`));
    });
}
