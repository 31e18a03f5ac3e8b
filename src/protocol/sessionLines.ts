// Console lines that user code printed during a debug session's run carry the session's id, so
// each Debug Console shows its own session's lines when several sessions share one engine. The
// engine prints them to its stdout/stderr as ever (synchronously: a node stuck in a loop still
// shows what it printed last); the client strips the tag and hands the id to its listeners.

// Record Separator … Unit Separator: control characters a console line does not start with.
const START = "\u001e";
const END = "\u001f";

export function sessionLine(sessionId: string, line: string): string {
  return `${START}${sessionId}${END}${line}`;
}

/** The session and the line as printed, or just the line when it carries no session. */
export function parseSessionLine(raw: string): { sessionId?: string; line: string } {
  if (!raw.startsWith(START)) return { line: raw };
  const end = raw.indexOf(END);
  if (end < 0) return { line: raw };
  return { sessionId: raw.slice(1, end), line: raw.slice(end + 1) };
}
