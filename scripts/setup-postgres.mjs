// Makes sure Debian's PostgreSQL server binaries are installed: the Postgres backend's tests
// start a throwaway server with them (test/support/postgresServer.ts).
// CLI: `node scripts/setup-postgres.mjs`.
import { existsSync, readdirSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { ensureAptPackages } from "./setup-apt.mjs";

const debianDir = "/usr/lib/postgresql";

/** True when some /usr/lib/postgresql/N/bin holds pg_ctl (what the tests look for first). */
function hasServerBinaries() {
  return existsSync(debianDir) && readdirSync(debianDir).some((version) => existsSync(`${debianDir}/${version}/bin/pg_ctl`));
}

/** Installs Debian's `postgresql` package when no server binaries are there. */
export function ensurePostgres({ log = console.log } = {}) {
  if (hasServerBinaries()) {
    log(`postgresql: already installed in ${debianDir}`);
    return;
  }
  ensureAptPackages(["postgresql"], { log });
  if (!hasServerBinaries()) throw new Error(`apt-get installed postgresql but ${debianDir}/N/bin/pg_ctl is still missing.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    ensurePostgres();
  } catch (error) {
    console.error(`setup-postgres: ${error.message}`);
    process.exit(1);
  }
}
