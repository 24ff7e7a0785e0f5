# shellcheck shell=bash
# cluster.sh: a node of the current engine generation — Debian 13's docker.io
# 26.1.5 (API 1.45) — run from a debootstrap'd root file system cached under
# .testenv/cluster-rootfs/ (ENVIRONMENT.md, "A current Docker engine beside
# Debian 12's 20.10"). Sourced by scripts/testenv/cluster.sh after cluster-nodes.sh.

ROOTFS_26="$TESTENV_DIR/cluster-rootfs/trixie"

debian_mirror_url() {
  local uri
  uri=$(awk '/^URIs:/ { u = $2 } /^Suites:/ { print u; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

# About 30 s once; kept across `down` (566 MB).
ensure_rootfs_26() {
  [[ -x $ROOTFS_26/usr/sbin/dockerd ]] && return 0
  command -v debootstrap >/dev/null || die "debootstrap is missing (apt-get install debootstrap)"
  log "engine 26: debootstrap trixie into $ROOTFS_26 (about 30 s, log in $LOGS_DIR/debootstrap-trixie.log)"
  rm -rf --one-file-system "$ROOTFS_26.tmp"
  mkdir -p "${ROOTFS_26%/*}"
  debootstrap --variant=minbase --include=docker.io,iptables,ca-certificates trixie "$ROOTFS_26.tmp" \
    "$(debian_mirror_url)" >"$LOGS_DIR/debootstrap-trixie.log" 2>&1 ||
    die "debootstrap trixie failed; see $LOGS_DIR/debootstrap-trixie.log"
  mv "$ROOTFS_26.tmp" "$ROOTFS_26"
}

# Runs in a new mount and UTS namespace (and the node's network namespace):
# ROOT bound onto itself (else `docker import` fails remounting /), a fresh
# /proc and /sys (this namespace's devices), /dev and the cgroup tree from the
# host, a tmpfs /run, the node's folder at /run/host (data, socket, pidfile),
# then pivot_root — not chroot, with which `docker exec` lands in the host's /.
# Every step execs or runs in place, so the recorded pid ends up dockerd's.
# shellcheck disable=SC2016 # expanded by the inner sh
ENGINE26_ENTRY='set -e
root=$1 host=$2 name=$3
shift 3
echo "$name" >/proc/sys/kernel/hostname
mount --bind "$root" "$root"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --rbind /sys/fs/cgroup "$root/sys/fs/cgroup"
mount --rbind /dev "$root/dev"
mount -t tmpfs -o mode=755 tmpfs "$root/run"
mkdir -p "$root/run/host" "$root/.oldroot"
mount --bind "$host" "$root/run/host"
cd "$root"
pivot_root . .oldroot
cd /
umount -l /.oldroot
exec "$@"'

start_node_engine26() {
  local node=$1 dir ns
  dir=$(node_dir "$node")
  ns=$(node_netns "$node")
  mkdir -p "$dir/data" "$dir/exec"
  echo '{}' >"$dir/daemon.json"
  rm -f "$dir/dockerd.pid"
  # --group by number: the root file system's group "docker" has another gid
  # than the host's, whose members (deploy) must reach the socket.
  log "node $node: dockerd 26 (Debian 13) in netns $ns at $(node_addr "$node")"
  spawn "$(node_proc "$node")" unshare -m -u --propagation private nsenter --net="/run/netns/$ns" \
    sh -c "$ENGINE26_ENTRY" sh "$ROOTFS_26" "$dir" "slcl-$node" \
    /usr/sbin/dockerd --config-file /run/host/daemon.json \
    --data-root /run/host/data --exec-root /run/host/exec --pidfile /run/host/dockerd.pid \
    -H unix:///run/host/docker.sock --group "$(getent group docker | cut -d: -f3)" --bridge none \
    --containerd-namespace "slcl-$node" --containerd-plugins-namespace "slcl-$node-plugins" \
    --cgroup-parent "/$(node_cgroup "$node")" \
    --default-address-pool "base=$(node_address_pool "$node"),size=24" \
    --insecure-registry "$CLUSTER_REGISTRY"
}
