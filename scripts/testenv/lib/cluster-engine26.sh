# shellcheck shell=bash
# cluster.sh: a node of the current engine generation — Debian 13's docker.io
# 26.1.5 (API 1.45) — run from a debootstrap'd root file system cached in
# /var/cache/swarmlift-testenv/ (ENVIRONMENT.md, "A current Docker engine
# beside Debian 12's 20.10"): outside the work tree, so a CI machine that keeps
# its disk but clones afresh builds it once. Sourced by
# scripts/testenv/cluster.sh after cluster-nodes.sh.

ROOTFS_26="$CACHE_DIR/rootfs-trixie"
# Where earlier versions kept it (moved once, same file system).
OLD_ROOTFS_26="$TESTENV_DIR/cluster-rootfs/trixie"

debian_mirror_url() {
  local uri
  uri=$(awk '/^URIs:/ { u = $2 } /^Suites:/ { print u; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

# About 30–45 s once; kept across `down` and new clones (500 MB).
ensure_rootfs_26() {
  [[ -x $ROOTFS_26/usr/sbin/dockerd ]] && return 0
  mkdir -p "$CACHE_DIR"
  if [[ -x $OLD_ROOTFS_26/usr/sbin/dockerd ]]; then
    log "engine 26: moving the root file system cache to $ROOTFS_26"
    rm -rf --one-file-system "$ROOTFS_26"
    mv "$OLD_ROOTFS_26" "$ROOTFS_26"
    rmdir "${OLD_ROOTFS_26%/*}" 2>/dev/null || true
    return 0
  fi
  command -v debootstrap >/dev/null || die "debootstrap is missing (apt-get install debootstrap)"
  log "engine 26: debootstrap trixie into $ROOTFS_26 (about 45 s, log in $LOGS_DIR/debootstrap-trixie.log)"
  rm -rf --one-file-system "$ROOTFS_26.tmp"
  debootstrap --variant=minbase --include=docker.io,iptables,ca-certificates trixie "$ROOTFS_26.tmp" \
    "$(debian_mirror_url)" >"$LOGS_DIR/debootstrap-trixie.log" 2>&1 ||
    die "debootstrap trixie failed; see $LOGS_DIR/debootstrap-trixie.log"
  mv "$ROOTFS_26.tmp" "$ROOTFS_26"
}

# Runs in a new mount and UTS namespace (and the node's network namespace):
# ROOT bound onto itself (else `docker import` fails remounting /), a fresh
# /proc and /sys (this namespace's devices), /dev and the cgroup tree from the
# host, a tmpfs /run, the node's folder at /run/host (data, pidfile) and its
# socket folder at /run/sock,
# the host's /srv and /tmp (bind mounts of tasks see what they would see on a
# 20.10 node) with the node's own folder on /srv/swarmlift-cluster, then
# pivot_root — not chroot, with which `docker exec` lands in the host's /.
# Every step execs or runs in place, so the recorded pid ends up dockerd's.
# shellcheck disable=SC2016 # expanded by the inner sh
ENGINE26_ENTRY='set -e
root=$1 host=$2 sock=$3 name=$4 srv=$5 srv_path=$6
shift 6
echo "$name" >/proc/sys/kernel/hostname
mount --bind "$root" "$root"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --rbind /sys/fs/cgroup "$root/sys/fs/cgroup"
mount --rbind /dev "$root/dev"
mount -t tmpfs -o mode=755 tmpfs "$root/run"
mkdir -p "$root/run/host" "$root/run/sock" "$root/.oldroot" "$root/srv" "$root/tmp"
mount --bind "$host" "$root/run/host"
mount --bind "$sock" "$root/run/sock"
mount --rbind /srv "$root/srv"
mount --bind "$srv" "$root$srv_path"
mount --rbind /tmp "$root/tmp"
cd "$root"
pivot_root . .oldroot
cd /
umount -l /.oldroot
exec "$@"'

start_node_engine26() {
  local node=$1 dir ns flags
  dir=$(node_dir "$node")
  ns=$(node_netns "$node")
  prepare_node_dir "$node"
  # The node folder is /run/host inside, its socket folder /run/sock (same host paths).
  mapfile -t flags < <(node_engine_flags "$node" /run/host /run/sock/docker.sock)
  log "node $node: dockerd 26 (Debian 13) in netns $ns at $(node_addr "$node")"
  # --group by number: the root file system's group "docker" has another gid
  # than the host's, whose members (deploy) must reach the socket.
  spawn "$(node_proc "$node")" unshare -m -u --propagation private nsenter --net="/run/netns/$ns" \
    sh -c "$ENGINE26_ENTRY" sh "$ROOTFS_26" "$dir" "$(node_sock_dir "$node")" "$node" "$(node_srv "$node")" "$NODE_SRV_PATH" \
    /usr/sbin/dockerd "${flags[@]}" --group "$(getent group docker | cut -d: -f3)"
}
