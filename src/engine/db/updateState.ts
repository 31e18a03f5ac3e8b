// `db/updateState` on any backend: fork with edited state without a debug session
// (the debugger view on a thread no session runs). It loads the user's graph as `session/open`
// does, attaches the backend's checkpointer and store (for the workspace database the engine
// is the file's single writer, and the views' lease keeps it open), and makes the same State edit a session makes
// (session/stateEdits.ts forkWithEditedState): updateState as the node that wrote the
// checkpoint, a message replaced by its id, a subgraph's checkpoint in its namespace.

import type { BaseCheckpointSaver, BaseStore } from "@langchain/langgraph-checkpoint";
import type { DbUpdateStateParams } from "../../protocol/engine";
import type { WorkspaceDb } from "../../persistence";
import type { GraphConfig } from "../graphConfig";
import { loadGraph } from "../graphLoader";
import type { Plain } from "../session/plainValue";
import { SnapshotReader, type DebuggableGraph } from "../session/snapshots";
import { forkWithEditedState } from "../session/stateEdits";
import { stateOf, threadNotFound } from "./checkpointSummaries";
import { dbErrors } from "./dbErrors";
import { EngineError } from "../errors";

/** The request's parameters as the wire gave them, checked one by one. */
export function checkUpdateStateParams(params: Partial<DbUpdateStateParams>, dbPath: string): DbUpdateStateParams {
  const { graphId, threadId, checkpointId, path, value } = params;
  const nonEmpty = (what: string, text: unknown) => {
    if (typeof text !== "string" || text === "")
      throw dbErrors.invalidInput(`${what} must be a non-empty string, got ${JSON.stringify(text) ?? "nothing"}.`, dbPath);
  };
  nonEmpty("threadId", threadId);
  nonEmpty("checkpointId", checkpointId);
  if (graphId !== undefined) nonEmpty("graphId", graphId);
  const segment = (item: unknown) => (typeof item === "string" && item !== "") || (typeof item === "number" && Number.isInteger(item) && item >= 0);
  if (!Array.isArray(path) || path.length === 0 || !path.every(segment) || typeof path[0] !== "string") {
    throw dbErrors.invalidInput(
      `path must name a State value, channel first, as keys and list indices (e.g. ["messages", 1, "content"]), got ${JSON.stringify(path) ?? "nothing"}.`,
      dbPath,
    );
  }
  if (value === undefined) throw dbErrors.invalidInput(`The new value of ${JSON.stringify(path)} is missing (JSON null is a value; undefined is not).`, dbPath);
  return { ...(graphId !== undefined ? { graphId } : {}), threadId: threadId!, checkpointId: checkpointId!, path, value };
}

/** Where a checkpoint lives in its thread: its namespace ("" for the graph's own), and the graph its checkpoints name. */
export interface CheckpointPlace {
  ns: string;
  graphId?: string;
}

/** Where a checkpoint lives in the workspace database's thread. */
export function findWorkspaceCheckpoint(db: WorkspaceDb, threadId: string, checkpointId: string): CheckpointPlace {
  const thread = stateOf(db).threads.get(threadId);
  if (!thread || [...thread.values()].every((space) => space.ids.length === 0)) throw threadNotFound(threadId);
  for (const [ns, space] of thread) {
    const record = space.checkpoints.get(checkpointId);
    if (!record) continue;
    const graphIdOf = (metadata: unknown) => {
      const id = (metadata as { graph_id?: unknown } | null)?.graph_id;
      return typeof id === "string" && id !== "" ? id : undefined;
    };
    // The checkpoint's own metadata, else the thread's newest root checkpoint's.
    const root = thread.get("");
    const newest = root?.ids.at(-1);
    const graphId = graphIdOf(record.metadata) ?? (newest ? graphIdOf(root!.checkpoints.get(newest)?.metadata) : undefined);
    return { ns, ...(graphId ? { graphId } : {}) };
  }
  throw new EngineError(
    "checkpointNotFound",
    `Thread "${threadId}" has no checkpoint ${checkpointId} in the workspace database, so it cannot be forked.`,
    undefined,
    "Refresh the thread's checkpoints; it may have been deleted.",
  );
}

/** The thread's graph: the one its checkpoints name, else the one asked for, else the only one. */
function pickGraph(config: GraphConfig, recorded: string | undefined, asked: string | undefined, threadId: string): string {
  const known = config.graphs.map((graph) => graph.graphId);
  if (recorded && known.includes(recorded)) return recorded;
  if (asked) return asked;
  if (known.length === 1) return known[0]!;
  throw new EngineError(
    "invalidInput",
    `The checkpoints of thread "${threadId}" do not say which graph wrote them, and ${config.configFile} names ${known.length === 0 ? "no graph" : `several (${known.join(", ")})`}.`,
    config.configFile,
    "Pass graphId: the graph whose State the thread holds.",
  );
}

export interface UpdateStateTarget {
  /** langgraph.json: where the thread's graph is loaded from. */
  config: GraphConfig;
  /** What the graph runs on: the backend's own LangGraph checkpointer and store. */
  checkpointer: BaseCheckpointSaver;
  store: BaseStore;
  /** Where the checkpoint to fork lives (the backend finds it; unknown ones are `checkpointNotFound`). */
  place: CheckpointPlace;
}

/** Forks the thread at the checkpoint with the value at `path` replaced; returns the new checkpoint's id. */
export async function updateStateWithoutSession(target: UpdateStateTarget, params: DbUpdateStateParams): Promise<{ checkpointId: string }> {
  const { config, place } = target;
  const graphId = pickGraph(config, place.graphId, params.graphId, params.threadId);
  // Imported fresh, as a session imports it: this request's graph object is its own.
  const graph = (await loadGraph(config, graphId)).graph as DebuggableGraph;
  graph.checkpointer = target.checkpointer;
  graph.store = target.store;
  const snapshots = new SnapshotReader(graph, params.threadId);
  // A subgraph's checkpoint is read in its namespace.
  snapshots.noteConfig({ configurable: { checkpoint_id: params.checkpointId, checkpoint_ns: place.ns } });
  const checkpointId = await forkWithEditedState(
    { graph, graphId, threadId: params.threadId, snapshots },
    params.checkpointId,
    params.path,
    params.value as Plain,
  );
  return { checkpointId };
}
