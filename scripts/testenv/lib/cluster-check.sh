# shellcheck shell=bash
# cluster.sh check: proves each part of the cluster contract end to end, and
# removes what it made (service sltest-cluster-check-echo, its overlay
# network, the files it wrote into the nodes' static folders).
# Sourced by scripts/testenv/cluster.sh.

CHECK_NAME=sltest-cluster-check

# Every engine answers with its generation; the swarm knows every node by its
# name as hostname, with label slcl.node=<node>.
check_engines_and_labels() {
  local node version want label host
  while read -r node; do
    version=$(ndocker "$node" version --format '{{.Server.Version}}')
    want="$(node_engine "$node")."
    [[ $version == "$want"* ]] || die "node $node: engine $version, expected $want*"
    read -r host label < <(ndocker m1 node inspect "$node" --format '{{.Description.Hostname}} {{index .Spec.Labels "slcl.node"}}')
    [[ $host == "$node" && $label == "$node" ]] || die "node $node: swarm hostname '$host', label slcl.node='$label'"
  done < <(recorded_nodes)
  log "check: every engine answers with its generation; swarm hostnames and slcl.node labels are the node names"
}

# ssh deploy@<addr> with the pinned key reaches every node, and `docker` there
# is that node's engine; a file written over ssh into /srv/swarmlift-cluster
# lands in that node's own folder and is served by that node's nginx only.
check_ssh_and_nginx() {
  local node out static="$NODE_SRV_PATH/t/$CHECK_NAME/static"
  while read -r node; do
    out=$(node_ssh "$node" "docker info --format '{{.Swarm.NodeAddr}}' && mkdir -p $static && echo $node-\$(hostname) >$static/who.txt" </dev/null) ||
      die "ssh deploy@$(node_addr "$node") with the pinned host key failed"
    [[ $out == "$(node_addr "$node")" ]] || die "over ssh to node $node, docker reaches the engine at '$out'"
  done < <(recorded_nodes)
  while read -r node; do
    [[ -f "$(node_srv "$node")/t/$CHECK_NAME/static/who.txt" ]] || die "node $node: the file written over ssh is not in $(node_srv "$node")"
    out=$(curl -s --max-time 5 "http://$(node_addr "$node")/t/$CHECK_NAME/static/who.txt")
    [[ $out == "$node-"* ]] || die "nginx of node $node serves '$out' for /t/$CHECK_NAME/static/who.txt"
  done < <(recorded_nodes)
  log "check: ssh (pinned keys) reaches every node's own engine; every node's nginx serves its own $NODE_SRV_PATH"
}

remove_check_files() {
  local node
  while read -r node; do rm -rf --one-file-system "$(node_srv "$node")/t/$CHECK_NAME"; done < <(recorded_nodes)
}

