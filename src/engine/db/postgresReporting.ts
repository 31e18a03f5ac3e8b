// LangGraph's PostgresSaver and PostgresStore as the Postgres backend hands them to graph runs,
// reporting what they write: the backend's own writes reach its listeners at once, whoever
// makes them (a debug session's run, updateState, the views' edits).

import {
  WRITES_IDX_MAP,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointMetadata,
  type Operation,
  type OperationResults,
  type PendingWrite,
} from "@langchain/langgraph-checkpoint";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { PostgresStore } from "@langchain/langgraph-checkpoint-postgres/store";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { Pool, PoolConfig } from "pg";
import { withGraphId } from "../../persistence";

/**
 * PostgresSaver that reports the threads it writes (the backend's own writes, graph runs included).
 * Its puts write exactly the rows PostgresSaver's would, serialized by PostgresSaver's own
 * `_dump*` methods, but in one statement each instead of a transaction of one statement per row:
 * every statement is a round trip to the server, and a debug step makes a put and a putWrites
 * (LangGraph's validation suite runs on this class: postgresConformance.test.ts).
 */
export class ReportingSaver extends PostgresSaver {
  private readonly sql: ReturnType<typeof writeStatements>;

  constructor(
    private readonly writer: Pool,
    schema: string,
    private readonly wrote: (threadId: string) => void,
  ) {
    super(writer, undefined, { schema });
    this.sql = writeStatements(`"${schema}"`);
  }

  override async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata, versions: ChannelVersions): Promise<RunnableConfig> {
    if (config.configurable === undefined) throw new Error('Missing "configurable" field in "config" param');
    const { thread_id: threadId, checkpoint_ns: ns = "", checkpoint_id: parentId } = config.configurable as Record<string, string | undefined>;
    // The graph's id in the metadata, as on the workspace database, so the Threads view names it.
    const [blobs, serializedMetadata] = await Promise.all([
      this._dumpBlobs(threadId!, ns, checkpoint.channel_values, versions),
      this._dumpMetadata(withGraphId(metadata, config)),
    ]);
    // One statement is atomic by itself: the blobs and the checkpoint land together or not at all.
    await this.writer.query(this.sql.put, [
      threadId,
      ns,
      checkpoint.id,
      parentId,
      this._dumpCheckpoint(checkpoint),
      serializedMetadata,
      blobs.map((blob) => blob[2]),
      blobs.map((blob) => blob[3]),
      blobs.map((blob) => blob[4]),
      blobs.map((blob) => (blob[5] ? Buffer.from(blob[5]) : null)),
    ]);
    this.wrote(String(threadId));
    return { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpoint.id } };
  }

  override async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void> {
    const { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpointId } = (config.configurable ?? {}) as Record<string, string | undefined>;
    // As PostgresSaver: special channels (errors, interrupts…) replace what their task wrote; other writes are kept.
    const replace = writes.every(([channel]) => channel in WRITES_IDX_MAP);
    const rows = await this._dumpWrites(threadId!, ns!, checkpointId!, taskId, writes);
    // PostgresSaver writes row by row; one statement may not touch a row twice: keep the row that would stay.
    const byIdx = new Map<number, (typeof rows)[number]>();
    for (const row of rows) if (replace || !byIdx.has(row[4])) byIdx.set(row[4], row);
    const kept = [...byIdx.values()];
    if (kept.length > 0) {
      await this.writer.query(replace ? this.sql.replaceWrites : this.sql.keepWrites, [
        threadId,
        ns,
        checkpointId,
        taskId,
        kept.map((row) => row[4]),
        kept.map((row) => row[5]),
        kept.map((row) => row[6]),
        kept.map((row) => Buffer.from(row[7])),
      ]);
    }
    this.wrote(String(threadId));
  }

  override async deleteThread(threadId: string): Promise<void> {
    await super.deleteThread(threadId);
    this.wrote(threadId);
  }
}

/** PostgresSaver's upserts (same conflict rules), one statement per put or putWrites. */
function writeStatements(schema: string) {
  const writes = `INSERT INTO ${schema}.checkpoint_writes (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, blob)
    SELECT $1, $2, $3, $4, w.idx, w.channel, w.type, w.blob FROM unnest($5::int[], $6::text[], $7::text[], $8::bytea[]) AS w(idx, channel, type, blob)
    ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, task_id, idx)`;
  return {
    put: `WITH blobs AS (
        INSERT INTO ${schema}.checkpoint_blobs (thread_id, checkpoint_ns, channel, version, type, blob)
        SELECT $1, $2, b.channel, b.version, b.type, b.blob FROM unnest($7::text[], $8::text[], $9::text[], $10::bytea[]) AS b(channel, version, type, blob)
        ON CONFLICT (thread_id, checkpoint_ns, channel, version) DO NOTHING)
      INSERT INTO ${schema}.checkpoints (thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, checkpoint, metadata)
      VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id) DO UPDATE SET checkpoint = EXCLUDED.checkpoint, metadata = EXCLUDED.metadata`,
    replaceWrites: `${writes} DO UPDATE SET channel = EXCLUDED.channel, type = EXCLUDED.type, blob = EXCLUDED.blob`,
    keepWrites: `${writes} DO NOTHING`,
  };
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
