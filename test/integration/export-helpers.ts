/**
 * Helpers for the flow-export integration test: which OVS binaries it needs (no OVN), and
 * collecting datagrams until a condition holds or a deadline passes.
 */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import type { CollectedDatagram, FlowCollector } from "../../src/node/export/index.js";

/** The binaries fixtures-gen/sandbox/up.sh needs with START_OVN=0. */
export const OVS_ONLY_BINARIES = ["ovsdb-tool", "ovsdb-server", "ovs-vswitchd", "ovs-vsctl", "ovs-appctl", "ovs-ofctl"] as const;

/** The binaries of {@link OVS_ONLY_BINARIES} not found on PATH (plus the sbin directories). */
export function missingOvsBinaries(): string[] {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/local/sbin", "/usr/sbin", "/sbin"].filter((d) => d !== "");
  return OVS_ONLY_BINARIES.filter(
    (bin) =>
      !dirs.some((d) => {
        try {
          accessSync(join(d, bin), constants.X_OK);
          return true;
        } catch {
          return false;
        }
      }),
  );
}

/**
 * Reads datagrams from `collector` into `into` until `done(into)` is true; rejects after
 * `timeoutMs` with what was received so far.
 */
export async function collectUntil(
  collector: FlowCollector,
  into: CollectedDatagram[],
  done: (got: readonly CollectedDatagram[]) => boolean,
  timeoutMs: number,
): Promise<void> {
  const it = collector[Symbol.asyncIterator]();
  const deadline = Date.now() + timeoutMs;
  while (!done(into)) {
    const left = deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), Math.max(0, left))));
    const r = await Promise.race([it.next(), timeout]);
    clearTimeout(timer);
    if (r === "timeout") {
      const kinds = into.map((d) => (d.ok ? d.message.kind : `error:${d.error.message}`));
      throw new Error(`timed out after ${timeoutMs} ms; received ${into.length} datagrams: ${kinds.join(", ")}`);
    }
    if (r.done === true) throw new Error("collector closed");
    into.push(r.value);
  }
}
