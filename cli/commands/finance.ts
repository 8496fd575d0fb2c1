/**
 * `govchain finance`: enterprise financial e-identity and SME lending (services/enterprise-identity.json,
 * services/sme-finance.json). Verification needs no key: `verify-enterprise` and `verify-mandate` read only.
 */
import type { Command } from "commander";

import { loadCityConfig } from "../../config/city.js";
import { GovChainError, mandateAction, scopeActions, type GovChain } from "../../sdk/index.js";
import { govchain, type GlobalOptions } from "../context.js";
import { print, table } from "../output.js";

type Globals = () => GlobalOptions;

function financeOf(gov: GovChain) {
  if (gov.finance === undefined) throw new GovChainError("this deployment runs no enterprise-identity service");
  return gov.finance;
}

function scopes(): Record<string, number> {
  const identity = loadCityConfig().enterpriseIdentity;
  if (identity === undefined) throw new GovChainError("the city config has no enterpriseIdentity section");
  return identity.scopes;
}

export function financeCommand(program: Command, globals: Globals): void {
  const finance = program.command("finance").description("enterprise e-identity, agents' mandates, SME loans");

  finance
    .command("bind <enterprise> <credential> <representative>")
    .description("MARKET officer: issue an enterprise's identity credential and bind its representative's key")
    .option("--valid-until <unix>", "end of the credential (default: open-ended)", "0")
    .action(async (enterprise: string, credential: string, representative: string, opts: { validUntil: string }) => {
      const { gov } = await govchain(globals(), true);
      const epoch = await (
        await financeOf(gov).bindEnterprise(enterprise, credential, representative, BigInt(opts.validUntil))
      ).wait();
      print(globals(), { enterprise, credential, representative, epoch }, () =>
        console.log(`bound ${enterprise} to ${representative} (binding ${epoch})`),
      );
    });

  finance
    .command("verify-enterprise <enterprise>")
    .description("whether an enterprise commitment holds a valid identity credential now (no key needed)")
    .action(async (enterprise: string) => {
      const { gov } = await govchain(globals(), false);
      const verdict = await financeOf(gov).verifyEnterprise(enterprise);
      print(globals(), verdict, () =>
        console.log(`${verdict.valid ? "VALID" : "NOT VALID"}: representative ${verdict.representative}`),
      );
      if (!verdict.valid) process.exitCode = 1;
    });

  finance
    .command("verify-mandate <mandateId>")
    .description("whether an agent may take one action at a bank under a mandate now (no key needed)")
    .requiredOption("--agent <address>", "the agent's key")
    .requiredOption("--bank <code>", "the bank's department code")
    .requiredOption("--action <name>", "one action of the service's scopes (OPEN_ACCOUNT, BORROW, ...)")
    .action(async (mandateId: string, opts: { agent: string; bank: string; action: string }) => {
      const { gov } = await govchain(globals(), false);
      const client = financeOf(gov);
      const table_ = scopes();
      const verdict = await client.verifyMandate(
        BigInt(mandateId),
        opts.agent,
        opts.bank,
        mandateAction(opts.action, table_),
      );
      const m = await client.contract.mandate(BigInt(mandateId));
      const allowed = scopeActions(m.scope, table_).join(", ");
      print(globals(), { ...verdict, scope: allowed }, () =>
        console.log(`${verdict.valid ? "VALID" : `NOT VALID: ${verdict.reason}`} (mandate allows: ${allowed})`),
      );
      if (!verdict.valid) process.exitCode = 1;
    });

  finance
    .command("revoke-mandate <mandateId>")
    .description("MARKET officer: revoke a mandate (the representative revokes with a signature, see the SDK)")
    .requiredOption("--reason <code>", "reason code, e.g. COURT_ORDER")
    .action(async (mandateId: string, opts: { reason: string }) => {
      const { gov } = await govchain(globals(), true);
      await (await financeOf(gov).revokeMandateByMarket(BigInt(mandateId), opts.reason)).wait();
      print(globals(), { mandateId, revoked: true }, () => console.log(`mandate ${mandateId} revoked`));
    });

  finance
    .command("loan <loanId>")
    .description("a loan as recorded: lender, amount band, term, collateral, whether its receivable is pledged")
    .action(async (loanId: string) => {
      const { gov } = await govchain(globals(), false);
      const lending = financeOf(gov).lending;
      if (lending === undefined) throw new GovChainError("this deployment runs no SME-finance service");
      const l = await lending.loan(BigInt(loanId)).catch(() => {
        throw new GovChainError(`no loan ${loanId}`);
      });
      const pledgedTo = l.collateralKind === 2n ? await lending.pledgedTo(l.collateral) : 0n;
      const row = {
        loan: loanId,
        lender: l.lender,
        status: ["none", "active", "closed"][Number(l.status)],
        amountBand: Number(l.amountBand),
        termMonths: Number(l.termMonths),
        collateral: ["none", "property mortgage", "receivable"][Number(l.collateralKind)],
        pledged: pledgedTo === BigInt(loanId),
      };
      print(globals(), row, () => table([row]));
    });
}
