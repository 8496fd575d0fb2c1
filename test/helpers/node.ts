import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A `hardhat node` running as a real separate process, reachable over HTTP JSON-RPC. */
export class HardhatNode {
  private constructor(
    readonly url: string,
    private readonly process: ChildProcess,
  ) {}

  static async start(port?: number): Promise<HardhatNode> {
    const chosen = port ?? (await freePort());
    const child = spawn("node_modules/.bin/hardhat", ["node", "--port", String(chosen)], { stdio: "ignore" });
    const node = new HardhatNode(`http://127.0.0.1:${chosen}`, child);
    await node.waitUntilUp();
    return node;
  }

  async waitUntilUp(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        const response = await fetch(this.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
        });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`hardhat node at ${this.url} did not start within ${timeoutMs} ms`);
  }

  /** Stops the node at once, without waiting (for a process `exit` handler, where nothing can be awaited). */
  kill(): void {
    if (this.process.exitCode === null) this.process.kill("SIGTERM");
  }

  async stop(): Promise<void> {
    // Stopped already (exited, or ended by a signal): there is no "exit" left to wait for.
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise((resolve) => this.process.once("exit", resolve));
    this.process.kill("SIGTERM");
    await exited;
  }
}
