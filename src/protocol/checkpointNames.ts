// The one name a checkpoint goes by on every surface (Call Stack, Threads view, debugger view,
// checkpoint documents, status bar, Debug Console): `step N · <node>`, where <node> is the
// node(s) whose writes made the checkpoint (`input` for the input checkpoint), marked
// `(edited)` or `(fork)` when updateState or a replay wrote it. The nodes that run next are
// secondary text (`next: tools`), never the name. Shared by the engine, the ui and the webview.

export interface NameableCheckpoint {
  step: number;
  /** `input`, `loop`, `update` or `fork` (LangGraph's checkpoint metadata `source`). */
  source: string;
  /** Nodes whose writes made the checkpoint, qualified inside a subgraph (`polish:format`). */
  writers: readonly string[];
  /** For a subgraph's checkpoint: the subgraph node's path (`polish`), which qualifies `input`. */
  subgraph?: string;
}

export function checkpointName(checkpoint: NameableCheckpoint): string {
  const input = checkpoint.subgraph ? `${checkpoint.subgraph}:input` : "input";
  const nodes = checkpoint.source === "input" ? input : [...new Set(checkpoint.writers)].join(", ");
  return `step ${checkpoint.step}${nodes ? ` · ${nodes}` : ""}${marker(checkpoint.source)}`;
}

/** What writersOf needs to know of a checkpoint's parent. */
export interface ParentCheckpoint {
  step: number;
  /** The tasks pending at the parent: the nodes whose writes made its loop child. */
  next: readonly string[];
  writers: readonly string[];
}

/**
 * The nodes whose writes made a checkpoint when its metadata does not record them (LangGraph.js
 * 1.x has no metadata `writes`): the input checkpoint is `__start__`'s; a loop checkpoint holds
 * the writes of the tasks its parent had pending; an edit (updateState, which this debugger
 * writes as the edited checkpoint's writer) goes by its parent's writers; a fork is a copy of
 * the checkpoint one step before it, which is its parent (a replay) or, for updateState's
 * `__copy__`, a child of its parent, written by the parent's tasks.
 */
export function writersOf(checkpoint: { step: number; source: string }, parent: ParentCheckpoint | undefined): string[] {
  if (checkpoint.source === "input") return ["__start__"];
  if (!parent) return [];
  if (checkpoint.source === "loop") return [...new Set(parent.next)];
  if (checkpoint.source === "fork" && parent.step !== checkpoint.step - 1) return [...new Set(parent.next)];
  return [...parent.writers];
}

/** `next: tools, search`, or "" when nothing runs next (the run's end). */
export function nextText(next: readonly string[]): string {
  return next.length > 0 ? `next: ${next.join(", ")}` : "";
}

/**
 * A short form of a checkpoint id, for where ids are needed (tooltips, documents, quick picks).
 * The last 8 characters: checkpoint ids are uuid6, whose first 8 characters are the high bits
 * of the time and so are the same for every checkpoint written within about 27 seconds.
 */
export function shortCheckpointId(checkpointId: string): string {
  return checkpointId.slice(-8);
}

function marker(source: string): string {
  if (source === "update") return " (edited)";
  if (source === "fork") return " (fork)";
  return "";
}
