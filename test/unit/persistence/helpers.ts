// Temporary directories for database tests, removed after each file.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const made: string[] = [];

export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lg-db-test-"));
  made.push(dir);
  return dir;
}

export function tempDbPath(): string {
  return path.join(tempDir(), ".langgraph", "db.json");
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
