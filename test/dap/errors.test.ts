// What a user sees when something is wrong: a bad launch configuration, an unknown graph, a
// context the graph's schema rejects, a node that throws, an expression that tries to reach
// outside its sandbox. Each must be a clear message, and the adapter must keep working.

import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  evaluate,
  frames,
  launch,
  memoryAgent,
  playground,
  removeTempDirs,
  scope,
  SharedEngine,
  startAdapter,
  startSharedAdapter,
  stopAfter,
  tempDb,
  type Session,
} from "./helpers";

let session: Session | undefined;
afterEach(async () => {
  await session?.dc.stop();
  session = undefined;
});
afterAll(removeTempDirs);

async function launchError(args: Record<string, unknown>): Promise<string> {
  session = await startAdapter();
  const error = await session.dc.launch({ type: "langgraph", request: "launch", ...args }).then(
    () => undefined,
    (caught: Error) => caught.message,
  );
  if (error === undefined) throw new Error("the launch was expected to fail");
  return error;
}

describe("launch errors", () => {
  it("names the missing attribute", async () => {
    expect(await launchError({ cwd: playground })).toBe(
      'The launch configuration\'s "graph" is required: the graph id from langgraph.json "graphs", e.g. "agent".',
    );
  });

  it("refuses a value of the wrong type before anything runs, naming the attribute", async () => {
    const db = tempDb();
    const wrong = [
      [{ stopOnEntry: "yes" }, '"stopOnEntry" must be true or false.'],
      [{ config: { recursionLimit: "50" } }, '"config.recursionLimit" must be a number.'],
      [{ env: { OPENAI_MODEL: 4 } }, '"env.OPENAI_MODEL" must be a string.'],
      [{ env: "OPENAI_MODEL=x" }, '"env" must map variable names to strings, e.g. { "OPENAI_MODEL": "gpt-4o-mini" }.'],
      [{ storeHistory: -1 }, '"storeHistory" must be 0 or more (0 keeps none).'],
      [{ storeHistory: 2.5 }, '"storeHistory" must be a whole number of versions (0 keeps none).'],
    ] as const;
    for (const [attributes, message] of wrong) {
      expect(await launchError({ cwd: playground, graph: "playground", db, ...attributes })).toBe(`The launch configuration's ${message}`);
      await session?.dc.stop();
      session = undefined;
    }
    expect(existsSync(db)).toBe(false);
  });

  it("warns about attributes it does not know, naming the closest known one", async () => {
    session = await startAdapter();
    const { dc } = session;
    const stopped = dc.waitForEvent("stopped");
    // VS Code's own attributes (name, presentation, __sessionId…) are not warned about.
    await launch(dc, {
      cwd: playground,
      graph: "playground",
      db: tempDb(),
      stopOnEntry: true,
      threadID: "t1",
      inputs: {},
      recordCalls: true,
      name: "x",
      presentation: { hidden: false },
      __sessionId: "s",
    });
    await stopped;
    const warnings = session.output
      .join("")
      .split("\n")
      .filter((line) => line.includes("is not a launch attribute"));
    expect(warnings).toEqual([
      'LangGraph: "threadID" is not a launch attribute and is ignored; did you mean "threadId"?',
      'LangGraph: "inputs" is not a launch attribute and is ignored; did you mean "input"?',
      'LangGraph: "recordCalls" is not a launch attribute and is ignored; the LangGraph launch attributes are graph, input, threadId, checkpointId, context, config, stopOnEntry, db, storeHistory, env, cwd, configFile, nodePath, rerunStore, replay, modelPrices, debugUserCode.',
    ]);
  });

  it("names the graphs langgraph.json has when the graph id is wrong", async () => {
    const message = await launchError({ cwd: playground, graph: "playgorund", db: tempDb() });
    expect(message).toContain('names no graph "playgorund" (it names: playground, failing)');
  });

  it("says where langgraph.json was looked for", async () => {
    const message = await launchError({ cwd: playground, configFile: "missing/langgraph.json", graph: "playground", db: tempDb() });
    expect(message).toContain("No LangGraph configuration file at");
    expect(message).toContain("missing/langgraph.json");
  });

  it("rejects a context the graph's context schema does not accept", async () => {
    const message = await launchError({ cwd: memoryAgent, graph: "agent", db: tempDb(), context: { userId: 5 }, input: { messages: [] } });
    expect(message).toContain('The launch "context" does not match the context schema of graph "agent"');
    expect(message).toContain("userId: Invalid input: expected string, received number");
  });
});

