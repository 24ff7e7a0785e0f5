# shellcheck shell=bash
# cluster.sh: the instance's test bridge, one network namespace + veth per
# node, and the one FORWARD rule the bridge needs. Sourced by
# scripts/testenv/cluster.sh after cluster-instance.sh.

bridge_exists() { ip link show "$CLUSTER_BRIDGE" >/dev/null 2>&1; }
netns_exists() { [[ -e /run/netns/$1 ]]; }
forward_rule_present() { iptables -C "${CLUSTER_FORWARD_RULE[@]}" 2>/dev/null; }
reject_rule_present() { iptables -C "${CLUSTER_REJECT_RULE[@]}" 2>/dev/null; }

# Docker's FORWARD policy is DROP, and br_netfilter sends bridged frames
# through it: without the ACCEPT rule nodes cannot reach each other's port
# 2377. Anything else a node sends beyond the bridge (a DNS query for
# docker.io before a task uses a local image, a task dialling out) is
# rejected at once: dropped, every lookup waited out the resolver's 10 s.
# Traffic to the bridge's host address (the forwarders) is INPUT, not FORWARD.
ensure_forward_rules() {
  forward_rule_present || iptables -I "${CLUSTER_FORWARD_RULE[@]}"
  reject_rule_present || iptables -I "${CLUSTER_REJECT_RULE[@]}"
}

# Fails when another interface than our bridge holds the instance's host address.
subnet_taken() {
  ip -o -4 addr show 2>/dev/null |
    awk -v a="$CLUSTER_HOST_ADDR/" -v b="$CLUSTER_BRIDGE" 'index($4, a) == 1 && $2 != b { print $2; found = 1 } END { exit !found }'
}

ensure_bridge() {
  local other
  if other=$(subnet_taken); then
    die "$CLUSTER_HOST_ADDR is already on interface $other: another cluster instance's subnet? choose another --name"
  fi
  if ! bridge_exists; then
    log "bridge $CLUSTER_BRIDGE $CLUSTER_HOST_ADDR/24"
    ip link add "$CLUSTER_BRIDGE" type bridge
    ip addr add "$CLUSTER_HOST_ADDR/24" dev "$CLUSTER_BRIDGE"
  fi
  ip link set "$CLUSTER_BRIDGE" up
  ensure_forward_rules
}

# A namespace with lo up and eth0 (a veth whose host end is on the bridge).
ensure_node_netns() {
  local node=$1 ns veth
  ns=$(node_netns "$node")
  veth=$ns # host end; interface names and netns names do not collide
  netns_exists "$ns" || ip netns add "$ns"
  if ! ip link show "$veth" >/dev/null 2>&1; then
    ip link add "$veth" type veth peer name eth0 netns "$ns"
    ip link set "$veth" master "$CLUSTER_BRIDGE" up
    ip -n "$ns" addr add "$(node_addr "$node")/24" dev eth0
    ip -n "$ns" link set lo up
    ip -n "$ns" link set eth0 up
    # Only the host's bridge address is reachable beyond the bridge; the host
    # does not route the test range anywhere else (no NAT for it).
    ip -n "$ns" route add default via "$CLUSTER_HOST_ADDR"
  fi
  ensure_node_dns_reject "$node"
}

# Inside a node, a DNS query for anything but our ranges (the engine looks up
# docker.io before it uses a local-only image like swarmlift-test/busybox)
# fails at once. The host's REJECT alone is not enough: its ICMP answers are
# rate-limited per node (one a second), so the resolver's second query (A and
# AAAA) waited out 5 s — twice per task start. A REJECT in the node's own
# OUTPUT answers over loopback, which is never rate-limited.
NODE_DNS_RULES=(
  "OUTPUT -p udp --dport 53 ! -d 198.18.0.0/15 -m comment --comment swarmlift-cluster -j REJECT"
  "OUTPUT -p tcp --dport 53 ! -d 198.18.0.0/15 -m comment --comment swarmlift-cluster -j REJECT --reject-with tcp-reset"
)

ensure_node_dns_reject() {
  local ns rule
  ns=$(node_netns "$1")
  for rule in "${NODE_DNS_RULES[@]}"; do
    # shellcheck disable=SC2086 # the rule is words
    ip netns exec "$ns" iptables -C $rule 2>/dev/null || ip netns exec "$ns" iptables -I $rule
  done
}

remove_node_netns() {
  local ns
  ns=$(node_netns "$1")
  ip link del "$ns" 2>/dev/null || true
  if netns_exists "$ns"; then ip netns del "$ns" || log "WARNING: could not delete netns $ns"; fi
}

remove_bridge() {
  while forward_rule_present; do iptables -D "${CLUSTER_FORWARD_RULE[@]}"; done
  while reject_rule_present; do iptables -D "${CLUSTER_REJECT_RULE[@]}"; done
  if bridge_exists; then ip link del "$CLUSTER_BRIDGE"; fi
}
