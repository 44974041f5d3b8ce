# What a test run left behind: containers and networks labelled by the library
# (redis-cluster-testkit.cluster), and iptables rules carrying a cluster id (comments rct-<id>,
# chains RCT-<id>). Sourced by .ci/run and scripts/stress, after scripts/docker-env.sh: the rules
# are read with $RCT_NETADMIN_IMAGE, and are not checked when it is unset (no helper image here).

LEFTOVERS_LABEL=redis-cluster-testkit.cluster

# Cluster ids whose owner process (the labels of containers/Owner.java) is alive on this machine,
# one a line: a test still running, here or in another checkout, whose cluster is not left behind.
leftovers_live_clusters() {
  local boot pidns id owner_boot owner_pidns pid ticks stat fields
  boot=$(cat /proc/sys/kernel/random/boot_id)
  pidns=$(readlink /proc/self/ns/pid)
  docker ps -a --filter "label=$LEFTOVERS_LABEL" --format \
      '{{.Label "redis-cluster-testkit.cluster"}} {{.Label "redis-cluster-testkit.owner.boot-id"}} {{.Label "redis-cluster-testkit.owner.pid-namespace"}} {{.Label "redis-cluster-testkit.owner.pid"}} {{.Label "redis-cluster-testkit.owner.start-ticks"}}' \
    | while read -r id owner_boot owner_pidns pid ticks; do
        [ "$owner_boot" = "$boot" ] && [ "$owner_pidns" = "$pidns" ] && [ -n "$ticks" ] || continue
        stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
        # Field 22 is the start time; fields from 3 on follow the last ')' (the command may hold spaces).
        read -r -a fields <<<"${stat##*) }"
        if [ "${fields[19]}" = "$ticks" ]; then echo "$id"; fi
      done | sort -u
}

# What is left, one "KIND CLUSTER-ID DESCRIPTION" a line.
leftovers_list() {
  docker ps -a --filter "label=$LEFTOVERS_LABEL" \
      --format 'container {{.Label "redis-cluster-testkit.cluster"}} {{.Names}}'
  docker network ls --filter "label=$LEFTOVERS_LABEL" \
      --format 'network {{.Label "redis-cluster-testkit.cluster"}} {{.Name}}'
  if [ -n "${RCT_NETADMIN_IMAGE:-}" ]; then
    docker run --rm --network host --cap-add NET_ADMIN "$RCT_NETADMIN_IMAGE" iptables-save \
      | sed -nE 's/^(.*(rct|RCT)-([a-z0-9]{8}).*)$/iptables-line \3 \1/p'
  fi
}

# check_nothing_left WHAT [--except-live-owners]: prints one line counting what is left after WHAT,
# then one line per thing left; fails if anything is. --except-live-owners leaves out the clusters
# of processes still running (for a machine shared with other builds; CI counts everything).
check_nothing_left() {
  local what=$1 live="" left kind id rest containers=0 networks=0 rules=0 listed=""
  if [ "${2:-}" = --except-live-owners ]; then
    live=$(leftovers_live_clusters)
  fi
  left=$(leftovers_list)
  while read -r kind id rest; do
    [ -n "$kind" ] || continue
    if [ -n "$live" ] && grep -qxF "$id" <<<"$live"; then
      continue
    fi
    case "$kind" in
      container) containers=$((containers + 1)) ;;
      network) networks=$((networks + 1)) ;;
      *) rules=$((rules + 1)) ;;
    esac
    listed+="  $kind $rest (cluster $id)"$'\n'
  done <<<"$left"
  echo "left behind after $what: $containers containers, $networks networks, $rules iptables lines$(
    [ -n "${RCT_NETADMIN_IMAGE:-}" ] || echo ' (iptables not checked: no RCT_NETADMIN_IMAGE)')"
  printf '%s' "$listed"
  [ -z "$listed" ]
}
