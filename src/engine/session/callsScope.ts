// The Calls scope of a frame: the model, tool and HTTP calls of the step that made its checkpoint
// (and of a step from it that did not finish), each named `↺ ChatOpenAI call 1 of agent` when it
// was replayed, with what was asked and answered, tokens, latency and cost; then the totals of
// the step, each node and the thread. A call's `response` can be edited (session/editCall).

import type { LocatedCall } from "../../persistence/calls";
import type { ModelPrices } from "../../protocol/engine";
import { callView, totalsView } from "../../calls/callViews";
import { formatCost } from "../../calls/usage";
import { toPlain, type Plain } from "./plainValue";

/** Where a session's calls come from: its thread's recordings, or nothing when they are not recorded. */
export type CallSource = () => { calls: readonly LocatedCall[]; prices?: ModelPrices } | undefined;

export const CALLS_NOT_RECORDED = "calls are recorded in the workspace database only";

/** The scope's value, and by entry name the id of the call it shows. */
export function callsScope(source: CallSource, checkpointId: string): { value: Plain; callIds: Map<string, string> } {
  const callIds = new Map<string, string>();
  const recorded = source();
  if (!recorded) return { value: { calls: CALLS_NOT_RECORDED }, callIds };
  const { calls, prices } = recorded;
  const here = calls.filter((located) => located.checkpointId === checkpointId);
  const value: Record<string, Plain> = {};
  for (const located of here) {
    const view = callView(located, prices);
    const name = uniqueName(value, `${view.replayedFrom ? "↺ " : view.editedFrom ? "✎ " : ""}${view.name} call ${view.index} of ${view.node}`);
    callIds.set(name, view.id);
    const entry: Record<string, unknown> = {
      response: view.editableText ?? view.responseSummary,
      request: view.request,
    };
    if (view.error !== undefined) entry.error = view.error;
    if (view.usage) entry.tokens = `${view.usage.input} → ${view.usage.output}`;
    entry.latency = view.replayedFrom ? "replayed: no call made" : `${Math.round(view.latencyMs)} ms`;
    if (view.cost !== undefined) entry.cost = formatCost(view.cost);
    if (view.model !== undefined) entry.model = view.model;
    if (view.unfinished) entry.step = "did not finish (an error, an interrupt or Stop): a re-run from here replays this call";
    if (view.replayedFrom !== undefined) entry["replayed from"] = view.replayedFrom;
    if (view.editedFrom !== undefined) entry["edited from"] = view.editedFrom;
    entry.id = view.id;
    value[name] = toPlain(entry);
  }
  value[uniqueName(value, "this step")] = totalsView(
    here.map(({ call }) => call),
    prices,
  ).text;
  const byNode: Record<string, Plain> = {};
  const nodes = [...new Set(calls.map(({ call }) => call.node))];
  for (const node of nodes)
    byNode[node] = totalsView(
      calls.filter(({ call }) => call.node === node).map(({ call }) => call),
      prices,
    ).text;
  if (nodes.length > 0) value[uniqueName(value, "by node")] = byNode;
  value[uniqueName(value, "thread")] = totalsView(
    calls.map(({ call }) => call),
    prices,
  ).text;
  return { value, callIds };
}

function uniqueName(record: Record<string, unknown>, name: string): string {
  if (!(name in record)) return name;
  let index = 2;
  while (`${name} #${index}` in record) index += 1;
  return `${name} #${index}`;
}
