// The LangGraph debug adapter: translates DAP requests into the engine's session/* requests and
// session notifications into DAP events, nothing more. The same class runs inline in VS Code
// and standalone over stdio (standalone.ts). Where the engine comes from is injected
// (engineProvider.ts): inline, the workspace folder's engine shared with the views; standalone,
// one engine per session. Either way Stop always works: an engine that does not answer within
// a second (a node that never returns) is killed.

import { basename } from "node:path";
import {
  ContinuedEvent,
  Event,
  Handles,
  InitializedEvent,
  LoggingDebugSession,
  OutputEvent,
  Scope,
  Source,
  StackFrame,
  TerminatedEvent,
  Thread,
} from "@vscode/debugadapter";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { EngineRequestError, type EngineClient, type InspectorAddress } from "../engineClient/engineClient";
import { POSITION_EVENT, type PositionEventBody } from "../protocol/debugEvents";
import type { CheckpointFrame, EngineMethod, EngineParams, EngineResult, ScopeKind, SessionInfo, SessionStop, VariableEntry } from "../protocol/engine";
import { debugErrors, isDebugError, toDapMessage, type DebugError } from "./debugErrors";
import { attachJavaScriptDebugger, releaseLease, type EngineLease, type EngineProvider } from "./engineProvider";
import { resolveAttachArguments, resolveLaunchArguments, unknownAttributeWarnings, type ResolvedAttach, type ResolvedLaunch } from "./launchArguments";
import { isRetryCommand, parseOverlayCommand, parseResumeCommand } from "./replCommands";
import { evaluateName } from "./evaluateNames";
import { answerCustomRequest } from "./customRequests";
import { ADAPTER_CAPABILITIES, SCOPES, stopOutput, stoppedEvent, storeScopeName } from "./dapShapes";

/** LangGraph threads map to DAP threads; a session runs one thread, so it is always thread 1. */
const THREAD_ID = 1;

