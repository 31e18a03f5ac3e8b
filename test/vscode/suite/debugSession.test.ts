// A `langgraph` debug session in the real VS Code, as the user starts it: a launch configuration
// on the memory agent (the workspace the runner opens) and a function breakpoint named after the
// node `call_model`. It stops there, steps, shows the checkpoint lineage in the Call Stack and
// leaves the thread in the workspace database. Sessions use the folder's one engine: a second
// session on the same database runs while the first one holds it. With `debugUserCode`, VS Code's
// JavaScript debugger attaches to the engine and stops at a line inside the node function.
// (F5 from a .vscode/launch.json file is covered by the databaseViews end-to-end test.)
import * as assert from "node:assert/strict";
import * as path from "node:path";
import type { DebugProtocol } from "@vscode/debugprotocol";
import * as vscode from "vscode";
import { dbFileWhen, ended, launch, nextPosition, unique, until, workspaceDir } from "./agentRuns";

/** What the adapter sent to VS Code, per session, as a tracker sees it. */
const sent = new Map<string, DebugProtocol.ProtocolMessage[]>();

function events<T extends DebugProtocol.Event>(session: vscode.DebugSession, event: string): T[] {
  return (sent.get(session.id) ?? []).filter((message): message is T => message.type === "event" && (message as DebugProtocol.Event).event === event);
}

function consoleText(session: vscode.DebugSession): string {
  return events<DebugProtocol.OutputEvent>(session, "output")
    .map((event) => event.body.output)
    .join("");
}

async function start(config: vscode.DebugConfiguration): Promise<vscode.DebugSession> {
  let started: vscode.DebugSession | undefined;
  const listener = vscode.debug.onDidStartDebugSession((session) => {
    if (session.name === config.name) started = session;
  });
  try {
    const ok = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], config);
    assert.ok(ok, `VS Code refused the launch configuration ${JSON.stringify(config)}`);
    return await until(`the session "${config.name}" to start`, () => started);
  } finally {
    listener.dispose();
  }
}

function enginePid(session: vscode.DebugSession): string | undefined {
  return consoleText(session).match(/engine pid (\d+)/)?.[1];
}

describe("a LangGraph debug session in VS Code", () => {
  const disposables: vscode.Disposable[] = [];
  const breakpoint = new vscode.FunctionBreakpoint("call_model");
  const threadId = unique("debug-session");
  let session: vscode.DebugSession | undefined;

  before(() => {
    disposables.push(
      vscode.debug.registerDebugAdapterTrackerFactory("langgraph", {
        createDebugAdapterTracker: (tracked) => ({
          onDidSendMessage: (message: DebugProtocol.ProtocolMessage) => {
            const list = sent.get(tracked.id) ?? [];
            list.push(message);
            sent.set(tracked.id, list);
          },
        }),
      }),
    );
    vscode.debug.addBreakpoints([breakpoint]);
  });

  after(async () => {
    vscode.debug.removeBreakpoints([breakpoint]);
    await vscode.debug.stopDebugging();
    for (const disposable of disposables) disposable.dispose();
  });

  it("F5 without a launch configuration asks (Debug a Graph…) instead of running the first graph", async () => {
    const started: vscode.DebugSession[] = [];
    const listener = vscode.debug.onDidStartDebugSession((session) => {
      if (session.type === "langgraph") started.push(session);
    });
    try {
      // What VS Code hands the provider when there is no launch.json: no name, no graph.
      await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], { type: "langgraph", request: "launch", name: "" });
      // Nothing may start by itself; the wizard waits for the user (bounded wait, then close it).
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      assert.deepEqual(
        started.map((session) => session.name),
        [],
        "a session started without the user choosing a graph and thread",
      );
    } finally {
      listener.dispose();
      await vscode.commands.executeCommand("workbench.action.closeQuickOpen");
    }
  });

  it("stops at the function breakpoint call_model and says where in langgraph/position", async () => {
    const name = unique("breakpoint");
    const position = nextPosition((body) => body.threadId === threadId && body.status === "stopped");
    session = await start(launch(name, threadId, "debug-session", "Hi! Remember: my name is Bob", false));
    const { body } = await position;
    assert.equal(body.reason, "breakpoint");
    const [stopped] = events<DebugProtocol.StoppedEvent>(session, "stopped");
    assert.ok(stopped, "no stopped event reached VS Code");
    assert.equal(stopped.body.reason, "function breakpoint");
    assert.match(stopped.body.description ?? "", /call_model/);
    const full = (await session.customRequest("langgraph/position", {})) as { next?: string[]; dbPath: string; graphId: string };
    assert.deepEqual(full.next, ["call_model"]);
    assert.equal(full.graphId, "agent");
    assert.match(full.dbPath, /\.langgraph[\\/]db\.json$/);
  });

  it("shows the checkpoint lineage in the Call Stack, pointing at the node's source", async () => {
    assert.ok(session);
    const trace = (await session.customRequest("stackTrace", { threadId: 1 })) as DebugProtocol.StackTraceResponse["body"];
    const [top] = trace.stackFrames;
    assert.ok(top, "the Call Stack is empty");
    assert.equal(top.name, "step 0 · __start__");
    assert.match(top.source?.path ?? "", /src[\\/]call-model\.ts$/);
    assert.ok(trace.stackFrames.length >= 2, `expected the input checkpoint below: ${trace.stackFrames.map((frame) => frame.name).join(", ")}`);
  });

  it("runs one superstep on Step Over", async () => {
    assert.ok(session);
    const before = events(session, "stopped").length;
    const position = nextPosition((body) => body.threadId === threadId && body.status === "stopped");
    await session.customRequest("next", { threadId: 1 });
    await position;
    await until("a second stopped event", () => events(session!, "stopped").length > before || undefined);
    const trace = (await session.customRequest("stackTrace", { threadId: 1 })) as DebugProtocol.StackTraceResponse["body"];
    assert.match(trace.stackFrames[0]?.name ?? "", /^step 1 · /);
  });

  it("runs a second session on the same database meanwhile, on the same engine", async () => {
    assert.ok(session);
    const otherThread = unique("debug-session-2");
    const name = unique("second");
    const position = nextPosition((body) => body.threadId === otherThread && body.status === "stopped");
    const second = await start(launch(name, otherThread, "debug-session", "what is my name?", false));
    try {
      assert.equal((await position).body.reason, "breakpoint");
      const first = enginePid(session);
      assert.ok(first, `the first session did not name its engine: ${consoleText(session)}`);
      assert.equal(enginePid(second), first, `the second session did not use the first one's engine: ${consoleText(second)}`);
    } finally {
      const done = ended(name);
      await vscode.debug.stopDebugging(second);
      await done;
    }
    // Stopping the second session left the engine to the first.
    const trace = (await session.customRequest("stackTrace", { threadId: 1 })) as DebugProtocol.StackTraceResponse["body"];
    assert.match(trace.stackFrames[0]?.name ?? "", /^step 1 · /);
  });

  it("has written the thread to the workspace database when it ends", async () => {
    assert.ok(session);
    const name = session.name;
    const done = ended(name);
    const last = nextPosition((body) => body.threadId === threadId && body.status === "ended");
    await vscode.debug.stopDebugging(session);
    await Promise.all([done, last]);
    session = undefined;
    await dbFileWhen((db) => (threadId in db.threads ? true : undefined), 20_000);
  });
});

