/** Plain JSON-RPC to the node with a timeout, for the health check and the passthrough (no ethers caching or batching). */
export async function nodeRequest(url: string, body: unknown, timeoutMs: number): Promise<unknown> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: abort.signal,
    });
    if (!response.ok) throw new Error(`the node answered HTTP ${response.status}`);
    return await response.json();
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    if (e.name === "AbortError") throw new Error(`the node did not answer within ${timeoutMs} ms`);
    throw new Error(`the node is unreachable: ${e.cause?.code ?? e.message}`);
  } finally {
    clearTimeout(timer);
  }
}

/** One call; throws with the node's error message when it answered with one. */
export async function nodeCall<T>(url: string, method: string, params: unknown[], timeoutMs: number): Promise<T> {
  const answer = (await nodeRequest(url, { jsonrpc: "2.0", id: 1, method, params }, timeoutMs)) as {
    result?: T;
    error?: { message?: string };
  };
  if (answer.error !== undefined) throw new Error(`${method}: ${answer.error.message ?? "error"}`);
  return answer.result as T;
}
