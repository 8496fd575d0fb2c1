import type { Command } from "commander";

import { benefitPeriod, ValidationError, type GovChain } from "../../sdk/index.js";
import { govchain, type GlobalOptions } from "../context.js";
import { beforeSending, hashOrFile, id, subjectRef } from "../input.js";
import { print, table } from "../output.js";

type Globals = () => GlobalOptions;

const DOCUMENT_HELP = "a 32-byte hash, or a file (its keccak256 is recorded)";

function oneStop(gov: GovChain) {
  if (gov.oneStop === undefined) {
    throw new ValidationError("manifest", "this deployment has no OneStopServices (the city has no oneStop section)");
  }
  return gov.oneStop;
}

function benefits(gov: GovChain) {
  if (gov.benefits === undefined) {
    throw new ValidationError("manifest", "this deployment has no UnemploymentBenefits (no oneStop.unemployment)");
  }
  return gov.benefits;
}

/** Yuan with up to two decimals ("1870", "1870.50") → fen. */
function fen(value: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(value);
  if (match === null) throw new ValidationError("--amount", `${JSON.stringify(value)} is not an amount like 1870.50`);
  return BigInt(match[1]) * 100n + BigInt((match[2] ?? "0").padEnd(2, "0"));
}

function period(field: string, value: string): number {
  try {
    return benefitPeriod(value);
  } catch {
    throw new ValidationError(field, `${JSON.stringify(value)} is not a month YYYYMM`);
  }
}

/** `govchain onestop ...`: one application, several departments, the certificates issued together. */
export function oneStopCommand(program: Command, globals: Globals): void {
  const cmd = program
    .command("onestop")
    .description(
      "district one-stop services: enterprise establishment and high-tech certification (the district window " +
        "opens and completes; the departments approve with `govchain cases approve`)",
    );

  cmd
    .command("bundle <caseType>")
    .description("a bundle's opener department, certificate types and validity")
    .action(async (caseType: string) => {
      const { gov } = await govchain(globals(), false);
      const bundle = await oneStop(gov).bundle(caseType);
      print(globals(), bundle, () => {
        console.log(`${caseType}: opened by ${bundle.opener}, validity ${bundle.validitySeconds || "none"} s`);
        table(bundle.certificateTypes.map((type) => ({ certificate: type })));
      });
    });

  cmd
    .command("apply <caseType>")
    .description("open an application (an officer of the bundle's opener department); prints the case id")
    .requiredOption(
      "--applicant <id|commitment>",
      "a unified social credit code (committed with a fresh salt) or a commitment",
    )
    .requiredOption("--document <hash|file>", `the application file: ${DOCUMENT_HELP}`)
    .action(async (caseType: string, opts: { applicant: string; document: string }) => {
      const applicant = subjectRef(opts.applicant, "--applicant");
      const documentHash = hashOrFile("--document", opts.document);
      const { gov } = await govchain(globals(), true);
      const tx = await beforeSending(
        oneStop(gov).openApplication({ caseType, applicant: applicant.commitment, documentHash }),
        [],
      );
      const { caseId } = await tx.wait();
      print(globals(), { caseId, applicant: applicant.commitment, salt: applicant.salt }, () => {
        console.log(`opened ${caseType} application: case ${caseId}`);
        if (applicant.salt !== undefined) console.log(`applicant salt (keep it): ${applicant.salt}`);
      });
    });

  cmd
    .command("complete <caseId>")
    .description("complete an approved application: every certificate of its bundle is issued in one transaction")
    .action(async (value: string) => {
      const caseId = id("caseId", value);
      const { gov } = await govchain(globals(), true);
      const done = await (await oneStop(gov).completeApplication(caseId)).wait();
      print(globals(), done, () => {
        console.log(`completed case ${caseId} (${done.caseType}): ${done.certificates.length} certificate(s) issued`);
        table(done.certificates.map((c) => ({ certificate: c.type, hash: c.hash })));
      });
    });

  const ben = program
    .command("benefits")
    .description("unemployment benefits: claims on exchanged evidence, approved by the district, paid once a month");

  ben
    .command("open")
    .description("open a claim (an officer of the district) on two live evidence grants; prints the case id")
    .requiredOption("--district <code>", "the district office, e.g. HAIDIAN_HRSS")
    .requiredOption("--beneficiary <commitment>", "the beneficiary's salted commitment (32-byte hex)")
    .requiredOption("--employment-grant <id>", "the exchange grant of the employment records")
    .requiredOption("--insurance-grant <id>", "the exchange grant of the social-insurance records")
    .requiredOption("--from <YYYYMM>", "the first month paid")
    .requiredOption("--months <n>", "months paid (1-24)")
    .requiredOption("--document <hash|file>", `the claim file: ${DOCUMENT_HELP}`)
    .action(
      async (opts: {
        district: string;
        beneficiary: string;
        employmentGrant: string;
        insuranceGrant: string;
        from: string;
        months: string;
        document: string;
      }) => {
        const input = {
          district: opts.district,
          beneficiary: opts.beneficiary,
          employmentGrant: id("--employment-grant", opts.employmentGrant),
          insuranceGrant: id("--insurance-grant", opts.insuranceGrant),
          firstPeriod: period("--from", opts.from),
          months: Number(opts.months),
          documentHash: hashOrFile("--document", opts.document),
        };
        const { gov } = await govchain(globals(), true);
        const { caseId } = await (await benefits(gov).openClaim(input)).wait();
        print(globals(), { caseId }, () => console.log(`opened unemployment claim: case ${caseId}`));
      },
    );

  ben
    .command("pay <caseId>")
    .description(
      "record a month's payment (an officer of the claim's district or of a payer department); once per month",
    )
    .requiredOption("--department <code>", "the department you act for")
    .requiredOption("--period <YYYYMM>", "the month paid")
    .requiredOption("--amount <yuan>", "the amount, e.g. 1870.00")
    .requiredOption("--ref <hash|file>", `the payment reference: ${DOCUMENT_HELP}`)
    .action(async (value: string, opts: { department: string; period: string; amount: string; ref: string }) => {
      const input = {
        caseId: id("caseId", value),
        department: opts.department,
        period: period("--period", opts.period),
        amountFen: fen(opts.amount),
        paymentRef: hashOrFile("--ref", opts.ref),
      };
      const { gov } = await govchain(globals(), true);
      const paid = await (await benefits(gov).recordPayment(input)).wait();
      print(globals(), paid, () => console.log(`paid ${paid.period} under claim ${paid.caseId} (${paid.department})`));
    });

  ben
    .command("show <caseId>")
    .description("a claim: district, months, whether payments started")
    .action(async (value: string) => {
      const { gov } = await govchain(globals(), false);
      const claim = await benefits(gov).claim(id("caseId", value));
      print(globals(), claim, () => table([{ ...claim }]));
    });
}
