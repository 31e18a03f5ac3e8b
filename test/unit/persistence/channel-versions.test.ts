// Channel versions and the values stored under them: versions that order as LangGraph compares
// them and that no two branches share, threads written with plain integer versions (by older
// versions of the saver) that still load, continue and fork safely, and a stored value that a
// put can never change.
import { afterEach, describe, expect, it } from "vitest";
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import { emptyCheckpoint, maxChannelVersion, uuid6 } from "@langchain/langgraph-checkpoint";
import type { RunnableConfig } from "@langchain/core/runnables";
import { nextChannelVersion } from "../../../src/persistence/channelVersions";
import type { WorkspaceDb } from "../../../src/persistence/index";
import { openWorkspaceDb } from "../../../src/persistence/index";
import { removeTempDirs, tempDbPath } from "./helpers";

afterEach(removeTempDirs);

describe("nextChannelVersion", () => {
  it("counts up by one with a fraction, and each version is greater than the one before", () => {
    const versions = [nextChannelVersion(undefined)];
    for (let i = 0; i < 11; i++) versions.push(nextChannelVersion(versions[versions.length - 1]));
    expect(versions.map(Math.floor)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    for (let i = 1; i < versions.length; i++) {
      expect(versions[i] > versions[i - 1]).toBe(true);
      expect(maxChannelVersion(versions[i - 1], versions[i])).toBe(versions[i]);
    }
  });

  it("gives forks of the same checkpoint different versions, none the integer an earlier saver wrote", () => {
    const forks = new Set(Array.from({ length: 1000 }, () => nextChannelVersion(5)));
    expect(forks.size).toBe(1000);
    for (const version of forks) expect(version > 6 && version < 7).toBe(true);
  });

  it("refuses a version another checkpointer wrote as a string, naming it", () => {
    const pythonStyle = "00000000000000000000000000000005.0.4821";
    expect(() => nextChannelVersion(pythonStyle as unknown as number)).toThrow(/Channel version "0+5\.0\.4821" is not one the workspace checkpointer writes/);
  });
});

describe("a stored channel value", () => {
  const config = { configurable: { thread_id: "t", checkpoint_ns: "" } };
  const metadata = { source: "input" as const, step: -1, parents: {} };

  async function putSaying(db: WorkspaceDb, said: string, version: number): Promise<RunnableConfig> {
    const checkpoint = { ...emptyCheckpoint(), id: uuid6(-1), channel_values: { said }, channel_versions: { said: version } };
    return db.checkpointer.put(config, checkpoint, metadata, { said: version });
  }

  it("is never overwritten by a put that reuses its version with another value", async () => {
    const db = await openWorkspaceDb({ path: tempDbPath() });
    const first = await putSaying(db, "original", 3);

    await expect(putSaying(db, "rewritten", 3)).rejects.toMatchObject({
      name: "WorkspaceDbError",
      code: "DB_INVALID_INPUT",
      message: expect.stringMatching(/thread "t" \(checkpoint_ns ""\) already holds a different value for channel "said" at version 3/),
    });
    expect((await db.checkpointer.getTuple(first))?.checkpoint.channel_values.said).toBe("original");
    await db.close();
  });

  it("may be put again under its version when the value is the same", async () => {
    const db = await openWorkspaceDb({ path: tempDbPath() });
    await putSaying(db, "same", 3);
    const again = await putSaying(db, "same", 3);
    expect((await db.checkpointer.getTuple(again))?.checkpoint.channel_values.said).toBe("same");
    await db.close();
  });
});

describe("a thread written with plain integer versions", () => {
  const State = Annotation.Root({
    said: Annotation<string[]>({ reducer: (left, right) => left.concat(right), default: () => [] }),
  });
  const say = (word: string) => (state: typeof State.State) => ({ said: [`${word} after ${state.said.length}`] });
  const thread = { configurable: { thread_id: "old" } };

  function compile(db: WorkspaceDb) {
    return new StateGraph(State)
      .addNode("one", say("one"))
      .addNode("two", say("two"))
      .addNode("three", say("three"))
      .addEdge(START, "one")
      .addEdge("one", "two")
      .addEdge("two", "three")
      .addEdge("three", END)
      .compile({ checkpointer: db.checkpointer });
  }

  async function tuplesOf(db: WorkspaceDb): Promise<Map<string, string>> {
    const tuples = new Map<string, string>();
    for await (const tuple of db.checkpointer.list(thread)) tuples.set(tuple.checkpoint.id, JSON.stringify(tuple.checkpoint));
    return tuples;
  }

  it("loads, forks and continues without changing what its checkpoints show", async () => {
    const path = tempDbPath();
    const older = await openWorkspaceDb({ path });
    // What this saver did before it made its own versions: LangGraph's default, current + 1.
    older.checkpointer.getNextVersion = (current) => (typeof current === "number" ? current + 1 : 1);
    await compile(older).invoke({ said: ["hi"] }, thread);
    await older.close();

    const db = await openWorkspaceDb({ path });
    const graph = compile(db);
    const before = await tuplesOf(db);
    const latest = await db.checkpointer.getTuple(thread);
    expect(Object.values(latest!.checkpoint.channel_versions).every(Number.isInteger)).toBe(true);

    let afterOne: RunnableConfig | undefined;
    for await (const snapshot of graph.getStateHistory(thread)) if (snapshot.metadata?.step === 1) afterOne = snapshot.config;
    const fork = await graph.updateState(afterOne!, { said: ["edited"] });
    const forkEnd = await graph.invoke(null, fork);
    const continued = await graph.invoke({ said: ["more"] }, thread);

    const now = await tuplesOf(db);
    for (const [id, checkpoint] of before) expect(now.get(id), `checkpoint ${id}`).toBe(checkpoint);
    expect(forkEnd.said).toEqual(["hi", "one after 1", "edited", "two after 3", "three after 4"]);
    expect(continued.said).toEqual([...forkEnd.said, "more", "one after 6", "two after 7", "three after 8"]);
    const forkVersions = Object.values((await db.checkpointer.getTuple(thread))!.checkpoint.channel_versions);
    expect(forkVersions.some((version) => !Number.isInteger(version))).toBe(true);
    await db.close();
  });
});
