// `"request": "attach"` over DAP from the standalone adapter: a session on a graph that runs on a
// real LangGraph server (`langgraphjs dev` on a copy of examples/memory-agent, and one of
// examples/debug-playground). The same stepping, breakpoints, interrupts, time travel and forks
// as a local session, the runs made by the server; and the errors of a server that is down, a
// graph it lacks, and a server that wants an API key.

import { Client } from "@langchain/langgraph-sdk";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import { createServer as createNetServer, type Server as NetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/freePort";
import { startLangGraphServer, type LangGraphServer } from "../support/langgraphServer";
import { DebugClient } from "@vscode/debugadapter-testsupport";
import { GraphDebugSession } from "../../src/debug/graphDebugSession";
import { EngineRequestError } from "../../src/engineClient/engineClient";
import { withSecret } from "../../src/protocol/databaseUrls";
import {
  attach,
  children,
  evaluate,
  frames,
  named,
  playground,
  scope,
  SharedEngine,
  startAdapter,
  stopAfter,
  type LaunchOptions,
  type Session,
} from "./helpers";

/** A graph that ticks for minutes, a superstep every 200 ms: something to pause and stop. */
const SLOW_GRAPH = `
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
const State = Annotation.Root({ ticks: Annotation<number>({ reducer: (_old, next) => next, default: () => 0 }) });
export const slow = new StateGraph(State)
  .addNode("tick", async (state: typeof State.State) => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { ticks: state.ticks + 1 };
  })
  .addEdge(START, "tick")
  .addConditionalEdges("tick", (state: typeof State.State) => (state.ticks >= 1000 ? END : "tick"))
  .compile();
`;

/** The debug playground with the slow graph beside it, in a temporary folder. */
function playgroundWithSlowGraph(): string {
  const dir = mkdtempSync(join(tmpdir(), "lg-attach-"));
  tempDirs.push(dir);
  cpSync(playground, dir, { recursive: true, filter: (source) => !source.includes("node_modules") && !source.includes(".langgraph") });
  writeFileSync(join(dir, "src", "slow.ts"), SLOW_GRAPH);
  const config = JSON.parse(readFileSync(join(dir, "langgraph.json"), "utf8")) as { graphs: Record<string, string> };
  config.graphs.slow = "./src/slow.ts:slow";
  writeFileSync(join(dir, "langgraph.json"), JSON.stringify(config));
  return dir;
}

const tempDirs: string[] = [];
let memoryServer: LangGraphServer | undefined;
let playgroundServer: LangGraphServer | undefined;
beforeAll(async () => {
  [memoryServer, playgroundServer] = await Promise.all([startLangGraphServer(), startLangGraphServer(playgroundWithSlowGraph())]);
}, 240_000);
afterAll(async () => {
  await Promise.all([memoryServer?.stop(), playgroundServer?.stop()]);
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** Waits (polling the server) until `check` holds; a limit for a hung server, not a timing assertion. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting until ${what}`);
}

let session: Session | undefined;
afterEach(async () => {
  await session?.dc.stop();
  session = undefined;
});

/** Attaches to the server and waits for the first stop (or the end, when nothing stops). */
async function start(args: Record<string, unknown>, options?: LaunchOptions) {
  session = await startAdapter();
  const { dc } = session;
  const first = new Promise<DebugProtocol.Event>((resolve) => {
    dc.once("stopped", resolve);
    dc.once("terminated", resolve);
  });
  await attach(dc, args, options);
  // The stop's reason, or no body at the end.
  return { dc, first: (await first) as { event: string; body?: { reason?: string } } };
}

/** The memory agent on the server, for a user, on a new thread: stopped on entry. */
function memoryAgent(userId: string, content: string, extra: Record<string, unknown> = {}) {
  return start({ url: memoryServer!.url, graph: "agent", context: { userId }, input: { messages: [{ role: "user", content }] }, ...extra });
}

/** The thread id the adapter's first line names. */
function threadOf(output: string[]): string {
  const match = /on thread "([^"]+)", on the LangGraph server/.exec(output.join(""));
  if (!match) throw new Error(`no thread in ${output.join("")}`);
  return match[1]!;
}

describe("attach: the memory agent on a LangGraph server", () => {
  it("remembers Bob for user 1 in another thread, not for user 2, and shows the server's store", async () => {
    const remember = await memoryAgent("1", "Hi! Remember: my name is Bob");
    expect(remember.first.event).toBe("terminated");
    expect(session!.output.join("")).toContain("On a LangGraph server the graph's code runs there");
    await session!.dc.stop();

    const { dc, first } = await memoryAgent("1", "what is my name?", { stopOnEntry: true });
    expect(first.body?.reason).toBe("entry");
    const end = await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(end.body.reason).toBe("end");
    const [top] = await frames(dc);
    expect(await evaluate(dc, "messages.at(-1).content", top!.id)).toBe('"Your name is Bob."');
    // The model's answer streams to the Debug Console as the server runs it.
    expect(session!.output.join("")).toContain("Your name is Bob.");
    const memories = await children(dc, named(await scope(dc, top!.id, "Store"), "memories/1"));
    expect(memories.map((item) => item.value).join(" ")).toContain("my name is Bob");
    await dc.stop();

    const stranger = await memoryAgent("2", "what is my name?", { stopOnEntry: true });
    await stopAfter(stranger.dc, () => stranger.dc.continueRequest({ threadId: 1 }));
    const [last] = await frames(stranger.dc);
    const answer = await evaluate(stranger.dc, "messages.at(-1).content", last!.id);
    expect(answer).toContain("I don't know your name yet");
    expect(answer).not.toContain("Bob");
  });

  it("steps a superstep, steps back, forks by stepping from the past, and forks with an edited answer", async () => {
    const { dc, first } = await memoryAgent("3", "Hi! Remember: my name is Bob", { stopOnEntry: true });
    expect(first.body?.reason).toBe("entry");
    const threadId = threadOf(session!.output);
    expect((await frames(dc)).map((frame) => frame.name)).toEqual(["step 0 · __start__", "step -1 · input"]);

    expect((await stopAfter(dc, () => dc.nextRequest({ threadId: 1 }))).body.reason).toBe("end");
    let stack = await frames(dc);
    expect(stack.map((frame) => frame.name)).toEqual(["step 1 · call_model", "step 0 · __start__", "step -1 · input"]);
    expect(named(await scope(dc, stack[0]!.id, "Writes"), "call_model").value).toContain("Got it");

    expect((await stopAfter(dc, () => dc.stepBackRequest({ threadId: 1 }))).body.reason).toBe("step");
    expect((await frames(dc))[0]!.name).toBe("step 0 · __start__");
    // Stepping from the past: the server replays from that checkpoint (a fork), call_model runs again.
    expect((await stopAfter(dc, () => dc.nextRequest({ threadId: 1 }))).body.reason).toBe("end");
    stack = await frames(dc);
    expect(stack.map((frame) => frame.name)).toEqual(["step 2 · call_model", "step 1 · __start__ (fork)", "step 0 · __start__", "step -1 · input"]);

    // Edit the answer: the server's updateState writes a new checkpoint on the fork.
    const messages = await children(dc, named(await scope(dc, stack[0]!.id, "State"), "messages"));
    const forked = dc.waitForEvent("stopped");
    await dc.setVariableRequest({ variablesReference: named(messages, "1").variablesReference, name: "content", value: '"Hello Bob, edited."' });
    expect((await forked).body.reason).toBe("fork");
    stack = await frames(dc);
    expect(stack[0]!.name).toBe("step 3 · call_model (edited)");
    expect(await evaluate(dc, "messages[1].content", stack[0]!.id)).toBe('"Hello Bob, edited."');
    expect(await evaluate(dc, "messages[1].content", stack[1]!.id)).toContain("Got it");

    // On the server: the edit is the thread's newest state, and the original answer is still in its history.
    const client = new Client({ apiUrl: memoryServer!.url, apiKey: null });
    const state = await client.threads.getState<{ messages: Array<{ content: string }> }>(threadId);
    expect(state.values.messages[1]!.content).toBe("Hello Bob, edited.");
    const history = await client.threads.getHistory<{ messages?: Array<{ content: string }> }>(threadId, { limit: 20 });
    expect(history.some((past) => past.values.messages?.[1]?.content.startsWith("Got it"))).toBe(true);

    // Attached again without input, the thread opens where it stands: at the edit.
    await dc.stop();
    const reopened = await start({ url: memoryServer!.url, graph: "agent", threadId, context: { userId: "3" } });
    expect(reopened.first.body?.reason).toBe("entry");
    expect((await frames(reopened.dc))[0]!.name).toBe("step 3 · call_model (edited)");
  });

  it("answers what a server cannot do with an error that says why", async () => {
    const { dc } = await memoryAgent("4", "hello", { stopOnEntry: true });
    await expect(dc.stepInRequest({ threadId: 1 })).rejects.toThrow(/Step Into is not possible when attached to the LangGraph server/);
    await expect(dc.customRequest("langgraph/storeHistory", { namespace: ["memories", "4"], key: "x" })).rejects.toThrow(/keeps no history/);
  });
});

describe("attach: the debug playground on a LangGraph server", () => {
  it("stops at each superstep, before a node when its condition holds, after a node, and at interrupt(), resumed from the Debug Console", async () => {
    const { dc, first } = await start(
      { url: playgroundServer!.url, graph: "playground", input: { topic: "time travel", requiredDrafts: 2 }, stopOnEntry: true },
      { functionBreakpoints: [{ name: "review", condition: "revision >= 2" }, { name: "after:polish" }] },
    );
    expect(first.body?.reason).toBe("entry");
    expect((await stopAfter(dc, () => dc.nextRequest({ threadId: 1 }))).body.reason).toBe("step");
    expect((await frames(dc))[0]!.name).toBe("step 1 · write_draft");

    // review runs once with revision 1 (the condition says no: the run goes on) and stops at revision 2.
    const hit = await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(hit.body.reason).toBe("function breakpoint");
    const [top] = await frames(dc);
    expect(top!.name).toBe("step 3 · write_draft");
    expect(await evaluate(dc, "revision", top!.id)).toBe("2");

    // After a node: the server stops once the polish subgraph's superstep has written.
    const afterPolish = await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(afterPolish.body.reason).toBe("function breakpoint");
    expect(afterPolish.body.hitBreakpointIds).toEqual([2]);
    expect((await frames(dc))[0]!.name).toBe("step 5 · polish");

    const waiting = await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(waiting.body.reason).toBe("interrupt");
    expect(waiting.body.description).toContain('Node "ask_human" called interrupt()');
    const end = await stopAfter(dc, () => dc.evaluateRequest({ expression: 'resume "My title"', context: "repl" }));
    expect(end.body.reason).toBe("end");
    const [last] = await frames(dc);
    expect(await evaluate(dc, "published", last!.id)).toBe(JSON.stringify("# My title\n\nTime travel (draft 2)."));
  });
});

describe("attach: Pause and Stop cancel the server's run", () => {
  it("pauses where the run stands, continues, and leaves no run going on the server after Stop", { timeout: 120_000 }, async () => {
    const client = new Client({ apiUrl: playgroundServer!.url, apiKey: null });
    session = await startAdapter();
    const { dc } = session;
    await attach(dc, { url: playgroundServer!.url, graph: "slow", input: {}, config: { recursionLimit: 5000 } });
    const threadId = threadOf(session!.output);
    const ticks = async () => ((await client.threads.getState<{ ticks?: number }>(threadId)).values.ticks ?? 0) as number;
    const running = async () => (await client.runs.list(threadId)).some((run) => run.status === "running" || run.status === "pending");
    await until(async () => (await ticks()) >= 2, "the slow graph has ticked twice");

    const paused = await stopAfter(dc, () => dc.pauseRequest({ threadId: 1 }));
    expect(paused.body.reason).toBe("pause");
    await until(async () => !(await running()), "the server's run is cancelled");
    const [top] = await frames(dc);
    expect(top!.name).toMatch(/^step \d+ · tick$/);
    const at = Number(await evaluate(dc, "ticks", top!.id));
    expect(at).toBeGreaterThanOrEqual(2);

    // Continue starts a new server run from where the pause left the thread.
    await dc.continueRequest({ threadId: 1 });
    await until(async () => (await ticks()) > at + 1, "the slow graph ticks again");
    await dc.stop();
    session = undefined;
    await until(async () => !(await running()), "Stop cancelled the server's run");
  });
});

describe("attach: an API key asked for when the server wants one", () => {
  const KEY = "s3cret";
  let proxy: Server | undefined;
  let adapter: NetServer | undefined;
  const engine = new SharedEngine();
  afterAll(async () => {
    await new Promise((resolve) => proxy?.close(resolve) ?? resolve(undefined));
    await new Promise((resolve) => adapter?.close(resolve) ?? resolve(undefined));
    await engine.dispose();
  });

  it("attaches with the key the editor gives after the server refused the request without one", async () => {
    // The memory agent's server behind a door that wants an x-api-key header, as a deployment does.
    const upstream = new URL(memoryServer!.url);
    proxy = createServer((request, response) => {
      if (request.headers["x-api-key"] !== KEY) return void response.writeHead(401, { "content-type": "application/json" }).end('{"detail":"Missing API key"}');
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, path: request.url, method: request.method, headers: request.headers },
        (answer) => {
          response.writeHead(answer.statusCode!, answer.headers);
          answer.pipe(response);
        },
      );
      request.pipe(forward);
    });
    await new Promise<void>((resolve) => proxy!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

    // The adapter as VS Code runs it inline, its withServerKey standing in for the SecretStorage glue (src/ui/debugAdapter.ts).
    const asked: string[] = [];
    adapter = createNetServer((socket) => {
      const graphSession = new GraphDebugSession({
        engines: (launch) => ({ engine: engine.get(launch.cwd), shared: true }),
        withServerKey: async (serverUrl, open) => {
          try {
            return await open(serverUrl);
          } catch (error) {
            if (!(error instanceof EngineRequestError) || error.code !== "dbAuthFailed") throw error;
            asked.push(serverUrl);
            return open(withSecret(serverUrl, KEY));
          }
        },
      });
      graphSession.setRunAsServer(true);
      graphSession.start(socket, socket);
    });
    await new Promise<void>((resolve) => adapter!.listen(0, "127.0.0.1", resolve));
    const dc = new DebugClient("node", "unused", "langgraph");
    dc.defaultTimeout = 20_000;
    await dc.start((adapter.address() as AddressInfo).port);
    session = { dc, output: [] };
    const entry = dc.waitForEvent("stopped");
    // `${env:…}` of an unset variable arrives as an empty apiKey: no key given.
    await attach(dc, {
      url,
      apiKey: "",
      graph: "agent",
      context: { userId: "5" },
      input: { messages: [{ role: "user", content: "hello" }] },
      stopOnEntry: true,
    });
    expect((await entry).body.reason).toBe("entry");
    expect(asked).toEqual([url]);
    expect((await stopAfter(dc, () => dc.nextRequest({ threadId: 1 }))).body.reason).toBe("end");
  });
});

describe("attach: errors", () => {
  async function attachFails(args: Record<string, unknown>): Promise<string> {
    session = await startAdapter();
    const failed = await session.dc.attachRequest({ type: "langgraph", request: "attach", ...args } as DebugProtocol.AttachRequestArguments).then(
      () => "",
      (error: Error) => error.message,
    );
    return failed;
  }

  it("names the server's graphs when the graph is not one of them", async () => {
    const message = await attachFails({ url: memoryServer!.url, graph: "agnet" });
    expect(message).toContain(`The LangGraph server ${memoryServer!.url} has no graph or assistant "agnet" (its graphs: agent)`);
  });

  it("says nothing answers when the server is down", async () => {
    const message = await attachFails({ url: `http://127.0.0.1:${await freePort()}`, graph: "agent" });
    expect(message).toMatch(/Cannot reach the LangGraph server http:\/\/127\.0\.0\.1:\d+: nothing answers at that (host and port|address)\./);
    expect(message).toContain('the attach configuration\'s "url"');
  });

  it("says the server wants an API key when it answers 401", async () => {
    const refusing: Server = createServer((_, response) => response.writeHead(401, { "content-type": "application/json" }).end('{"detail":"Missing API key"}'));
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    try {
      const message = await attachFails({ url: `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`, graph: "agent" });
      expect(message).toContain("refused the request (HTTP 401): it wants an API key");
    } finally {
      await new Promise((resolve) => refusing.close(resolve));
    }
  });

  it("says a server's thread ids are UUIDs when threadId is not one", async () => {
    const message = await attachFails({ url: memoryServer!.url, graph: "agent", threadId: "my-thread" });
    expect(message).toContain('has no thread "my-thread" and cannot make one with that id: its thread ids are UUIDs');
  });

  it("refuses a URL that is not http(s), naming the attribute", async () => {
    expect(await attachFails({ url: "postgres://localhost/db", graph: "agent" })).toContain(`"url" must be an http:// or https:// URL`);
  });
});
