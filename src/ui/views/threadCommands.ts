// What the Threads view's items do: show a checkpoint's state, time-travel the debug session on
// the thread to it, fork from it, compare two checkpoints or threads of one database (a diff of
// two comparison documents: path of nodes, state, store as of each), and delete a thread. Time
// travel and forking move the debug session on the thread (`langgraph/goto`), so the toolbar,
// Call Stack and Variables follow; without a session, forking opens the debugger view on the
// checkpoint.
// A thread of another database (the view shows a production one) can be copied into the
// workspace JSON database, to debug and fork it there.

import * as path from "node:path";
import * as vscode from "vscode";
import { EngineRequestError } from "../../engineClient/engineClient";
import { checkpointName, nextText, shortCheckpointId } from "../../protocol/checkpointNames";
import type { CheckpointSummary, CopiedThread } from "../../protocol/engine";
import { launchFor, launchTemplateFor } from "../debugAdapter";
import { threadStanding } from "../debugGraphChoices";
import { DebugPositionTracker, type SessionPosition } from "../debugPosition";
import { checkpointDocumentUri } from "../documents/checkpointDocuments";
import { checkpointLabel, openComparison } from "../documents/compareDocuments";
import { parseCheckpointUri, parseCompareUri, CHECKPOINT_SCHEME, COMPARE_SCHEME } from "../documents/uris";
import { WorkspaceDbService } from "../workspaceDb";
import type { ConfigFiles } from "../configFiles";
import { copiedThreadMessage } from "./copiedThreadMessage";
import { registerReporting } from "./treeNodes";
import type { CheckpointNode, ThreadNode, ThreadsTreeNode } from "./threadsView";

/** A checkpoint as the commands need it, from a tree item or from an open checkpoint document. */
interface CheckpointRef {
  configFile: string;
  threadId: string;
  graphId?: string;
  checkpoint: Pick<CheckpointSummary, "checkpointId" | "step"> & Partial<CheckpointSummary>;
}

export class ThreadCommands {
  constructor(
    private readonly databases: WorkspaceDbService,
    private readonly positions: DebugPositionTracker,
    private readonly configs: ConfigFiles,
    /** The Threads view's selection, for a command whose item went away in a live refresh. */
    private readonly selection: () => readonly ThreadsTreeNode[] = () => [],
  ) {}

  register(): vscode.Disposable {
    return vscode.Disposable.from(
      registerReporting("langgraph.threads.showState", (node?: CheckpointNode) => this.showState(this.checkpointOf(node))),
      registerReporting("langgraph.threads.timeTravel", (node?: CheckpointNode) => this.timeTravel(this.checkpointOf(node))),
      registerReporting("langgraph.threads.debugFromHere", (node?: CheckpointNode) => this.timeTravel(this.checkpointOf(node))),
      registerReporting("langgraph.threads.fork", (node?: CheckpointNode) => this.fork(this.checkpointOf(node))),
      registerReporting("langgraph.threads.compareWithParent", (node?: CheckpointNode) => this.compareWithParent(this.checkpointOf(node))),
      registerReporting("langgraph.threads.compareWith", (node?: CheckpointNode) => this.compareWith(node?.checkpoint ? node : undefined)),
      registerReporting("langgraph.threads.compareThreads", (node: ThreadNode) => this.compareThreads(node)),
      registerReporting("langgraph.threads.deleteThread", (node: ThreadNode) => this.deleteThread(node)),
      registerReporting("langgraph.threads.copyToWorkspaceDb", (node: ThreadNode) => this.copyToWorkspaceDb(node)),
      this.showCopyWhenOtherDb(),
    );
  }

