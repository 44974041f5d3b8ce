#!/usr/bin/env python3
"""Measures native Redis Cluster facts on this machine with plain `docker run --network host`.

Forms a cluster without `redis-cli --cluster create` (CLUSTER MEET, ADDSLOTSRANGE, CLUSTER
REPLICATE: what the library will do from Java), times formation and kill -> failover, and saves
real replies as fixtures. Every container carries the label redis-cluster-testkit.scratch=1 and is
removed at the end. Usage:

  scripts/cluster-facts.py IMAGE BASE_PORT TIMEOUTS_MS ROUNDS [FIXTURE_DIR]
  e.g. scripts/cluster-facts.py redis-cluster-testkit/redis:7.0-bookworm 46300 500,1000 5 /tmp/fx
"""
import os, socket, subprocess, sys, time

LABEL = "redis-cluster-testkit.scratch=1"
MASTERS, REPLICAS = 3, 1
N = MASTERS * (1 + REPLICAS)


def resp(port, *args, timeout=1.0):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(b"".join([b"*%d\r\n" % len(args)] +
                           [b"$%d\r\n%s\r\n" % (len(a.encode()), a.encode()) for a in map(str, args)]))
        f = s.makefile("rb")
        return read(f)
    finally:
        s.close()


def read(f):
    line = f.readline()
    if not line:
        raise IOError("closed")
    t, rest = line[:1], line[1:-2]
    if t == b"+":
        return rest.decode()
    if t == b"-":
        raise RuntimeError(rest.decode())
    if t == b":":
        return int(rest)
    if t == b"$":
        n = int(rest)
        if n < 0:
            return None
        data = f.read(n + 2)[:-2]
        return data.decode()
    if t == b"*":
        n = int(rest)
        return None if n < 0 else [read(f) for _ in range(n)]
    raise IOError("bad reply " + repr(line))


def try_resp(port, *args):
    try:
        return resp(port, *args, timeout=0.5)
    except Exception as e:  # a dead or busy node: the caller keeps polling
        return e


def sh(*cmd, check=True):
    return subprocess.run(cmd, check=check, capture_output=True, text=True).stdout.strip()


def name(port):
    return "rct-scratch-%d" % port


def start(image, base, timeout_ms):
    # Odd ports only: Linux hands out even ephemeral ports to connect(), and the TIME-WAIT
    # client sockets of a busy machine make bind() on an even port fail even with SO_REUSEADDR.
    ports = [base + 1 + 2 * i for i in range(N)]
    for p in ports:
        # bus port = node port + 50 inside the same block
        sh("docker", "run", "-d", "--network", "host", "--label", LABEL, "--name", name(p), image,
           "--port", str(p), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
           "--cluster-port", str(p + 50), "--cluster-node-timeout", str(timeout_ms),
           "--cluster-config-file", "nodes-%d.conf" % p, "--save", "", "--appendonly", "no",
           "--repl-diskless-sync-delay", "0")
    return ports


def until(what, cond, limit_s, step=0.02):
    end = time.monotonic() + limit_s
    while time.monotonic() < end:
        r = cond()
        if r:
            return r
        time.sleep(step)
    raise TimeoutError("%s not reached within %.0f s" % (what, limit_s))


def info(port, section):
    r = try_resp(port, section[0], section[1]) if isinstance(section, tuple) else try_resp(port, "INFO", section)
    if isinstance(r, Exception):
        return None
    return dict(l.split(":", 1) for l in r.splitlines() if ":" in l and not l.startswith("#"))


def nodes_view(port):
    r = try_resp(port, "CLUSTER", "NODES")
    if isinstance(r, Exception):
        return None
    return r


def slot_view(nodes_text):
    """slot ranges -> master address, the comparable part of one node's view."""
    out = []
    for line in nodes_text.splitlines():
        f = line.split()
        if "master" in f[2].split(","):
            for r in f[8:]:
                if not r.startswith("["):
                    out.append((r, f[1].split("@")[0]))
    return sorted(out)


def healthy(ports):
    views = []
    for p in ports:
        ci = info(p, ("CLUSTER", "INFO"))
        if not ci or ci.get("cluster_state") != "ok" or ci.get("cluster_slots_ok") != "16384":
            return False
        if int(ci.get("cluster_known_nodes", 0)) != len(ports):
            return False
        nv = nodes_view(p)
        if nv is None or any(fl in line.split()[2] for line in nv.splitlines()
                             for fl in ("fail", "handshake", "noaddr")):
            return False
        views.append(slot_view(nv))
        rep = info(p, "replication")
        if rep is None or (rep.get("role") == "slave" and rep.get("master_link_status") != "up"):
            return False
    return all(v == views[0] for v in views)


def myid(port):
    return resp(port, "CLUSTER", "MYID")


def form(ports):
    """Returns seconds from first command to healthy (every node ok, 16384 ok, one view)."""
    t0 = time.monotonic()
    for p in ports[1:]:
        resp(ports[0], "CLUSTER", "MEET", "127.0.0.1", p, p + 50)
    per = 16384 // MASTERS
    for i, p in enumerate(ports[:MASTERS]):
        lo = i * per + min(i, 16384 % MASTERS)
        hi = lo + per + (1 if i < 16384 % MASTERS else 0) - 1
        resp(p, "CLUSTER", "ADDSLOTSRANGE", lo, hi)
    ids = [myid(p) for p in ports[:MASTERS]]
    for j, p in enumerate(ports[MASTERS:]):
        master = ids[j % MASTERS]
        # REPLICATE fails with "Unknown node" until the MEET gossip reached this replica.
        until("replica %d knows its master" % p,
              lambda: not isinstance(try_resp(p, "CLUSTER", "REPLICATE", master), Exception), 10)
    t_cmds = time.monotonic() - t0
    until("healthy", lambda: healthy(ports), 60)
    return t_cmds, time.monotonic() - t0


