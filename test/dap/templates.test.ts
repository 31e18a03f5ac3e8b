// LangGraph's JS templates under the debugger, over real DAP: test/fixtures/templates reproduces
// their patterns (new-langgraphjs-project, react-agent-js, memory-agent-js; the templates
// themselves cannot be downloaded here). Each launches, steps superstep by superstep to its end
// offline; a model that needs a key, or an API 1.x removed, stops with a message saying what to do.
import { join } from "node:path";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { children, evaluate, frames, launch, named, removeTempDirs, scope, sessionPool, stopAfter, tempDb } from "./helpers";

const templates = join(__dirname, "..", "fixtures", "templates");
const pool = sessionPool();
afterEach(() => pool.release());
afterAll(removeTempDirs);
beforeAll(() => {
  // The engine inherits this environment: what a fresh clone without keys sees is under test.
  delete process.env.ANTHROPIC_API_KEY;
});

async function start(template: string, args: Record<string, unknown>) {
  const { dc } = await (await pool.shared()).connect();
  const stopped = dc.waitForEvent("stopped") as Promise<DebugProtocol.StoppedEvent>;
  await launch(dc, { cwd: join(templates, template), db: tempDb(), stopOnEntry: true, ...args });
  return { dc, entry: await stopped };
}

/** Steps over supersteps until the run ends, returning the top frame's name (step · next nodes) at each stop. */
async function stepToEnd(dc: Awaited<ReturnType<typeof start>>["dc"]): Promise<string[]> {
  const ran: string[] = [];
  for (let step = 0; step < 10; step++) {
    const stopped = await stopAfter(dc, () => dc.nextRequest({ threadId: 1 }));
    ran.push((await frames(dc))[0]!.name);
    if (stopped.body.reason === "end") return ran;
    expect(stopped.body.reason).toBe("step");
  }
  throw new Error(`no end after ${ran.length} steps: ${ran.join(", ")}`);
}

const ask = (content: string) => ({ messages: [{ role: "user", content }] });

describe("LangGraph templates under the debugger", () => {
  it("starter: steps the graph from entry to its end", async () => {
    const { dc, entry } = await start("starter", { graph: "agent", input: ask("hi") });
    expect(entry.body.reason).toBe("entry");
    expect(await stepToEnd(dc)).toEqual(["step 1 · callModel"]);
    const [top] = await frames(dc);
    expect(await evaluate(dc, "messages.at(-1).content", top!.id)).toBe(JSON.stringify("Hello! 1 message(s) so far."));
  });

  it("react agent: a model chosen by config.configurable calls a ToolNode tool", async () => {
    const { dc } = await start("react-agent", { graph: "agent", input: ask("add 2 and 3"), config: { configurable: { model: "offline/stand-in" } } });
    expect(await stepToEnd(dc)).toEqual(["step 1 · callModel", "step 2 · tools", "step 3 · callModel"]);
    const [top] = await frames(dc);
    expect(await evaluate(dc, "messages.map((m) => m.content)", top!.id)).toBe(`(4) ["add 2 and 3", "", "5", "The sum is 5."]`);
  });

  it("react agent: the template's default model without its key says which variable, in which .env", async () => {
    const { dc } = await start("react-agent", { graph: "agent", input: ask("add 2 and 3") });
    const stopped = await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(stopped.body.reason).toBe("exception");
    expect(stopped.body.description).toBe(
      `Node "callModel" threw: Anthropic API key not found. ANTHROPIC_API_KEY is not set. Add the line ANTHROPIC_API_KEY=<your key> to ${join(templates, "react-agent", ".env")} (it does not exist yet: create it), the env file ${join(templates, "react-agent", "langgraph.json")} names, or set it under "env" in the launch configuration; then try again.`,
    );
  });

  it("memory agent: the store reached through config.store keeps the memory a tool saved", async () => {
    const { dc } = await start("memory-agent", { graph: "agent", input: ask("remember I like tea"), config: { configurable: { userId: "u1" } } });
    expect(await stepToEnd(dc)).toEqual(["step 1 · call_model", "step 2 · store_memory", "step 3 · call_model"]);
    const [top] = await frames(dc);
    const [memory] = await children(dc, named(await scope(dc, top!.id, "Store"), "memories/u1"));
    expect(named(await children(dc, memory!), "content").value).toBe(JSON.stringify("I like tea"));
  });

  it("memory agent as written for 0.x: names the removed Runnable.bind() and its replacement", async () => {
    const { dc } = await start("memory-agent", { graph: "legacy", input: ask("hi") });
    const stopped = await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    expect(stopped.body.reason).toBe("exception");
    expect(stopped.body.description).toBe(
      'Node "call_model" threw: TypeError: llm.bind is not a function. The graph\'s code uses Runnable.bind() (removed in @langchain/core 1.0), which LangChain.js 1.x (what the debugger runs on) no longer has: use model.bindTools(tools, { tool_choice: "auto" }) to give a chat model its tools, or .withConfig({ … }) for other call options.',
    );
  });
});
