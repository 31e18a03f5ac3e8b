// The LangGraph debug adapter: translates DAP requests into the engine's session/* requests and
// session notifications into DAP events, nothing more. The same class runs inline in VS Code
// and standalone over stdio (standalone.ts). Where the engine comes from is injected
// (engineProvider.ts): inline, the workspace folder's engine shared with the views; standalone,
// one engine per session. Either way Stop always works: an engine that does not answer within
// a second (a node that never returns) is killed. Beside it: how launch and attach open the
// session (sessionStart.ts), engine notifications as DAP events (sessionEvents.ts), the position
// event (positionEvents.ts) and the frame and variable handles of a stop (checkpointHandles.ts).

import { basename } from "node:path";
import { InitializedEvent, LoggingDebugSession, OutputEvent, Source, StackFrame, TerminatedEvent, Thread } from "@vscode/debugadapter";
import type { DebugProtocol } from "@vscode/debugprotocol";
import type { EngineClient, InspectorAddress } from "../engineClient/engineClient";
import type { EngineMethod, EngineParams, EngineResult, SessionStop } from "../protocol/engine";
import { debugErrors, isDebugError, toDapMessage, toDebugError, type DebugError } from "./debugErrors";
import { releaseLease, type EngineLease, type EngineProvider } from "./engineProvider";
import { resolveAttachArguments, resolveLaunchArguments, unknownAttributeWarnings, type ResolvedAttach, type ResolvedLaunch } from "./launchArguments";
import { isRetryCommand, parseOverlayCommand, parseResumeCommand, runOverlayCommand } from "./replCommands";
import { answerCustomRequest, type CustomRequestContext, type SessionStarted } from "./customRequests";
import { ADAPTER_CAPABILITIES } from "./dapShapes";
import { attachOpener, attachRun, launchOpener, launchRun, openedMessages, type RunStart, type SessionOpener } from "./sessionStart";
import { forwardSessionEvents } from "./sessionEvents";
import { PositionEvents } from "./positionEvents";
import { CheckpointHandles } from "./checkpointHandles";

/** LangGraph threads map to DAP threads; a session runs one thread, so it is always thread 1. */
const THREAD_ID = 1;

export interface GraphDebugSessionOptions {
  /** Gives the session its engine at launch (engineProvider.ts). */
  engines: EngineProvider;
  /** Folder relative launch paths start from when the configuration has no `cwd`. */
  defaultCwd?: string;
  /**
   * For `debugUserCode`: attaches a JavaScript debugger to the engine's inspector and resolves
   * once it is attached (its breakpoints set), so node functions stop at them from the start.
   */
  attachJavaScriptDebugger?: (inspector: InspectorAddress) => Promise<void>;
  /**
   * For an attach without `apiKey`: calls `open` with the server's URL, and when the server
   * refuses it (401/403), again with the URL carrying a kept or asked-for API key (inline in
   * VS Code: SecretStorage, src/ui/databasePasswords.ts). Without it the engine's
   * LANGGRAPH_API_KEY is the only other key.
   */
  withServerKey?: <T>(url: string, open: (url: string) => Promise<T>) => Promise<T>;
}

export class GraphDebugSession extends LoggingDebugSession {
  private lease: EngineLease | undefined;
  /** Unsubscribes from the engine's output, exit and notifications: a shared engine outlives the session. */
  private readonly subscriptions: Array<() => void> = [];
  private sessionId: string | undefined;
  private readonly position = new PositionEvents((event) => this.sendEvent(event));
  private threadName = "thread";
  private configurationDone!: () => void;
  private readonly configured = new Promise<void>((resolve) => (this.configurationDone = resolve));
  private readonly handles = new CheckpointHandles();
  /** Whether the session's store keeps earlier versions (the workspace database): its Store scope is then as of the frame. */
  private storeKeepsHistory = false;
  private lastStop: SessionStop | undefined;
  private terminated = false;
  /** What the Debug Console's commands and the custom requests use of this session. */
  private readonly engineContext: CustomRequestContext = {
    sessionId: () => this.requireSession(),
    call: (method, params) => this.call(method, params),
    position: () => this.position.current(),
    started: () => {
      if (!this.started) throw debugErrors.noSession();
      return this.started;
    },
  };
  /** What the session runs and where its data is, once it is open. */
  private started: SessionStarted | undefined;

