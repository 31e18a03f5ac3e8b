// LangGraph's own conformance suite for checkpointers, run against a fresh database file per
// checkpointer. The saver's name is ours, so the suite does not skip the "only store
// channel_values that have changed" test it skips for full-value savers.
import { deltaChannelHistoryTests, validate } from "@langchain/langgraph-checkpoint-validation";
import type { CheckpointSaverTestInitializer } from "@langchain/langgraph-checkpoint-validation";
import type { WorkspaceCheckpointSaver, WorkspaceDb } from "../../../src/persistence/index";
import { openWorkspaceDb } from "../../../src/persistence/index";
import { removeTempDirs, tempDbPath } from "./helpers";

const open = new Map<WorkspaceCheckpointSaver, WorkspaceDb>();

const initializer: CheckpointSaverTestInitializer<WorkspaceCheckpointSaver> = {
  checkpointerName: "WorkspaceCheckpointSaver",
  async createCheckpointer() {
    const db = await openWorkspaceDb({ path: tempDbPath() });
    open.set(db.checkpointer, db);
    return db.checkpointer;
  },
  async destroyCheckpointer(checkpointer) {
    await open.get(checkpointer)?.close();
    open.delete(checkpointer);
  },
  afterAll: removeTempDirs,
};

validate(initializer);
deltaChannelHistoryTests(initializer);
