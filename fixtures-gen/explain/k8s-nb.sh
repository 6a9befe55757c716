#!/usr/bin/env bash
# The Northbound database of the simulator's snapshot (test/fixtures/sim/snapshot/ovnnb_db.db)
# with the external_ids a CMS writes, for explainTrace's names of the objects behind ACLs and
# load balancers: OVN-Kubernetes' on pg_pol1's ACLs, pg_pol1 and the svc10 load balancers
# (k8s.ovn.org/owner-type, k8s.ovn.org/name, k8s.ovn.org/kind=Service, k8s.ovn.org/owner),
# Neutron's on pg_pol2's ACLs (neutron:security_group_rule_id). Only external_ids change: the
# row UUIDs (and so the SB stage hints) stay those of the snapshot, and ovn-northd puts no
# external_ids of these rows into logical flows, so the snapshot's SB and flows still match.
#
#   bash fixtures-gen/explain/k8s-nb.sh     # -> test/fixtures/explain/ovnnb_db.k8s.db (< 1 s)
#
# Needs only ovsdb-tool (openvswitch-common): it transacts on a copy of the file, no daemon.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SRC=$ROOT/test/fixtures/sim/snapshot/ovnnb_db.db
OUT=$ROOT/test/fixtures/explain
mkdir -p "$OUT"
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
cp "$SRC" "$TMP/nb.db"
map() { # k=v ... -> ["map",[["k","v"],...]]
  local out="" kv
  for kv in "$@"; do out+="${out:+,}[\"${kv%%=*}\",\"${kv#*=}\"]"; done
  printf '["map",[%s]]' "$out"
}
update() { # TABLE WHERE-JSON ROW-JSON: update the rows, fail unless some matched
  local r
  r=$(ovsdb-tool transact "$TMP/nb.db" "[\"OVN_Northbound\",{\"op\":\"update\",\"table\":\"$1\",\"where\":$2,\"row\":$3}]")
  grep -q '"count":[1-9]' <<<"$r" || { echo "k8s-nb.sh: no $1 row matched $2: $r" >&2; exit 1; }
}
C=default-network-controller
update ACL '[["match","==","outport == @pg_pol1 && ip4.src == $as_pol1 && tcp.dst == 8001"]]' \
  "{\"external_ids\":$(map "k8s.ovn.org/owner-type=NetworkPolicy" "k8s.ovn.org/name=ns1:allow-from-pod2" \
    "k8s.ovn.org/owner-controller=$C" "k8s.ovn.org/id=$C:NetworkPolicy:ns1:allow-from-pod2:Ingress:0:tcp:-1:None" \
    "direction=Ingress" "gress-index=0")}"
update ACL '[["match","==","outport == @pg_pol1 && ip4"]]' \
  "{\"external_ids\":$(map "k8s.ovn.org/owner-type=NetpolNamespace" "k8s.ovn.org/name=ns1" \
    "k8s.ovn.org/owner-controller=$C" "k8s.ovn.org/id=$C:NetpolNamespace:ns1:Ingress" "direction=Ingress" "type=defaultDeny")}"
update Port_Group '[["name","==","pg_pol1"]]' "{\"external_ids\":$(map "name=ns1_allow-from-pod2")}"
update Load_Balancer '[["name","==","svc10"]]' \
  "{\"external_ids\":$(map "k8s.ovn.org/kind=Service" "k8s.ovn.org/owner=ns1/web" "k8s.ovn.org/owner-controller=$C")}"
update Load_Balancer '[["name","==","svc10udp"]]' \
  "{\"external_ids\":$(map "k8s.ovn.org/kind=Service" "k8s.ovn.org/owner=ns1/dns" "k8s.ovn.org/owner-controller=$C")}"
update ACL '[["match","==","outport == @pg_pol2 && ip4"]]' \
  "{\"external_ids\":$(map "neutron:security_group_rule_id=5b7b7ac4-9d0b-4c3e-8f51-2c9f3a1d0e42")}"
cp "$TMP/nb.db" "$OUT/ovnnb_db.k8s.db"
ovsdb-tool db-version "$OUT/ovnnb_db.k8s.db" >/dev/null
echo "wrote $OUT/ovnnb_db.k8s.db"
