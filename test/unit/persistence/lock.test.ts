// Exactly one writer: many processes start on one database whose lock was left by a process
// that no longer runs. Each round the lock is made stale again and every process tries at once;
// exactly one may get it, and the others get DB_LOCKED naming the winner.

import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WriterLock } from "../../../src/persistence/lock";

const CONTENDERS = 12;
const ROUNDS = 40;
/** Above Linux's pid_max (2^22): no process has it. */
const DEAD_PID = 9_999_999;

let dir: string;
let bundle: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lock-test-"));
  bundle = path.join(dir, "lock.cjs");
  await build({
    entryPoints: [path.join(__dirname, "../../../src/persistence/lock.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    outfile: bundle,
    logLevel: "silent",
  });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function staleLock(file: string, token = "stale-owner"): void {
  fs.writeFileSync(file, JSON.stringify({ pid: DEAD_PID, hostname: os.hostname(), startedAt: "2026-01-01T00:00:00.000Z", token }) + "\n");
}

/**
 * A process that, on each "go" line, tries to take the lock and answers "won <pid>" or
 * "lost <code> <message>", then forgets what it took (the test makes the lock stale again).
 */
function contender(lockFile: string): { child: ChildProcess; answers: AsyncIterator<string> } {
  const child = spawn(
    process.execPath,
    [
      "-e",
      `const { WriterLock } = require(${JSON.stringify(bundle)});
       require("node:readline").createInterface({ input: process.stdin }).on("line", () => {
         try { WriterLock.acquire(${JSON.stringify(lockFile)}, "db.json"); console.log("won " + process.pid); }
         catch (error) { console.log("lost " + error.code + " " + error.message.replace(/\\n/g, " ")); }
       });
       console.log("ready");`,
    ],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  return { child, answers: createInterface({ input: child.stdout! })[Symbol.asyncIterator]() };
}

describe("WriterLock", () => {
  it(`gives a stale lock to exactly one of ${CONTENDERS} processes starting at once (${ROUNDS} rounds)`, async () => {
    const lockFile = path.join(dir, "db.json.lock");
    const contenders = Array.from({ length: CONTENDERS }, () => contender(lockFile));
    try {
      for (const { answers } of contenders) expect((await answers.next()).value).toBe("ready");
      const winnersPerRound: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        for (const name of fs.readdirSync(dir)) if (name.startsWith("db.json.lock")) fs.rmSync(path.join(dir, name));
        staleLock(lockFile, `stale-${round}`);
        // Every other round, a process also died while taking that lock over.
        if (round % 2 === 1) staleLock(`${lockFile}.takeover-stale-${round}`, `crashed-taker-${round}`);
        for (const { child } of contenders) child.stdin!.write("go\n");
        const answers = await Promise.all(contenders.map(async ({ answers }) => String((await answers.next()).value)));
        const winners = answers.filter((answer) => answer.startsWith("won "));
        winnersPerRound.push(winners.length);
        if (winners.length !== 1) continue;
        const winner = winners[0]!.slice("won ".length);
        expect(JSON.parse(fs.readFileSync(lockFile, "utf8")).pid).toBe(Number(winner));
        for (const answer of answers.filter((candidate) => !candidate.startsWith("won "))) {
          expect(answer).toMatch(/^lost DB_LOCKED /);
          expect(answer).toContain(`already open in process ${winner}`);
        }
      }
      expect(
        winnersPerRound.filter((count) => count !== 1),
        `writers per round: ${winnersPerRound.join(" ")}`,
      ).toEqual([]);
    } finally {
      for (const { child } of contenders) child.kill();
    }
  }, 120_000);

  it("takes over a lock whose owner is gone, and refuses one whose owner runs", () => {
    const lockFile = path.join(dir, "single.lock");
    staleLock(lockFile);
    const lock = WriterLock.acquire(lockFile, "db.json");
    expect(lock.isHeld()).toBe(true);
    expect(() => WriterLock.acquire(lockFile, "db.json")).toThrow(`already open in process ${process.pid}`);
    lock.release();
    expect(fs.existsSync(lockFile)).toBe(false);
    expect(fs.readdirSync(dir).filter((name) => name.startsWith("single.lock"))).toEqual([]);
  });

  it("takes over a lock whose taker died during the takeover, and cleans up after it", () => {
    const lockFile = path.join(dir, "crashed.lock");
    staleLock(lockFile, "gone-owner");
    staleLock(`${lockFile}.takeover-gone-owner`, "gone-taker");
    const lock = WriterLock.acquire(lockFile, "db.json");
    expect(JSON.parse(fs.readFileSync(lockFile, "utf8")).pid).toBe(process.pid);
    lock.release();
    expect(fs.readdirSync(dir).filter((name) => name.startsWith("crashed.lock"))).toEqual([]);
  });

  it("takes over an unreadable lock left by a crash some time ago", () => {
    const lockFile = path.join(dir, "empty.lock");
    fs.writeFileSync(lockFile, "");
    const longAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(lockFile, longAgo, longAgo);
    const lock = WriterLock.acquire(lockFile, "db.json");
    expect(lock.isHeld()).toBe(true);
    lock.release();
  });
});
