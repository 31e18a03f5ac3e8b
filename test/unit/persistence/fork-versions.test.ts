// Forks (updateState, replay from a past checkpoint, a fork of a fork, a fork inside a subgraph)
// must leave every checkpoint of the branch they fork from exactly as it was: channel values are
// stored once per channel version, so a fork that reused the original branch's versions would
// rewrite what the original branch shows.
import { afterEach, beforeEach, expect, it } from "vitest";
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { WorkspaceDb } from "../../../src/persistence/index";
import { openWorkspaceDb } from "../../../src/persistence/index";
import { removeTempDirs, tempDbPath } from "./helpers";

const State = Annotation.Root({
  // Appends what was not said yet: a subgraph hands its whole state back to its parent.
  said: Annotation<string[]>({ reducer: (left, right) => left.concat(right.filter((word) => !left.includes(word))), default: () => [] }),
  last: Annotation<string>,
});

function saying(word: string) {
  return (state: typeof State.State) => ({ said: [`${word} after ${state.said.length}`], last: word });
}

// Like a model, "act" answers differently each time it runs, so a replay writes new values.
let actRuns = 0;
function act(state: typeof State.State) {
  actRuns++;
  return { said: [`act #${actRuns} after ${state.said.length}`], last: "act" };
}

const inner = new StateGraph(State)
  .addNode("think", saying("think"))
  .addNode("check", saying("check"))
  .addEdge(START, "think")
  .addEdge("think", "check")
  .addEdge("check", END)
  .compile();

function compileOuter(db: WorkspaceDb) {
  return new StateGraph(State)
    .addNode("plan", saying("plan"))
    .addNode("sub", inner)
    .addNode("act", act)
    .addNode("finish", saying("finish"))
    .addEdge(START, "plan")
    .addEdge("plan", "sub")
    .addEdge("sub", "act")
    .addEdge("act", "finish")
    .addEdge("finish", END)
    .compile({ checkpointer: db.checkpointer });
}

type Graph = ReturnType<typeof compileOuter>;

/**
 * Every checkpoint of the thread, in every namespace, as getTuple returns it (JSON), by "ns id".
 * Pending writes are kept apart: LangGraph's updateState adds the edit's writes to the checkpoint
 * it forks from (that is LangGraph's doing, and leaves its values alone).
 */
async function snapshotThread(db: WorkspaceDb, thread: string): Promise<Map<string, { tuple: string; writes: string[] }>> {
  const snapshot = new Map<string, { tuple: string; writes: string[] }>();
  for await (const listed of db.checkpointer.list({ configurable: { thread_id: thread } })) {
    const { pendingWrites, ...tuple } = (await db.checkpointer.getTuple(listed.config))!;
    const writes = (pendingWrites ?? []).map((write) => JSON.stringify(write));
    snapshot.set(`${listed.config.configurable?.checkpoint_ns} ${listed.checkpoint.id}`, { tuple: JSON.stringify(tuple), writes });
  }
  return snapshot;
}

function expectUnchanged(before: Map<string, { tuple: string; writes: string[] }>, now: Map<string, { tuple: string; writes: string[] }>): void {
  for (const [key, { tuple, writes }] of before) {
    expect(now.get(key)?.tuple, `checkpoint ${key}`).toBe(tuple);
    expect(now.get(key)?.writes.slice(0, writes.length), `pending writes of checkpoint ${key}`).toEqual(writes);
  }
}

/** The checkpoint at `step` on the branch that ends at `config`. */
async function checkpointAtStep(db: WorkspaceDb, config: RunnableConfig, step: number): Promise<RunnableConfig> {
  for (let at = await db.checkpointer.getTuple(config); at !== undefined; at = at.parentConfig && (await db.checkpointer.getTuple(at.parentConfig))) {
    if (at.metadata?.step === step) return at.config;
  }
  throw new Error(`no checkpoint at step ${step}`);
}

