// A LangGraph server's errors: the SDK's failures as one clear EngineError each, naming the
// server by its location (protocol/databaseUrls.ts: no API key, no user or password).

import { EngineError, describeCause, isEngineError } from "../errors";

/**
 * The SDK's HTTP error (`HTTP 404: …`, with `status`), a refused connection, or a timeout, as the
 * contract's error. `namedBy`: where the user wrote the server's URL.
 */
export function describeServerError(error: unknown, location: string, namedBy = "langgraph.dbPath"): unknown {
  if (isEngineError(error)) return error;
  const status = (error as { status?: unknown } | null)?.status;
  const causeCode = ((error as { cause?: { code?: unknown } } | null)?.cause ?? (error as { code?: unknown } | null))?.code;
  const name = (error as { name?: unknown } | null)?.name;
  if (status === 401 || status === 403)
    return new EngineError(
      "dbAuthFailed",
      `The LangGraph server ${location} refused the request (HTTP ${status}): ${status === 401 ? "it wants an API key" : "the API key may not do this"}.`,
      location,
      "In VS Code you are asked for the API key (it is kept in VS Code's secret storage); elsewhere set LANGGRAPH_API_KEY in the engine's environment.",
    );
  const unreachable: Record<string, string> = {
    ECONNREFUSED: "nothing answers at that host and port",
    ENOTFOUND: "the host name is unknown",
    ECONNRESET: "the connection was dropped",
  };
  const reason =
    typeof causeCode === "string" && unreachable[causeCode] !== undefined
      ? unreachable[causeCode]
      : name === "ConnectionError"
        ? "nothing answers at that address"
        : name === "TimeoutError" || name === "AbortError"
          ? "it did not answer in time"
          : undefined;
  if (reason !== undefined)
    return new EngineError(
      "dbNotOpen",
      `Cannot reach the LangGraph server ${location}: ${reason}.`,
      location,
      `Check that the server runs (langgraphjs dev, or your deployment) and that ${namedBy} names its URL.`,
    );
  if (typeof status === "number" && status >= 400 && status < 500)
    return new EngineError(
      "invalidInput",
      `The LangGraph server ${location} refused the request: ${describeCause(error)}`,
      location,
      "Check the value and try again.",
    );
  return new EngineError("internal", `The LangGraph server ${location} failed: ${describeCause(error)}`, location);
}

/** The server's answer for a thread it does not have: 404, or 400/422 for an id that is not a UUID (the only thread ids it accepts). */
export function isUnknownThread(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return status === 404 || status === 400 || status === 422;
}

/** A server that answers HTTP but not as a LangGraph server (no /threads/count, the first request made). */
export function notALangGraphServer(location: string, status: number): EngineError {
  return new EngineError(
    "dbNotOpen",
    `${location} answers, but not as a LangGraph server: it does not serve POST /threads/count (HTTP ${status}).`,
    location,
    "Check the URL and port: `langgraphjs dev` listens on http://127.0.0.1:2024 unless told otherwise.",
  );
}
