// Evaluates watch/hover/Debug Console expressions and breakpoint conditions over a checkpoint's
// state. The state is re-created INSIDE a fresh vm context from JSON and deep-frozen there, so
// every object (and its constructor chain) belongs to the sandbox realm: no `process`, no
// `require`, no way back to the engine's globals through `constructor.constructor`. Code
// generation from strings is off and evaluation is time-limited.

import { createContext, runInContext, type Context } from "node:vm";
import { sessionErrors } from "./sessionErrors";
import type { Plain } from "./plainValue";

const TIMEOUT_MS = 250;

const SETUP = `
"use strict";
(function (json) {
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
  // One sandbox serves every expression on a checkpoint: none may change what the next one sees.
  for (const shared of [JSON, Math, Object, Array, String, Number, Boolean, Object.prototype, Array.prototype, String.prototype, Number.prototype, Function.prototype]) Object.freeze(shared);
})`;

/** What an expression can name: every state channel directly, plus `state`, `context`, … */
export interface SandboxScope {
  state: Record<string, Plain>;
  context: Plain;
  config: Plain;
  metadata: Plain;
  next: Plain;
}

export class ExpressionSandbox {
  private readonly context: Context;

  constructor(scope: SandboxScope) {
    this.context = createContext(Object.create(null), {
      codeGeneration: { strings: false, wasm: false },
      microtaskMode: "afterEvaluate",
    });
    const install = runInContext(SETUP, this.context) as (json: string) => void;
    install(JSON.stringify(scope));
  }

  /** The expression's value as plain data; throws a user-facing error when it fails. */
  evaluate(expression: string): Plain {
    if (expression.trim() === "") throw sessionErrors.expressionFailed(expression, "the expression is empty");
    let result: unknown;
    try {
      // JSON inside the sandbox: the result is copied out, never handed over as a live object.
      result = runInContext(`JSON.stringify((${expression}\n), (k, v) => v === undefined ? null : typeof v === "function" ? "[Function " + (v.name || "anonymous") + "]" : v)`, this.context, {
        timeout: TIMEOUT_MS,
        filename: "expression",
      });
    } catch (error) {
      throw sessionErrors.expressionFailed(expression, describeSandboxError(error));
    }
    return typeof result === "string" ? (JSON.parse(result) as Plain) : null;
  }
}

function describeSandboxError(error: unknown): string {
  // Errors thrown inside the context are from its realm: read them by shape, not instanceof.
  const shaped = error as { name?: unknown; message?: unknown; code?: unknown } | null;
  if (shaped?.code === "ERR_SCRIPT_EXECUTION_TIMEOUT") return `it ran longer than ${TIMEOUT_MS} ms`;
  if (typeof shaped?.message === "string") return `${typeof shaped.name === "string" ? shaped.name : "Error"}: ${shaped.message}`;
  return String(error);
}
