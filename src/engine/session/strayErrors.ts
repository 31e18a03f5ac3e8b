// Errors user code throws where no node awaits them: a throw from a timer, a promise left
// rejected. Node would end the engine (and every session in it) on the first; instead the error
// fails the run it belongs to, as a node error with its stack. The run is the one whose
// AsyncLocalStorage context the error arrives in (sessionRun.ts: it follows the run into its
// timers and promises); an error with no run's context goes to every run under way, since any
// of them may have left it; with none under way it is only logged.

import { currentSessionRun, runningSessionRuns } from "./sessionRun";

export function failRunsOnStrayErrors(log: (text: string) => void): void {
  process.on("uncaughtException", (error) => report(error, "threw", log));
  process.on("unhandledRejection", (reason, promise) => {
    // A promise of another realm comes from an expression's sandbox (sandbox.ts), which has
    // already answered; its reason is the user's value and must not be inspected here.
    if (!(promise instanceof Promise)) return;
    report(reason, "left a promise rejected", log);
  });
}

function report(error: unknown, what: string, log: (text: string) => void): void {
  const current = currentSessionRun();
  const runs = current?.fail ? [current] : runningSessionRuns().filter((run) => run.fail);
  if (runs.length === 0) {
    log(`Code outside any debug session's run ${what}: ${safeStack(error)}`);
    return;
  }
  for (const run of runs) run.fail!(error);
}

/** The stack or message; never throws, whatever the user's value does when read. */
export function safeStack(error: unknown): string {
  try {
    const { stack, message } = (error ?? {}) as { stack?: unknown; message?: unknown };
    if (typeof stack === "string") return stack;
    if (typeof message === "string") return message;
    return String(error);
  } catch {
    return "(a value that throws when read)";
  }
}
