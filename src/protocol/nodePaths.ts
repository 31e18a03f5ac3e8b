// How nodes inside subgraphs are named from LangGraph's checkpoint namespaces
// (`polish:<task id>|inner:<task id>`): shared by the engine's sessions and the recorded calls
// a regression test replays (src/calls), which must name nodes the same way.

/** `polish:<task id>|inner:<task id>` → ["polish", "inner"]; the root namespace "" → []. */
export function nodePathOf(checkpointNs: string | undefined): string[] {
  if (!checkpointNs) return [];
  return checkpointNs.split("|").map((part) => part.split(":")[0]!);
}

/** The name the user gives a node: `tidy` inside `polish` is `polish:tidy`. */
export function qualify(path: readonly string[], node: string): string {
  return path.length === 0 ? node : [...path, node].join(":");
}

/** The namespace that holds `checkpointNs`: `outer:<id>|inner:<id>` → `outer:<id>`, `polish:<id>` → "". */
export function enclosingNs(checkpointNs: string): string {
  const parts = checkpointNs.split("|");
  return parts.slice(0, -1).join("|");
}
