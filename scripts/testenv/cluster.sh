#!/usr/bin/env bash
# A multi-node Docker Swarm on this one machine, for tests of what crosses
# nodes, and one-node targets on another engine generation (issue 17).
#
#   scripts/testenv/cluster.sh [--name NAME] up [--managers N] [--workers N] [--engine NODE=26|20]... [--solo]
#   scripts/testenv/cluster.sh [--name NAME] status | check | down
#   scripts/testenv/cluster.sh [--name NAME] stop-node NODE [--kill] | start-node NODE
#
#   up                  the CI topology: managers m1 m2 m3, workers w1 w2; m3 and w2
#                       run engine 26 (Debian 13's docker.io 26.1.5), the rest the host's 20.10
#   --managers/--workers  1–5 managers, 0–8 workers; --engine NODE=26 (or =20) sets a
#                       node's engine (the defaults m3=26 w2=26 apply to nodes that exist)
#   --solo              one manager, no workers: a target for the package suites; loads the
#                       test images into it and writes .testenv/NAME/testenv (the keys of
#                       .testenv/env; SWARMLIFT_TESTENV_FILE=.testenv/NAME/testenv)
#   --name NAME         another instance beside the default one (own bridge, subnet,
#                       folder, lock); the engine-26 target of CI:
#                       cluster.sh --name e26 up --solo --engine m1=26
#   stop-node NODE      stops that node's engine by pid (SIGTERM; --kill: SIGKILL, as a
#                       lost machine); data kept. start-node NODE starts it; it rejoins.
#
# Needs the single-node test env (scripts/testenv/up.sh) running: it reuses its
# registry, PostgreSQL, deploy user and ssh key, and leaves all of it alone.
#
# Layout (ENVIRONMENT.md, "Several Swarm nodes on one machine"; the cluster
# contract in docs/decisions.md). Default instance / --name NAME:
# - bridge slcl-br0 / slcl-NAME-br = 198.18.0.1/24 / 198.18.X.1/24 (X from the
#   name; e26 → shown by status), FORWARD rule -i BR -o BR marked
#   "swarmlift-cluster[-NAME]";
# - node m1 = .2, m2 = .3 …, w1 = .7, w2 = .8 …; each a network namespace
#   slcl[-NAME]-<node> with a veth, and its own dockerd (the host's 20.10, or
#   26 from a debootstrap'd root cached in /var/cache/swarmlift-testenv/
#   rootfs-trixie, in its own mount and UTS namespaces after pivot_root) with
#   data-root, exec-root, pidfile, socket under .testenv/<instance>/nodes/<node>/,
#   containerd namespace and cgroup parent = the netns name, hostname = swarm
#   hostname = the node name, label slcl.node=<node>, no docker0, local
#   networks from 198.19.(8*index).0/21, overlays from 198.19.192.0/18;
# - the registry and PostgreSQL of up.sh at <bridge host address>:5000/:5432
#   (socat forwarders to 127.0.0.1), and in every node's namespace
#   127.0.0.1:5000 → the registry (a socat forwarder), so `127.0.0.1:5000/…`
#   is the same registry everywhere (loopback registries are insecure by default);
# - in every node: sshd for deploy on <addr>:22 (host key kept in
#   .testenv/cluster-keys/<instance>/<node>/, all pinned in
#   .testenv/<instance>/ssh/known_hosts) and nginx on <addr>:80 (the host's
#   binary, config and pidfile in the node folder), both in the node's mount
#   namespace where /var/run/docker.sock is the node's engine and
#   /srv/swarmlift-cluster is the node's own folder
#   /srv/swarmlift-cluster-nodes/<instance>/<node> (deploy writes, nginx serves
#   http://<addr>/t/NAME/static/… from /srv/swarmlift-cluster/t/NAME/static/…).
# Settings for tests: .testenv/<instance>/env (no secrets; passwords stay in
# .testenv/env; testkit's loadClusterEnv), --solo also .testenv/<instance>/testenv.
#
# `check` proves it end to end: every node's engine answers with its engine
# generation and label; after the private busybox image is removed from every
# node, a global service of it from 127.0.0.1:5000 (--with-registry-auth) runs
# a task on every node — each node pulled with credentials through its own
# forwarder; every other node's task reaches m1's over an overlay network;
# PostgreSQL answers from a task and psql logs in from a node; ssh
# deploy@<addr> with the pinned key reaches every node, and `docker` there is
# that node's engine; a file written over ssh into each node's
# /srv/swarmlift-cluster is served by that node's nginx only.
#
# Measured here (2 cores, warm cache, idle): `up` (5 nodes) 5.5–6.2 s;
# `--name e26 up --solo --engine m1=26` 18.6–21.5 s (15 s of it loading the
# images); both `down` 11–16 s; `check` 7–9 s (e26: 2 s); `stop-node` 0.1–2.2 s;
# `start-node` 1–15 s (the leader must see the node Ready). Cold cache (a new
# machine): the engine-26 root file system is debootstrap'd once, 56 s.
#
# `down` stops what `up` started by its pid records (every engine, sshd and
# nginx is named alike), gives the engines 15 s, kills what is left in a
# node's namespace or cgroups by pid, unmounts, and deletes the namespaces,
# veths, bridge, FORWARD rule, the nodes' data and static folders: the next
# `up` makes a new swarm. Every command takes the instance's own lock
# (/var/cache/swarmlift-testenv/cluster[-NAME].lock); other people's tests
# share the machine: run it under `flock /work/coord/integration.lock` too.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source-path=SCRIPTDIR/../..
source scripts/testenv/lib.sh
# shellcheck source-path=SCRIPTDIR/../..
source scripts/testenv/lib/cluster-common.sh
# shellcheck source-path=SCRIPTDIR/../..
source scripts/testenv/lib/cluster-instance.sh
# shellcheck source-path=SCRIPTDIR/../..
source scripts/testenv/lib/cluster-net.sh
# shellcheck source-path=SCRIPTDIR/../..
source scripts/testenv/lib/cluster-nodes.sh
# shellcheck source-path=SCRIPTDIR/../..
source scripts/testenv/lib/cluster-engine26.sh
# shellcheck source-path=SCRIPTDIR/../..
source scripts/testenv/lib/cluster-services.sh
# shellcheck source-path=SCRIPTDIR/../..
source scripts/testenv/lib/cluster-envfiles.sh
# shellcheck source-path=SCRIPTDIR/../..
source scripts/testenv/lib/cluster-check.sh

