/**
 * The HTML page of `renderHtml` in a real browser: Debian `chromium`, headless, driven by
 * puppeteer-core (no browser download). The page of a real OVN br-int dump must load with no
 * console error, no failed request, and a click on a `resubmit(,N)` link must scroll to table N.
 *
 * Needs /usr/bin/chromium (`apt-get install -y chromium`). Without it the suite is skipped with
 * a warning, unless CI is set: then it fails.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileFilter } from "../../src/filter/index.js";
import { parseFlows } from "../../src/openflow/index.js";
import { parseDatapathFlows } from "../../src/datapath/index.js";
import { renderDatapathHtml, renderHtml } from "../../src/render/index.js";
import { filterRecircTree } from "../../src/views/index.js";
import { fixture } from "../helpers/fixtures.js";
import { inCI } from "./sandbox.js";

const CHROMIUM = "/usr/bin/chromium";
const present = existsSync(CHROMIUM);
const ci = inCI();
if (!present && !ci) {
  const bar = "!".repeat(100);
  console.warn(`\n${bar}\n[integration] SKIPPING the HTML / Chromium suite: ${CHROMIUM} not found (apt-get install -y chromium).\n${bar}\n`);
}

describe.skipIf(!present && !ci)("HTML page in headless Chromium", () => {
  let browser: Browser | undefined;
  let page: Page | undefined;
  let dir = "";
  const errors: string[] = [];

  beforeAll(async () => {
    if (!present) throw new Error(`${CHROMIUM} not found (apt-get install -y chromium). CI is set, so this is a failure, not a skip.`);
    dir = mkdtempSync(join(process.env.OVSKIT_SANDBOX_ROOT ?? tmpdir(), "ovskit-html-"));
    const flows = parseFlows(fixture("openflow", "ovn-br-int.of15.flows"));
    const file = join(dir, "flows.html");
    writeFileSync(file, renderHtml(flows, { title: "br-int", highlight: compileFilter("ct.zone"), heatMap: "packets" }));
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warn") errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`pageerror: ${String(e)}`));
    page.on("requestfailed", (r) => errors.push(`requestfailed: ${r.url()}`));
    page.on("request", (r) => {
      if (!r.url().startsWith("file:")) errors.push(`network request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  it("loads with no console error and no network request", async () => {
    const p = page as Page;
    expect(await p.title()).toBe("br-int");
    expect(await p.$$eval("section[id^='table-']", (s) => s.length)).toBeGreaterThan(20);
    expect(await p.$$eval("mark", (m) => m.length)).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it("scrolls to the table a resubmit link names when it is clicked", async () => {
    const p = page as Page;
    const target = "table-40";
    const link = await p.$(`main > section:first-of-type > div.flow a.goto[href="#${target}"]`);
    expect(link).not.toBeNull();
    const before = await p.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY);
    await link?.click();
    await p.waitForFunction((id: string) => (globalThis as unknown as { location: { hash: string } }).location.hash === `#${id}`, {}, target);
    // The target section's top is now at the top of the viewport.
    const top = await p.$eval(`#${target}`, (e) => e.getBoundingClientRect().top);
    const after = await p.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY);
    expect(after).toBeGreaterThan(before + 1000);
    expect(Math.abs(top)).toBeLessThan(5);
    expect(errors).toEqual([]);
  });

  it("datapath page: loads cleanly and a recirc(N) link scrolls to its node", async () => {
    const p = await (browser as Browser).newPage();
    const errs: string[] = [];
    p.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warn") errs.push(m.text());
    });
    p.on("pageerror", (e) => errs.push(String(e)));
    await p.setViewport({ width: 1280, height: 600 });
    const file = join(dir, "dp.html");
    const tree = filterRecircTree(parseDatapathFlows(fixture("datapath", "ovn.dpctl.flows")));
    writeFileSync(file, renderDatapathHtml(tree, { title: "datapath" }));
    await p.goto(pathToFileURL(file).href, { waitUntil: "load" });
    const links = await p.$$eval("a.goto", (as) => as.map((a) => a.getAttribute("href") ?? ""));
    expect(links.length).toBeGreaterThan(3);
    const href = links[links.length - 1] as string;
    await p.click(`a.goto[href="${href}"]`);
    await p.waitForFunction((h: string) => (globalThis as unknown as { location: { hash: string } }).location.hash === h, {}, href);
    const top = await p.$eval(href, (e) => e.getBoundingClientRect().top);
    expect(Math.abs(top)).toBeLessThan(5);
    expect(errs).toEqual([]);
    await p.close();
  });

  it("opens a collapsed logic view on click", async () => {
    const p = page as Page;
    const open = await p.$eval("details.logic", (d) => (d as unknown as { open: boolean }).open);
    expect(open).toBe(false);
    await p.click("details.logic > summary");
    expect(await p.$eval("details.logic", (d) => (d as unknown as { open: boolean }).open)).toBe(true);
    expect(await p.$eval("details.logic details.group", (d) => (d as unknown as { open: boolean }).open)).toBe(false);
  });
});
