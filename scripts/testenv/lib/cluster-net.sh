# shellcheck shell=bash
# cluster.sh: the instance's test bridge, one network namespace + veth per
# node, and the one FORWARD rule the bridge needs. Sourced by
# scripts/testenv/cluster.sh after cluster-instance.sh.

bridge_exists() { ip link show "$CLUSTER_BRIDGE" >/dev/null 2>&1; }
netns_exists() { [[ -e /run/netns/$1 ]]; }
forward_rule_present() { iptables -C "${CLUSTER_FORWARD_RULE[@]}" 2>/dev/null; }

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
  # Docker's FORWARD policy is DROP, and br_netfilter sends bridged frames
  # through it: without this, nodes cannot reach each other's port 2377.
  forward_rule_present || iptables -I "${CLUSTER_FORWARD_RULE[@]}"
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
}

remove_node_netns() {
  local ns
  ns=$(node_netns "$1")
  ip link del "$ns" 2>/dev/null || true
  if netns_exists "$ns"; then ip netns del "$ns" || log "WARNING: could not delete netns $ns"; fi
}

remove_bridge() {
  while forward_rule_present; do iptables -D "${CLUSTER_FORWARD_RULE[@]}"; done
  if bridge_exists; then ip link del "$CLUSTER_BRIDGE"; fi
}
