// Recorded calls as views show them (CallView): one-line summaries of what was asked and
// answered, the text a user may edit, tokens and cost; and their totals per node and thread.

import type { LocatedCall, WorkspaceCallLog } from "../persistence/calls";
import type { CallRecord } from "../persistence/records";
import type { CallsView, CallTotalsView, CallView, ModelPrices } from "../protocol/engine";
import type { RecordedHttpResponse } from "./fetchCalls";
import type { RecordedModelResponse } from "./modelResponses";
import { describeTotals, priceOf, totalsOf } from "./usage";

const LINE = 160;

export function callView({ call, checkpointId }: LocatedCall, prices?: ModelPrices): CallView {
  const view: CallView = {
    id: call.id,
    kind: call.kind,
    name: call.name,
    node: call.node,
    index: call.index,
    task: call.task,
    from: call.from,
    checkpointId,
    request: call.request,
    requestSummary: requestSummary(call),
    responseSummary: responseSummary(call),
    latencyMs: call.latencyMs,
    startedAt: call.startedAt,
  };
  if (call.model !== undefined) view.model = call.model;
  if (call.step !== undefined) view.step = call.step;
  if (checkpointId === call.from) view.unfinished = true;
  if (call.response !== undefined) view.response = call.response;
  const editable = editableText(call);
  if (editable !== undefined) view.editableText = editable;
  if (call.error !== undefined) view.error = call.error;
  if (call.usage) {
    view.usage = call.usage;
    const price = call.replayedFrom === undefined ? priceOf(call.model, prices) : undefined;
    if (price) view.cost = (call.usage.input * price.input + call.usage.output * price.output) / 1_000_000;
  }
  if (call.replayedFrom !== undefined) view.replayedFrom = call.replayedFrom;
  if (call.editedFrom !== undefined) view.editedFrom = call.editedFrom;
  return view;
}

export function totalsView(calls: Iterable<CallRecord>, prices?: ModelPrices): CallTotalsView {
  const totals = totalsOf(calls, prices);
  return { ...totals, text: describeTotals(totals) };
}

export function callsView(located: readonly LocatedCall[], prices?: ModelPrices): CallsView {
  const byNodeCalls = new Map<string, CallRecord[]>();
  for (const { call } of located) {
    let list = byNodeCalls.get(call.node);
    if (!list) byNodeCalls.set(call.node, (list = []));
    list.push(call);
  }
  const byNode: Record<string, CallTotalsView> = {};
  for (const [node, calls] of byNodeCalls) byNode[node] = totalsView(calls, prices);
  const ordered = [...located].sort((a, b) => (a.call.startedAt < b.call.startedAt ? -1 : a.call.startedAt > b.call.startedAt ? 1 : 0));
  return {
    calls: ordered.map((entry) => callView(entry, prices)),
    totals: totalsView(
      located.map(({ call }) => call),
      prices,
    ),
    byNode,
  };
}

/** A thread's calls (those kept with `checkpointId` when given), with totals. */
export function callsOfThread(log: WorkspaceCallLog, threadId: string, checkpointId?: string, prices?: ModelPrices): CallsView {
  const all = log.list(threadId);
  return callsView(checkpointId === undefined ? all : all.filter((located) => located.checkpointId === checkpointId), prices);
}

/** The text of a model's answer or a tool's result, which the user may replace; undefined for HTTP. */
export function editableText(call: CallRecord): string | undefined {
  if (call.response === undefined) return undefined;
  if (call.kind === "model") {
    const content = (call.response as RecordedModelResponse).message?.content;
    return typeof content === "string" ? content : JSON.stringify(content);
  }
  if (call.kind === "tool") {
    const output = (call.response as { output?: unknown }).output;
    return typeof output === "string" ? output : JSON.stringify(output);
  }
  return undefined;
}

function requestSummary(call: CallRecord): string {
  const request = call.request as Record<string, unknown>;
  if (call.kind === "model") {
    const messages = (request.messages as { type?: string; content?: unknown }[] | undefined) ?? [];
    const last = messages.at(-1);
    return oneLine(`${messages.length} message${messages.length === 1 ? "" : "s"}${last ? `, last ${last.type}: ${textOf(last.content)}` : ""}`);
  }
  if (call.kind === "tool") return oneLine(JSON.stringify(request.args ?? {}));
  return oneLine(`${String(request.method)} ${String(request.url)}`);
}

function responseSummary(call: CallRecord): string {
  if (call.error !== undefined) return oneLine(`error: ${call.error}`);
  if (call.response === undefined) return call.unreplayable ? "(not kept: a stream or an object)" : "(none)";
  if (call.kind === "model") {
    const message = (call.response as RecordedModelResponse).message ?? {};
    const toolCalls = (message.tool_calls as { name?: string }[] | undefined) ?? [];
    const text = textOf(message.content);
    if (toolCalls.length > 0) return oneLine(`${text ? `${text} · ` : ""}calls ${toolCalls.map((tool) => tool.name).join(", ")}`);
    return oneLine(text);
  }
  if (call.kind === "tool") return oneLine(editableText(call) ?? "");
  const http = call.response as RecordedHttpResponse;
  const body = http.chunks?.join("") ?? (http.base64 !== undefined ? `(${Math.round((http.base64.length * 3) / 4)} bytes)` : "");
  return oneLine(`${http.status}${http.statusText ? ` ${http.statusText}` : ""} ${body}`);
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part === "string" ? part : ((part as { text?: string }).text ?? ""))).join("");
  return content === undefined ? "" : JSON.stringify(content);
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > LINE ? `${flat.slice(0, LINE - 1)}…` : flat;
}
