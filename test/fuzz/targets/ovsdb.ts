/**
 * OVSDB database files (standalone and clustered, as bytes and as text), with every read option
 * drawn at random, and the typed NB / SB / vswitch views over what was read.
 */
import { type OvsdbDatabase, type ReadOvsdbFileOptions, diffOvsdbHistory, nbView, readOvsdbFile, sbView, vswitchView } from "../../../src/index.js";
import type { Rng } from "../rng.js";
import { type FuzzTarget, type Growth, type Input, type Seed, fixtureBytes, fixturePaths, fixtureText, settle } from "../target.js";

function seeds(): Seed[] {
  const paths = [...fixturePaths("ovsdb", /\.db(\.gz)?$/), ...fixturePaths("ovsdb-history", /\.db(\.gz)?$/), ...fixturePaths("ovn", /\.db$/)];
  return paths.map((p) => ({ name: p, data: fixtureBytes(p) }));
}

function options(rng: Rng): ReadOvsdbFileOptions {
  const o: { -readonly [K in keyof ReadOvsdbFileOptions]: ReadOvsdbFileOptions[K] } = {};
  if (rng.chance(0.5)) o.lenient = true;
  // Mutations rarely keep a record's SHA-1 right: skip the check half of the time to go deeper.
  if (rng.chance(0.5)) o.verifyChecksums = false;
  if (rng.chance(0.3)) o.history = true;
  if (rng.chance(0.2)) o.committedOnly = true;
  if (rng.chance(0.15)) o.until = rng.chance(0.5) ? { transactions: rng.range(-5, 20) } : { date: rng.range(0, 2_000_000_000_000) };
  return o;
}

function views(db: OvsdbDatabase): unknown {
  switch (db.schema.name) {
    case "OVN_Northbound":
      return settle(() => nbView(db));
    case "OVN_Southbound":
      return settle(() => sbView(db));
    case "Open_vSwitch":
      return settle(() => vswitchView(db));
    default:
      return null;
  }
}

function read(input: Input, rng: Rng): unknown {
  const db = readOvsdbFile(input, options(rng));
  return { db, view: views(db) };
}

/** A standalone file whose transactions are repeated: the schema record, then the rest k times. */
const growth: Growth = {
  name: "transactions repeated",
  make: (k) => {
    const lines = fixtureText("ovsdb/conf.db").split("\n");
    lines.pop();
    const rest = lines.slice(2).join("\n") + "\n";
    return lines.slice(0, 2).join("\n") + "\n" + rest.repeat(8 * k);
  },
};

export const ovsdbTargets: FuzzTarget[] = [
  {
    name: "readOvsdbFile(bytes)",
    covers: ["readOvsdbFile", "nbView", "sbView", "vswitchView"],
    input: "bytes",
    window: false,
    seeds,
    run: (b: Uint8Array, rng: Rng) => read(b, rng),
    growth: [growth],
  },
  {
    name: "readOvsdbFile(text)",
    covers: ["readOvsdbFile"],
    input: "text",
    window: false,
    seeds,
    run: (t: string, rng: Rng) => read(t, rng),
    bigLine: () => {
      // A transaction record of 10 MB (a huge string value), with a correct length and no checksum check.
      const lines = fixtureText("ovsdb/conf.db").split("\n");
      const json = `{"Open_vSwitch":{"00000000-0000-0000-0000-000000000000":{"external_ids":["map",[["k","${"x".repeat(10_000_000)}"]]]}}}`;
      return `${lines[0]}\n${lines[1]}\nOVSDB JSON ${json.length} 0000000000000000000000000000000000000000\n${json}\n`;
    },
  },
  {
    name: "diffOvsdbHistory",
    covers: ["diffOvsdbHistory"],
    input: "bytes",
    window: false,
    seeds: () => seeds().filter((s) => s.name.startsWith("ovsdb-history")),
    run: (b: Uint8Array, rng: Rng) => diffOvsdbHistory(b, { from: { transactions: rng.range(-3, 3) }, verifyChecksums: rng.chance(0.3) }),
  },
];
