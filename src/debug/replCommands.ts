// Debug Console commands that are not expressions. `resume <value>` answers a pending
// interrupt(): the value is JSON (`resume {"approved": true}`, `resume "My title"`), and text
// that is not JSON is taken as a string (`resume My title`). `retry` re-runs the node that failed.
// `apply overlay` / `discard overlay` settle the store overlay of a re-run with the store as it was.

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
