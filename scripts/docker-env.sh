#!/usr/bin/env bash
# Makes this machine ready for redis-cluster-testkit's Docker tests, and says how to use it.
#
#   eval "$(scripts/docker-env.sh)"
#
# 1. If no Docker engine answers: as root with apt, installs Debian's docker.io and starts
#    dockerd in the background (no bridge, no iptables: every container uses host networking).
# 2. If the Redis/HAProxy images to use are missing and cannot be pulled, builds offline
#    equivalents once per machine from Debian bookworm packages (debootstrap + docker import),
#    keeping the official images' runtime contract (see write_redis_entrypoint below). Offline
#    images built by an older version of this script are brought up to the contract in place.
# 3. Prints `export NAME=value` lines on stdout for the caller to eval: the Testcontainers
#    settings this machine needs, the image names, and RCT_DOCKERD_PID when it started dockerd
#    (the caller stops it). Everything else goes to stderr. Safe to run again and again.
#
# 4. With a Linux engine on this machine, builds the network-fault helper image (iptables, run
#    briefly with NET_ADMIN on the host network to cut loopback traffic between one cluster's
#    nodes) and prints it as RCT_NETADMIN_IMAGE; if that build fails, it warns and prints nothing
#    for it (network-fault tests then fail saying so; everything else works).
#
# Settings (environment): RCT_REDIS_IMAGE / RCT_HAPROXY_IMAGE (images to use; default: the
# official images if they are present or can be pulled, else the offline ones),
# RCT_DEBIAN_MIRROR (default: debootstrap's own), RCT_DOCKERD_LOG.
set -euo pipefail

OFFICIAL_REDIS_IMAGE="redis:7.0.15"
OFFICIAL_HAPROXY_IMAGE="haproxy:2.6.12"
OFFLINE_REDIS_IMAGE="redis-cluster-testkit/redis:7.0-bookworm"
OFFLINE_HAPROXY_IMAGE="redis-cluster-testkit/haproxy:2.6-bookworm"
DEBIAN_MIRROR="${RCT_DEBIAN_MIRROR:-}"
DOCKERD_LOG="${RCT_DOCKERD_LOG:-/tmp/redis-cluster-testkit-dockerd.log}"
DOCKERD_WAIT_SECONDS=60

log() { echo "docker-env: $*" >&2; }
die() { echo "docker-env: ERROR: $*" >&2; exit 1; }

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

ensure_engine() {
  if command -v docker >/dev/null 2>&1 && engine_answers; then
    log "Docker engine answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
    return
  fi
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    die "no Docker engine answers. Install and start Docker (e.g. 'apt-get install docker.io' on Debian, or Docker Desktop), then run this again."
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    log "installing Debian's docker.io"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >&2
  fi
  log "starting dockerd (log: $DOCKERD_LOG)"
  # No bridge and no iptables: every container of ours uses host networking, so no container
  # ever gets a private-range address.
  setsid dockerd --bridge=none --iptables=false >"$DOCKERD_LOG" 2>&1 </dev/null &
  DOCKERD_PID=$!
  local waited=0
  until engine_answers; do
    if ! kill -0 "$DOCKERD_PID" 2>/dev/null; then
      tail -n 20 "$DOCKERD_LOG" >&2 || true
      die "dockerd exited while starting; its log is above ($DOCKERD_LOG)"
    fi
    if [ "$waited" -ge $((DOCKERD_WAIT_SECONDS * 4)) ]; then
      die "dockerd did not answer within ${DOCKERD_WAIT_SECONDS}s; see $DOCKERD_LOG"
    fi
    sleep 0.25
    waited=$((waited + 1))
  done
  log "dockerd is up (pid $DOCKERD_PID)"
}

image_present() { docker image inspect "$1" >/dev/null 2>&1; }

# Pulling fails at once where no registry is reachable; bounded all the same.
image_pullable() { timeout 60 docker pull -q "$1" >/dev/null 2>&1; }

