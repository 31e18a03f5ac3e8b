// The Next scope: each pending task with its node and the input it will receive — the state
// for a regular node, the Send argument for a task a Send started — expanded lazily.

import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { children, frames, launch, named, playground, removeTempDirs, scope, startAdapter, stopAfter, tempDb, type Session } from "./helpers";

const sends = join(__dirname, "fixtures", "sends");
let session: Session | undefined;
afterEach(async () => {
  await session?.dc.stop();
  session = undefined;
});
afterAll(removeTempDirs);

async function start(args: Record<string, unknown>) {
  session = await startAdapter();
  const stopped = session.dc.waitForEvent("stopped");
  await launch(session.dc, { db: tempDb(), stopOnEntry: true, ...args });
  await stopped;
  return session.dc;
}

describe("Next scope", () => {
  it("shows a regular node's input: the state it will read", async () => {
    const dc = await start({ cwd: playground, graph: "playground", input: { topic: "time travel", requiredDrafts: 2 } });
    await stopAfter(dc, () => dc.nextRequest({ threadId: 1 }));
    const [top] = await frames(dc);
    const next = await scope(dc, top!.id, "Next");
    expect(next.map((task) => task.name)).toEqual(["review"]);
    const review = await children(dc, named(next, "review"));
    expect(named(review, "name").value).toBe('"review"');
    const input = named(review, "input");
    // Lazily: the input is a reference to expand, not inlined.
    expect(input.variablesReference).toBeGreaterThan(0);
    const fields = await children(dc, input);
    expect(named(fields, "draft").value).toBe('"time travel  (draft 1) "');
    expect(named(fields, "revision").value).toBe("1");
  });

  it("shows each Send task's own argument", async () => {
    const dc = await start({ cwd: sends, graph: "fanout", input: { topics: [" maps ", "reduce"] } });
    await stopAfter(dc, () => dc.nextRequest({ threadId: 1 }));
    const [top] = await frames(dc);
    expect(top!.name).toBe("step 1 · plan");
    const next = await scope(dc, top!.id, "Next");
    expect(next.map((task) => task.name)).toEqual(["summarise", "summarise #2"]);
    const inputs = await Promise.all(next.map(async (task) => children(dc, named(await children(dc, task), "input"))));
    expect(inputs.map((fields) => [named(fields, "topic").value, named(fields, "index").value])).toEqual([
      ['"maps"', "0"],
      ['"reduce"', "1"],
    ]);
  });
});
