// One factory per error a user can meet in a debug session, each with a stable code
// (src/protocol/engine.ts), written for the user: what happened, which value, what to do.

import { EngineError, describeCause } from "../errors";

export const sessionErrors = {
  sessionNotFound: (sessionId: string) =>
    new EngineError(
      "sessionNotFound",
      `There is no debug session "${sessionId}" in this engine (it ended or the engine restarted).`,
      undefined,
      "Start the debug session again.",
    ),
  sessionBusy: (what: string) =>
    new EngineError("sessionBusy", `The graph is running, so it cannot ${what} now.`, undefined, "Pause first (or wait for the next stop), then try again."),
  contextInvalid: (graphId: string, problem: string, file?: string) =>
    new EngineError(
      "contextInvalid",
      `The launch "context" does not match the context schema of graph "${graphId}": ${problem}`,
      file,
      'Fix "context" in the launch configuration so it matches the schema the graph declares (StateGraph(state, contextSchema)).',
    ),
  checkpointNotFound: (threadId: string, checkpointId: string) =>
    new EngineError(
      "checkpointNotFound",
      `Thread "${threadId}" has no checkpoint ${checkpointId}.`,
      undefined,
      "Refresh the Call Stack; the checkpoint may belong to another thread or database.",
    ),
  expressionFailed: (expression: string, problem: string) =>
    new EngineError(
      "expressionFailed",
      `Could not evaluate \`${expression}\`: ${problem}.`,
      undefined,
      "Expressions see the state's channels by name (e.g. messages.at(-1).content) and `state`, `context`, `config`, `metadata`, `next`; they cannot call require, process or change the state.",
    ),
  notEditable: (what: string) =>
    new EngineError("notEditable", `${what} cannot be edited.`, undefined, "Edit a value under State (this forks the thread) or the value of a Store item."),
  notOnServer: (what: string, location: string) =>
    new EngineError(
      "notOnServer",
      `${what} is not possible when attached to the LangGraph server ${location}: the graph's code runs there, and the server steps it only by supersteps of the top graph.`,
      undefined,
      "Use Step Over (a subgraph runs whole), or Copy Thread to Workspace Database and debug the thread locally with a launch configuration.",
    ),
  noStoreHistory: () =>
    new EngineError(
      "noStoreHistory",
      "This session's store keeps no history of its items: only the workspace database does.",
      undefined,
      "Debug with the workspace database to see the earlier versions of store items.",
    ),
  notAPath: (expression: string) =>
    new EngineError(
      "notEditable",
      `\`${expression}\` does not name a value in the state, so it cannot be set.`,
      undefined,
      'Set a path over the state\'s channels: messages.at(-1).content, draft, reviews[0], state["my key"].',
    ),
  notInterrupted: (threadId: string) =>
    new EngineError(
      "notInterrupted",
      `Thread "${threadId}" is not waiting at an interrupt(), so there is nothing to resume.`,
      undefined,
      "Use Continue or Step Over; `resume <value>` answers a pending interrupt().",
    ),
  interruptPending: (node: string) =>
    new EngineError(
      "interruptPending",
      `Node "${node}" is waiting at interrupt() for a human's answer, so the graph cannot go on without one.`,
      undefined,
      'Answer in the Debug Console with `resume <value>`, e.g. resume "My title" (the value is a JavaScript expression).',
    ),
  nothingToRetry: (threadId: string) =>
    new EngineError(
      "nothingToRetry",
      `Thread "${threadId}" is not stopped at a node error, so there is no node to retry.`,
      undefined,
      "Retry Node re-runs the node that failed, at the stop on its error. To run a node again from another checkpoint, use Restart Frame on it, then Step Over.",
    ),
  callNotFound: (callId: string, threadId: string) =>
    new EngineError(
      "invalidInput",
      `Thread "${threadId}" has no recorded call ${JSON.stringify(callId)} in the workspace database.`,
      undefined,
      "Take a call's id from langgraph/calls (or the Calls scope); calls are recorded in the workspace database only.",
    ),
  userCodeFailed: (what: string, cause: unknown) => new EngineError("internal", `${what} failed: ${describeCause(cause)}`),
} as const;
