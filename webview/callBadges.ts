// Recorded model, tool and HTTP calls as small marks of the debugger view: a graph node's badge
// (how many calls it made and their tokens; the totals' full text as its tooltip) and a timeline
// row's marker (how many calls the checkpoint's step made, ↺ when replayed; the calls listed
// in its tooltip), and the thread's totals above the timeline. The list of a checkpoint's calls
// is callsList.ts.

import { html, nothing, svg } from "lit";
import type { SVGTemplateResult, TemplateResult } from "lit";
import type { CallsView, CallTotalsView, CallView } from "../src/protocol/engine";
import type { ErrorView, HostMessage } from "../src/protocol/webview";

/** A thread's recorded calls as the view keeps them (calls/didLoad), by the checkpoint each is kept with. */
export interface ThreadCalls {
  threadId: string;
  view?: CallsView;
  byCheckpoint: Map<string, CallView[]>;
  error?: ErrorView;
}

export function threadCalls(message: Extract<HostMessage, { type: "calls/didLoad" }>): ThreadCalls {
  const { threadId, calls, error } = message;
  return { threadId, byCheckpoint: callsByCheckpoint(calls?.calls ?? []), ...(calls ? { view: calls } : {}), ...(error ? { error } : {}) };
}

/** The thread's calls added up, or why they could not be read. */
export function threadCallsTotal(calls: ThreadCalls | undefined): TemplateResult | typeof nothing {
  if (calls?.error) return html`<span class="timeline-calls-total call-error" role="alert">Recorded calls: ${calls.error.message}</span>`;
  // Postgres, a server: the engine says why nothing is recorded.
  if (calls?.view?.notRecorded) return html`<span class="timeline-calls-total calls-not-recorded">${calls.view.notRecorded}</span>`;
  const totals = calls?.view?.totals;
  if (!totals?.calls) return nothing;
  return html`<span class="timeline-calls-total" title="Model, tool and HTTP calls recorded on this thread"
    ><span class="codicon codicon-sparkle" aria-hidden="true"></span> ${totals.text}</span
  >`;
}

const BADGE_HEIGHT = 14;
/** The badge's text is short and in a small font: about this many pixels a character. */
const CHAR_WIDTH = 6;

/** The badge at a node's top right corner: `2 · 74 tok`, `↺ 1 · 74 tok` when some were replayed. */
export function nodeCallsBadge(nodeWidth: number, totals: CallTotalsView | undefined): SVGTemplateResult | typeof nothing {
  if (!totals?.calls) return nothing;
  const tokens = totals.tokensIn + totals.tokensOut;
  const text = `${totals.replayed > 0 ? "↺ " : ""}${totals.calls}${tokens > 0 ? ` · ${compactNumber(tokens)} tok` : ""}`;
  const width = text.length * CHAR_WIDTH + 10;
  return svg`<g class="graph-node-calls" transform="translate(${nodeWidth - width + 8} ${-BADGE_HEIGHT + 4})" aria-label=${totals.text}>
    <title>${totals.text}</title>
    <rect class="graph-node-calls-box" width=${width} height=${BADGE_HEIGHT} rx=${BADGE_HEIGHT / 2}></rect>
    <text class="graph-node-calls-text" x=${width / 2} y=${BADGE_HEIGHT / 2}>${text}</text>
  </g>`;
}

/** The calls a checkpoint's step made, on its timeline row. */
export function timelineCallsMarker(calls: readonly CallView[] | undefined): TemplateResult | typeof nothing {
  if (!calls?.length) return nothing;
  const replayed = calls.some((call) => call.replayedFrom !== undefined);
  const title = `Calls of this step:\n${calls.map(callLine).join("\n")}`;
  return html`<span class="timeline-calls ${replayed ? "replayed" : ""}" title=${title} aria-label=${title}
    ><span class="codicon codicon-sparkle" aria-hidden="true"></span>${replayed ? "↺" : ""}${calls.length}</span
  >`;
}

/** `↺ ChatOpenAI call 1 of agent: calls get_weather`. */
export function callLine(call: CallView): string {
  return `${call.replayedFrom !== undefined ? "↺ " : ""}${call.name} call ${call.index} of ${call.node}: ${call.responseSummary}`;
}

function callsByCheckpoint(calls: readonly CallView[]): Map<string, CallView[]> {
  const byCheckpoint = new Map<string, CallView[]>();
  for (const call of calls) {
    let list = byCheckpoint.get(call.checkpointId);
    if (!list) byCheckpoint.set(call.checkpointId, (list = []));
    list.push(call);
  }
  return byCheckpoint;
}

/** 1234 → "1.2k": a badge has little room. */
function compactNumber(value: number): string {
  return value >= 10_000 ? `${Math.round(value / 1000)}k` : value >= 1000 ? `${(value / 1000).toFixed(1)}k` : String(value);
}
