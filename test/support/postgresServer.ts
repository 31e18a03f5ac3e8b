// A throwaway PostgreSQL server for tests: Debian's binaries (`apt-get install -y postgresql`,
// which `npm test`'s set-up does), a fresh cluster in a temporary directory, listening on
// 127.0.0.1 and a free port, with a password (so auth errors can be tested). Run as the
// `postgres` user when tests run as root: initdb refuses root.

import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { freePort } from "./freePort";

export interface PostgresServer {
  /** `postgres://postgres:PASSWORD@127.0.0.1:PORT/postgres` */
  url: string;
  port: number;
  password: string;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

const SERVER_USER = "postgres";

/** The directory holding initdb and pg_ctl: Debian's newest /usr/lib/postgresql/N/bin, else PATH's. */
export function postgresBinDir(): string {
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((name) => /^\d+$/.test(name) && existsSync(join(debian, name, "bin", "pg_ctl")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return join(debian, versions[0]!, "bin");
  }
  for (const dir of ["/usr/local/bin", "/usr/bin"]) if (existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) return dir;
  throw new Error(
    "PostgreSQL's server binaries (initdb, pg_ctl) are not on this machine, so the Postgres tests cannot start a database. " +
      "Install them with `apt-get install -y postgresql` (npm test's set-up, scripts/setup-postgres.mjs, does this when run as root).",
  );
}

/** Runs a server binary, as the `postgres` user when we are root. */
function runServerCommand(bin: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [command, commandArgs] = asRoot ? ["runuser", ["-u", SERVER_USER, "--", bin, ...args]] : [bin, args];
  const result = spawnSync(command, commandArgs, { encoding: "utf8" });
  if (result.error || result.status !== 0) {
    throw new Error(`\`${[bin, ...args].join(" ")}\` failed: ${result.error?.message ?? ""}${result.stdout ?? ""}${result.stderr ?? ""}`);
  }
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), "lg-postgres-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", SERVER_USER], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", SERVER_USER], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const dataDir = join(dir, "data");
  const password = randomBytes(12).toString("hex");
  const passwordFile = join(dir, "password");
  writeFileSync(passwordFile, password, { mode: 0o644 });
  const port = await freePort();
  try {
    runServerCommand(join(bin, "initdb"), [
      "--no-sync",
      "-D",
      dataDir,
      "-U",
      SERVER_USER,
      "-E",
      "UTF8",
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
      `--pwfile=${passwordFile}`,
    ]);
    // The socket lives in the data directory: /var/run/postgresql may not exist or be writable.
    const serverOptions = `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
    runServerCommand(join(bin, "pg_ctl"), ["-D", dataDir, "-o", serverOptions, "-l", join(dir, "server.log"), "-w", "start"]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://${SERVER_USER}:${password}@127.0.0.1:${port}/postgres`,
    port,
    password,
    stop: async () => {
      try {
        runServerCommand(join(bin, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
