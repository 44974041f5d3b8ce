#!/usr/bin/env bash
# Remote-engine test: the library against a Docker engine on another "machine", the situation of a
# CI job with a docker:dind service (DOCKER_HOST=tcp://docker:2375).
#
#   scripts/engines/remote.sh            run it (as root; about 5 minutes on 2 cores)
#   scripts/engines/remote.sh --keep-up  start the engine, print its DOCKER_HOST, wait for Enter
#
# The other machine is a network namespace of its own, joined to this one by a veth pair on a
# TEST-NET block that no interface here uses (198.51.100.0/24, else 203.0.113.0/24). A second
# dockerd runs in it (entered with nsenter --net: `ip netns exec` remounts /sys and hides
# /sys/fs/cgroup from dockerd), with its own data root, exec root, pid file and socket, listening
# on tcp://ADDR:2375 there. The images are copied in with docker save | docker load (no registry).
#
# Then, with DOCKER_HOST=tcp://ADDR:2375 and TESTCONTAINERS_HOST_OVERRIDE unset:
#   1. the core ITs that depend on where the engine is (RedisShardedClusterContainerIT, FailoverIT),
#      the CLI IT and a sample;
#   2. the CLI with TESTCONTAINERS_HOST_OVERRIDE=localhost (what a CI container used to get) must
#      fail within seconds naming the variable, and `up --network-mode pod` must fail with the POD
#      guard, not a readiness timeout;
#   3. nothing of ours may be left on the engine (containers, volumes, networks).
# Everything created is removed on exit (trap): the engine, its data root, the namespace, the veth.
# RCT_ENGINE_ITS (comma-separated IT classes) runs a selection instead of the ITs above.
# Results: one line per step on stdout and in target/engines/remote.tsv; logs in target/engines/.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

PORT=2375
WAIT_SECONDS=60
FAIL_FAST_SECONDS=20
LABEL=redis-cluster-testkit.cluster
OUT="$root/target/engines"
NS="rct-remote-$$"
VETH_HOST="rctrh$$"
VETH_NS="rctrn$$"
WORK=""
ENGINE_PID=""

ENGINE_NAME=remote
# shellcheck source=../lib/engines.sh
. "$root/scripts/lib/engines.sh"

[ "$(id -u)" = 0 ] || die "needs root (network namespace, veth, a second dockerd)"
for tool in ip nsenter dockerd docker flock; do
  command -v "$tool" >/dev/null || die "$tool is missing"
done

# A TEST-NET block that no interface of this machine uses, so that nothing real is ever a target.
pick_block() {
  local block
  for block in 198.51.100 203.0.113; do
    if ! ip -4 addr | grep -q "inet $block\."; then
      echo "$block"
      return
    fi
  done
  die "both 198.51.100.0/24 and 203.0.113.0/24 are in use here; no TEST-NET block is free"
}