interface VariablesTarget {
  checkpointId: string;
  scope: ScopeKind;
  path: Array<string | number>;
  handle?: number;
}

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
  /** What every position event repeats; set once the engine opened the session. */
  private positionBase: Omit<PositionEventBody, "status"> | undefined;
  private position: PositionEventBody | undefined;
  /** Counts position changes, so a late answer about an older stop is dropped. */
  private positionSeq = 0;
  private positionPending: Promise<void> = Promise.resolve();
  private threadName = "thread";
  private configurationDone!: () => void;
  private readonly configured = new Promise<void>((resolve) => (this.configurationDone = resolve));
  private readonly frames = new Handles<string>();
  /** The step and time of each checkpoint in the Call Stack, for its Store scope's name. */
  private readonly frameTimes = new Map<string, Pick<CheckpointFrame, "step" | "createdAt" | "storeOverlay">>();
  /** Whether the session's store keeps earlier versions (the workspace database): its Store scope is then as of the frame. */
  private storeKeepsHistory = false;
  private readonly variableTargets = new Handles<VariablesTarget>();
  private lastStop: SessionStop | undefined;
  private terminated = false;

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
    const { args } = launch;
    await this.begin(
      response,
      launch,
      async (engine) => {
        // Before the graph loads, so breakpoints in the user's modules are set when their code runs.
        if (args.debugUserCode)
          await attachJavaScriptDebugger(engine, this.options.attachJavaScriptDebugger, (text, category) => this.sendEvent(new OutputEvent(text, category)));
        return engine.request("session/open", {
          configFile: launch.configFile,
          graphId: args.graph,
          threadId: args.threadId,
          context: args.context,
          config: args.config,
          dbPath: launch.dbPath,
          storeHistory: args.storeHistory,
          env: args.env,
          rerunStore: args.rerunStore,
        });
      },
      { input: args.input, stopOnEntry: args.stopOnEntry ?? false, checkpointId: args.checkpointId },
    );
  }

  /** A graph that runs on a LangGraph server: the same session, its runs made by the server. */
  protected override async attachRequest(response: DebugProtocol.AttachResponse, raw: DebugProtocol.AttachRequestArguments): Promise<void> {
    const attach = resolveAttachArguments(raw, this.options.defaultCwd ?? process.cwd());
    if (isDebugError(attach)) return this.fail(response, attach);
    for (const warning of unknownAttributeWarnings(raw, "attach")) this.sendEvent(new OutputEvent(`LangGraph: ${warning}\n`, "stderr"));
    const { args } = attach;
    await this.begin(
      response,
      attach,
      (engine) => {
        // "${env:LANGGRAPH_API_KEY}" with the variable unset arrives empty: no key given.
        const apiKey = args.apiKey?.trim() || undefined;
        const attachTo = (url: string) =>
          engine.request("session/attach", { url, apiKey, graphId: args.graph, threadId: args.threadId, context: args.context, config: args.config });
        return apiKey === undefined && this.options.withServerKey ? this.options.withServerKey(args.url, attachTo) : attachTo(args.url);
      },
      { input: args.input, stopOnEntry: args.stopOnEntry ?? false },
    );
  }

  /** Launch and attach alike: the engine, the engine's session, breakpoints, then the run. */
  private async begin(
    response: DebugProtocol.Response,
    launch: ResolvedLaunch | ResolvedAttach,
    open: (engine: EngineClient) => Promise<SessionInfo>,
    run: { input: unknown; stopOnEntry: boolean; checkpointId?: string },
  ): Promise<void> {
    let engine: EngineClient;
    try {
      this.lease = await this.options.engines(launch);
      engine = this.lease.engine;
    } catch (error) {
      return this.fail(response, toDebugError(error));
    }
    // User code's console output: what this session's runs print, and what is printed outside
    // any session (on a shared engine, another session's lines are its own).
    this.subscriptions.push(
      engine.onLog((stream, line, sessionId) => {
        if (sessionId === undefined || sessionId === this.sessionId) this.sendEvent(new OutputEvent(`${line}\n`, stream));
      }),
      engine.onExit((code, signal) => this.engineExited(code, signal)),
    );
    this.listen(engine);
    try {
      const info = await open(engine);
      this.sessionId = info.sessionId;
      this.threadName = `thread ${info.threadId}`;
      this.storeKeepsHistory = info.persistence.kind === "workspaceDb";
      // On a LangGraph server the server is the session's database for the views: its URL names it.
      const configFile = info.persistence.kind === "server" && info.persistence.path ? info.persistence.path : launch.configFile;
      this.positionBase = { configFile, dbPath: info.persistence.path ?? "", graphId: info.graphId, threadId: info.threadId };
      const where =
        info.persistence.kind === "server" ? `on the LangGraph server ${info.persistence.path}` : `checkpoints in ${info.persistence.path ?? "memory"}`;
      this.sendEvent(new OutputEvent(`LangGraph: graph "${info.graphId}" on thread "${info.threadId}", ${where} (engine pid ${engine.pid})\n`, "console"));
      if (info.limits) this.sendEvent(new OutputEvent(`LangGraph: ${info.limits}\n`, "console"));
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
          const stackFrame: DebugProtocol.StackFrame = new StackFrame(this.frames.create(frame.checkpointId), frame.name, source, frame.line ?? 0, 1);
          this.frameTimes.set(frame.checkpointId, { step: frame.step, createdAt: frame.createdAt, storeOverlay: frame.storeOverlay });
          stackFrame.canRestart = true;
          if (!source) stackFrame.presentationHint = "label";
          return stackFrame;
        }),
      };
    });
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const checkpointId = this.frames.get(args.frameId);
    if (!checkpointId) return this.fail(response, debugErrors.unknownReference("frame"));
    response.body = {
      scopes: SCOPES.map(
        ({ kind, name, expensive }) =>
          new Scope(
            kind === "store" ? storeScopeName(this.storeKeepsHistory ? this.frameTimes.get(checkpointId) : undefined) : name,
            this.variableTargets.create({ checkpointId, scope: kind, path: [] }),
            expensive,
          ),
      ),
    };
    this.sendResponse(response);
  }

  protected override async variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): Promise<void> {
    await this.handle(response, async () => {
      const target = this.variableTargets.get(args.variablesReference);
      if (!target) throw debugErrors.unknownReference("variable");
      const { variables } = await this.call("session/variables", { sessionId: this.requireSession(), ...target });
      response.body = { variables: variables.map((entry) => this.toVariable(target, entry)) };
    });
  }

  protected override async setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): Promise<void> {
    await this.handle(response, async () => {
      const target = this.variableTargets.get(args.variablesReference);
      if (!target) throw debugErrors.unknownReference("variable");
      if (target.scope !== "state" && target.scope !== "store") {
        throw debugErrors.engine(`Only values under State (an edit forks the thread) and Store items can be edited, not under ${target.scope}.`);
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
        response.body = { result: await this.overlayCommand(overlayCommand), variablesReference: 0 };
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
      const checkpointId = args.frameId !== undefined ? this.frames.get(args.frameId) : this.lastStop?.checkpointId;
      if (!checkpointId) throw debugErrors.noSession();
      const result = await this.call("session/evaluate", { sessionId, checkpointId, expression: args.expression });
      const reference = result.handle !== undefined ? this.variableTargets.create({ checkpointId, scope: "evaluation", path: [], handle: result.handle }) : 0;
      response.body = { result: result.value, type: result.type, variablesReference: reference };
    });
  }

  /** `apply overlay` / `discard overlay` in the Debug Console: what happened, in a line per item. */
  private async overlayCommand(command: "apply" | "discard"): Promise<string> {
    const sessionId = this.requireSession();
    const item = (write: { namespace: string[]; key: string }) => `${write.namespace.join("/")} · ${write.key}`;
    if (command === "discard") {
      const { discarded } = await this.call("session/discardOverlay", { sessionId });
      return discarded.length === 0
        ? "The store overlay holds no writes."
        : `Discarded ${discarded.length} overlay write(s): ${discarded.map(item).join(", ")}`;
    }
    const { applied, conflicts } = await this.call("session/applyOverlay", { sessionId });
    const lines = [`Applied ${applied.length} overlay write(s) to the store${applied.length > 0 ? `: ${applied.map(item).join(", ")}` : ""}.`];
    for (const conflict of conflicts)
      lines.push(
        `Not applied, ${item(conflict)}: ${conflict.reason}. \`discard overlay\` drops it; langgraph/applyOverlay { "overwrite": true } writes it anyway.`,
      );
    return lines.join("\n");
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
      const checkpointId = args.frameId !== undefined ? this.frames.get(args.frameId) : this.lastStop?.checkpointId;
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
      const checkpointId = this.frames.get(args.frameId);
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
    this.setPosition("ended");
    this.sendResponse(response);
    // The standalone adapter (stdio) exits, as a DAP client expects; inline and as a server this does nothing.
    this.shutdown();
  }

  /** The requests of src/protocol/debugEvents.ts, for the views and the debugger webview (customRequests.ts). */
  protected override async customRequest(command: string, response: DebugProtocol.Response, args: unknown): Promise<void> {
    await this.handle(response, async () => {
      response.body = await answerCustomRequest(command, args, {
        sessionId: () => this.requireSession(),
        call: (method, params) => this.call(method, params),
        position: async () => {
          await this.positionPending;
          if (!this.position) throw debugErrors.noSession();
          return this.position;
        },
      });
    });
  }

  private listen(engine: EngineClient): void {
    const on: EngineClient["onNotification"] = (method, handler) => {
      const unsubscribe = engine.onNotification(method, handler);
      this.subscriptions.push(unsubscribe);
      return unsubscribe;
    };
    on("session/stopped", (stop) => {
      if (stop.sessionId !== this.sessionId) return;
      this.lastStop = stop;
      // Frame and variable handles name checkpoints of the previous stop: start afresh.
      this.frames.reset();
      this.frameTimes.clear();
      this.variableTargets.reset();
      const output = stopOutput(stop);
      if (output) this.sendEvent(output);
      this.sendEvent(stoppedEvent(stop, THREAD_ID));
      this.positionStopped(engine, stop);
    });
    on("session/continued", (event) => {
      if (event.sessionId !== this.sessionId) return;
      this.sendEvent(new ContinuedEvent(THREAD_ID, true));
      this.setPosition("running");
    });
    on("session/output", (output) => {
      if (output.sessionId === this.sessionId) this.sendEvent(new OutputEvent(output.text, output.category));
    });
    on("session/terminated", (end) => {
      if (end.sessionId !== this.sessionId) return;
      if (end.message) this.sendEvent(new OutputEvent(`${end.message}\n`, end.reason === "failed" ? "stderr" : "console"));
      this.finish();
    });
  }

  private toVariable(target: VariablesTarget, entry: VariableEntry): DebugProtocol.Variable {
    const path = [...target.path, entry.name];
    const reference = entry.expandable ? this.variableTargets.create({ ...target, path }) : 0;
    const variable: DebugProtocol.Variable = { name: entry.name, value: entry.value, type: entry.type, variablesReference: reference };
    if (entry.expandable && entry.size !== undefined && entry.type === "array") variable.indexedVariables = entry.size;
    if (target.scope === "state") variable.evaluateName = evaluateName(path);
    if (!entry.editable) variable.presentationHint = { attributes: ["readOnly"] };
    return variable;
  }

  private engineExited(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.terminated) return;
    this.sendEvent(new OutputEvent(`The LangGraph engine process stopped (${signal ?? `exit code ${code}`}).\n`, "stderr"));
    this.finish();
  }

  /** The position event of a stop, with the step and next nodes of its checkpoint (one frame of the stack). */
  private positionStopped(engine: EngineClient, stop: SessionStop): void {
    const seq = ++this.positionSeq;
    const stopped = { checkpointId: stop.checkpointId, reason: stop.reason, description: stop.description };
    this.positionPending = engine
      .request("session/stack", { sessionId: stop.sessionId, limit: 1 })
      .then(({ frames: [frame] }) => (frame?.checkpointId === stop.checkpointId ? { step: frame.step, name: frame.name, next: frame.next } : {}))
      .catch(() => ({}))
      .then((where) => {
        if (seq === this.positionSeq) this.setPosition("stopped", { ...stopped, ...where });
      });
  }

  private setPosition(status: PositionEventBody["status"], details: Partial<PositionEventBody> = {}): void {
    if (!this.positionBase || this.position?.status === "ended") return;
    this.positionSeq++;
    this.position = { ...this.positionBase, status, ...details };
    this.sendEvent(new Event(POSITION_EVENT, this.position));
  }

  private finish(): void {
    if (this.terminated) return;
    this.terminated = true;
    this.setPosition("ended");
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

function toDebugError(error: unknown): DebugError {
  if (isDebugError(error)) return error;
  if (error instanceof EngineRequestError) return debugErrors.engine(error.message, error.hint, error.file, error.fix);
  return debugErrors.engine(error instanceof Error ? error.message : String(error));
}
