/**
 * The cheapest suite that exercises every gateway route, on a real `hardhat node` over HTTP: the CLI's deploy,
 * then a few certificates (valid, suspended, revoked, renewed), a registered unit with an open sale case, and a
 * dataset grant with one access receipt. Much less than the demo.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { HDNodeWallet, id, Mnemonic, Network } from "ethers";

import {
  commitSubject,
  createDocument,
  datasetId,
  GovChain,
  NO_EXPIRY,
  RetryingJsonRpcProvider,
  type DeploymentManifest,
  type IssuedCertificate,
} from "../../sdk/index.js";
import { appointAdminsThroughCouncil } from "../helpers/council.js";
import { HardhatNode } from "../helpers/node.js";

const execute = promisify(execFile);

const account = (index: number) =>
  HDNodeWallet.fromMnemonic(
    Mnemonic.fromPhrase("test test test test test test test test test test test junk"),
    `m/44'/60'/0'/0/${index}`,
  );

export interface GatewayFixture {
  node: HardhatNode;
  dir: string;
  manifest: DeploymentManifest;
  docs: Record<"valid" | "suspended" | "revoked" | "renewedOld" | "renewedNew", IssuedCertificate>;
  unitNumber: string;
  saleCase: bigint;
  dataset: string;
  datasetLabel: string;
  /** A block after the suspended certificate's issuance, before its suspension. */
  beforeSuspension: number;
  cleanup(): Promise<void>;
}

/** A provider on the fixture's node: the SDK's retrying transport (a node closes idle sockets), a static network. */
export function nodeProvider(url: string, manifest: DeploymentManifest): RetryingJsonRpcProvider {
  return new RetryingJsonRpcProvider(url, Network.from(BigInt(manifest.chainId)), { staticNetwork: true });
}

export async function gatewayFixture(): Promise<GatewayFixture> {
  const dir = mkdtempSync(path.join(tmpdir(), "govchain-gateway-"));
  const node = await HardhatNode.start();
  const deploymentId = `gateway-test-${process.pid}`;
  const cleanup = async () => {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(path.join("ignition", "deployments", deploymentId), { recursive: true, force: true });
  };
  try {
    return await build(node, dir, deploymentId, cleanup);
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function build(
  node: HardhatNode,
  dir: string,
  deploymentId: string,
  cleanup: () => Promise<void>,
): Promise<GatewayFixture> {
  await execute(process.execPath, ["bin/govchain.js", "deploy"], {
    env: {
      ...process.env,
      LOCALHOST_RPC_URL: node.url,
      GOVCHAIN_DEPLOYMENTS_DIR: dir,
      GOVCHAIN_DEPLOYMENT_ID: deploymentId,
      GOVCHAIN_NETWORK: "localhost",
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  const manifest = JSON.parse(readFileSync(path.join(dir, "localhost.json"), "utf8")) as DeploymentManifest;
  const provider = nodeProvider(node.url, manifest);
  const as = (index: number) => GovChain.connect(account(index).connect(provider), manifest);

  // Account 1 administers SERVICE (the development council): it appoints the admins, who appoint officers.
  const codes = ["MARKET", "REGISTRY", "PSB", "TAX"] as const;
  const admin = (i: number) => account(3 + i);
  const officerIndex = (i: number) => 10 + i;
  await appointAdminsThroughCouncil(
    await as(1),
    codes.map((code, i) => [code, admin(i).address] as const),
  );
  for (const [i, code] of codes.entries()) {
    await (await (await as(3 + i)).access.grantOfficer(code, account(officerIndex(i)).address)).wait();
  }
  const [market, registry, psb, tax] = await Promise.all(codes.map((_, i) => as(officerIndex(i))));

  const now = (await provider.getBlock("latest"))!.timestamp;
  const licence = (name: string) =>
    createDocument({
      certType: "BUSINESS_LICENCE",
      issuer: "MARKET",
      subject: commitSubject("91110108MA01ABCD2X").commitment,
      validFrom: now - 60,
      validUntil: NO_EXPIRY,
      fields: { name, capital: "1000000 CNY" },
    });
  const issue = async (name: string) => (await market.certificates.issue(licence(name))).wait();
  const valid = await issue("Valid Tea House");
  const suspended = await issue("Suspended Shop");
  // A block strictly between the issuance and the suspension (the node may give consecutive blocks one second).
  await provider.send("evm_increaseTime", [60]);
  await provider.send("evm_mine", []);
  // Asked with send(): getBlockNumber() may answer from ethers' cache of a moment ago (before the issuance).
  const beforeSuspension = Number(await provider.send("eth_blockNumber", []));
  await (await market.certificates.suspend(suspended, "investigation")).wait();
  const revoked = await issue("Revoked Shop");
  await (await market.certificates.revoke(revoked, "fraud")).wait();
  const renewedOld = await issue("Renewed Shop");
  const renewedNew = await (await market.certificates.renew(renewedOld, licence("Renewed Shop 2026"))).wait();

  const doc = (label: string) => id(`document:${label}`);
  const unitNumber = "110105003001GB00001F00010001";
  await (
    await registry.property!.registerUnit({
      unitNumber,
      parcelRef: doc("parcel"),
      usage: 1,
      area: 8_950n,
      documentHash: doc("first registration"),
      title: { kind: "sole", owners: [{ commitment: commitSubject("110105198001010016").commitment, share: 10_000 }] },
    })
  ).wait();
  const sale = await (
    await registry.property!.openTransfer({
      unitNumber,
      kind: "sale",
      to: { kind: "sole", owners: [{ commitment: commitSubject("110108199003030030").commitment, share: 10_000 }] },
      documentHash: doc("sale contract"),
    })
  ).wait();

  const datasetLabel = "PSB/gateway-households";
  const dataset = datasetId(datasetLabel);
  await (
    await psb.exchange.registerDataset({
      id: dataset,
      owner: "PSB",
      schemaHash: doc("schema"),
      endpointHash: doc("endpoint"),
      classification: "internal",
    })
  ).wait();
  const { requestId } = await (
    await tax.exchange.requestAccess({
      dataset,
      requester: "TAX",
      purpose: "DEED_TAX",
      legalBasis: "PRC-DEED-TAX-LAW-15",
      scope: ["name", "household"],
      durationSeconds: 30 * 86_400,
    })
  ).wait();
  const outcome = await (await psb.exchange.approveRequest(requestId)).wait();
  if (outcome.status !== "approved") throw new Error(`unexpected approval outcome ${outcome.status}`);
  const key = await tax.exchange.grantReceiptKey(`0x${"11".repeat(32)}`, outcome.grantId);
  await (
    await tax.exchange.recordAccess(outcome.grantId, key, { query: { unit: unitNumber }, response: { household: "1" } })
  ).wait();
  provider.destroy();

  return {
    node,
    dir,
    manifest,
    docs: { valid, suspended, revoked, renewedOld, renewedNew },
    unitNumber,
    saleCase: sale.caseId,
    dataset,
    datasetLabel,
    beforeSuspension,
    cleanup,
  };
}
