#!/usr/bin/env bash
# A multi-node Docker Swarm on this one machine, for tests of what crosses
# nodes (issue 17). Not wired into CI or any test yet.
#
#   scripts/testenv/cluster.sh up [--workers N] [--engine NODE=26]...
#                          # default 2 workers, at most 8; --engine w2=26: node w2
#                          # runs Debian 13's docker.io 26.1.5 instead of the host's 20.10
#   scripts/testenv/cluster.sh status
#   scripts/testenv/cluster.sh check              # proves it works (see below)
#   scripts/testenv/cluster.sh down
#
# Needs the single-node test env (scripts/testenv/up.sh) running: it reuses its
# registry, PostgreSQL, deploy user and ssh key, and leaves all of it alone.
#
# Layout (ENVIRONMENT.md, "Several Swarm nodes on one machine"):
# - bridge slcl-br0 = 198.18.0.1/24 on the host (a test-only range; the host
#   engine has 172.17/16 and 172.18/16), FORWARD rule `-i slcl-br0 -o slcl-br0
#   -j ACCEPT` marked with the comment "swarmlift-cluster";
# - node m1 (manager) = 198.18.0.2, workers wK = 198.18.0.(2+K); each is a
#   network namespace slcl-<node> with a veth, and its own dockerd (the host's
#   20.10) with data-root, exec-root, pidfile, socket under
#   .testenv/cluster/nodes/<node>/, containerd namespace slcl-<node>, cgroup
#   parent /slcl-<node>, no docker0, local networks from 198.19.(16*index).0/20,
#   overlays from 198.19.192.0/18, and --insecure-registry 198.18.0.1:5000;
# - the registry and PostgreSQL of up.sh, reachable from every node (and every
#   task) at 198.18.0.1:5000 and 198.18.0.1:5432 (socat forwarders to 127.0.0.1);
# - sshd for user deploy on 198.18.0.2:22 inside m1's namespace, where
#   /var/run/docker.sock is m1's engine; its host key stays in
#   .testenv/cluster-keys/ across runs, pinned in .testenv/cluster/ssh/known_hosts.
# - a node given `--engine NODE=26` runs Debian 13's docker.io 26.1.5 from a
#   debootstrap'd root cached in .testenv/cluster-rootfs/trixie (44 s once), in
#   its own mount and UTS namespaces after pivot_root (lib/cluster-engine26.sh).
# Settings for tests: .testenv/cluster/env (no secrets; passwords stay in .testenv/env).
# `check` proves it end to end: a global service with the private busybox image
# (--with-registry-auth) runs on every node, every worker's task reaches the
# manager's over an overlay network, PostgreSQL answers from a worker, and
# deploy@manager over ssh sees every node.
# Measured here: up --workers 2 ≈ 2.2–3.7 s (4 workers 4.4 s, with a 26 node
# 3.5–5.8 s), check ≈ 5 s, down ≈ 4 s.
#
# `down` stops what `up` started by its pid records (every engine is named
# dockerd/containerd alike), gives the engines 15 s, kills what is left in a
# node's namespace or cgroups by pid, unmounts, and deletes the namespaces,
# veths, bridge, FORWARD rule and the nodes' data: the next `up` makes a new swarm.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source-path=SCRIPTDIR/../..
source scripts/testenv/lib.sh
# shellcheck source-path=SCRIPTDIR/../..
source scripts/testenv/lib/cluster-common.sh
# shellcheck source-path=SCRIPTDIR/../..
source scripts/testenv/lib/cluster-net.sh
# shellcheck source-path=SCRIPTDIR/../..
source scripts/testenv/lib/cluster-nodes.sh
# shellcheck source-path=SCRIPTDIR/../..
source scripts/testenv/lib/cluster-services.sh
# shellcheck source-path=SCRIPTDIR/../..
source scripts/testenv/lib/cluster-engine26.sh

CLUSTER_DIR="$TESTENV_DIR/cluster"
CLUSTER_KEYS_DIR="$TESTENV_DIR/cluster-keys"
# lib.sh's pid bookkeeping, in the cluster's own folder.
PIDS_DIR="$CLUSTER_DIR/pids"
LOGS_DIR="$CLUSTER_DIR/logs"
NODES_FILE="$CLUSTER_DIR/node-list"
ENGINES_FILE="$CLUSTER_DIR/node-engines"
CLUSTER_REGISTRY="$CLUSTER_HOST_ADDR:5000"
MAX_WORKERS=8

