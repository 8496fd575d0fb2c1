import path from "node:path";

import { expect } from "chai";
import { JsonRpcProvider, type Provider } from "ethers";

import {
  DEFAULT_LOGS_MAX_RANGE,
  GovChain,
  GovChainError,
  loadManifest,
  logsMaxRange,
  scanBlocks,
  ValidationError,
  type DeploymentManifest,
} from "../../sdk/index.js";
import { useSharedChain } from "../helpers/shared-node.js";
import { appointAdminsThroughCouncil } from "../helpers/council.js";
import { RpcProxy } from "../helpers/rpc-proxy.js";

const besuRefusal = () =>
  Object.assign(new Error("could not coalesce error"), {
    info: { error: { code: -32005, message: "Requested range exceeds maximum RPC range limit" } },
  });

/** A provider whose head is `head` (all scanBlocks asks of it). */
const headAt = (head: number) => ({ getBlockNumber: async () => head }) as unknown as Provider;

describe("event reads in ranges the node accepts (scanBlocks)", function () {
  it("covers [from, head] in ranges of at most maxRange, in order, without gaps or overlaps", async function () {
    const asked: [number, number][] = [];
    const blocks = await scanBlocks(
      headAt(2_500),
      10,
      async (from, to) => {
        asked.push([from, to]);
        return Array.from({ length: to - from + 1 }, (_, i) => from + i);
      },
      { maxRange: 1_000 },
    );
    expect(asked).to.deep.equal([
      [10, 1_009],
      [1_010, 2_009],
      [2_010, 2_500],
    ]);
    expect(blocks).to.deep.equal(Array.from({ length: 2_491 }, (_, i) => 10 + i));
  });

  it("halves a refused range, keeps the smaller size, and throws when a single block is refused", async function () {
    const asked: number[] = [];
    const limit = 300;
    const read = async (from: number, to: number) => {
      asked.push(to - from + 1);
      if (to - from + 1 > limit) throw besuRefusal();
      return [from];
    };
    await scanBlocks(headAt(999), 0, read, { maxRange: 1_000 });
    expect(asked).to.deep.equal([1_000, 500, 250, 250, 250, 250]);

    const refuseAll = async () => {
      throw besuRefusal();
    };
    const error = await scanBlocks(headAt(10), 0, refuseAll).catch((e: unknown) => e);
    expect((error as Error).message).to.equal("could not coalesce error");
  });

  it("passes other failures through at once, without retrying", async function () {
    let calls = 0;
    const read = async () => {
      calls++;
      throw new Error("connection refused");
    };
    const error = await scanBlocks(headAt(5_000), 0, read).catch((e: unknown) => e);
    expect((error as Error).message).to.equal("connection refused");
    expect(calls).to.equal(1);
  });

  it("takes the range from the option, else GOVCHAIN_LOGS_MAX_RANGE, else 1,000; refuses nonsense", function () {
    const saved = process.env.GOVCHAIN_LOGS_MAX_RANGE;
    try {
      delete process.env.GOVCHAIN_LOGS_MAX_RANGE;
      expect(logsMaxRange()).to.equal(DEFAULT_LOGS_MAX_RANGE).and.equal(1_000);
      process.env.GOVCHAIN_LOGS_MAX_RANGE = "5000";
      expect(logsMaxRange()).to.equal(5_000);
      expect(logsMaxRange(64)).to.equal(64);
      process.env.GOVCHAIN_LOGS_MAX_RANGE = "lots";
      expect(() => logsMaxRange()).to.throw(ValidationError, /GOVCHAIN_LOGS_MAX_RANGE/);
      expect(() => logsMaxRange(0)).to.throw(ValidationError, /logsMaxRange/);
    } finally {
      if (saved === undefined) delete process.env.GOVCHAIN_LOGS_MAX_RANGE;
      else process.env.GOVCHAIN_LOGS_MAX_RANGE = saved;
    }
  });
});

/**
 * The SDK's histories against a real `hardhat node` behind a forwarder that refuses eth_getLogs
 * over N blocks with Besu's answer (`--rpc-max-logs-range`), the events spread over 2,500 blocks.
 */
describe("SDK histories against a node that caps eth_getLogs ranges (Besu)", function () {
  this.timeout(300_000);
  // The shared node and deployment (test/helpers/shared-node.ts): a snapshot at the start, reverted at the end.
  const node = useSharedChain("logs-test");
  let proxy: RpcProxy;
  let dir: string;
  let direct: JsonRpcProvider;
  let capped: JsonRpcProvider;
  let manifest: DeploymentManifest;

  before(async function () {
    dir = node.dir;
    manifest = loadManifest(path.join(dir, "localhost.json"));
    direct = new JsonRpcProvider(node.url, undefined, { cacheTimeout: -1 });
    // 2,500 empty blocks, then one more directory event at the head
    await direct.send("hardhat_mine", ["0x9c4"]);
    // Account 1 administers SERVICE, the development council's member: its proposal is the head's event.
    const [, serviceAdmin, admin] = (await direct.send("eth_accounts", [])) as string[];
    const council = await GovChain.connect(await direct.getSigner(serviceAdmin), manifest, { concurrent: false });
    await appointAdminsThroughCouncil(council, [["TAX", admin]]);
    proxy = await RpcProxy.start(node.url);
    capped = new JsonRpcProvider(proxy.url, undefined, { cacheTimeout: -1, batchMaxCount: 1 });
  });

  after(async function () {
    capped?.destroy();
    direct?.destroy();
    await proxy?.close();
  });

  beforeEach(function () {
    proxy.logRanges.length = 0;
  });

  const history = async (provider: Provider, logsMaxRange?: number) =>
    (await GovChain.connect(provider, manifest, { logsMaxRange })).access.history({ code: "TAX" });

  it("reads a history spanning 2,500 blocks through a node refusing more than 1,000 (Besu's default)", async function () {
    const expected = await history(direct, 1_000_000);
    expect(expected.map((e) => e.event)).to.include.members(["DepartmentRegistered", "DepartmentAdminGranted"]);
    expect(expected.at(-1)!.blockNumber - expected[0].blockNumber).to.be.greaterThan(2_500);

    proxy.refuseLogsOver(1_000);
    expect(await history(capped)).to.deep.equal(expected);
    expect(proxy.logRanges.length).to.be.greaterThan(2);
    expect(Math.max(...proxy.logRanges)).to.equal(1_000);
  });

  it("halves and retries when the node's cap is below the configured range", async function () {
    const expected = await history(direct, 1_000_000);
    proxy.refuseLogsOver(300);
    expect(await history(capped)).to.deep.equal(expected);
    expect(proxy.logRanges.slice(0, 4)).to.deep.equal([1_000, 500, 250, 250]);
    expect(proxy.logRanges.slice(2).every((range) => range <= 250)).to.equal(true);
  });

  it("a node refusing even a single block fails the read with a typed error", async function () {
    proxy.refuseLogsOver(0);
    const error = await history(capped).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(GovChainError);
    expect((error as GovChainError).shortMessage).to.match(/read department history/);
    expect(proxy.logRanges.at(-1)).to.equal(1);
  });

  it("takes its range from GOVCHAIN_LOGS_MAX_RANGE", async function () {
    proxy.refuseLogsOver(1_000);
    process.env.GOVCHAIN_LOGS_MAX_RANGE = "400";
    try {
      await history(capped);
    } finally {
      delete process.env.GOVCHAIN_LOGS_MAX_RANGE;
    }
    expect(Math.max(...proxy.logRanges)).to.equal(400);
  });
});
