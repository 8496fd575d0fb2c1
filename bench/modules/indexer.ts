import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { encodeBytes32String, id, toQuantity, ZeroHash } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { openIndexDatabase } from "../../indexer/database.js";
import { indexedAuditTrail, indexedPendingWork, indexedUnitHistory } from "../../indexer/queries.js";
import { syncIndex } from "../../indexer/sync.js";
import { datasetId, encodeUnitNumber, toTitleTuple } from "../../sdk/index.js";
import { HardhatNode } from "../../test/helpers/node.js";
import { deployStaffedSuite, type StaffedSuite } from "../../test/helpers/suite.js";
import { couple, doc, unitNo } from "../../test/property/fixture.js";
import type { ModuleBench } from "../types.js";

const code = encodeBytes32String;

/**
 * The indexer at city scale (issue 17), on its own `hardhat node` over HTTP: BENCH_INDEX_EVENTS (default 100,000)
 * real suite events on a chain of BENCH_INDEX_BLOCKS (default 1,000,000) blocks, indexed into the embedded database (`index.eventsPerSec`), then three questions answered from the
 * index's projections and by the SDK's event scan against the same chain, each as answers per second:
 * a unit's history (`history.*`), a dataset's audit trail (`audit.*`) and a department's pending work (`pending.*`).
 *
 * The events are access receipts, the suite's cheapest event per gas: a grant's submitter may be a contract, and
 * ReceiptRelayMock records up to BATCH receipts per transaction through the receipt log's ordinary checks, one
 * `AccessRecorded` each. They are spread over GRANTS datasets, in transactions separated by empty blocks, so that a
 * scan walks a long chain as it would in production (a year of 5-second blocks is 6 million blocks).
 */
export const indexerBench: ModuleBench = async () => {
  const node = await HardhatNode.start();
  // Its own Ignition journal, deleted afterwards: a journal of an earlier (stopped) node would be refused.
  const previousId = process.env.GOVCHAIN_DEPLOYMENT_ID;
  const deploymentId = `bench-indexer-${process.pid}`;
  process.env.GOVCHAIN_DEPLOYMENT_ID = deploymentId;
  try {
    console.log(`  indexer: hardhat node at ${node.url}: deploying the suite`);
    const connection = await network.create({ network: "localhost", override: { url: node.url } });
    const suite = await deployStaffedSuite(connection);
    return { throughput: await measure(connection, suite) };
  } finally {
    await node.stop();
    if (previousId === undefined) delete process.env.GOVCHAIN_DEPLOYMENT_ID;
    else process.env.GOVCHAIN_DEPLOYMENT_ID = previousId;
    rmSync(path.join("ignition", "deployments", deploymentId), { recursive: true, force: true });
  }
};

