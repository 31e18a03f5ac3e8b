// Runs the memory agent (the workspace the runner opens) under the real debugger, so the
// Threads and Memory Store views and the documents have a thread and memories to show.
// Each test uses its own thread_id and userId, so runs of earlier tests never interfere.
import * as fs from "node:fs";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import * as vscode from "vscode";

export const workspaceDir = (): string => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error("The integration suite needs the examples/memory-agent folder open.");
  return folder.uri.fsPath;
};
export const configFile = (): string => path.join(workspaceDir(), "langgraph.json");
export const dbFile = (): string => path.join(workspaceDir(), ".langgraph", "db.json");

/** A name no earlier run used. */
export const unique = (prefix: string): string => `${prefix}-${Date.now().toString(36)}`;

interface PositionBody {
  /** The session's langgraph.json, or the URL of the LangGraph server it is attached to. */
  configFile: string;
  status: "stopped" | "running" | "ended";
  threadId: string;
  checkpointId?: string;
  reason?: string;
  /** checkpointName() of the position: what the Call Stack names its top frame. */
  name?: string;
}

/** Waits for the session's next position event that `accept` takes. */
export function nextPosition(accept: (body: PositionBody) => boolean, timeoutMs = 60_000): Promise<{ session: vscode.DebugSession; body: PositionBody }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`no matching langgraph/position event within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const subscription = vscode.debug.onDidReceiveDebugSessionCustomEvent((event) => {
      if (event.event !== "langgraph/position" || !accept(event.body as PositionBody)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve({ session: event.session, body: event.body as PositionBody });
    });
  });
}

export function ended(name: string, timeoutMs = 90_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`the debug session "${name}" did not end within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const subscription = vscode.debug.onDidTerminateDebugSession((session) => {
      if (session.name !== name) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
  });
}

export function launch(name: string, threadId: string, userId: string, text: string, stopOnEntry: boolean): vscode.DebugConfiguration {
  return {
    type: "langgraph",
    request: "launch",
    name,
    graph: "agent",
    threadId,
    context: { userId },
    input: { messages: [{ role: "user", content: text }] },
    stopOnEntry,
  };
}

/** Debugs the agent to the end of its run (continuing past the final stop) and waits for it to end. */
export async function runAgent(threadId: string, userId: string, text: string): Promise<void> {
  const name = unique("run");
  const done = ended(name);
  // The adapter stops once more at the final checkpoint; continuing there ends the session.
  const atEnd = nextPosition((body) => body.threadId === threadId && body.status === "stopped");
  atEnd.catch(() => undefined); // a session that ends without that stop leaves it waiting
  const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], launch(name, threadId, userId, text, false));
  if (!started) throw new Error("vscode.debug.startDebugging refused the launch configuration.");
  const finished = await Promise.race([done.then(() => "ended" as const), atEnd]);
  if (finished !== "ended") {
    await finished.session.customRequest("continue", { threadId: 1 });
    await done;
  }
}

/** The workspace database file as it is on disk, once `check` holds (the engine folds its journal in within seconds). */
export async function dbFileWhen<T>(check: (db: DbFile) => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const db = JSON.parse(fs.readFileSync(dbFile(), "utf8")) as DbFile;
      const result = check(db);
      if (result !== undefined) return result;
      last = db.store;
    } catch (error) {
      last = error;
    }
    await sleep(250);
  }
  throw new Error(`${dbFile()} never showed the expected change within ${timeoutMs / 1000} s; its store: ${JSON.stringify(last)?.slice(0, 500)}`);
}

export interface DbFile {
  store: Record<string, Record<string, { value: Record<string, unknown>; updatedAt: string }>>;
  threads: Record<string, unknown>;
}

/** Every editor tab open in VS Code. */
export const openTabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((group) => group.tabs);

/** A graph panel's tab (VS Code prefixes the view type of an extension's webview, e.g. "mainThreadWebview-"). */
export const isGraphPanel = (tab: vscode.Tab): boolean => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith("langgraph.graph");

export async function until<T>(what: string, probe: () => PromiseLike<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const result = await probe();
    if (result !== undefined && result !== false) return result;
    await sleep(200);
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
}
