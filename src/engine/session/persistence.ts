// What a debug session needs of a database: a lease on the engine's shared checkpointer and
// store, as LangGraph's own interfaces (whichever backend holds the data). The engine's open
// databases (engine/db/persistenceRegistry.ts) implement SessionDatabases; sessions never
// import engine/db, which builds on them.

import type { BaseCheckpointSaver, BaseStore } from "@langchain/langgraph-checkpoint";
import type { WorkspaceCallLog } from "../../persistence/calls";
import type { NodeInfo, SessionAttachParams } from "../../protocol/engine";
import type { GraphConfig } from "../graphConfig";
import { EngineError } from "../errors";
import type { SessionStore } from "./recordingStore";
import type { DebuggableGraph } from "./snapshots";
import type { CommandConstructor } from "./userLangGraph";

export interface SessionPersistence {
  /** Where the data lives (the database file). */
  path: string;
  checkpointer: BaseCheckpointSaver;
  store: BaseStore;
  /** Where model, tool and HTTP calls are recorded: the workspace database only. */
  calls?: WorkspaceCallLog;
  release(): Promise<void>;
}

/** The engine's open workspace databases, as sessions use them. */
export interface SessionDatabases {
  acquire(config: GraphConfig, dbPath: string | undefined, onWarning: (text: string) => void, options?: { storeHistory?: number }): Promise<SessionPersistence>;
  closeAll(): Promise<void>;
}

/** A request's `storeHistory` (versions kept per store item), checked: a whole number ≥ 0, or absent. */
export function checkStoreHistory(value: unknown): number | undefined {
  if (value === undefined || (typeof value === "number" && Number.isInteger(value) && value >= 0)) return value;
  throw new EngineError(
    "invalidInput",
    `storeHistory must be a whole number of versions kept per store item (0 keeps none), got ${JSON.stringify(value)}.`,
    undefined,
    "Give 0 or more, e.g. the langgraph.storeHistory setting's default 50.",
  );
}

/**
 * A graph that runs on a LangGraph server, as a session drives it: the same DebuggableGraph
 * (stream, getState, updateState) over the server's API, and its store. engine/db/serverAttach.ts
 * implements it; sessions never import engine/db.
 */
export interface AttachedServer {
  /** The server's URL as it may be shown (no API key). */
  location: string;
  graph: DebuggableGraph;
  store: SessionStore;
  /** The thread on the server (created when it was not there). */
  threadId: string;
  /** The graph's nodes, for breakpoints. */
  nodes: NodeInfo[];
  /** Resume values go to the server as Command({ resume }). */
  Command: CommandConstructor;
  /** The store's namespaces now, for the Store scope (the server's nodes use the store out of our sight). */
  namespaces(): Promise<string[][]>;
  /** Cancels the server's run under way (Pause, Stop), keeping its checkpoints. */
  cancelRun(): Promise<void>;
}

export interface SessionServers {
  attach(params: SessionAttachParams): Promise<AttachedServer>;
}
