// The page's end of the debugger view's JSON-RPC (src/protocol/webviewRpc.ts). The page asks
// with `request` and gets a Reply for each request (done, failed with the host's ErrorView, or
// cancelled); host snapshots arrive through `onHostMessage`. `LatestRequest` keeps one request
// of a kind in flight: asking again cancels the one before, so a slow answer to an old question
// never reaches the view.

import { CancellationToken, CancellationTokenSource, ResponseError, createMessageConnection } from "vscode-jsonrpc/browser";
import { REQUEST_CANCELLED, REQUEST_FAILED, PostMessageReader, PostMessageWriter, type PostMessagePort, type Reply } from "../src/protocol/webviewRpc";
import type { ErrorView, HostMessage, WebviewMessage } from "../src/protocol/webview";
import { postToHost } from "./vscodeApi";

const port: PostMessagePort = {
  post: postToHost,
  onMessage: (listener) => {
    const onMessage = (event: MessageEvent<unknown>) => listener(event.data);
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  },
};

const listeners: Array<(message: HostMessage) => void> = [];
const connection = createMessageConnection(new PostMessageReader(port), new PostMessageWriter(port));
// The host is trusted: its notifications are HostMessages by construction (WebviewConnection.notify).
connection.onNotification((_method, params) => {
  for (const listener of listeners) listener(params as HostMessage);
});
connection.listen();

export function onHostMessage(listener: (message: HostMessage) => void): void {
  listeners.push(listener);
}

/** Sends one request; the Reply says how it ended. It never rejects. */
export async function request(message: WebviewMessage, token?: CancellationToken): Promise<Reply> {
  try {
    // Always a token: without one, vscode-jsonrpc would send `[message, null]` as the params.
    await connection.sendRequest(message.type, message, token ?? CancellationToken.None);
    return { status: "done" };
  } catch (cause) {
    if (token?.isCancellationRequested || (cause instanceof ResponseError && cause.code === REQUEST_CANCELLED)) return { status: "cancelled" };
    return { status: "failed", error: errorView(cause) };
  }
}

function errorView(cause: unknown): ErrorView {
  if (cause instanceof ResponseError && cause.code === REQUEST_FAILED && isErrorView(cause.data)) return cause.data;
  return { message: cause instanceof Error ? cause.message : String(cause) };
}

function isErrorView(value: unknown): value is ErrorView {
  return typeof value === "object" && value !== null && typeof (value as { message?: unknown }).message === "string";
}

/** One request of a kind at a time: sending a new one cancels the previous one. */
export class LatestRequest {
  private source: CancellationTokenSource | undefined;

  /** Sends for `from` (see `ask`), cancelling the request sent before. */
  send(from: EventTarget, message: WebviewMessage): Promise<Reply> {
    this.source?.cancel();
    const source = new CancellationTokenSource();
    this.source = source;
    return ask(from, message, source.token);
  }
}

/** What a view element dispatches when a request it sent failed; the debugger app shows it. */
export const REQUEST_FAILED_EVENT = "request-failed";

/** Sends a request for a view element: a failure bubbles from it as a REQUEST_FAILED_EVENT. */
export async function ask(from: EventTarget, message: WebviewMessage, token?: CancellationToken): Promise<Reply> {
  const reply = await request(message, token);
  if (reply.status === "failed") from.dispatchEvent(new CustomEvent<ErrorView>(REQUEST_FAILED_EVENT, { detail: reply.error, bubbles: true }));
  return reply;
}
