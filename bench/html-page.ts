/**
 * Shared by bench/html-scaling.ts and test/integration/html-scaling.test.ts: the big flow
 * pages (the real 22,348-flow OVN br-int dump, and ~600k flows made from it by replication)
 * and their measurement in headless Chromium (Debian `chromium`, driven by puppeteer-core),
 * read from the page's own performance marks (`ovskit:interactive`, `ovskit:indexed`,
 * `ovskit:search`). Not part of the library.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import type { Flow } from "../src/openflow/flow.js";

export const CHROMIUM = "/usr/bin/chromium";

/** The little of the DOM that the functions run in the page use (this file has no DOM lib). */
interface PageElement {
  hidden: boolean;
  value: string;
  readonly textContent: string | null;
  readonly dataset: Record<string, string | undefined>;
}
declare const document: {
  readonly body: PageElement;
  getElementById(id: string): PageElement | null;
  querySelectorAll(selector: string): { readonly length: number };
};
const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The real large dump (bench/data/ovn-br-int-large.of15.flows.gz), as text. */
export function largeDumpText(): string {
  return gunzipSync(readFileSync(join(ROOT, "bench/data/ovn-br-int-large.of15.flows.gz"))).toString("utf8");
}

/**
 * At least `target` flows made from `flows`: copy 0 is the dump itself; copy k > 0 has the
 * cookie's upper 32 bits set to k, the priority raised by k (at most 65535) and the table
 * moved by 7k (mod 254; the actions are unchanged), so tables and counts vary.
 */
export function replicateFlows(flows: readonly Flow[], target: number): Flow[] {
  const out: Flow[] = [];
  for (let k = 0; out.length < target; k++) {
    for (const f of flows) {
      if (k === 0) {
        out.push(f);
        continue;
      }
      const table = typeof f.table === "number" ? (f.table + 7 * k) % 254 : f.table;
      out.push({
        cookie: (f.cookie ?? 0n) | (BigInt(k) << 32n),
        duration: f.duration,
        table,
        nPackets: f.nPackets === undefined ? undefined : f.nPackets * BigInt(k % 5),
        nBytes: f.nBytes === undefined ? undefined : f.nBytes * BigInt(k % 5),
        idleTimeout: f.idleTimeout,
        hardTimeout: f.hardTimeout,
        importance: f.importance,
        idleAge: f.idleAge,
        hardAge: f.hardAge,
        flags: f.flags,
        priority: f.priority === undefined ? undefined : Math.min(65535, f.priority + k),
        match: f.match,
        actions: f.actions,
        line: undefined,
      } as Flow);
      if (out.length >= target) break;
    }
  }
  return out;
}

/** Headless Chromium as DESIGN.md says (no downloads, no background network). */
export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    protocolTimeout: 600_000,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--js-flags=--max-old-space-size=4096"],
  });
}

/** What a page did: console errors, page errors, requests that were not the file itself. */
export interface PageWatch {
  readonly errors: string[];
  readonly requests: string[];
}

/** A new page of `browser` that records errors and every request other than file: / data:. */
export async function watchedPage(browser: Browser, width = 1400, height = 900): Promise<{ page: Page; watch: PageWatch }> {
  const page = await browser.newPage();
  await page.setViewport({ width, height });
  const watch: PageWatch = { errors: [], requests: [] };
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warn") watch.errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => watch.errors.push(`pageerror: ${String(e)}`));
  page.on("requestfailed", (r) => watch.errors.push(`requestfailed: ${r.url().slice(0, 100)}`));
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith("file:") && !u.startsWith("data:")) watch.requests.push(u.slice(0, 100));
  });
  return { page, watch };
}

/** Timings of a page, from its performance marks (ms since navigation start). */
export interface PageTimings {
  /** Navigation start to the first rows drawn (`ovskit:interactive`). */
  readonly interactiveMs: number;
  /** Navigation start to every flow parsed for the search (`ovskit:indexed`). */
  readonly indexedMs: number;
  /** Wall time of `page.goto` until the page said it was interactive (includes the file read). */
  readonly wallMs: number;
}

/** Opens `file` and waits until the page is interactive, then until it has indexed every flow. */
export async function openPage(page: Page, file: string, timeoutMs = 300_000): Promise<PageTimings> {
  const t0 = performance.now();
  await page.goto(pathToFileURL(file).href, { waitUntil: "domcontentloaded", timeout: timeoutMs });
  await page.waitForFunction(() => document.body.dataset.state !== undefined, { timeout: timeoutMs, polling: 50 });
  const wallMs = performance.now() - t0;
  await page.waitForFunction(() => document.body.dataset.state === "indexed", { timeout: timeoutMs, polling: 100 });
  const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, m.startTime])));
  return { interactiveMs: marks["ovskit:interactive"] ?? Number.NaN, indexedMs: marks["ovskit:indexed"] ?? Number.NaN, wallMs };
}

/** One search typed in the box, answered: the page's own measure, the status line, the rows drawn. */
export interface SearchTiming {
  readonly expression: string;
  readonly ms: number;
  readonly state: string;
  readonly status: string;
  readonly error: string;
  readonly rows: number;
}

/** Types `expression` in the search box, presses Enter, waits for the answer. */
export async function searchPage(page: Page, expression: string, timeoutMs = 60_000): Promise<SearchTiming> {
  // Set the box at once (typing key by key would start searches on the way), then Enter.
  await page.evaluate((expr) => {
    performance.clearMeasures("ovskit:search");
    document.body.dataset.search = "";
    (document.getElementById("q") as PageElement).value = expr;
  }, expression);
  await page.focus("#q");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.body.dataset.search === "done" || document.body.dataset.search === "error", { timeout: timeoutMs, polling: 20 });
  return page.evaluate((expr) => {
    const m = performance.getEntriesByName("ovskit:search");
    const last = m[m.length - 1];
    const err = document.getElementById("err") as PageElement;
    return {
      expression: expr,
      ms: last === undefined ? Number.NaN : last.duration,
      state: document.body.dataset.search ?? "",
      status: document.getElementById("status")?.textContent ?? "",
      error: err.hidden ? "" : (err.textContent ?? ""),
      rows: document.querySelectorAll("#list .row[data-i]").length,
    };
  }, expression);
}
