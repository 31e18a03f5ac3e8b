// What a session's run prints reaches that session's Debug Console: streamed LLM tokens as
// output events, one per token, while the run itself carries no callback handler
// (src/engine/session/tokenRouting.ts hands it to models only); and console output of nodes,
// which on a shared engine stays with the session that printed it (consoleRouting.ts).

import type { DebugProtocol } from "@vscode/debugprotocol";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { launch, memoryAgent, removeTempDirs, SharedEngine, startAdapter, startSharedAdapter, tempDb, type Session } from "./helpers";

let session: Session | undefined;
afterEach(async () => {
  await session?.dc.stop();
  session = undefined;
});
afterAll(removeTempDirs);

describe("streamed LLM tokens", () => {
  it("prints the stand-in model's reply token by token as stdout output, then ends the line", async () => {
    session = await startAdapter();
    const stdout: string[] = [];
    session.dc.on("output", (event: DebugProtocol.OutputEvent) => {
      if (event.body.category === "stdout") stdout.push(event.body.output);
    });
    const terminated = session.dc.waitForEvent("terminated");
    await launch(session.dc, {
      cwd: memoryAgent,
      graph: "agent",
      db: tempDb(),
      threadId: "1",
      context: { userId: "1" },
      input: { messages: [{ role: "user", content: "Hi! Remember: I like tea" }] },
    });
    await terminated;
    expect(stdout.join("")).toBe("Got it. I will remember that: I like tea.\n");
    // Token by token, not one message at the end.
    expect(stdout.length).toBeGreaterThan(3);
  });

  it("prints a streamed tool call once, complete, not its argument fragments as answer text", async () => {
    session = await startAdapter();
    const stdout: string[] = [];
    session.dc.on("output", (event: DebugProtocol.OutputEvent) => {
      if (event.body.category === "stdout") stdout.push(event.body.output);
    });
    const terminated = session.dc.waitForEvent("terminated");
    await launch(session.dc, {
      cwd: join(__dirname, "fixtures", "toolcalls"),
      graph: "caller",
      db: tempDb(),
      input: { messages: [{ role: "user", content: "I like green tea" }] },
    });
    await terminated;
    expect(stdout.join("")).toBe("Saving that. \n");
    expect(session.output.join("")).toContain('Saving that. \n→ tool upsertMemory({"content":"likes green tea","context":"said so"})\n');
  });

  it("keeps two sessions' tokens apart on one engine", async () => {
    const shared = new SharedEngine();
    const adapter = await startSharedAdapter(shared);
    const sessions = [await adapter.connect(), await adapter.connect()];
    try {
      const stdout = sessions.map(() => [] as string[]);
      sessions.forEach((each, index) =>
        each.dc.on("output", (event: DebugProtocol.OutputEvent) => {
          if (event.body.category === "stdout") stdout[index]!.push(event.body.output);
        }),
      );
      const db = tempDb();
      const contents = ["Hi! Remember: I like tea", "Hi! Remember: I like coffee"];
      const ended = sessions.map((each) => each.dc.waitForEvent("terminated"));
      await Promise.all(
        sessions.map((each, index) =>
          launch(each.dc, {
            cwd: memoryAgent,
            graph: "agent",
            db,
            threadId: `t${index}`,
            context: { userId: `u${index}` },
            input: { messages: [{ role: "user", content: contents[index] }] },
          }),
        ),
      );
      await Promise.all(ended);
      expect(stdout[0]!.join("")).toBe("Got it. I will remember that: I like tea.\n");
      expect(stdout[1]!.join("")).toBe("Got it. I will remember that: I like coffee.\n");
    } finally {
      for (const each of sessions) await each.dc.stop();
      adapter.server.close();
      await shared.dispose();
    }
  });
});

describe("console output of nodes", () => {
  const printer = join(__dirname, "fixtures", "console");

  it("stays with the session that printed it when two sessions share an engine", async () => {
    const shared = new SharedEngine();
    const adapter = await startSharedAdapter(shared);
    const sessions = [await adapter.connect(), await adapter.connect()];
    try {
      const streams = sessions.map(() => ({ stdout: [] as string[], stderr: [] as string[] }));
      sessions.forEach((each, index) =>
        each.dc.on("output", (event: DebugProtocol.OutputEvent) => {
          const category = event.body.category as "stdout" | "stderr";
          if (category === "stdout" || category === "stderr") streams[index]![category].push(event.body.output);
        }),
      );
      const db = tempDb();
      const ended = sessions.map((each) => each.dc.waitForEvent("terminated"));
      await Promise.all(sessions.map((each, index) => launch(each.dc, { cwd: printer, graph: "printer", db, threadId: `thread-${index}`, input: {} })));
      await Promise.all(ended);
      for (const [index, { stdout, stderr }] of streams.entries()) {
        const other = `thread-${1 - index}`;
        expect(stdout.join("")).toContain(`say: hello from thread-${index}\n`);
        // Printed from a timer the node started, over two lines: still this session's.
        expect(stdout.join("")).toContain(`say: later from thread-${index}\n`);
        expect(stdout.join("")).toContain(`second line from thread-${index}\n`);
        expect(stderr.join("")).toContain(`say: a warning from thread-${index}\n`);
        expect([...stdout, ...stderr].join("")).not.toContain(other);
        // The tag that carries the session never shows.
        expect([...stdout, ...stderr].join("")).not.toContain("\u001e");
      }
    } finally {
      for (const each of sessions) await each.dc.stop();
      adapter.server.close();
      await shared.dispose();
    }
  });
});