usage() {
  sed -n '5,20p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[[ $EUID -eq 0 ]] || die "run as root"

name=$DEFAULT_CLUSTER_NAME
case ${1:-} in
  --name) [[ -n ${2:-} ]] || usage; name=$2; shift 2 ;;
  --name=*) name=${1#*=}; shift ;;
esac
set_cluster_instance "$name"

# Same machine-wide lock family as up.sh, but the instance's own: up.sh and
# two instances may run side by side.
if [[ -z ${SWARMLIFT_CLUSTER_LOCKED:-} ]]; then
  mkdir -p "$CACHE_DIR"
  SWARMLIFT_CLUSTER_LOCKED=1 exec flock -o "$CLUSTER_LOCK" "$PWD/scripts/testenv/cluster.sh" --name "$name" "$@"
fi

# 20 (the host's dockerd) or 26 (Debian 13's, from the cached root file system).
node_engine() { awk -v n="$1" '$1 == n { e = $2 } END { print e ? e : 20 }' "$ENGINES_FILE" 2>/dev/null || echo 20; }

recorded_nodes() { [[ -f $NODES_FILE ]] && cat "$NODES_FILE"; }

# A --solo instance (a package-suite target) gives its engine a default bridge, as on a real host.
solo_instance() { grep -q 'solo=1' "$TOPOLOGY_FILE" 2>/dev/null; }

node_recorded() { [[ -f $NODES_FILE ]] && grep -qx -- "$1" "$NODES_FILE"; }

# Nodes of a recorded cluster, plus any of the instance's namespaces a lost record left behind.
known_nodes() {
  {
    recorded_nodes || true
    ip netns list 2>/dev/null | awk -v p="$CLUSTER_PREFIX-" '
      index($1, p) == 1 { n = substr($1, length(p) + 1); if (n ~ /^[mw][0-9]+$/) print n }'
  } | awk 'NF && !seen[$1]++'
}

# ---------------------------------------------------------------- health

# Prints one line per missing or broken part of a recorded cluster; nothing if
# healthy. A node stopped with stop-node counts as broken.
cluster_problems() {
  local node nodes ready
  mapfile -t nodes < <(recorded_nodes)
  bridge_exists || echo "bridge $CLUSTER_BRIDGE"
  forward_rule_present || echo "iptables rule ${CLUSTER_FORWARD_RULE[*]}"
  reject_rule_present || echo "iptables rule ${CLUSTER_REJECT_RULE[*]}"
  for node in "${nodes[@]}"; do
    netns_exists "$(node_netns "$node")" || echo "network namespace $(node_netns "$node")"
    our_pid "$(node_regfwd_proc "$node")" >/dev/null || echo "registry forwarder 127.0.0.1:5000 of node $node"
    our_pid "$(node_sshd_proc "$node")" >/dev/null || echo "sshd of node $node"
    our_pid "$(node_nginx_proc "$node")" >/dev/null || echo "nginx of node $node"
    our_pid "$(node_proc "$node")" >/dev/null || { echo "dockerd of node $node (stopped? start-node $node)"; continue; }
    node_answers "$node" || echo "dockerd of node $node does not answer on $(node_socket "$node")"
  done
  our_pid registry-forward >/dev/null || echo "registry forwarder $CLUSTER_HOST_ADDR:5000"
  our_pid postgres-forward >/dev/null || echo "postgres forwarder $CLUSTER_HOST_ADDR:5432"
  ready=$(ready_swarm_nodes | wc -l)
  ((ready == ${#nodes[@]})) || echo "swarm: $ready of ${#nodes[@]} nodes ready"
  [[ -f $CLUSTER_DIR/env ]] || echo "env file $CLUSTER_DIR/env"
}

# ---------------------------------------------------------------- up

load_testenv() {
  [[ -f $TESTENV_DIR/env ]] || die "$TESTENV_DIR/env is missing: run scripts/testenv/up.sh first"
  # shellcheck disable=SC1091 # generated by up.sh
  source "$TESTENV_DIR/env"
  listening 127.0.0.1 "${REGISTRY_HOST#*:}" || die "the registry of up.sh does not listen on $REGISTRY_HOST: run scripts/testenv/up.sh"
  listening 127.0.0.1 "$PG_PORT" || die "PostgreSQL does not listen on 127.0.0.1:$PG_PORT: run scripts/testenv/up.sh"
  [[ -r $SSH_KEY_PATH ]] || die "the deploy key $SSH_KEY_PATH is missing: run scripts/testenv/up.sh"
  id deploy >/dev/null 2>&1 || die "user deploy is missing: run scripts/testenv/up.sh"
}

require_tools() {
  local tool missing=()
  if ! command -v socat >/dev/null; then
    log "installing socat"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends socat >/dev/null 2>&1 ||
      { apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends socat >/dev/null 2>&1; } ||
      die "could not install socat (apt-get install socat)"
  fi
  for tool in dockerd containerd docker nsenter unshare ip iptables socat ssh ssh-keygen /usr/sbin/sshd nginx curl ss flock; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]} (scripts/testenv/up.sh installs most of them)"
}

up_failed() {
  (($1 == 0)) || log "up failed (exit $1): what it started remains — scripts/testenv/cluster.sh${CLUSTER_NAME:+ --name $CLUSTER_NAME} status shows it, down removes it"
}

cmd_up() {
  local managers=3 workers=2 solo=0 node nodes=() started=$SECONDS spec specs=() topology
  local -A engine=()
  while (($#)); do
    case $1 in
      --engine) [[ -n ${2:-} ]] || die "--engine needs NODE=26 (or NODE=20)"; specs+=("$2"); shift 2 ;;
      --engine=*) specs+=("${1#*=}"); shift ;;
      --managers) managers=${2:-}; shift 2 || usage ;;
      --managers=*) managers=${1#*=}; shift ;;
      --workers) workers=${2:-}; shift 2 || usage ;;
      --workers=*) workers=${1#*=}; shift ;;
      --solo) solo=1; shift ;;
      *) usage ;;
    esac
  done
  ((solo)) && { managers=1; workers=0; }
  if ! [[ $managers =~ ^[0-9]+$ ]] || ((managers < 1 || managers > MAX_MANAGERS)); then die "--managers must be 1..$MAX_MANAGERS"; fi
  if ! [[ $workers =~ ^[0-9]+$ ]] || ((workers > MAX_WORKERS)); then die "--workers must be 0..$MAX_WORKERS"; fi
  mapfile -t nodes < <(topology_nodes "$managers" "$workers")
  for node in "${nodes[@]}"; do engine[$node]=20; done
  # The CI topology's engine-26 nodes, where they exist.
  for node in m3 w2; do
    if [[ -n ${engine[$node]:-} ]]; then engine[$node]=26; fi
  done
  for spec in "${specs[@]}"; do
    [[ $spec =~ ^([mw][0-9]+)=(20|26)$ ]] || die "--engine $spec: expected NODE=26 or NODE=20"
    [[ -n ${engine[${spec%=*}]:-} ]] || die "--engine $spec: no node ${spec%=*} (nodes: ${nodes[*]})"
    engine[${spec%=*}]=${spec#*=}
  done
  topology="nodes=${nodes[*]} engines-26="
  for node in "${nodes[@]}"; do
    if [[ ${engine[$node]} == 26 ]]; then topology+="$node,"; fi
  done
  topology+=" solo=$solo"

  if [[ -f $NODES_FILE ]]; then
    local problems
    # Rules added since a cluster started are added to it.
    bridge_exists && ensure_forward_rules
    while read -r node; do
      if netns_exists "$(node_netns "$node")"; then ensure_node_dns_reject "$node"; fi
    done < <(recorded_nodes)
    problems=$(cluster_problems)
    [[ -z $problems ]] || die "the cluster ($CLUSTER_NAME) is partly up; missing or broken:
  - ${problems//$'\n'/$'\n'  - }
start a stopped node with start-node, or run down, then up again"
    [[ "$(cat "$TOPOLOGY_FILE" 2>/dev/null)" == "$topology" ]] ||
      die "the cluster ($CLUSTER_NAME) is up as '$(cat "$TOPOLOGY_FILE" 2>/dev/null)', not '$topology': run down first"
    log "already up"
    load_testenv
    write_env_files "$solo"
    cmd_status
    return 0
  fi
  if [[ -n "$(known_nodes)" ]] || bridge_exists; then
    die "leftovers of an earlier cluster ($CLUSTER_NAME) exist (namespaces $CLUSTER_PREFIX-* or bridge $CLUSTER_BRIDGE): run scripts/testenv/cluster.sh --name $CLUSTER_NAME down"
  fi
  load_testenv
  require_tools
  # A failed up leaves what it started for inspection; say how to remove it.
  trap 'up_failed $?' EXIT
  mkdir -p "$CLUSTER_DIR" "$PIDS_DIR" "$LOGS_DIR"
  for node in "${nodes[@]}"; do echo "$node ${engine[$node]}"; done >"$ENGINES_FILE"
  if grep -q ' 26$' "$ENGINES_FILE"; then ensure_rootfs_26; fi
  printf '%s\n' "${nodes[@]}" >"$NODES_FILE"
  echo "$topology" >"$TOPOLOGY_FILE"

  ensure_bridge
  for node in "${nodes[@]}"; do
    ensure_node_netns "$node"
    ensure_node_srv "$node"
  done
  start_forwarder registry-forward "${REGISTRY_HOST#*:}"
  start_forwarder postgres-forward "$PG_PORT"
  for node in "${nodes[@]}"; do start_engine "$node"; done
  # While the engines start: every node's forwarder, sshd and nginx.
  start_node_services
  for node in "${nodes[@]}"; do wait_node_engine "$node"; done
  log "engines and node services ready after $((SECONDS - started))s"

  swarm_init_manager
  swarm_join_all
  wait_swarm_ready 30 || die "only $(ready_swarm_nodes | wc -l) of ${#nodes[@]} nodes ready after 30s"
  label_nodes
  write_cluster_known_hosts
  [[ "$(node_ssh m1 docker info --format '{{.Swarm.ControlAvailable}}')" == true ]] ||
    die "over ssh to deploy@$(node_addr m1) the engine is not the cluster's manager (see $LOGS_DIR/$(node_sshd_proc m1).log)"
  ((solo)) && load_solo_images
  write_env_files "$solo"
  trap - EXIT
  log "up in $((SECONDS - started))s"
  cmd_status
}

write_env_files() { # SOLO
  write_cluster_env
  if (($1)); then write_solo_testenv; fi
}

# ---------------------------------------------------------------- stop-node, start-node

cmd_stop_node() {
  local node=${1:-} mode=15 keep
  [[ -n $node ]] || usage
  [[ ${2:-} == --kill ]] && mode='kill'
  [[ -z ${2:-} || ${2:-} == --kill ]] || usage
  node_recorded "$node" || die "no node $node in the cluster ($CLUSTER_NAME): $(recorded_nodes | tr '\n' ' ')"
  our_pid "$(node_proc "$node")" >/dev/null || { log "node $node: engine not running"; return 0; }
  stop_node_engine "$node" "$mode"
  # What the engine left (containerd, shims, tasks); the node's sshd, nginx and forwarder stay.
  mapfile -t keep < <(node_service_pids "$node")
  kill_node_leftovers "$node" "${keep[@]}"
  [[ "$(node_engine "$node")" == 26 ]] || unmount_node "$node"
  log "node $node: engine stopped (data kept; start-node $node starts it)"
}

# Ready = its engine answers, its own swarm state is active, and the leader
# sees it Ready (a stale Ready from before a quick kill may remain: then the
# node's agent has reconnected by the time its own state is active).
cmd_start_node() {
  local node=${1:-} deadline manager
  [[ -n $node && -z ${2:-} ]] || usage
  node_recorded "$node" || die "no node $node in the cluster ($CLUSTER_NAME): $(recorded_nodes | tr '\n' ' ')"
  if ! our_pid "$(node_proc "$node")" >/dev/null; then
    start_engine "$node"
    wait_node_engine "$node"
  fi
  deadline=$((SECONDS + 60))
  until [[ "$(node_swarm_state "$node")" == active ]] && ready_swarm_nodes | grep -qx -- "$node"; do
    ((SECONDS < deadline)) || die "node $node: engine runs, but it is not active and Ready in the swarm after 60s ($(node_swarm_state "$node"))"
    sleep 0.3
  done
  manager=$(live_manager)
  log "node $node: engine running, Ready in the swarm (as leader $manager sees it)"
}

# ---------------------------------------------------------------- down

cmd_down() {
  local node nodes started=$SECONDS pid
  mapfile -t nodes < <(known_nodes)
  stop_node_services "${nodes[@]}"
  # Test containers are killed, not stopped with their grace period (10 s for
  # a `sleep` as PID 1): down takes ~3 s instead of ~13 s. Then all engines
  # stop at once.
  kill_all_containers "${nodes[@]}"
  for node in "${nodes[@]}"; do
    if pid=$(our_pid "$(node_proc "$node")"); then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for node in "${nodes[@]}"; do stop_node_engine "$node" 15; done
  for node in "${nodes[@]}"; do
    kill_node_leftovers "$node"
    unmount_node "$node"
    remove_node_cgroups "$node"
    remove_node_netns "$node"
  done
  stop_ours registry-forward 5
  stop_ours postgres-forward 5
  stop_stale_forwarders
  remove_bridge
  if [[ -d $CLUSTER_DIR ]]; then
    unmount_leftovers_under "$CLUSTER_DIR"
    rm -rf --one-file-system "$CLUSTER_DIR"
  fi
  [[ -d $CLUSTER_SRV_BASE ]] && rm -rf --one-file-system "$CLUSTER_SRV_BASE"
  [[ -d $CLUSTER_RUN_DIR ]] && rm -rf --one-file-system "$CLUSTER_RUN_DIR"
  log "down ($CLUSTER_NAME) in $((SECONDS - started))s"
}

kill_all_containers() { # NODES...
  local node pids=() pid
  for node in "$@"; do
    our_pid "$(node_proc "$node")" >/dev/null || continue
    (
      mapfile -t ids < <(timeout 10 docker -H "unix://$(node_socket "$node")" ps -q 2>/dev/null || true)
      ((${#ids[@]} == 0)) || timeout 15 docker -H "unix://$(node_socket "$node")" kill "${ids[@]}" >/dev/null 2>&1 || true
    ) &
    pids+=("$!")
  done
  for pid in "${pids[@]}"; do wait "$pid" || true; done
}

unmount_leftovers_under() {
  local mnt
  while read -r mnt; do
    [[ -n $mnt ]] && { umount -l "$mnt" 2>/dev/null || log "WARNING: could not unmount $mnt"; }
  done < <(awk -v d="$1/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r)
}

# ---------------------------------------------------------------- status

# What exists of the instance on this machine, recorded or not (empty output: nothing).
cluster_traces() {
  local node dir
  bridge_exists && echo "bridge $CLUSTER_BRIDGE"
  forward_rule_present && echo "iptables FORWARD rule for $CLUSTER_BRIDGE"
  reject_rule_present && echo "iptables FORWARD reject rule for $CLUSTER_BRIDGE"
  while read -r node; do
    [[ -n $node ]] || continue
    netns_exists "$(node_netns "$node")" && echo "netns $(node_netns "$node")"
    ip link show "$(node_netns "$node")" >/dev/null 2>&1 && echo "interface $(node_netns "$node")"
    for dir in /sys/fs/cgroup/*/"$(node_cgroup "$node")"; do [[ -d $dir ]] && echo "cgroup $dir"; done
    node_mounts "$node" | sed 's/^/mount /'
  done < <(known_nodes)
  [[ -d $CLUSTER_DIR ]] && echo "folder $CLUSTER_DIR"
  [[ -d $CLUSTER_SRV_BASE ]] && echo "folder $CLUSTER_SRV_BASE"
  [[ -d $CLUSTER_RUN_DIR ]] && echo "folder $CLUSTER_RUN_DIR"
  true
}

cmd_status() {
  local node pid traces name
  if [[ ! -f $NODES_FILE ]]; then
    traces=$(cluster_traces)
    if [[ -z $traces ]]; then
      echo "cluster $CLUSTER_NAME: down (nothing of it exists)"
    else
      echo "cluster $CLUSTER_NAME: down, but these remain (scripts/testenv/cluster.sh --name $CLUSTER_NAME down removes them):"
      echo "  ${traces//$'\n'/$'\n'  }"
    fi
    return 0
  fi
  echo "cluster $CLUSTER_NAME: $(recorded_nodes | wc -l) node(s), bridge $CLUSTER_BRIDGE $CLUSTER_HOST_ADDR/24, $(cat "$TOPOLOGY_FILE" 2>/dev/null)"
  while read -r node; do
    if pid=$(our_pid "$(node_proc "$node")"); then
      printf '  %-3s %-13s engine %s dockerd pid %-7s %s\n' "$node" "$(node_addr "$node")" "$(node_engine "$node")" "$pid" \
        "$(ndocker "$node" info --format '{{.ServerVersion}} swarm={{.Swarm.LocalNodeState}} manager={{.Swarm.ControlAvailable}}' 2>/dev/null || echo 'not answering')"
    else
      printf '  %-3s %-13s engine %s dockerd NOT RUNNING\n' "$node" "$(node_addr "$node")" "$(node_engine "$node")"
    fi
    for name in "$(node_sshd_proc "$node")" "$(node_nginx_proc "$node")" "$(node_regfwd_proc "$node")"; do
      our_pid "$name" >/dev/null || echo "      $name NOT RUNNING"
    done
  done < <(recorded_nodes)
  echo "  swarm nodes ready: $(ready_swarm_nodes | wc -l)"
  for name in registry-forward postgres-forward; do
    if pid=$(our_pid "$name"); then echo "  $name pid $pid"; else echo "  $name NOT RUNNING"; fi
  done
  [[ -f $CLUSTER_DIR/env ]] && echo "  env $CLUSTER_DIR/env"
  [[ -f $CLUSTER_DIR/testenv ]] && echo "  testenv $CLUSTER_DIR/testenv (SWARMLIFT_TESTENV_FILE)"
  true
}

case ${1:-} in
  up) shift; cmd_up "$@" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  check) cmd_check ;;
  stop-node) shift; cmd_stop_node "$@" ;;
  start-node) shift; cmd_start_node "$@" ;;
  *) usage ;;
esac
