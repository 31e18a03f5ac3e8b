// Console output of user code, tagged with the debug session whose run printed it
// (protocol/sessionLines.ts), so a shared engine's sessions do not see each other's lines.
// Output outside any session (a graph printing while it is imported) stays untagged and goes to
// every session of the engine, and to the LangGraph output channel, as before.

import { formatWithOptions } from "node:util";
import { sessionLine } from "../../protocol/sessionLines";
import { currentSessionRun } from "./sessionRun";

const TO_STDOUT = ["log", "info", "debug"] as const;
const TO_STDERR = ["warn", "error", "trace"] as const;
let installed = false;

export function routeConsoleToSessions(): void {
  if (installed) return;
  installed = true;
  for (const method of [...TO_STDOUT, ...TO_STDERR]) {
    const original = console[method].bind(console);
    const stream = (TO_STDERR as readonly string[]).includes(method) ? process.stderr : process.stdout;
    console[method] = (...args: unknown[]) => {
      const sessionId = currentSessionRun()?.sessionId;
      if (sessionId === undefined) return original(...args);
      let text = formatWithOptions({ colors: false }, ...args);
      if (method === "trace") text = `Trace: ${text}\n${new Error().stack?.split("\n").slice(2).join("\n") ?? ""}`;
      stream.write(
        `${text
          .split("\n")
          .map((line) => sessionLine(sessionId, line))
          .join("\n")}\n`,
      );
    };
  }
}
