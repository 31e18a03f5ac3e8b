// A memory as a document (langgraph-store:): the agent remembers something under the debugger,
// the memory opens as JSON, an edit saved in the editor lands in .langgraph/db.json, invalid
// JSON is refused with a diagnostic and nothing written, undo/redo work, and a change made
// elsewhere reaches the open document.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { configFile, dbFileWhen, runAgent, unique, until } from "./agentRuns";

const userId = unique("docs-user");
const namespace = `memories.${userId}`;

async function replaceText(editor: vscode.TextEditor, text: string): Promise<void> {
  const document = editor.document;
  const all = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  assert.ok(await editor.edit((edit) => edit.replace(all, text)), "the editor refused the edit");
}

describe("Store items as documents", () => {
  let uri: vscode.Uri;
  let key: string;

  before(async () => {
    await runAgent(unique("docs-thread"), userId, "Hi! Remember: my name is Bob");
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.parse(`langgraph-store:/memories/${userId}`));
    const files = entries.filter(([, type]) => type === vscode.FileType.File).map(([name]) => name);
    assert.equal(files.length, 1, `expected the one memory the run saved, found ${JSON.stringify(entries)}`);
    key = files[0].replace(/\.json$/, "");
    uri = vscode.Uri.parse(`langgraph-store:/memories/${userId}/${files[0]}`);
  });

  afterEach(async () => {
    // A failed test must not leave a modified document to the next one.
    await vscode.commands.executeCommand("workbench.action.files.revert");
  });

  after(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    // Deleting through the document's file system: the example's store keeps no test memories.
    if (uri) await vscode.workspace.fs.delete(uri);
  });

  it("opens the memory the graph stored as a JSON document", async () => {
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.languageId, "json");
    assert.deepEqual(JSON.parse(document.getText()), { data: "my name is Bob" });
  });

  it("undoes and redoes an edit like any document", async () => {
    const editor = await vscode.window.showTextDocument(uri);
    const original = editor.document.getText();
    await replaceText(editor, '{ "data": "undo me" }\n');
    await vscode.commands.executeCommand("undo");
    assert.equal(editor.document.getText(), original);
    await vscode.commands.executeCommand("redo");
    assert.equal(editor.document.getText(), '{ "data": "undo me" }\n');
    await vscode.commands.executeCommand("workbench.action.files.revert");
    assert.equal(editor.document.isDirty, false);
  });

  it("saves an edit into the workspace database file", async () => {
    const editor = await vscode.window.showTextDocument(uri);
    await replaceText(editor, '{\n  "data": "my name is Alice"\n}\n');
    assert.ok(await editor.document.save(), "the save failed");
    const value = await dbFileWhen((db) => {
      const item = db.store[namespace]?.[key];
      return item?.value.data === "my name is Alice" ? item.value : undefined;
    });
    assert.deepEqual(value, { data: "my name is Alice" });
  });

  it("refuses invalid JSON with a diagnostic on the document, and writes nothing", async () => {
    const editor = await vscode.window.showTextDocument(uri);
    await replaceText(editor, '{\n  "data": "broken",\n');
    assert.equal(await editor.document.save(), false, "a document that is not JSON was saved");
    const diagnostics = await until("a diagnostic on the document", () => {
      const found = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === "LangGraph store");
      return found.length > 0 ? found : undefined;
    });
    assert.match(diagnostics[0].message, /not valid JSON/);

    await replaceText(editor, "[1, 2]\n");
    assert.equal(await editor.document.save(), false, "an array was saved as a store value");
    assert.match(vscode.languages.getDiagnostics(uri).find((diagnostic) => diagnostic.source === "LangGraph store")?.message ?? "", /must be a JSON object/);

    // Nothing reached the database: the stored value is still the last one saved.
    const stored = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    assert.deepEqual(stored, { data: "my name is Alice" });
    await dbFileWhen((db) => (db.store[namespace]?.[key]?.value.data === "my name is Alice" ? true : undefined));
    await vscode.commands.executeCommand("workbench.action.files.revert");
  });

  it("shows a change made elsewhere in the open, unmodified document", async () => {
    const editor = await vscode.window.showTextDocument(uri);
    assert.equal(editor.document.isDirty, false);
    // The same item through another address (the langgraph.json named explicitly): written by
    // the engine like a graph's store.put, announced by db/changed.
    const alias = uri.with({ query: `config=${encodeURIComponent(configFile())}` });
    await vscode.workspace.fs.writeFile(alias, new TextEncoder().encode('{ "data": "changed elsewhere" }'));
    await until("the open document to show the new value", () => editor.document.getText().includes("changed elsewhere"));
  });

  it("does not overwrite a change made elsewhere while the document was being edited", async () => {
    const editor = await vscode.window.showTextDocument(uri);
    await replaceText(editor, '{ "data": "my stale edit" }\n');
    const alias = uri.with({ query: `config=${encodeURIComponent(configFile())}` });
    await vscode.workspace.fs.writeFile(alias, new TextEncoder().encode('{ "data": "the graph wrote this" }'));
    assert.equal(await editor.document.save(), false, "the stale edit was saved over the newer value");
    const stored = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(alias)));
    assert.deepEqual(stored, { data: "the graph wrote this" });
    await vscode.commands.executeCommand("workbench.action.files.revert");
  });
});
