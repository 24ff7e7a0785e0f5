# shellcheck shell=bash disable=SC2034 # the globals here are read by cluster.sh and the other libs
# cluster.sh: the names, folders and addresses of one cluster instance and its
# nodes. The default instance ("cluster") keeps bridge slcl-br0,
# 198.18.0.0/24, .testenv/cluster and namespaces slcl-<node>; `--name NAME`
# gives another instance its own bridge slcl-NAME-br, subnet 198.18.X.0/24,
# folder .testenv/NAME, lock and namespaces slcl-NAME-<node>, so both run side
# by side. Sourced first by scripts/testenv/cluster.sh.

DEFAULT_CLUSTER_NAME=cluster
MAX_MANAGERS=5
MAX_WORKERS=8
# Names that would share a folder of up.sh's under .testenv/.
RESERVED_NAMES=" env ssh sshd logs pids nginx secrets registry "

# The third octet of an instance's subnet: 0 for the default, else from its
# name (16..215, so never the default's); `up` refuses it when another
# interface holds that address.
instance_octet() {
  local sum
  sum=$(printf '%s' "$1" | cksum | cut -d' ' -f1)
  echo $((sum % 200 + 16))
}

# Sets the instance's globals from its name.
set_cluster_instance() {
  local name=$1 octet
  if [[ $name != "$DEFAULT_CLUSTER_NAME" ]]; then
    [[ $name =~ ^[a-z][a-z0-9]{0,5}$ ]] || die "--name $name: 1–6 lowercase letters or digits, starting with a letter"
    [[ ! $name =~ ^[mw][0-9]+$ && $RESERVED_NAMES != *" $name "* ]] || die "--name $name: reserved, choose another"
  fi
  CLUSTER_NAME=$name
  if [[ $name == "$DEFAULT_CLUSTER_NAME" ]]; then
    CLUSTER_PREFIX=slcl
    CLUSTER_BRIDGE=slcl-br0
    CLUSTER_RULE_COMMENT=swarmlift-cluster
    CLUSTER_LOCK=$CACHE_DIR/cluster.lock
    octet=0
  else
    CLUSTER_PREFIX=slcl-$name
    CLUSTER_BRIDGE=slcl-$name-br
    CLUSTER_RULE_COMMENT=swarmlift-cluster-$name
    CLUSTER_LOCK=$CACHE_DIR/cluster-$name.lock
    octet=$(instance_octet "$name")
  fi
  CLUSTER_SUBNET_PREFIX=198.18.$octet
  CLUSTER_HOST_ADDR=$CLUSTER_SUBNET_PREFIX.1
  CLUSTER_DIR=$TESTENV_DIR/$name
  CLUSTER_KEYS_DIR=$TESTENV_DIR/cluster-keys/$name
  # Each node's /srv/swarmlift-cluster, on the host. Outside .testenv (mode
  # 700), so nginx's www-data workers can read it.
  CLUSTER_SRV_BASE=/srv/swarmlift-cluster-nodes/$name
  # Engine sockets: not under /run, which a node's mount namespace replaces.
  CLUSTER_RUN_DIR=/var/lib/swarmlift-cluster/$name
  # lib.sh's pid bookkeeping, in the instance's own folder.
  PIDS_DIR=$CLUSTER_DIR/pids
  LOGS_DIR=$CLUSTER_DIR/logs
  NODES_FILE=$CLUSTER_DIR/node-list
  ENGINES_FILE=$CLUSTER_DIR/node-engines
  TOPOLOGY_FILE=$CLUSTER_DIR/topology
  CLUSTER_FORWARD_RULE=(FORWARD -i "$CLUSTER_BRIDGE" -o "$CLUSTER_BRIDGE" -m comment --comment "$CLUSTER_RULE_COMMENT" -j ACCEPT)
  CLUSTER_REJECT_RULE=(FORWARD -i "$CLUSTER_BRIDGE" ! -o "$CLUSTER_BRIDGE" -m comment --comment "$CLUSTER_RULE_COMMENT" -j REJECT)
}

# Where a node sees its own static folder (a bind mount in its mount namespace).
NODE_SRV_PATH=/srv/swarmlift-cluster
CLUSTER_SSH_PORT=22
CLUSTER_HTTP_PORT=80
# The registry of up.sh: 127.0.0.1:5000 on the host and (a forwarder) inside every node.
CLUSTER_REGISTRY=127.0.0.1:5000

node_netns() { echo "$CLUSTER_PREFIX-$1"; }
node_cgroup() { node_netns "$1"; }
node_role() { if [[ $1 == m* ]]; then echo manager; else echo worker; fi; }

# m1 → 0 … m5 → 4, w1 → 5 … w8 → 12: decides the node's address and address pool.
node_index() {
  case $1 in
    m[1-9]) echo $((${1#m} - 1)) ;;
    w[1-9]) echo $((MAX_MANAGERS - 1 + ${1#w})) ;;
    *) die "unknown node '$1'" ;;
  esac
}

# m1 = .2 (the contract), m2 = .3 …, w1 = .7, w2 = .8 …
node_addr() { echo "$CLUSTER_SUBNET_PREFIX.$(($(node_index "$1") + 2))"; }

# Local networks of the node's engine (docker_gwbridge, bridges): its own /21
# of 198.19.0.0/16 (8 networks of /24), so no address is shared with the host
# engine (172.17/16, 172.18/16) or another node. Overlays: 198.19.192.0/18.
node_address_pool() { echo "198.19.$(($(node_index "$1") * 8)).0/21"; }
# shellcheck disable=SC2034 # used by cluster-nodes.sh
CLUSTER_OVERLAY_POOL=198.19.192.0/18

node_dir() { echo "$CLUSTER_DIR/nodes/$1"; }
# Engine sockets live outside .testenv (mode 700), so deploy (group docker)
# reaches them on the host too, as it reaches /var/run/docker.sock.
node_sock_dir() { echo "$CLUSTER_RUN_DIR/$1"; }
node_socket() { echo "$(node_sock_dir "$1")/docker.sock"; }
node_srv() { echo "$CLUSTER_SRV_BASE/$1"; }
node_host_key() { echo "$CLUSTER_KEYS_DIR/$1/ssh_host_ed25519_key"; }
node_fingerprint() { ssh-keygen -l -f "$(node_host_key "$1").pub" | awk '{ print $2 }'; }

# Pid record names. Every engine is a process named dockerd (and containerd),
# every sshd and nginx alike: ours are known by pid records only, never by name.
node_proc() { echo "dockerd-$1"; }
node_sshd_proc() { echo "sshd-$1"; }
node_nginx_proc() { echo "nginx-$1"; }
node_regfwd_proc() { echo "registry-$1"; }

# The node names of a topology: m1..mM, then w1..wW.
topology_nodes() { # MANAGERS WORKERS
  local i
  for ((i = 1; i <= $1; i++)); do echo "m$i"; done
  for ((i = 1; i <= $2; i++)); do echo "w$i"; done
}
