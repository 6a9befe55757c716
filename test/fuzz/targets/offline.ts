/**
 * The offline inputs of a sos report or an ovs-save directory: dump-ports-desc, ovs-vsctl show,
 * the ovs-save restore script and its TLV maps, and sos command file names. Seeds come from the
 * committed sos report (extracted once into a temporary directory) and ovs-save fixtures.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { classifySosCommand, parseOvsSaveScript, parsePortsDesc, parseTlvMap, parseVsctlShow } from "../../../src/index.js";
import { FIXTURES } from "../../helpers/fixtures.js";
import { type FuzzTarget, type Seed, fixtureText, lineGrowth, repeatGrowth, tenMegabytes } from "../target.js";

let sosDir: string | undefined;

/** The committed sos report, extracted once. */
function sosCommands(): string {
  if (sosDir === undefined) {
    const dir = mkdtempSync(join(tmpdir(), "ovskit-fuzz-sos-"));
    execFileSync("tar", ["-xJf", join(FIXTURES, "sos", "sosreport-ovskit-fixture.tar.xz"), "-C", dir]);
    sosDir = join(dir, "sosreport-ovskit-fixture", "sos_commands");
  }
  return sosDir;
}

function sosFiles(): { name: string; dir: string }[] {
  const root = sosCommands();
  return readdirSync(root).flatMap((dir) => readdirSync(join(root, dir)).map((name) => ({ name, dir })));
}

function sosSeeds(match: RegExp): Seed[] {
  return sosFiles()
    .filter((f) => match.test(f.name))
    .map((f) => ({ name: `sos:${f.dir}/${f.name}`, data: readFileSync(join(sosCommands(), f.dir, f.name), "utf8") }));
}

const portsDesc = () => sosSeeds(/dump-ports-desc/);
const vsctlShow = () => sosSeeds(/^ovs-vsctl_(-t_\d+_)?show$/);
const restore = () => [{ name: "ovs-save/restore.sh", data: fixtureText("ovs-save/restore.sh") }];

export const offlineTargets: FuzzTarget[] = [
  {
    name: "parsePortsDesc",
    covers: ["parsePortsDesc"],
    input: "text",
    seeds: portsDesc,
    run: (t: string) => parsePortsDesc(t),
    growth: [repeatGrowth("ports repeated", () => portsDesc()[0]!.data as string)],
    bigLine: () => tenMegabytes(" 1(", "p", "): addr:aa:55:aa:55:00:10\n"),
  },
  {
    name: "parseVsctlShow",
    covers: ["parseVsctlShow"],
    input: "text",
    seeds: vsctlShow,
    run: (t: string) => parseVsctlShow(t),
    growth: [
      {
        name: "bridges repeated",
        make: (k) => {
          const [head, ...rest] = (vsctlShow()[0]!.data as string).split("\n");
          const body = rest.filter((l) => !l.includes("ovs_version")).join("\n") + "\n";
          return `${head}\n${body.repeat(Math.ceil((k * 256 * 1024) / body.length))}`;
        },
      },
    ],
    bigLine: () => tenMegabytes("0b6b4a4e-3a9a-4c53-9b2c-6a4cde2f8e11\n    Bridge ", "b", "\n"),
  },
  {
    name: "parseOvsSaveScript",
    covers: ["parseOvsSaveScript", "parseTlvMap"],
    input: "text",
    seeds: restore,
    run: (t: string) => parseOvsSaveScript(t),
    growth: [repeatGrowth("script repeated", () => fixtureText("ovs-save/restore.sh"))],
    bigLine: () => tenMegabytes("ovs-ofctl -O OpenFlow15 add-tlv-map br-a '", "{class=0xffff,type=0,len=4}->tun_metadata0,", "'\n"),
  },
  {
    name: "parseTlvMap",
    covers: ["parseTlvMap"],
    input: "text",
    seeds: () => [{ name: "restore.sh tlv map", data: /'([^']*)'/.exec(fixtureText("ovs-save/restore.sh"))![1]! }],
    run: (t: string) => parseTlvMap(t),
    growth: [lineGrowth("mappings", "", "{class=0xffff,type=0x1,len=8}->tun_metadata1,", "")],
  },
  {
    name: "classifySosCommand",
    covers: ["classifySosCommand"],
    input: "text",
    seeds: () => sosFiles().map((f) => ({ name: f.name, data: f.name })),
    run: (t: string) => classifySosCommand(t) ?? null,
    growth: [
      lineGrowth("ofctl options", "ovs-ofctl_", "--opt=a_", "dump"),
      lineGrowth("sbctl options", "ovn-sbctl_", "--opt=a_", "lflow"),
    ],
    bigLine: () => tenMegabytes("ovs-ofctl_-O_OpenFlow13_", "--x_", "dump-flows_br-int"),
  },
];
