// LangGraph's BaseCheckpointSaver over the workspace database. Channel values are stored once per
// channel version (as the Postgres saver does), so a checkpoint repeats no unchanged value. A
// stored value is never rewritten: versions are unique across the branches of a thread
// (channelVersions.ts), and a put that would change a stored value is refused.
// LangGraph finds savers by duck typing, so this works with any copy of @langchain/langgraph.

import type { RunnableConfig } from "@langchain/core/runnables";
import type {
  ChannelVersions,
  Checkpoint,
  CheckpointListOptions,
  CheckpointMetadata,
  CheckpointPendingWrite,
  CheckpointTuple,
  PendingWrite,
  SerializerProtocol,
} from "@langchain/langgraph-checkpoint";
import { BaseCheckpointSaver, copyCheckpoint, getCheckpointId, maxChannelVersion, TASKS, WRITES_IDX_MAP } from "@langchain/langgraph-checkpoint";
import { nextChannelVersion } from "./channelVersions";
import type { WorkspaceDatabase } from "./database";
import { invalidInput } from "./errors";
import type { Json, NewJournalEntry, WriteRecord } from "./records";
import type { CheckpointNamespace, CheckpointRecord } from "./state";
import { checkpointNamespace, lowerBound, writeKey } from "./state";
import { setOwn, ValueCodec } from "./values";

const hasOwn = Object.prototype.hasOwnProperty;

/** How an error names a channel's value (built only when a value is refused). */
function channelSubject(channel: string, thread: string, ns: string): () => string {
  return () => `channel ${JSON.stringify(channel)} of thread ${JSON.stringify(thread)}${ns === "" ? "" : ` (checkpoint_ns ${JSON.stringify(ns)})`}`;
}

type ChannelVersion = number | string;
interface StoredCheckpoint {
  v: number;
  channel_versions?: Record<string, ChannelVersion>;
  channel_values?: Record<string, Json>;
}

function requireThreadId(config: RunnableConfig, action: string): string {
  const threadId = config.configurable?.thread_id;
  if (threadId === undefined || threadId === null || threadId === "") {
    throw invalidInput(
      `Cannot ${action}: the config has no configurable.thread_id. Pass one when you run the graph, ` +
        `e.g. graph.invoke(input, { configurable: { thread_id: "my-thread" } }).`,
    );
  }
  return String(threadId);
}

function overwriteRefused(thread: string, ns: string, channel: string, version: string, checkpointId: string): Error {
  return invalidInput(
    `Cannot save checkpoint ${checkpointId}: thread ${JSON.stringify(thread)} (checkpoint_ns ${JSON.stringify(ns)}) already holds a different value ` +
      `for channel ${JSON.stringify(channel)} at version ${version}, which other checkpoints show; it was left as it was. ` +
      `Each new channel value needs a version of its own: let the checkpointer's getNextVersion make them (LangGraph does), never reuse one.`,
  );
}

export class WorkspaceCheckpointSaver extends BaseCheckpointSaver {
  private readonly codec: ValueCodec;

  constructor(
    private readonly db: WorkspaceDatabase,
    serde?: SerializerProtocol,
  ) {
    super(serde);
    const defaultSerde = this.serde;
    this.codec = new ValueCodec(
      () => this.serde,
      () => serde === undefined && this.serde === defaultSerde,
    );
  }

  /** Unique across the branches of a thread, so a fork never reuses a version its original branch wrote. */
  override getNextVersion(current: number | undefined): number {
    return nextChannelVersion(current);
  }

  /** The codec, shared with the store so both write values the same way. */
  get valueCodec(): ValueCodec {
    return this.codec;
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const threadId = config.configurable?.thread_id;
    if (threadId === undefined || threadId === null) return undefined;
    const thread = String(threadId);
    const ns: string = config.configurable?.checkpoint_ns ?? "";
    const space = checkpointNamespace(this.db.state, thread, ns);
    if (space === undefined) return undefined;
    const id = getCheckpointId(config) || space.ids[space.ids.length - 1];
    const record = id === undefined ? undefined : space.checkpoints.get(id);
    if (record === undefined) return undefined;
    return this.toTuple(thread, ns, id, record, space);
  }

