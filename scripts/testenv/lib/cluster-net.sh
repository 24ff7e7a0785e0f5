# shellcheck shell=bash
# cluster.sh: the test bridge, one network namespace + veth per node, and the
# one FORWARD rule the bridge needs. Sourced by scripts/testenv/cluster.sh.

CLUSTER_BRIDGE=slcl-br0
CLUSTER_SUBNET_PREFIX=198.18.0
CLUSTER_HOST_ADDR=$CLUSTER_SUBNET_PREFIX.1
# Marks the iptables rule we add, so `down` deletes exactly that rule.
CLUSTER_RULE_COMMENT=swarmlift-cluster
CLUSTER_FORWARD_RULE=(FORWARD -i "$CLUSTER_BRIDGE" -o "$CLUSTER_BRIDGE" -m comment --comment "$CLUSTER_RULE_COMMENT" -j ACCEPT)

node_netns() { echo "slcl-$1"; }

# Node index: m1 → 0, wK → K. Decides its bridge address and its address pool.
node_index() {
  case $1 in
    m1) echo 0 ;;
    w[0-9]*) echo "${1#w}" ;;
    *) die "unknown node '$1'" ;;
  esac
}

node_addr() { echo "$CLUSTER_SUBNET_PREFIX.$(($(node_index "$1") + 2))"; }

# Local networks of the node's engine (docker_gwbridge, bridges): its own /20
# of 198.19.0.0/16, so no address is shared with the host engine (172.17/16,
# 172.18/16) or with another node. Overlay networks come from 198.19.192.0/18.
node_address_pool() { echo "198.19.$(($(node_index "$1") * 16)).0/20"; }
# shellcheck disable=SC2034 # used by cluster-nodes.sh
CLUSTER_OVERLAY_POOL=198.19.192.0/18

bridge_exists() { ip link show "$CLUSTER_BRIDGE" >/dev/null 2>&1; }
netns_exists() { [[ -e /run/netns/$1 ]]; }
forward_rule_present() { iptables -C "${CLUSTER_FORWARD_RULE[@]}" 2>/dev/null; }

ensure_bridge() {
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
