// The parent's side of the engine boundary: spawns dist/engine.js as a child Node process and
// sends it typed requests. No vscode import, so the extension, the standalone debug adapter and
// the tests all use it. A crashed engine fails pending requests with a clear error.
// One engine may serve several users at once (debug sessions, views): each subscribes to its
// console output and exit with onLog/onExit and unsubscribes when done.

import { fork, type ChildProcess } from "node:child_process";
import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import type {
  EngineErrorCode,
  EngineErrorData,
  EngineMethod,
  EngineNotificationMethod,
  EngineNotificationParams,
  EngineParams,
  EngineResult,
} from "../protocol/engine";
import { parseSessionLine } from "../protocol/sessionLines";

export interface EngineStartOptions {
  /** Working directory of the engine: the workspace folder. */
  cwd: string;
  /** Absolute path of the bundled engine entry (dist/engine.js). */
  enginePath: string;
  /** Node.js executable; default: the one running this process. */
  nodePath?: string;
  /** Extra arguments for Node. */
  execArgv?: string[];
  /**
   * Run under the Node.js inspector on a free local port (see `inspector`), with source maps for
   * the user's TypeScript, so a JavaScript debugger can stop inside node functions.
   */
  inspect?: boolean;
  /** The workspace is not trusted: the engine refuses every request that would import user code. */
  untrusted?: boolean;
}

/** An error the engine reported for a request: a stable code, the file to look at, a hint. */
export class EngineRequestError extends Error {
  override readonly name = "EngineRequestError";
  constructor(
    message: string,
    readonly code: EngineErrorCode | "engineExited",
    readonly file?: string,
    readonly hint?: string,
    readonly fix?: EngineErrorData["fix"],
  ) {
    super(message);
  }
}

/** A line the engine printed; `sessionId` when user code printed it during that debug session's run. */
export type LogListener = (stream: "stdout" | "stderr", line: string, sessionId?: string) => void;
export type ExitListener = (code: number | null, signal: NodeJS.Signals | null) => void;

/** Where the engine's Node.js inspector listens. */
export interface InspectorAddress {
  host: string;
  port: number;
}