# The official redis image's contract: started as root with redis-server (or redis-sentinel),
# the entrypoint hands the working directory (/data) to user redis and drops to it with gosu.
write_redis_entrypoint() {
  cat >"$1" <<'EOF'
#!/bin/sh
set -e
# A first argument that is an option or a .conf file means redis-server.
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi
if { [ "$1" = redis-server ] || [ "$1" = redis-sentinel ]; } && [ "$(id -u)" = 0 ]; then
  find . \! -user redis -exec chown redis '{}' +
  exec gosu redis "$0" "$@"
fi
exec "$@"
EOF
  chmod 755 "$1"
}

# The official haproxy image's contract: options alone mean haproxy; haproxy runs in the
# foreground with the master-worker flag.
write_haproxy_entrypoint() {
  cat >"$1" <<'EOF'
#!/bin/sh
set -e
if [ "${1#-}" != "$1" ]; then
  set -- haproxy "$@"
fi
if [ "$1" = haproxy ]; then
  shift
  set -- haproxy -W -db "$@"
fi
exec "$@"
EOF
  chmod 755 "$1"
}

# Installs debootstrap as root with apt; otherwise dies, saying which images to provide instead.
ensure_debootstrap() { # IMAGES
  command -v debootstrap >/dev/null 2>&1 && return
  { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; } ||
    die "debootstrap is missing and we are not root with apt: install debootstrap, or make $1 available"
  log "installing debootstrap"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2
}

build_offline_images() {
  ensure_debootstrap "$OFFLINE_REDIS_IMAGE and $OFFLINE_HAPROXY_IMAGE"
  local work rootfs
  work=$(mktemp -d /tmp/rct-rootfs.XXXXXX)
  rootfs="$work/rootfs"
  log "building offline images from Debian bookworm packages (${DEBIAN_MIRROR:-the default mirror of debootstrap}), once per machine"
  # No mirror argument unless one was asked for: debootstrap then uses its own default.
  debootstrap --variant=minbase \
    --include=redis-server,redis-sentinel,redis-tools,haproxy,gosu \
    bookworm "$rootfs" ${DEBIAN_MIRROR:+"$DEBIAN_MIRROR"} >"$work/debootstrap.log" 2>&1 || {
      tail -n 30 "$work/debootstrap.log" >&2
      die "debootstrap failed (log above)"
    }
  # Packages' own service files are not used: processes run in the foreground as containers.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  mkdir -p "$rootfs/data" "$rootfs/usr/local/etc/haproxy"
  chroot "$rootfs" chown redis:redis /data
  write_redis_entrypoint "$rootfs/usr/local/bin/docker-entrypoint.sh"
  write_haproxy_entrypoint "$rootfs/usr/local/bin/haproxy-entrypoint.sh"
  if ! image_present "$OFFLINE_REDIS_IMAGE"; then
    tar -C "$rootfs" -c . | docker import \
      --change 'WORKDIR /data' \
      --change 'VOLUME /data' \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
      --change 'CMD ["redis-server"]' \
      - "$OFFLINE_REDIS_IMAGE" >/dev/null
    log "built $OFFLINE_REDIS_IMAGE"
  fi
  if ! image_present "$OFFLINE_HAPROXY_IMAGE"; then
    tar -C "$rootfs" -c . | docker import \
      --change 'USER haproxy' \
      --change 'WORKDIR /var/lib/haproxy' \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENTRYPOINT ["haproxy-entrypoint.sh"]' \
      --change 'CMD ["haproxy", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]' \
      - "$OFFLINE_HAPROXY_IMAGE" >/dev/null
    log "built $OFFLINE_HAPROXY_IMAGE"
  fi
  rm -rf "$work"
}

