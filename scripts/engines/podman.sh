#!/usr/bin/env bash
# Podman test: the library against rootful Podman through its Docker API, in host and pod mode,
# with teardown checked down to the network plumbing (a bridge, NAT/DNAT rules of the cluster's ports).
#
#   scripts/engines/podman.sh     run it (as root, with apt: installs Debian's podman when missing)
#
# Podman runs `podman system service` on a socket of its own, with its own storage and network
# configuration under a temporary directory. Where root cannot raise hard limits (no
# CAP_SYS_RESOURCE), Podman's default container ulimits make every container fail, so
# CONTAINERS_CONF sets default_ulimits to this machine's hard limits (and runc where cgroups are
# hybrid, which crun 1.8 refuses). Images are copied in with
# docker save | podman load (listed as localhost/NAME; short names still resolve).
# Then, with DOCKER_HOST=unix://SOCKET:
#   1. RedisShardedClusterContainerIT and TeardownIT in AUTO, then in POD (-Dredis-cluster-testkit.network-mode=POD);
#   2. nothing of ours may be left: containers, volumes, networks, podman bridges, and iptables
#      lines naming a cluster's pod subnet (10.128.0.0/9) or its network.
# On exit (trap): the service stopped, its storage removed. Results: stdout and
# target/engines/podman.tsv; logs in target/engines/.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

WAIT_SECONDS=60
LABEL=redis-cluster-testkit.cluster
OUT="$root/target/engines"
WORK=""
SERVICE_PID=""

ENGINE_NAME=podman
# shellcheck source=../lib/engines.sh
. "$root/scripts/lib/engines.sh"

[ "$(id -u)" = 0 ] || die "needs root (rootful Podman)"

podman_own() { podman --root "$WORK/storage" --runroot "$WORK/run" "$@"; }

cleanup() {
  local rc=$?
  set +e
  if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    # Containers first, while Podman can still clean their networks up.
    podman_own rm -af -t 0 >/dev/null 2>&1
    podman_own network prune -f >/dev/null 2>&1
    kill -TERM "$SERVICE_PID"
    for _ in $(seq 1 40); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$SERVICE_PID" 2>/dev/null
  fi
  if [ -n "$WORK" ]; then
    grep -o " $WORK/[^ ]*" /proc/mounts | sort -r | while read -r mount; do umount -l "$mount"; done
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_podman() {
  if ! command -v podman >/dev/null; then
    log "installing podman"
    apt-get update -qq >"$OUT/apt.log" 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman >>"$OUT/apt.log" 2>&1 ||
      die "apt-get install podman failed; see $OUT/apt.log"
  fi
}

start_service() {
  WORK=$(mktemp -d /var/tmp/rct-podman.XXXXXX)
  mkdir -p "$WORK/networks"
  local nofile nproc pid_max
  nofile=$(ulimit -Hn)
  pid_max=$(cat /proc/sys/kernel/pid_max)
  nproc=$(ulimit -Hu)
  { [ "$nproc" = unlimited ] || [ "$nproc" -gt "$pid_max" ]; } && nproc=$pid_max
  [ "$nofile" = unlimited ] && nofile=1048576
  # crun 1.8 refuses hybrid cgroups (v1 plus a cgroup2 mount with a controller, as on this machine:
  # "cgroups in hybrid mode not supported"); runc, which docker.io brings, runs there.
  local runtime=""
  if grep -q ' cgroup2 ' /proc/mounts && grep -q ' cgroup ' /proc/mounts && command -v runc >/dev/null; then
    runtime='runtime = "runc"'
  fi
  cat >"$WORK/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
$runtime
[network]
network_config_dir = "$WORK/networks"
EOF
  export CONTAINERS_CONF="$WORK/containers.conf"
  log "starting podman system service (socket $WORK/podman.sock)"
  setsid podman --root "$WORK/storage" --runroot "$WORK/run" system service --time=0 \
    "unix://$WORK/podman.sock" >"$OUT/podman-service.log" 2>&1 </dev/null &
  SERVICE_PID=$!
  export DOCKER_HOST="unix://$WORK/podman.sock"
  await_engine "$SERVICE_PID" "$OUT/podman-service.log" "podman system service" "$WAIT_SECONDS"
  log "engine up: $(docker version --format '{{.Server.Version}}')"
}

its_in() { # MODE-NAME MAVEN-ARGS...
  local mode=$1 began=$SECONDS rc=0 it report
  shift
  touch "$OUT/podman-$mode.began"
  ./mvnw -B -o verify -pl redis-cluster-testkit -Dit.test=RedisShardedClusterContainerIT,TeardownIT \
    -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false "$@" >"$OUT/podman-$mode.log" 2>&1 || rc=$?
  for it in RedisShardedClusterContainerIT TeardownIT; do
    report=$(find redis-cluster-testkit/target/failsafe-reports -name "*.$it.txt" -newer "$OUT/podman-$mode.began")
    if [ -n "$report" ] && grep -q 'Failures: 0, Errors: 0' "$report"; then
      record "$it ($mode)" ok "$(grep -o 'Time elapsed: [0-9]*' "$report" | head -n 1 | grep -o '[0-9]*$')" \
        "$(grep -o 'Tests run: [0-9]*' "$report" | head -n 1)"
    else
      record "$it ($mode)" FAIL 0 "see ${report:-$OUT/podman-$mode.log}"
    fi
  done
  plumbing "$mode"
}

# What a cluster's network leaves when removed out of order: a bridge, NAT and DNAT rules.
plumbing() {
  local containers volumes networks bridges rules
  containers=$(docker ps -aq --filter "label=$LABEL" | wc -l)
  volumes=$(docker volume ls -q | wc -l)
  networks=$(docker network ls -q --filter "label=$LABEL" | wc -l)
  bridges=$(ip -o link show type bridge | grep -c ' podman[1-9]' || true)
  # Pod subnets are in 10.128.0.0/9 (PodNetwork); the local engine runs without iptables.
  rules=$({ iptables-save -t nat; iptables-save -t filter; } 2>/dev/null |
    grep -c -E '10\.(1[2-9][0-9]|2[0-5][0-9])\.[0-9]+\.[0-9]+' || true)
  local detail="$containers containers, $volumes volumes, $networks networks, $bridges bridges, $rules iptables lines"
  record "leftovers after $1" "$([ "$containers$volumes$networks$bridges$rules" = 00000 ] && echo ok || echo FAIL)" 0 "$detail"
}

main() {
  mkdir -p "$OUT"
  eval "$(DOCKER_HOST="" scripts/docker-env.sh)"
  ensure_podman
  start_service
  local began=$SECONDS
  DOCKER_HOST="" docker save "$RCT_REDIS_IMAGE" "$RCT_HAPROXY_IMAGE" | podman_own load -q >&2
  log "copied the images in $((SECONDS - began)) s"
  unset RCT_NETADMIN_IMAGE RCT_MATRIX
  export RCT_REDIS_IMAGES="$RCT_REDIS_IMAGE" RCT_HAPROXY_IMAGES="$RCT_HAPROXY_IMAGE"
  # A socket on this machine, reached from inside a container: what docker-env.sh sets there.
  [ ! -f /.dockerenv ] || export TESTCONTAINERS_HOST_OVERRIDE=localhost
  its_in auto
  its_in pod -Dredis-cluster-testkit.network-mode=POD
  finish_results
}

main "$@"
