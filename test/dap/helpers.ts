// Drives the standalone adapter (node dist/debugAdapter.js, built by test/buildOnce.ts) over real
// DAP with DebugClient, on the repo's examples. Every launch gets a temporary `db`, so tests never
// write into examples/.

import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { EngineClient } from "../../src/engineClient/engineClient";
import { GraphDebugSession } from "../../src/debug/graphDebugSession";

const root = join(__dirname, "..", "..");
export const memoryAgent = join(root, "examples", "memory-agent");
export const playground = join(root, "examples", "debug-playground");

const tempDirs: string[] = [];

/** A fresh database file in a temporary folder, removed after the file's tests. */
export function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), "langgraph-dap-"));
  tempDirs.push(dir);
  return join(dir, "db.json");
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface Session {
  dc: DebugClient;
  output: string[];
}

export async function startAdapter(): Promise<Session> {
  const dc = new DebugClient(process.execPath, join(root, "dist", "debugAdapter.js"), "langgraph");
  // A limit for a hung adapter, not a timing assertion: loading a graph from source takes a moment.
  dc.defaultTimeout = 20_000;
  const output: string[] = [];
  dc.on("output", (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
  await dc.start();
  return { dc, output };
}

/**
 * One engine for every session, restarted on the next launch after it stopped: how the
 * extension's EngineRegistry serves a workspace folder, without VS Code.
 */
export class SharedEngine {
  engine: EngineClient | undefined;
  readonly pids: number[] = [];

  get(cwd: string): EngineClient {
    if (this.engine?.isRunning) return this.engine;
    this.engine = EngineClient.start({ cwd, enginePath: join(root, "dist", "engine.js") });
    this.pids.push(this.engine.pid!);
    return this.engine;
  }

  async dispose(): Promise<void> {
    await this.engine?.dispose();
  }
}

/**
 * The adapter in this process on a shared engine, as VS Code runs it inline, spoken to over a
 * local socket (one GraphDebugSession per connection). Close the server when done.
 */
export async function startSharedAdapter(shared: SharedEngine): Promise<{ server: Server; connect(): Promise<Session> }> {
  const server = createServer((socket) => {
    const session = new GraphDebugSession({ engines: (launch) => ({ engine: shared.get(launch.cwd), shared: true }) });
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    connect: async () => {
      const dc = new DebugClient("node", "unused", "langgraph");
      dc.defaultTimeout = 20_000;
      const output: string[] = [];
      dc.on("output", (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
      await dc.start(port);
      return { dc, output };
    },
  };
}

/**
 * Sessions a test file starts, stopped after each test with the shared engines and adapters they
 * used: call `release()` in afterEach. `shared()` is an in-process adapter on one SharedEngine.
 */
export function sessionPool() {
  const sessions: Session[] = [];
  const cleanups: Array<() => Promise<unknown>> = [];
  return {
    track(session: Session): Session {
      sessions.push(session);
      return session;
    },
    async shared() {
      const engine = new SharedEngine();
      const adapter = await startSharedAdapter(engine);
      cleanups.push(
        () => new Promise((resolve) => adapter.server.close(resolve)),
        () => engine.dispose(),
      );
      return { engine, connect: async () => this.track(await adapter.connect()) };
    },
    async release(): Promise<void> {
      for (const session of sessions.splice(0)) await session.dc.stop().catch(() => undefined);
      for (const cleanup of cleanups.splice(0)) await cleanup();
    },
  };
}

export interface LaunchOptions {
  functionBreakpoints?: DebugProtocol.FunctionBreakpoint[];
  exceptionFilters?: string[];
}

/** initialize → launch → (breakpoints) → configurationDone, as VS Code does it. */
export async function launch(dc: DebugClient, args: Record<string, unknown>, options: LaunchOptions = {}): Promise<DebugProtocol.LaunchResponse> {
  const configure = dc.waitForEvent("initialized").then(async () => {
    if (options.functionBreakpoints) await dc.setFunctionBreakpointsRequest({ breakpoints: options.functionBreakpoints });
    if (options.exceptionFilters) await dc.setExceptionBreakpointsRequest({ filters: options.exceptionFilters });
    await dc.configurationDoneRequest();
  });
  const [response] = await Promise.all([dc.launch({ type: "langgraph", request: "launch", ...args }), configure]);
  return response;
}

/** initialize → attach → (breakpoints) → configurationDone: a session on a graph that runs on a LangGraph server. */
export async function attach(dc: DebugClient, args: Record<string, unknown>, options: LaunchOptions = {}): Promise<DebugProtocol.AttachResponse> {
  const configure = dc.waitForEvent("initialized").then(async () => {
    if (options.functionBreakpoints) await dc.setFunctionBreakpointsRequest({ breakpoints: options.functionBreakpoints });
    if (options.exceptionFilters) await dc.setExceptionBreakpointsRequest({ filters: options.exceptionFilters });
    await dc.configurationDoneRequest();
  });
  const [response] = await Promise.all([
    dc.attachRequest({ type: "langgraph", request: "attach", ...args } as DebugProtocol.AttachRequestArguments),
    configure,
  ]);
  return response;
}

/** Sends a request that makes the run go and waits for the stop it leads to. */
export async function stopAfter(dc: DebugClient, request: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent("stopped") as Promise<DebugProtocol.StoppedEvent>;
  await request();
  return stopped;
}

export async function frames(dc: DebugClient): Promise<DebugProtocol.StackFrame[]> {
  return (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
}

/** The variables of a frame's scope, named as the Variables view shows it ("Store" also finds "Store · as of step 1 · …"). */
export async function scope(dc: DebugClient, frameId: number, name: string): Promise<DebugProtocol.Variable[]> {
  const scopes = (await dc.scopesRequest({ frameId })).body.scopes;
  const found = scopes.find((candidate) => candidate.name === name || candidate.name.startsWith(`${name} · `));
  if (!found) throw new Error(`no scope ${name} in ${scopes.map((candidate) => candidate.name).join(", ")}`);
  return (await dc.variablesRequest({ variablesReference: found.variablesReference })).body.variables;
}

export async function children(dc: DebugClient, variable: DebugProtocol.Variable): Promise<DebugProtocol.Variable[]> {
  return (await dc.variablesRequest({ variablesReference: variable.variablesReference })).body.variables;
}

export async function evaluate(dc: DebugClient, expression: string, frameId?: number, context = "watch"): Promise<string> {
  return (await dc.evaluateRequest({ expression, frameId, context })).body.result;
}

export function named(variables: DebugProtocol.Variable[], name: string): DebugProtocol.Variable {
  const found = variables.find((variable) => variable.name === name);
  if (!found) throw new Error(`no variable ${name} in ${variables.map((variable) => variable.name).join(", ")}`);
  return found;
}

/** Starts the standalone adapter on the debug-playground graph and waits for its first stop. */
export async function launchPlayground(
  args: Record<string, unknown>,
  options?: LaunchOptions,
): Promise<{ session: Session; stopped: DebugProtocol.StoppedEvent }> {
  const session = await startAdapter();
  const stopped = session.dc.waitForEvent("stopped") as Promise<DebugProtocol.StoppedEvent>;
  await launch(session.dc, { cwd: playground, graph: "playground", db: tempDb(), input: { topic: "time travel", requiredDrafts: 2 }, ...args }, options);
  return { session, stopped: await stopped };
}

/** Launches the memory agent (examples/memory-agent) for a user on a thread, stopped on entry; resolves with that stop. */
export async function launchMemoryAgentOnEntry(
  dc: DebugClient,
  run: { db: string; threadId: string; content: string; userId?: string; storeHistory?: number },
): Promise<DebugProtocol.StoppedEvent> {
  const entry = dc.waitForEvent("stopped") as Promise<DebugProtocol.StoppedEvent>;
  await launch(dc, {
    cwd: memoryAgent,
    graph: "agent",
    db: run.db,
    threadId: run.threadId,
    stopOnEntry: true,
    context: { userId: run.userId ?? "1" },
    input: { messages: [{ role: "user", content: run.content }] },
    ...(run.storeHistory !== undefined ? { storeHistory: run.storeHistory } : {}),
  });
  return entry;
}

/** Whether a process of this id still runs (signal 0 only checks). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
