// The "Threads" view in Run and Debug: the threads of the workspace database, each with its
// checkpoints newest first (the step, the nodes that wrote it, what runs next) as a tree: the
// lineage straight, each fork, replay or edit nested under the checkpoint it branched from
// (checkpointTree.ts, as the debugger view's Timeline). The checkpoint a debug session stands on
// is marked. Works without a debug session (db/* through the folder engine) and follows running
// ones live (db/changed, the adapter's position events).

import * as vscode from "vscode";
import { checkpointName, nextText, shortCheckpointId } from "../../protocol/checkpointNames";
import { checkpointBranches, type CheckpointBranchNode } from "../../protocol/checkpointTree";
import type { CheckpointSummary, ThreadSummary } from "../../protocol/engine";
import { isServerUrl } from "../../protocol/databaseUrls";
import type { DebugPositionTracker, SessionPosition } from "../debugPosition";
import { threadStanding } from "../debugGraphChoices";
import { checkpointDocumentUri } from "../documents/checkpointDocuments";
import { inlineCode } from "../userMarkdown";
import { describeTotalsBriefly } from "../../calls/usage";
import type { WorkspaceDbService } from "../workspaceDb";
import type { ConfigFiles } from "../configFiles";
import { coalesced, configItem, errorNode, messageItem, type ConfigNode, type MessageNode } from "./treeNodes";

export const THREADS_VIEW = "langgraph.threads";
const PAGE = 50;

export interface ThreadNode {
  kind: "thread";
  configFile: string;
  thread: ThreadSummary;
  session?: SessionPosition;
}

export interface CheckpointNode {
  kind: "checkpoint";
  configFile: string;
  threadId: string;
  /** The graph that wrote the thread, when its checkpoints record it. */
  graphId?: string;
  checkpoint: CheckpointSummary;
  /** The live debug session on this thread, if any. */
  session?: SessionPosition;
  /** The first checkpoint of a fork, replay or edit: `origin` is the checkpoint it branched from, when loaded. */
  branchStart?: boolean;
  origin?: CheckpointSummary;
  /** The checkpoints of the branches that left this one, newest first. */
  branches: CheckpointNode[];
  /** The debug position is in one of `branches` (they open expanded). */
  holdsPosition?: boolean;
}

export interface MoreNode {
  kind: "more";
  configFile: string;
  threadId: string;
  hidden: number;
}

export type ThreadsTreeNode = ConfigNode | ThreadNode | CheckpointNode | MoreNode | MessageNode;

