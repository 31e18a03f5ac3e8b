// The SQL the Postgres backend runs itself, over the tables of LangGraph's PostgresSaver
// (`checkpoints`, `checkpoint_blobs`, `checkpoint_writes`) and PostgresStore (`store`): what
// their APIs cannot do (list threads, count, page by offset, compare-and-set in a transaction).
// Values are still decoded by the saver and store; these queries read ids, counts and JSONB, and
// for the Threads view the last message's stored JSON (one line need not decode a whole history).

import { TASKS } from "@langchain/langgraph-checkpoint";
import type { Pool, PoolClient } from "pg";
import type { NamespaceSummary } from "../../protocol/engine";
import { compareLabels } from "../../persistence/storeQuery";
import type { Page } from "./backend";

/** Postgres's SQLSTATE for a refused privilege ("must be owner of table …"). */
const INSUFFICIENT_PRIVILEGE = "42501";

/** PostgresStore keeps a namespace as its labels joined with ":" (labels cannot hold "%", "_", "\" or "."). */
export const NAMESPACE_SEPARATOR = ":";

/**
 * Why PostgresStore could not hold an item in `namespace` (its own rules, and ":" which would
 * split the label), or undefined: the backend's SQL writes check it as the store's API does.
 */
export function namespaceProblem(namespace: readonly string[]): string | undefined {
  if (namespace.length === 0) return "A store namespace cannot be empty.";
  if (namespace[0] === "langgraph") return 'A store namespace cannot start with "langgraph" (LangGraph keeps it for itself).';
  const bad = namespace.find((label) => label === "" || /[.:%_\\]/.test(label));
  if (bad !== undefined) return `Namespace label ${JSON.stringify(bad)} cannot be empty or hold ".", ":", "%", "_" or "\\" in a Postgres store.`;
  return undefined;
}

/** A row of the store table, as the views show it. */
export interface StoreRow {
  namespace_path: string;
  key: string;
  value: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

/**
 * A thread as the Threads view lists it, read from its newest root checkpoint's row without
 * decoding its state: the channels holding a value, the pending sends (still encoded, for the
 * saver's serde) and the last message in its stored (JSON) form.
 */
export interface ThreadRow {
  thread_id: string;
  checkpoint_id: string;
  count: number;
  /** The checkpoint format's version (`v`): before 4, pending sends live in the parent's writes. */
  v: number;
  ts: string | null;
  metadata: Record<string, unknown>;
  value_channels: string[] | null;
  tasks_type: string | null;
  tasks_blob: Buffer | null;
  /**
   * The `messages` channel's last entry as stored, in a one-entry array (`[null]` for none); null
   * when the server cannot read it: not JSON, in a database not in UTF8, or holding a \u0000
   * escape (which Postgres's json parser refuses, failing the whole query).
   */
  last_message: [unknown] | null;
}

export class PostgresTables {
  readonly checkpoints: string;
  readonly store: string;
  private readonly blobs: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.checkpoints = `"${schema}".checkpoints`;
    this.blobs = `"${schema}".checkpoint_blobs`;
    this.store = `"${schema}".store`;
  }

