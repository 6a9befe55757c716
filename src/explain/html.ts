/**
 * {@link renderExplanationHtml}: a self-contained page with a trace, its explanation and the
 * deciding step highlighted.
 *
 * @module
 */
import { escapeHtml, htmlPage } from "../render/html.js";
import { formatTrace } from "../trace/format.js";
import type { Trace } from "../trace/types.js";
import { formatExplanation } from "./format.js";
import type { Explanation } from "./model.js";

/** Options of {@link renderExplanationHtml}. */
export interface ExplanationHtmlOptions {
  /** Page title. Default `ovskit trace`. */
  readonly title?: string;
  /** Text shown between the explanation and the trace (e.g. `formatDetrace(...)`), as preformatted text. */
  readonly annotations?: string;
}

/**
 * A self-contained HTML page (no script, no external resource): the explanation on top, then
 * the trace as `formatTrace` prints it, with the lines of the deciding step and action marked
 * and each line anchored (`#L42`), so the explanation's line references are links.
 *
 * @example
 * ```ts
 * import { explainTrace, renderExplanationHtml, simulateTrace } from "ovskit";
 * const trace = simulateTrace(pipeline, packet, { bridge: "br-int" });
 * const html = renderExplanationHtml(trace, explainTrace(trace, ovn), { title: "pod3 -> svc10" });
 * ```
 */
export function renderExplanationHtml(trace: Trace, explanation: Explanation, options: ExplanationHtmlOptions = {}): string {
  const marked = new Set<number>();
  if (explanation.decidedBy !== undefined) {
    marked.add(explanation.decidedBy.line);
    if (explanation.decidedBy.action !== undefined) marked.add(explanation.decidedBy.action.line);
  }
  const link = (text: string): string => escapeHtml(text).replace(/\bline (\d+)\b/g, (_, n: string) => `<a href="#L${n}">line ${n}</a>`);
  const explained = formatExplanation(explanation).trimEnd().split("\n").map(link).join("\n");
  const lines = formatTrace(trace).replace(/\n$/, "").split("\n");
  const body = lines
    .map((l, i) => {
      const n = i + 1;
      const text = escapeHtml(l);
      return `<span id="L${n}" class="${marked.has(n) ? "node mark" : "node"}"><span class="info">${String(n).padStart(4)}</span> ${marked.has(n) ? `<mark>${text}</mark>` : text}</span>`;
    })
    .join("\n");
  const verdictClass = explanation.verdict === "dropped" ? "drop" : "action";
  const header = `<div class="count"><span class="${verdictClass}">${escapeHtml(explanation.verdict)}</span>: ${escapeHtml(explanation.summary)}</div>`;
  const annotations = options.annotations === undefined ? "" : `<section><h2>OVN annotations</h2><pre class="flow">${escapeHtml(options.annotations)}</pre></section>\n`;
  return htmlPage(
    options.title ?? "ovskit trace",
    header,
    `<section><h2>Explanation</h2><pre class="flow">${explained}</pre></section>\n${annotations}<section><h2>Trace</h2><pre class="flow">${body}</pre></section>\n`,
  );
}
