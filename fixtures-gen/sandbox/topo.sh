#!/usr/bin/env bash
# Build an OVN-Kubernetes-like logical topology in the sandbox started by up.sh, so that the real
# ovn-controller programs a realistic br-int. Scale with (defaults in brackets):
#   NODES [3]  nodes: a node switch, a gateway router GR_<node>, an external switch each
#   PODS  [10] pods per node (logical switch ports with port security)
#   SVCS  [10] services: a TCP and a UDP load balancer each, on every node switch/GR
#   POLS  [5]  network policies: a port group + address set + 3 ACLs each
# NODES=3 PODS=10 SVCS=10 POLS=5 gives ~1.9k OpenFlow flows on br-int; 8/60/400/40 ~21k.
# Node 1 is the local chassis ($CHASSIS, default ovn-worker): its pods become dummy ports pod1..podN
# on br-int (ofport = pod index + 10), the other nodes are remote chassis reached by geneve tunnels.
set -euo pipefail
SB=${SB:-${TMPDIR:-/tmp}/ovskit-sandbox}
SB=$(cd "$SB" && pwd)
NODES=${NODES:-3}; PODS=${PODS:-10}; SVCS=${SVCS:-10}; POLS=${POLS:-5}
CHASSIS=${CHASSIS:-ovn-worker}
export OVS_RUNDIR=$SB OVN_RUNDIR=$SB
nb="ovn-nbctl --db=unix:$SB/nb.sock --timeout=120"
sb="ovn-sbctl --db=unix:$SB/sb.sock --timeout=60"
vs="ovs-vsctl --db=unix:$SB/db.sock --timeout=60"
hex() { printf %02x "$1"; }
node_name() { if [ "$1" = 1 ]; then echo "$CHASSIS"; else echo "ovn-worker$1"; fi; }
pod_name() { echo "ns$(($1 % 5))_pod$1-$2"; }   # pod index, node name
cmds=(); add() { cmds+=("--" "$@"); }
flush() { [ ${#cmds[@]} -eq 0 ] || $nb "${cmds[@]}" >/dev/null; cmds=(); }
router_port() { # switch lsp router-port
  add lsp-add "$1" "$2"; add lsp-set-type "$2" router; add lsp-set-addresses "$2" router
  add lsp-set-options "$2" router-port="$3"; }

add lr-add ovn_cluster_router
add ls-add join
add lrp-add ovn_cluster_router rtoj-ovn_cluster_router 0a:58:64:40:00:01 100.64.0.1/16
router_port join jtor-ovn_cluster_router rtoj-ovn_cluster_router
for n in $(seq 1 "$NODES"); do
  node=$(node_name "$n"); sub=10.244.$n
  add ls-add "$node"; add set logical_switch "$node" other_config:subnet="$sub.0/24"
  add lrp-add ovn_cluster_router "rtos-$node" "0a:58:0a:f4:$(hex "$n"):01" "$sub.1/24"
  router_port "$node" "stor-$node" "rtos-$node"
  add lsp-add "$node" "k8s-$node"; add lsp-set-addresses "k8s-$node" "3a:25:93:71:$(hex "$n"):d7 $sub.2"
  add lr-add "GR_$node"
  add set logical_router "GR_$node" options:chassis="$node" options:lb_force_snat_ip=router_ip
  add lrp-add "GR_$node" "rtoj-GR_$node" "0a:58:64:40:00:$(hex $((n + 1)))" "100.64.0.$((n + 1))/16"
  router_port join "jtor-GR_$node" "rtoj-GR_$node"
  add ls-add "ext_$node"
  add lrp-add "GR_$node" "rtoe-GR_$node" "02:42:ac:12:00:$(hex $((n + 1)))" "172.18.0.$((n + 1))/16"
  router_port "ext_$node" "etor-GR_$node" "rtoe-GR_$node"
  add lsp-add "ext_$node" "breth0_$node"; add lsp-set-type "breth0_$node" localnet
  add lsp-set-addresses "breth0_$node" unknown; add lsp-set-options "breth0_$node" network_name=physnet
  add lr-nat-add "GR_$node" snat "172.18.0.$((n + 1))" 10.244.0.0/16
  add lr-route-add "GR_$node" 10.244.0.0/16 100.64.0.1
  add lr-route-add "GR_$node" 0.0.0.0/0 172.18.0.1 "rtoe-GR_$node"
  add --policy=src-ip lr-route-add ovn_cluster_router "$sub.0/24" "100.64.0.$((n + 1))"
  for p in $(seq 1 "$PODS"); do
    lsp=$(pod_name "$p" "$node"); ip=$sub.$((p + 2)); mac=0a:58:0a:f4:$(hex "$n"):$(hex $((p + 2)))
    add lsp-add "$node" "$lsp"; add lsp-set-addresses "$lsp" "$mac $ip"; add lsp-set-port-security "$lsp" "$mac $ip"
  done
  flush
done
# network policies: a port group per policy holding every 5th pod of every node, an address set, ACLs
for k in $(seq 1 "$POLS"); do
  ports=(); for n in $(seq 1 "$NODES"); do for p in $(seq $((k % PODS + 1)) 5 "$PODS"); do
    ports+=("$(pod_name "$p" "$(node_name "$n")")"); done; done
  add pg-add "pg_pol$k" "${ports[@]}"
  add create address_set name="as_pol$k" addresses="[\"10.244.1.$((k % 200 + 3))\",\"10.244.2.$((k % 200 + 3))\"]"
  add acl-add "pg_pol$k" to-lport 1001 "outport == @pg_pol$k && ip4.src == \$as_pol$k && tcp.dst == $((8000 + k))" allow-related
  add acl-add "pg_pol$k" to-lport 1000 "outport == @pg_pol$k && ip4" drop
  add acl-add "pg_pol$k" from-lport 1001 "inport == @pg_pol$k && ip4.dst == {10.96.0.0/16, 172.18.0.0/16} && udp.dst == 53" allow
  [ $((k % 20)) -ne 0 ] || flush
done
flush
# services: a TCP and a UDP load balancer per service on every node switch, TCP also on every gateway router
for s in $(seq 1 "$SVCS"); do
  vip=10.96.$((s / 250)).$((s % 250 + 1))
  add lb-add "svc$s" "$vip:80" "10.244.1.$((s % PODS + 3)):8080,10.244.2.$((s % PODS + 3)):8080" tcp
  add lb-add "svc${s}udp" "$vip:53" "10.244.1.$((s % PODS + 3)):5353" udp
  for n in $(seq 1 "$NODES"); do node=$(node_name "$n")
    add ls-lb-add "$node" "svc$s"; add ls-lb-add "$node" "svc${s}udp"; add lr-lb-add "GR_$node" "svc$s"
  done
  [ $((s % 50)) -ne 0 ] || flush
done
flush
# remote chassis (tunnels) and the local node's ports bound to br-int
for n in $(seq 2 "$NODES"); do $sb chassis-add "$(node_name "$n")" geneve "127.0.0.$n" 2>/dev/null || true; done
$vs add-port br-int "k8s-$CHASSIS" -- set interface "k8s-$CHASSIS" type=dummy ofport_request=2 \
  external-ids:iface-id="k8s-$CHASSIS"
vcmds=()
for p in $(seq 1 "$PODS"); do
  vcmds+=(-- add-port br-int "pod$p" -- set interface "pod$p" type=dummy ofport_request=$((p + 10)) \
    external-ids:iface-id="$(pod_name "$p" "$CHASSIS")")
done
$vs "${vcmds[@]}"
$nb --wait=hv sync
echo "topology: nodes=$NODES pods/node=$PODS services=$SVCS policies=$POLS"
echo "flows on br-int: $(ovs-ofctl dump-flows "$SB/br-int.mgmt" | grep -c cookie=)"
