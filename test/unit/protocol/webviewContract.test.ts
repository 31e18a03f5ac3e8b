// The webview → host contract: one zod definition per message, which the host checks every
// incoming message against (the webview is untrusted input) and the TypeScript type comes from.
import { describe, expect, it } from "vitest";
import { parseWebviewMessage, type WebviewMessage } from "../../../src/protocol/webview";

describe("the webview message contract", () => {
  it("accepts each well-formed message as it is", () => {
    const messages: WebviewMessage[] = [
      { type: "webview/ready", restore: { threadId: "t" } },
      { type: "state/edit", checkpointId: "c1", path: ["messages", 0, "content"], value: { nested: [1, null, "x"] } },
      { type: "store/renameItem", namespace: ["memories", "1"], key: "a", toNamespace: ["memories", "2"], toKey: "b", ifUpdatedAt: "2026-01-01T00:00:00.000Z" },
      { type: "session/start", input: { topic: "x" }, context: { userId: "1" } },
      { type: "calls/editAnswer", callId: "c1", response: "It is raining." },
    ];
    for (const message of messages) expect(parseWebviewMessage(message)).toEqual({ ok: true, message });
  });

  it("rejects malformed messages, saying which field is wrong", () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ type: "state/edit", checkpointId: "c1", path: [], value: 1 }, /path/],
      [{ type: "state/edit", checkpointId: "c1", path: ["x", -1], value: 1 }, /path/],
      [{ type: "store/putItem", namespace: ["n"], key: "k", value: [1] }, /value/],
      [{ type: "store/renameItem", namespace: ["n"], key: "k", toNamespace: [], toKey: "b" }, /toNamespace/],
      [{ type: "session/control", action: "explode" }, /action/],
      [{ type: "graph/refresh", extra: true }, /extra/],
      [{ type: "calls/editAnswer", callId: "c1", response: { content: "x" } }, /response/],
      [{ type: "no/such" }, /type/],
      ["state/edit", /object/i],
    ];
    for (const [value, problem] of cases) {
      const parsed = parseWebviewMessage(value);
      expect(parsed.ok, JSON.stringify(value)).toBe(false);
      if (!parsed.ok) expect(parsed.problem).toMatch(problem);
    }
  });

  it("rejects a value that is not JSON (a function, undefined inside a state edit)", () => {
    expect(parseWebviewMessage({ type: "session/resume", value: () => 1 }).ok).toBe(false);
    expect(parseWebviewMessage({ type: "state/edit", checkpointId: "c", path: ["a"], value: { inner: undefined } }).ok).toBe(false);
  });
});
