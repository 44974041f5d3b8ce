#!/usr/bin/env python3
"""Pod experiments of docs/redis-cluster-facts.md ("Addresses"), with the helpers of cluster-facts.py.

  scripts/cluster-facts-pod.py pod       # one network namespace for all nodes, as the library's POD mode
  scripts/cluster-facts-pod.py separate  # a container per node announcing 127.0.0.1: the bus breaks

Uses the bridge network 10.200.77.0/24 (inside 10.128.0.0/9; check that no interface uses it) and ports
46401-46461; removes its containers and network at the end.
"""
import os
import importlib.util, subprocess, sys, time
spec = importlib.util.spec_from_file_location("cf", os.path.join(os.path.dirname(os.path.abspath(__file__)), "cluster-facts.py"))
cf = importlib.util.module_from_spec(spec); spec.loader.exec_module(cf)
IMG = "redis-cluster-testkit/redis:7.0-bookworm"
NET, SUBNET, POD_IP = "rct-scratch-net", "10.200.77.0/24", "10.200.77.2"
LABEL = cf.LABEL
sh = cf.sh
ports = [46401 + 2 * i for i in range(6)]
mode = sys.argv[1]
try:
    sh("docker", "network", "create", "--label", LABEL, "--subnet", SUBNET, NET)
    if mode == "pod":
        # One network namespace for every node, as the library's POD mode: publish client ports only.
        pub = sum([["-p", "127.0.0.1:%d:%d" % (p, p)] for p in ports], [])
        sh("docker", "run", "-d", "--label", LABEL, "--name", "rct-scratch-pod", "--network", NET, "--ip", POD_IP,
           *pub, "--entrypoint", "sleep", IMG, "infinity")
        for p in ports:
            sh("docker", "run", "-d", "--label", LABEL, "--name", cf.name(p), "--network", "container:rct-scratch-pod",
               IMG, "--port", str(p), "--bind", "127.0.0.1", POD_IP, "--cluster-enabled", "yes",
               "--cluster-port", str(p + 50), "--cluster-node-timeout", "1000", "--cluster-config-file",
               "nodes-%d.conf" % p, "--save", "", "--protected-mode", "no", "--repl-diskless-sync-delay", "0")
    else:
        # A container (own namespace, own address) per node, announcing 127.0.0.1.
        for i, p in enumerate(ports):
            sh("docker", "run", "-d", "--label", LABEL, "--name", cf.name(p), "--network", NET,
               "--ip", "10.200.77.%d" % (11 + i), "-p", "127.0.0.1:%d:%d" % (p, p),
               "-p", "127.0.0.1:%d:%d" % (p + 50, p + 50), IMG, "--port", str(p),
               "--cluster-enabled", "yes", "--cluster-port", str(p + 50), "--cluster-node-timeout", "1000",
               "--cluster-announce-ip", "127.0.0.1", "--cluster-config-file", "nodes-%d.conf" % p, "--save", "", "--protected-mode", "no",
               "--repl-diskless-sync-delay", "0")
    t0 = time.monotonic()
    cf.until("PING", lambda: all(cf.try_resp(p, "PING") == "PONG" for p in ports), 60)
    print(mode, "containers up %.2fs" % (time.monotonic() - t0), flush=True)
    if mode == "pod":
        t_cmds, t_form = cf.form(ports)
        print(mode, "formed via 127.0.0.1 MEETs: cmds %.2fs ready %.2fs" % (t_cmds, t_form), flush=True)
        print(cf.resp(ports[0], "CLUSTER", "NODES"))
        # MOVED from the host's view: a key of another master's slot
        try:
            cf.resp(ports[0], "SET", "foo", "1")
            print("SET foo on", ports[0], "accepted")
        except RuntimeError as e:
            print("reply:", e)
            tgt = int(str(e).split(":")[-1])
            print("SET on MOVED target:", cf.resp(tgt, "SET", "foo", "1"))
        k, pf, ok, rejoin = cf.failover_round(ports, None, "pod")
        print(mode, "kill->all ok %.2fs (first pfail %s) rejoin %.2fs" % (ok, pf, rejoin))
    else:
        for p in ports[1:]:
            cf.resp(ports[0], "CLUSTER", "MEET", "10.200.77.%d" % (11 + ports.index(p)), p, p + 50)
        time.sleep(8)
        print(cf.resp(ports[0], "CLUSTER", "NODES"))
        print(cf.resp(ports[1], "CLUSTER", "NODES"))
        print("\n".join(l for l in cf.resp(ports[0], "CLUSTER", "INFO").splitlines()[:7]))
finally:
    ids = sh("docker", "ps", "-aq", "--filter", "label=" + LABEL).split()
    pod = [i for i in ids if sh("docker", "inspect", "-f", "{{.Name}}", i) == "/rct-scratch-pod"]
    nodes = [i for i in ids if i not in pod]
    if nodes:
        sh("docker", "rm", "-f", "-v", *nodes, check=False)
    if pod:
        sh("docker", "rm", "-f", "-v", *pod, check=False)
    sh("docker", "network", "rm", NET, check=False)
