/**
 * The read gateway's verification throughput (issue 17: gateway verify ≥ 1,000 documents/s on the local chain),
 * against a `hardhat node` over HTTP: certificates issued by the MARKET officer, indexed, then verified through
 * POST /verify/batch (the SDK's chunked verifyMany behind it) over real HTTP, a few requests in flight. POST
 * /verify one document at a time is measured beside it (informative: each answer also reads the status history
 * of a non-active certificate and the renewal chain).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { HDNodeWallet, Mnemonic, Network } from "ethers";
import type { NetworkManager } from "hardhat/types/network";

import { createGateway } from "../../gateway/app.js";
import { openIndexDatabase } from "../../indexer/database.js";
import { syncIndex } from "../../indexer/sync.js";
import { createDocument, GovChain, RetryingJsonRpcProvider, type IssuedCertificate } from "../../sdk/index.js";
import { HardhatNode } from "../../test/helpers/node.js";
import { deployStaffedSuite } from "../../test/helpers/suite.js";
import type { BenchResults } from "../types.js";

const SIZES = {
  issued: Number(process.env.BENCH_GATEWAY_DOCS ?? 2_000),
  /** Documents verified through the batch route, in requests of `batch`, `inFlight` at once. */
  verified: Number(process.env.BENCH_GATEWAY_VERIFY ?? 20_000),
  batch: 1_000,
  inFlight: 2,
  /** Documents verified one per request (informative). */
  single: 500,
  singleInFlight: 16,
};

const DEV_MNEMONIC = "test test test test test test test test test test test junk";
const round = (n: number) => Math.round(n * 10) / 10;
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

async function pool(n: number, window: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(window, n) }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

export async function gatewayThroughput(networks: NetworkManager): Promise<Partial<BenchResults>> {
  const throughput: Record<string, number> = {};
  const node = await HardhatNode.start();
  const deploymentId = `bench-gateway-${process.pid}`;
  const previousId = process.env.GOVCHAIN_DEPLOYMENT_ID;
  process.env.GOVCHAIN_DEPLOYMENT_ID = deploymentId;
  const dir = mkdtempSync(path.join(tmpdir(), "govchain-bench-gateway-"));
  try {
    console.log(`  gateway: hardhat node at ${node.url}: deploying the suite`);
    const connection = await networks.create({ network: "localhost", override: { url: node.url } });
    const suite = await deployStaffedSuite(connection);
    const { manifest } = suite;
    const officer = suite.staff.MARKET.officer.address;
    const index = suite.signers.findIndex((s) => s.address === officer);
    const key = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), `m/44'/60'/0'/0/${index}`);
    const provider = new RetryingJsonRpcProvider(node.url, Network.from(BigInt(manifest.chainId)), {
      staticNetwork: true,
    });
    const market = await GovChain.connect(key.connect(provider), manifest);
    const now = Number((await provider.getBlock("latest"))!.timestamp);
    console.log(`  gateway: issuing ${SIZES.issued} certificates`);
    const issued: IssuedCertificate[] = new Array(SIZES.issued);
    await pool(SIZES.issued, 16, async (i) => {
      const document = createDocument({
        certType: "BUSINESS_LICENCE",
        issuer: "MARKET",
        subject: `0x${(i + 1).toString(16).padStart(64, "0")}`,
        validFrom: now - 60,
        validUntil: now + 365 * 86_400,
        fields: { company: `Gateway company ${i}`, registrationNo: `91110000GW${i}`, capital: 1_000_000 + i },
      });
      issued[i] = await (await market.certificates.issue(document)).wait();
    });
    const database = await openIndexDatabase({ dataDir: path.join(dir, "index") });
    await syncIndex(database.db, provider, manifest);
    const gateway = await createGateway({ rpcUrl: node.url, manifest, database, rateLimit: false });
    const url = await gateway.app.listen({ port: 0, host: "127.0.0.1" });
    const post = async (route: string, body: unknown) => {
      const response = await fetch(`${url}${route}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (response.status !== 200) throw new Error(`${route}: HTTP ${response.status} ${await response.text()}`);
      return (await response.json()) as { results?: { valid: boolean }[]; valid?: boolean };
    };
    try {
      // Warm-up (connections, JIT), not measured.
      await post("/verify/batch", { documents: issued.slice(0, 100) });
      const requests = Math.ceil(SIZES.verified / SIZES.batch);
      let invalid = 0;
      let start = process.hrtime.bigint();
      await pool(requests, SIZES.inFlight, async (r) => {
        const from = (r * SIZES.batch) % SIZES.issued;
        const documents = Array.from({ length: SIZES.batch }, (_, i) => issued[(from + i) % SIZES.issued]);
        const { results } = await post("/verify/batch", { documents });
        invalid += results!.filter((x) => !x.valid).length;
      });
      const batchSeconds = seconds(start);
      if (invalid > 0) throw new Error(`${invalid} documents did not verify`);
      throughput["gateway.verify.perSec"] = round((requests * SIZES.batch) / batchSeconds);

      start = process.hrtime.bigint();
      await pool(SIZES.single, SIZES.singleInFlight, async (i) => {
        if (!(await post("/verify", issued[i % SIZES.issued])).valid) throw new Error("a document did not verify");
      });
      throughput["gateway.verify.single.perSec"] = round(SIZES.single / seconds(start));
      console.log(
        `    gateway verify: ${throughput["gateway.verify.perSec"]} documents/s through POST /verify/batch ` +
          `(${SIZES.batch} a request, ${SIZES.inFlight} in flight, ${requests * SIZES.batch} documents); ` +
          `${throughput["gateway.verify.single.perSec"]}/s through POST /verify (${SIZES.singleInFlight} in flight)`,
      );
    } finally {
      await gateway.close();
      await database.close();
      provider.destroy();
      await connection.close();
    }
  } finally {
    await node.stop();
    if (previousId === undefined) delete process.env.GOVCHAIN_DEPLOYMENT_ID;
    else process.env.GOVCHAIN_DEPLOYMENT_ID = previousId;
    rmSync(dir, { recursive: true, force: true });
    rmSync(path.join("ignition", "deployments", deploymentId), { recursive: true, force: true });
  }
  return { throughput };
}
