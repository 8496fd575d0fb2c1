import type { Command } from "commander";
import { isAddress, ZeroAddress } from "ethers";

import {
  AUDIT_RESULTS,
  depositBand,
  parseUnitNumber,
  UTILITIES,
  ValidationError,
  type AuditResult,
  type EstateClient,
  type GovChain,
  type TransferRef,
  type Utility,
} from "../../sdk/index.js";
import { govchain, type GlobalOptions } from "../context.js";
import { hashOrFile, id } from "../input.js";
import { print, table } from "../output.js";

type Globals = () => GlobalOptions;
const DOCUMENT_HELP = "a 32-byte hash, or a file (its keccak256 is recorded)";

function estate(gov: GovChain): EstateClient {
  if (gov.estate === undefined) {
    throw new ValidationError(
      "manifest",
      "this deployment has no EstateServices (the city file has no estate section)",
    );
  }
  return gov.estate;
}

/** The register's transfer case `caseId` of the unit, as opened (kind, version, next title hash), from its history. */
async function transferRef(
  gov: GovChain,
  unitNumber: string,
  caseId: bigint,
): Promise<TransferRef & { fromVersion: number }> {
  parseUnitNumber(unitNumber);
  if (gov.property === undefined) throw new ValidationError("manifest", "this deployment has no PropertyRegistry");
  const opened = (await gov.property.history(unitNumber)).transfersOpened.find((t) => t.caseId === caseId);
  if (opened === undefined) {
    throw new ValidationError("case", `case ${caseId} is not a transfer of ${unitNumber} opened in the register`);
  }
  return {
    unitNumber,
    caseId,
    kind: opened.kind as TransferRef["kind"],
    to: opened.titleHash,
    fromVersion: opened.fromVersion,
  };
}

function provider(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isAddress(value) || value === ZeroAddress) throw new ValidationError(field, `${value} is not an address`);
  return value;
}

