import { expect } from "chai";
import { HDNodeWallet, JsonRpcProvider, Wallet, type JsonRpcPayload, type JsonRpcResult } from "ethers";

import { AccessClient } from "../../sdk/access/client.js";
import { ParticipantsClient } from "../../sdk/access/participants.js";
import { CertificatesClient } from "../../sdk/certificates/client.js";
import { ExchangeClient } from "../../sdk/exchange/client.js";
import { GovernanceClient } from "../../sdk/governance/client.js";
import { PropertyClient } from "../../sdk/property/client.js";
import { WorkflowClient } from "../../sdk/workflow/client.js";

/**
 * A node without a process: 2,500 blocks, no logs, and a record of every `eth_getLogs` range asked for.
 * Enough for the event scans, which read the head and then the logs range by range.
 */
class RecordingNode extends JsonRpcProvider {
  readonly ranges: number[] = [];

  constructor() {
    super("http://127.0.0.1:1", 31337, { staticNetwork: true, batchMaxCount: 1 });
  }

  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    const answers = (Array.isArray(payload) ? payload : [payload]).map(({ id, method, params }) => {
      if (method === "eth_chainId") return { id, result: "0x7a69" };
      if (method === "eth_blockNumber") return { id, result: "0x9c3" }; // 2,499: blocks 0..2,499
      if (method === "eth_getLogs") {
        const filter = (params as [{ fromBlock: string; toBlock: string }])[0];
        this.ranges.push(Number(filter.toBlock) - Number(filter.fromBlock) + 1);
        return { id, result: [] };
      }
      throw new Error(`unexpected ${method}`);
    });
    return answers;
  }
}

const WORKFLOW = "0x00000000000000000000000000000000000000a1";
const EXCHANGE = {
  exchange: "0x00000000000000000000000000000000000000b1",
  receiptLog: "0x00000000000000000000000000000000000000b2",
};

/** `connect` rebuilds a client for another signer: it must keep the settings it was given (issue 13). */
describe("SDK clients connected as another signer keep their settings", function () {
  let node: RecordingNode;
  let officer: HDNodeWallet;

  beforeEach(function () {
    node = new RecordingNode();
    officer = Wallet.createRandom(node);
  });

  afterEach(function () {
    node.destroy();
  });

  it("the workflow client reads events in the configured range after connect()", async function () {
    const workflow = new WorkflowClient(WORKFLOW, node);
    workflow.logsMaxRange = 500;
    const asOfficer = workflow.connect(officer);
    expect(asOfficer.logsMaxRange).to.equal(500);
    expect(await asOfficer.timeline(1n)).to.deep.equal([]);
    expect(node.ranges).to.deep.equal([500, 500, 500, 500, 500]);
  });

  it("the exchange client reads events in the configured range after connect()", async function () {
    const exchange = new ExchangeClient(EXCHANGE, node);
    exchange.logsMaxRange = 2_000;
    const asOfficer = exchange.connect(officer);
    expect(asOfficer.logsMaxRange).to.equal(2_000);
    expect(await asOfficer.auditTrail({ department: "TAX" })).to.deep.equal([]);
    expect(node.ranges).to.deep.equal([2_000, 500]);
  });

  it("every other client keeps the range too", function () {
    const address = "0x00000000000000000000000000000000000000c1";
    const clients = [
      new CertificatesClient(address, node),
      new GovernanceClient(address, node),
      new AccessClient({ manager: address, directory: "0x00000000000000000000000000000000000000c2" }, node),
      new PropertyClient(address, node),
      new ParticipantsClient(address, node),
    ];
    for (const client of clients) {
      client.logsMaxRange = 700;
      expect(client.connect(officer).logsMaxRange, client.constructor.name).to.equal(700);
    }
  });
});