  /**
   * Copies the thread (checkpoints, pending writes, the store items of the namespaces naming it)
   * from the database the view shows into the workspace JSON database; when that has the thread
   * already, offers to copy it under another id.
   */
  async copyToWorkspaceDb(node: ThreadNode): Promise<CopiedThread | undefined> {
    const { configFile } = node;
    const { threadId } = node.thread;
    const title = `Copy Thread "${threadId}" to Workspace Database`;
    const labelsText = await vscode.window.showInputBox({
      title,
      prompt:
        "Store items come along from the namespaces with a label naming the thread: its id, ids its checkpoints record, and the labels you add here (comma-separated; LangGraph.js does not record a run's user_id).",
      placeHolder: "user-1",
    });
    if (labelsText === undefined) return undefined;
    const labels = labelsText
      .split(",")
      .map((label) => label.trim())
      .filter((label) => label !== "");
    const toDbPath = WorkspaceDbService.workspaceFile(configFile);
    const where = path.relative(path.dirname(configFile), toDbPath);
    const copy = (newThreadId?: string) =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Copying thread "${threadId}" into ${where}…` }, async () => {
        await this.databases.openWorkspaceFile(configFile);
        return this.databases.request(configFile, "db/copyThread", { threadId, toDbPath, labels, ...(newThreadId ? { newThreadId } : {}) });
      });
    let copied: CopiedThread;
    try {
      copied = await copy();
    } catch (error) {
      if (!(error instanceof EngineRequestError) || error.code !== "conflict") throw error;
      const another = "Copy Under Another Id";
      if ((await vscode.window.showWarningMessage(error.message, another)) !== another) return undefined;
      const newThreadId = await vscode.window.showInputBox({
        title,
        prompt: `The thread's id in ${where}`,
        value: `${threadId}-copy`,
        validateInput: (value) => (value.trim() === "" ? "A thread id cannot be empty." : undefined),
      });
      if (newThreadId === undefined) return undefined;
      copied = await copy(newThreadId.trim());
    }
    void vscode.window.showInformationMessage(copiedThreadMessage(copied, threadId, where));
    return copied;
  }

  /** `langgraph.threads.showsOtherDb`: the view shows a database other than the workspace JSON one (settings). */
  private showCopyWhenOtherDb(): vscode.Disposable {
    const update = async () => {
      const files = await this.configs.list().catch(() => []);
      const other = files.some((file) => {
        const shown = WorkspaceDbService.configuredDbPath(file);
        return shown !== undefined && shown !== WorkspaceDbService.workspaceFile(file);
      });
      await vscode.commands.executeCommand("setContext", "langgraph.threads.showsOtherDb", other);
    };
    void update();
    return vscode.Disposable.from(
      this.configs.onDidChange(() => void update()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration("langgraph.dbPath")) void update();
      }),
    );
  }

  /**
   * The checkpoint a command is for. VS Code passes the tree item; when a live refresh replaced
   * the item between the right-click and the menu click, it may pass none: use the selection.
   */
  private checkpointOf(node: CheckpointRef | ThreadsTreeNode | undefined): CheckpointRef {
    if (node && "checkpoint" in node && node.checkpoint) return node;
    const selected = this.selection().find((each): each is CheckpointNode => each.kind === "checkpoint");
    if (selected) return selected;
    throw new Error("Select a checkpoint in the Threads view first (the view refreshed while the command was being chosen).");
  }

  async showState(ref: CheckpointRef): Promise<void> {
    await vscode.commands.executeCommand("vscode.open", this.uriOf(ref), { preview: false });
  }

  /**
   * Makes the checkpoint the position of the debug session on its thread; true once there.
   * Without a session, one is started there: Time-Travel and Debug from Here are one action.
   */
  async timeTravel(ref: CheckpointRef): Promise<boolean> {
    const session = this.sessionOn(ref);
    if (!session) return this.startSessionAt(ref);
    await DebugPositionTracker.request(session.session, "langgraph/goto", { checkpointId: ref.checkpoint.checkpointId });
    return true;
  }

  /**
   * Starts a debug session that opens the thread at the checkpoint: nothing runs until the user
   * steps or continues (then the run forks from there). Context, config and env come from a
   * launch configuration of the same graph in launch.json (one on the same thread first): they
   * are not part of a checkpoint.
   */
  private async startSessionAt(ref: CheckpointRef): Promise<boolean> {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(ref.configFile));
    const template = launchTemplateFor(ref.configFile, ref.threadId, ref.graphId);
    const graphId = ref.graphId ?? (template?.graph as string | undefined);
    if (!graphId) {
      void vscode.window.showErrorMessage(
        `Thread "${ref.threadId}" does not record which graph wrote it (its checkpoints predate graph_id). Add a launch configuration with "graph" and "threadId": "${ref.threadId}", then use Debug from Here again.`,
      );
      return false;
    }
    // The template's own input and stop are not this run's: removed below, with launchFor's.
    const launch: vscode.DebugConfiguration = {
      ...launchFor(graphId, folder, ref.configFile),
      ...template,
      name: `LangGraph: ${graphId} · thread ${ref.threadId} at ${checkpointLabel(ref.checkpoint)}`,
      graph: graphId,
      threadId: ref.threadId,
      checkpointId: ref.checkpoint.checkpointId,
    };
    delete launch.input;
    delete launch.stopOnEntry;
    return vscode.debug.startDebugging(folder, launch);
  }

  /**
   * LangGraph forks a thread when the state is updated at a past checkpoint or the run continues
   * from one. With a debug session on the thread this travels there and says how: the edit
   * itself is the user's, in Variables. Without one, the debugger view opens on the checkpoint's
   * State, where an edit forks the workspace database (db/updateState).
   */
  async fork(ref: CheckpointRef): Promise<void> {
    if (!this.sessionOn(ref)) {
      const sameConfig = this.positions.forConfig(ref.configFile)[0];
      const checkpoint = { threadId: ref.threadId, checkpointId: ref.checkpoint.checkpointId, tab: "state" as const };
      const opened = (await vscode.commands.executeCommand("langgraph.openDebugger", {
        configFile: ref.configFile,
        graphId: sameConfig?.graphId,
        checkpoint,
      })) as { graphId?: string } | undefined;
      if (!opened?.graphId) return;
      void vscode.window.showInformationMessage(
        `${capitalized(checkpointLabel(ref.checkpoint))} of thread "${ref.threadId}" is open in the debugger view's State tab: double-click a value (or F2) to fork with edited state. The original history stays.`,
      );
      return;
    }
    if (!(await this.timeTravel(ref))) return;
    await vscode.commands.executeCommand("workbench.debug.action.focusVariablesView");
    void vscode.window.showInformationMessage(
      `At ${checkpointLabel(ref.checkpoint)} of thread "${ref.threadId}". To fork, edit a State value in the Variables view (a new checkpoint via updateState), or Continue to replay from here; the original history stays.`,
    );
  }

  async compareWithParent(ref: CheckpointRef): Promise<void> {
    const parentId = ref.checkpoint.parentCheckpointId ?? (await this.detail(ref)).parentCheckpointId;
    if (!parentId) {
      void vscode.window.showInformationMessage(
        `${capitalized(checkpointLabel(ref.checkpoint))} is the first checkpoint of thread "${ref.threadId}": it has no parent to compare with.`,
      );
      return;
    }
    const parent = await this.detail({ ...ref, checkpoint: { checkpointId: parentId, step: 0 } });
    await this.diff({ ...ref, checkpoint: parent }, ref);
  }

  /**
   * Compares a checkpoint (the item, or the open checkpoint or comparison document) with one of
   * any thread of its database: the thread first (its own is the default), then the checkpoint.
   */
  async compareWith(node?: CheckpointRef): Promise<void> {
    const base = node ?? (await this.activeCheckpoint());
    if (!base) {
      void vscode.window.showInformationMessage("Open a checkpoint (Threads view) to compare it with another.");
      return;
    }
    const title = `Compare ${checkpointLabel(base.checkpoint)} of thread "${base.threadId}" with…`;
    const threadId = await this.pickThread(base.configFile, base.threadId, `${title} (a thread)`, true);
    if (threadId === undefined) return;
    const { checkpoints } = await this.databases.request(base.configFile, "db/checkpoints", { threadId, limit: 500 });
    const sameThread = threadId === base.threadId;
    const others = checkpoints.filter((checkpoint) => !sameThread || checkpoint.checkpointId !== base.checkpoint.checkpointId);
    const picked = await vscode.window.showQuickPick(
      others.map((checkpoint) => ({
        label: checkpointName(checkpoint),
        description: nextText(checkpoint.next) || "end",
        detail: `checkpoint ${shortCheckpointId(checkpoint.checkpointId)}`,
        checkpoint,
      })),
      { title: `${title} (a checkpoint of thread "${threadId}")`, matchOnDetail: true },
    );
    if (!picked) return;
    const other = { configFile: base.configFile, threadId, checkpoint: picked.checkpoint };
    // On one thread the older checkpoint goes left; across threads the one compared from does.
    const otherFirst = sameThread && picked.checkpoint.step <= base.checkpoint.step;
    await this.diff(otherFirst ? other : base, otherFirst ? base : other);
  }

  /** Compares the newest checkpoint of a thread with the newest of another thread of its database. */
  async compareThreads(node: ThreadNode): Promise<void> {
    const { configFile } = node;
    const { threadId } = node.thread;
    const otherId = await this.pickThread(configFile, threadId, `Compare thread "${threadId}" (its newest checkpoint) with thread…`, false);
    if (otherId === undefined) return;
    const newest = async (id: string): Promise<CheckpointRef> => {
      const checkpoint = (await this.databases.request(configFile, "db/checkpoints", { threadId: id, limit: 1 })).checkpoints[0];
      if (!checkpoint) throw new Error(`Thread "${id}" has no checkpoints to compare: refresh the Threads view.`);
      return { configFile, threadId: id, checkpoint };
    };
    await this.diff(await newest(threadId), await newest(otherId));
  }

  /** A thread of the database, picked by the user; `current` first (and the default) when offered. */
  private async pickThread(configFile: string, current: string, title: string, offerCurrent: boolean): Promise<string | undefined> {
    const { threads } = await this.databases.request(configFile, "db/threads", { limit: 500 });
    const candidates = threads.filter((thread) => offerCurrent || thread.threadId !== current);
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage(`Thread "${current}" is the only thread of this database: there is no other to compare with.`);
      return undefined;
    }
    candidates.sort((a, b) => Number(b.threadId === current) - Number(a.threadId === current));
    const picked = await vscode.window.showQuickPick(
      candidates.map((thread) => ({
        label: thread.threadId,
        description: [thread.threadId === current ? "this thread" : undefined, thread.graphId, threadStanding(thread)].filter(Boolean).join(" · "),
        detail: thread.lastMessage ? `${thread.lastMessage.role}: ${thread.lastMessage.text}` : undefined,
        threadId: thread.threadId,
      })),
      { title, matchOnDescription: true },
    );
    return picked?.threadId;
  }

  async deleteThread(node: ThreadNode): Promise<boolean> {
    const { threadId, checkpointCount } = node.thread;
    if (this.positions.forConfig(node.configFile).some((position) => position.threadId === threadId)) {
      void vscode.window.showInformationMessage(`A debug session is on thread "${threadId}": stop it before deleting the thread.`);
      return false;
    }
    const remove = "Delete Thread";
    const choice = await vscode.window.showWarningMessage(
      `Delete thread "${threadId}" and its ${checkpointCount !== undefined ? `${checkpointCount} ` : ""}checkpoints from the workspace database?`,
      { modal: true, detail: "This cannot be undone. Store items (memories) are kept." },
      remove,
    );
    if (choice !== remove) return false;
    await this.databases.request(node.configFile, "db/deleteThread", { threadId });
    return true;
  }

  private async diff(left: CheckpointRef, right: CheckpointRef): Promise<void> {
    // The default langgraph.json's documents leave it out of their URIs.
    const compared = (ref: CheckpointRef) => ({ ...ref, configFile: ref.configFile === this.configs.defaultConfig ? undefined : ref.configFile });
    await openComparison(compared(left), compared(right));
  }

  private uriOf(ref: CheckpointRef): vscode.Uri {
    return checkpointDocumentUri(ref.configFile, this.configs.defaultConfig, ref.threadId, ref.checkpoint);
  }

  private detail(ref: CheckpointRef) {
    return this.databases.request(ref.configFile, "db/checkpoint", { threadId: ref.threadId, checkpointId: ref.checkpoint.checkpointId });
  }

  private sessionOn(ref: CheckpointRef): SessionPosition | undefined {
    return this.positions.forConfig(ref.configFile).find((position) => position.threadId === ref.threadId);
  }

  private async activeCheckpoint(): Promise<CheckpointRef | undefined> {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const address = uri?.scheme === CHECKPOINT_SCHEME ? parseCheckpointUri(uri) : uri?.scheme === COMPARE_SCHEME ? parseCompareUri(uri) : undefined;
    if (!address) return undefined;
    const configFile = await this.databases.resolve(address.configFile);
    return { configFile, threadId: address.threadId, checkpoint: { checkpointId: address.checkpointId, step: address.step } };
  }
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