  async *list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple> {
    const { limit, before, filter } = options ?? {};
    const threadId = config.configurable?.thread_id;
    const onlyNs: string | undefined = config.configurable?.checkpoint_ns;
    const onlyId: string | undefined = config.configurable?.checkpoint_id;
    const beforeId: string | undefined = before?.configurable?.checkpoint_id;
    const filters =
      filter === undefined
        ? []
        : await Promise.all(Object.entries(filter).map(async ([key, value]) => [key, JSON.stringify(await this.codec.encode(value))] as const));

    // Candidates, newest first; the ids are copied so that changes during iteration are harmless.
    const candidates: Array<{ thread: string; ns: string; id: string }> = [];
    const threads = threadId === undefined ? [...this.db.state.threads.keys()] : [String(threadId)];
    for (const thread of threads) {
      for (const [ns, space] of this.db.state.threads.get(thread) ?? []) {
        if (onlyNs !== undefined && ns !== onlyNs) continue;
        const end = beforeId === undefined ? space.ids.length : lowerBound(space.ids, beforeId);
        for (let i = end - 1; i >= 0; i--) {
          const id = space.ids[i];
          if (onlyId === undefined || id === onlyId) candidates.push({ thread, ns, id });
        }
      }
    }
    if (threads.length > 1 || onlyNs === undefined) candidates.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));

    let remaining = limit ?? Infinity;
    for (const { thread, ns, id } of candidates) {
      if (remaining <= 0) return;
      const space = checkpointNamespace(this.db.state, thread, ns);
      const record = space?.checkpoints.get(id);
      if (space === undefined || record === undefined) continue;
      const metadata = record.metadata as Record<string, Json> | undefined;
      if (!filters.every(([key, text]) => JSON.stringify(metadata?.[key]) === text)) continue;
      remaining--;
      yield await this.toTuple(thread, ns, id, record, space);
    }
  }

  async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata, newVersions: ChannelVersions): Promise<RunnableConfig> {
    const thread = requireThreadId(config, "save a checkpoint");
    const ns: string = config.configurable?.checkpoint_ns ?? "";
    const parent: string | null = config.configurable?.checkpoint_id ?? null;
    const copy = copyCheckpoint(checkpoint);
    const versions = copy.channel_versions;
    // Values whose version is new are stored under that version; a channel without a version
    // (never the case in LangGraph itself) is kept inline so nothing is dropped.
    const valueTasks: Array<Promise<readonly [string, string, Json]>> = [];
    for (const channel of Object.keys(newVersions)) {
      if (hasOwn.call(copy.channel_values, channel)) {
        const version = String(newVersions[channel]);
        valueTasks.push(
          this.codec.encode(copy.channel_values[channel], channelSubject(channel, thread, ns), channel).then((tree) => [channel, version, tree] as const),
        );
      }
    }
    const inline: Record<string, unknown> = {};
    for (const [channel, value] of Object.entries(copy.channel_values)) if (!hasOwn.call(versions, channel)) setOwn(inline, channel, value);
    const stored: Record<string, unknown> = { ...copy, channel_values: inline };
    if (Object.keys(inline).length === 0) delete stored.channel_values;

    const where = () => `checkpoint ${checkpoint.id} of thread ${JSON.stringify(thread)}`;
    const recorded = withGraphId(metadata, config);
    const encoding = [
      this.codec.encode(stored, where, ""),
      this.codec.encode(recorded, () => `the metadata of ${where()}`, ""),
      Promise.all(valueTasks),
    ] as const;
    const prepared = Promise.all(encoding).then(([checkpointTree, metadataTree, blobs]) => (): NewJournalEntry[] => {
      const space = checkpointNamespace(this.db.state, thread, ns);
      // Null-prototype objects: a channel named "__proto__" or "toString" is a key like any other.
      const values: Record<string, Record<string, Json>> = Object.create(null);
      for (const [channel, version, tree] of blobs) {
        const kept = space?.channels.get(channel)?.get(version);
        if (kept !== undefined && JSON.stringify(kept) !== JSON.stringify(tree)) throw overwriteRefused(thread, ns, channel, version, checkpoint.id);
        (values[channel] ??= Object.create(null))[version] = tree;
      }
      return [{ op: "checkpoint", thread, ns, id: checkpoint.id, parent, checkpoint: checkpointTree, metadata: metadataTree, values }];
    });
    await this.db.commitInOrder(prepared);
    return { configurable: { thread_id: thread, checkpoint_ns: ns, checkpoint_id: checkpoint.id } };
  }

  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void> {
    const thread = requireThreadId(config, "save pending writes");
    const ns: string = config.configurable?.checkpoint_ns ?? "";
    const id: string | undefined = config.configurable?.checkpoint_id;
    if (id === undefined) throw invalidInput("Cannot save pending writes: the config has no configurable.checkpoint_id (the checkpoint they belong to).");
    const prepared = Promise.all(
      writes.map(async ([channel, value], index): Promise<WriteRecord> => ({
        task: taskId,
        // Own keys only: WRITES_IDX_MAP is a plain object, and a channel named "constructor" would find a function.
        idx: hasOwn.call(WRITES_IDX_MAP, channel) ? WRITES_IDX_MAP[channel] : index,
        channel,
        value: await this.codec.encode(value, channelSubject(channel, thread, ns), channel),
      })),
    ).then((records) => (): NewJournalEntry[] => {
      const existing = checkpointNamespace(this.db.state, thread, ns)?.checkpoints.get(id)?.writes;
      // As in LangGraph's own savers: a regular write is kept once, a special one (error,
      // interrupt…, negative idx) replaces the previous one.
      const kept = records.filter((write) => write.idx < 0 || !existing?.has(writeKey(write.task, write.idx)));
      return kept.length === 0 ? [] : [{ op: "writes", thread, ns, id, writes: kept }];
    });
    await this.db.commitInOrder(prepared);
  }

  async deleteThread(threadId: string): Promise<void> {
    await this.db.commitInOrder(Promise.resolve(() => [{ op: "deleteThread", thread: String(threadId) }]));
  }

  private async toTuple(thread: string, ns: string, id: string, record: CheckpointRecord, space: CheckpointNamespace): Promise<CheckpointTuple> {
    const stored = record.checkpoint as StoredCheckpoint;
    const channels: string[] = [];
    const trees: Json[] = [stored, record.metadata];
    for (const [channel, version] of Object.entries(stored.channel_versions ?? {})) {
      const tree = space.channels.get(channel)?.get(String(version));
      if (tree !== undefined) {
        channels.push(channel);
        trees.push(tree);
      }
    }
    const writes = [...record.writes.values()];
    for (const write of writes) trees.push(write.value);
    // Checkpoints older than format 4 kept pending sends as writes on their parent.
    const sends = stored.v < 4 && record.parent !== null ? this.parentSends(space, record.parent) : [];
    for (const send of sends) trees.push(send.value);

    const decoded = await this.codec.decodeMany(trees);
    const checkpoint = decoded[0] as Checkpoint;
    checkpoint.channel_values = (checkpoint.channel_values as Record<string, unknown> | undefined) ?? {};
    let at = 2;
    for (const channel of channels) setOwn(checkpoint.channel_values, channel, decoded[at++]);
    const pendingWrites: CheckpointPendingWrite[] = writes.map((write) => [write.task, write.channel, decoded[at++]]);
    if (record.parent !== null && stored.v < 4) {
      checkpoint.channel_values[TASKS] = sends.map(() => decoded[at++]);
      const known = Object.values(checkpoint.channel_versions);
      // A fixed version when there is none to follow, so that reading twice gives the same tuple.
      checkpoint.channel_versions[TASKS] = known.length > 0 ? maxChannelVersion(...known) : 1;
    }
    const tuple: CheckpointTuple = {
      config: { configurable: { thread_id: thread, checkpoint_ns: ns, checkpoint_id: id } },
      checkpoint,
      metadata: decoded[1] as CheckpointMetadata,
      pendingWrites,
    };
    if (record.parent !== null) tuple.parentConfig = { configurable: { thread_id: thread, checkpoint_ns: ns, checkpoint_id: record.parent } };
    return tuple;
  }

  private parentSends(space: CheckpointNamespace, parent: string): WriteRecord[] {
    const writes = [...(space.checkpoints.get(parent)?.writes.values() ?? [])].filter((write) => write.channel === TASKS);
    return writes.sort((a, b) => (a.task < b.task ? -1 : a.task > b.task ? 1 : a.idx - b.idx));
  }
}

/**
 * The metadata with the run's graph (`configurable.graph_id`) recorded as `graph_id` (by every
 * checkpointer the engine hands a run: this one and the Postgres backend's), as
 * LangGraph's API server records it, so that views can tell the threads of a database's graphs
 * apart. LangGraph.js copies no configurable key into checkpoint metadata itself; it does hand
 * the run's configurable (subgraphs inherit it) to put, so the graph is named there.
 */
export function withGraphId(metadata: CheckpointMetadata, config: RunnableConfig): CheckpointMetadata {
  const graphId: unknown = config.configurable?.graph_id;
  if (graphId === undefined || "graph_id" in metadata) return metadata;
  return { ...metadata, graph_id: graphId } as CheckpointMetadata;
}
