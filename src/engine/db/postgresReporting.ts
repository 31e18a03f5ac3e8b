// LangGraph's PostgresSaver and PostgresStore as the Postgres backend hands them to graph runs,
// reporting what they write: the backend's own writes reach its listeners at once, whoever
// makes them (a debug session's run, updateState, the views' edits).

import type { ChannelVersions, Checkpoint, CheckpointMetadata, Operation, OperationResults, PendingWrite } from "@langchain/langgraph-checkpoint";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { PostgresStore } from "@langchain/langgraph-checkpoint-postgres/store";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { Pool, PoolConfig } from "pg";
import { withGraphId } from "../../persistence";

/** PostgresSaver that reports the threads it writes (the backend's own writes, graph runs included). */
export class ReportingSaver extends PostgresSaver {
  constructor(
    pool: Pool,
    schema: string,
    private readonly wrote: (threadId: string) => void,
  ) {
    super(pool, undefined, { schema });
  }

  override async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata, versions: ChannelVersions): Promise<RunnableConfig> {
    // The graph's id in the metadata, as on the workspace database, so the Threads view names it.
    const next = await super.put(config, checkpoint, withGraphId(metadata, config), versions);
    this.wrote(String(config.configurable?.thread_id));
    return next;
  }

  override async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void> {
    await super.putWrites(config, writes, taskId);
    this.wrote(String(config.configurable?.thread_id));
  }

  override async deleteThread(threadId: string): Promise<void> {
    await super.deleteThread(threadId);
    this.wrote(threadId);
  }
}

/** PostgresStore that reports the namespaces it writes. */
export class ReportingStore extends PostgresStore {
  constructor(
    connection: PoolConfig,
    schema: string,
    writable: boolean,
    private readonly wrote: (namespace: string[]) => void,
  ) {
    super({ connectionOptions: connection, schema, ensureTables: writable });
  }

  override async put(namespace: string[], key: string, value: Record<string, unknown>, index?: false | string[], options?: { ttl?: number }): Promise<void> {
    await super.put(namespace, key, value, index, options);
    this.wrote(namespace);
  }

  override async delete(namespace: string[], key: string): Promise<void> {
    await super.delete(namespace, key);
    this.wrote(namespace);
  }

  // LangGraph's runs write through batch (AsyncBatchedStore).
  override async batch<Op extends Operation[]>(operations: Op): Promise<OperationResults<Op>> {
    const results = await super.batch(operations);
    // Puts (a null value deletes) name their namespace; gets, searches and listings write nothing.
    for (const operation of operations) if ("value" in operation && "key" in operation) this.wrote(operation.namespace);
    return results;
  }
}
