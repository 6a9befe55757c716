/**
 * Streaming parse of a big dump: peak RSS and throughput, in a fresh process.
 *
 *   node --import tsx bench/stream-memory.ts generate SRC OUT NFLOWS
 *       Writes OUT: the lines of SRC (plain or .gz; reply headers included, as a multipart
 *       dump has them) repeated until NFLOWS flow lines are written. Written in ~1 MB chunks,
 *       never held in memory as a whole. Prints {"flows","bytes"}.
 *   node --import tsx bench/stream-memory.ts measure FILE
 *       for await (item of parseFlowStream(openTextStream(FILE), {lazyActions: false})):
 *       sums nBytes and actions.length of every flow, keeps nothing. Samples
 *       process.memoryUsage() (rss, heapTotal, external) every 100 ms; also reports the kernel's high-water mark
 *       (process.resourceUsage().maxRSS), which catches peaks between samples.
 *
 * `measure` should run in its own process (the runner does that), so that its RSS is only
 * node + the streaming parse.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { ovskit, ovskitNode } from "./ovskit.js";

const { isBlank, isReplyHeader, parseFlowStream } = ovskit;
const { openTextStream, readTextFile } = ovskitNode;

const [cmd, a, b, c] = process.argv.slice(2);

if (cmd === "generate" && a !== undefined && b !== undefined && c !== undefined) {
  const want = Number(c);
  const lines = (await readTextFile(a)).split("\n").filter((l) => !isBlank(l));
  const flowLines = lines.filter((l) => !isReplyHeader(l)).length;
  if (flowLines === 0 || !(want > 0)) throw new Error(`nothing to repeat in ${a} (or bad NFLOWS ${c})`);
  const fd = openSync(b, "w");
  let flows = 0;
  let bytes = 0;
  let chunk: string[] = [];
  let chunkLen = 0;
  const flush = (): void => {
    bytes += writeSync(fd, chunk.join(""));
    chunk = [];
    chunkLen = 0;
  };
  outer: for (;;) {
    for (const l of lines) {
      if (flows === want) break outer;
      if (!isReplyHeader(l)) flows++;
      chunk.push(l, "\n");
      chunkLen += l.length + 1;
      if (chunkLen >= 1 << 20) flush();
    }
  }
  flush();
  closeSync(fd);
  console.log(JSON.stringify({ flows, bytes }));
} else if (cmd === "measure" && a !== undefined) {
  const rssStart = process.memoryUsage.rss();
  let peak = rssStart;
  let peakHeapTotal = 0;
  let peakExternal = 0;
  let samples = 0;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > peak) peak = m.rss;
    if (m.heapTotal > peakHeapTotal) peakHeapTotal = m.heapTotal;
    if (m.external > peakExternal) peakExternal = m.external;
    samples++;
  }, 100);
  const t0 = performance.now();
  let flows = 0;
  let issues = 0;
  let actions = 0;
  let nBytes = 0n;
  for await (const item of parseFlowStream(openTextStream(a), { lazyActions: false })) {
    if (item.type === "flow") {
      flows++;
      nBytes += item.flow.nBytes ?? 0n;
      actions += item.flow.actions.length;
    } else {
      issues++;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  const rssEnd = process.memoryUsage.rss();
  if (rssEnd > peak) peak = rssEnd;
  const maxRss = process.resourceUsage().maxRSS * 1024;
  console.log(
    JSON.stringify({
      file: a,
      flows,
      issues,
      actions,
      sumNBytes: nBytes.toString(),
      seconds,
      flowsPerSec: flows / seconds,
      rssStart,
      rssEnd,
      peakRssSampled: peak,
      samples,
      peakHeapTotal,
      peakExternal,
      maxRss,
      peakRss: Math.max(peak, maxRss),
      heapUsedEnd: process.memoryUsage().heapUsed,
    }),
  );
} else {
  console.error("usage: stream-memory.ts generate SRC OUT NFLOWS | measure FILE");
  process.exit(64);
}
