// db/threads' lastMessage for the message shapes a `messages` channel holds: a serialized
// BaseMessage (tool calls only, content parts) and a plain { role, content } never turned into one.
import { afterAll, afterEach, expect, it } from "vitest";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { emptyCheckpoint, uuid6 } from "@langchain/langgraph-checkpoint";
import type { WorkspaceDb } from "../../../src/persistence/index";
import { openWorkspaceDb } from "../../../src/persistence/index";
import { listThreads } from "../../../src/engine/db/checkpointSummaries";
import { removeTempDirs, tempDbPath } from "../persistence/helpers";

const opened: WorkspaceDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});
afterAll(removeTempDirs);

async function threadWith(db: WorkspaceDb, threadId: string, channelValues: Record<string, unknown>): Promise<void> {
  const versions = Object.fromEntries(Object.keys(channelValues).map((channel) => [channel, 1]));
  const checkpoint = { ...emptyCheckpoint(), id: uuid6(-1), channel_values: channelValues, channel_versions: versions };
  await db.checkpointer.put({ configurable: { thread_id: threadId, checkpoint_ns: "" } }, checkpoint, { source: "loop", step: 0, parents: {} }, versions);
}

it("names the last message of each thread: its role and one line of its text", async () => {
  const db = await openWorkspaceDb({ path: tempDbPath(), idleCompactionMs: 60_000 });
  opened.push(db);
  await threadWith(db, "tool-call", {
    messages: [new HumanMessage("weather?"), new AIMessage({ content: "", tool_calls: [{ id: "1", name: "get_weather", args: {} }] })],
  });
  await threadWith(db, "parts", {
    messages: [
      new HumanMessage({
        content: [
          { type: "text", text: "Look\n  at" },
          { type: "image_url", image_url: "x" },
          { type: "text", text: "this" },
        ],
      }),
    ],
  });
  await threadWith(db, "plain", { messages: [{ role: "user", content: "x".repeat(400) }] });
  await threadWith(db, "no-messages", { topic: "cats" });
  await threadWith(db, "empty", { messages: [] });

  const byId = Object.fromEntries(listThreads(db, { offset: 0, limit: 10 }).threads.map((thread) => [thread.threadId, thread.lastMessage]));
  expect(byId["tool-call"]).toEqual({ role: "ai", text: "calls get_weather" });
  expect(byId.parts).toEqual({ role: "human", text: "Look at this" });
  expect(byId.plain).toEqual({ role: "user", text: `${"x".repeat(159)}…` });
  expect(byId["no-messages"]).toBeUndefined();
  expect(byId.empty).toBeUndefined();
});