# A global service of the private busybox image from 127.0.0.1:5000 with
# --with-registry-auth, removed from every node first: each node pulls it
# with credentials through its own forwarder. Then overlay traffic from every
# node to m1's task, and PostgreSQL from a task and from a node.
check_registry_overlay_postgres() {
  local config=$1 net svc image node nodes deadline running mgr_ip out ctr pg_node refs
  # Fresh names each run: a network just removed may still resolve by name for a moment.
  net=$CHECK_NAME-net-$RANDOM
  svc=$CHECK_NAME-echo-$RANDOM
  image="$CLUSTER_REGISTRY/$IMAGE_BUSYBOX"
  nodes=$(recorded_nodes | wc -l)
  # By reference, not id: a --solo node's local swarmlift-test/busybox is the same image.
  while read -r node; do
    mapfile -t refs < <(ndocker "$node" image ls --digests --filter "reference=${image%:*}" \
      --format '{{.Repository}}:{{.Tag}} {{.Repository}}@{{.Digest}}' | tr ' ' '\n' | grep -v -e ':<none>$' -e '@<none>$' || true)
    ((${#refs[@]} == 0)) || ndocker "$node" image rm "${refs[@]}" >/dev/null 2>&1 || true
  done < <(recorded_nodes)
  DOCKER_CONFIG=$config ndocker m1 login "$CLUSTER_REGISTRY" -u "$REGISTRY_USER" --password-stdin \
    <<<"$REGISTRY_PASSWORD" >/dev/null 2>"$config/login.err" || die "docker login $CLUSTER_REGISTRY on node m1 failed: $(cat "$config/login.err")"
  ndocker m1 network create -d overlay "$net" >/dev/null
  # shellcheck disable=SC2016 # $(hostname) is expanded by the task's shell
  DOCKER_CONFIG=$config ndocker m1 service create -d --name "$svc" --mode global --with-registry-auth \
    --network "$net" --endpoint-mode dnsrr --stop-grace-period 1s \
    "$image" sh -c 'while true; do echo pong-$(hostname) | nc -l -p 7000; done' >/dev/null
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
  # Engine 26 keeps an image pulled by digest untagged: look for the repository.
  while read -r node; do
    ndocker "$node" image ls --format '{{.Repository}}' | grep -qxF -- "${image%:*}" ||
      die "node $node runs a task but has no image of ${image%:*}"
  done < <(recorded_nodes)
  log "check: every node pulled $image with credentials; $running/$nodes tasks running, one per node"
  ctr=$(ndocker m1 ps -q --filter "label=com.docker.swarm.service.name=$svc")
  mgr_ip=$(ndocker m1 inspect --format "{{(index .NetworkSettings.Networks \"$net\").IPAddress}}" "$ctr")
  while read -r node; do
    [[ $node == m1 ]] && continue
    ctr=$(ndocker "$node" ps -q --filter "label=com.docker.swarm.service.name=$svc")
    out=$(ndocker "$node" exec "$ctr" sh -c "nc -w 5 $mgr_ip 7000 </dev/null")
    [[ $out == pong-* ]] || die "overlay: node $node's task got '$out' from m1's task at $mgr_ip:7000"
  done < <(recorded_nodes)
  ((nodes == 1)) || log "check: overlay traffic from every node's task to m1's"
  pg_node=$(recorded_nodes | grep -m1 '^w' || echo m1)
  ctr=$(ndocker "$pg_node" ps -q --filter "label=com.docker.swarm.service.name=$svc")
  # busybox nc has no -z: a connect that fails exits 1.
  ndocker "$pg_node" exec "$ctr" sh -c "echo x | nc -w 5 $CLUSTER_HOST_ADDR $PG_PORT >/dev/null" ||
    die "node $pg_node's task cannot reach PostgreSQL at $CLUSTER_HOST_ADDR:$PG_PORT"
  # Log-in too (the password in the environment, never argv), from the node's namespace.
  out=$(PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=5 nsenter --net="/run/netns/$(node_netns "$pg_node")" \
    psql -X -w -h "$CLUSTER_HOST_ADDR" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DATABASE" -tAc 'SELECT 1') ||
    die "psql from node $pg_node to $CLUSTER_HOST_ADDR:$PG_PORT failed"
  [[ $out == 1 ]] || die "unexpected psql answer from node $pg_node: $out"
  log "check: node $pg_node's task reaches PostgreSQL at $CLUSTER_HOST_ADDR:$PG_PORT; psql from node $pg_node logs in"
}

# Every service and network of a check, this run's or an interrupted one's.
remove_check_service() {
  local deadline ids
  mapfile -t ids < <(ndocker m1 service ls -q --filter "name=$CHECK_NAME-" 2>/dev/null)
  ((${#ids[@]} == 0)) || ndocker m1 service rm "${ids[@]}" >/dev/null 2>&1 || true
  deadline=$((SECONDS + 20))
  while mapfile -t ids < <(ndocker m1 network ls -q --filter "name=$CHECK_NAME-" 2>/dev/null) && ((${#ids[@]})); do
    ndocker m1 network rm "${ids[@]}" >/dev/null 2>&1 && break
    ((SECONDS < deadline)) || { log "WARNING: network(s) $CHECK_NAME-* not removed"; break; }
    sleep 1
  done
}

# The --solo target: the test images under their local names in node m1.
check_solo_images() {
  local image
  [[ -f $CLUSTER_DIR/testenv ]] || return 0
  for image in "$IMAGE_BUSYBOX" "$IMAGE_DJANGO"; do
    ndocker m1 image inspect "$image" >/dev/null 2>&1 || die "node m1 lacks $image (the testenv target needs it)"
  done
  log "check: node m1 has $IMAGE_BUSYBOX and $IMAGE_DJANGO ($CLUSTER_DIR/testenv)"
}

cmd_check() {
  local problems config started=$SECONDS
  [[ -f $NODES_FILE ]] || die "the cluster ($CLUSTER_NAME) is not up: run scripts/testenv/cluster.sh --name $CLUSTER_NAME up"
  # After a leader change nodes show Unknown until they re-register: give them a moment.
  wait_swarm_ready 60 || true
  problems=$(cluster_problems)
  [[ -z $problems ]] || die "the cluster ($CLUSTER_NAME) is not healthy: ${problems//$'\n'/; }"
  load_testenv
  config=$(mktemp -d)
  # EXIT, not RETURN: die exits. Leftovers of an interrupted check go first.
  # shellcheck disable=SC2064 # expand now: the folder name is fixed
  trap "remove_check_service; remove_check_files; rm -rf '$config'" EXIT
  remove_check_service
  remove_check_files
  check_engines_and_labels
  check_ssh_and_nginx
  check_registry_overlay_postgres "$config"
  check_solo_images
  log "check ($CLUSTER_NAME): ok in $((SECONDS - started))s"
}