# The parts of the official images' contract that `docker import --change` cannot set (STOPSIGNAL,
# on Docker 20.10), or that images built by older versions of this script lack: haproxy stops
# gracefully on SIGUSR1, and redis keeps its data in a volume at /data.
contract_of() {
  case "$1" in
    "$OFFLINE_HAPROXY_IMAGE") echo "STOPSIGNAL SIGUSR1" ;;
    "$OFFLINE_REDIS_IMAGE") echo "VOLUME /data" ;;
  esac
}

honours_contract() {
  case "$2" in
    STOPSIGNAL*) [ "$(docker image inspect --format '{{.Config.StopSignal}}' "$1" 2>/dev/null)" = SIGUSR1 ] ;;
    VOLUME*) docker image inspect --format '{{json .Config.Volumes}}' "$1" | grep -q '"/data"' ;;
  esac
}

# Rebuilds an offline image in place when it lacks its part of the contract: a one-line build on
# top of it, with the classic builder (works offline, unlike BuildKit's frontend image).
ensure_contract() {
  local image=$1 instruction
  instruction=$(contract_of "$image")
  if [ -z "$instruction" ] || honours_contract "$image" "$instruction"; then
    return
  fi
  log "$image lacks '$instruction' of the official image's contract; rebuilding it"
  printf 'FROM %s\n%s\n' "$image" "$instruction" |
    DOCKER_BUILDKIT=0 docker build -q -t "$image" - >/dev/null ||
    die "could not add '$instruction' to $image (docker build failed); remove the image and run this again"
  honours_contract "$image" "$instruction" || die "$image still lacks '$instruction' after rebuilding it"
}

# Picks the image for one role: the caller's choice, else the official image if it can be had,
# else the offline equivalent (built when missing).
choose_image() {
  local requested=$1 official=$2 offline=$3
  if [ -n "$requested" ]; then
    image_present "$requested" || image_pullable "$requested" ||
      die "image $requested is neither present nor pullable"
    echo "$requested"
  elif image_present "$official"; then
    echo "$official"
  elif image_present "$offline"; then
    echo "$offline"
  elif image_pullable "$official"; then
    echo "$official"
  else
    log "$official cannot be pulled here; using the offline equivalent $offline"
    echo "$offline"
  fi
}

# Images of other versions, for the version matrix (RCT_MATRIX): each is built once per machine
# from one Debian suite's packages, with the runtime contract of its official image, and only
# when a run asks for it. RCT_MATRIX is a space-separated list of the keys below, or "all";
# unset or empty means just the pair chosen above (RCT_REDIS_IMAGE, RCT_HAPROXY_IMAGE).
# The chosen images are printed as RCT_REDIS_IMAGES and RCT_HAPROXY_IMAGES (space-separated).
MATRIX_ALL="redis-7.0 redis-6.0 redis-8.0 valkey-8.1 haproxy-2.6 haproxy-3.0"
OFFLINE_REDIS6_IMAGE="redis-cluster-testkit/redis:6.0-bullseye"
OFFLINE_REDIS8_IMAGE="redis-cluster-testkit/redis:8.0-trixie"
OFFLINE_VALKEY_IMAGE="redis-cluster-testkit/valkey:8.1-trixie"
OFFLINE_HAPROXY3_IMAGE="redis-cluster-testkit/haproxy:3.0-trixie"
# Not a matrix axis: the helper that applies network faults, whatever the servers' versions.
NETADMIN_IMAGE="redis-cluster-testkit/netadmin:bookworm"

# The official redis 8 image's contract: options or a .conf file alone mean redis-server. Started
# as root, it fixes ownership only where the layout is the default one (a working directory of
# *.rdb files and appendonlydir; a config file alone in its directory), readable for a server and
# writable for a Sentinel (it rewrites its config file), then drops to user redis with setpriv.
# umask 0077 unless the caller set another.
write_redis8_entrypoint() {
  cat >"$1" <<'EOF'
#!/bin/sh
set -e
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi
sentinel=""
case "$1" in
  redis-sentinel) sentinel=1 ;;
  redis-server) for arg in "$@"; do [ "$arg" = --sentinel ] && sentinel=1; done ;;
  *) exec "$@" ;;
