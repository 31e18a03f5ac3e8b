// What a debug session needs of a database: a lease on the engine's shared checkpointer and
// store, as LangGraph's own interfaces (whichever backend holds the data). The engine's open
// databases (engine/db/persistenceRegistry.ts) implement SessionDatabases; sessions never
// import engine/db, which builds on them.

import type { BaseCheckpointSaver, BaseStore } from "@langchain/langgraph-checkpoint";
import type { GraphConfig } from "../graphConfig";

export interface SessionPersistence {
  /** Where the data lives (the database file). */
  path: string;
  checkpointer: BaseCheckpointSaver;
  store: BaseStore;
  release(): Promise<void>;
}

/** The engine's open workspace databases, as sessions use them. */
export interface SessionDatabases {
  acquire(config: GraphConfig, dbPath: string | undefined, onWarning: (text: string) => void): Promise<SessionPersistence>;
  closeAll(): Promise<void>;
}