async function measure(connection: NetworkConnection, suite: StaffedSuite): Promise<Record<string, number>> {
  const target = Number(process.env.BENCH_INDEX_EVENTS ?? 100_000);
  const { staff, manifest, signers, receiptLog } = suite;
  const provider = connection.ethers.provider;
  const exchange = suite.exchangeContract;
  const GRANTS = 100;
  const BATCH = 2_000; // at most this many receipts per transaction
  const blocks = Number(process.env.BENCH_INDEX_BLOCKS ?? 1_000_000);
  const log = (message: string) => console.log(`  indexer: ${message}`);

  // A unit with a history: registration and first title, then a court freeze and its release.
  const registry = suite.propertyRegistry;
  const unitNumber = unitNo(1);
  const unit = encodeUnitNumber(unitNumber);
  await (
    await registry.connect(staff.REGISTRY.officer).registerUnit(
      {
        unit,
        parcelRef: doc("parcel 1"),
        planningPermit: doc("permit 1"),
        usage: 1,
        area: 8_950,
        documentHash: doc("application 1"),
      },
      toTitleTuple(couple("owner a", "owner b", 5_000)),
    )
  ).wait();
  const court = registry.connect(staff.COURT.officer);
  await (await court.addFreeze(unit, code("COURT"), 0, doc("court order"))).wait();
  await (await court.releaseEncumbrance(unit, 0, 1, code("COURT"), doc("lifted"))).wait();

  // Pending work: 20 cases waiting for TAX.
  const workflow = await connection.ethers.getContractAt("Workflow", manifest.contracts.Workflow.proxy);
  const owner = signers[19];
  await (
    await workflow.registerCaseType(code("BENCH_INDEX"), {
      owner: owner.address,
      openerDepartment: ZeroHash,
      departments: [{ department: code("TAX"), stage: 0, quorum: 1 }],
      stageDurations: [0],
    })
  ).wait();
  for (let i = 0; i < 20; i++) {
    await (await workflow.connect(owner).openCase(code("BENCH_INDEX"), id(`subject ${i}`), doc(`case ${i}`))).wait();
  }

  // GRANTS datasets of PSB, each granted to TAX, each grant's receipts submitted by the relay contract.
  const relay = await connection.ethers.deployContract("ReceiptRelayMock");
  const psb = exchange.connect(staff.PSB.officer);
  const tax = exchange.connect(staff.TAX.officer);
  const datasets: string[] = [];
  const grants: bigint[] = [];
  for (let g = 0; g < GRANTS; g++) {
    const dataset = datasetId(`PSB/bench-index-${g}`);
    datasets.push(dataset);
    await (await psb.registerDataset(dataset, code("PSB"), id("schema"), id("endpoint"), 1, false, code(""))).wait();
    const requested = await (
      await tax.requestAccess(dataset, code("TAX"), code("DEED_TAX"), code("LAW"), id("scope"), 86_400 * 365, 0)
    ).wait();
    const requestId = exchange.interface.parseLog(
      requested!.logs.find((l) => l.topics[0] === exchange.interface.getEvent("AccessRequested")!.topicHash)!,
    )!.args.requestId as bigint;
    const approved = await (await psb.approveRequest(requestId, code(""), 0)).wait();
    const grantId = exchange.interface.parseLog(
      approved!.logs.find((l) => l.topics[0] === exchange.interface.getEvent("GrantIssued")!.topicHash)!,
    )!.args.grantId as bigint;
    await (await tax.setGrantSubmitter(grantId, await relay.getAddress())).wait();
    grants.push(grantId);
  }

  let began = Date.now();
  const perGrant = Math.ceil(target / GRANTS);
  // Empty blocks after each transaction: the chain is `blocks` long.
  const gap = Math.max(1, Math.floor(blocks / (GRANTS * Math.ceil(perGrant / BATCH))));
  const receiptLogAddress = await receiptLog.getAddress();
  let sent = 0;
  for (let first = 0; first < perGrant; first += BATCH) {
    const count = Math.min(BATCH, perGrant - first);
    for (const grantId of grants) {
      await (await relay.relay(receiptLogAddress, grantId, first, count)).wait();
      sent += count;
      await provider.send("hardhat_mine", [toQuantity(gap)]);
    }
  }
  const head = await provider.getBlockNumber();
  log(`${sent} receipts on a chain of ${head} blocks in ${((Date.now() - began) / 1000).toFixed(1)} s`);

  const dir = mkdtempSync(path.join(tmpdir(), "govchain-bench-index-"));
  const database = await openIndexDatabase({ dataDir: dir });
  const throughput: Record<string, number> = {};
  try {
    began = Date.now();
    const progress = await syncIndex(database.db, provider, manifest, { maxRange: 10_000 });
    const seconds = (Date.now() - began) / 1000;
    throughput["index.events"] = progress.logs;
    throughput["index.eventsPerSec"] = Math.round(progress.logs / seconds);
    log(`indexed ${progress.logs} events in ${seconds.toFixed(1)} s`);

    const db = database.db;
    const now = BigInt((await provider.getBlock("latest"))!.timestamp);
    const dataset = datasets[Math.floor(GRANTS / 2)];
    // Each pair answers the same question; the counts must agree before the times mean anything.
    const pairs = {
      history: {
        index: async () => (await indexedUnitHistory(db, unitNumber)).length,
        scan: async () => {
          const h = await suite.property.history(unitNumber);
          return h.titles.length + h.encumbrances.length * 2 + 1; // registration, titles, each freeze and release
        },
      },
      audit: {
        index: async () => (await indexedAuditTrail(db, dataset)).length,
        scan: async () => (await suite.exchange.auditTrail({ dataset, fromBlock: manifest.deploymentBlock })).length,
      },
      pending: {
        index: async () => (await indexedPendingWork(db, "TAX", now)).length,
        scan: async () => (await suite.workflowClient.pendingWork("TAX")).length,
      },
    };
    for (const [name, pair] of Object.entries(pairs)) {
      const [fromIndex, fromScan] = [await pair.index(), await pair.scan()];
      if (fromIndex !== fromScan) throw new Error(`${name}: the index answers ${fromIndex} rows, the scan ${fromScan}`);
      throughput[`${name}.index.perSec`] = await perSecond(pair.index, 1_000);
      throughput[`${name}.scan.perSec`] = await perSecond(pair.scan, 3_000);
      log(
        `${name} (${fromIndex} rows): index ${throughput[`${name}.index.perSec`]}/s, scan ${throughput[`${name}.scan.perSec`]}/s`,
      );
    }
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return throughput;
}

/** Answers per second of `question`, asked in turn for about `ms` milliseconds (at least twice). */
async function perSecond(question: () => Promise<unknown>, ms: number): Promise<number> {
  const began = performance.now();
  let n = 0;
  while (n < 2 || performance.now() - began < ms) {
    await question();
    n++;
  }
  const rate = n / ((performance.now() - began) / 1000);
  return rate >= 100 ? Math.round(rate) : Number(rate.toFixed(2));
}