export class ThreadsTreeProvider implements vscode.TreeDataProvider<ThreadsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ThreadsTreeNode | undefined>();
  /** How many checkpoints each thread shows ("Show more" raises it). */
  private readonly shown = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [this.changed];

  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly databases: WorkspaceDbService,
    private readonly positions: DebugPositionTracker,
    private readonly configs: ConfigFiles,
  ) {
    const refresh = coalesced(() => this.changed.fire(undefined));
    this.disposables.push(
      databases.onDidChange((change) => {
        if (change.kinds.includes("checkpoints") || change.kinds.includes("external")) refresh();
      }),
      databases.onDidReset(refresh),
      positions.onDidChange(refresh),
      configs.onDidChange(refresh),
    );
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  showMore(node: MoreNode): void {
    const key = `${node.configFile}\0${node.threadId}`;
    this.shown.set(key, (this.shown.get(key) ?? PAGE) + PAGE);
    this.changed.fire(undefined);
  }

  async getChildren(node?: ThreadsTreeNode): Promise<ThreadsTreeNode[]> {
    if (!node) {
      // One database: its contents at the top; several (langgraph.json files, connected servers): one root each.
      const databases = await this.databases.list();
      if (databases.length === 1) return this.threadsOf(databases[0], false);
      return databases.map((configFile) => ({ kind: "config", configFile }));
    }
    if (node.kind === "config") return this.threadsOf(node.configFile, true);
    if (node.kind === "thread") return this.checkpointsOf(node);
    if (node.kind === "checkpoint") return node.branches;
    return [];
  }

  getTreeItem(node: ThreadsTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case "config":
        return configItem(node);
      case "thread":
        return threadItem(node);
      case "checkpoint":
        return checkpointItem(node, this.configs.defaultConfig);
      case "more": {
        const item = new vscode.TreeItem(`Show ${Math.min(node.hidden, PAGE)} older checkpoints (${node.hidden} not shown)`);
        item.iconPath = new vscode.ThemeIcon("ellipsis");
        item.command = { title: "Show More", command: "langgraph.threads.showMore", arguments: [node] };
        return item;
      }
      case "message":
        return messageItem(node);
    }
  }

  private async threadsOf(configFile: string, underRoot: boolean): Promise<ThreadsTreeNode[]> {
    try {
      const prices = isServerUrl(configFile) ? undefined : this.databases.modelPrices(configFile);
      const { threads } = await this.databases.request(configFile, "db/threads", { limit: 500, ...(prices ? { prices } : {}) });
      const sessions = this.positions.forConfig(configFile);
      const nodes: ThreadsTreeNode[] = threads.map((thread) => ({
        kind: "thread",
        configFile,
        thread,
        session: sessions.find((position) => position.threadId === thread.threadId),
      }));
      // A single root shows the view's welcome text when empty; under a root, say it.
      if (nodes.length === 0 && underRoot) return [{ kind: "message", text: "No threads yet: debug a graph to record checkpoints." }];
      return nodes;
    } catch (error) {
      return [errorNode(error, "langgraph.threads.refresh")];
    }
  }

  private async checkpointsOf(node: ThreadNode): Promise<ThreadsTreeNode[]> {
    const { configFile } = node;
    const { threadId } = node.thread;
    const limit = this.shown.get(`${configFile}\0${threadId}`) ?? PAGE;
    try {
      const { checkpoints, total } = await this.databases.request(configFile, "db/checkpoints", { threadId, limit });
      const position = node.session?.status === "stopped" ? node.session.checkpointId : undefined;
      const toNode = (branch: CheckpointBranchNode): CheckpointNode => {
        const branches = branch.branches.map(toNode);
        return {
          kind: "checkpoint",
          configFile,
          threadId,
          graphId: node.thread.graphId,
          checkpoint: branch.checkpoint,
          session: node.session,
          branchStart: branch.branchStart,
          ...(branch.origin ? { origin: branch.origin } : {}),
          branches,
          holdsPosition: branches.some((each) => each.checkpoint.checkpointId === position || each.holdsPosition),
        };
      };
      const nodes: ThreadsTreeNode[] = checkpointBranches(checkpoints).map(toNode);
      if (total > checkpoints.length) nodes.push({ kind: "more", configFile, threadId, hidden: total - checkpoints.length });
      return nodes;
    } catch (error) {
      return [errorNode(error, "langgraph.threads.refresh")];
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function threadItem(node: ThreadNode): vscode.TreeItem {
  const { thread, session } = node;
  const item = new vscode.TreeItem(thread.threadId, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `thread:${node.configFile}:${thread.threadId}`;
  item.description = [
    thread.graphId,
    threadStanding(thread),
    thread.calls ? describeTotalsBriefly(thread.calls) : undefined,
    session ? `debugging (${session.status})` : undefined,
  ]
    .filter(Boolean)
    .join(" · ");
  item.tooltip = new vscode.MarkdownString(
    [
      `**thread_id** ${inlineCode(thread.threadId)}`,
      thread.graphId ? `graph ${inlineCode(thread.graphId)}` : undefined,
      thread.checkpointCount !== undefined ? `${thread.checkpointCount} checkpoints, newest at step ${thread.step}` : undefined,
      thread.updatedAt ? `updated ${new Date(thread.updatedAt).toLocaleString()}` : undefined,
      thread.calls ? `recorded model, tool and HTTP calls: ${thread.calls.text}` : undefined,
      session ? `A debug session is on this thread (${session.status}).` : undefined,
    ]
      .filter(Boolean)
      .join("\n\n"),
  );
  item.iconPath = new vscode.ThemeIcon(session ? "debug-alt" : "comment-discussion");
  // A connected server's threads run there: no local debugging, copying or deleting from here yet.
  item.contextValue = isServerUrl(node.configFile) ? "thread.server" : session ? "thread.session" : "thread";
  return item;
}

function checkpointItem(node: CheckpointNode, defaultConfig: string | undefined): vscode.TreeItem {
  const { checkpoint, session } = node;
  const current = session?.status === "stopped" && session.checkpointId === checkpoint.checkpointId;
  const collapsible =
    node.branches.length === 0
      ? vscode.TreeItemCollapsibleState.None
      : node.holdsPosition
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(checkpointName(checkpoint), collapsible);
  item.id = `checkpoint:${node.configFile}:${node.threadId}:${checkpoint.checkpointId}`;
  const forkedFrom = node.branchStart
    ? `forked from ${node.origin ? checkpointName(node.origin) : `checkpoint ${shortCheckpointId(checkpoint.parentCheckpointId ?? "")}`}`
    : undefined;
  item.description = [current ? "● debug position" : undefined, forkedFrom, nextText(checkpoint.next) || "end"].filter(Boolean).join(" · ");
  item.tooltip = new vscode.MarkdownString(
    [
      `**${checkpointName(checkpoint)}** · checkpoint ${inlineCode(shortCheckpointId(checkpoint.checkpointId))}`,
      `checkpoint_id ${inlineCode(checkpoint.checkpointId)}`,
      `step ${checkpoint.step}, source ${inlineCode(checkpoint.source)}`,
      forkedFrom ? `${forkedFrom} (a branch: the original history stays)` : undefined,
      node.branches.length > 0 ? `branches off here: expand to see them` : undefined,
      checkpoint.writers.length > 0 ? `written by ${checkpoint.writers.map(inlineCode).join(", ")}` : undefined,
      checkpoint.next.length > 0 ? `next superstep runs ${checkpoint.next.map(inlineCode).join(", ")}` : "the run ended here",
      checkpoint.createdAt ? new Date(checkpoint.createdAt).toLocaleString() : undefined,
      current ? "**The debug session is here.**" : undefined,
    ]
      .filter(Boolean)
      .join("\n\n"),
  );
  item.iconPath = current
    ? new vscode.ThemeIcon("debug-stackframe", new vscode.ThemeColor("debugIcon.pauseForeground"))
    : new vscode.ThemeIcon(node.branchStart ? "git-branch" : "git-commit");
  item.contextValue = isServerUrl(node.configFile) ? "checkpoint.server" : session && session.status !== "ended" ? "checkpoint.session" : "checkpoint";
  item.command = {
    title: "Show State",
    command: "vscode.open",
    arguments: [checkpointDocumentUri(node.configFile, defaultConfig, node.threadId, checkpoint), { preview: true }],
  };
  return item;
}