export class EngineClient {
  /**
   * The inspector's address once the engine printed it ("Debugger listening on ws://…");
   * undefined when the engine runs without the inspector or exited before it listened.
   */
  readonly inspector: Promise<InspectorAddress | undefined>;
  private exited = false;
  private exitStatus: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly logListeners = new Set<LogListener>();
  private readonly exitListeners = new Set<ExitListener>();
  /** Why the process ended, for the message of requests it leaves unanswered. */
  private exitReason = "";
  private readonly notificationHandlers = new Map<string, Set<(params: unknown) => void>>();
  /** Rejects when the process exits; every request races against it. */
  private readonly exit: Promise<never>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly connection: MessageConnection,
    readonly inspects: boolean,
    /** The Node.js executable the engine runs on. */
    readonly nodePath: string,
  ) {
    this.inspector = !inspects
      ? Promise.resolve(undefined)
      : new Promise((resolve) => {
          const unsubscribe = this.onLog((stream, line) => {
            const listening = /Debugger listening on ws:\/\/([^/\s]+):(\d+)\//.exec(line);
            if (stream !== "stderr" || !listening) return;
            unsubscribe();
            resolve({ host: listening[1]!, port: Number(listening[2]) });
          });
          child.once("exit", () => resolve(undefined));
        });
    this.exit = new Promise<never>((_, reject) => {
      // Settle once stderr has been read to the end ("close"), since it may say why the process
      // died; but not later than shortly after "exit": a grandchild may hold the pipes open.
      const settle = () => reject(engineExited(this.exitReason));
      child.once("close", settle);
      child.once("exit", () => setTimeout(settle, 200).unref());
    });
    this.exit.catch(() => undefined);
  }

  static start(options: EngineStartOptions): EngineClient {
    // src/engine/main.ts reads the argument; it cannot be switched off later, only by a new engine.
    const nodePath = options.nodePath || process.execPath;
    const child = fork(options.enginePath, options.untrusted ? ["--untrusted"] : [], {
      cwd: options.cwd,
      execPath: nodePath,
      // Port 0: the system picks a free one, which the engine prints on stderr.
      execArgv: [...(options.execArgv ?? []), ...(options.inspect ? ["--inspect=127.0.0.1:0"] : [])],
      // Inside VS Code, process.execPath is Electron: this makes it behave as plain Node.
      // JITI_SOURCE_MAPS: jiti adds inline source maps to the TypeScript it transforms.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: "1", ...(options.inspect ? { JITI_SOURCE_MAPS: "1" } : {}) },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const client = new EngineClient(child, connection, options.inspect ?? false, nodePath);
    let lastErrorLine = "";
    forwardLines(child.stdout, (line) => client.log("stdout", line));
    forwardLines(child.stderr, (line) => {
      if (/^\s*\w*Error\b.*:/.test(line)) lastErrorLine = line.trim();
      client.log("stderr", line);
    });
    const describeExit = (code: number | null, signal: NodeJS.Signals | null) => `${signal ?? `exit code ${code}`}${lastErrorLine ? `: ${lastErrorLine}` : ""}`;
    child.once("close", (code, signal) => (client.exitReason = describeExit(code, signal)));
    child.once("exit", (code, signal) => {
      client.exited = true;
      client.exitStatus = { code, signal };
      client.exitReason = describeExit(code, signal);
      connection.dispose();
      for (const listener of [...client.exitListeners]) listener(code, signal);
    });
    child.once("error", (error) => client.log("stderr", `The engine process failed to start: ${error.message}`));
    connection.listen();
    return client;
  }

  /** Process id of the engine, e.g. to attach a JavaScript debugger to user code. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  get isRunning(): boolean {
    return !this.exited;
  }

  /**
   * Whether the engine runs on the Node.js executable `nodePath` (default: this process's), the
   * same file under another name (a symlink, a relative path) included.
   */
  runsNode(nodePath: string | undefined): boolean {
    return sameFile(this.nodePath, nodePath || process.execPath);
  }

  /** Console output of the engine and of user code, line by line; returns a function that unsubscribes. */
  onLog(listener: LogListener): () => void {
    this.logListeners.add(listener);
    return () => this.logListeners.delete(listener);
  }

  /** Called once when the process exits for any reason (at once if it already has); returns a function that unsubscribes. */
  onExit(listener: ExitListener): () => void {
    const status = this.exitStatus;
    if (status) {
      queueMicrotask(() => listener(status.code, status.signal));
      return () => undefined;
    }
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  async request<M extends EngineMethod>(method: M, params: EngineParams<M>): Promise<EngineResult<M>> {
    if (this.exited) throw engineExited(this.exitReason);
    try {
      return await Promise.race([this.connection.sendRequest<EngineResult<M>>(method, params), this.exit]);
    } catch (error) {
      throw toRequestError(error, this.exited ? this.exitReason : undefined);
    }
  }

  /** Engine → host notifications (session events); returns a function that unsubscribes. */
  onNotification<N extends EngineNotificationMethod>(method: N, handler: (params: EngineNotificationParams<N>) => void): () => void {
    // vscode-jsonrpc keeps one handler per method: fan out to every subscriber from it.
    let handlers = this.notificationHandlers.get(method);
    if (!handlers) {
      const registered = new Set<(params: unknown) => void>();
      this.connection.onNotification(method, (params: unknown) => registered.forEach((each) => each(params)));
      this.notificationHandlers.set(method, registered);
      handlers = registered;
    }
    const entry = handler as (params: unknown) => void;
    handlers.add(entry);
    return () => handlers.delete(entry);
  }

  /** Kills the engine at once: for a process that no longer answers (a node that never returns). */
  async kill(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGKILL");
    await exited;
  }

  /** Stops the engine; kills it if it does not leave within a second (a node may never return). */
  async dispose(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.disconnect?.();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 1000);
    await exited;
    clearTimeout(timer);
  }

  private log(stream: "stdout" | "stderr", raw: string): void {
    const { sessionId, line } = parseSessionLine(raw);
    for (const listener of [...this.logListeners]) listener(stream, line, sessionId);
  }
}

function sameFile(a: string, b: string): boolean {
  const real = (file: string) => {
    try {
      return realpathSync(file);
    } catch {
      return resolve(file);
    }
  };
  return real(a) === real(b);
}

function engineExited(reason: string): EngineRequestError {
  return new EngineRequestError(
    `The LangGraph engine process stopped before answering${reason ? ` (${reason})` : ""}.`,
    "engineExited",
    undefined,
    "Check the LangGraph output channel for what the graph printed; the engine restarts on the next request.",
  );
}

/** `exitReason` is set when the process has ended: then that is the error, whatever the RPC said. */
function toRequestError(error: unknown, exitReason: string | undefined): Error {
  if (exitReason !== undefined) return engineExited(exitReason);
  const response = error as { message?: string; data?: EngineErrorData } | undefined;
  if (response?.data?.code) {
    return new EngineRequestError(response.message ?? "The engine failed.", response.data.code, response.data.file, response.data.hint, response.data.fix);
  }
  return error instanceof Error ? error : new Error(String(error));
}

function forwardLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const lines = (pending + chunk).split(/\r?\n/);
    pending = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  });
  stream.on("end", () => pending && onLine(pending));
}
