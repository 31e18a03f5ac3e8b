// The recursion limit: the playground's write_draft → review loop under a launch
// `config.recursionLimit` it cannot finish in. LangGraph raises GraphRecursionError; the session
// says so clearly and stops on it (the "Node errors" filter) or ends with it (filter off).

import { afterAll, afterEach, describe, expect, it } from "vitest";
import { frames, launch, playground, removeTempDirs, startAdapter, tempDb, type Session } from "./helpers";

let session: Session | undefined;
afterEach(async () => {
  await session?.dc.stop();
  session = undefined;
});
afterAll(removeTempDirs);

const looping = { cwd: playground, graph: "playground", input: { topic: "loops", requiredDrafts: 5 }, config: { recursionLimit: 3 } };

describe("recursion limit", () => {
  it("stops on GraphRecursionError with a clear message when the node-errors filter is on", async () => {
    session = await startAdapter();
    const { dc } = session;
    const stopped = dc.waitForEvent("stopped");
    await launch(dc, { ...looping, db: tempDb() });
    const event = await stopped;
    expect(event.body.reason).toBe("exception");
    expect(event.body.description).toContain("The run reached the recursion limit: GraphRecursionError: Recursion limit of 3 reached");
    expect(event.body.description).toContain('Raise "recursionLimit" under "config"');
    // Stopped at the last checkpoint the run wrote, still inside the loop.
    const [top] = await frames(dc);
    expect(top!.name).toMatch(/^step \d+ · (write_draft|review)$/);
  });

  it("ends the session with the message when the filter is off", async () => {
    session = await startAdapter();
    const { dc } = session;
    const terminated = dc.waitForEvent("terminated");
    await launch(dc, { ...looping, db: tempDb() }, { exceptionFilters: ["interrupts"] });
    await terminated;
    expect(session.output.join("")).toContain("The run reached the recursion limit: GraphRecursionError: Recursion limit of 3 reached");
  });
});