  constructor(private readonly options: GraphDebugSessionOptions) {
    super();
    // Graph steps are 1-based lines like any editor; DAP's default is 1-based too, say so.
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = ADAPTER_CAPABILITIES;
    this.sendResponse(response);
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, raw: DebugProtocol.LaunchRequestArguments): Promise<void> {
    const launch = resolveLaunchArguments(raw, this.options.defaultCwd ?? process.cwd());
    if (isDebugError(launch)) return this.fail(response, launch);
    for (const warning of unknownAttributeWarnings(raw)) this.sendEvent(new OutputEvent(`LangGraph: ${warning}\n`, "stderr"));
    const say = (text: string, category: "console" | "stderr") => this.sendEvent(new OutputEvent(text, category));
    await this.begin(response, launch, launchOpener(launch, this.options.attachJavaScriptDebugger, say), launchRun(launch));
  }

  /** A graph that runs on a LangGraph server: the same session, its runs made by the server. */
  protected override async attachRequest(response: DebugProtocol.AttachResponse, raw: DebugProtocol.AttachRequestArguments): Promise<void> {
    const attach = resolveAttachArguments(raw, this.options.defaultCwd ?? process.cwd());
    if (isDebugError(attach)) return this.fail(response, attach);
    for (const warning of unknownAttributeWarnings(raw, "attach")) this.sendEvent(new OutputEvent(`LangGraph: ${warning}\n`, "stderr"));
    await this.begin(response, attach, attachOpener(attach, this.options.withServerKey), attachRun(attach));
  }

  /** Launch and attach alike: the engine, the engine's session, breakpoints, then the run. */
  private async begin(response: DebugProtocol.Response, launch: ResolvedLaunch | ResolvedAttach, open: SessionOpener, run: RunStart): Promise<void> {
    let engine: EngineClient;
    try {
      this.lease = await this.options.engines(launch);
      engine = this.lease.engine;
    } catch (error) {
      return this.fail(response, toDebugError(error));
    }
    this.subscriptions.push(
      ...forwardSessionEvents(engine, {
        threadId: THREAD_ID,
        position: this.position,
        sessionId: () => this.sessionId,
        isTerminated: () => this.terminated,
        sendEvent: (event) => this.sendEvent(event),
        stopped: (stop) => this.stopped(stop),
        finish: () => this.finish(),
      }),
    );
    try {
      const info = await open(engine);
      this.sessionId = info.sessionId;
      this.threadName = `thread ${info.threadId}`;
      this.storeKeepsHistory = info.persistence.kind === "workspaceDb";
      // On a LangGraph server the server is the session's database for the views: its URL names it.
      const configFile = info.persistence.kind === "server" && info.persistence.path ? info.persistence.path : launch.configFile;
      this.position.opened({ configFile, dbPath: info.persistence.path ?? "", graphId: info.graphId, threadId: info.threadId });
      this.started = {
        configFile: launch.configFile,
        dbPath: info.persistence.path ?? "",
        onServer: info.persistence.kind === "server",
        graphId: info.graphId,
        threadId: info.threadId,
        context: launch.args.context,
      };
      for (const line of openedMessages(info, engine.pid)) this.sendEvent(new OutputEvent(line, "console"));
    } catch (error) {
      await this.releaseEngine();
      return this.fail(response, toDebugError(error));
    }
    // Breakpoints and stop filters arrive between `initialized` and `configurationDone`.
    this.sendEvent(new InitializedEvent());
    await this.configured;
    try {
      await this.call("session/run", { sessionId: this.sessionId, ...run });
    } catch (error) {
      return this.fail(response, toDebugError(error));
    }
    this.sendResponse(response);
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configurationDone();
    this.sendResponse(response);
  }

  protected override async setFunctionBreakPointsRequest(
    response: DebugProtocol.SetFunctionBreakpointsResponse,
    args: DebugProtocol.SetFunctionBreakpointsArguments,
  ): Promise<void> {
    await this.handle(response, async () => {
      const specs = args.breakpoints.map((breakpoint, index) => ({
        id: index + 1,
        name: breakpoint.name,
        condition: breakpoint.condition,
        hitCondition: breakpoint.hitCondition,
      }));
      const { breakpoints } = await this.call("session/setBreakpoints", { sessionId: this.requireSession(), breakpoints: specs });
      response.body = {
        breakpoints: breakpoints.map((state) => ({ id: state.id, verified: state.verified, ...(state.message ? { message: state.message } : {}) })),
      };
    });
  }

