// The user's production app in the Postgres tests: a plain Node.js process using LangGraph's own
// PostgresSaver and PostgresStore on the server the runner started (test/vscode/run.mjs), so the
// tests can check that the app and the debugger see each other's writes.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { repoRoot } from "./paths";

/** The runner's PostgreSQL server, without its password (undefined when the runner started none). */
export const postgresUrl = process.env.LANGGRAPH_TEST_POSTGRES_URL;

/**
 * Runs `code` as the app would, with `saver` and `store` on `schema` (tables set up first);
 * returns what it returns, as JSON.
 */
export async function asTheApp(schema: string, code: string): Promise<string> {
  const url = new URL(postgresUrl!);
  url.password = process.env.LANGGRAPH_TEST_PGPASSWORD!;
  const script = `
    const { PostgresSaver } = require("@langchain/langgraph-checkpoint-postgres");
    const { PostgresStore } = require("@langchain/langgraph-checkpoint-postgres/store");
    const saver = PostgresSaver.fromConnString(${JSON.stringify(url.toString())}, { schema: ${JSON.stringify(schema)} });
    const store = PostgresStore.fromConnString(${JSON.stringify(url.toString())}, { schema: ${JSON.stringify(schema)} });
    (async () => { await saver.setup(); await store.setup(); ${code} })()
      .then((out) => { process.stdout.write(JSON.stringify(out ?? null)); return Promise.all([saver.end(), store.stop()]); })
      .catch((error) => { console.error(error); process.exit(1); });`;
  const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], { cwd: repoRoot, env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" } });
  return stdout;
}
