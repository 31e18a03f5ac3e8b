// The LangGraph debug adapter: translates DAP requests into the engine's session/* requests and
// session notifications into DAP events, nothing more. The same class runs inline in VS Code
// and standalone over stdio (standalone.ts); each debug session starts its own engine process,
// so Stop can always kill user code that never returns.

import { basename } from "node:path";
import {
  ContinuedEvent,
  Handles,
  InitializedEvent,
  LoggingDebugSession,
  OutputEvent,
  Scope,
  Source,
  StackFrame,
  StoppedEvent,
  TerminatedEvent,
  Thread,
} from "@vscode/debugadapter";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { EngineClient, EngineRequestError } from "../engine/client";
import type { EngineMethod, EngineParams, EngineResult, ScopeKind, SessionStop, VariableEntry } from "../protocol/engine";
import { debugErrors, isDebugError, toDapMessage, type DebugError } from "./debugErrors";
import { resolveLaunchArguments } from "./launchArguments";
import { parseResumeCommand } from "./replCommands";
import { evaluateName } from "./evaluateNames";

/** LangGraph threads map to DAP threads; a session runs one thread, so it is always thread 1. */
const THREAD_ID = 1;

const SCOPES: Array<{ kind: Exclude<ScopeKind, "evaluation">; name: string; expensive: boolean }> = [
  { kind: "state", name: "State", expensive: false },
  { kind: "next", name: "Next", expensive: false },
  { kind: "writes", name: "Writes", expensive: false },
  { kind: "context", name: "Context", expensive: false },
  { kind: "config", name: "Config & metadata", expensive: false },
  { kind: "store", name: "Store", expensive: true },
];

const STOP_REASONS: Record<SessionStop["reason"], string> = {
  entry: "entry",
  step: "step",
  breakpoint: "function breakpoint",
  interrupt: "interrupt",
  exception: "exception",
  pause: "pause",
  end: "end",
  goto: "goto",
  fork: "fork",
};

interface VariablesTarget {
  checkpointId: string;
  scope: ScopeKind;
  path: Array<string | number>;
  handle?: number;
}

export interface GraphDebugSessionOptions {
  /** Absolute path of dist/engine.js. */
  enginePath: string;
  /** Node.js for the engine when the launch configuration names none. */
  nodePath?: string;
  /** Folder relative launch paths start from when the configuration has no `cwd`. */
  defaultCwd?: string;
}

