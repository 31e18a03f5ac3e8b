// Debug Console commands that are not expressions. `resume <value>` answers a pending
// interrupt(): the value is JSON (`resume {"approved": true}`, `resume "My title"`), and text
// that is not JSON is taken as a string (`resume My title`). `retry` re-runs the node that failed.
// `apply overlay` / `discard overlay` settle the store overlay of a re-run with the store as it was.

import type { CustomRequestContext } from "./customRequests";

const RESUME = /^\s*resume(?:\s+([\s\S]*))?$/;

export function parseResumeCommand(line: string): { value: unknown } | undefined {
  const match = RESUME.exec(line);
  if (!match) return undefined;
  const argument = (match[1] ?? "").trim();
  if (argument === "") return { value: null };
  try {
    return { value: JSON.parse(argument) };
  } catch {
    return { value: argument };
  }
}

export function parseOverlayCommand(line: string): "apply" | "discard" | undefined {
  const match = /^\s*(apply|discard)\s+overlay\s*$/.exec(line);
  return match ? (match[1] as "apply" | "discard") : undefined;
}

export function isRetryCommand(line: string): boolean {
  return /^\s*retry\s*$/.test(line);
}

/** Runs `apply overlay` / `discard overlay`: what happened, in a line per item. */
export async function runOverlayCommand(command: "apply" | "discard", session: Pick<CustomRequestContext, "sessionId" | "call">): Promise<string> {
  const sessionId = session.sessionId();
  const item = (write: { namespace: string[]; key: string }) => `${write.namespace.join("/")} · ${write.key}`;
  if (command === "discard") {
    const { discarded } = await session.call("session/discardOverlay", { sessionId });
    return discarded.length === 0 ? "The store overlay holds no writes." : `Discarded ${discarded.length} overlay write(s): ${discarded.map(item).join(", ")}`;
  }
  const { applied, conflicts } = await session.call("session/applyOverlay", { sessionId });
  const lines = [`Applied ${applied.length} overlay write(s) to the store${applied.length > 0 ? `: ${applied.map(item).join(", ")}` : ""}.`];
  for (const conflict of conflicts)
    lines.push(
      `Not applied, ${item(conflict)}: ${conflict.reason}. \`discard overlay\` drops it; langgraph/applyOverlay { "overwrite": true } writes it anyway.`,
    );
  return lines.join("\n");
}
