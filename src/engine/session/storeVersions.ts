// Store item versions (the workspace database's history of an item, persistence/storeHistory.ts)
// as the debug protocol shows them: with a writer named in words.

import type { ItemVersion } from "../../persistence/store-versions";
import type { StoreWriter } from "../../persistence/records";
import type { OverlayWriteView, StoreVersionView } from "../../protocol/engine";

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

/** A write held in a store overlay (overlayStore.ts's OverlayWrite), as the debug protocol shows it. */
export function overlayWriteView({
  namespace,
  key,
  value,
  writer,
}: {
  namespace: string[];
  key: string;
  value: Record<string, unknown> | null;
  writer?: StoreWriter;
}): OverlayWriteView {
  const view: OverlayWriteView = { namespace: [...namespace], key, writer: writer ? writerLabel({ writtenBy: writer }) : "" };
  if (value === null) view.deleted = true;
  else view.value = value;
  return view;
}
