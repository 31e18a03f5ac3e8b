// ExpressionSandbox against hostile expressions. Those that could hang run in a child process
// (a synchronous endless loop outside the time limit cannot be stopped from inside the test
// process), which evaluates each one and then a plain expression, as the engine would next.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExpressionSandbox, type SandboxScope } from "../../../../src/engine/session/sandbox";

const scope: SandboxScope = { state: { count: 1, messages: [{ content: "hi" }] }, context: {}, config: {}, metadata: {}, next: [] };

let dir: string;
let bundle: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sandbox-test-"));
  bundle = join(dir, "sandbox.cjs");
  await build({
    entryPoints: [join(__dirname, "../../../../src/engine/session/sandbox.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    outfile: bundle,
    logLevel: "silent",
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  hostile: string;
  /** What the plain expression `count + 1` gave afterwards. */
  after: string;
}

/** Evaluates the expression, then `count + 1`, in a child process that must finish. */
function evaluateInChild(expression: string): Outcome {
  const script = join(dir, "child.cjs");
  writeFileSync(
    script,
    `const { ExpressionSandbox } = require(${JSON.stringify(bundle)});
     const sandbox = new ExpressionSandbox(${JSON.stringify(scope)});
     const attempt = (text) => { try { return "value " + JSON.stringify(sandbox.evaluate(text)); } catch (error) { return "error " + error.message; } };
     const hostile = attempt(process.argv[2]);
     process.stdout.write(JSON.stringify({ hostile, after: attempt("count + 1") }));`,
  );
  try {
    return JSON.parse(execFileSync(process.execPath, [script, expression], { encoding: "utf8", timeout: 15_000 })) as Outcome;
  } catch (error) {
    const { signal, status } = error as { signal?: string; status?: number };
    throw new Error(`the process evaluating \`${expression}\` did not answer (signal ${signal ?? "none"}, exit ${status ?? "none"})`);
  }
}

describe("ExpressionSandbox against hostile expressions", () => {
  const cases: Array<[string, string]> = [
    ['({ get x() { throw new Error("boom") } })', "Error: boom"],
    ["({ toJSON() { while (true) {} } })", "ran longer than 250 ms"],
    ["(() => { throw new Proxy({}, { get() { while (true) {} } }) })()", "ran longer than 250 ms"],
    ["(() => { throw new Proxy({}, { get() { throw 1 } }) })()", "cannot be described"],
    ["(() => { throw { get message() { while (true) {} } } })()", "ran longer than 250 ms"],
    ['(() => { throw { get name() { throw 5 }, message: "x" } })()', "cannot be described"],
    ["Promise.resolve().then(function f() { return Promise.resolve().then(f) })", "ran longer than 250 ms"],
    ["(async () => { for (;;) await 0 })()", "ran longer than 250 ms"],
    ["Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)", "ran longer than 250 ms"],
    ["queueMicrotask(() => {})", "queueMicrotask is not defined"],
    ["new FinalizationRegistry(() => { while (true) {} })", "FinalizationRegistry is not defined"],
    // Text that tries to close the wrapper and run outside its try/catch.
    ["1)); (() => { throw new Proxy({}, { get() { while (true) {} } }) })(); ((2", "SyntaxError"],
  ];

  it.each(cases)("%s fails with a message and the next evaluation works", (expression, problem) => {
    const outcome = evaluateInChild(expression);
    expect(outcome.hostile).toContain(`error Could not evaluate \`${expression}\``);
    expect(outcome.hostile).toContain(problem);
    expect(outcome.after).toBe("value 2");
  });
});

describe("ExpressionSandbox isolation between evaluations", () => {
  it("gives each evaluation fresh globals", () => {
    const sandbox = new ExpressionSandbox(scope);
    sandbox.evaluate("(globalThis.planted = 1, 0)");
    expect(sandbox.evaluate("typeof planted")).toBe("undefined");
    sandbox.evaluate("(globalThis.helper = () => 1, 0)");
    sandbox.evaluate("(globalThis.helper = () => 2, 0)");
    expect(sandbox.evaluate("typeof helper")).toBe("undefined");
    sandbox.evaluate("(Map.prototype.get = () => 42, 0)");
    expect(sandbox.evaluate("new Map([[1, 2]]).get(1)")).toBe(2);
    sandbox.evaluate('(JSON.stringify = () => "\\"hacked\\"", 0)');
    expect(sandbox.evaluate("[count]")).toEqual([1]);
    sandbox.evaluate('(/(secret)/.test("secret"), 0)');
    expect(sandbox.evaluate("RegExp.$1")).toBe("");
  });

  it("keeps the state read-only and reports plain values", () => {
    const sandbox = new ExpressionSandbox(scope);
    expect(sandbox.evaluate("(state.count = 5, count)")).toBe(1);
    expect(() => sandbox.evaluate('messages.push("more")')).toThrow("object is not extensible");
    expect(sandbox.evaluate("({ missing: undefined, fn: function named() {} })")).toEqual({ missing: null, fn: "[Function named]" });
  });
});
