// Receives UDP datagrams on 127.0.0.1 and writes each one, verbatim, to OUTDIR/<name>-NNN.bin.
//   node listen.mjs OUTDIR name:port [name:port...]
// Runs until SIGTERM / SIGINT; prints one line per datagram on stderr.
import { createSocket } from "node:dgram";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [outDir, ...specs] = process.argv.slice(2);
if (outDir === undefined || specs.length === 0) {
  console.error("usage: node listen.mjs OUTDIR name:port [name:port...]");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const sockets = specs.map((spec) => {
  const [name, port] = spec.split(":");
  let n = 0;
  const s = createSocket("udp4");
  s.on("message", (msg, rinfo) => {
    n += 1;
    const file = join(outDir, `${name}-${String(n).padStart(3, "0")}.bin`);
    writeFileSync(file, msg);
    console.error(`${name}: ${msg.length} bytes from ${rinfo.address}:${rinfo.port} -> ${file}`);
  });
  s.bind(Number(port), "127.0.0.1");
  return s;
});
const stop = () => {
  for (const s of sockets) s.close();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
