#!/usr/bin/env bash
# Rootless-engine test: the library against rootless Docker, where host networking does not reach
# this machine (a host-networked container listens inside RootlessKit's namespace), so AUTO must
# pick POD: the path Docker Desktop users take, tested for real.
#
#   scripts/engines/rootless.sh     run it (as root, with apt: installs Debian's rootlesskit,
#                                   slirp4netns and uidmap when missing)
#
# A user of its own (rct-rootless, with a subuid/subgid range) runs Debian's dockerd-rootless.sh
# with its own data root and socket; /dev/net/tun is made 0666 for slirp4netns while it runs. The
# images are copied in with docker save | docker load. Then, with DOCKER_HOST=unix://SOCKET:
#   1. RedisShardedClusterContainerIT, the CLI IT and a sample, in AUTO (so in POD);
#   2. FailoverIT, where pause() must fail at once naming the missing freezer when the engine runs
#      on cgroup v1 (no cgroup control for rootless), and every other test must pass;
#   3. nothing of ours may be left on the engine.
# RCT_ENGINE_ITS (comma-separated IT classes) runs a selection instead of the ITs above.
# On exit (trap): the engine stopped, its data removed, the user removed if this script made it,
# /dev/net/tun's mode restored. Results: stdout and target/engines/rootless.tsv; logs in target/engines/.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

USER_NAME=rct-rootless
SUBID_START=400000
SUBID_COUNT=65536
WAIT_SECONDS=90
LABEL=redis-cluster-testkit.cluster
OUT="$root/target/engines"
ROOTLESS_SH=/usr/share/docker.io/contrib/dockerd-rootless.sh
RUN_DIR=""
ENGINE_PID=""
MADE_USER=""
TUN_MODE=""

ENGINE_NAME=rootless
# shellcheck source=../lib/engines.sh
. "$root/scripts/lib/engines.sh"

[ "$(id -u)" = 0 ] || die "needs root (packages, a user, /dev/net/tun)"

