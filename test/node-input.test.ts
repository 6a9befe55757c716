/** readInputText / readInputBytes / openInputStream: gzip by magic bytes, one-line errors for missing, directory, binary and broken gzip. */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { binaryReason, isGzip, isInputFileError, openInputStream, readInputBytes, readInputText, readTextFile } from "../src/node/index.js";
import { FIXTURES } from "./helpers/fixtures.js";

const tmp = mkdtempSync(join(tmpdir(), "ovskit-input-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const BIG_GZ = join(import.meta.dirname, "..", "bench", "data", "ovn-br-int-large.of15.flows.gz");
const OF = join(FIXTURES, "openflow", "ovn-br-int.of15.flows");

async function streamText(path: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of openInputStream(path)) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString("utf8");
}

async function problem(p: Promise<unknown>): Promise<[string, string]> {
  try {
    await p;
  } catch (e) {
    if (isInputFileError(e)) return [e.problem, e.message];
    throw e;
  }
  throw new Error("no error");
}

describe("reading the files a user names", () => {
  it("gunzips by magic bytes, whatever the name, in whole reads and streams alike", async () => {
    const renamed = join(tmp, "dump.flows");
    copyFileSync(BIG_GZ, renamed);
    const expected = await readTextFile(BIG_GZ);
    expect(expected.startsWith("OFPST_FLOW reply")).toBe(true);
    expect(await readInputText(renamed)).toBe(expected);
    expect(await readTextFile(renamed)).toBe(expected);
    expect(await streamText(renamed)).toBe(expected);
    const plainAsGz = join(tmp, "plain.flows.gz");
    copyFileSync(OF, plainAsGz);
    expect(await readInputText(plainAsGz)).toBe(readFileSync(OF, "utf8"));
    expect(await streamText(plainAsGz)).toBe(readFileSync(OF, "utf8"));
    expect(isGzip(readFileSync(BIG_GZ))).toBe(true);
    expect(Buffer.from(await readInputBytes(join(FIXTURES, "ovsdb", "nb.db.gz"))).subarray(0, 10).toString()).toBe("OVSDB JSON");
  });

  it("a missing file, a directory, binary data and a broken gzip are one-line InputFileErrors", async () => {
    expect(await problem(readInputText(join(tmp, "nope.flows")))).toEqual(["not-found", `${join(tmp, "nope.flows")}: no such file`]);
    expect(await problem(streamText(join(tmp, "nope.flows")))).toEqual(["not-found", `${join(tmp, "nope.flows")}: no such file`]);
    expect((await problem(readInputText(tmp)))[0]).toBe("is-directory");
    const bin = join(tmp, "exe.flows");
    writeFileSync(bin, readFileSync(process.execPath).subarray(0, 4096));
    const [kind, message] = await problem(readInputText(bin));
    expect(kind).toBe("binary");
    expect(message).toMatch(/^.*exe\.flows: binary data \(a NUL byte at offset \d+\), not a text dump$/);
    expect((await problem(streamText(bin)))[0]).toBe("binary");
    const gzBin = join(tmp, "exe.gz");
    writeFileSync(gzBin, gzipSync(readFileSync(bin)));
    expect(await problem(readInputText(gzBin))).toEqual(["binary", expect.stringMatching(/after gunzip\), not a text dump$/)]);
    const cut = join(tmp, "cut.gz");
    writeFileSync(cut, readFileSync(BIG_GZ).subarray(0, 5000));
    expect((await problem(readInputText(cut)))[0]).toBe("bad-gzip");
    expect((await problem(streamText(cut)))[0]).toBe("bad-gzip");
    for (const [, m] of [await problem(readInputText(cut)), await problem(readInputText(bin))]) expect(m).not.toContain("\n");
  });

  it("binaryReason: UTF-8 text passes, also cut in the middle of a character when the sample is partial", () => {
    const text = new TextEncoder().encode("name=\"café ☕\" actions=drop");
    expect(binaryReason(text)).toBeUndefined();
    expect(binaryReason(text.subarray(0, text.length - 15))).toBe("invalid UTF-8"); // cut inside ☕, whole input
    expect(binaryReason(text.subarray(0, text.length - 15), { partial: true })).toBeUndefined();
    expect(binaryReason(new Uint8Array([0xff, 0xfe, 0x41]))).toBe("invalid UTF-8");
  });
});
