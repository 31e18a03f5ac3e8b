// Which @langchain/langgraph the user's graph runs on, and whether the debugger supports it. The
// engine drives the user's own copy (call-time interrupts, `runtime.context`, StateSnapshot
// tasks…), which LangGraph.js has as used here since 1.0; an older copy would fail in ways that
// say nothing of the cause ("not a LangGraph graph", a crash in a node), so it is named up front.

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";

/** Kept equal to package.json's `langgraphVersions` by test/unit/engine/langGraphVersion.test.ts. */
export const SUPPORTED_LANGGRAPH = { minimum: "1.0.0", testedWith: "1.4.18" } as const;

/** The version of the @langchain/langgraph that `fromFile` imports; undefined when none is installed there. */
export function userLangGraphVersion(fromFile: string): { version: string; packageJson: string } | undefined {
  let entry: string;
  try {
    entry = createRequire(fromFile).resolve("@langchain/langgraph");
  } catch {
    return undefined;
  }
  // Up from the entry point to the package's own package.json (its exports may not list it).
  for (let folder = dirname(entry); dirname(folder) !== folder; folder = dirname(folder)) {
    const packageJson = join(folder, "package.json");
    if (!existsSync(packageJson)) continue;
    try {
      const manifest = JSON.parse(readFileSync(packageJson, "utf8")) as { name?: unknown; version?: unknown };
      if (manifest.name === "@langchain/langgraph" && typeof manifest.version === "string") return { version: manifest.version, packageJson };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Whether `version` (e.g. "0.2.74", "1.4.18-rc.1") is at least the supported minimum. */
export function isSupportedLangGraph(version: string): boolean {
  const [major, minor, patch] = version.split(/[.+-]/).map((part) => Number.parseInt(part, 10));
  const [minMajor, minMinor, minPatch] = SUPPORTED_LANGGRAPH.minimum.split(".").map(Number);
  if (![major, minor, patch].every(Number.isFinite)) return true;
  return major !== minMajor ? major > minMajor : minor !== minMinor ? minor > minMinor : patch >= minPatch;
}
