// The debugger view's JSON-RPC transport: vscode-jsonrpc messages carried by a webview's
// postMessage, both ways. The extension host (src/ui/debuggerView/webviewConnection.ts) and the
// page (webview/hostConnection.ts) each build a connection over a port like this one with their
// platform's createMessageConnection; request ids, replies, errors and `$/cancelRequest` are
// vscode-jsonrpc's, not ours. The webview sends requests (WebviewMessage, validated by the host);
// the host answers each, and sends its snapshots (HostMessage) as notifications.

import { AbstractMessageReader, AbstractMessageWriter, type DataCallback, type Disposable, type Message } from "vscode-jsonrpc";
import type { ErrorView } from "./webview";

/** One end of a postMessage channel: a webview panel on the host's side, the window on the page's. */
export interface PostMessagePort {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): () => void;
}

/** The reply's error code when the host refused or failed a request; `data` is its ErrorView. */
export const REQUEST_FAILED = 1;
/** The reply's error code when the webview cancelled the request before the host finished it. */
export const REQUEST_CANCELLED = -32800;

/** What a request came to, as the webview sees it. */
export type Reply = { status: "done" } | { status: "failed"; error: ErrorView } | { status: "cancelled" };

function isJsonRpc(value: unknown): value is Message {
  return typeof value === "object" && value !== null && (value as { jsonrpc?: unknown }).jsonrpc === "2.0";
}

/** Reads JSON-RPC messages from a port; anything else on it (VS Code's own messages) is skipped. */
export class PostMessageReader extends AbstractMessageReader {
  constructor(private readonly port: PostMessagePort) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const stop = this.port.onMessage((message) => {
      if (isJsonRpc(message)) callback(message);
    });
    return { dispose: stop };
  }
}

export class PostMessageWriter extends AbstractMessageWriter {
  constructor(private readonly port: PostMessagePort) {
    super();
  }

  write(message: Message): Promise<void> {
    try {
      this.port.post(message);
      return Promise.resolve();
    } catch (error) {
      // A closed panel refuses messages: the connection hears of it and stops writing.
      this.fireError(error, message);
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  end(): void {}
}