esac
# Owned by redis, with the given permission, if DIR holds nothing but the files matching PATTERN.
own_if_alone() { # DIR PATTERN PERMISSION
  if [ -z "$(find "$1" -mindepth 1 -maxdepth 1 \! -name "$2" \! -name appendonlydir -print -quit)" ]; then
    find "$1" \! -user redis -exec chown redis '{}' +
    find "$1" -mindepth 1 -type f -exec chmod "u+$3" '{}' +
  else
    echo "Notice: $1 holds other files than $2; ownership left as it is" >&2
  fi
}
if [ "$(id -u)" = 0 ]; then
  config=""
  if [ -n "${2:-}" ] && [ "${2#-}" = "$2" ] && [ -f "$2" ]; then config=$2; fi
  if [ -n "$sentinel" ]; then
    [ -z "$config" ] || own_if_alone "$(dirname "$config")" "$(basename "$config")" rw
  else
    own_if_alone . '*.rdb' rw
    [ -z "$config" ] || own_if_alone "$(dirname "$config")" "$(basename "$config")" r
  fi
  exec setpriv --reuid=redis --regid=redis --clear-groups --nnp -- "$0" "$@"
fi
[ "$(umask)" != 0022 ] || umask 0077
exec "$@"
EOF
  chmod 755 "$1"
}

# The official valkey/valkey image's contract: options or a .conf file alone mean valkey-server;
# started as root, valkey-server gets the working directory chowned to user valkey and drops to it
# with setpriv (valkey-sentinel stays as started); umask 0077 unless the caller set another.
write_valkey_entrypoint() {
  cat >"$1" <<'EOF'
#!/bin/sh
set -e
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
  set -- valkey-server "$@"
fi
if [ "$1" = valkey-server ] && [ "$(id -u)" = 0 ]; then
  find . \! -user valkey -exec chown valkey '{}' +
  exec setpriv --reuid=valkey --regid=valkey --clear-groups -- "$0" "$@"
fi
[ "$(umask)" != 0022 ] || umask 0077
exec "$@"
EOF
  chmod 755 "$1"
}

# Builds one image from one Debian suite: debootstrap with the given packages, an entrypoint
# written by the given function, then `docker import` and a one-line classic build for the image
# settings (STOPSIGNAL cannot be set by `docker import --change` on Docker 20.10; the classic
# builder works offline). Settings come one per argument, in Dockerfile syntax.
#   build_debian_image TAG SUITE PACKAGES(comma-separated) ENTRYPOINT_WRITER SETTING...
build_debian_image() {
  local tag=$1 suite=$2 packages=$3 writer=$4
  shift 4
  ensure_debootstrap "$tag"
  local work rootfs
  work=$(mktemp -d /tmp/rct-rootfs.XXXXXX)
  rootfs="$work/rootfs"
  log "building $tag from Debian $suite packages ($packages), once per machine"
  debootstrap --variant=minbase --include="$packages" \
    "$suite" "$rootfs" ${DEBIAN_MIRROR:+"$DEBIAN_MIRROR"} >"$work/debootstrap.log" 2>&1 || {
      tail -n 30 "$work/debootstrap.log" >&2
      rm -rf "$work"
      die "debootstrap of $tag failed (log above)"
    }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  mkdir -p "$rootfs/data" "$rootfs/usr/local/etc/haproxy" "$rootfs/usr/local/bin"
  "$writer" "$rootfs/usr/local/bin/docker-entrypoint.sh"
  tar -C "$rootfs" -c . | docker import - "$tag" >/dev/null
  { echo "FROM $tag"; printf '%s\n' "$@"; } |
    DOCKER_BUILDKIT=0 docker build -q -t "$tag" - >"$work/build.log" 2>&1 || {
      cat "$work/build.log" >&2
      rm -rf "$work"
      die "could not apply the image settings of $tag (docker build failed, output above)"
    }
  rm -rf "$work"
  log "built $tag"
}