export class GraphDebugSession extends LoggingDebugSession {
  private engine: EngineClient | undefined;
  private sessionId: string | undefined;
  private threadName = "thread";
  private configurationDone!: () => void;
  private readonly configured = new Promise<void>((resolve) => (this.configurationDone = resolve));
  private readonly frames = new Handles<string>();
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
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsFunctionBreakpoints: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsStepBack: true,
      supportsRestartFrame: true,
      supportsSetVariable: true,
      supportsEvaluateForHovers: true,
      supportsExceptionInfoRequest: true,
      supportsTerminateRequest: true,
      exceptionBreakpointFilters: [
        { filter: "nodeErrors", label: "Node errors", description: "Stop when a node throws, at the checkpoint before it.", default: true },
        { filter: "interrupts", label: "Interrupts", description: "Stop when a node calls interrupt() and waits for a human's answer.", default: true },
      ],
    };
    this.sendResponse(response);
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, raw: DebugProtocol.LaunchRequestArguments): Promise<void> {
    const launch = resolveLaunchArguments(raw, this.options.defaultCwd ?? process.cwd());
    if (isDebugError(launch)) return this.fail(response, launch);
    const { args } = launch;
    const engine = EngineClient.start({
      cwd: launch.cwd,
      enginePath: this.options.enginePath,
      nodePath: args.nodePath ?? this.options.nodePath,
      onLog: (stream, line) => this.sendEvent(new OutputEvent(`${line}\n`, stream)),
      onExit: (code, signal) => this.engineExited(code, signal),
    });
    this.engine = engine;
    this.listen(engine);
    try {
      const info = await engine.request("session/open", {
        configFile: launch.configFile,
        graphId: args.graph,
        threadId: args.threadId,
        context: args.context,
        config: args.config,
        dbPath: launch.dbPath,
        env: args.env,
      });
      this.sessionId = info.sessionId;
      this.threadName = `thread ${info.threadId}`;
      this.sendEvent(new OutputEvent(`LangGraph: graph "${info.graphId}" on thread "${info.threadId}", checkpoints in ${info.persistence.path ?? "memory"} (engine pid ${engine.pid})\n`, "console"));
    } catch (error) {
      await this.disposeEngine();
      return this.fail(response, toDebugError(error));
    }
    // Breakpoints and stop filters arrive between `initialized` and `configurationDone`.
    this.sendEvent(new InitializedEvent());
    await this.configured;
    try {
      await this.call("session/run", { sessionId: this.sessionId, input: args.input, stopOnEntry: args.stopOnEntry ?? false });
    } catch (error) {
      return this.fail(response, toDebugError(error));
    }
    this.sendResponse(response);
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configurationDone();
    this.sendResponse(response);
  }

  protected override async setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): Promise<void> {
    await this.handle(response, async () => {
      const specs = args.breakpoints.map((breakpoint, index) => ({ id: index + 1, name: breakpoint.name, condition: breakpoint.condition, hitCondition: breakpoint.hitCondition }));
      const { breakpoints } = await this.call("session/setBreakpoints", { sessionId: this.requireSession(), breakpoints: specs });
      response.body = { breakpoints: breakpoints.map((state) => ({ id: state.id, verified: state.verified, ...(state.message ? { message: state.message } : {}) })) };
    });
  }

  protected override async setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): Promise<void> {
    await this.handle(response, async () => {
      await this.call("session/setStopFilters", { sessionId: this.requireSession(), nodeErrors: args.filters.includes("nodeErrors"), interrupts: args.filters.includes("interrupts") });
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
      scopes: SCOPES.map(({ kind, name, expensive }) => new Scope(name, this.variableTargets.create({ checkpointId, scope: kind, path: [] }), expensive)),
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

  /** Subgraphs are not entered yet: Step Into runs one superstep, like Step Over. */
  protected override async stepInRequest(response: DebugProtocol.StepInResponse): Promise<void> {
    await this.handle(response, () => this.call("session/next", { sessionId: this.requireSession() }));
  }

  /** At the top level there is no caller to return to: Step Out runs to the next stop. */
  protected override async stepOutRequest(response: DebugProtocol.StepOutResponse): Promise<void> {
    await this.handle(response, () => this.call("session/continue", { sessionId: this.requireSession() }));
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
      await this.call("session/goto", { sessionId: this.requireSession(), checkpointId });
    });
  }

  protected override async pauseRequest(response: DebugProtocol.PauseResponse): Promise<void> {
    await this.handle(response, () => this.call("session/pause", { sessionId: this.requireSession() }));
  }

  protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    await this.disposeEngine();
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse): Promise<void> {
    await this.disposeEngine();
    this.sendResponse(response);
  }

  private listen(engine: EngineClient): void {
    engine.onNotification("session/stopped", (stop) => {
      if (stop.sessionId !== this.sessionId) return;
      this.lastStop = stop;
      // Frame and variable handles name checkpoints of the previous stop: start afresh.
      this.frames.reset();
      this.variableTargets.reset();
      if (stop.reason === "interrupt" || stop.reason === "exception" || stop.reason === "end" || stop.reason === "fork") {
        this.sendEvent(new OutputEvent(`${stop.description}\n${stop.reason === "interrupt" && stop.text ? `${stop.text}\n` : ""}`, stop.reason === "exception" ? "stderr" : "console"));
      }
      const event: DebugProtocol.StoppedEvent = new StoppedEvent(STOP_REASONS[stop.reason], THREAD_ID);
      event.body.description = stop.description;
      if (stop.reason === "exception" || stop.reason === "interrupt") event.body.text = stop.description;
      if (stop.breakpointIds) event.body.hitBreakpointIds = stop.breakpointIds;
      event.body.allThreadsStopped = true;
      this.sendEvent(event);
    });
    engine.onNotification("session/continued", (event) => {
      if (event.sessionId === this.sessionId) this.sendEvent(new ContinuedEvent(THREAD_ID, true));
    });
    engine.onNotification("session/output", (output) => {
      if (output.sessionId === this.sessionId) this.sendEvent(new OutputEvent(output.text, output.category));
    });
    engine.onNotification("session/terminated", (end) => {
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

  private finish(): void {
    if (this.terminated) return;
    this.terminated = true;
    this.sendEvent(new TerminatedEvent());
  }

  private async disposeEngine(): Promise<void> {
    this.terminated = true;
    const engine = this.engine;
    this.engine = undefined;
    if (!engine) return;
    if (this.sessionId && engine.isRunning) await engine.request("session/close", { sessionId: this.sessionId }).catch(() => undefined);
    await engine.dispose();
  }

  private requireSession(): string {
    if (!this.sessionId || !this.engine) throw debugErrors.noSession();
    return this.sessionId;
  }

  private async call<M extends EngineMethod>(method: M, params: EngineParams<M>): Promise<EngineResult<M>> {
    if (!this.engine) throw debugErrors.noSession();
    return this.engine.request(method, params);
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
  if (error instanceof EngineRequestError) return debugErrors.engine(error.message, error.hint, error.file);
  return debugErrors.engine(error instanceof Error ? error.message : String(error));
}
