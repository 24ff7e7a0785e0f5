# shellcheck shell=bash
# cluster.sh: one dockerd (the host's 20.10 binaries) per node, each in its
# node's network namespace with its own data-root, exec-root, pidfile, socket,
# containerd namespaces and cgroup parent; the swarm across them.
# Sourced by scripts/testenv/cluster.sh after cluster-net.sh.

node_dir() { echo "$CLUSTER_DIR/nodes/$1"; }
node_socket() { echo "$(node_dir "$1")/docker.sock"; }
node_cgroup() { echo "slcl-$1"; }
# Every engine is a process named dockerd (and containerd): ours are known by
# pid records only, never by name.
node_proc() { echo "dockerd-$1"; }

ndocker() { # NODE ARGS...: the docker CLI against that node's engine
  local node=$1
  shift
  docker -H "unix://$(node_socket "$node")" "$@"
}

node_answers() { timeout 10 docker -H "unix://$(node_socket "$1")" version --format '{{.Server.Version}}' >/dev/null 2>&1; }

start_node_engine() {
  local node=$1 dir ns
  dir=$(node_dir "$node")
  ns=$(node_netns "$node")
  mkdir -p "$dir/data" "$dir/exec"
  # Our own (empty) daemon.json: nothing of the host's engine configuration leaks in.
  echo '{}' >"$dir/daemon.json"
  rm -f "$dir/dockerd.pid"
  log "node $node: dockerd in netns $ns at $(node_addr "$node")"
  # nsenter, not `ip netns exec`: that remounts /sys and the engine then fails
  # with "Devices cgroup isn't mounted". nsenter execs dockerd in place, so the
  # recorded pid is the engine's (unshare, nsenter and sh exec in place too).
  # unshare -u: its own hostname (slcl-<node>), so Swarm's node names differ.
  # shellcheck disable=SC2016 # the inner sh expands $1 and $@
  spawn "$(node_proc "$node")" unshare -u nsenter --net="/run/netns/$ns" \
    sh -c 'echo "$1" >/proc/sys/kernel/hostname && shift && exec "$@"' sh "slcl-$node" \
    dockerd --config-file "$dir/daemon.json" \
    --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
    -H "unix://$(node_socket "$node")" --bridge none \
    --containerd-namespace "slcl-$node" --containerd-plugins-namespace "slcl-$node-plugins" \
    --cgroup-parent "/$(node_cgroup "$node")" \
    --default-address-pool "base=$(node_address_pool "$node"),size=24" \
    --insecure-registry "$CLUSTER_REGISTRY"
}

wait_node_engine() { wait_for 60 "$(node_proc "$1")" node_answers "$1"; }

node_swarm_state() { ndocker "$1" info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || true; }

swarm_init_manager() {
  log "node m1: swarm init --advertise-addr $(node_addr m1)"
  ndocker m1 swarm init --advertise-addr "$(node_addr m1)" --listen-addr "$(node_addr m1):2377" \
    --default-addr-pool "$CLUSTER_OVERLAY_POOL" --default-addr-pool-mask-length 24 >/dev/null
}

swarm_join_worker() {
  local node=$1 token=$2
  ndocker "$node" swarm join --token "$token" --advertise-addr "$(node_addr "$node")" \
    --listen-addr "$(node_addr "$node"):2377" "$(node_addr m1):2377" >/dev/null
}

# Prints the hostnames of the swarm's nodes whose status is ready.
ready_swarm_nodes() {
  ndocker m1 node ls --format '{{.Hostname}} {{.Status}}' 2>/dev/null | awk '$2 == "Ready" { print $1 }'
}

# Pids in the node's cgroups (its containers), in any controller we know.
node_cgroup_pids() {
  local cg dir
  cg=$(node_cgroup "$1")
  for dir in /sys/fs/cgroup/pids/"$cg" /sys/fs/cgroup/memory/"$cg" /sys/fs/cgroup/unified/"$cg"; do
    [[ -d $dir ]] || continue
    find "$dir" -name cgroup.procs -exec cat {} + 2>/dev/null
  done | sort -u
}

remove_node_cgroups() {
  local cg dir
  cg=$(node_cgroup "$1")
  for dir in /sys/fs/cgroup/*/"$cg"; do
    [[ -d $dir ]] || continue
    # Deepest first; a cgroup directory is removed with rmdir, never rm.
    find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null || true
    [[ ! -d $dir ]] || log "WARNING: cgroup $dir remains"
  done
}

# Everything left of the node after its engine stopped: processes still in its
# network namespace (containerd, containerd-shim) or in its cgroups (task
# processes), killed by pid; then its mounts.
kill_node_leftovers() {
  local node=$1 ns pids=() pid deadline
  ns=$(node_netns "$node")
  if netns_exists "$ns"; then mapfile -t pids < <(ip netns pids "$ns" 2>/dev/null || true); fi
  mapfile -t -O "${#pids[@]}" pids < <(node_cgroup_pids "$node")
  ((${#pids[@]})) || return 0
  log "node $node: killing ${#pids[@]} leftover process(es): ${pids[*]}"
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  deadline=$((SECONDS + 5))
  for pid in "${pids[@]}"; do
    while [[ -e /proc/$pid ]] && ((SECONDS < deadline)); do sleep 0.1; done
  done
}

# Mounts under the node's folder, and the rootfs/shm mounts containerd made for
# the node's containerd namespace, deepest first.
node_mounts() {
  awk -v d="$(node_dir "$1")/" -v t="/io.containerd.runtime.v2.task/slcl-$1/" \
    'index($2, d) == 1 || index($2, t) > 0 { print $2 }' /proc/mounts | sort -r
}

unmount_node() {
  local mnt
  while read -r mnt; do
    [[ -n $mnt ]] || continue
    umount -l "$mnt" 2>/dev/null || log "WARNING: could not unmount $mnt"
  done < <(node_mounts "$1")
}