cleanup() {
  local rc=$?
  set +e
  if [ -n "$ENGINE_PID" ] && kill -0 "$ENGINE_PID" 2>/dev/null; then
    kill -TERM "$ENGINE_PID"
    for _ in $(seq 1 60); do kill -0 "$ENGINE_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$ENGINE_PID" 2>/dev/null && kill -KILL "$ENGINE_PID"
  fi
  if [ -n "$WORK" ]; then
    # Mounts of the engine's containers and layers (overlay, shm) that outlived it.
    grep -o " $WORK/[^ ]*" /proc/mounts | sort -r | while read -r mount; do umount -l "$mount"; done
    rm -rf "$WORK"
  fi
  ip netns pids "$NS" 2>/dev/null | while read -r pid; do kill -KILL "$pid"; done
  ip netns del "$NS" 2>/dev/null
  ip link del "$VETH_HOST" 2>/dev/null
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_engine() {
  local block=$1
  ADDR="$block.2"
  ip netns add "$NS"
  ip link add "$VETH_HOST" type veth peer name "$VETH_NS"
  ip link set "$VETH_NS" netns "$NS"
  ip addr add "$block.1/24" dev "$VETH_HOST"
  ip link set "$VETH_HOST" up
  ip -n "$NS" addr add "$ADDR/24" dev "$VETH_NS"
  ip -n "$NS" link set "$VETH_NS" up
  ip -n "$NS" link set lo up
  WORK=$(mktemp -d /var/tmp/rct-remote-engine.XXXXXX)
  mkdir -p "$WORK/data" "$WORK/exec"
  log "starting dockerd in $NS at tcp://$ADDR:$PORT (data root $WORK)"
  nsenter --net="/run/netns/$NS" setsid dockerd --data-root "$WORK/data" --exec-root "$WORK/exec" \
    --pidfile "$WORK/dockerd.pid" --host "unix://$WORK/docker.sock" --host "tcp://$ADDR:$PORT" \
    --bridge=none --iptables=false >"$OUT/dockerd.log" 2>&1 </dev/null &
  ENGINE_PID=$!
  export DOCKER_HOST="tcp://$ADDR:$PORT"
  await_engine "$ENGINE_PID" "$OUT/dockerd.log" "dockerd" "$WAIT_SECONDS"
  log "engine up: $(docker version --format '{{.Server.Version}}') at $DOCKER_HOST"
}

copy_images() {
  local began=$SECONDS
  # From the machine's own engine (its socket), into the remote one.
  DOCKER_HOST="" docker save "$@" | docker load -q >&2
  log "copied $* in $((SECONDS - began)) s"
}

# The CLI must fail fast, with this text, not after the 60 s readiness timeout.
expect_fast_failure() { # NAME EXPECTED-TEXT CLI-ARGS...
  local name=$1 expected=$2 began=$SECONDS rc=0
  shift 2
  timeout 120 bin/redis-cluster-testkit "$@" >"$OUT/$name.log" 2>&1 || rc=$?
  local took=$((SECONDS - began))
  if [ "$rc" != 0 ] && grep -qF "$expected" "$OUT/$name.log" && [ "$took" -le "$FAIL_FAST_SECONDS" ]; then
    record "$name" ok "$took" "exit $rc: $expected"
  else
    record "$name" FAIL "$took" "exit $rc, wanted '$expected' within ${FAIL_FAST_SECONDS}s; see $OUT/$name.log"
  fi
}

leftovers() {
  local containers volumes networks
  containers=$(docker ps -aq --filter "label=$LABEL" | wc -l)
  volumes=$(docker volume ls -q | wc -l)
  networks=$(docker network ls -q --filter "label=$LABEL" | wc -l)
  if [ "$containers$volumes$networks" = 000 ]; then
    record leftovers ok 0 "0 containers, 0 volumes, 0 networks"
  else
    record leftovers FAIL 0 "$containers containers, $volumes volumes, $networks networks left on the engine"
  fi
}

main() {
  mkdir -p "$OUT"
  # The images to copy, and a CLI built against the local engine's settings.
  eval "$(scripts/docker-env.sh)"
  local block
  block=$(pick_block)
  start_engine "$block"
  copy_images "$RCT_REDIS_IMAGE" "$RCT_HAPROXY_IMAGE"
  unset TESTCONTAINERS_HOST_OVERRIDE RCT_NETADMIN_IMAGE RCT_MATRIX
  export RCT_REDIS_IMAGES="$RCT_REDIS_IMAGE" RCT_HAPROXY_IMAGES="$RCT_HAPROXY_IMAGE"
  if [ "${1:-}" = --keep-up ]; then
    echo "export DOCKER_HOST=$DOCKER_HOST"
    read -r -p "Enter ends the engine " _
    return
  fi
  local total=$SECONDS
  # One reactor build (nothing installed into ~/.m2): the ITs that depend on where the engine is.
  touch "$OUT/its.began"
  local began=$SECONDS its=${RCT_ENGINE_ITS:-RedisShardedClusterContainerIT,FailoverIT,CliIT,JedisSentinelIT,JedisThroughHaproxyIT}
  ./mvnw -B -o verify -pl redis-cluster-testkit,redis-cluster-testkit-cli,samples -am -Dit.test="$its" \
    -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.failIfNoSpecifiedTests=false \
    -Dfailsafe.failIfNoSpecifiedTests=false -Dmaven.test.failure.ignore=true >"$OUT/its.log" 2>&1 && local rc=0 || local rc=$?
  local it
  for it in ${its//,/ }; do
    local report
    report=$(find . -path "*/target/failsafe-reports/*.$it.txt" -newer "$OUT/its.began" | head -n 1)
    if [ -z "$report" ]; then
      record "$it" FAIL 0 "no report; see $OUT/its.log"
    elif grep -q 'Failures: 0, Errors: 0' "$report"; then
      record "$it" ok "$(grep -o 'Time elapsed: [0-9.]*' "$report" | grep -o '[0-9.]*$' | cut -d. -f1)" \
        "$(grep -o 'Tests run: [0-9]*' "$report")"
    else
      record "$it" FAIL 0 "see $report"
    fi
  done
  record maven-build "$([ "$rc" = 0 ] && echo ok || echo FAIL)" $((SECONDS - began)) "exit $rc"
  # The CLI's first use builds its class path: not part of the time to fail.
  bin/redis-cluster-testkit --help >/dev/null
  TESTCONTAINERS_HOST_OVERRIDE=localhost expect_fast_failure override-contradicted \
    "TESTCONTAINERS_HOST_OVERRIDE=localhost says" up --shards 1
  TESTCONTAINERS_HOST_OVERRIDE=localhost expect_fast_failure pod-on-remote \
    "networkMode POD needs a Docker host on this machine" up --shards 1 --network-mode pod
  leftovers
  log "total $((SECONDS - total)) s"
  finish_results
}

main "$@"