cleanup() {
  local rc=$?
  set +e
  if [ -n "$ENGINE_PID" ] && kill -0 "$ENGINE_PID" 2>/dev/null; then
    # The session setsid made: su, rootlesskit, dockerd, containerd.
    kill -TERM -- "-$ENGINE_PID"
    for _ in $(seq 1 60); do kill -0 "$ENGINE_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$ENGINE_PID" 2>/dev/null
  fi
  # What the user this script made still runs (slirp4netns, shims, containers), by process id.
  if [ -n "$MADE_USER" ]; then
    for pid in $(pgrep -u "$USER_NAME"); do kill -KILL "$pid"; done
    for _ in $(seq 1 20); do pgrep -u "$USER_NAME" >/dev/null || break; sleep 0.25; done
  fi
  [ -z "$RUN_DIR" ] || rm -rf "$RUN_DIR"
  if [ -n "$MADE_USER" ]; then
    userdel -r "$USER_NAME" 2>/dev/null
    sed -i "/^$USER_NAME:/d" /etc/subuid /etc/subgid
  fi
  [ -z "$TUN_MODE" ] || chmod "$TUN_MODE" /dev/net/tun
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_packages() {
  local missing=()
  command -v rootlesskit >/dev/null || missing+=(rootlesskit)
  command -v slirp4netns >/dev/null || missing+=(slirp4netns)
  command -v newuidmap >/dev/null || missing+=(uidmap)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq >"$OUT/apt.log" 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >>"$OUT/apt.log" 2>&1 ||
      die "apt-get install ${missing[*]} failed; see $OUT/apt.log"
  fi
  [ -x "$ROOTLESS_SH" ] || die "$ROOTLESS_SH is missing (Debian's docker.io ships it)"
}

ensure_user() {
  if ! id "$USER_NAME" >/dev/null 2>&1; then
    useradd -m -s /bin/sh "$USER_NAME"
    MADE_USER=1
  fi
  grep -q "^$USER_NAME:" /etc/subuid || echo "$USER_NAME:$SUBID_START:$SUBID_COUNT" >>/etc/subuid
  grep -q "^$USER_NAME:" /etc/subgid || echo "$USER_NAME:$SUBID_START:$SUBID_COUNT" >>/etc/subgid
}

start_engine() {
  TUN_MODE=$(stat -c %a /dev/net/tun)
  chmod 0666 /dev/net/tun
  RUN_DIR=$(mktemp -d /tmp/rct-rootless.XXXXXX)
  chown "$USER_NAME" "$RUN_DIR"
  chmod 700 "$RUN_DIR"
  local home
  home=$(getent passwd "$USER_NAME" | cut -d: -f6)
  log "starting rootless dockerd as $USER_NAME (socket $RUN_DIR/docker.sock)"
  setsid su -s /bin/sh "$USER_NAME" -c "export XDG_RUNTIME_DIR=$RUN_DIR HOME=$home \
      PATH=/usr/share/docker.io/contrib:/usr/sbin:/usr/bin:/sbin:/bin; \
      exec $ROOTLESS_SH --data-root $home/docker-data --pidfile $RUN_DIR/dockerd.pid \
      --host unix://$RUN_DIR/docker.sock" >"$OUT/rootless-dockerd.log" 2>&1 </dev/null &
  ENGINE_PID=$!
  export DOCKER_HOST="unix://$RUN_DIR/docker.sock"
  await_engine "$ENGINE_PID" "$OUT/rootless-dockerd.log" "the rootless dockerd" "$WAIT_SECONDS"
  log "engine up: $(docker info --format '{{.ServerVersion}}, cgroup v{{.CgroupVersion}}, {{.SecurityOptions}}')"
}

report_of() { find . -path "*/target/failsafe-reports/*.$1.txt" -newer "$OUT/rootless-its.began" | head -n 1; }

main() {
  mkdir -p "$OUT"
  eval "$(DOCKER_HOST="" scripts/docker-env.sh)"
  ensure_packages
  ensure_user
  start_engine
  local began=$SECONDS
  DOCKER_HOST="" docker save "$RCT_REDIS_IMAGE" "$RCT_HAPROXY_IMAGE" | docker load -q >&2
  log "copied the images in $((SECONDS - began)) s"
  # What docker-env.sh prints for this engine (a socket on this machine, so the override is right
  # inside a container), without its local-engine extras.
  unset TESTCONTAINERS_HOST_OVERRIDE RCT_NETADMIN_IMAGE RCT_MATRIX
  eval "$(scripts/docker-env.sh | grep -v RCT_NETADMIN_IMAGE)"
  export RCT_REDIS_IMAGES="$RCT_REDIS_IMAGE" RCT_HAPROXY_IMAGES="$RCT_HAPROXY_IMAGE"
  local its=${RCT_ENGINE_ITS:-RedisShardedClusterContainerIT,FailoverIT,CliIT,JedisSentinelIT,JedisThroughHaproxyIT}
  touch "$OUT/rootless-its.began"
  began=$SECONDS
  local rc=0
  ./mvnw -B -o verify -pl redis-cluster-testkit,redis-cluster-testkit-cli,samples -am -Dit.test="$its" \
    -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.failIfNoSpecifiedTests=false \
    -Dfailsafe.failIfNoSpecifiedTests=false -Dmaven.test.failure.ignore=true >"$OUT/rootless-its.log" 2>&1 || rc=$?
  local it report
  for it in ${its//,/ }; do
    report=$(report_of "$it")
    if [ -z "$report" ]; then
      record "$it" FAIL 0 "no report; see $OUT/rootless-its.log"
    elif grep -q 'Failures: 0, Errors: 0' "$report"; then
      record "$it" ok "$(grep -o 'Time elapsed: [0-9]*' "$report" | head -n 1 | grep -o '[0-9]*$')" \
        "$(grep -o 'Tests run: [0-9]*' "$report" | head -n 1)"
    elif [ "$it" = FailoverIT ] && [ "$(grep -c '<<< \(FAILURE\|ERROR\)!$' "$report")" = 1 ] &&
         grep -q 'pausedMasterIsFailedOverLikeAHungServer.*<<< ERROR' "$report" &&
         grep -q 'cannot work on this Docker engine.*no freezer' "$report"; then
      record "$it" ok "$(grep -o 'Time elapsed: [0-9]*' "$report" | head -n 1 | grep -o '[0-9]*$')" \
        "all but pause(), which failed at once: no freezer (cgroup v1)"
    else
      record "$it" FAIL 0 "see $report"
    fi
  done
  record maven-build "$([ "$rc" = 0 ] && echo ok || echo FAIL)" $((SECONDS - began)) "exit $rc"
  local containers volumes networks
  containers=$(docker ps -aq --filter "label=$LABEL" | wc -l)
  volumes=$(docker volume ls -q | wc -l)
  networks=$(docker network ls -q --filter "label=$LABEL" | wc -l)
  record leftovers "$([ "$containers$volumes$networks" = 000 ] && echo ok || echo FAIL)" 0 \
    "$containers containers, $volumes volumes, $networks networks"
  finish_results
}

main "$@"
