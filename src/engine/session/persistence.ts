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

/**
 * The checkpointer as one graph's runs use it: each checkpoint's metadata records the graph
 * (`graph_id`), as LangGraph's API server does, so that the views can tell the threads of a
 * database's graphs apart. LangGraph.js does not copy `configurable` keys into checkpoint
 * metadata, so the key is added here. Everything else is the shared checkpointer's own.
 */
export function recordingGraphId(checkpointer: SessionPersistence["checkpointer"], graphId: string): SessionPersistence["checkpointer"] {
  const recording = Object.create(checkpointer) as SessionPersistence["checkpointer"];
  recording.put = (config, checkpoint, metadata, newVersions) => {
    const recorded: typeof metadata & { graph_id?: unknown } = "graph_id" in metadata ? metadata : { ...metadata, graph_id: graphId };
    return checkpointer.put(config, checkpoint, recorded, newVersions);
  };
  return recording;
}
