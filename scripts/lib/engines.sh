# Shared by scripts/engines/*.sh: logging, waiting for the engine under test, and the results table.
# The sourcing script sets ENGINE_NAME (remote, rootless, podman) and OUT (its log directory).

log() { echo "engines/$ENGINE_NAME: $*" >&2; }
die() { echo "engines/$ENGINE_NAME: ERROR: $*" >&2; exit 1; }

# Waits, bounded, until DOCKER_HOST's engine answers `docker info`; fails early if its process exits.
await_engine() { # PID LOG-FILE WHAT SECONDS
  local pid=$1 logfile=$2 what=$3 seconds=$4 waited=0
  until timeout 10 docker info >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$logfile" >&2; die "$what exited while starting"; }
    [ "$waited" -lt $((seconds * 4)) ] || die "$what did not answer within ${seconds}s; see $logfile"
    sleep 0.25
    waited=$((waited + 1))
  done
}

RESULTS=()
record() { # STEP RESULT SECONDS DETAIL
  RESULTS+=("$(printf '%s\t%s\t%s\t%s' "$1" "$2" "$3" "$4")")
  printf '%-40s %-4s %4ss  %s\n' "$1" "$2" "$3" "$4"
}

# Writes the table to $OUT/$ENGINE_NAME.tsv; fails if a step failed.
finish_results() {
  printf '%s\n' "${RESULTS[@]}" >"$OUT/$ENGINE_NAME.tsv"
  ! printf '%s\n' "${RESULTS[@]}" | cut -f2 | grep -q FAIL
}
