// Addresses of the workspace database's documents: a store item or a checkpoint as a URI that
// VS Code's own JSON editor can open, save and diff. Owns only the encoding; no I/O.
//
//   langgraph-store:/<label>/<label>/<key>.json[?config=<langgraph.json>]
//   langgraph-checkpoint:/<thread_id>/<step>-<checkpoint_id>.json[?config=<langgraph.json>]
//
// Each namespace label, key and thread_id is one path segment, percent-encoded, so a "/" in a
// key cannot change the namespace. `config` is the absolute path of the langgraph.json whose
// database holds the record, or the URL of a connected LangGraph server; without it the record
// is in the database of the workspace's only (or first) langgraph.json, which keeps the common
// URI short: langgraph-store:/memories/1/<key>.json.

import * as vscode from "vscode";

export const STORE_SCHEME = "langgraph-store";
export const CHECKPOINT_SCHEME = "langgraph-checkpoint";

export interface StoreItemAddress {
  /** Absolute path of langgraph.json; undefined = the workspace's default one. */
  configFile?: string;
  namespace: string[];
  key: string;
}

export interface CheckpointAddress {
  configFile?: string;
  threadId: string;
  checkpointId: string;
  step: number;
}

const segment = (text: string): string => encodeURIComponent(text);

function query(configFile: string | undefined): string {
  return configFile ? `config=${encodeURIComponent(configFile)}` : "";
}

function configOf(uri: vscode.Uri): string | undefined {
  const value = new URLSearchParams(uri.query).get("config");
  return value || undefined;
}

function segmentsOf(uri: vscode.Uri): string[] {
  return uri.path
    .split("/")
    .filter((part) => part.length > 0)
    .map((part) => decodeURIComponent(part));
}

export function storeItemUri(address: StoreItemAddress): vscode.Uri {
  const parts = [...address.namespace, `${address.key}.json`].map(segment);
  return vscode.Uri.from({ scheme: STORE_SCHEME, path: `/${parts.join("/")}`, query: query(address.configFile) });
}

/** Where a store URI points: an item (last segment ends in .json) or a namespace folder. */
export function parseStoreUri(uri: vscode.Uri): { configFile?: string; namespace: string[]; key?: string } {
  const parts = segmentsOf(uri);
  const last = parts.at(-1);
  if (last?.endsWith(".json") && parts.length >= 2) {
    return { configFile: configOf(uri), namespace: parts.slice(0, -1), key: last.slice(0, -".json".length) };
  }
  return { configFile: configOf(uri), namespace: parts };
}

export function checkpointUri(address: CheckpointAddress): vscode.Uri {
  const name = `${address.step}-${address.checkpointId}.json`;
  return vscode.Uri.from({ scheme: CHECKPOINT_SCHEME, path: `/${segment(address.threadId)}/${segment(name)}`, query: query(address.configFile) });
}

export function parseCheckpointUri(uri: vscode.Uri): CheckpointAddress | undefined {
  const parts = segmentsOf(uri);
  if (parts.length !== 2) return undefined;
  const match = /^(-?\d+)-(.+)\.json$/.exec(parts[1]);
  if (!match) return undefined;
  return { configFile: configOf(uri), threadId: parts[0], step: Number(match[1]), checkpointId: match[2] };
}
