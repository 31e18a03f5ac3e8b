// Debug Console expressions that attack the engine rather than read the state: a thrown Proxy
// whose getters loop, a rejected promise whose value hangs whoever inspects it. Each fails with
// a message, and the engine answers the next expression.

import { join } from "node:path";
import { afterAll, afterEach, expect, it } from "vitest";
import { evaluate, frames, launch, processAlive, removeTempDirs, SharedEngine, startSharedAdapter, tempDb, type Session } from "./helpers";

const fixture = join(__dirname, "fixtures", "stray");

let session: Session | undefined;
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await session?.dc.stop().catch(() => undefined);
  session = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
afterAll(removeTempDirs);

it("a hostile expression in the Debug Console fails with a message and the engine answers the next one", async () => {
  const engine = new SharedEngine();
  const adapter = await startSharedAdapter(engine);
  cleanups.push(
    () => new Promise((resolve) => adapter.server.close(resolve)),
    () => engine.dispose(),
  );
  session = await adapter.connect();
  const { dc } = session;
  const stopped = dc.waitForEvent("stopped");
  await launch(dc, { cwd: fixture, graph: "fine", db: tempDb(), stopOnEntry: true });
  await stopped;
  const [top] = await frames(dc);

  await expect(evaluate(dc, "(() => { throw new Proxy({}, { get() { while (true) {} } }) })()", top!.id, "repl")).rejects.toThrow("ran longer than 250 ms");
  // Answered at once; the engine would hang later, inspecting the reason of the unhandled rejection.
  expect(await evaluate(dc, 'Promise.reject({ [Symbol.for("nodejs.util.inspect.custom")]() { while (true) {} } })', top!.id, "repl")).toBe("{}");
  expect(await evaluate(dc, "(globalThis.planted = 41, planted + 1)", top!.id, "repl")).toBe("42");

  expect(await evaluate(dc, "typeof planted", top!.id, "repl")).toBe('"undefined"');
  expect(await evaluate(dc, "[1, 2].map((n) => n * 2)", top!.id, "repl")).toBe("(2) [2, 4]");
  expect(processAlive(engine.pids[0]!)).toBe(true);
});