usage() {
  sed -n '5,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[[ $EUID -eq 0 ]] || die "run as root"

# Same machine-wide lock file family as up.sh, but its own: up.sh and cluster.sh may run together.
if [[ -z ${SWARMLIFT_CLUSTER_LOCKED:-} ]]; then
  mkdir -p "$CACHE_DIR"
  SWARMLIFT_CLUSTER_LOCKED=1 exec flock -o "$CACHE_DIR/cluster.lock" "$PWD/scripts/testenv/cluster.sh" "$@"
fi

# 20 (the host's dockerd) or 26 (Debian 13's, from the cached root file system).
node_engine() { awk -v n="$1" '$1 == n { e = $2 } END { print e ? e : 20 }' "$ENGINES_FILE" 2>/dev/null || echo 20; }

recorded_nodes() { [[ -f $NODES_FILE ]] && cat "$NODES_FILE"; }

# Nodes of a recorded cluster, plus any namespace slcl-* a lost record left behind.
known_nodes() {
  {
    recorded_nodes || true
    ip netns list 2>/dev/null | awk '$1 ~ /^slcl-(m1|w[0-9]+)$/ { sub(/^slcl-/, "", $1); print $1 }'
  } | awk 'NF && !seen[$1]++'
}

# ---------------------------------------------------------------- health

# Prints one line per missing or broken part of a recorded cluster; nothing if healthy.
cluster_problems() {
  local node nodes ready
  mapfile -t nodes < <(recorded_nodes)
  bridge_exists || echo "bridge $CLUSTER_BRIDGE"
  forward_rule_present || echo "iptables rule ${CLUSTER_FORWARD_RULE[*]}"
  for node in "${nodes[@]}"; do
    netns_exists "$(node_netns "$node")" || echo "network namespace $(node_netns "$node")"
    our_pid "$(node_proc "$node")" >/dev/null || { echo "dockerd of node $node"; continue; }
    node_answers "$node" || echo "dockerd of node $node does not answer on $(node_socket "$node")"
  done
  our_pid registry-forward >/dev/null || echo "registry forwarder $CLUSTER_REGISTRY"
  our_pid postgres-forward >/dev/null || echo "postgres forwarder $CLUSTER_HOST_ADDR:5432"
  our_pid sshd-m1 >/dev/null || echo "sshd on $(node_addr m1):$CLUSTER_SSH_PORT"
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
  for tool in dockerd containerd docker nsenter unshare ip iptables socat ssh ssh-keygen /usr/sbin/sshd ss flock; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]} (scripts/testenv/up.sh installs most of them)"
}

write_cluster_env() {
  local node
  {
    echo "# Generated by scripts/testenv/cluster.sh; passwords are in $TESTENV_DIR/env"
    echo "CLUSTER_NODES=\"$(recorded_nodes | tr '\n' ' ' | sed 's/ $//')\""
    echo "CLUSTER_MANAGER_HOST=$(node_addr m1)"
    echo "CLUSTER_MANAGER_SOCKET=$(node_socket m1)"
    echo "CLUSTER_SSH_HOST=$(node_addr m1)"
    echo "CLUSTER_SSH_PORT=$CLUSTER_SSH_PORT"
    echo "CLUSTER_SSH_USER=deploy"
    echo "CLUSTER_SSH_KEY_PATH=$SSH_KEY_PATH"
    echo "CLUSTER_SSH_KNOWN_HOSTS_PATH=$CLUSTER_DIR/ssh/known_hosts"
    echo "CLUSTER_SSH_HOST_KEY_FINGERPRINT=$(cluster_ssh_fingerprint)"
    echo "CLUSTER_REGISTRY_HOST=$CLUSTER_REGISTRY"
    echo "CLUSTER_REGISTRY_IMAGE_BUSYBOX=$CLUSTER_REGISTRY/$IMAGE_BUSYBOX"
    echo "CLUSTER_REGISTRY_IMAGE_DJANGO=$CLUSTER_REGISTRY/$IMAGE_DJANGO"
    echo "CLUSTER_PG_HOST=$CLUSTER_HOST_ADDR"
    echo "CLUSTER_PG_PORT=$PG_PORT"
    while read -r node; do
      echo "CLUSTER_NODE_${node^^}_ADDR=$(node_addr "$node")"
      echo "CLUSTER_NODE_${node^^}_SOCKET=$(node_socket "$node")"
    done < <(recorded_nodes)
  } >"$CLUSTER_DIR/env.tmp"
  chmod 644 "$CLUSTER_DIR/env.tmp"
  mv -f "$CLUSTER_DIR/env.tmp" "$CLUSTER_DIR/env"
}