describe("a workspace whose dependencies are not installed", () => {
  it("says to install them, naming the folder and the package manager; after the install the graph loads on the same engine", async () => {
    const project = mkdtempSync(join(tmpdir(), "langgraph-no-install-"));
    const shared = new SharedEngine();
    const adapter = await startSharedAdapter(shared);
    try {
      cpSync(memoryAgent, project, { recursive: true, filter: (source) => !source.includes("node_modules") && !source.includes(".langgraph") });
      writeFileSync(join(project, "package-lock.json"), "{}");
      const args = { cwd: project, graph: "agent", db: tempDb(), input: { messages: [{ role: "user", content: "Hi" }] }, context: { userId: "1" } };
      session = await adapter.connect();
      const message = await session.dc.launch({ type: "langgraph", request: "launch", ...args }).then(
        () => "launched",
        (caught: Error) => caught.message,
      );
      expect(message).toContain(
        `imports "@langchain/langgraph", which is not installed: the dependencies in ${join(project, "package.json")} have not been installed.`,
      );
      expect(message).toContain(`Run "npm install" in ${project}`);
      await session.dc.stop();

      // What `npm install` leaves behind, without the network: the packages in node_modules.
      symlinkSync(join(memoryAgent, "..", "..", "node_modules"), join(project, "node_modules"), "dir");
      session = await adapter.connect();
      const ended = session.dc.waitForEvent("terminated");
      await launch(session.dc, args);
      await ended;
      expect(session.output.join("")).toContain(`graph "agent" on thread`);
      expect(shared.pids).toHaveLength(1);
    } finally {
      await session?.dc.stop();
      session = undefined;
      adapter.server.close();
      await shared.dispose();
      rmSync(project, { recursive: true, force: true });
    }
  });
});

describe("node errors", () => {
  it("stops at the failing node with its message, and the checkpoint before it can be inspected", async () => {
    session = await startAdapter();
    const { dc } = session;
    const stopped = dc.waitForEvent("stopped");
    await launch(dc, { cwd: playground, graph: "failing", db: tempDb() });
    const event = await stopped;
    expect(event.body.reason).toBe("exception");
    expect(event.body.description).toContain('Node "explode" threw: explode failed on purpose');
    const info = await dc.exceptionInfoRequest({ threadId: 1 });
    expect(info.body.description).toContain("explode failed on purpose");
    const [top] = await frames(dc);
    expect(top!.name).toBe("step 1 · prepare");
    expect(await evaluate(dc, "count", top!.id)).toBe("1");
    const next = await scope(dc, top!.id, "Next");
    expect(next.find((variable) => variable.name === "explode")?.value).toContain("error");
  });

  it("ends the session with the error when the node-errors filter is off", async () => {
    session = await startAdapter();
    const { dc } = session;
    const terminated = dc.waitForEvent("terminated");
    await launch(dc, { cwd: playground, graph: "failing", db: tempDb() }, { exceptionFilters: ["interrupts"] });
    await terminated;
    expect(session.output.join("")).toContain('Node "explode" threw: explode failed on purpose');
  });
});

describe("sandboxed expressions", () => {
  it("cannot reach the machine or change the state", async () => {
    session = await startAdapter();
    const { dc } = session;
    const stopped = dc.waitForEvent("stopped");
    await launch(dc, { cwd: playground, graph: "playground", db: tempDb(), stopOnEntry: true });
    await stopped;
    const [top] = await frames(dc);
    await expect(evaluate(dc, "process.exit(1)", top!.id)).rejects.toThrow("process is not defined");
    await expect(evaluate(dc, "require('fs')", top!.id)).rejects.toThrow("require is not defined");
    await expect(evaluate(dc, "this.constructor.constructor('return process')()", top!.id)).rejects.toThrow("Code generation from strings disallowed");
    await expect(evaluate(dc, "(() => { while (true) {} })()", top!.id)).rejects.toThrow("ran longer than");
    await evaluate(dc, "(state.topic = 'changed', topic)", top!.id);
    expect(await evaluate(dc, "topic", top!.id)).toBe('"time travel"');
    // The engine still answers after all that.
    const step = await stopAfter(dc, () => dc.nextRequest({ threadId: 1 }));
    expect(step.body.reason).toBe("step");
  });
});