  /**
   * What our namespace-prefix queries need and PostgresStore's own indexes lack: its btree on
   * namespace_path serves `LIKE 'prefix%'` only under the C collation, text_pattern_ops under
   * any. Built CONCURRENTLY: a live app's writes to the store are not held up meanwhile. A role
   * that may write but does not own the table cannot add it: the pages then scan the store.
   */
  async createIndexes(): Promise<void> {
    await this.pool
      .query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS store_namespace_path_prefix ON ${this.store} (namespace_path text_pattern_ops)`)
      .catch((error: unknown) => {
        if ((error as { code?: unknown } | null)?.code !== INSUFFICIENT_PRIVILEGE) throw error;
      });
  }

  /**
   * Threads with root checkpoints, the one with the newest checkpoint first (uuid6 ids grow with
   * time), each summarized from its newest checkpoint in the same query: its state stays on the
   * server but for the names of the channels holding a value, the pending sends and the last message.
   */
  async threadPage({ offset, limit }: Page): Promise<{ rows: ThreadRow[]; total: number }> {
    // The blob a channel holds at the checkpoint's version of it (as PostgresSaver's own SELECT joins them).
    const blobOf = (blob: string, channel: string) =>
      `${blob}.thread_id = cp.thread_id AND ${blob}.checkpoint_ns = '' AND ${blob}.channel = '${channel}' AND ${blob}.version = cp.checkpoint -> 'channel_versions' ->> '${channel}'`;
    // '\x5c7530303030' is the text \u0000 as bytes: see ThreadRow.last_message.
    const result = await this.pool.query<ThreadRow & { total: number }>(
      `WITH page AS (
         SELECT thread_id, max(checkpoint_id) AS newest, count(*)::int AS count, (count(*) OVER ())::int AS total
           FROM ${this.checkpoints} WHERE checkpoint_ns = ''
          GROUP BY thread_id ORDER BY newest DESC LIMIT $1 OFFSET $2)
       SELECT cp.thread_id, cp.checkpoint_id, page.count, page.total, (cp.checkpoint ->> 'v')::int AS v, cp.checkpoint ->> 'ts' AS ts, cp.metadata,
              (SELECT array_agg(bl.channel) FROM jsonb_each_text(cp.checkpoint -> 'channel_versions') AS version
                 JOIN ${this.blobs} bl ON bl.thread_id = cp.thread_id AND bl.checkpoint_ns = '' AND bl.channel = version.key AND bl.version = version.value
                WHERE bl.type <> 'empty') AS value_channels,
              tasks.type AS tasks_type, tasks.blob AS tasks_blob,
              (SELECT CASE WHEN current_setting('server_encoding') = 'UTF8' AND position('\\x5c7530303030'::bytea IN bl.blob) = 0
                           THEN json_build_array(convert_from(bl.blob, 'UTF8')::json -> -1) END
                 FROM ${this.blobs} bl WHERE ${blobOf("bl", "messages")} AND bl.type = 'json') AS last_message
         FROM page
         JOIN ${this.checkpoints} cp ON cp.thread_id = page.thread_id AND cp.checkpoint_ns = '' AND cp.checkpoint_id = page.newest
         LEFT JOIN ${this.blobs} tasks ON ${blobOf("tasks", TASKS)} AND tasks.type <> 'empty'
        ORDER BY page.newest DESC`,
      [limit, offset],
    );
    const total = result.rows[0]?.total ?? (offset > 0 ? await this.threadCount() : 0);
    return { rows: result.rows, total };
  }

  private async threadCount(): Promise<number> {
    const result = await this.pool.query<{ n: number }>(`SELECT count(DISTINCT thread_id)::int AS n FROM ${this.checkpoints} WHERE checkpoint_ns = ''`);
    return result.rows[0]?.n ?? 0;
  }

  /** A page of a thread's root checkpoint ids, newest first, and how many it has. */
  async checkpointPage(threadId: string, { offset, limit }: Page): Promise<{ ids: string[]; total: number }> {
    const [page, count] = await Promise.all([
      this.pool.query<{ checkpoint_id: string }>(
        `SELECT checkpoint_id FROM ${this.checkpoints} WHERE thread_id = $1 AND checkpoint_ns = '' ORDER BY checkpoint_id DESC LIMIT $2 OFFSET $3`,
        [threadId, limit, offset],
      ),
      this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.checkpoints} WHERE thread_id = $1 AND checkpoint_ns = ''`, [threadId]),
    ]);
    return { ids: page.rows.map((row) => row.checkpoint_id), total: count.rows[0]?.n ?? 0 };
  }

  /** The namespace ("" for the graph's own) a checkpoint of the thread lives in, if any. */
  async checkpointNamespace(threadId: string, checkpointId: string): Promise<string | undefined> {
    const result = await this.pool.query<{ checkpoint_ns: string }>(
      `SELECT checkpoint_ns FROM ${this.checkpoints} WHERE thread_id = $1 AND checkpoint_id = $2 ORDER BY checkpoint_ns LIMIT 1`,
      [threadId, checkpointId],
    );
    return result.rows[0]?.checkpoint_ns;
  }

  /** Namespaces under `prefix`, cut to `maxDepth` labels, with their item counts, in label order. */
  async namespaceCounts(prefix: readonly string[], maxDepth: number | undefined): Promise<NamespaceSummary[]> {
    const where = underPrefix(prefix, []);
    const result = await this.pool.query<{ namespace_path: string; count: number }>(
      `SELECT namespace_path, count(*)::int AS count FROM ${this.store} WHERE ${where.sql} GROUP BY namespace_path`,
      where.params,
    );
    const counts = new Map<string, NamespaceSummary>();
    for (const row of result.rows) {
      const labels = row.namespace_path.split(NAMESPACE_SEPARATOR);
      const shown = maxDepth === undefined ? labels : labels.slice(0, maxDepth);
      const key = shown.join("\u0000");
      const summary = counts.get(key);
      if (summary) summary.count += row.count;
      else counts.set(key, { namespace: shown, count: row.count });
    }
    return [...counts.values()].sort((a, b) => compareLabels(a.namespace, b.namespace));
  }

  /** A page of the items under `prefix` whose top-level fields equal `filter`'s, newest first, and how many match. */
  async itemPage(
    prefix: readonly string[],
    filter: Record<string, unknown> | undefined,
    { offset, limit }: Page,
  ): Promise<{ rows: StoreRow[]; total: number }> {
    const params: unknown[] = [];
    let where = underPrefix(prefix, params).sql;
    // Containment of { field: value }: equality for scalars, as PostgresStore's own filter.
    for (const [field, value] of Object.entries(filter ?? {})) {
      params.push(JSON.stringify({ [field]: value }));
      where += ` AND value @> $${params.length}::jsonb`;
    }
    const [page, count] = await Promise.all([
      this.pool.query<StoreRow>(
        `SELECT namespace_path, key, value, created_at, updated_at FROM ${this.store} WHERE ${where}
          ORDER BY updated_at DESC, namespace_path, key LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, limit, offset],
      ),
      this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.store} WHERE ${where}`, params),
    ]);
    return { rows: page.rows, total: count.rows[0]?.n ?? 0 };
  }

  /** Runs `work` in one transaction. */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** The item's row, locked until the transaction ends. */
  async lockItem(client: PoolClient, namespace: readonly string[], key: string): Promise<StoreRow | undefined> {
    const result = await client.query<StoreRow>(
      `SELECT namespace_path, key, value, created_at, updated_at FROM ${this.store} WHERE namespace_path = $1 AND key = $2 FOR UPDATE`,
      [namespace.join(NAMESPACE_SEPARATOR), key],
    );
    return result.rows[0];
  }

  /** Creates or replaces an item (the store's trigger sets `updated_at`). */
  async upsertItem(client: PoolClient, namespace: readonly string[], key: string, value: Record<string, unknown>): Promise<StoreRow> {
    const result = await client.query<StoreRow>(
      `INSERT INTO ${this.store} (namespace_path, key, value) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (namespace_path, key) DO UPDATE SET value = EXCLUDED.value
       RETURNING namespace_path, key, value, created_at, updated_at`,
      [namespace.join(NAMESPACE_SEPARATOR), key, JSON.stringify(value)],
    );
    return result.rows[0]!;
  }

  async renameItem(
    client: PoolClient,
    from: { namespace: readonly string[]; key: string },
    to: { namespace: readonly string[]; key: string },
  ): Promise<StoreRow> {
    const result = await client.query<StoreRow>(
      `UPDATE ${this.store} SET namespace_path = $3, key = $4 WHERE namespace_path = $1 AND key = $2
       RETURNING namespace_path, key, value, created_at, updated_at`,
      [from.namespace.join(NAMESPACE_SEPARATOR), from.key, to.namespace.join(NAMESPACE_SEPARATOR), to.key],
    );
    return result.rows[0]!;
  }

  /** Changes whenever a checkpoint or an item is written or deleted, by anyone: for polling. */
  async fingerprint(): Promise<string> {
    const result = await this.pool.query<{ fingerprint: string }>(
      `SELECT concat_ws('|', (SELECT count(*) FROM ${this.checkpoints}), (SELECT max(checkpoint_id) FROM ${this.checkpoints}),
                             (SELECT count(*) FROM ${this.store}), (SELECT max(updated_at) FROM ${this.store})) AS fingerprint`,
    );
    return result.rows[0]?.fingerprint ?? "";
  }
}

/** Rows not expired and in a namespace under `prefix`, label by label (["note"] is not under ["notes"]). */
function underPrefix(prefix: readonly string[], params: unknown[]): { sql: string; params: unknown[] } {
  let sql = "(expires_at IS NULL OR expires_at > CURRENT_TIMESTAMP)";
  if (prefix.length > 0) {
    const path = prefix.join(NAMESPACE_SEPARATOR);
    params.push(path, `${escapeLike(path)}${NAMESPACE_SEPARATOR}%`);
    sql += ` AND (namespace_path = $${params.length - 1} OR namespace_path LIKE $${params.length})`;
  }
  return { sql, params };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
