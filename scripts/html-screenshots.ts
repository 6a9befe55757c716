/**
 * Screenshots of the flow page for the README (docs/html-*.png), taken in headless Chromium:
 * the real 22,348-flow OVN br-int dump (a search, a filter error in the dark theme) and the
 * small OVN fixture with the Southbound database (stage names inline). `--all` also writes the
 * top of the page and a table jump (html-top.png, html-jump.png), which the README does not use.
 *
 *   npx tsx scripts/html-screenshots.ts [OUT_DIR] [--all]     (default docs/)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { largeDumpText, launchChromium, openPage, searchPage, watchedPage } from "../bench/html-page.js";
import { detraceCookieResolver, ovnContext, parseFlows, readOvsdbFile, renderHtml } from "../src/index.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const all = process.argv.includes("--all");
const out = process.argv.slice(2).find((a) => !a.startsWith("--")) ?? join(root, "docs");
const tmp = mkdtempSync(join(tmpdir(), "ovskit-shots-"));
const browser = await launchChromium();
try {
  const large = join(tmp, "large.html");
  writeFileSync(large, renderHtml(parseFlows(largeDumpText()), { title: "br-int, 22,348 flows (ovn-br-int-large)" }));
  const { page } = await watchedPage(browser, 1400, 820);
  await openPage(page, large);
  if (all) await page.screenshot({ path: join(out, "html-top.png") });
  await page.click('#tables a[data-t="12"]');
  if (all) await page.screenshot({ path: join(out, "html-jump.png") });
  await searchPage(page, "n_packets>0 && priority>=100");
  await page.screenshot({ path: join(out, "html-search.png") });
  await page.evaluate(() => {
    (globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset.theme = "dark";
  });
  await searchPage(page, "n_packets>0 && nw_dts=10.96.1.118");
  await page.screenshot({ path: join(out, "html-error-dark.png") });

  const sb = readOvsdbFile(readFileSync(join(root, "test/fixtures/ovn/ovnsb_db.compacted.db")));
  const ovn = join(tmp, "ovn.html");
  const brInt = parseFlows(readFileSync(join(root, "test/fixtures/ovn/br-int.flows.txt"), "utf8"));
  writeFileSync(ovn, renderHtml(brInt, { title: "br-int + Southbound DB (--sb)", resolveCookie: detraceCookieResolver(ovnContext({ sb })) }));
  const { page: p2 } = await watchedPage(browser, 1400, 820);
  await openPage(p2, ovn);
  await searchPage(p2, "table=13 || table=14");
  await p2.click("#list .row[data-i]:nth-of-type(4)");
  await p2.screenshot({ path: join(out, "html-ovn.png") });
  process.stderr.write(`screenshots in ${out}\n`);
} finally {
  await browser.close();
  rmSync(tmp, { recursive: true, force: true });
}
