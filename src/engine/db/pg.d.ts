// The part of node-postgres (`pg`, installed with @langchain/langgraph-checkpoint-postgres) the
// Postgres backend uses. `pg` ships no types and @types/pg is not installed; replace this file
// with @types/pg when it is.

declare module "pg" {
  export interface PoolConfig {
    connectionString?: string;
    /** Server settings for every session, e.g. `-c default_transaction_read_only=on`. */
    options?: string;
    connectionTimeoutMillis?: number;
    idleTimeoutMillis?: number;
    max?: number;
  }

  export interface QueryResult<Row> {
    rows: Row[];
    rowCount: number | null;
  }

  interface Queryable {
    query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResult<Row>>;
  }

  export interface PoolClient extends Queryable {
    release(error?: Error | boolean): void;
  }

  export class Pool implements Queryable {
    constructor(config?: PoolConfig);
    query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResult<Row>>;
    connect(): Promise<PoolClient>;
    end(): Promise<void>;
    on(event: "error", listener: (error: Error) => void): this;
  }
}
