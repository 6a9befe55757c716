/** Comparison of a simulated `ofproto/trace` text with the real one (test helper). */

/** Recirculation ids renumbered by order of appearance (OVS's depend on the daemon's history). */
export function normalizeRecircIds(text: string): string {
  return recircRenumbering()(text);
}

/** A renumbering shared by several texts of one trace (ids numbered by first appearance). */
export function recircRenumbering(): (text: string) => string {
  const ids = new Map<number, number>();
  return (text) => text.replace(/(recirc\(|recirc_id=|recirc_id\()(0x[0-9a-f]+|\d+)/g, (_m, pre: string, v: string) => {
    const n = Number(v);
    if (n === 0 && pre === "recirc_id=") return `${pre}0`;
    let k = ids.get(n);
    if (k === undefined) {
      k = ids.size + 1;
      ids.set(n, k);
    }
    return `${pre}R${k}`;
  });
}

/** The real answer without what the simulator does not compute (`Megaflow:` lines). */
export function withoutMegaflow(text: string): string {
  return text
    .split("\n")
    .filter((l) => !l.startsWith("Megaflow: "))
    .join("\n");
}
