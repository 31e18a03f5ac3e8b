// One load per section of the debugger view at a time. Answers can overtake each other (a
// semantic search waits for the embeddings, a long timeline comes in pages) and an older one may
// predate a write whose own refresh already came back: so starting a load cancels the one
// before it in the same section, and so does the webview cancelling the request behind it.
// A load posts its snapshot only while its token is not cancelled.

import { CancellationTokenSource, type CancellationToken } from "vscode-jsonrpc";

export class LatestLoads<Section extends string> {
  private readonly running = new Map<Section, CancellationTokenSource>();

  /** Starts a load of `section`; `request` is the webview's token when a request asked for it. */
  begin(section: Section, request?: CancellationToken): CancellationToken {
    this.running.get(section)?.cancel();
    const source = new CancellationTokenSource();
    // The token first: a source cancelled before its token exists cannot be cancelled again
    // (vscode-jsonrpc then holds a shared, frozen token), and the next load would throw.
    const token = source.token;
    this.running.set(section, source);
    if (request) {
      if (request.isCancellationRequested) source.cancel();
      else request.onCancellationRequested(() => source.cancel());
    }
    return token;
  }

  dispose(): void {
    for (const source of this.running.values()) source.cancel();
    this.running.clear();
  }
}
