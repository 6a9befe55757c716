#!/usr/bin/python3
"""Compare two `ovsdb-client dump --format=json` outputs row by row (used by generate-ovn.sh).

    ovsdb-dump-compare.py A.json B.json [--schema FILE]

Rows are matched by _uuid. With --schema (an .ovsschema file or an OVSDB database file, standalone
or clustered, whose schema is read from it), columns that the schema marks "ephemeral" are left
out: ovsdb-server does not write them to its file, so a server started on a copy of the file shows
their default values. Prints a summary; exits 0 if the dumps agree, 1 if they do not. Standard library only (it runs with any python3).
"""
import json
import sys


def load_dump(path):
    """{table: {uuid-json: {column: value}}} from the JSON objects (one per table) of a dump."""
    with open(path) as f:
        text = f.read()
    # `ovsdb-client dump --format=json` prints one JSON object per table, one after the other
    dec, pos, objs = json.JSONDecoder(), 0, []
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos == len(text):
            break
        obj, pos = dec.raw_decode(text, pos)
        objs.extend(obj if isinstance(obj, list) else [obj])
    tables = {}
    for t in objs:
        name = t["caption"].rsplit(" table", 1)[0]
        heads = t["headings"]
        rows = {}
        for r in t["data"]:
            row = dict(zip(heads, r))
            rows[json.dumps(row["_uuid"])] = row
        tables[name] = rows
    return tables


def schema_of(path):
    with open(path) as f:
        text = f.read()
    if text.lstrip().startswith("{"):
        return json.loads(text)
    # database file: "OVSDB JSON <len> <sha1>\n<json>\n..." records; the first one is the schema
    # (standalone) or the raft header (clustered, schema in "prev_data"/the first entry's "schema")
    lines = text.split("\n")
    for i in range(0, len(lines) - 1, 2):
        if not lines[i].startswith("OVSDB "):
            break
        rec = json.loads(lines[i + 1])
        if "tables" in rec:
            return rec
        for key in ("prev_data", "data"):
            if isinstance(rec.get(key), list) and rec[key] and isinstance(rec[key][0], dict) \
                    and "tables" in rec[key][0]:
                return rec[key][0]
        if isinstance(rec.get("schema"), dict):
            return rec["schema"]
    raise SystemExit("no schema found in %s" % path)


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    schema_path = None
    if "--schema" in argv:
        schema_path = argv[argv.index("--schema") + 1]
        args.remove(schema_path)
    a, b = load_dump(args[0]), load_dump(args[1])
    skip = {}
    if schema_path:
        for tname, tdef in schema_of(schema_path)["tables"].items():
            skip[tname] = {c for c, d in tdef["columns"].items() if d.get("ephemeral")}
    diffs = 0
    nrows = 0
    for tname in sorted(set(a) | set(b)):
        ra, rb = a.get(tname, {}), b.get(tname, {})
        nrows += len(ra)
        if set(ra) != set(rb):
            print("%s: rows differ: %d only in A, %d only in B" %
                  (tname, len(set(ra) - set(rb)), len(set(rb) - set(ra))))
            diffs += 1
        cols = skip.get(tname, set())
        for u in sorted(set(ra) & set(rb)):
            xa = {k: v for k, v in ra[u].items() if k not in cols}
            xb = {k: v for k, v in rb[u].items() if k not in cols}
            if xa != xb:
                ks = sorted(k for k in set(xa) | set(xb) if xa.get(k) != xb.get(k))
                if diffs < 20:
                    print("%s %s: columns differ: %s" % (tname, u, ", ".join(ks)))
                diffs += 1
    print("%d tables, %d rows, %d differences" % (len(a), nrows, diffs))
    return 0 if diffs == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
