// The worker thread of background compaction (backgroundCompaction.ts): folds each job it is
// sent and replies with the result or the error's message.

import { parentPort } from "node:worker_threads";
import type { FoldJob } from "./backgroundCompaction";
import { foldIntoSnapshot } from "./backgroundCompaction";

parentPort?.on("message", ({ id, job }: { id: number; job: FoldJob }) => {
  try {
    parentPort!.postMessage({ id, result: foldIntoSnapshot(job) });
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).message });
  }
});