let db: WorkspaceDb;
let graph: Graph;
let original: Map<string, { tuple: string; writes: string[] }>;
const thread = { configurable: { thread_id: "forks" } };

beforeEach(async () => {
  actRuns = 0;
  db = await openWorkspaceDb({ path: tempDbPath() });
  graph = compileOuter(db);
  await graph.invoke({ said: ["hello"] }, thread);
  original = await snapshotThread(db, "forks");
});

afterEach(async () => {
  await db.close();
  removeTempDirs();
});

async function expectOriginalUnchanged(): Promise<void> {
  expectUnchanged(original, await snapshotThread(db, "forks"));
}

const originalEnd = ["hello", "plan after 1", "think after 2", "check after 3", "act #1 after 4", "finish after 5"];

it("runs the original branch to its end", async () => {
  expect((await graph.getState(thread)).values.said).toEqual(originalEnd);
  expect([...original.keys()].some((key) => key.startsWith("sub:"))).toBe(true);
});

it("an edit at a middle checkpoint, run to the end, leaves the original branch as it was", async () => {
  const middle = await checkpointAtStep(db, thread, 1);
  const fork = await graph.updateState(middle, { said: ["edited"], last: "edited" });
  await graph.invoke(null, fork);

  await expectOriginalUnchanged();
  const forkEnd = (await graph.getState(thread)).values;
  // The edit counts as plan's, so the fork runs the subgraph again.
  expect(forkEnd.said).toEqual(["hello", "plan after 1", "edited", "think after 3", "check after 4", "act #2 after 5", "finish after 6"]);
  expect(forkEnd.last).toBe("finish");
});

it("continuing from a past checkpoint (replay) leaves the original branch as it was", async () => {
  const past = await checkpointAtStep(db, thread, 0);
  await graph.invoke(null, past);

  await expectOriginalUnchanged();
  expect((await graph.getState(thread)).values.said).toEqual([...originalEnd.slice(0, 4), "act #2 after 4", "finish after 5"]);
});

it("a fork of a fork leaves both the original branch and the first fork as they were", async () => {
  const first = await graph.updateState(await checkpointAtStep(db, thread, 1), { said: ["first edit"] });
  const firstEnd = await graph.invoke(null, first);
  const firstBranch = await snapshotThread(db, "forks");

  const second = await graph.updateState(await checkpointAtStep(db, (await graph.getState(thread)).config, 3), { said: ["second edit"] });
  await graph.invoke(null, second);

  await expectOriginalUnchanged();
  expectUnchanged(firstBranch, await snapshotThread(db, "forks"));
  const firstSaid = ["hello", "plan after 1", "first edit", "think after 3", "check after 4"];
  expect(firstEnd.said).toEqual([...firstSaid, "act #2 after 5", "finish after 6"]);
  expect((await graph.getState(thread)).values.said).toEqual([...firstSaid, "second edit", "act #3 after 6", "finish after 7"]);
});

it("an edit inside the subgraph leaves the original branch (subgraph checkpoints included) as it was", async () => {
  // The subgraph's checkpoint between its two nodes, as a debugger stopped inside it shows it.
  let between: RunnableConfig | undefined;
  for await (const tuple of db.checkpointer.list(thread)) {
    if (tuple.config.configurable?.checkpoint_ns.startsWith("sub:") && tuple.metadata?.step === 1) between = tuple.config;
  }
  if (between === undefined) throw new Error("no subgraph checkpoint after its first node");
  const fork = await graph.updateState(between, { said: ["sub edit"], last: "sub edit" });

  await expectOriginalUnchanged();
  expect(fork.configurable?.checkpoint_ns).toBe(between.configurable?.checkpoint_ns);
  const forked = await db.checkpointer.getTuple(fork);
  expect(forked?.checkpoint.channel_values.said).toEqual(["hello", "plan after 1", "think after 2", "sub edit"]);
});
