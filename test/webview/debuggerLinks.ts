// What the debugger view's host is linked to in the Chromium tests, all real: the folder's
// engine process for the workspace database (as WorkspaceDbService reaches it), and the
// `langgraph` debug adapter (GraphDebugSession) running in this process on that same engine
// over a socket, driven by DebugClient the way VS Code drives the inline adapter. Only VS Code's
// breakpoint list is stood in for, by a set that sends setFunctionBreakpoints like VS Code does,
// and its editor, by a record of what the view asked it to open.

import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { GraphDebugSession } from "../../src/debug/graphDebugSession";
import { EngineClient } from "../../src/engineClient/engineClient";
import { POSITION_EVENT, type PositionEventBody } from "../../src/protocol/debugEvents";
import type { DbChange, DbInfo, SourceLocation } from "../../src/protocol/engine";
import type { HostMessage } from "../../src/protocol/webview";
import type { BreakpointLink, DatabaseLink, EditorLink, SessionLink } from "../../src/ui/debuggerView/hostLinks";
import { repoRoot } from "./webviewHarness";

const engines = new Map<string, EngineClient>();

/** The messages of one type that a host posted to its view, oldest first. */
export function postedOfType<T extends HostMessage["type"]>(posted: readonly HostMessage[], type: T): Array<Extract<HostMessage, { type: T }>> {
  return posted.filter((message): message is Extract<HostMessage, { type: T }> => message.type === type);
}

/** One engine per workspace folder, as the extension runs them. */
export function engineFor(folder: string): EngineClient {
  let engine = engines.get(folder);
  if (!engine?.isRunning) {
    engine = EngineClient.start({ cwd: folder, enginePath: join(repoRoot, "dist/engine.js") });
    engines.set(folder, engine);
  }
  return engine;
}

export async function disposeEngines(): Promise<void> {
  await Promise.all([...engines.values()].map((engine) => engine.dispose()));
  engines.clear();
}

/** The database of `configFile` at `dbPath`, through the folder's engine. */
export function databaseLink(configFile: string, dbPath: string): DatabaseLink {
  const engine = engineFor(join(configFile, ".."));
  let opened: Promise<DbInfo> | undefined;
  const info = () => (opened ??= engine.request("db/open", { configFile, dbPath }));
  return {
    info,
    request: async (method, params) => {
      const { dbPath: path } = await info();
      return engine.request(method, { ...params, dbPath: path } as never);
    },
    onDidChange: (listener: (change: DbChange) => void) =>
      engine.onNotification("db/changed", (change) => {
        void info().then(({ dbPath: path }) => change.dbPath === path && listener(change));
      }),
  };
}

export type OpenedInEditor =
  { source: SourceLocation } | { storeItem: { namespace: string[]; key: string } } | { comparison: { threadId: string; left: string; right: string } };

/** VS Code's editor, standing in as a record of what the view asked it to open, in order. */
export function recordingEditor(): EditorLink & { opened: OpenedInEditor[] } {
  const opened: OpenedInEditor[] = [];
  return {
    opened,
    openSource: async (source) => void opened.push({ source }),
    openStoreItem: async (namespace, key) => void opened.push({ storeItem: { namespace, key } }),
    openComparison: async (threadId, left, right) => void opened.push({ comparison: { threadId, left: left.checkpointId, right: right.checkpointId } }),
  };
}

export interface DebugSessionUnderTest {
  dc: DebugClient;
  link: SessionLink;
  breakpoints: BreakpointLink & { set: Set<string> };
  /** Positions the adapter reported, in order. */
  positions: PositionEventBody[];
  /** Resolves at the next position event with this status. */
  nextPosition(status?: PositionEventBody["status"]): Promise<PositionEventBody>;
  launch(args: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/**
 * The inline adapter on the folder's engine, shared with the view as in VS Code. `launchDefaults`
 * (cwd, graph, db) complete a run the view starts, as VS Code's launch configuration would.
 */
export async function startDebugSession(launchDefaults: Record<string, unknown> = {}): Promise<DebugSessionUnderTest> {
  const server: Server = createServer((socket) => {
    const session = new GraphDebugSession({ engines: (launch) => ({ engine: engineFor(launch.cwd), shared: true }) });
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const dc = new DebugClient("node", "unused", "langgraph");
  dc.defaultTimeout = 20_000;
  await dc.start((server.address() as AddressInfo).port);

  const positions: PositionEventBody[] = [];
  const listeners = new Set<() => void>();
  const waiting: Array<{ status?: string; resolve: (body: PositionEventBody) => void }> = [];
  dc.on(POSITION_EVENT, (event: DebugProtocol.Event) => {
    const body = event.body as PositionEventBody;
    positions.push(body);
    for (const listener of listeners) listener();
    for (const waiter of waiting.splice(0)) {
      if (!waiter.status || waiter.status === body.status) waiter.resolve(body);
      else waiting.push(waiter);
    }
  });
  const current = () => {
    const last = positions.at(-1);
    return last && last.status !== "ended" ? last : undefined;
  };
  const set = new Set<string>();
  const breakpointListeners = new Set<() => void>();
  const sendBreakpoints = () => dc.setFunctionBreakpointsRequest({ breakpoints: [...set].map((name) => ({ name })) });
  const launch = async (args: Record<string, unknown>) => {
    const configured = dc.waitForEvent("initialized").then(async () => {
      if (set.size > 0) await sendBreakpoints();
      await dc.configurationDoneRequest();
    });
    await Promise.all([dc.launch({ type: "langgraph", request: "launch", ...args }), configured]);
  };

  return {
    dc,
    positions,
    link: {
      current,
      onDidChange: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      request: async (command, args) => (await dc.send(command, args)).body,
      stop: async () => {
        await dc.disconnectRequest({ terminateDebuggee: true });
      },
      // As vscodeLinks.ts: a run stops on entry; Debug from Here opens the thread at a checkpoint, with no input.
      start: ({ checkpoint, ...run }) =>
        launch(
          checkpoint ? { ...launchDefaults, threadId: run.threadId, checkpointId: checkpoint.checkpointId } : { ...launchDefaults, ...run, stopOnEntry: true },
        ),
    },
    breakpoints: {
      set,
      names: () => [...set],
      toggle: (name) => {
        if (set.has(name)) set.delete(name);
        else set.add(name);
        if (current()) void sendBreakpoints();
        for (const listener of breakpointListeners) listener();
      },
      onDidChange: (listener) => {
        breakpointListeners.add(listener);
        return () => breakpointListeners.delete(listener);
      },
    },
    nextPosition: (status) => new Promise((resolve) => waiting.push({ status, resolve })),
    launch,
    close: async () => {
      await dc.stop().catch(() => undefined);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
