// HTTP calls a node makes with fetch, recorded and replayed against a real local server: the
// replay answers without a request, streams the recorded chunks, and keeps no credentials.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallConfig } from "../../../src/calls/callHandler";
import { interceptFetch } from "../../../src/calls/fetchCalls";
import { RecordingHandler, type Candidate, type TaskPosition } from "../../../src/calls/recordingHandler";
import type { CallRecord } from "../../../src/persistence/records";

/** Keeps every record; offers all of them to a replay. */
class MemoryHandler extends RecordingHandler {
  readonly records: CallRecord[] = [];
  protected candidates(position: TaskPosition, kind: CallRecord["kind"], index: number): Candidate[] {
    return this.records
      .filter((call) => call.kind === kind && call.node === position.node && call.index === index)
      .map((call) => ({ call, sameCheckpoint: true }));
  }
  protected keep(_position: TaskPosition, record: CallRecord): void {
    this.records.push(record);
  }
  waitSettled(): Promise<void> {
    return this.settled();
  }
}

let server: Server;
let base: string;
let requests = 0;
let current: MemoryHandler | undefined;
const nodeConfig: CallConfig = {
  metadata: { langgraph_node: "search", langgraph_step: 1, langgraph_checkpoint_ns: "search:t1" },
  configurable: { __pregel_task_id: "t1", checkpoint_map: { "": "cp-1" } },
};
let config: CallConfig = nodeConfig;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    if (req.url?.startsWith("/stream")) {
      res.writeHead(200, { "content-type": "text/event-stream", "set-cookie": "session=secret" });
      res.write("data: one\n\n");
      setTimeout(() => res.end("data: two\n\n"), 20);
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ hits: ["tea"], auth: req.headers.authorization }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  interceptFetch(
    () => current,
    () => config,
  );
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function readAll(response: Response): Promise<string[]> {
  const chunks: string[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(decoder.decode(value));
  }
}

describe("fetch inside a node", () => {
  it("is recorded without its key, then replayed without a request", async () => {
    current = new MemoryHandler("auto");
    const asked = requests;
    const live = await fetch(`${base}/search?q=tea&api_key=SECRET`, {
      method: "POST",
      headers: { authorization: "Bearer SECRET", "content-type": "application/json" },
      body: '{"q":"tea"}',
    });
    expect(await live.json()).toEqual({ hits: ["tea"], auth: "Bearer SECRET" });
    await current.waitSettled();
    const [record] = current.records;
    expect(record).toMatchObject({ kind: "http", name: `POST 127.0.0.1:${base.split(":")[2]}`, node: "search", index: 1, from: "cp-1" });
    expect(JSON.stringify(record!.request)).not.toContain("SECRET");
    expect(record!.request).toEqual({
      method: "POST",
      url: `${base}/search?q=tea&api_key=%5Bredacted%5D`,
      headers: { "content-type": "application/json" },
      body: '{"q":"tea"}',
    });

    current.startRun();
    const replayed = await fetch(`${base}/search?q=tea&api_key=OTHER`, {
      method: "POST",
      headers: { authorization: "Bearer OTHER", "content-type": "application/json" },
      body: '{"q":"tea"}',
    });
    expect(await replayed.json()).toEqual({ hits: ["tea"], auth: "Bearer SECRET" });
    expect(requests).toBe(asked + 1);
    expect(current.records.at(-1)!.replayedFrom).toBe(record!.id);
  });

  it("replays a streamed body chunk by chunk, and keeps no cookie", async () => {
    current = new MemoryHandler("auto");
    expect(await readAll(await fetch(`${base}/stream`))).toEqual(["data: one\n\n", "data: two\n\n"]);
    await current.waitSettled();
    expect((current.records[0]!.response as { headers: Record<string, string> }).headers["set-cookie"]).toBe("[redacted]");
    current.startRun();
    const asked = requests;
    expect(await readAll(await fetch(`${base}/stream`))).toEqual(["data: one\n\n", "data: two\n\n"]);
    expect(requests).toBe(asked);
  });

  it("is left alone outside a node, and in strict mode a new request fails", async () => {
    current = new MemoryHandler("strict");
    config = undefined;
    await fetch(`${base}/search`);
    expect(current.records).toEqual([]);
    config = nodeConfig;
    await expect(fetch(`${base}/search?q=new`)).rejects.toThrow(/replay "strict": no recording of GET 127\.0\.0\.1:\d+ call 1 of search/);
    current = undefined;
  });
});