describe("debugUserCode: breakpoints inside node functions", () => {
  const source = vscode.Uri.file(path.join(workspaceDir(), "src", "call-model.ts"));
  // `const namespace = ["memories", userId];` inside callModel (0-based line 24).
  const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(source, new vscode.Position(24, 0)));
  const stops: Array<{ session: vscode.DebugSession; threadId: number }> = [];
  const started: vscode.DebugSession[] = [];
  const terminated = new Set<string>();
  const disposables: vscode.Disposable[] = [];

  before(() => {
    disposables.push(
      // The LangGraph session's output, and js-debug's sessions (type "node", and one per target
      // it attaches to), one of which reports the stop.
      vscode.debug.registerDebugAdapterTrackerFactory("*", {
        createDebugAdapterTracker: (tracked) => ({
          onDidSendMessage: (message: DebugProtocol.ProtocolMessage) => {
            const event = message as DebugProtocol.StoppedEvent;
            if (tracked.type === "langgraph") sent.set(tracked.id, [...(sent.get(tracked.id) ?? []), message]);
            else if (message.type === "event" && event.event === "stopped") stops.push({ session: tracked, threadId: event.body.threadId ?? 0 });
          },
        }),
      }),
      vscode.debug.onDidStartDebugSession((session) => started.push(session)),
      vscode.debug.onDidTerminateDebugSession((session) => terminated.add(session.id)),
    );
    vscode.debug.addBreakpoints([breakpoint]);
  });

  after(async () => {
    vscode.debug.removeBreakpoints([breakpoint]);
    await vscode.debug.stopDebugging();
    for (const disposable of disposables) disposable.dispose();
  });

  it("attaches VS Code's JavaScript debugger as a child session and stops at a line of call_model", async function () {
    this.timeout(120_000);
    const name = unique("user-code");
    const session = await start({ ...launch(name, unique("user-code"), "user-code", "Hi there", false), debugUserCode: true });
    const stop = await until("a stop inside callModel", () => stops[0], 40_000).catch((error: Error) => {
      const sessions = started.map((each) => `${each.type} "${each.name}"${each.parentSession ? ` (child of "${each.parentSession.name}")` : ""}`).join(", ");
      throw new Error(`${error.message}. Sessions: ${sessions}. Debug Console: ${consoleText(session)}`);
    });
    const child = started.find((each) => each.parentSession?.id === session.id);
    assert.ok(child, `no child session of "${name}" started: ${started.map((each) => `${each.type} ${each.name}`).join(", ")}`);
    assert.match(child.type, /node/);
    const trace = (await stop.session.customRequest("stackTrace", { threadId: stop.threadId })) as DebugProtocol.StackTraceResponse["body"];
    const [top] = trace.stackFrames;
    assert.ok(top, "the JavaScript debugger's Call Stack is empty");
    assert.match(top.source?.path ?? "", /call-model\.ts$/);
    assert.equal(top.line, 25);
    assert.match(consoleText(session), /attaching the JavaScript debugger/);

    // Going on from the line lets the graph run to its end.
    const done = ended(name);
    const end = nextPosition((body) => body.status === "ended" || body.reason === "end");
    await stop.session.customRequest("continue", { threadId: stop.threadId });
    await end;
    await vscode.debug.stopDebugging(session);
    await done;
    // The JavaScript debugger's sessions end with their parent.
    const descends = (each: vscode.DebugSession): boolean => !!each.parentSession && (each.parentSession.id === session.id || descends(each.parentSession));
    await until("the JavaScript debugger's sessions to end", () => started.filter(descends).every((each) => terminated.has(each.id)) || undefined, 20_000);
  });
});
