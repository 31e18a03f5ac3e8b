// Evaluates watch/hover/Debug Console expressions and breakpoint conditions over a checkpoint's
// state. Every evaluation gets a fresh vm context: the state is re-created INSIDE it from JSON and
// deep-frozen there, so every object (and its constructor chain) belongs to the sandbox realm (no
// `process`, no `require`, no way back to the engine's globals through `constructor.constructor`),
// and nothing one expression plants (a global, a patched prototype) is there for the next one.
// Code generation from strings is off. Everything user code can trigger — the expression, its
// microtasks, turning the value into JSON, describing what it threw — runs inside the context
// under one time limit, and only a primitive string comes out: the engine never touches a value
// (a getter, a Proxy) the expression made.

import { compileFunction, createContext, Script, type Context } from "node:vm";
import { sessionErrors } from "./sessionErrors";
import type { Plain } from "./plainValue";

const TIMEOUT_MS = 250;

/**
 * Installs the scope as globals and defines `__langgraphRun`, which calls the armed expression
 * and answers "v<json>" or "e<description>". It runs before any user code, so the intrinsics it
 * keeps (JSON.stringify, String) are the real ones whatever the expression later replaces.
 */
const SETUP = new Script(`
"use strict";
(function (json) {
  const stringify = JSON.stringify;
  const toText = String;
  const deepFreeze = (value) => {
    if (value && typeof value === "object" && !Object.isFrozen(value)) {
      Object.freeze(value);
      for (const key of Object.keys(value)) deepFreeze(value[key]);
    }
    return value;
  };
  const scope = deepFreeze(JSON.parse(json));
  for (const key of Object.keys(scope)) Object.defineProperty(globalThis, key, { value: scope[key], enumerable: true });
  for (const key of Object.keys(scope.state)) {
    if (/^[A-Za-z_$][\\w$]*$/.test(key) && !(key in globalThis)) Object.defineProperty(globalThis, key, { value: scope.state[key], enumerable: true });
  }
  // Its callbacks would run later, on the engine's event loop, outside any time limit.
  delete globalThis.FinalizationRegistry;
  const replacer = (key, value) => (value === undefined ? null : typeof value === "function" ? "[Function " + (value.name || "anonymous") + "]" : value);
  const describe = (error) => {
    try {
      if (error !== null && (typeof error === "object" || typeof error === "function")) {
        const message = error.message;
        if (typeof message === "string") {
          const name = error.name;
          return (typeof name === "string" ? name : "Error") + ": " + message;
        }
      }
      return toText(error);
    } catch {
      return "it threw a value that cannot be described (reading it threw again)";
    }
  };
  let armed;
  Object.defineProperty(globalThis, "__langgraphRun", {
    value: () => {
      const expression = armed;
      armed = undefined;
      try {
        const text = stringify(expression(), replacer);
        return typeof text === "string" ? "v" + text : "vnull";
      } catch (error) {
        return "e" + describe(error);
      }
    },
  });
  return (expression) => { armed = expression; };
})`);

const RUN = new Script("__langgraphRun()", { filename: "expression" });

/** What an expression can name: every state channel directly, plus `state`, `context`, … */
export interface SandboxScope {
  state: Record<string, Plain>;
  context: Plain;
  config: Plain;
  metadata: Plain;
  next: Plain;
}

export class ExpressionSandbox {
  /** The scope as JSON, made once per checkpoint; each evaluation parses it in its own context. */
  private readonly scopeJson: string;

  constructor(scope: SandboxScope) {
    this.scopeJson = JSON.stringify(scope);
  }

  /** The expression's value as plain data; throws a user-facing error when it fails. */
  evaluate(expression: string): Plain {
    if (expression.trim() === "") throw sessionErrors.expressionFailed(expression, "the expression is empty");
    const context = this.freshContext();
    const arm = SETUP.runInContext(context) as (json: string) => (expression: () => unknown) => void;
    const armExpression = arm(this.scopeJson);
    let compiled: () => unknown;
    try {
      // A function body cannot be closed from inside, so the text cannot step outside the
      // runner's try/catch (a `)` in it is a syntax error, not an escape).
      compiled = compileFunction(`return (${expression}\n);`, [], { parsingContext: context, filename: "expression" }) as () => unknown;
    } catch (error) {
      throw sessionErrors.expressionFailed(expression, describeCompileError(error));
    }
    armExpression(compiled);
    let answer: unknown;
    try {
      answer = RUN.runInContext(context, { timeout: TIMEOUT_MS });
    } catch (error) {
      // Only the engine's own errors reach here (a timeout); the runner catches the expression's.
      if ((error as { code?: unknown }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT")
        throw sessionErrors.expressionFailed(expression, `it ran longer than ${TIMEOUT_MS} ms`);
      throw sessionErrors.expressionFailed(expression, "the sandbox stopped it");
    }
    if (typeof answer !== "string") throw sessionErrors.expressionFailed(expression, "the sandbox stopped it");
    if (answer.startsWith("e")) throw sessionErrors.expressionFailed(expression, answer.slice(1));
    return JSON.parse(answer.slice(1)) as Plain;
  }

  private freshContext(): Context {
    return createContext(Object.create(null), {
      codeGeneration: { strings: false, wasm: false },
      // The expression's promise jobs run before runInContext returns, inside its time limit.
      microtaskMode: "afterEvaluate",
    });
  }
}

/** V8's SyntaxError from compiling the text: made by the engine, not by user code. */
function describeCompileError(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === "string" ? `SyntaxError: ${message}` : "it is not a JavaScript expression";
}
