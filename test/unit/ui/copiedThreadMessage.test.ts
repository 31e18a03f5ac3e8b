import { expect, it } from "vitest";
import { copiedThreadMessage } from "../../../src/ui/views/copiedThreadMessage";

const copied = { threadId: "t-1", dbPath: "/w/.langgraph/db.json", checkpoints: 12, writes: 3, items: 2, itemRule: "…", labels: ["t-1", "user-1"] };

it("says what was copied, from which namespaces, into where", () => {
  expect(copiedThreadMessage(copied, "t-1", ".langgraph/db.json")).toBe(
    "Copied 12 checkpoints, 3 writes and 2 store items (namespaces naming t-1 or user-1) into .langgraph/db.json.",
  );
});

it("names the new thread id, and the local items it kept", () => {
  const kept = {
    ...copied,
    threadId: "t-1-copy",
    checkpoints: 1,
    writes: 1,
    items: 1,
    skipped: [{ namespace: ["memories", "user-1"], key: "k", reason: "…" }],
  };
  expect(copiedThreadMessage(kept, "t-1", ".langgraph/db.json")).toBe(
    'Copied thread "t-1" as "t-1-copy": 1 checkpoint, 1 write and 1 store item (namespaces naming t-1 or user-1) into .langgraph/db.json.' +
      " Kept 1 local store item changed there since: memories/user-1/k.",
  );
});
