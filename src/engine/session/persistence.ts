// What a debug session needs of the workspace database: a lease on the engine's shared
// checkpointer and store. The engine's open databases (engine/db/persistenceRegistry.ts)
// implement SessionDatabases; sessions never import engine/db, which builds on them.

import type { WorkspaceDb } from "../../persistence";
import type { GraphConfig } from "../graphConfig";

export interface SessionPersistence {
  path: string;
  checkpointer: WorkspaceDb["checkpointer"];
  store: WorkspaceDb["store"];
  release(): Promise<void>;
}

/** The engine's open workspace databases, as sessions use them. */
export interface SessionDatabases {
  acquire(config: GraphConfig, dbPath: string | undefined, onWarning: (text: string) => void): Promise<SessionPersistence>;
  closeAll(): Promise<void>;
}
