// Addresses of the workspace database's documents: a store item or a checkpoint as a URI that
// VS Code's own JSON editor can open, save and diff. Owns only the encoding; no I/O.
//
//   langgraph-store:/<label>/<label>/<key>.json[?config=<langgraph.json>][&version=<ISO time>]
//   langgraph-checkpoint:/<thread_id>/<step>-<checkpoint_id>.json[?config=<langgraph.json>]
//   langgraph-compare:/<thread_id>/<step>-<checkpoint_id>.txt[?config=<langgraph.json>]  (one side of a comparison)
//
// Each namespace label, key and thread_id is one path segment, percent-encoded, so a "/" in a
// key cannot change the namespace. `config` is the absolute path of the langgraph.json whose
// database holds the record, or the URL of a connected LangGraph server; without it the record
// is in the database of the workspace's only (or first) langgraph.json, which keeps the common
// URI short: langgraph-store:/memories/1/<key>.json.
// `version` names one earlier version of the item by the time it was written: a read-only
// document, for the diff editor of the item's history.

import * as vscode from "vscode";

export const STORE_SCHEME = "langgraph-store";
export const CHECKPOINT_SCHEME = "langgraph-checkpoint";
export const COMPARE_SCHEME = "langgraph-compare";

export interface StoreItemAddress {
  /** Absolute path of langgraph.json; undefined = the workspace's default one. */
  configFile?: string;
  namespace: string[];
  key: string;
  /** An earlier version, by the ISO time it was written (StoreVersionView.time); undefined = the item now. */
  version?: string;
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
  const params = [query(address.configFile), address.version ? `version=${encodeURIComponent(address.version)}` : ""].filter(Boolean);
  return vscode.Uri.from({ scheme: STORE_SCHEME, path: `/${parts.join("/")}`, query: params.join("&") });
}

/** Where a store URI points: an item (last segment ends in .json), one of its versions, or a namespace folder. */
export function parseStoreUri(uri: vscode.Uri): { configFile?: string; namespace: string[]; key?: string; version?: string } {
  const parts = segmentsOf(uri);
  const last = parts.at(-1);
  if (last?.endsWith(".json") && parts.length >= 2) {
    const version = new URLSearchParams(uri.query).get("version") || undefined;
    return { configFile: configOf(uri), namespace: parts.slice(0, -1), key: last.slice(0, -".json".length), ...(version ? { version } : {}) };
  }
  return { configFile: configOf(uri), namespace: parts };
}

export function checkpointUri(address: CheckpointAddress): vscode.Uri {
  return addressUri(CHECKPOINT_SCHEME, "json", address);
}

export function parseCheckpointUri(uri: vscode.Uri): CheckpointAddress | undefined {
  return parseAddress(uri, "json");
}

/** One side of a comparison: the checkpoint's path of nodes, state and store as text. */
export function compareUri(address: CheckpointAddress): vscode.Uri {
  return addressUri(COMPARE_SCHEME, "txt", address);
}

export function parseCompareUri(uri: vscode.Uri): CheckpointAddress | undefined {
  return parseAddress(uri, "txt");
}

function addressUri(scheme: string, extension: string, address: CheckpointAddress): vscode.Uri {
  const name = `${address.step}-${address.checkpointId}.${extension}`;
  return vscode.Uri.from({ scheme, path: `/${segment(address.threadId)}/${segment(name)}`, query: query(address.configFile) });
}

function parseAddress(uri: vscode.Uri, extension: string): CheckpointAddress | undefined {
  const parts = segmentsOf(uri);
  if (parts.length !== 2 || !parts[1].endsWith(`.${extension}`)) return undefined;
  const match = /^(-?\d+)-(.+)$/.exec(parts[1].slice(0, -extension.length - 1));
  if (!match) return undefined;
  return { configFile: configOf(uri), threadId: parts[0], step: Number(match[1]), checkpointId: match[2] };
}
