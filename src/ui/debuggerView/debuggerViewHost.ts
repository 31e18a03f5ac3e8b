// The host side of the debugger view, without vscode: the graph (through GraphViewHost), the
// workspace database's threads, timeline, checkpoints, recorded calls and store (db/* through
// the folder engine), and the LangGraph debug session on that database (standard DAP requests
// plus the adapter's langgraph/* ones). It handles the webview's requests (WebviewConnection answers
// them), posts complete snapshots per section and keeps the last of each, so a webview that
// starts again gets them all back. VS Code and the Chromium tests both drive it, through the
// small link interfaces of hostLinks.ts. The Store tab has its own host (storeTabHost.ts); the
// reads of a thread's checkpoints are in checkpointReads.ts.

import type { DbChange, DbInfo } from "../../protocol/engine";
import type { CancellationToken } from "vscode-jsonrpc";
import type { DebuggerTab, HostMessage, SessionControl, SessionView, WebviewMessage } from "../../protocol/webview";
import { GraphViewHost, toErrorView, type GraphViewHostOptions } from "./graphViewHost";
import { LatestLoads } from "./latestLoads";
import type { StoreVersionCommands } from "./storeHistoryHost";
import { StoreTabHost } from "./storeTabHost";
import { allCheckpoints, allPages, checkpointWithBase, lastRunOf, nodeOutput } from "./checkpointReads";
import type { BreakpointLink, DatabaseLink, EditorLink, SessionLink } from "./hostLinks";

export interface DebuggerViewHostOptions extends GraphViewHostOptions {
  editor?: EditorLink;
  db: DatabaseLink;
  session?: SessionLink;
  breakpoints?: BreakpointLink;
  storeVersions?: StoreVersionCommands;
}

/** DAP thread id of the adapter's one thread. */
const THREAD_ID = 1;
const DAP_CONTROLS: Record<Exclude<SessionControl, "stop">, string> = {
  continue: "continue",
  next: "next",
  stepBack: "stepBack",
  pause: "pause",
  retry: "langgraph/retry",
};

type Snapshot<T extends HostMessage["type"]> = Extract<HostMessage, { type: T }>;

export class DebuggerViewHost {
  readonly graph: GraphViewHost;
  private readonly store: StoreTabHost;
  private readonly unsubscribe: Array<() => void> = [];
  private dbInfo: DbInfo | undefined;
  private threadId: string | undefined;
  private checkpointId: string | undefined;
  /** Sections being loaded: only the latest load of each posts its snapshot. */
  private readonly loads = new LatestLoads<"threads" | "selection" | "timeline" | "calls" | "checkpoint" | "node">();
  /** Last stop followed, so a repeated position event does not move the selection again. */
  private followed: string | undefined;
  /** The session at its previous change: one that ends while running ran to its end. */
  private lastSession: SessionView | undefined;
  private readonly snapshots = new Map<HostMessage["type"], HostMessage>();
  private started = false;
  /** A checkpoint to show once the webview is ready (`show` came before it). */
  private pendingShow: { threadId: string; checkpointId: string; tab: DebuggerTab } | undefined;

  constructor(private readonly options: DebuggerViewHostOptions) {
    this.graph = new GraphViewHost(options);
    this.store = new StoreTabHost({
      db: options.db,
      configFile: options.configFile,
      openItem: async (namespace, key) => await options.editor?.openStoreItem(namespace, key),
      storeVersions: options.storeVersions,
      send: (message) => this.send(message),
      log: options.log,
    });
    this.unsubscribe.push(options.db.onDidChange((change) => void this.onDbChange(change)));
    if (options.session) this.unsubscribe.push(options.session.onDidChange(() => void this.onSessionChange()));
    if (options.breakpoints) this.unsubscribe.push(options.breakpoints.onDidChange(() => this.postSession()));
  }

  /**
   * Shows a checkpoint of a thread, in `tab`: what a command does when it opens the view on a
   * checkpoint (Threads view › Fork, without a debug session: the State tab edits it).
   */
  async show(threadId: string, checkpointId: string, tab: DebuggerTab): Promise<void> {
    if (!this.started) {
      this.pendingShow = { threadId, checkpointId, tab };
      return;
    }
    this.options.post({ type: "view/showTab", tab });
    await this.selectThread(threadId, checkpointId);
  }

