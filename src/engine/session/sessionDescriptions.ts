// How a session describes where it stands and what went wrong, for its stop messages and the
// Debug Console: a checkpoint with what runs next, a node's error, a throw outside any node,
// the recursion limit, a schema's issues.

import { nextText } from "../../protocol/checkpointNames";
import { nodePathOf, qualify } from "../../protocol/nodePaths";
import { checkpointLineage } from "./callStack";
import { checkpointIdOf, checkpointNsOf, nextNodes, type SnapshotReader, type StateSnapshotLike } from "./snapshots";

/**
 * "step 3 · review, next: write_draft": the checkpoint's name (as the Call Stack shows it) and
 * what runs next from it, or that the run (or the subgraph) ends there.
 */
export async function describePosition(snapshots: SnapshotReader, snapshot: StateSnapshotLike): Promise<string> {
  const [frame] = await checkpointLineage(snapshots, checkpointIdOf(snapshot.config)!, [], 1);
  const name = frame?.name ?? `step ${snapshot.metadata?.step ?? "?"}`;
  const path = nodePathOf(checkpointNsOf(snapshot.config));
  const next = nextNodes(snapshot);
  if (next.length > 0) return `${name}, ${nextText(next)}`;
  if (snapshot.next.length > 0) return `${name}, before the input is applied`;
  return path.length > 0 ? `${name}, the end of ${path.join(":")}` : `${name}, the end`;
}

export function describeError(error: unknown): string {
  const shaped = error as { name?: unknown; message?: unknown; issues?: unknown } | null;
  if (Array.isArray(shaped?.issues)) return describeSchemaIssues(shaped.issues);
  if (typeof shaped?.message === "string") {
    const name = typeof shaped.name === "string" && shaped.name !== "Error" ? `${shaped.name}: ` : "";
    return `${name}${shaped.message}`;
  }
  return String(error);
}

/** Zod issues (from any copy of zod) as "userId: expected string, received number". */
export function describeSchemaIssues(issues: unknown[]): string {
  return issues
    .map((issue) => {
      const { path, message } = issue as { path?: unknown[]; message?: string };
      return `${path && path.length > 0 ? `${path.join(".")}: ` : ""}${message ?? "invalid"}`;
    })
    .join("; ");
}

/** Which node threw (the innermost, inside subgraphs), or that the recursion limit stopped the run. */
export function describeFailure(failure: unknown, chain: readonly StateSnapshotLike[]): string {
  const shaped = failure as { name?: unknown; lc_error_code?: unknown } | null;
  if (shaped?.name === "GraphRecursionError" || shaped?.lc_error_code === "GRAPH_RECURSION_LIMIT") {
    return `The run reached the recursion limit: ${describeError(failure)} Raise "recursionLimit" under "config" in the launch configuration if the graph needs more supersteps, or check the loop's exit condition.`;
  }
  for (const snapshot of [...chain].reverse()) {
    const failed = snapshot.tasks.find((task) => task.error !== undefined && task.error !== null);
    if (failed) return `Node "${qualify(nodePathOf(checkpointNsOf(snapshot.config)), failed.name)}" threw: ${describeError(failure)}`;
  }
  return `The run failed: ${describeError(failure)}`;
}

/** A throw from a timer or a rejected promise: no task failed, so name where the run was. */
export function describeStray(error: unknown, here: string | undefined): string {
  const where = here ? ` at ${here}` : "";
  return `The graph's code threw outside a node's own call (from a timer or a promise nobody awaited) while the run was${where}: ${describeError(error)}`;
}

export function errorDetails(error: unknown): string | undefined {
  const stack = (error as { stack?: unknown } | null)?.stack;
  return typeof stack === "string" ? stack : undefined;
}
