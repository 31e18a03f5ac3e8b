// The workspace JSON database as a DataBackend: the shared contract (backendContract.ts), and
// what only this backend does.

import { afterAll, afterEach, expect, it } from "vitest";
import type { DataBackend } from "../../../src/engine/db/backend";
import { WorkspaceBackend } from "../../../src/engine/db/workspaceBackend";
import { removeTempDirs, tempDbPath } from "../persistence/helpers";
import { backendContract } from "./backendContract";

afterAll(removeTempDirs);

backendContract("workspace JSON database", {
  // HashEmbeddings (offline) over `text`, as langgraph.json `store.index` without `embed` gives.
  create: () => WorkspaceBackend.open({ path: tempDbPath(), index: { dims: 16, fields: ["text"] } }),
  semanticSearch: true,
  openReadOnly: (backend) => WorkspaceBackend.open({ path: backend.info().location, readOnly: true }),
});

const opened: DataBackend[] = [];
afterEach(async () => {
  for (const backend of opened.splice(0)) await backend.close();
});

it("without a store index: semantic search is greyed out with what to configure, and refused", async () => {
  const backend = await WorkspaceBackend.open({ path: tempDbPath() });
  opened.push(backend);
  const info = backend.info();
  expect(info.semanticSearch).toBe(false);
  expect(info.capabilities.semanticSearch).toEqual({ available: false, reason: expect.stringContaining('"store": { "index"') });
  await expect(backend.items({ namespace: [], query: "anything", offset: 0, limit: 10 })).rejects.toMatchObject({ code: "invalidInput" });
  expect(await backend.items({ namespace: [], offset: 0, limit: 10 })).toEqual({ items: [], total: 0 });
});

it("read-only gives the reason it was opened with, e.g. which process holds the file", async () => {
  const path = tempDbPath();
  const writer = await WorkspaceBackend.open({ path });
  const reader = await WorkspaceBackend.open({ path, readOnly: true, readOnlyReason: "Read-only: pid 42 holds it." });
  opened.push(reader, writer);
  expect(reader.info()).toMatchObject({ location: writer.info().location, readOnly: true, readOnlyReason: "Read-only: pid 42 holds it." });
  await expect(reader.putItem({ namespace: ["a"], key: "k" }, {})).rejects.toMatchObject({ code: "notEditable", message: "Read-only: pid 42 holds it." });
});
