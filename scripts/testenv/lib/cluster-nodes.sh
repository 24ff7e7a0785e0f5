# shellcheck shell=bash
# cluster.sh: one dockerd (the host's 20.10 binaries) per node, each in its
# node's network namespace with its own data-root, exec-root, pidfile, socket,
# containerd namespaces and cgroup parent; the swarm across them; stopping
# and cleaning up a node. Sourced by scripts/testenv/cluster.sh after
# cluster-instance.sh and cluster-net.sh.

ndocker() { # NODE ARGS...: the docker CLI against that node's engine
  local node=$1
  shift
  docker -H "unix://$(node_socket "$node")" "$@"
}

node_answers() { timeout 10 docker -H "unix://$(node_socket "$1")" version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# The engine flags every node shares, whatever its generation. The old
# 198.18.X.1:5000 stays insecure too; 127.0.0.1:5000 is insecure by default.
# Cluster nodes have no default bridge; a --solo target has the usual
# 172.17.0.0/16 one (inside its own namespace), so `docker run` works as on a host.
node_engine_flags() { # NODE DIR SOCKET (as the engine sees the node folder and its socket)
  local node=$1 dir=$2 socket=$3 bridge=(--bridge none)
  solo_instance && bridge=(--bip 172.17.0.1/16)
  printf '%s\n' --config-file "$dir/daemon.json" \
    --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
    -H "unix://$socket" "${bridge[@]}" \
    --containerd-namespace "$(node_netns "$node")" --containerd-plugins-namespace "$(node_netns "$node")-plugins" \
    --cgroup-parent "/$(node_cgroup "$node")" \
    --default-address-pool "base=$(node_address_pool "$node"),size=24" \
    --insecure-registry "$CLUSTER_HOST_ADDR:5000"
}

prepare_node_dir() {
  local dir
  dir=$(node_dir "$1")
  mkdir -p "$dir/data" "$dir/exec"
  install -d -m 755 "${CLUSTER_RUN_DIR%/*}" "$CLUSTER_RUN_DIR" "$(node_sock_dir "$1")"
  # Our own (empty) daemon.json: nothing of the host's engine configuration leaks in.
  echo '{}' >"$dir/daemon.json"
  rm -f "$dir/dockerd.pid"
}

start_node_engine() {
  local node=$1 dir ns flags
  dir=$(node_dir "$node")
  ns=$(node_netns "$node")
  prepare_node_dir "$node"
  mapfile -t flags < <(node_engine_flags "$node" "$dir" "$(node_socket "$node")")
  log "node $node: dockerd 20.10 in netns $ns at $(node_addr "$node")"
  # nsenter, not `ip netns exec`: that remounts /sys and the engine then fails
  # with "Devices cgroup isn't mounted". unshare -u: its own hostname = the
  # node name = its swarm hostname; -m: its own mount namespace, where
  # /srv/swarmlift-cluster is the node's own folder (bind mounts of tasks).
  # unshare, nsenter and sh exec in place: the recorded pid is the engine's.
  # shellcheck disable=SC2016 # the inner sh expands $1 … and $@
  spawn "$(node_proc "$node")" unshare -m -u --propagation private nsenter --net="/run/netns/$ns" \
    sh -c 'echo "$1" >/proc/sys/kernel/hostname && mount --bind "$2" "$3" && shift 3 && exec "$@"' \
    sh "$node" "$(node_srv "$node")" "$NODE_SRV_PATH" dockerd "${flags[@]}"
}

start_engine() { # NODE: the node's engine of its generation
  if [[ "$(node_engine "$1")" == 26 ]]; then start_node_engine26 "$1"; else start_node_engine "$1"; fi
}

wait_node_engine() { wait_for 60 "$(node_proc "$1")" node_answers "$1"; }

# The manager that leads the raft (its view of node states is the one the
# dispatcher keeps); else the first one whose engine answers with control —
# a just restarted manager's own view can be stale for a while.
live_manager() {
  local node first=
  while read -r node; do
    [[ $node == m* ]] || continue
    [[ "$(ndocker "$node" info --format '{{.Swarm.ControlAvailable}}' 2>/dev/null)" == true ]] || continue
    [[ -n $first ]] || first=$node
    if [[ "$(ndocker "$node" node inspect self --format '{{.ManagerStatus.Leader}}' 2>/dev/null)" == true ]]; then
      echo "$node"
      return 0
    fi
  done < <(recorded_nodes)
  [[ -n $first ]] && echo "$first"
}

swarm_init_manager() {
  log "node m1: swarm init --advertise-addr $(node_addr m1)"
  ndocker m1 swarm init --advertise-addr "$(node_addr m1)" --listen-addr "$(node_addr m1):2377" \
    --default-addr-pool "$CLUSTER_OVERLAY_POOL" --default-addr-pool-mask-length 24 >/dev/null
}

swarm_join() { # NODE TOKEN
  local node=$1 token=$2
  ndocker "$node" swarm join --token "$token" --advertise-addr "$(node_addr "$node")" \
    --listen-addr "$(node_addr "$node"):2377" "$(node_addr m1):2377" >/dev/null
}

# Managers join one by one (each raft join changes the quorum), workers all at once.
swarm_join_all() {
  local node token pids=() pid
  token=$(ndocker m1 swarm join-token -q manager)
  while read -r node; do
    [[ $node == m1 || $node != m* ]] && continue
    log "node $node: joins as manager"
    swarm_join "$node" "$token" || die "manager $node could not join the swarm (see $LOGS_DIR/)"
  done < <(recorded_nodes)
  token=$(ndocker m1 swarm join-token -q worker)
  while read -r node; do
    [[ $node == w* ]] || continue
    swarm_join "$node" "$token" &
    pids+=("$!")
  done < <(recorded_nodes)
  for pid in "${pids[@]}"; do wait "$pid" || die "a worker could not join the swarm (see $LOGS_DIR/)"; done
}

node_swarm_state() { ndocker "$1" info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || true; }

# Prints the hostnames of the swarm's nodes whose status is ready.
ready_swarm_nodes() {
  local manager
  manager=$(live_manager) || return 0
  ndocker "$manager" node ls --format '{{.Hostname}} {{.Status}}' 2>/dev/null | awk '$2 == "Ready" { print $1 }'
}

# Fails after SECONDS unless every recorded node is Ready.
wait_swarm_ready() { # SECONDS
  local want deadline=$((SECONDS + $1))
  want=$(recorded_nodes | wc -l)
  while (($(ready_swarm_nodes | wc -l) < want)); do
    ((SECONDS < deadline)) || return 1
    sleep 0.3
  done
}

# slcl.node=<node> on every node, for placement constraints.
label_nodes() {
  local node
  while read -r node; do
    ndocker m1 node update --label-add "slcl.node=$node" "$node" >/dev/null
  done < <(recorded_nodes)
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

# PID and all its descendants.
process_tree() {
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { parent[$1] = $2 }
    END {
      for (p in parent) { q = p; while (q != "" && q != root && q > 1) q = parent[q]; if (q == root) print p }
    }'
}

# Everything of the node's engine left after it stopped: processes in its
# network namespace (containerd, containerd-shim) or in its cgroups (task
# processes) that are not part of the process trees given (the node's sshd,
# nginx, forwarder while it keeps them), killed by pid.
kill_node_leftovers() { # NODE [KEEP_PID...]
  local node=$1 ns pids=() keep=() pid deadline victims=()
  shift
  ns=$(node_netns "$node")
  for pid in "$@"; do mapfile -t -O "${#keep[@]}" keep < <(process_tree "$pid"); done
  if netns_exists "$ns"; then mapfile -t pids < <(ip netns pids "$ns" 2>/dev/null || true); fi
  mapfile -t -O "${#pids[@]}" pids < <(node_cgroup_pids "$node")
  for pid in "${pids[@]}"; do
    [[ " ${keep[*]} " == *" $pid "* ]] || victims+=("$pid")
  done
  ((${#victims[@]})) || return 0
  log "node $node: killing ${#victims[@]} leftover process(es): ${victims[*]}"
  for pid in "${victims[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  deadline=$((SECONDS + 5))
  for pid in "${victims[@]}"; do
    while [[ -e /proc/$pid ]] && ((SECONDS < deadline)); do sleep 0.1; done
  done
}

# Mounts under the node's folder, and the rootfs/shm mounts containerd made for
# the node's containerd namespace, deepest first.
node_mounts() {
  awk -v d="$(node_dir "$1")/" -v t="/io.containerd.runtime.v2.task/$(node_netns "$1")/" \
    'index($2, d) == 1 || index($2, t) > 0 { print $2 }' /proc/mounts | sort -r
}

unmount_node() {
  local mnt
  while read -r mnt; do
    [[ -n $mnt ]] || continue
    umount -l "$mnt" 2>/dev/null || log "WARNING: could not unmount $mnt"
  done < <(node_mounts "$1")
}

# Stops the node's engine by its pid: SIGTERM (tasks stop, data kept), SIGKILL
# after GRACE seconds. With --kill at once, as a machine that is lost.
stop_node_engine() { # NODE GRACE|kill
  local node=$1 mode=$2 name pid
  name=$(node_proc "$node")
  pid=$(our_pid "$name") || return 0
  if [[ $mode == kill ]]; then
    log "node $node: SIGKILL dockerd (pid $pid)"
    kill -KILL "$pid" 2>/dev/null || true
  else
    log "node $node: stopping dockerd (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_gone "$name" "$mode"; then
      log "node $node: dockerd still runs after ${mode}s, SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait_gone "$name" 5 || log "WARNING: dockerd of node $node (pid $pid) survived SIGKILL"
  forget_pid "$name"
}