def save(fx, name_, text):
    if fx:
        with open(os.path.join(fx, name_), "w") as f:
            f.write(text if isinstance(text, str) else repr(text))


def failover_round(ports, fx, tag):
    # the master of slot 0 now
    nv = nodes_view(ports[0])
    owner = [l.split() for l in nv.splitlines() if "master" in l.split()[2] and any(
        r.startswith("0-") for r in l.split()[8:])][0]
    mport = int(owner[1].split(":")[1].split("@")[0])
    rest = [p for p in ports if p != mport]
    t0 = time.monotonic()
    sh("docker", "kill", name(mport))
    t_kill = time.monotonic() - t0
    seen_pfail = [None]

    def done():
        views = []
        for p in rest:
            ci = info(p, ("CLUSTER", "INFO"))
            if not ci or ci.get("cluster_state") != "ok":
                return False
            v = nodes_view(p)
            if v is None:
                return False
            if seen_pfail[0] is None and "fail?" in v:
                seen_pfail[0] = time.monotonic() - t0
                save(fx, tag + "-nodes-pfail.txt", v)
            views.append(slot_view(v))
        return all(v == views[0] for v in views) and all(
            not a.endswith(":%d" % mport) for _, a in views[0])

    until("failover", done, 60, step=0.01)
    t_ok = time.monotonic() - t0
    save(fx, tag + "-nodes-after-failover.txt", nodes_view(rest[0]))
    save(fx, tag + "-info-after-failover.txt", resp(rest[0], "CLUSTER", "INFO"))
    sh("docker", "start", name(mport))
    t1 = time.monotonic()
    until("rejoined", lambda: healthy(ports), 60)
    return t_kill, seen_pfail[0], t_ok, time.monotonic() - t1


def watch(ports, seconds, image, t):
    """No fault injected: counts suspicions (fail?) and failovers (a new slot-0 owner) seen meanwhile."""
    first = slot_view(nodes_view(ports[0]))
    end = time.monotonic() + seconds
    polls = pfail = fail = 0
    changed = False
    while time.monotonic() < end:
        for p in ports:
            v = nodes_view(p)
            if v is None:
                continue
            polls += 1
            pfail += "fail?" in v
            fail += any(" fail" in l or ",fail " in l or ",fail," in l for l in v.splitlines())
            if slot_view(v) != first and healthy(ports):
                changed = True
        time.sleep(0.05)
    print("%s timeout=%d watch=%ds polls=%d with_pfail=%d with_fail=%d failover=%s" %
          (image, t, seconds, polls, pfail, fail, changed), flush=True)


def main():
    image, base, timeouts, rounds = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    fx = sys.argv[5] if len(sys.argv) > 5 else None
    if fx:
        os.makedirs(fx, exist_ok=True)
    try:
        for t in [int(x) for x in timeouts.split(",")]:
            t0 = time.monotonic()
            ports = start(image, base, t)
            until("PING", lambda: all(try_resp(p, "PING") == "PONG" for p in ports), 60)
            t_up = time.monotonic() - t0
            if fx:
                save(fx, "fresh-cluster-info.txt", resp(ports[0], "CLUSTER", "INFO"))
                save(fx, "fresh-cluster-nodes.txt", resp(ports[0], "CLUSTER", "NODES"))
            t_cmds, t_form = form(ports)
            print("%s timeout=%d containers_up=%.2fs form_cmds=%.2fs form_ready=%.2fs" %
                  (image, t, t_up, t_cmds, t_form), flush=True)
            if fx:
                save(fx, "ready-cluster-info.txt", resp(ports[0], "CLUSTER", "INFO"))
                for p in ports:
                    save(fx, "ready-cluster-nodes-%d.txt" % ports.index(p), resp(p, "CLUSTER", "NODES"))
                save(fx, "ready-cluster-shards.txt", resp(ports[0], "CLUSTER", "SHARDS"))
                save(fx, "ready-cluster-slots.txt", resp(ports[0], "CLUSTER", "SLOTS"))
                save(fx, "ready-info-replication-replica.txt", resp(ports[MASTERS], "INFO", "replication"))
            if rounds < 0:
                watch(ports, -rounds, image, t)
            for r in range(max(rounds, 0)):
                k, pf, ok, rejoin = failover_round(ports, fx, "t%d-r%d" % (t, r))
                print("%s timeout=%d round=%d kill_cmd=%.2fs first_pfail=%s all_ok=%.2fs rejoin=%.2fs" %
                      (image, t, r, k, "%.2fs" % pf if pf else "-", ok, rejoin), flush=True)
            sh("docker", "rm", "-f", "-v", *[name(p) for p in ports])
    finally:
        ids = sh("docker", "ps", "-aq", "--filter", "label=" + LABEL).split()
        if ids:
            sh("docker", "rm", "-f", "-v", *ids, check=False)


if __name__ == "__main__":
    main()
