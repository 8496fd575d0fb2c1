import { FeeData, formatEther, parseEther, type Provider, type Signer } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { fixedGasPrice } from "../../cli/context.js";
import { ADMINS_PER_PROPOSAL } from "../../config/staff.js";
import { encodeDepartmentCode } from "../../sdk/access/departments.js";
import { encodeCall, GovChainError, type AccessClient, type GovernanceClient } from "../../sdk/index.js";

export interface DepartmentStaff {
  admin: Signer & { address: string };
  officer: Signer & { address: string };
}

/** Who appoints department admins once the council holds the operator's roles: a member's admin, proposing. */
export interface CouncilSeat {
  /** The council client, connected as an admin of `department`. */
  governance: GovernanceClient;
  department: string;
}

/**
 * Gives each department an admin and an officer (granted by that admin), taking accounts from `accounts` in
 * turn; skips grants already in place so a re-run against a persistent node is harmless. Admins are granted by
 * the operator's key, or, with `council`, in one council proposal (the development council executes it at once).
 */
export async function staffDepartments(
  access: AccessClient,
  codes: readonly string[],
  accounts: readonly (Signer & { address: string })[],
  council?: CouncilSeat,
): Promise<Record<string, DepartmentStaff>> {
  const staff: Record<string, DepartmentStaff> = {};
  const missingAdmins: { code: string; admin: string }[] = [];
  for (const [i, code] of codes.entries()) {
    staff[code] = { admin: accounts[(2 * i) % accounts.length], officer: accounts[(2 * i + 1) % accounts.length] };
    if (!(await access.admins(code)).includes(staff[code].admin.address)) {
      missingAdmins.push({ code, admin: staff[code].admin.address });
    }
  }
  if (council !== undefined && missingAdmins.length > 0) {
    const calls = missingAdmins.map(({ code, admin }) =>
      encodeCall(access.contract, "grantDepartmentAdmin", [encodeDepartmentCode(code), admin]),
    );
    // In groups: a proposal that executes runs all its calls in one transaction (see ADMINS_PER_PROPOSAL).
    for (let first = 0; first < calls.length; first += ADMINS_PER_PROPOSAL) {
      const group = calls.slice(first, first + ADMINS_PER_PROPOSAL);
      const outcome = await (
        await council.governance.propose(council.department, group, `appoint ${group.length} department admins`)
      ).wait();
      if (outcome.state !== "executed") {
        throw new Error(`the council's proposal ${outcome.id} to appoint admins is ${outcome.state}, not executed`);
      }
    }
  } else {
    for (const { code, admin } of missingAdmins) await (await access.grantDepartmentAdmin(code, admin)).wait();
  }
  for (const code of codes) {
    const { admin, officer } = staff[code];
    if (!(await access.officers(code)).includes(officer.address)) {
      await (await access.connect(admin).grantOfficer(code, officer.address)).wait();
    }
  }
  return staff;
}

/** Hardhat's and anvil's development mnemonic: the fallback when GOVCHAIN_DEMO_MNEMONIC is unset. */
export const DEFAULT_DEMO_MNEMONIC = "test test test test test test test test test test test junk";
/** What each demo account receives when it holds less than half of it (GOVCHAIN_DEMO_FUNDING, in ether). */
export const DEFAULT_DEMO_FUNDING = "0.1";

type NamedSigner = Signer & { address: string };

/**
 * The operator (the network's first account, the deployer) and `count` staff accounts for the
 * demo. A network with enough accounts (the in-process chain, `hardhat node`) lends its own;
 * otherwise (geth `--dev`, a private network with one key) the staff are derived from
 * GOVCHAIN_DEMO_MNEMONIC and funded by the operator when they lack ether.
 */
export async function demoSigners(
  connection: NetworkConnection,
  count: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ operator: NamedSigner; staff: NamedSigner[] }> {
  const signers = await connection.ethers.getSigners();
  const operator = signers[0];
  if (operator === undefined) {
    throw new GovChainError(`network "${connection.networkName}" has no account to deploy from`);
  }
  if (signers.length > count) return { operator, staff: signers.slice(1, count + 1) };
  if (connection.networkConfig.type !== "http") {
    throw new GovChainError(
      `network "${connection.networkName}" has ${signers.length} accounts; the demo needs ${count + 1}`,
    );
  }
  const { network } = await import("hardhat");
  const mnemonic = env.GOVCHAIN_DEMO_MNEMONIC || DEFAULT_DEMO_MNEMONIC;
  // Index 0 of the development mnemonic is the usual deployer: derive one more and drop the operator.
  const derived = await network.create({
    network: connection.networkName,
    // The same endpoint as `connection`, which may itself be an override.
    override: {
      url: await connection.networkConfig.url.get(),
      accounts: { mnemonic, count: count + 1, initialIndex: 1 },
    },
  });
  const staff = (await derived.ethers.getSigners())
    .filter((s) => s.address.toLowerCase() !== operator.address.toLowerCase())
    .slice(0, count);
  await fundAccounts(connection, operator, staff, parseEther(env.GOVCHAIN_DEMO_FUNDING || DEFAULT_DEMO_FUNDING));
  return { operator, staff };
}

/**
 * Tops up each account holding less than half of `amount` to `amount`, from `funder`. Nothing to
 * do on a gas-free network (gas price 0): its accounts pay nothing. Refuses, before sending
 * anything, when the funder cannot pay for all of them.
 */
export async function fundAccounts(
  connection: NetworkConnection,
  funder: NamedSigner,
  accounts: readonly NamedSigner[],
  amount: bigint,
): Promise<number> {
  if (fixedGasPrice(connection) === 0n) return 0;
  const provider = connection.ethers.provider;
  const short: { account: NamedSigner; missing: bigint }[] = [];
  for (const account of accounts) {
    const balance = await provider.getBalance(account.address);
    if (balance < amount / 2n) short.push({ account, missing: amount - balance });
  }
  if (short.length === 0) return 0;
  const needed = short.reduce((sum, s) => sum + s.missing, 0n);
  const available = await provider.getBalance(funder.address);
  if (available < needed) {
    throw new GovChainError(
      `the demo needs ${short.length} funded accounts and the operator ${funder.address} holds ${formatEther(available)} ` +
        `ether, less than the ${formatEther(needed)} needed to fund them: fund the operator, lower ` +
        `GOVCHAIN_DEMO_FUNDING (${formatEther(amount)} ether each), or set GOVCHAIN_DEMO_MNEMONIC to funded accounts`,
    );
  }
  for (const { account, missing } of short) {
    await (await funder.sendTransaction({ to: account.address, value: missing })).wait();
  }
  return short.length;
}

/**
 * The connection's provider for keys the demo makes itself (participants' own wallets): on a network with a fixed
 * gas price (PRIVATE_GAS_PRICE, 0 on a gas-free chain) their transactions use it, as the configured signers' do,
 * instead of ethers' default priority fee, which an unfunded key on a gas-free chain cannot pay.
 */
export function participantProvider(connection: NetworkConnection): Provider {
  const provider = connection.ethers.provider;
  const gasPrice = fixedGasPrice(connection);
  if (gasPrice === undefined) return provider;
  const fixed = new FeeData(gasPrice, null, null);
  return new Proxy(provider, {
    get(target, property) {
      if (property === "getFeeData") return async () => fixed;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
