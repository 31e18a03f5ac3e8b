// Runtime validation of what a webview sends: the webview is untrusted input to the host,
// so every message is checked against this schema before use. No vscode import.

import { z } from "zod";
import type { WebviewMessage } from "../protocol/webview";

const webviewMessageSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("webview/ready") }),
  z.strictObject({ type: z.literal("graph/refresh") }),
  z.strictObject({ type: z.literal("graph/openNode"), nodeId: z.string().min(1).max(1000) }),
]);

export type ParsedWebviewMessage = { ok: true; message: WebviewMessage } | { ok: false; problem: string };

export function parseWebviewMessage(value: unknown): ParsedWebviewMessage {
  const parsed = webviewMessageSchema.safeParse(value);
  if (parsed.success) return { ok: true, message: parsed.data };
  return { ok: false, problem: z.prettifyError(parsed.error) };
}
