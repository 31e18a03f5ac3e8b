// LangGraph's own conformance suite for checkpointers, run against the checkpointer the Postgres
// backend hands to graph runs (ReportingSaver around PostgresSaver) on a real server, a fresh
// schema per checkpointer. The saver keeps channel values per version, as the suite expects.
import { deltaChannelHistoryTests, validate } from "@langchain/langgraph-checkpoint-validation";
import type { CheckpointSaverTestInitializer } from "@langchain/langgraph-checkpoint-validation";
import { Client } from "pg";
import { PostgresBackend } from "../../../src/engine/db/postgresBackend";
import type { ReportingSaver } from "../../../src/engine/db/postgresReporting";
import { startPostgresServer, type PostgresServer } from "../../support/postgresServer";

let server: PostgresServer | undefined;
let schemas = 0;
const open = new Map<ReportingSaver, { backend: PostgresBackend; schema: string }>();

async function dropSchema(schema: string): Promise<void> {
  const client = new Client({ connectionString: server!.url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

const initializer: CheckpointSaverTestInitializer<ReportingSaver> = {
  checkpointerName: "PostgresBackend (ReportingSaver around PostgresSaver)",
  async beforeAll() {
    server = await startPostgresServer();
  },
  beforeAllTimeout: 60_000,
  async createCheckpointer() {
    const schema = `conformance_${process.pid}_${++schemas}`;
    const backend = await PostgresBackend.open({ url: server!.url, schema });
    open.set(backend.checkpointer, { backend, schema });
    return backend.checkpointer;
  },
  async destroyCheckpointer(checkpointer) {
    const opened = open.get(checkpointer);
    open.delete(checkpointer);
    if (!opened) return;
    await opened.backend.close();
    await dropSchema(opened.schema);
  },
  async afterAll() {
    await server?.stop();
  },
};

validate(initializer);
deltaChannelHistoryTests(initializer);
