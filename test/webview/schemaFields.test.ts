// The "New run" form's model: fields from a JSON Schema and the value they make.
import { describe, expect, it } from "vitest";
import { formFields, formValue } from "../../webview/schemaFields";

const schema = {
  type: "object",
  properties: {
    userId: { type: "string", description: "Whose memories" },
    limit: { type: "integer" },
    verbose: { type: "boolean" },
    tone: { type: "string", enum: ["calm", "brisk"] },
    messages: { type: "array", items: { type: "object" } },
    extra: {},
  },
  required: ["userId"],
};

describe("schema forms", () => {
  it("makes one field per property, with its kind and required marker", () => {
    expect(formFields(schema)).toEqual([
      { name: "userId", kind: "string", required: true, description: "Whose memories" },
      { name: "limit", kind: "integer", required: false },
      { name: "verbose", kind: "boolean", required: false },
      { name: "tone", kind: "enum", required: false, options: ["calm", "brisk"] },
      { name: "messages", kind: "message", required: false },
      { name: "extra", kind: "json", required: false },
    ]);
    expect(formFields({ type: "array" })).toBeUndefined();
    expect(formFields(undefined)).toBeUndefined();
  });

  it("builds the value, a message as a user message, and refuses missing or malformed fields", () => {
    const fields = formFields(schema)!;
    expect(formValue(fields, { userId: " 1 ", limit: "3", verbose: true, tone: "calm", messages: "Hi", extra: '{"a": 1}' }, "Input")).toEqual({
      value: { userId: "1", limit: 3, verbose: true, tone: "calm", messages: [{ role: "user", content: "Hi" }], extra: { a: 1 } },
    });
    expect(formValue(fields, { userId: "1", extra: "plain text", verbose: false }, "Input")).toEqual({ value: { userId: "1", extra: "plain text" } });
    expect(formValue(fields, { userId: "" }, "The context")).toEqual({ error: "The context: userId is required." });
    expect(formValue(fields, { userId: "1", limit: "2.5" }, "Input")).toEqual({ error: "Input: limit must be a whole number." });
  });
});
