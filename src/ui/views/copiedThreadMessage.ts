// What Copy Thread to Workspace Database tells the user once done (no vscode import: unit-tested).

import type { CopiedThread } from "../../protocol/engine";

/**
 * "Copied 12 checkpoints, 3 writes and 2 store items (namespaces naming user-1) into
 * .langgraph/db.json", saying the new id when it changed and which local items were kept.
 * `where`: the target as the user knows it, e.g. relative to the workspace folder.
 */
export function copiedThreadMessage(copied: CopiedThread, sourceThreadId: string, where: string): string {
  const what = copied.threadId === sourceThreadId ? "Copied" : `Copied thread "${sourceThreadId}" as "${copied.threadId}":`;
  const naming = copied.labels.join(" or ");
  let text = `${what} ${count(copied.checkpoints, "checkpoint")}, ${count(copied.writes, "write")} and ${count(copied.items, "store item")} (namespaces naming ${naming}) into ${where}.`;
  const kept = copied.skipped ?? [];
  if (kept.length > 0) {
    const names = kept.map((item) => [...item.namespace, item.key].join("/")).join(", ");
    text += ` Kept ${count(kept.length, "local store item")} changed there since: ${names}.`;
  }
  return text;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