# Redis 6.0 is the oldest version the library supports; its official image has the 7.0 contract.
ensure_redis6_image() {
  image_present "$OFFLINE_REDIS6_IMAGE" ||
    build_debian_image "$OFFLINE_REDIS6_IMAGE" bullseye redis-server,redis-sentinel,redis-tools,gosu \
      write_redis_entrypoint \
      'RUN chown redis:redis /data' 'VOLUME /data' 'WORKDIR /data' \
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      'ENTRYPOINT ["docker-entrypoint.sh"]' 'CMD ["redis-server"]'
  echo "$OFFLINE_REDIS6_IMAGE"
}

ensure_redis8_image() {
  image_present "$OFFLINE_REDIS8_IMAGE" ||
    build_debian_image "$OFFLINE_REDIS8_IMAGE" trixie redis-server,redis-sentinel,redis-tools \
      write_redis8_entrypoint \
      'RUN chown redis:redis /data' 'VOLUME /data' 'WORKDIR /data' \
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      'ENTRYPOINT ["docker-entrypoint.sh"]' 'CMD ["redis-server"]'
  echo "$OFFLINE_REDIS8_IMAGE"
}

ensure_valkey_image() {
  image_present "$OFFLINE_VALKEY_IMAGE" ||
    build_debian_image "$OFFLINE_VALKEY_IMAGE" trixie valkey-server,valkey-sentinel,valkey-tools \
      write_valkey_entrypoint \
      'RUN chown valkey:valkey /data' 'VOLUME /data' 'WORKDIR /data' \
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      'ENTRYPOINT ["docker-entrypoint.sh"]' 'CMD ["valkey-server"]'
  echo "$OFFLINE_VALKEY_IMAGE"
}

ensure_haproxy3_image() {
  image_present "$OFFLINE_HAPROXY3_IMAGE" ||
    build_debian_image "$OFFLINE_HAPROXY3_IMAGE" trixie haproxy write_haproxy_entrypoint \
      'USER haproxy' 'WORKDIR /var/lib/haproxy' 'STOPSIGNAL SIGUSR1' \
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      'ENTRYPOINT ["docker-entrypoint.sh"]' \
      'CMD ["haproxy", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]'
  echo "$OFFLINE_HAPROXY3_IMAGE"
}

# The helper image runs its command as given (iptables, iptables-save), as root.
write_exec_entrypoint() {
  printf '#!/bin/sh\nexec "$@"\n' >"$1"
  chmod 755 "$1"
}

ensure_netadmin_image() {
  image_present "$NETADMIN_IMAGE" ||
    build_debian_image "$NETADMIN_IMAGE" bookworm iptables write_exec_entrypoint \
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      'ENTRYPOINT ["docker-entrypoint.sh"]' 'CMD ["iptables-save"]'
  image_present "$NETADMIN_IMAGE" || die "$NETADMIN_IMAGE is still missing after its build"
  echo "$NETADMIN_IMAGE"
}

# Network faults cut this machine's loopback traffic with iptables on the engine's host network,
# so the helper image is of use only with a Linux engine on this machine (not a remote engine,
# not Docker Desktop's VM, not a rootless engine, whose host network is RootlessKit's namespace).
local_linux_engine() {
  [ "$(uname -s)" = Linux ] || return 1
  case "${DOCKER_HOST:-}" in ""|unix://*) ;; *) return 1 ;; esac
  case "$(docker info --format '{{.OperatingSystem}} {{.SecurityOptions}}' 2>/dev/null)" in
    *"Docker Desktop"*|*name=rootless*) return 1 ;;
  esac
}

# Optional: without it, network-fault tests fail with the library's own message about RCT_NETADMIN_IMAGE.
netadmin_export() {
  local image
  if ! local_linux_engine; then
    log "not a rootful Linux Docker engine on this machine: network faults cannot run here, so $NETADMIN_IMAGE is not built"
  elif image=$(ensure_netadmin_image); then
    echo "export RCT_NETADMIN_IMAGE=$image"
  else
    log "WARNING: could not build $NETADMIN_IMAGE (output above): network-fault tests will fail; everything else works"
  fi
}