  /**
   * One request of the webview (already checked against the contract). It throws to fail the
   * request; `token` is cancelled when the webview asked for something newer instead.
   */
  async handle(message: WebviewMessage, token?: CancellationToken): Promise<void> {
    switch (message.type) {
      case "webview/ready":
        await Promise.all([this.graph.handle(message), this.ready(message.restore)]);
        return;
      case "graph/refresh":
      case "graph/openNode":
        await this.graph.handle(message);
        return;
      case "graph/toggleBreakpoint":
        this.options.breakpoints?.toggle(message.nodeId);
        return;
      case "node/inspect":
        await this.inspectNode(message.nodeId, token);
        return;
      case "timeline/selectThread":
        await this.selectThread(message.threadId, undefined, token);
        return;
      case "timeline/selectCheckpoint":
        if (message.threadId !== this.threadId) await this.selectThread(message.threadId, message.checkpointId, token);
        else await this.loadCheckpoint(message.checkpointId, message.compareWith, this.loads.begin("selection", token));
        return;
      case "compare/openDiff": {
        // What was compared with goes left, as in the State tab's paths.
        const detail = (checkpointId: string) => this.options.db.request("db/checkpoint", { threadId: message.threadId, checkpointId });
        const [left, right] = await Promise.all([detail(message.compareWith), detail(message.checkpointId)]);
        await this.options.editor?.openComparison(message.threadId, left, right);
        return;
      }
      case "session/control":
        await this.control(message.action);
        return;
      case "session/goto":
        await this.sessionRequest("langgraph/goto", { checkpointId: message.checkpointId });
        return;
      case "session/start":
        if (!this.options.session) throw new Error("Debugging is not available here.");
        await this.options.session.start({
          input: message.input,
          ...(message.threadId ? { threadId: message.threadId } : {}),
          ...(message.context ? { context: message.context } : {}),
          ...(message.checkpoint ? { checkpoint: message.checkpoint } : {}),
        });
        return;
      case "session/resume":
        await this.sessionRequest("langgraph/resume", { value: message.value });
        return;
      case "state/edit":
        await this.editState(message.checkpointId, message.path, message.value);
        return;
      case "calls/editAnswer":
        await this.editAnswer(message.callId, message.response);
        return;
      case "store/listItems":
      case "store/putItem":
      case "store/deleteItem":
      case "store/renameItem":
      case "store/listItemsAsOf":
      case "store/itemHistory":
      case "store/compareVersions":
      case "store/restoreVersion":
      case "store/openItem":
        await this.store.handle(message, token);
        return;
    }
  }

  /** A (re)started webview: every last snapshot again, or a first load. */
  private async ready(restore: { threadId?: string; checkpointId?: string } | undefined): Promise<void> {
    if (this.started) {
      this.postSession();
      for (const [type, snapshot] of this.snapshots) if (type !== "session/didChange") this.options.post(snapshot);
      return;
    }
    this.started = true;
    // The database first: a session counts only when it runs on this view's database.
    const threads = await this.loadThreads();
    this.postSession();
    const session = this.sessionOnThisDb();
    const shown = this.pendingShow;
    this.pendingShow = undefined;
    if (shown) this.options.post({ type: "view/showTab", tab: shown.tab });
    const wanted = shown?.threadId ?? session?.threadId ?? restore?.threadId;
    const threadId = threads.some((thread) => thread.threadId === wanted) ? wanted : threads[0]?.threadId;
    const checkpointId = shown?.checkpointId ?? (session?.status === "stopped" ? session.checkpointId : restore?.checkpointId);
    if (session?.status === "stopped") this.followed = `${session.threadId}#${session.checkpointId}`;
    await Promise.all([threadId ? this.selectThread(threadId, checkpointId) : undefined, this.store.loadNamespaces()]);
  }

  private async loadThreads(): Promise<Snapshot<"db/didLoad">["threads"]> {
    const load = this.loads.begin("threads");
    try {
      this.dbInfo = await this.options.db.info();
      const all = await allPages((page) => this.options.db.request("db/threads", page).then(({ threads, total }) => ({ rows: threads, total })));
      // The view draws one graph: threads another graph recorded are not its own.
      const threads = all.filter((thread) => !thread.graphId || thread.graphId === this.options.graphId);
      if (!load.isCancellationRequested) this.send({ type: "db/didLoad", info: this.dbInfo, threads });
      return threads;
    } catch (cause) {
      if (!load.isCancellationRequested) this.send({ type: "db/didLoad", threads: [], error: toErrorView(cause) });
      return [];
    }
  }

