// The host's end of the debugger view's JSON-RPC (src/protocol/webviewRpc.ts), without vscode:
// every request from the page is checked against the contract, handed to the view's host with
// its cancellation token, and answered (done, failed with an ErrorView, or cancelled); snapshots
// go to the page as notifications. The panel wires it to a webview, the Chromium tests to a page.

import { createMessageConnection, ResponseError, ErrorCodes, type CancellationToken, type MessageConnection } from "vscode-jsonrpc/node";
import { parseWebviewMessage, type HostMessage, type WebviewMessage } from "../../protocol/webview";
import { PostMessageReader, PostMessageWriter, REQUEST_CANCELLED, REQUEST_FAILED, type PostMessagePort } from "../../protocol/webviewRpc";
import { toErrorView } from "./graphViewHost";

/** Handles one request; throws to fail it (the error's message, hint and fix reach the view). */
export type WebviewRequestHandler = (message: WebviewMessage, token: CancellationToken) => Promise<void>;

export class WebviewConnection {
  private readonly connection: MessageConnection;

  constructor(port: PostMessagePort, handle: WebviewRequestHandler, log?: (message: string) => void) {
    this.connection = createMessageConnection(new PostMessageReader(port), new PostMessageWriter(port));
    this.connection.onRequest(async (method, params, token) => {
      const parsed = parseWebviewMessage(params);
      if (!parsed.ok || parsed.message.type !== method) {
        const problem = parsed.ok ? `its method ${method} is not its type ${parsed.message.type}` : parsed.problem;
        log?.(`Refused a malformed request from the debugger view: ${problem}`);
        throw new ResponseError(ErrorCodes.InvalidParams, `Malformed ${method} request: ${problem}`);
      }
      try {
        await handle(parsed.message, token);
      } catch (cause) {
        if (token.isCancellationRequested) throw new ResponseError(REQUEST_CANCELLED, `${method} was cancelled`);
        const error = toErrorView(cause);
        throw new ResponseError(REQUEST_FAILED, error.message, error);
      }
      if (token.isCancellationRequested) throw new ResponseError(REQUEST_CANCELLED, `${method} was cancelled`);
      return null;
    });
    // A page that went away mid-request (reloaded, closed) cannot take the reply: not an error.
    this.connection.onError(([error]) => log?.(`Debugger view connection: ${error.message}`));
    this.connection.listen();
  }

  /** Sends a snapshot; a page that is not there (hidden, reloading) asks for them again when ready. */
  notify(message: HostMessage): void {
    this.connection.sendNotification(message.type, message).catch(() => undefined);
  }

  dispose(): void {
    this.connection.dispose();
  }
}