export function estateCommand(program: Command, globals: Globals): void {
  const cmd = program
    .command("estate")
    .description(
      "around a property transfer: supervised deposits (banks), utility account transfers (providers), " +
        "tax audits of the declared price (TAX)",
    );

  cmd
    .command("deposit <unitNumber> <caseId>")
    .description("a bank officer records that the bank holds the buyer's funds for the sale case")
    .requiredOption("--bank <code>", "the bank department (e.g. BANK_ICBC)")
    .option("--amount <yuan>", "the amount, turned into its band (only the band goes on chain)")
    .option("--band <1-8>", "the amount band, instead of --amount")
    .requiredOption("--agreement <hash|file>", `the supervision agreement: ${DOCUMENT_HELP}`)
    .action(
      async (
        unit: string,
        caseValue: string,
        opts: { bank: string; amount?: string; band?: string; agreement: string },
      ) => {
        const caseId = id("caseId", caseValue);
        if ((opts.amount === undefined) === (opts.band === undefined)) {
          throw new ValidationError("--amount", "give --amount or --band (one of them)");
        }
        const band = opts.band !== undefined ? Number(opts.band) : depositBand(Number(opts.amount));
        const agreementHash = hashOrFile("--agreement", opts.agreement);
        const { gov } = await govchain(globals(), true);
        const ref = await transferRef(gov, unit, caseId);
        const tx = await estate(gov).recordDeposit({ ...ref, bank: opts.bank, band, agreementHash });
        await tx.wait();
        print(globals(), { caseId, bank: opts.bank, band, transaction: tx.hash }, () =>
          console.log(`${opts.bank} holds the deposit of case ${caseId} (band ${band})`),
        );
      },
    );

  cmd
    .command("release <caseId>")
    .description("the bank releases the deposit once: to the seller after the transfer, else back to the buyer")
    .requiredOption("--document <hash|file>", `the payment instruction: ${DOCUMENT_HELP}`)
    .action(async (caseValue: string, opts: { document: string }) => {
      const caseId = id("caseId", caseValue);
      const documentHash = hashOrFile("--document", opts.document);
      const { gov } = await govchain(globals(), true);
      const tx = await estate(gov).releaseDeposit(caseId, documentHash);
      const state = await tx.wait();
      print(globals(), { caseId, state, transaction: tx.hash }, () =>
        console.log(
          `deposit of case ${caseId}: ${state === "releasedToSeller" ? "paid to the seller" : "returned to the buyer"}`,
        ),
      );
    });

  cmd
    .command("utilities <unitNumber> <caseId>")
    .description("a registrar officer opens the utility account transfers of an executed transfer")
    .option("--water <address>", "the water provider (accredited participant)")
    .option("--power <address>", "the power provider")
    .option("--gas <address>", "the gas provider")
    .option("--heating <address>", "the heating provider")
    .action(async (unit: string, caseValue: string, opts: Partial<Record<Utility, string>>) => {
      const caseId = id("caseId", caseValue);
      const providers = Object.fromEntries(UTILITIES.map((u) => [u, provider(`--${u}`, opts[u])]));
      if (UTILITIES.every((u) => providers[u] === undefined)) {
        throw new ValidationError("--water", "name at least one provider (--water, --power, --gas, --heating)");
      }
      const { gov } = await govchain(globals(), true);
      const ref = await transferRef(gov, unit, caseId);
      const tx = await estate(gov).openUtilitySteps({ ...ref, providers });
      await tx.wait();
      print(globals(), { caseId, providers, transaction: tx.hash }, () =>
        console.log(`utility steps of case ${caseId} opened: ${UTILITIES.filter((u) => providers[u]).join(", ")}`),
      );
    });

  cmd
    .command("confirm <caseId> <utility>")
    .description("the provider confirms arrears settled and the account moved to the new owner")
    .requiredOption("--settlement <hash|file>", `the settlement statement: ${DOCUMENT_HELP}`)
    .action(async (caseValue: string, utility: string, opts: { settlement: string }) => {
      const caseId = id("caseId", caseValue);
      if (!(UTILITIES as readonly string[]).includes(utility)) {
        throw new ValidationError("utility", `${JSON.stringify(utility)} is not one of ${UTILITIES.join(", ")}`);
      }
      const settlement = hashOrFile("--settlement", opts.settlement);
      const { gov } = await govchain(globals(), true);
      const tx = await estate(gov).confirmUtilityStep(caseId, utility as Utility, settlement);
      await tx.wait();
      print(globals(), { caseId, utility, transaction: tx.hash }, () =>
        console.log(`${utility} account of case ${caseId} moved`),
      );
    });

  cmd
    .command("audit <unitNumber> <caseId>")
    .description("a TAX officer records the audit of the declared price (return the case in the workflow first)")
    .requiredOption("--declared <hash>", "commitment to the declared price (SDK priceCommitment)")
    .requiredOption("--reference <hash>", "commitment to the assessed reference price")
    .requiredOption("--result <result>", AUDIT_RESULTS.filter((r) => r !== "none").join(", "))
    .option("--reason <code|hash>", "a reason code (PRICE_BELOW_REFERENCE) or the hash of the reasoning")
    .action(
      async (
        unit: string,
        caseValue: string,
        opts: { declared: string; reference: string; result: string; reason?: string },
      ) => {
        const caseId = id("caseId", caseValue);
        const result = opts.result as AuditResult;
        if (!["accepted", "assessed", "returned"].includes(result)) {
          throw new ValidationError("--result", `${JSON.stringify(opts.result)} is not accepted, assessed or returned`);
        }
        const declaredPriceHash = hashOrFile("--declared", opts.declared);
        const assessedReferenceHash = hashOrFile("--reference", opts.reference);
        const { gov } = await govchain(globals(), true);
        const ref = await transferRef(gov, unit, caseId);
        const tx = await estate(gov).recordAudit({
          ...ref,
          declaredPriceHash,
          assessedReferenceHash,
          result,
          reasonCode: opts.reason,
        });
        await tx.wait();
        print(globals(), { caseId, result, transaction: tx.hash }, () =>
          console.log(`audit of case ${caseId} recorded: ${result}`),
        );
      },
    );

  cmd
    .command("show <unitNumber>")
    .description("the unit's deposits, tax audits and utility steps (what the new owner checks)")
    .action(async (unit: string) => {
      parseUnitNumber(unit);
      const { gov } = await govchain(globals(), false);
      const client = estate(gov);
      const history = await gov.property!.history(unit);
      const deposits = await Promise.all(history.deposits.map((d) => client.deposit(d.caseId)));
      const steps = await Promise.all(
        history.utilityStepsOpened.map(async (o) => ({ caseId: o.caseId, steps: await client.utilitySteps(o.caseId) })),
      );
      const value = { unitNumber: unit, deposits, taxAudits: history.taxAudits, utilitySteps: steps };
      print(globals(), value, () => {
        console.log("deposits");
        table(deposits.map((d) => ({ case: d!.caseId, bank: d!.bank, band: d!.band, state: d!.state })));
        console.log("tax audits");
        table(
          history.taxAudits.map((a) => ({
            case: a.caseId,
            result: a.result,
            reason: a.reasonCode,
            block: a.blockNumber,
          })),
        );
        console.log("utility steps");
        table(
          steps.flatMap((c) =>
            c.steps.map((st) => ({ case: c.caseId, utility: st.utility, provider: st.provider, done: st.done })),
          ),
        );
      });
    });
}