  /**
   * Shows a thread's timeline and one of its checkpoints (the given one, else the newest). A
   * newer selection, or the webview cancelling `request`, stops it.
   */
  private async selectThread(threadId: string, checkpointId?: string, request?: CancellationToken): Promise<void> {
    const selection = this.loads.begin("selection", request);
    this.threadId = threadId;
    const [checkpoints] = await Promise.all([this.loadTimeline(threadId, request), this.loadCalls(threadId)]);
    if (selection.isCancellationRequested) return;
    const selected = checkpoints.some((checkpoint) => checkpoint.checkpointId === checkpointId) ? checkpointId : checkpoints[0]?.checkpointId;
    if (selected) await this.loadCheckpoint(selected, undefined, selection);
  }

  private async loadTimeline(threadId: string, request?: CancellationToken): Promise<Snapshot<"timeline/didLoad">["checkpoints"]> {
    const load = this.loads.begin("timeline", request);
    const checkpoints = await allCheckpoints(this.options.db, threadId);
    if (!load.isCancellationRequested && this.threadId === threadId) this.send({ type: "timeline/didLoad", threadId, checkpoints, total: checkpoints.length });
    return checkpoints;
  }

  /** The thread's recorded calls: the graph's node badges, the timeline's markers, a checkpoint's list. */
  private async loadCalls(threadId: string): Promise<void> {
    const load = this.loads.begin("calls");
    const current = () => !load.isCancellationRequested && this.threadId === threadId;
    try {
      const prices = this.options.db.modelPrices?.();
      const calls = await this.options.db.request("db/calls", { threadId, ...(prices ? { prices } : {}) });
      if (current()) this.send({ type: "calls/didLoad", threadId, calls });
    } catch (cause) {
      if (current()) this.send({ type: "calls/didLoad", threadId, error: toErrorView(cause) });
    }
  }

  private async loadCheckpoint(checkpointId: string, compareWith?: string, request?: CancellationToken): Promise<void> {
    const threadId = this.threadId;
    if (!threadId) return;
    const load = this.loads.begin("checkpoint", request);
    this.checkpointId = checkpointId;
    try {
      const { checkpoint, base, compared } = await checkpointWithBase(this.options.db, threadId, checkpointId, compareWith);
      if (load.isCancellationRequested) return;
      this.send({
        type: "checkpoint/didLoad",
        checkpoint,
        ...(base ? { parentValues: base.values } : {}),
        ...(compared && base ? { comparedWith: { checkpointId: base.checkpointId, step: base.step } } : {}),
      });
    } catch (cause) {
      if (!load.isCancellationRequested) this.send({ type: "checkpoint/didFail", threadId, checkpointId, error: toErrorView(cause) });
    }
  }

  /**
   * A node's last run before the selected checkpoint: the newest checkpoint of the lineage it
   * wrote, whose parent holds the state the node read and, as pending writes, what it wrote.
   */
  private async inspectNode(nodeId: string, request?: CancellationToken): Promise<void> {
    const load = this.loads.begin("node", request);
    const threadId = this.threadId;
    const from = this.checkpointId;
    if (!threadId || !from) {
      this.send({ type: "node/didLoad", nodeId });
      return;
    }
    const ran = lastRunOf(await allCheckpoints(this.options.db, threadId), from, nodeId);
    if (load.isCancellationRequested) return;
    if (!ran?.parentCheckpointId) {
      this.send({ type: "node/didLoad", nodeId });
      return;
    }
    const parent = await this.options.db.request("db/checkpoint", { threadId, checkpointId: ran.parentCheckpointId });
    if (load.isCancellationRequested) return;
    this.send({ type: "node/didLoad", nodeId, checkpointId: ran.checkpointId, step: ran.step, input: parent.values, output: nodeOutput(parent, nodeId) });
  }

  /** Live refresh: what changed is read again, the rest of the view stays as it is. */
  private async onDbChange(change: DbChange): Promise<void> {
    if (!this.started) return;
    const external = change.kinds.includes("external");
    const work: Array<Promise<unknown>> = [];
    if (external || change.kinds.includes("checkpoints")) {
      work.push(this.loadThreads());
      const threadId = this.threadId;
      if (threadId && (external || !change.threadIds || change.threadIds.includes(threadId))) {
        work.push(this.loadTimeline(threadId).catch(() => this.send({ type: "timeline/didLoad", threadId, checkpoints: [], total: 0 })));
        // Recording a call is a commit on a checkpoint: the database reports it as a checkpoints change.
        work.push(this.loadCalls(threadId));
      }
    }
    if (external || change.kinds.includes("store")) work.push(this.store.reload());
    await Promise.all(work);
  }

