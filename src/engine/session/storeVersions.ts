// Store item versions (the workspace database's history of an item, persistence/storeHistory.ts)
// as the debug protocol shows them: with a writer named in words.

import type { ItemVersion } from "../../persistence/store";
import type { StoreVersionView } from "../../protocol/engine";

/** Who wrote a version, in words: "thread 1 · step 1 · remember", "edited in VS Code", … ("" when unknown). */
export function writerLabel({ writtenBy, origin }: Pick<ItemVersion, "writtenBy" | "origin">): string {
  if (origin === "vscode") return "edited in VS Code";
  if (origin === "external") return "written by another process";
  if (writtenBy === undefined) return "";
  return [`thread ${writtenBy.threadId}`, writtenBy.step !== undefined ? `step ${writtenBy.step}` : undefined, writtenBy.node].filter(Boolean).join(" · ");
}

export function versionView(version: ItemVersion): StoreVersionView {
  const view: StoreVersionView = { time: version.at.toISOString(), writer: writerLabel(version) };
  if (version.deleted) view.deleted = true;
  else view.value = version.value;
  if (version.writtenBy !== undefined) view.writtenBy = { ...version.writtenBy };
  if (version.origin !== undefined) view.origin = version.origin;
  return view;
}
