// Runtime validation of what a webview sends: the webview is untrusted input to the host,
// so every message is checked against this schema before use. No vscode import.

import { z } from "zod";
import type { WebviewMessage } from "../protocol/webview";

const id = z.string().min(1).max(1000);
const namespace = z.array(z.string().min(1).max(1000)).max(100);
const path = z.array(z.union([z.string().max(1000), z.number().int().nonnegative()])).max(100);
const json = z.json();

const webviewMessageSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("webview/ready"),
    restore: z.strictObject({ threadId: id.optional(), checkpointId: id.optional() }).optional(),
  }),
  z.strictObject({ type: z.literal("graph/refresh") }),
  z.strictObject({ type: z.literal("graph/openNode"), nodeId: id, target: z.enum(["addNode", "function"]) }),
  z.strictObject({ type: z.literal("graph/toggleBreakpoint"), nodeId: id }),
  z.strictObject({ type: z.literal("node/inspect"), nodeId: id }),
  z.strictObject({ type: z.literal("timeline/selectThread"), threadId: id }),
  z.strictObject({ type: z.literal("timeline/selectCheckpoint"), threadId: id, checkpointId: id, compareWith: id.optional() }),
  z.strictObject({ type: z.literal("session/control"), action: z.enum(["continue", "next", "stepBack", "pause", "stop", "retry"]) }),
  z.strictObject({ type: z.literal("session/goto"), checkpointId: id }),
  z.strictObject({ type: z.literal("session/resume"), value: json }),
  z.strictObject({
    type: z.literal("session/start"),
    threadId: id.optional(),
    input: json.optional(),
    context: z.record(z.string(), json).optional(),
    checkpoint: z.strictObject({ checkpointId: id, step: z.number().int() }).optional(),
  }),
  z.strictObject({ type: z.literal("state/edit"), checkpointId: id, path: path.min(1), value: json }),
  z.strictObject({
    type: z.literal("store/listItems"),
    query: z.strictObject({
      namespace,
      filter: z.record(z.string().min(1).max(1000), json).optional(),
      query: z.string().min(1).max(10_000).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
      offset: z.number().int().nonnegative().optional(),
    }),
  }),
  z.strictObject({
    type: z.literal("store/putItem"),
    namespace: namespace.min(1),
    key: id,
    value: z.record(z.string(), json),
    ifUpdatedAt: z.string().max(100).optional(),
  }),
  z.strictObject({ type: z.literal("store/deleteItem"), namespace: namespace.min(1), key: id }),
  z.strictObject({ type: z.literal("store/openItem"), namespace: namespace.min(1), key: id }),
  z.strictObject({
    type: z.literal("store/renameItem"),
    namespace: namespace.min(1),
    key: id,
    toNamespace: namespace.min(1),
    toKey: id,
    ifUpdatedAt: z.string().max(100).optional(),
  }),
]);

export type ParsedWebviewMessage = { ok: true; message: WebviewMessage } | { ok: false; problem: string };

export function parseWebviewMessage(value: unknown): ParsedWebviewMessage {
  const parsed = webviewMessageSchema.safeParse(value);
  if (parsed.success) return { ok: true, message: parsed.data as WebviewMessage };
  return { ok: false, problem: z.prettifyError(parsed.error) };
}