# Prints the matrix's images (building what is missing): RCT_REDIS_IMAGES, RCT_HAPROXY_IMAGES.
matrix_exports() {
  local redis_image=$1 haproxy_image=$2 wanted redis_images="" haproxy_images="" key
  wanted="${RCT_MATRIX:-}"
  [ "$wanted" != all ] || wanted=$MATRIX_ALL
  [ -n "$wanted" ] || wanted="redis-7.0 haproxy-2.6"
  for key in $wanted; do
    case "$key" in
      redis-6.0) redis_images="$redis_images $(ensure_redis6_image)" ;;
      redis-7.0) redis_images="$redis_images $redis_image" ;;
      redis-8.0) redis_images="$redis_images $(ensure_redis8_image)" ;;
      valkey-8.1) redis_images="$redis_images $(ensure_valkey_image)" ;;
      haproxy-2.6) haproxy_images="$haproxy_images $haproxy_image" ;;
      haproxy-3.0) haproxy_images="$haproxy_images $(ensure_haproxy3_image)" ;;
      *) die "RCT_MATRIX: unknown image '$key'; known: $MATRIX_ALL (or all)" ;;
    esac
  done
  echo "export RCT_REDIS_IMAGES=\"${redis_images# }\""
  echo "export RCT_HAPROXY_IMAGES=\"${haproxy_images# }\""
}

# Inside a container (/.dockerenv), Testcontainers would otherwise start an alpine container (not
# pullable offline) to find the gateway address. Only an engine behind a socket on this machine
# shares its network, so "localhost" is right for that alone: never for a tcp:// engine (a CI's
# docker:dind service), whose host-networked ports are on its own address. A value the caller set
# is left as it is.
host_override_is_localhost() {
  [ -f /.dockerenv ] && [ -z "${TESTCONTAINERS_HOST_OVERRIDE:-}" ] || return 1
  case "${DOCKER_HOST:-}" in
    unix://*) return 0 ;;
    "") [ -S /var/run/docker.sock ] ;;
    *) return 1 ;;
  esac
}

main() {
  DOCKERD_PID=""
  ensure_engine
  local redis_image haproxy_image
  redis_image=$(choose_image "${RCT_REDIS_IMAGE:-}" "$OFFICIAL_REDIS_IMAGE" "$OFFLINE_REDIS_IMAGE")
  haproxy_image=$(choose_image "${RCT_HAPROXY_IMAGE:-}" "$OFFICIAL_HAPROXY_IMAGE" "$OFFLINE_HAPROXY_IMAGE")
  if { [ "$redis_image" = "$OFFLINE_REDIS_IMAGE" ] && ! image_present "$OFFLINE_REDIS_IMAGE"; } ||
     { [ "$haproxy_image" = "$OFFLINE_HAPROXY_IMAGE" ] && ! image_present "$OFFLINE_HAPROXY_IMAGE"; }; then
    build_offline_images
  fi
  ensure_contract "$redis_image"
  ensure_contract "$haproxy_image"
  # The Ryuk reaper image cannot be pulled offline; the library removes its own containers.
  echo "export TESTCONTAINERS_RYUK_DISABLED=true"
  if host_override_is_localhost; then
    echo "export TESTCONTAINERS_HOST_OVERRIDE=localhost"
  fi
  echo "export RCT_REDIS_IMAGE=$redis_image"
  echo "export RCT_HAPROXY_IMAGE=$haproxy_image"
  matrix_exports "$redis_image" "$haproxy_image"
  netadmin_export
  if [ -n "$DOCKERD_PID" ]; then
    echo "export RCT_DOCKERD_PID=$DOCKERD_PID"
  fi
}

main "$@"
