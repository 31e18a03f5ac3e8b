// The debugger view's JSON-RPC, host end, against a real vscode-jsonrpc client standing in for
// the page: the two ends talk through a pair of in-process ports, as postMessage would carry them.

import { afterEach, describe, expect, it } from "vitest";
import { CancellationTokenSource, createMessageConnection, ResponseError, type MessageConnection } from "vscode-jsonrpc/node";
import type { HostMessage, WebviewMessage } from "../../../src/protocol/webview";
import { PostMessageReader, PostMessageWriter, REQUEST_CANCELLED, REQUEST_FAILED, type PostMessagePort } from "../../../src/protocol/webviewRpc";
import { WebviewConnection, type WebviewRequestHandler } from "../../../src/ui/debuggerView/webviewConnection";

/** Two ports wired to each other; messages go through a structured clone, like postMessage. */
function portPair(): [PostMessagePort, PostMessagePort] {
  const listeners: [Array<(message: unknown) => void>, Array<(message: unknown) => void>] = [[], []];
  const port = (own: number): PostMessagePort => ({
    post: (message) => {
      const copy = structuredClone(message);
      setTimeout(() => listeners[1 - own]!.forEach((listener) => listener(copy)));
    },
    onMessage: (listener) => {
      listeners[own]!.push(listener);
      return () => listeners[own]!.splice(listeners[own]!.indexOf(listener), 1);
    },
  });
  return [port(0), port(1)];
}

const open: Array<{ dispose(): void }> = [];
afterEach(() => {
  for (const connection of open.splice(0)) connection.dispose();
});

function connect(handle: WebviewRequestHandler): { page: MessageConnection; host: WebviewConnection; logged: string[]; notified: unknown[] } {
  const [hostPort, pagePort] = portPair();
  const logged: string[] = [];
  const host = new WebviewConnection(hostPort, handle, (message) => logged.push(message));
  const page = createMessageConnection(new PostMessageReader(pagePort), new PostMessageWriter(pagePort));
  const notified: unknown[] = [];
  page.onNotification((method, params) => void notified.push({ method, params }));
  page.listen();
  open.push(host, page);
  return { page, host, logged, notified };
}

async function replyError(promise: Promise<unknown>): Promise<ResponseError<unknown>> {
  const error = await promise.then(
    () => undefined,
    (cause: unknown) => cause,
  );
  if (!(error instanceof ResponseError)) throw new Error(`expected an error reply, got ${String(error)}`);
  return error;
}

describe("WebviewConnection", () => {
  it("hands a valid request to the host and replies when it is done", async () => {
    const handled: WebviewMessage[] = [];
    const { page } = connect(async (message) => void handled.push(message));
    const message: WebviewMessage = { type: "timeline/selectThread", threadId: "t-1" };
    await expect(page.sendRequest(message.type, message)).resolves.toBeNull();
    expect(handled).toEqual([message]);
  });

  it("refuses and logs a malformed request without handing it on", async () => {
    const handled: WebviewMessage[] = [];
    const { page, logged } = connect(async (message) => void handled.push(message));
    const bad = [
      ["state/edit", { type: "state/edit", checkpointId: "x", path: "messages", value: 1 }],
      ["store/putItem", { type: "store/putItem", namespace: [], key: "k", value: [] }],
      ["shell/run", { type: "shell/run" }],
      // The method must be the message's own type.
      ["graph/refresh", { type: "timeline/selectThread", threadId: "t" }],
    ] as const;
    for (const [method, params] of bad) expect((await replyError(page.sendRequest(method, params))).message).toMatch(/^Malformed/);
    expect(handled).toEqual([]);
    expect(logged).toHaveLength(bad.length);
    expect(logged[0]).toMatch(/malformed request.*path/s);
  });

  it("fails a request with the host's error: its message, hint and fix reach the page", async () => {
    const { page } = connect(async () => {
      throw Object.assign(new Error("The database is read-only."), { hint: "Close the other window.", fix: { command: "npm i", folder: "/w" } });
    });
    const error = await replyError(page.sendRequest("graph/refresh", { type: "graph/refresh" }));
    expect(error.code).toBe(REQUEST_FAILED);
    expect(error.data).toMatchObject({ message: "The database is read-only.", hint: "Close the other window.", fix: { command: "npm i", folder: "/w" } });
  });

  it("passes the page's cancellation to the host, and says the request was cancelled", async () => {
    let cancelledInHost = false;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const { page } = connect(async (_message, token) => {
      started();
      await new Promise<void>((resolve) => token.onCancellationRequested(() => resolve()));
      cancelledInHost = token.isCancellationRequested;
    });
    const source = new CancellationTokenSource();
    const reply = replyError(page.sendRequest("node/inspect", { type: "node/inspect", nodeId: "agent" }, source.token));
    await running;
    source.cancel();
    expect((await reply).code).toBe(REQUEST_CANCELLED);
    expect(cancelledInHost).toBe(true);
  });

  it("sends host snapshots as notifications named after their type", async () => {
    const { host, notified } = connect(async () => {});
    const snapshot: HostMessage = { type: "session/didChange", breakpoints: ["agent"] };
    host.notify(snapshot);
    await expect.poll(() => notified).toEqual([{ method: "session/didChange", params: snapshot }]);
  });
});
