// The call-time `interruptBefore` / `interruptAfter` lists LangGraph checks at every superstep
// boundary (`interruptNodes.includes(task.name)`). Ours answer from the session's live state, so
// one run can switch between running, stepping and pausing without a getState per superstep:
// a run with no breakpoints pays nothing beyond LangGraph's own check.

export class NodeFilter extends Array<string> {
  /** Array subclass methods (map, slice) must build plain arrays, not filters. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  constructor(private readonly matches: (node: string) => boolean) {
    super();
  }

  override includes(node: string): boolean {
    // LangGraph's own `__start__` task applies the input: not a place the user stops at.
    return !node.startsWith("__") && this.matches(node);
  }
}
