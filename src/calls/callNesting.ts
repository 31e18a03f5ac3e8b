// A call inside a recorded call (ChatOpenAI's own HTTP request, a tool that invokes a model)
// is part of it: it is neither recorded nor replayed again. The outer call is marked in an
// AsyncLocalStorage that follows it into everything it awaits.

import { AsyncLocalStorage } from "node:async_hooks";

const inside = new AsyncLocalStorage<true>();

export function insideRecordedCall(): boolean {
  return inside.getStore() === true;
}

export function asRecordedCall<T>(body: () => T): T {
  return inside.run(true, body);
}
