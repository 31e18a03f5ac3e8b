// What a recorded request keeps: plain JSON without credentials, a hash that ignores key order,
// and the differences a strict replay shows.
import { describe, expect, it } from "vitest";
import { canonicalJson, redactSecrets, redactUrl, requestDifferences, requestHash } from "../../../src/calls/requests";

describe("redactSecrets", () => {
  it("replaces credential fields and values, keeps the rest", () => {
    const request = {
      model: "gpt-4o-mini",
      max_tokens: 100,
      apiKey: "sk-live-abcdefghijklmnop",
      openai_api_key: "x",
      headers: { Authorization: "Bearer abc.def", "x-api-key": "k", "content-type": "application/json" },
      nested: [{ password: "hunter2", note: "Bearer xyz123" }],
      text: "my key is sk-proj-abcdefghijkl? no",
    };
    expect(redactSecrets(request)).toEqual({
      model: "gpt-4o-mini",
      max_tokens: 100,
      apiKey: "[redacted]",
      openai_api_key: "[redacted]",
      headers: { Authorization: "[redacted]", "x-api-key": "[redacted]", "content-type": "application/json" },
      nested: [{ password: "[redacted]", note: "[redacted]" }],
      text: "my key is sk-proj-abcdefghijkl? no",
    });
  });

  it("survives cycles, functions and non-finite numbers", () => {
    const value: Record<string, unknown> = { n: Infinity, f: () => 1 };
    value.self = value;
    expect(redactSecrets(value)).toEqual({ n: "Infinity", self: "[circular]" });
  });

  it("redacts credential query parameters and userinfo in URLs", () => {
    expect(redactUrl("https://user:pw@api.example.com/v1/search?q=tea&api_key=abc&key=def")).toBe(
      "https://api.example.com/v1/search?q=tea&api_key=%5Bredacted%5D&key=%5Bredacted%5D",
    );
    expect(redactUrl("https://api.example.com/v1/search?q=tea")).toBe("https://api.example.com/v1/search?q=tea");
  });
});

describe("requestHash", () => {
  it("is the same for the same request whatever the key order, different otherwise", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
    expect(canonicalJson({ a: [{ b: 1, a: 2 }, { a: 1 }], b: { c: [3, { z: 1, y: 2 }] } })).toBe('{"a":[{"a":2,"b":1},{"a":1}],"b":{"c":[3,{"y":2,"z":1}]}}');
    expect(requestHash({ b: 1, a: 2 })).toBe(requestHash({ a: 2, b: 1 }));
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: 2 }));
  });
});

describe("requestDifferences", () => {
  it("names the paths that differ, with both values", () => {
    const recorded = { messages: [{ type: "human", content: "Lyon" }], params: { temperature: 0 } };
    const now = { messages: [{ type: "human", content: "Paris" }], params: { temperature: 0, top_p: 1 } };
    expect(requestDifferences(recorded, now)).toEqual(['messages[0].content: "Lyon" → "Paris"', "params.top_p: (absent) → 1"]);
  });

  it("shows long texts around their first difference", () => {
    const prompt = "You are a helpful assistant. ".repeat(10);
    const [line] = requestDifferences({ content: prompt }, { content: `${prompt}Be brief.` });
    expect(line).toMatch(/^content: "….*assistant\. " → "….*assistant\. Be brief\."$/);
  });
});
