/**
 * The flow page of renderHtml: what it embeds decodes back to the dump's flows, hostile text
 * (a flow, a name, a title, an OVN label holding `</script>` or `<script>`) stays data, the
 * page asks for nothing over the network, and the bundled page script is the one built from
 * the sources. The page itself is tested in Chromium (test/integration/html-chromium.test.ts).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateHtmlApp } from "../scripts/build-html-app.js";
import { toJson } from "../src/core/json.js";
import { type Flow, parseFlow, parseFlows } from "../src/openflow/index.js";
import { formatFlow } from "../src/openflow/format.js";
import { escapeEmbeddedText, readHtmlPageData, renderHtml, scriptJson, unescapeEmbeddedText } from "../src/render/index.js";
import { compareTables } from "../src/views/table-summary.js";
import { detraceCookieResolver, flowSetOf, ovnContext, readOvsdbFile, summarizeTables } from "../src/index.js";
import { fixture } from "./helpers/fixtures.js";

const OVN_TEXT = fixture("openflow", "ovn-br-int.of15.flows");
const OVN = parseFlows(OVN_TEXT);

/** The flows in the page's order: tables in order, dump order inside a table. */
function pageOrder<T extends { table?: number | string | undefined }>(flows: readonly T[]): T[] {
  return flows
    .map((f, i) => ({ f, i }))
    .sort((a, b) => compareTables(a.f.table ?? 0, b.f.table ?? 0) || a.i - b.i)
    .map((x) => x.f);
}

const HOSTILE = [
  ' cookie=0x1, table=3, n_packets=5, n_bytes=10, priority=1,in_port="</script><script>window.pwned=1</script>" actions=output:"<!--<script>"',
  ' cookie=0x2, table=3, n_packets=0, n_bytes=0, priority=2,in_port="a%3Cb%25" actions=drop',
  ' cookie=0x3, table=0, n_packets=1, n_bytes=60, priority=3,ip actions=note:3c.2f.73.63.72.69.70.74.3e,resubmit(,3)',
].map((l) => parseFlow(l));

describe("renderHtml: the embedded data", () => {
  const html = renderHtml(OVN, { title: "br-int" });
  const page = readHtmlPageData(html);

  it("decodes back to the dump's flows, in table order", () => {
    expect(page.meta.flows).toBe(OVN.length);
    expect(page.lines.length).toBe(OVN.length);
    const back = parseFlows(page.lines.join("\n"));
    const strip = (f: Flow): unknown => toJson({ ...f, line: undefined });
    expect(back.map(strip)).toEqual(pageOrder(OVN).map(strip));
    expect(page.lines).toEqual(pageOrder(OVN).map((f) => formatFlow(f).slice(1)));
  });

  it("lists every table with its first flow, count and totals", () => {
    const sums = summarizeTables(OVN);
    expect(page.meta.tables.map((t) => t.table)).toEqual(sums.map((s) => s.table));
    let first = 0;
    for (const [i, t] of page.meta.tables.entries()) {
      const s = sums[i];
      expect(t.first).toBe(first);
      expect(t.flows).toBe(s?.flows);
      expect(t.packets).toBe(String(s?.packets));
      expect(t.bytes).toBe(String(s?.bytes));
      first += t.flows;
    }
    expect(first).toBe(OVN.length);
  });

  it("carries a heat level per flow: hottest 7, unhit '-'", () => {
    const ordered = pageOrder(OVN);
    for (const metric of ["packets", "bytes", "age"] as const) expect(page.meta.heat[metric].length).toBe(OVN.length);
    const max = ordered.reduce((m, f) => ((f.nPackets ?? 0n) > m ? (f.nPackets ?? 0n) : m), 0n);
    expect(max).toBeGreaterThan(0n);
    ordered.forEach((f, i) => {
      const c = page.meta.heat.packets[i];
      if ((f.nPackets ?? 0n) === 0n) expect(c).toBe("-");
      else if (f.nPackets === max) expect(c).toBe("7");
      else expect(c).toMatch(/[0-7]/);
      if ((f.nPackets ?? 0n) === 0n) expect(page.meta.heat.age[i]).toBe("-");
    });
  });

  it("is at most a few percent bigger than the dump it shows", () => {
    const dump = OVN.map((f) => formatFlow(f)).join("\n").length;
    // The page script (~100 kB) dominates on this 1.9k-flow dump; the 22k-flow ratio is in the Chromium suite.
    expect(html.length - dump).toBeLessThan(200_000);
  });

  it("names the OVN stage and logical flow of each cookie with resolveCookie (the detrace join)", () => {
    const brInt = parseFlows(fixture("ovn", "br-int.flows.txt"));
    const sb = readOvsdbFile(readFileSync(new URL("./fixtures/ovn/ovnsb_db.compacted.db", import.meta.url)));
    const resolve = detraceCookieResolver(ovnContext({ sb }));
    const meta = readHtmlPageData(renderHtml(brInt, { resolveCookie: resolve })).meta;
    const named = brInt.filter((f) => f.cookie !== undefined && resolve(f.cookie) !== undefined);
    expect(named.length).toBeGreaterThan(1000);
    for (const f of named) {
      const li = meta.cookies[(f.cookie as bigint).toString(16)];
      expect(li).toBeDefined();
      expect(meta.labels[li as number]).toBe(resolve(f.cookie as bigint));
    }
    expect(meta.stages).toContain("ovn-worker ls_in_pre_acl");
    expect(meta.stages.some((s) => s.startsWith("Port_Binding "))).toBe(true);
    // The deprecated form still names cookies.
    expect(readHtmlPageData(renderHtml(brInt.slice(0, 50), { logic: { resolveCookie: resolve } })).meta.labels.length).toBeGreaterThan(0);
  });

  it("names each flow's input when it shows several (a FlowSet)", () => {
    const set = flowSetOf([
      ["w1", OVN.slice(0, 30)],
      ["w2", OVN.slice(30, 50)],
    ]);
    const meta = readHtmlPageData(renderHtml(set)).meta;
    expect(meta.sources).toEqual(["w1", "w2"]);
    expect(meta.source.length).toBe(50);
    expect([...meta.source].filter((c) => c === "1").length).toBe(20);
    expect(readHtmlPageData(renderHtml(flowSetOf([["w1", OVN.slice(0, 5)]]))).meta.source).toBe("");
  });

  it("opens with the search or highlight it was given", () => {
    expect(readHtmlPageData(renderHtml(OVN, { search: "n_packets>0" })).meta.search).toBe("n_packets>0");
    const hl = renderHtml(OVN, { highlight: { expression: "ct.zone" } as never });
    expect(hl).toContain('<body data-mode="highlight">');
    expect(readHtmlPageData(hl).meta.search).toBe("ct.zone");
  });
});

