// The Call Stack of a session: the checkpoint lineage of the position (parent after parent),
// newest first, each frame named by checkpointName (`step N · <the node(s) that wrote it>`) and
// pointing at the source of the node it is about to run. Inside a subgraph the subgraph's
// checkpoints come first (`step 1 · polish:format`), then the parent's lineage from the
// checkpoint whose superstep runs it, as a call stack shows the caller below the callee.

import { checkpointName, writersOf } from "../../protocol/checkpointNames";
import type { CheckpointFrame, NodeInfo } from "../../protocol/engine";
import { checkpointIdOf, checkpointNsOf, nextNodes, type SnapshotReader, type StateSnapshotLike } from "./snapshots";
import { nodePathOf, qualify } from "../../protocol/nodePaths";

const DEFAULT_DEPTH = 200;

export async function checkpointLineage(
  snapshots: SnapshotReader,
  position: string,
  nodes: readonly NodeInfo[],
  limit = DEFAULT_DEPTH,
): Promise<CheckpointFrame[]> {
  // One snapshot past the limit: the oldest frame's writers are known from its parent.
  const lineage: StateSnapshotLike[] = [];
  let snapshot: StateSnapshotLike | undefined = await snapshots.at(position);
  while (snapshot) {
    lineage.push(snapshot);
    // Not one read more: on Postgres or a server each is a round trip and a decode.
    snapshot = lineage.length <= limit ? await snapshots.previousOf(snapshot) : undefined;
  }
  const writers: string[][] = [];
  for (let index = lineage.length - 1; index >= 0; index--) writers[index] = writersOfSnapshot(lineage[index]!, lineage[index + 1], writers[index + 1]);
  return lineage.slice(0, limit).map((each, index) => toFrame(each, writers[index]!, nodes));
}

/** The nodes whose writes made a checkpoint: metadata `writes` where LangGraph records them (before 1.0), else writersOf. */
function writersOfSnapshot(snapshot: StateSnapshotLike, parent: StateSnapshotLike | undefined, parentWriters: string[] | undefined): string[] {
  const path = nodePathOf(checkpointNsOf(snapshot.config));
  const writes = snapshot.metadata?.writes;
  if (typeof writes === "object" && writes !== null) return Object.keys(writes).map((node) => qualify(path, node));
  // A subgraph's input checkpoint has the parent graph's checkpoint before it, not a parent of its own.
  const own = parent && checkpointNsOf(parent.config) === checkpointNsOf(snapshot.config) ? parent : undefined;
  const checkpoint = { step: stepOf(snapshot), source: snapshot.metadata?.source ?? "loop" };
  const writers = writersOf(
    checkpoint,
    own ? { step: stepOf(own), next: own.next.map((node) => qualify(path, node)), writers: parentWriters ?? [] } : undefined,
  );
  return checkpoint.source === "input" ? writers.map((node) => qualify(path, node)) : writers;
}

function stepOf(snapshot: StateSnapshotLike): number {
  return typeof snapshot.metadata?.step === "number" ? snapshot.metadata.step : 0;
}

function toFrame(snapshot: StateSnapshotLike, writers: string[], nodes: readonly NodeInfo[]): CheckpointFrame {
  const step = stepOf(snapshot);
  const source = snapshot.metadata?.source ?? "loop";
  const next = nextNodes(snapshot);
  const path = nodePathOf(checkpointNsOf(snapshot.config));
  const node = nodes.find((candidate) => candidate.name === next[0]);
  const parent = checkpointIdOf(snapshot.parentConfig);
  return {
    checkpointId: checkpointIdOf(snapshot.config)!,
    ...(path.length > 0 ? { checkpointNs: checkpointNsOf(snapshot.config) } : {}),
    ...(parent ? { parentCheckpointId: parent } : {}),
    step,
    source,
    writers,
    next,
    ...(snapshot.createdAt ? { createdAt: snapshot.createdAt } : {}),
    name: checkpointName({ step, source, writers, ...(path.length > 0 ? { subgraph: path.join(":") } : {}) }),
    ...(node?.file ? { file: node.file, line: node.line } : {}),
  };
}
