// The table every database benchmark prints: one row per measure, ours beside the peer measured
// in the same run, the ratio, the target and whether it was met; the process fails on a miss.
import * as os from "node:os";

export type BenchRow = { measure: string; ours: string; peer: string; ratio?: number; target?: string; pass?: boolean };

/** Prints the machine line and the table (`oursTitle` heads our column); sets the exit code. */
export function printBenchTable(rows: readonly BenchRow[], oursTitle: string, runNote: string): void {
  console.log(
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 1e9)} GB, Node ${process.version}, ${os.platform()}; ${runNote}\n`,
  );
  console.log(`| Measure | ${oursTitle} | Peer | Ratio | Target | Result |`);
  console.log("|---|---|---|---|---|---|");
  for (const row of rows) {
    const ratio = row.ratio === undefined ? "" : `${row.ratio.toFixed(2)}×`;
    const verdict = row.pass === undefined ? "" : row.pass ? "PASS" : "MISS";
    console.log(`| ${row.measure} | ${row.ours} | ${row.peer} | ${ratio} | ${row.target ?? ""} | ${verdict} |`);
  }
  const missed = rows.filter((row) => row.pass === false).length;
  console.log(missed === 0 ? "\nAll targets met." : `\n${missed} target(s) missed.`);
  process.exitCode = missed === 0 ? 0 : 1;
}
