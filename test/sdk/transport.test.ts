import { createServer, type Server } from "node:http";

import { expect } from "chai";
import { keccak256, makeError } from "ethers";

import {
  backoffDelay,
  isRepeatableRequest,
  isTransientError,
  RetryingJsonRpcProvider,
  sendWithRetries,
  withRetries,
} from "../../sdk/core/transport.js";
import { isTransient } from "../../sdk/index.js";

/** Errors as the clients in use throw them. */
const socketClosed = Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" });
const hardhatPostFailed = new Error("Failed to make POST request to http://127.0.0.1:8545", {
  cause: new Error("fetch failed", { cause: socketClosed }),
});
const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8545"), { code: "ECONNREFUSED" });
const status = (statusCode: number) =>
  makeError(`server response ${statusCode}`, "SERVER_ERROR", { response: { statusCode } } as never);
const revert = makeError("execution reverted", "CALL_EXCEPTION", { data: "0x12345678" } as never);
const rpcAnswer = Object.assign(new Error("Nonce too low. Expected nonce to be 5 but got 4."), { code: -32000 });

/** The error a promise rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("SDK transport: which failures are retried, how, and which requests may be repeated", function () {
  it("classifies closed sockets, refused connections, timeouts, 5xx and 429 as transient, wherever they sit in the cause chain", function () {
    for (const error of [
      socketClosed,
      hardhatPostFailed,
      refused,
      makeError("timeout", "TIMEOUT"),
      status(502),
      status(503),
      status(429),
      { error: { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) } },
    ]) {
      expect(isTransientError(error), String((error as Error).message ?? JSON.stringify(error))).to.equal(true);
    }
  });

  it("does not retry what the node answered: reverts, JSON-RPC errors, HTTP 4xx, plain bugs", function () {
    for (const error of [revert, rpcAnswer, status(400), status(401), new TypeError("x is undefined"), null, "text"]) {
      expect(isTransientError(error), String(error)).to.equal(false);
    }
  });

  it("the SDK's isTransient is the same rule (one classifier)", function () {
    expect(isTransient).to.equal(isTransientError);
  });

  it("backs off exponentially with jitter, capped", function () {
    const policy = { attempts: 10, backoffMs: 100, maxBackoffMs: 1_000 };
    for (let i = 0; i < 50; i++) {
      const first = backoffDelay(1, policy);
      expect(first).to.be.within(50, 100);
      expect(backoffDelay(3, policy)).to.be.within(200, 400);
      expect(backoffDelay(9, policy)).to.be.within(500, 1_000);
    }
  });

  it("repeats reads and same-bytes sends, never a send without a nonce or a node-state change", function () {
    expect(isRepeatableRequest("eth_call", [{}, "latest"])).to.equal(true);
    expect(isRepeatableRequest("eth_getTransactionReceipt", ["0x01"])).to.equal(true);
    expect(isRepeatableRequest("eth_sendRawTransaction", ["0x02"])).to.equal(true);
    expect(isRepeatableRequest("eth_sendTransaction", [{ to: "0x00", nonce: "0x5" }])).to.equal(true);
    expect(isRepeatableRequest("eth_sendTransaction", [{ to: "0x00" }])).to.equal(false);
    for (const method of [
      "evm_mine",
      "evm_increaseTime",
      "hardhat_setBalance",
      "anvil_mine",
      "personal_sendTransaction",
    ]) {
      expect(isRepeatableRequest(method, []), method).to.equal(false);
    }
  });

  it("retries transient failures until success, and gives up at once on anything else or after the attempts", async function () {
    const policy = { attempts: 4, backoffMs: 1, maxBackoffMs: 2 };
    let calls = 0;
    const value = await withRetries(
      async () => {
        if (++calls < 3) throw socketClosed;
        return "ok";
      },
      { policy },
    );
    expect([value, calls]).to.deep.equal(["ok", 3]);

    calls = 0;
    const failing = (error: unknown) => async () => {
      calls++;
      throw error;
    };
    expect((await rejection(withRetries(failing(revert), { policy }))).message).to.contain("execution reverted");
    expect(calls).to.equal(1);
    calls = 0;
    expect((await rejection(withRetries(failing(socketClosed), { policy }))).message).to.contain("other side closed");
    expect(calls).to.equal(4);
    calls = 0;
    await rejection(withRetries(failing(socketClosed), { policy, repeatable: false }));
    expect(calls).to.equal(1);
  });

  it("a re-sent raw transaction the node already has answers with its hash", async function () {
    const raw = "0x02f86a0180843b9aca00";
    let sends = 0;
    const answer = await sendWithRetries(
      "eth_sendRawTransaction",
      [raw],
      async () => {
        if (++sends === 1) throw socketClosed; // reached the node, answer lost
        return { error: { code: -32000, message: "Nonce too low. Expected nonce to be 5 but got 4." } };
      },
      async (method, params) => {
        expect([method, params]).to.deep.equal(["eth_getTransactionByHash", [keccak256(raw)]]);
        return { result: { hash: keccak256(raw) } };
      },
      { policy: { backoffMs: 1 } },
    );
    expect(answer).to.deep.equal({ result: keccak256(raw) });
    // On a first try, the same answer is the node's real refusal.
    const first = await sendWithRetries(
      "eth_sendRawTransaction",
      [raw],
      async () => ({ error: { message: "nonce too low" } }),
      async () => ({ result: {} }),
    );
    expect(first).to.deep.equal({ error: { message: "nonce too low" } });
    // A retried send refused with a revert ("already issued": the first try did the work) loses its
    // revert data, so that nobody reads the refusal as "never sent".
    let tries = 0;
    const retried = await sendWithRetries(
      "eth_sendTransaction",
      [{ to: "0x00", nonce: "0x4" }],
      async () => {
        if (++tries === 1) throw socketClosed;
        return { error: { code: 3, message: "execution reverted", data: "0x12345678" } };
      },
      async () => ({ result: null }),
      { policy: { backoffMs: 1 } },
    );
    const refusal = (retried as { error: { message: string } }).error;
    expect(refusal).to.not.have.property("data");
    expect(refusal.message).to.match(/retried .* the first try may have reached the node/);
  });

  describe("RetryingJsonRpcProvider against a server that drops connections", function () {
    let server: Server;
    let url: string;
    let dropNext = 0;
    let requests = 0;

    before(async function () {
      server = createServer((request, response) => {
        requests++;
        if (dropNext > 0) {
          dropNext--;
          request.socket.destroy();
          return;
        }
        let body = "";
        request.on("data", (chunk) => (body += chunk));
        request.on("end", () => {
          const { id, method } = JSON.parse(body) as { id: number; method: string };
          const result = method === "eth_chainId" ? "0x7a69" : method === "eth_blockNumber" ? "0x2a" : null;
          response.setHeader("content-type", "application/json");
          response.end(JSON.stringify({ jsonrpc: "2.0", id, result }));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    });

    after(async function () {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it("reads through dropped connections; a plain provider would fail", async function () {
      const provider = new RetryingJsonRpcProvider(url, 31337, { staticNetwork: true, retry: { backoffMs: 5 } });
      dropNext = 3;
      requests = 0;
      expect(await provider.getBlockNumber()).to.equal(42);
      expect(requests).to.equal(4);
      provider.destroy();
    });

    it("stops after the policy's attempts with the transport error", async function () {
      const provider = new RetryingJsonRpcProvider(url, 31337, {
        staticNetwork: true,
        retry: { attempts: 3, backoffMs: 5 },
      });
      dropNext = 10;
      requests = 0;
      await rejection(provider.send("eth_blockNumber", []));
      expect(requests).to.equal(3);
      dropNext = 0;
      provider.destroy();
    });
  });
});