up_failed() {
  (($1 == 0)) || log "up failed (exit $1): what it started remains — scripts/testenv/cluster.sh status shows it, down removes it"
}

cmd_up() {
  local workers=2 node nodes=() token problems pids=() pid started=$SECONDS deadline engines=() spec i
  while (($#)); do
    case $1 in
      --engine) [[ -n ${2:-} ]] || die "--engine needs NODE=26 (or NODE=20)"; engines+=("$2"); shift 2 ;;
      --engine=*) engines+=("${1#*=}"); shift ;;
      --workers) [[ ${2:-} =~ ^[0-9]+$ ]] || die "--workers needs a number"; workers=$2; shift 2 ;;
      --workers=*) workers=${1#*=}; shift ;;
      *) usage ;;
    esac
  done
  if ! [[ $workers =~ ^[0-9]+$ ]] || ((workers < 1 || workers > MAX_WORKERS)); then die "--workers must be 1..$MAX_WORKERS"; fi

  if [[ -f $NODES_FILE ]]; then
    problems=$(cluster_problems)
    [[ -z $problems ]] || die "the cluster is partly up; missing or broken:
  - ${problems//$'\n'/$'\n'  - }
run scripts/testenv/cluster.sh down, then up again"
    (($(recorded_nodes | wc -l) == workers + 1)) ||
      die "the cluster is up with $(($(recorded_nodes | wc -l) - 1)) worker(s), not $workers: run down first"
    log "already up"
    cmd_status
    return 0
  fi
  if [[ -n "$(known_nodes)" ]] || bridge_exists; then
    die "leftovers of an earlier cluster exist (namespaces slcl-* or bridge $CLUSTER_BRIDGE): run scripts/testenv/cluster.sh down"
  fi

  nodes=(m1)
  for ((i = 1; i <= workers; i++)); do nodes+=("w$i"); done
  for spec in "${engines[@]}"; do
    [[ $spec =~ ^(m1|w[0-9]+)=(20|26)$ ]] || die "--engine $spec: expected NODE=26 or NODE=20 with NODE one of ${nodes[*]}"
    [[ " ${nodes[*]} " == *" ${spec%=*} "* ]] || die "--engine $spec: no node ${spec%=*} (nodes: ${nodes[*]})"
  done
  load_testenv
  require_tools
  # A failed up leaves what it started for inspection; say how to remove it.
  trap 'up_failed $?' EXIT
  mkdir -p "$CLUSTER_DIR" "$PIDS_DIR" "$LOGS_DIR"
  printf '%s\n' "${engines[@]}" | sed 's/=/ /' >"$ENGINES_FILE"
  if grep -q ' 26$' "$ENGINES_FILE"; then ensure_rootfs_26; fi
  printf '%s\n' "${nodes[@]}" >"$NODES_FILE"

  ensure_bridge
  for node in "${nodes[@]}"; do ensure_node_netns "$node"; done
  start_forwarder registry-forward "${REGISTRY_HOST#*:}"
  start_forwarder postgres-forward "$PG_PORT"
  for node in "${nodes[@]}"; do
    if [[ "$(node_engine "$node")" == 26 ]]; then start_node_engine26 "$node"; else start_node_engine "$node"; fi
  done
  for node in "${nodes[@]}"; do wait_node_engine "$node"; done
  log "engines ready after $((SECONDS - started))s"

  swarm_init_manager
  token=$(ndocker m1 swarm join-token -q worker)
  for node in "${nodes[@]:1}"; do
    swarm_join_worker "$node" "$token" &
    pids+=("$!")
  done
  for pid in "${pids[@]}"; do wait "$pid" || die "a worker could not join the swarm (see $LOGS_DIR/)"; done
  deadline=$((SECONDS + 30))
  while (($(ready_swarm_nodes | wc -l) < ${#nodes[@]})); do
    ((SECONDS < deadline)) || die "only $(ready_swarm_nodes | wc -l) of ${#nodes[@]} nodes ready after 30s"
    sleep 0.3
  done

  start_cluster_sshd
  write_cluster_known_hosts
  [[ "$(cluster_ssh docker info --format '{{.Swarm.ControlAvailable}}')" == true ]] ||
    die "over ssh to deploy@$(node_addr m1) the engine is not the cluster's manager (see $LOGS_DIR/sshd-m1.log)"
  write_cluster_env
  trap - EXIT
  log "up in $((SECONDS - started))s"
  cmd_status
}

# ---------------------------------------------------------------- down

cmd_down() {
  local node nodes started=$SECONDS pid deadline name
  mapfile -t nodes < <(known_nodes)
  stop_ours sshd-m1 10
  # Test containers are killed, not stopped with their grace period (10 s for
  # a `sleep` as PID 1): down takes ~3 s instead of ~13 s. Then all engines
  # stop at once.
  kill_all_containers "${nodes[@]}"
  for node in "${nodes[@]}"; do
    if pid=$(our_pid "$(node_proc "$node")"); then
      log "node $node: stopping dockerd (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  deadline=$((SECONDS + 15))
  for node in "${nodes[@]}"; do
    name=$(node_proc "$node")
    while our_pid "$name" >/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if pid=$(our_pid "$name"); then
      log "node $node: dockerd still runs after 15s, SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      wait_gone "$name" 5 || log "WARNING: dockerd of node $node (pid $pid) survived SIGKILL"
    fi
    forget_pid "$name"
  done
  for node in "${nodes[@]}"; do
    kill_node_leftovers "$node"
    unmount_node "$node"
    remove_node_cgroups "$node"
    remove_node_netns "$node"
  done
  stop_ours registry-forward 5
  stop_ours postgres-forward 5
  remove_bridge
  if [[ -d $CLUSTER_DIR ]]; then
    unmount_leftovers_under "$CLUSTER_DIR"
    rm -rf --one-file-system "$CLUSTER_DIR"
  fi
  log "down in $((SECONDS - started))s"
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

# What exists of a cluster on this machine, recorded or not (empty output: nothing).
cluster_traces() {
  local ns
  bridge_exists && echo "bridge $CLUSTER_BRIDGE"
  forward_rule_present && echo "iptables FORWARD rule for $CLUSTER_BRIDGE"
  for ns in $(ip netns list 2>/dev/null | awk '$1 ~ /^slcl-/ { print $1 }'); do echo "netns $ns"; done
  ip -br link show 2>/dev/null | awk '$1 ~ /^slcl-/ { sub(/@.*/, "", $1); print "interface " $1 }'
  awk '$2 ~ /\/\.testenv\/cluster\// || $2 ~ /io\.containerd\.runtime\.v2\.task\/slcl-/ { print "mount " $2 }' /proc/mounts
  for ns in /sys/fs/cgroup/*/slcl-*; do [[ -d $ns ]] && echo "cgroup $ns"; done
  [[ -d $CLUSTER_DIR ]] && echo "folder $CLUSTER_DIR"
  true
}

cmd_status() {
  local node pid traces
  if [[ ! -f $NODES_FILE ]]; then
    traces=$(cluster_traces)
    if [[ -z $traces ]]; then
      echo "cluster: down (nothing of it exists)"
    else
      echo "cluster: down, but these remain (scripts/testenv/cluster.sh down removes them):"
      echo "  ${traces//$'\n'/$'\n'  }"
    fi
    return 0
  fi
  echo "cluster: $(recorded_nodes | wc -l) node(s), bridge $CLUSTER_BRIDGE $CLUSTER_HOST_ADDR/24"
  while read -r node; do
    if pid=$(our_pid "$(node_proc "$node")"); then
      printf '  %-3s %-12s dockerd pid %-7s %s  %s\n' "$node" "$(node_addr "$node")" "$pid" \
        "$(ndocker "$node" info --format '{{.ServerVersion}} swarm={{.Swarm.LocalNodeState}}' 2>/dev/null || echo 'not answering')" \
        "$(node_socket "$node")"
    else
      printf '  %-3s %-12s dockerd NOT RUNNING\n' "$node" "$(node_addr "$node")"
    fi
  done < <(recorded_nodes)
  echo "  swarm nodes ready: $(ready_swarm_nodes | wc -l)"
  for name in registry-forward postgres-forward sshd-m1; do
    if pid=$(our_pid "$name"); then echo "  $name pid $pid"; else echo "  $name NOT RUNNING"; fi
  done
  [[ -f $CLUSTER_DIR/env ]] && echo "  env $CLUSTER_DIR/env"
  true
}

# ---------------------------------------------------------------- check

# Proves the cluster end to end: a global service with a private image from the
# cluster registry (credentials via --with-registry-auth) runs a task on every
# node, and a worker's task reaches the manager's task over an overlay network.
cmd_check() {
  local problems config stack=sltest-cluster-check net svc started=$SECONDS deadline running nodes mgr_ip out worker_ctr node
  [[ -f $NODES_FILE ]] || die "the cluster is not up: run scripts/testenv/cluster.sh up"
  problems=$(cluster_problems)
  [[ -z $problems ]] || die "the cluster is not healthy: $problems"
  load_testenv
  nodes=$(recorded_nodes | wc -l)
  net=$stack-net
  svc=$stack-echo
  config=$(mktemp -d)
  # shellcheck disable=SC2064 # expand now: the names are fixed
  trap "ndocker m1 service rm $svc >/dev/null 2>&1 || true; rm -rf '$config'" RETURN
  DOCKER_CONFIG=$config ndocker m1 login "$CLUSTER_REGISTRY" -u "$REGISTRY_USER" --password-stdin \
    <<<"$REGISTRY_PASSWORD" >/dev/null 2>"$config/login.err" || die "docker login $CLUSTER_REGISTRY on node m1 failed: $(cat "$config/login.err")"
  ndocker m1 network inspect "$net" >/dev/null 2>&1 || ndocker m1 network create -d overlay "$net" >/dev/null
  # shellcheck disable=SC2016 # $(hostname) is expanded by the task's shell
  DOCKER_CONFIG=$config ndocker m1 service create -d --name "$svc" --mode global --with-registry-auth \
    --network "$net" --endpoint-mode dnsrr --stop-grace-period 1s \
    "$CLUSTER_REGISTRY/$IMAGE_BUSYBOX" sh -c 'while true; do echo pong-$(hostname) | nc -l -p 7000; done' >/dev/null
  deadline=$((SECONDS + 90))
  while :; do
    running=$(ndocker m1 service ps "$svc" --filter desired-state=running --format '{{.CurrentState}}' | grep -c '^Running' || true)
    ((running == nodes)) && break
    ((SECONDS < deadline)) || {
      ndocker m1 service ps --no-trunc "$svc" >&2
      die "only $running of $nodes tasks of $svc running after 90s"
    }
    sleep 1
  done
  log "check: $running/$nodes tasks of a private image from $CLUSTER_REGISTRY running, one per node ($((SECONDS - started))s)"
  ndocker m1 service ps "$svc" --format '    {{.Node}} {{.CurrentState}}'
  mgr_ip=$(ndocker m1 inspect --format "{{(index .NetworkSettings.Networks \"$net\").IPAddress}}" \
    "$(ndocker m1 ps -q --filter "label=com.docker.swarm.service.name=$svc")")
  # From every worker (whatever its engine generation) to the manager's task.
  while read -r node; do
    [[ $node == m1 ]] && continue
    worker_ctr=$(ndocker "$node" ps -q --filter "label=com.docker.swarm.service.name=$svc")
    out=$(ndocker "$node" exec "$worker_ctr" sh -c "nc -w 5 $mgr_ip 7000 </dev/null")
    [[ $out == pong-* ]] || die "overlay: worker $node's task got '$out' from the manager's task at $mgr_ip:7000"
    log "check: overlay traffic $node → m1 ($mgr_ip): $out"
  done < <(recorded_nodes)
  worker_ctr=$(ndocker w1 ps -q --filter "label=com.docker.swarm.service.name=$svc")
  # busybox nc has no -z: a connect that fails exits 1.
  ndocker w1 exec "$worker_ctr" sh -c "echo x | nc -w 5 $CLUSTER_HOST_ADDR $PG_PORT >/dev/null" ||
    die "worker w1's task cannot reach PostgreSQL at $CLUSTER_HOST_ADDR:$PG_PORT"
  # Log-in too (the password in the environment, never argv), from the worker's namespace.
  out=$(PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=5 nsenter --net="/run/netns/$(node_netns w1)" \
    psql -X -w -h "$CLUSTER_HOST_ADDR" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DATABASE" -tAc 'SELECT 1') ||
    die "psql from node w1 to $CLUSTER_HOST_ADDR:$PG_PORT failed"
  [[ $out == 1 ]] || die "unexpected psql answer from node w1: $out"
  log "check: worker w1's task reaches PostgreSQL at $CLUSTER_HOST_ADDR:$PG_PORT; psql from node w1 logs in"
  out=$(cluster_ssh docker node ls --format '{{.Hostname}}' | wc -l)
  ((out == nodes)) || die "over ssh: $out nodes listed, expected $nodes"
  log "check: ssh deploy@$(node_addr m1) sees $out nodes; ok in $((SECONDS - started))s"
  ndocker m1 service rm "$svc" >/dev/null
  deadline=$((SECONDS + 20))
  until ndocker m1 network rm "$net" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { log "WARNING: network $net not removed"; break; }
    sleep 1
  done
}

case ${1:-} in
  up) shift; cmd_up "$@" ;;
  down) cmd_down ;;
  status) cmd_status ;;
  check) cmd_check ;;
  *) usage ;;
esac
