import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/**
 * One JSON-RPC endpoint in front of several nodes, as an agency's load balancer would be: requests go to
 * the active node; when it stops answering, the request in flight is cut (the client sees a dropped
 * connection and retries) and the next node becomes the active one.
 */
export class FailoverProxy {
  /** Requests a node answered, per node. */
  readonly answered: number[];
  /** `eth_sendRawTransaction` requests a node answered, per node. */
  readonly sends: number[];
  /** Requests received (answered, cut or held). */
  received = 0;
  /** Requests cut because their node had gone away. */
  cut = 0;
  #active = 0;
  #stopAt = Number.POSITIVE_INFINITY;
  #stop?: () => Promise<void>;
  #held: (() => void)[] | undefined;

  private constructor(
    private readonly nodes: readonly URL[],
    private readonly server: Server,
    readonly url: string,
  ) {
    this.answered = nodes.map(() => 0);
    this.sends = nodes.map(() => 0);
  }

  static async start(nodes: readonly string[]): Promise<FailoverProxy> {
    const holder: { proxy?: FailoverProxy } = {};
    const server = createServer((incoming, outgoing) => holder.proxy!.handle(incoming, outgoing));
    const port = await new Promise<number>((resolve) =>
      server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
    );
    holder.proxy = new FailoverProxy(
      nodes.map((n) => new URL(n)),
      server,
      `http://127.0.0.1:${port}`,
    );
    return holder.proxy;
  }

  /** The index of the node requests go to now. */
  get active(): number {
    return this.#active;
  }

  /**
   * Once `count` more requests have arrived, runs `stop` (which takes the active node away) while holding
   * the requests that arrive meanwhile, then lets them through: they meet the stopped node. (Counted on
   * arrival, not on answer: a batch's last requests may arrive before its first answers.)
   */
  stopActiveAfter(count: number, stop: () => Promise<void>): void {
    this.#stopAt = this.received + count;
    this.#stop = stop;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(incoming: IncomingMessage, outgoing: ServerResponse): void {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks);
      this.received++;
      if (this.#held !== undefined) {
        this.#held.push(() => this.forward(incoming, outgoing, body));
        return;
      }
      if (this.#stop !== undefined && this.received > this.#stopAt) {
        const stop = this.#stop;
        this.#stop = undefined;
        this.#held = [() => this.forward(incoming, outgoing, body)];
        void stop().finally(() => {
          const held = this.#held ?? [];
          this.#held = undefined;
          for (const release of held) release();
        });
        return;
      }
      this.forward(incoming, outgoing, body);
    });
  }

  private forward(incoming: IncomingMessage, outgoing: ServerResponse, body: Buffer): void {
    const index = this.#active;
    const node = this.nodes[index];
    const send = /"eth_sendRawTransaction"/.test(body.toString("utf8"));
    const forward = request(
      { host: node.hostname, port: node.port, path: "/", method: incoming.method, headers: incoming.headers },
      (answer) => {
        this.answered[index]++;
        if (send) this.sends[index]++;
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forward.on("error", () => {
      // The node is gone: this request is lost on the way (the client retries it), the next node takes over.
      this.cut++;
      if (this.#active === index && index + 1 < this.nodes.length) this.#active = index + 1;
      incoming.socket.destroy();
    });
    forward.end(body);
  }
}
