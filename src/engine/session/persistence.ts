// The checkpointer and store a session attaches to the graph: the workspace JSON database
// (default `<dir of langgraph.json>/.langgraph/db.json`), opened once per file in this engine
// (it is the single writer) and shared by every session on it, closed with the last one.

import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { openWorkspaceDb, type StoreIndexConfig, type WorkspaceDb } from "../../persistence";
import type { GraphConfig } from "../graphConfig";
import { EngineError, describeCause } from "../errors";
import { parseGraphSpec } from "../graphConfig";
import { importUserModule } from "../userModules";

export interface SessionPersistence {
  path: string;
  checkpointer: WorkspaceDb["checkpointer"];
  store: WorkspaceDb["store"];
  release(): Promise<void>;
}

export function defaultDbPath(config: GraphConfig): string {
  return join(config.root, ".langgraph", "db.json");
}

export class PersistenceRegistry {
  private readonly open = new Map<string, { db: Promise<WorkspaceDb>; users: number }>();

  async acquire(config: GraphConfig, dbPath: string | undefined, onWarning: (text: string) => void): Promise<SessionPersistence> {
    const path = resolve(config.root, dbPath ?? defaultDbPath(config));
    let entry = this.open.get(path);
    if (!entry) {
      const index = await loadStoreIndex(config, onWarning);
      entry = { db: openWorkspaceDb({ path, index }), users: 0 };
      this.open.set(path, entry);
      entry.db.catch(() => this.open.delete(path));
    }
    let db: WorkspaceDb;
    try {
      db = await entry.db;
    } catch (error) {
      throw new EngineError(
        "internal",
        `The workspace database ${path} could not be opened: ${describeCause(error)}`,
        path,
        'If another LangGraph debug session or tool holds it, stop that one, or set "db" in the launch configuration to another file.',
      );
    }
    entry.users += 1;
    let released = false;
    return {
      path,
      checkpointer: db.checkpointer,
      store: db.store,
      release: async () => {
        if (released) return;
        released = true;
        entry.users -= 1;
        if (entry.users === 0 && this.open.get(path) === entry) {
          this.open.delete(path);
          await db.close();
        }
      },
    };
  }

  async closeAll(): Promise<void> {
    const entries = [...this.open.values()];
    this.open.clear();
    await Promise.allSettled(entries.map(async (entry) => (await entry.db).close()));
  }
}

/** langgraph.json `store.index`: `embed` names a module export ("./src/embeddings.ts:embeddings"). */
async function loadStoreIndex(config: GraphConfig, onWarning: (text: string) => void): Promise<StoreIndexConfig | undefined> {
  const index = config.storeIndex;
  if (!index) return undefined;
  const { modulePath, exportName } = parseGraphSpec(index.embed);
  const file = resolve(config.root, modulePath);
  if (!/\.[cm]?[jt]sx?$/.test(modulePath) || !existsSync(file)) {
    onWarning(`langgraph.json store.index.embed "${index.embed}" is not a module file here; semantic search uses offline hashing embeddings instead.\n`);
    return { dims: index.dims, fields: index.fields };
  }
  try {
    const module = await importUserModule(file, file, { fresh: true });
    const embed = module[exportName] as StoreIndexConfig["embed"];
    if (typeof embed !== "function" && typeof (embed as { embedDocuments?: unknown } | undefined)?.embedDocuments !== "function") {
      throw new Error(`its export "${exportName}" is neither an Embeddings object nor a function`);
    }
    return { dims: index.dims, fields: index.fields, embed };
  } catch (error) {
    throw new EngineError(
      "moduleFailed",
      `The store's embeddings (langgraph.json store.index.embed "${index.embed}") could not be loaded: ${describeCause(error)}`,
      file,
      "Fix the module or the spec; it must export LangChain Embeddings or a function (texts) => vectors.",
    );
  }
}
