// Durations the README quotes, recorded by the runs that measure them (the code-server install
// that a first `npm start` or `npm test` does, a whole `npm test`) into test-results/run-times.json;
// `node scripts/readme-numbers.mjs` copies them into scripts/readme-numbers.json and the README.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const runTimesFile = join(resolve(dirname(fileURLToPath(import.meta.url)), ".."), "test-results", "run-times.json");

/** Records that `name` took `seconds` just now, keeping the other names' records. */
export function recordRunTime(name, seconds) {
  const times = readRunTimes();
  times[name] = { seconds: Math.round(seconds), date: new Date().toISOString().slice(0, 10) };
  mkdirSync(dirname(runTimesFile), { recursive: true });
  writeFileSync(runTimesFile, JSON.stringify(times, null, 2) + "\n");
}

export function readRunTimes() {
  try {
    return JSON.parse(readFileSync(runTimesFile, "utf8"));
  } catch {
    return {};
  }
}