  /**
   * The view follows the session: a new stop selects its thread and checkpoint, and a run that
   * ends without stopping at its end selects where it ended (the thread's newest checkpoint).
   */
  private async onSessionChange(): Promise<void> {
    this.postSession();
    const session = this.sessionOnThisDb();
    // An ended session is gone from the links (current() is undefined), or says so.
    const endedRun = this.lastSession?.status === "running" && (!session || session.status === "ended") ? this.lastSession : undefined;
    this.lastSession = session;
    if (!this.started) return;
    if (endedRun) {
      this.followed = undefined;
      if (endedRun.threadId !== this.threadId) await this.loadThreads();
      await this.selectThread(endedRun.threadId);
      return;
    }
    if (session?.status !== "stopped" || !session.checkpointId) return;
    const stop = `${session.threadId}#${session.checkpointId}`;
    if (stop === this.followed) return;
    this.followed = stop;
    if (session.threadId !== this.threadId) await this.loadThreads();
    await this.selectThread(session.threadId, session.checkpointId);
  }

  private sessionOnThisDb(): SessionView | undefined {
    const session = this.options.session?.current();
    if (!session || (this.dbInfo && session.dbPath !== this.dbInfo.dbPath)) return undefined;
    return session;
  }

  private postSession(): void {
    const session = this.sessionOnThisDb();
    this.send({ type: "session/didChange", ...(session ? { session } : {}), breakpoints: this.options.breakpoints?.names() ?? [] });
  }

  private async control(action: SessionControl): Promise<void> {
    if (action === "stop") {
      await this.requireSession().stop();
      return;
    }
    await this.sessionRequest(DAP_CONTROLS[action], { threadId: THREAD_ID });
  }

  private async sessionRequest(command: string, args: unknown): Promise<unknown> {
    return this.requireSession().request(command, args);
  }

  private requireSession(): SessionLink {
    const link = this.options.session;
    if (!link || !this.sessionOnThisDb()) {
      throw new Error("No LangGraph debug session is running on this database. Start one with Run and Debug (F5).");
    }
    return link;
  }

  /**
   * Fork with edited state, from any checkpoint of any thread: one engine request. With a debug
   * session stopped on the thread, the session's (langgraph/editState → session/editState), so
   * the view and the Variables pane edit alike and the session moves to the fork. Without a
   * session on the thread, the engine forks it itself (db/updateState, the same edit) and the
   * view selects the new checkpoint.
   */
  private async editState(checkpointId: string, path: Array<string | number>, value: unknown): Promise<void> {
    const threadId = this.threadId;
    if (!threadId) throw new Error("Select a thread and one of its checkpoints to edit its state.");
    const session = this.sessionOnThisDb();
    if (session && session.status !== "ended" && session.threadId === threadId) {
      if (session.status !== "stopped") throw new Error("The debug session is running on this thread: pause it (or wait for its next stop), then edit.");
      await this.sessionRequest("langgraph/editState", { checkpointId, path, value });
      return;
    }
    const { checkpointId: forked } = await this.options.db.request("db/updateState", {
      graphId: this.options.graphId,
      threadId,
      checkpointId,
      path,
      value,
    });
    // db/changed refreshes the timeline too; selecting the fork must not wait for it.
    if (this.threadId === threadId) await this.selectThread(threadId, forked);
  }

  /**
   * Edits what a recorded call answered, through the debug session on the thread
   * (langgraph/editCall): the session travels to where the call's step ran from, and Continue
   * re-runs it with the edited answer, a fork. Without that session there is nothing to re-run.
   */
  private async editAnswer(callId: string, response: string): Promise<void> {
    const session = this.sessionOnThisDb();
    const threadId = this.threadId;
    if (!session || session.status === "ended" || session.threadId !== threadId) {
      throw new Error(`Start debugging thread ${threadId ?? ""} (Debug from Here) to edit a recorded answer: the debug session re-runs the step with it.`);
    }
    await this.sessionRequest("langgraph/editCall", { callId, response });
  }

  private send(message: HostMessage): void {
    this.snapshots.set(message.type, message);
    this.options.post(message);
  }

  dispose(): void {
    this.loads.dispose();
    this.store.dispose();
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
  }
}
