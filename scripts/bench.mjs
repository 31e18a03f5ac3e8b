// `npm run bench`: runs every bench/*.bench.ts (or one named on the command line) in its own
// Node process, one after another so they do not compete for the two cores. Each benchmark
// measures our code and its peer in the same run, prints a table of ratios against targets,
// and exits non-zero when a target is missed.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const only = process.argv.slice(2);
const files = readdirSync("bench")
  .filter((name) => name.endsWith(".bench.ts"))
  .filter((name) => only.length === 0 || only.some((wanted) => name.includes(wanted)))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n## ${file}\n`);
  const run = spawnSync(process.execPath, ["--expose-gc", "--import", "jiti/register", join("bench", file)], {
    stdio: "inherit",
  });
  if (run.status !== 0) failed++;
}
console.log(`\n${files.length - failed} benchmarks met their targets, ${failed} missed`);
process.exit(failed === 0 ? 0 : 1);