describe("renderHtml: hostile text stays data", () => {
  const evil = "</script><script>window.pwned=1</script><!--";
  const html = renderHtml(HOSTILE, {
    title: `</title>${evil}`,
    search: evil,
    resolveCookie: (c) => (c === 1n ? `lflow ${evil}` : undefined),
  });

  it("has exactly its own three script elements, whatever the flows, title and labels hold", () => {
    expect(html.match(/<script/gi)?.length).toBe(3);
    expect(html.match(/<\/script/gi)?.length).toBe(3);
    expect(html).not.toContain("<!--");
    expect(html).toContain("<title>&lt;/title&gt;&lt;/script&gt;");
  });

  it("decodes the hostile flows and labels back exactly", () => {
    const page = readHtmlPageData(html);
    expect(parseFlows(page.lines.join("\n")).map((f) => formatFlow(f))).toEqual(pageOrder(HOSTILE).map((f) => formatFlow(f)));
    expect(page.lines.some((l) => l.includes('in_port="a%3Cb%25"'))).toBe(true);
    expect(page.meta.labels).toEqual([`lflow ${evil}`]);
    expect(page.meta.search).toBe(evil);
    expect(page.meta.title).toBe(`</title>${evil}`);
  });

  it("escapes any string reversibly, with no '<', CR or NUL left", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const e = escapeEmbeddedText(s);
        expect(e).not.toMatch(/[<\r\0]/);
        expect(unescapeEmbeddedText(e)).toBe(s);
        const j = scriptJson({ s });
        expect(j).not.toMatch(/[<>&]/);
        expect(JSON.parse(j)).toEqual({ s });
      }),
    );
  });
});

describe("renderHtml: self-contained", () => {
  const html = renderHtml(OVN.slice(0, 20));

  it("loads nothing: no src/href to anything, a CSP that forbids every fetch and any other script", () => {
    expect(html).not.toMatch(/<link|<img|<iframe|\ssrc=|\shref=|url\(|https?:\/\//);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? "";
    expect(csp).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]+=*';/);
    expect(csp).not.toContain("unsafe-inline'; style");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  });

  it("embeds the page script built from src/render/html-app (npm run html-app regenerates it)", async () => {
    const generated = readFileSync(new URL("../src/render/html-app.generated.ts", import.meta.url), "utf8");
    expect(await generateHtmlApp()).toBe(generated);
  });

  it("reports a page that is not a flow page", () => {
    expect(() => readHtmlPageData("<html></html>")).toThrow(/no ovskit-meta block/);
  });
});
