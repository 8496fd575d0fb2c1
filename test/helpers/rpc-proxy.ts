import { createServer, request, type Server } from "node:http";

/**
 * An HTTP forwarder in front of a JSON-RPC node whose endpoint can go away and come back: while
 * "down" it cuts every request's connection, as an unreachable node would, without the node
 * losing its state (a `hardhat node` keeps its chain in memory, so stopping the real process
 * would lose it).
 */
export class RpcProxy {
  /** Requests forwarded to the node. */
  forwarded = 0;
  /** Requests cut while down. */
  cut = 0;
  /** Requests whose answer was dropped after the node executed them. */
  answersLost = 0;
  /** The block ranges (to - from + 1) of the eth_getLogs requests seen while a range limit is set. */
  readonly logRanges: number[] = [];
  private down = false;
  private downAfter = Number.POSITIVE_INFINITY;
  private maxLogsRange?: number;
  private readonly traps: { method: string; mode: "cut" | "loseAnswer"; downForMs: number }[] = [];

  private constructor(
    private readonly target: URL,
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(target: string): Promise<RpcProxy> {
    // The handler needs the proxy and the proxy needs the listening server: tie them through a holder.
    const holder: { proxy?: RpcProxy } = {};
    const server = createServer((incoming, outgoing) => holder.proxy!.handle(incoming, outgoing));
    const port = await new Promise<number>((resolve) =>
      server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
    );
    holder.proxy = new RpcProxy(new URL(target), server, `http://127.0.0.1:${port}`);
    return holder.proxy;
  }

  /** Goes down once `count` more requests have been forwarded (mid-batch, deterministically). */
  goDownAfter(count: number): void {
    this.downAfter = this.forwarded + count;
  }

  /**
   * The next request calling `method` is cut before it reaches the node ("cut": the endpoint then
   * stays down for `downForMs`, as a node restarting would) or reaches the node and loses its
   * answer ("loseAnswer": the socket closes before the reply, as a connection dropped mid-exchange).
   */
  trap(method: string, mode: "cut" | "loseAnswer", downForMs = 0): void {
    this.traps.push({ method, mode, downForMs });
  }

  /**
   * Answers eth_getLogs over more than `blocks` blocks as Besu does with `--rpc-max-logs-range`
   * (undefined: forward everything). Single requests only: give the client `batchMaxCount: 1`.
   */
  refuseLogsOver(blocks: number | undefined): void {
    this.maxLogsRange = blocks;
  }

  get isDown(): boolean {
    return this.down;
  }

  /** Answers again. */
  up(): void {
    this.down = false;
    this.downAfter = Number.POSITIVE_INFINITY;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(incoming: import("node:http").IncomingMessage, outgoing: import("node:http").ServerResponse): void {
    if (this.forwarded >= this.downAfter) this.down = true;
    if (this.down) {
      this.cut++;
      incoming.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => this.route(incoming, outgoing, Buffer.concat(chunks)));
  }

  private route(
    incoming: import("node:http").IncomingMessage,
    outgoing: import("node:http").ServerResponse,
    body: Buffer,
  ): void {
    if (this.maxLogsRange !== undefined) {
      void this.limitLogs(body, outgoing);
      return;
    }
    const method = (() => {
      try {
        return (JSON.parse(body.toString("utf8")) as { method?: string }).method;
      } catch {
        return undefined;
      }
    })();
    const trapIndex = this.traps.findIndex((t) => t.method === method);
    const trap = trapIndex < 0 ? undefined : this.traps.splice(trapIndex, 1)[0];
    if (trap?.mode === "cut") {
      this.cut++;
      this.down = true;
      setTimeout(() => this.up(), trap.downForMs);
      incoming.socket.destroy();
      return;
    }
    this.forwarded++;
    const forward = request(
      {
        host: this.target.hostname,
        port: this.target.port,
        path: "/",
        method: incoming.method,
        headers: incoming.headers,
      },
      (answer) => {
        if (trap?.mode === "loseAnswer") {
          this.answersLost++;
          answer.resume();
          answer.on("end", () => incoming.socket.destroy());
          return;
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forward.on("error", () => outgoing.destroy());
    forward.end(body);
  }

  private async limitLogs(body: Buffer, outgoing: import("node:http").ServerResponse): Promise<void> {
    const message = JSON.parse(body.toString("utf8")) as { id: unknown; method?: string; params?: unknown[] };
    if (message.method === "eth_getLogs") {
      const filter = message.params![0] as { fromBlock?: string; toBlock?: string };
      const range =
        Number(await this.blockNumber(filter.toBlock)) - Number(await this.blockNumber(filter.fromBlock)) + 1;
      this.logRanges.push(range);
      if (range > this.maxLogsRange!) {
        outgoing.writeHead(200, { "content-type": "application/json" });
        outgoing.end(
          JSON.stringify({
            jsonrpc: "2.0",
            id: message.id,
            error: { code: -32005, message: "Requested range exceeds maximum RPC range limit" },
          }),
        );
        return;
      }
    }
    this.forwarded++;
    const answer = await fetch(this.target, { method: "POST", headers: { "content-type": "application/json" }, body });
    outgoing.writeHead(answer.status, { "content-type": "application/json" });
    outgoing.end(await answer.text());
  }

  /** A filter's block as a number: "earliest" is 0, any other tag (or none) the node's head. */
  private async blockNumber(tag: string | undefined): Promise<string> {
    if (tag?.startsWith("0x")) return tag;
    if (tag === "earliest") return "0x0";
    const answer = await fetch(this.target, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }),
    });
    return ((await answer.json()) as { result: string }).result;
  }
}
