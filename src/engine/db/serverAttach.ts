// A debug session attached to a LangGraph server: finds the graph (an assistant id or a graph
// id) and the thread on the server, and hands the session a ServerGraph (serverGraph.ts) and the
// server's store. Every request has a time limit, so a server that is down or hangs fails the
// attach with one clear message instead of a hang.

import { Client } from "@langchain/langgraph-sdk";
import type { NodeInfo, SessionAttachParams } from "../../protocol/engine";
import { isServerUrl, secretOf, serverLocation } from "../../protocol/databaseUrls";
import { EngineError } from "../errors";
import type { AttachedServer, SessionServers } from "../session/persistence";
import type { SessionStore } from "../session/recordingStore";
import { describeServerError, isUnknownThread } from "./serverErrors";
import { ServerCommand, ServerGraph } from "./serverGraph";

/** How long one request may take (streams of runs excepted: a run takes what it takes). */
const REQUEST_TIMEOUT_MS = 15_000;
/** Where the user wrote the server's URL, for the messages. */
const NAMED_BY = 'the attach configuration\'s "url"';
/** The most store namespaces the Store scope lists. */
const NAMESPACE_LIMIT = 100;

export const serverSessions: SessionServers = { attach: attachToServer };

export async function attachToServer(params: SessionAttachParams): Promise<AttachedServer> {
  if (!isServerUrl(params.url))
    throw new EngineError(
      "invalidInput",
      `${JSON.stringify(params.url)} is not the http:// or https:// URL of a LangGraph server.`,
      undefined,
      'Set "url" to the server\'s address, e.g. "http://127.0.0.1:2024" for langgraphjs dev.',
    );
  const location = serverLocation(params.url);
  const client = new Client({
    apiUrl: location,
    // null: the SDK reads no other environment variable (LANGSMITH_API_KEY…) behind our back.
    apiKey: params.apiKey ?? secretOf(params.url) ?? process.env.LANGGRAPH_API_KEY ?? null,
    timeoutMs: REQUEST_TIMEOUT_MS,
    callerOptions: { maxRetries: 0 },
  });
  const call = <T>(request: () => Promise<T>): Promise<T> =>
    request().catch((error: unknown) => Promise.reject(describeServerError(error, location, NAMED_BY)));

  const drawn = await client.assistants.getGraph(params.graphId).catch(async (error: unknown) => {
    if (!isUnknownThread(error)) throw describeServerError(error, location, NAMED_BY);
    throw await unknownGraph(client, location, params.graphId);
  });
  const nodeNames = drawn.nodes.map((node) => String(node.id)).filter((name) => !name.startsWith("__"));
  const threadId = await threadOn(client, location, params.threadId, call);
  const graph = new ServerGraph(client, params.graphId, threadId, nodeNames, call);
  const nodes: NodeInfo[] = nodeNames.map((name) => ({ name }));
  return {
    location,
    graph,
    store: serverStore(client, call),
    threadId,
    nodes,
    Command: ServerCommand,
    namespaces: async () => (await call(() => client.store.listNamespaces({ limit: NAMESPACE_LIMIT }))).namespaces,
    cancelRun: () => graph.cancelRun(),
  };
}

/** The thread to debug: the one named (created with that id when the server lacks it), else a new one. */
async function threadOn(client: Client, location: string, threadId: string | undefined, call: <T>(request: () => Promise<T>) => Promise<T>): Promise<string> {
  if (threadId === undefined) return (await call(() => client.threads.create())).thread_id;
  try {
    return (await client.threads.get(threadId)).thread_id;
  } catch (error) {
    if (!isUnknownThread(error)) throw describeServerError(error, location, NAMED_BY);
  }
  try {
    return (await client.threads.create({ threadId, ifExists: "do_nothing" })).thread_id;
  } catch (error) {
    if ((error as { status?: unknown } | null)?.status !== 422 && (error as { status?: unknown } | null)?.status !== 400)
      throw describeServerError(error, location, NAMED_BY);
    throw new EngineError(
      "invalidInput",
      `The LangGraph server ${location} has no thread "${threadId}" and cannot make one with that id: its thread ids are UUIDs.`,
      location,
      'Leave "threadId" out to start a new thread, or give the UUID of one of the server\'s threads.',
    );
  }
}

/** The graph is neither an assistant nor a graph of the server: say which graphs it has. */
/** The error for a graph id the server does not serve, listing those it does. */
export async function unknownGraph(client: Client, location: string, graphId: string): Promise<EngineError> {
  const assistants = await client.assistants.search({ limit: 100 }).catch(() => []);
  const graphs = [...new Set(assistants.map((assistant) => assistant.graph_id))];
  return new EngineError(
    "invalidInput",
    `The LangGraph server ${location} has no graph or assistant "${graphId}"${graphs.length > 0 ? ` (its graphs: ${graphs.join(", ")})` : ""}.`,
    location,
    'Set "graph" to one of the server\'s graph ids (langgraph.json "graphs" of the server\'s project) or an assistant id.',
  );
}

/** The server's store as the session's Store scope and edits read and write it. */
function serverStore(client: Client, call: <T>(request: () => Promise<T>) => Promise<T>): SessionStore {
  return {
    search: async (namespacePrefix, options) =>
      (await call(() => client.store.searchItems(namespacePrefix, { limit: options?.limit, offset: options?.offset }))).items.map(
        ({ namespace, key, value }) => ({ namespace, key, value }),
      ),
    get: async (namespace, key) => {
      const item = await call(() => client.store.getItem(namespace, key));
      return item ? { value: item.value } : null;
    },
    put: async (namespace, key, value) => call(() => client.store.putItem(namespace, key, value)),
  };
}