  protected override async setExceptionBreakPointsRequest(
    response: DebugProtocol.SetExceptionBreakpointsResponse,
    args: DebugProtocol.SetExceptionBreakpointsArguments,
  ): Promise<void> {
    await this.handle(response, async () => {
      await this.call("session/setStopFilters", {
        sessionId: this.requireSession(),
        nodeErrors: args.filters.includes("nodeErrors"),
        interrupts: args.filters.includes("interrupts"),
      });
    });
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD_ID, this.threadName)] };
    this.sendResponse(response);
  }

  protected override async stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): Promise<void> {
    await this.handle(response, async () => {
      const { frames } = await this.call("session/stack", { sessionId: this.requireSession() });
      const start = args.startFrame ?? 0;
      const page = args.levels ? frames.slice(start, start + args.levels) : frames.slice(start);
      response.body = {
        totalFrames: frames.length,
        stackFrames: page.map((frame) => {
          const source = frame.file ? new Source(basename(frame.file), this.convertDebuggerPathToClient(frame.file)) : undefined;
          const stackFrame: DebugProtocol.StackFrame = new StackFrame(this.handles.frameId(frame), frame.name, source, frame.line ?? 0, 1);
          stackFrame.canRestart = true;
          if (!source) stackFrame.presentationHint = "label";
          return stackFrame;
        }),
      };
    });
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const checkpointId = this.handles.checkpointOf(args.frameId);
    if (!checkpointId) return this.fail(response, debugErrors.unknownReference("frame"));
    response.body = { scopes: this.handles.scopes(checkpointId, this.storeKeepsHistory) };
    this.sendResponse(response);
  }

  protected override async variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): Promise<void> {
    await this.handle(response, async () => {
      const target = this.handles.target(args.variablesReference);
      if (!target) throw debugErrors.unknownReference("variable");
      const { variables } = await this.call("session/variables", { sessionId: this.requireSession(), ...target });
      response.body = { variables: variables.map((entry) => this.handles.toVariable(target, entry)) };
    });
  }

  protected override async setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): Promise<void> {
    await this.handle(response, async () => {
      const target = this.handles.target(args.variablesReference);
      if (!target) throw debugErrors.unknownReference("variable");
      if (target.scope !== "state" && target.scope !== "store" && target.scope !== "calls") {
        throw debugErrors.engine(
          `Only values under State (an edit forks the thread), Store items and the responses of Calls can be edited, not under ${target.scope}.`,
        );
      }
      const { value } = await this.call("session/setValue", {
        sessionId: this.requireSession(),
        checkpointId: target.checkpointId,
        scope: target.scope,
        path: [...target.path, args.name],
        expression: args.value,
      });
      response.body = { value: value.value, type: value.type, variablesReference: 0 };
    });
  }

  protected override async evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): Promise<void> {
    await this.handle(response, async () => {
      const sessionId = this.requireSession();
      const overlayCommand = args.context === "repl" ? parseOverlayCommand(args.expression) : undefined;
      if (overlayCommand) {
        response.body = { result: await runOverlayCommand(overlayCommand, this.engineContext), variablesReference: 0 };
        return;
      }
      if (args.context === "repl" && isRetryCommand(args.expression)) {
        await this.call("session/retry", { sessionId });
        response.body = { result: "Retrying the node that failed", variablesReference: 0 };
        return;
      }
      const resume = args.context === "repl" ? parseResumeCommand(args.expression) : undefined;
      if (resume) {
        await this.call("session/resume", { sessionId, value: resume.value });
        response.body = { result: `Resuming with ${JSON.stringify(resume.value)}`, variablesReference: 0 };
        return;
      }
      const checkpointId = args.frameId !== undefined ? this.handles.checkpointOf(args.frameId) : this.lastStop?.checkpointId;
      if (!checkpointId) throw debugErrors.noSession();
      const result = await this.call("session/evaluate", { sessionId, checkpointId, expression: args.expression });
      const reference = this.handles.evaluationReference(checkpointId, result.handle);
      response.body = { result: result.value, type: result.type, variablesReference: reference };
    });
  }

  protected override async exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): Promise<void> {
    const stop = this.lastStop;
    response.body = {
      exceptionId: stop?.reason === "interrupt" ? "interrupt" : "node error",
      description: stop?.description ?? "",
      breakMode: "always",
      ...(stop?.text ? { details: { message: stop.description, stackTrace: stop.text } } : {}),
    };
    this.sendResponse(response);
  }

  protected override async continueRequest(response: DebugProtocol.ContinueResponse): Promise<void> {
    await this.handle(response, async () => {
      await this.call("session/continue", { sessionId: this.requireSession() });
      response.body = { allThreadsContinued: true };
    });
  }

  protected override async nextRequest(response: DebugProtocol.NextResponse): Promise<void> {
    await this.handle(response, () => this.call("session/next", { sessionId: this.requireSession() }));
  }

  /** Into the subgraph the next superstep runs (its first superstep boundary); elsewhere like Step Over. */
  protected override async stepInRequest(response: DebugProtocol.StepInResponse): Promise<void> {
    await this.handle(response, () => this.call("session/stepIn", { sessionId: this.requireSession() }));
  }

  /** Until the subgraph returns to its parent; at the top level, to the next stop. */
  protected override async stepOutRequest(response: DebugProtocol.StepOutResponse): Promise<void> {
    await this.handle(response, () => this.call("session/stepOut", { sessionId: this.requireSession() }));
  }

  /** Watch / Debug Console edit of a State path (`messages.at(-1).content`): forks like setVariable. */
  protected override async setExpressionRequest(response: DebugProtocol.SetExpressionResponse, args: DebugProtocol.SetExpressionArguments): Promise<void> {
    await this.handle(response, async () => {
      const checkpointId = args.frameId !== undefined ? this.handles.checkpointOf(args.frameId) : this.lastStop?.checkpointId;
      if (!checkpointId) throw debugErrors.unknownReference("frame");
      const { value } = await this.call("session/setExpression", {
        sessionId: this.requireSession(),
        checkpointId,
        expression: args.expression,
        value: args.value,
      });
      response.body = { value: value.value, type: value.type, variablesReference: 0 };
    });
  }

  protected override async stepBackRequest(response: DebugProtocol.StepBackResponse): Promise<void> {
    await this.handle(response, () => this.call("session/stepBack", { sessionId: this.requireSession() }));
  }

  protected override async reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): Promise<void> {
    await this.handle(response, () => this.call("session/reverseContinue", { sessionId: this.requireSession() }));
  }

  protected override async restartFrameRequest(response: DebugProtocol.RestartFrameResponse, args: DebugProtocol.RestartFrameArguments): Promise<void> {
    await this.handle(response, async () => {
      const checkpointId = this.handles.checkpointOf(args.frameId);
      if (!checkpointId) throw debugErrors.unknownReference("frame");
      // Restarting the frame of a node error is Retry Node: the failed node runs again.
      const retry = this.lastStop?.reason === "exception" && this.lastStop.checkpointId === checkpointId;
      await this.call(retry ? "session/retry" : "session/goto", { sessionId: this.requireSession(), checkpointId });
    });
  }

  protected override async pauseRequest(response: DebugProtocol.PauseResponse): Promise<void> {
    await this.handle(response, () => this.call("session/pause", { sessionId: this.requireSession() }));
  }

  protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    await this.releaseEngine();
    this.sendResponse(response);
    this.finish();
  }

  protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse): Promise<void> {
    await this.releaseEngine();
    this.terminated = true;
    this.position.set("ended");
    this.sendResponse(response);
    // The standalone adapter (stdio) exits, as a DAP client expects; inline and as a server this does nothing.
    this.shutdown();
  }

  /** The requests of src/protocol/debugEvents.ts, for the views and the debugger webview (customRequests.ts). */
  protected override async customRequest(command: string, response: DebugProtocol.Response, args: unknown): Promise<void> {
    await this.handle(response, async () => {
      response.body = await answerCustomRequest(command, args, this.engineContext);
    });
  }

  /** A new stop: frame and variable handles name checkpoints of the previous one, start afresh. */
  private stopped(stop: SessionStop): void {
    this.lastStop = stop;
    this.handles.reset();
  }

  private finish(): void {
    if (this.terminated) return;
    this.terminated = true;
    this.position.set("ended");
    this.sendEvent(new TerminatedEvent());
  }

  /** Ends the session on the engine, killing an engine stuck in user code (engineProvider.ts). */
  private async releaseEngine(): Promise<void> {
    const lease = this.lease;
    this.lease = undefined;
    for (const unsubscribe of this.subscriptions.splice(0)) unsubscribe();
    if (lease) await releaseLease(lease, this.sessionId, (text) => this.sendEvent(new OutputEvent(text, "console")));
  }

  private requireSession(): string {
    if (!this.sessionId || !this.lease) throw debugErrors.noSession();
    return this.sessionId;
  }

  private async call<M extends EngineMethod>(method: M, params: EngineParams<M>): Promise<EngineResult<M>> {
    if (!this.lease) throw debugErrors.noSession();
    return this.lease.engine.request(method, params);
  }

  /** Runs a request body; any failure becomes an error response the user can read. */
  private async handle(response: DebugProtocol.Response, body: () => Promise<unknown>): Promise<void> {
    try {
      await body();
      this.sendResponse(response);
    } catch (error) {
      this.fail(response, toDebugError(error));
    }
  }

  private fail(response: DebugProtocol.Response, error: DebugError): void {
    this.sendErrorResponse(response, toDapMessage(error));
  }
}
