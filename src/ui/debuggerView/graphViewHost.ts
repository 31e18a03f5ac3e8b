// The host side of the debugger view's graph pane (webview/graphApp.ts), without vscode: loads
// a graph from the engine and sends the webview complete snapshots. DebuggerViewHost and the
// Chromium tests drive it.

import type { EngineMethod, EngineParams, EngineResult, GraphShape, SourceLocation } from "../../protocol/engine";
import type { ErrorView, HostMessage, WebviewMessage } from "../../protocol/webview";

/** The part of EngineClient the view needs. */
export interface GraphViewEngine {
  request<M extends EngineMethod>(method: M, params: EngineParams<M>): Promise<EngineResult<M>>;
}

export interface GraphViewHostOptions {
  engine: GraphViewEngine | (() => GraphViewEngine);
  configFile: string;
  graphId: string;
  post: (message: HostMessage) => void;
  /** VS Code's editor: opens the user's source at a line (the node's addNode call, its function). */
  editor?: { openSource(location: SourceLocation): Promise<void> };
  log?: (message: string) => void;
}

export type GraphLoadResult = { ok: true; graph: GraphShape } | { ok: false; error: ErrorView & { code: string } };

export class GraphViewHost {
  /** The last complete snapshot, re-sent whenever the webview (re)starts. */
  private snapshot: HostMessage | undefined;
  private graph: GraphShape | undefined;

  constructor(private readonly options: GraphViewHostOptions) {}

  get graphId(): string {
    return this.options.graphId;
  }

  /** The graph pane's requests; the others are not its to answer. */
  async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case "webview/ready":
        if (this.snapshot && this.snapshot.type !== "graph/loading") this.options.post(this.snapshot);
        else await this.load();
        return;
      case "graph/refresh":
        await this.load();
        return;
      case "graph/openNode":
        await this.openNode(message.nodeId, message.target);
        return;
    }
  }

  /** A click opens the node's `.addNode(…)` line; "Go to Function" its function's definition. */
  private async openNode(nodeId: string, target: "addNode" | "function"): Promise<void> {
    const node = this.graph?.nodes.find((candidate) => candidate.id === nodeId);
    // __start__ and __end__ are LangGraph's, not the user's: nothing to open.
    if (node?.kind !== "node") return;
    const location = target === "addNode" ? node.addedAt : (node.definedAt ?? node.addedAt);
    if (!location) {
      throw new Error(
        `Could not find \`.addNode("${node.name}", …)\` in the source of graph "${this.options.graphId}": the node is added in a way the view cannot follow (a computed name, or another module). Search the graph's files for "${node.name}".`,
      );
    }
    await this.options.editor?.openSource(location);
  }

  /** Loads the graph in the engine and posts the result; also returned to the caller. */
  async load(): Promise<GraphLoadResult> {
    const { configFile, graphId } = this.options;
    this.send({ type: "graph/loading", graphId });
    try {
      const engine = typeof this.options.engine === "function" ? this.options.engine() : this.options.engine;
      const graph = await engine.request("graphs/shape", { configFile, graphId });
      this.graph = graph;
      this.send({ type: "graph/didLoad", graph, configFile });
      return { ok: true, graph };
    } catch (cause) {
      const error = toErrorView(cause);
      this.graph = undefined;
      this.send({ type: "graph/didFail", graphId, error });
      return { ok: false, error };
    }
  }

  private send(message: HostMessage): void {
    this.snapshot = message;
    this.options.post(message);
  }
}

export function toErrorView(cause: unknown): ErrorView & { code: string } {
  const error = cause as { message?: string; code?: string; file?: string; hint?: string; fix?: ErrorView["fix"] };
  return {
    code: typeof error?.code === "string" ? error.code : "internal",
    message: error?.message ?? String(cause),
    ...(error?.file ? { file: error.file } : {}),
    ...(error?.hint ? { hint: error.hint } : {}),
    ...(error?.fix ? { fix: error.fix } : {}),
  };
}
