#!/usr/bin/env python3
"""What callers of the fleet of bench/fleet/fleet.sh see when a region dies, when a region is restarted, when the
policy changes, and when the EU's providers fail. Run it as root against a running fleet:

    bench/fleet/fleet.sh start && bench/fleet/scenarios.py && bench/fleet/fleet.sh stop

Steady load, all the time: in each region's network namespace a client process sends --rate documents a second
(a small PNG, POST /v1/documents/analyze, keep-alive connections) to its region's load balancer, from --threads
threads; every answer is recorded with its status, the replica that served it (X-Fleet-Server, set by HAProxy),
and the result's `provider` and `fallbackFrom`. Then, in order:

(a) region loss: SIGKILL to both replicas of --kill-region at once. A failed request counts as "in flight" when it
    was sent before both processes were gone (the kernel closes a killed process's sockets on its way out, some
    milliseconds after the signal) and answered after the signal; every other failure is a failure of the fleet.
    Measured: the time from the kill to the first answer from the next region to a request sent after the kill,
    the time until HAProxy marked both replicas down (against its health check: interval × fall), the latency the
    detour adds. Then both replicas are started again: time until ready, until HAProxy sends them traffic again.
(b) rolling restart of --roll-region: SIGTERM to one replica, wait until it has exited, start it, wait until it is
    ready and HAProxy has it up again, then the other. Expected: no failed request.
(c) --changes policy changes, each through the admin API of a replica of another region in turn (GET, then PUT with
    If-Match): time from the PUT until each of the six replicas serves the new version (its GET /admin/routing
    ETag, polled every 10 ms). p50/p99 over the changes; goal 5 s.
(d) EU provider failure: a policy change sets test:eu-primary to mode "fail" for --fail-seconds, then a second one
    test:eu-fallback too, then both back to "ok". Every answer to an eu-west client must come from an EU provider
    (test:eu-primary, test:eu-fallback): in these windows (the fallback, then none: refused with 503, since the
    fleet runs no local engine) and over the whole run (during (a) too, when eu-west is served from the next region).

Prints a table and writes bench/out/fleet-<stamp>.json (the figures, the settings, every request).
--scenarios a,b,c,d runs a subset. Standard library only.
"""
import argparse
import collections
import concurrent.futures
import http.client
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

sys.dont_write_bytecode = True
FLEET_DIR = Path(__file__).resolve().parent
BENCH = FLEET_DIR.parent
sys.path.insert(0, str(BENCH))
from benchlib import machine, now_stamp, percentile  # noqa: E402

FLEET_SH = FLEET_DIR / 'fleet.sh'
EU_PROVIDERS = {'test:eu-primary', 'test:eu-fallback'}
EU_REGION = 'eu-west'


def log(message):
    print(f'{time.strftime("%H:%M:%S")} {message}', flush=True)


# ------------------------------------------------------------------------------------------------ the client

def page_png():
    """A 160×48 grey-scale checkerboard PNG: the test providers read nothing, the gateway still decodes it."""
    width, height = 160, 48
    rows = b''.join(b'\0' + bytes(255 if (x // 8 + y // 8) % 2 else 0 for x in range(width)) for y in range(height))

    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)

    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 0, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(rows, 9)) + chunk(b'IEND', b''))


def client_main(args):
    """Runs in a region's namespace: paced requests to its load balancer, one JSON line per answer on stdout."""
    host, port = args.url.rsplit(':', 1)
    body = page_png()
    out_lock = threading.Lock()
    stop = threading.Event()
    interval = args.threads / args.rate

    def one(conn):
        t0 = time.time()
        rec = {'region': args.region, 't0': t0}
        try:
            if conn[0] is None:
                conn[0] = http.client.HTTPConnection(host, int(port), timeout=args.timeout)
            conn[0].request('POST', '/v1/documents/analyze', body=body, headers={'Content-Type': 'image/png'})
            resp = conn[0].getresponse()
            data = resp.read()
            rec.update(status=resp.status, server=resp.getheader('X-Fleet-Server'),
                       variant=resp.getheader('X-Variant'), route=resp.getheader('X-Route'))
            try:
                doc = json.loads(data)
                if resp.status == 200:
                    rec['provider'] = doc['provider']['id']
                    rec['fallbackFrom'] = doc.get('fallbackFrom')
                else:
                    rec['error'] = doc.get('error', {}).get('code') or data[:80].decode('utf-8', 'replace')
            except (ValueError, KeyError, TypeError):
                rec['error'] = f'not JSON: {data[:80]!r}'
            if resp.getheader('Connection', '').lower() == 'close':
                conn[0].close()
                conn[0] = None
        except (OSError, http.client.HTTPException) as e:
            rec.update(status=0, error=f'{type(e).__name__}: {e}')
            if conn[0] is not None:
                conn[0].close()
            conn[0] = None
        rec['t1'] = time.time()
        line = json.dumps(rec)
        with out_lock:
            sys.stdout.write(line + '\n')
            sys.stdout.flush()

    def worker(k):
        conn = [None]
        due = time.monotonic() + interval * k / args.threads
        while not stop.is_set():
            wait = due - time.monotonic()
            if wait > 0 and stop.wait(wait):
                break
            due = max(due + interval, time.monotonic())
            one(conn)

    threads = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(args.threads)]
    for t in threads:
        t.start()
    sys.stdin.read()  # the orchestrator closes our stdin to stop us
    stop.set()
    for t in threads:
        t.join(timeout=args.timeout + 1)


def rtt_main(args):
    """Runs in a region's namespace: median TCP connect time to each address (a round trip: SYN, SYN-ACK)."""
    out = {}
    for target in args.targets:
        host, port = target.rsplit(':', 1)
        times = []
        for _ in range(7):
            t = time.perf_counter()
            socket.create_connection((host, int(port)), timeout=5).close()
            times.append((time.perf_counter() - t) * 1000)
            time.sleep(0.05)
        out[target] = round(sorted(times)[len(times) // 2], 1)
    print(json.dumps(out))


# ------------------------------------------------------------------------------------------------ the fleet

class Fleet:
    def __init__(self):
        self.env = json.loads(subprocess.run([str(FLEET_SH), 'env'], check=True, capture_output=True,
                                             text=True).stdout)
        self.regions = self.env['regions']
        self.replicas = self.env['replicas']
        self.token = Path(self.env['adminTokenFile']).read_text().strip()

    @staticmethod
    def _pid(pid_file, needle):
        try:
            pid = int(Path(pid_file).read_text().strip())
            with open(f'/proc/{pid}/cmdline', 'rb') as f:
                return pid if needle.encode() in f.read() else None
        except (OSError, ValueError):
            return None

    def replica_pid(self, name):
        return self._pid(self.replicas[name]['pidFile'], f'-Dfleet.replica={name}')

    def pids(self):
        """Every process of the fleet now: replicas, balancers, delayers, broker."""
        found = {name: self.replica_pid(name) for name in self.replicas}
        for region, r in self.regions.items():
            found[f'lb-{region}'] = self._pid(r['lbPidFile'], 'haproxy')
            found[f'delay-{region}'] = self._pid(r['delayPidFile'], 'wan_delay.py')
        found['kafka'] = self._pid(self.env['brokerPidFile'], 'kafka.Kafka')
        return {k: v for k, v in found.items() if v}

    def rss_mib(self):
        total, parts = 0, {}
        for name, pid in self.pids().items():
            try:
                with open(f'/proc/{pid}/status') as f:
                    kib = next(int(line.split()[1]) for line in f if line.startswith('VmRSS:'))
            except (OSError, StopIteration):
                continue
            parts[name] = round(kib / 1024)
            total += kib
        return round(total / 1024), parts

    def fleet(self, *args):
        done = subprocess.run([str(FLEET_SH), *args], capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f'fleet.sh {" ".join(args)} failed ({done.returncode}): {done.stdout}{done.stderr}')
        return done

    def lb_servers(self, region):
        """{server: status} as HAProxy's stats socket shows them (UP, DOWN, MAINT, 'UP 1/2', ...)."""
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(2)
        s.connect(self.regions[region]['lbSocket'])
        s.sendall(b'show stat\n')
        data = b''
        while chunk := s.recv(65536):
            data += chunk
        s.close()
        out = {}
        for line in data.decode().splitlines()[1:]:
            cols = line.split(',')
            if len(cols) > 17 and cols[1] not in ('FRONTEND', 'BACKEND', ''):
                out[cols[1]] = cols[17]
        return out

    def admin(self, name, method, body=None, headers=None):
        r = self.replicas[name]
        conn = http.client.HTTPConnection(r['address'], r['admin'], timeout=15)
        h = {'Authorization': f'Bearer {self.token}', **(headers or {})}
        if body is not None:
            h['Content-Type'] = 'application/json'
        conn.request(method, '/admin/routing', body=body, headers=h)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp.status, (resp.getheader('ETag') or '').strip('"'), data

    def ready(self, name):
        r = self.replicas[name]
        try:
            conn = http.client.HTTPConnection(r['address'], r['http'], timeout=2)
            conn.request('GET', '/health/ready')
            status = conn.getresponse().status
            conn.close()
            return status == 200
        except OSError:
            return False


class StatsWatcher:
    """Polls every balancer's server states every `interval` seconds and keeps each change with its time."""

    def __init__(self, fleet):
        self.fleet = fleet
        self.interval = 0.05
        self.changes = []
        self._last = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self):
        while not self._stop.is_set():
            now = time.time()
            for region in self.fleet.regions:
                try:
                    states = self.fleet.lb_servers(region)
                except OSError:
                    continue
                for server, state in states.items():
                    key = (region, server)
                    if self._last.get(key) != state:
                        if key in self._last:
                            self.changes.append({'t': now, 'lb': region, 'server': server,
                                                 'from': self._last[key], 'to': state})
                        self._last[key] = state
            self._stop.wait(self.interval)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=2)

    def first(self, lb, server, to_prefix, after):
        for c in self.changes:
            if c['lb'] == lb and c['server'] == server and c['to'].startswith(to_prefix) and c['t'] >= after:
                return c['t']
        return None

    def state(self, lb, server):
        return self._last.get((lb, server))


class Load:
    """One client process per region, in that region's namespace; their answers gathered here."""

    def __init__(self, fleet, rate, threads, timeout):
        self.records = []
        self._lock = threading.Lock()
        self.procs = []
        for region, r in fleet.regions.items():
            cmd = ['ip', 'netns', 'exec', r['namespace'], sys.executable, str(Path(__file__).resolve()), '_client',
                   '--region', region, '--url', r['lb'], '--rate', str(rate), '--threads', str(threads),
                   '--timeout', str(timeout)]
            proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            self.procs.append(proc)
            threading.Thread(target=self._read, args=(proc,), daemon=True).start()

    def _read(self, proc):
        for line in proc.stdout:
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            with self._lock:
                self.records.append(rec)

    def stop(self):
        for proc in self.procs:
            proc.stdin.close()
        for proc in self.procs:
            proc.wait(timeout=60)
        time.sleep(0.2)

    def window(self, start, end, region=None):
        with self._lock:
            return [r for r in self.records
                    if r['t0'] >= start and r['t0'] < end and (region is None or r['region'] == region)]


def running(pid):
    try:
        with open(f'/proc/{pid}/stat') as f:
            return f.read().rsplit(')', 1)[1].split()[0] not in ('Z', 'X')
    except OSError:
        return False


def failed(rec):
    return rec['status'] != 200


def served_region(fleet, rec):
    server = rec.get('server')
    return fleet.replicas[server]['region'] if server in fleet.replicas else None


def pct(values, q):
    v = percentile(values, q)
    return None if v is None else round(v, 1)


def latency_ms(recs):
    return [(r['t1'] - r['t0']) * 1000 for r in recs if not failed(r)]


def summary_of(recs):
    fails = [r for r in recs if failed(r)]
    return {'requests': len(recs), 'failed': len(fails), 'p50Ms': pct(latency_ms(recs), 50),
            'p99Ms': pct(latency_ms(recs), 99),
            'errors': dict(collections.Counter(r.get('error') or str(r['status']) for r in fails))}


def wait_until(predicate, timeout, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


# ------------------------------------------------------------------------------------------------ scenarios

def scenario_region_loss(fleet, load, watcher, region, hold_s, settle_s):
    nxt = fleet.regions[region]['next']
    names = fleet.regions[region]['replicas']
    pids = [fleet.replica_pid(n) for n in names]
    if None in pids:
        raise SystemExit(f'(a) needs both replicas of {region} running')
    log(f'(a) kill -9 {", ".join(names)} (pids {pids}); {region} clients should move to {nxt}')
    t_kill = time.time()
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    # A killed process still answers until the kernel has closed its sockets on the way out: the kill is over
    # when both are gone (or zombies), and a request sent before then may have reached them.
    wait_until(lambda: all(not running(pid) for pid in pids), 10, step=0.001)
    t_killed = time.time()
    time.sleep(hold_s)
    log(f'(a) starting {", ".join(names)} again')
    t_restart = time.time()
    with concurrent.futures.ThreadPoolExecutor(len(names)) as pool:
        starts = list(pool.map(lambda n: (n, time.time(), fleet.fleet('replica', 'start', n), time.time()), names))
    ready_s = {n: round(t1 - t0, 2) for n, t0, _, t1 in starts}
    wait_until(lambda: all(watcher.state(region, n) == 'UP' for n in names), 30)
    time.sleep(settle_s)
    t_end = time.time()

    mine = load.window(t_kill - 5, t_end, region)
    after = [r for r in mine if r['t0'] >= t_killed]
    in_flight = [r for r in mine if failed(r) and r['t0'] <= t_killed and r['t1'] >= t_kill]
    others = [r for r in load.window(t_kill - 5, t_end) if failed(r) and r not in in_flight]
    first_next = min((r['t1'] for r in after if not failed(r) and served_region(fleet, r) == nxt), default=None)
    down = [watcher.first(region, n, 'DOWN', t_kill) for n in names]
    up = [watcher.first(region, n, 'UP', t_restart) for n in names]
    first_home = min((r['t1'] for r in mine if r['t0'] >= max(filter(None, up), default=t_end)
                      and not failed(r) and served_region(fleet, r) == region), default=None)
    served_next = [r for r in mine if t_killed <= r['t0'] < t_restart and not failed(r)]
    before = [r for r in mine if r['t0'] < t_kill and served_region(fleet, r) == region]
    check = fleet.env['checkInterMs'] * fleet.env['checkFall']
    figures = {
        'region': region, 'next': nxt, 'killedAt': t_kill, 'goneAfterMs': round((t_killed - t_kill) * 1000, 1),
        'requestsOfRegion': len(mine),
        'failedInFlight': len(in_flight),
        'failedInFlightDetail': in_flight,
        'failedOther': len(others),
        'failedOtherDetail': others[:20],
        'firstAnswerFromNextMs': None if first_next is None else round((first_next - t_kill) * 1000),
        'markedDownMs': {n: None if d is None else round((d - t_kill) * 1000) for n, d in zip(names, down)},
        'healthCheckBoundMs': check,
        'servedDuringLossBy': dict(collections.Counter(served_region(fleet, r) for r in served_next)),
        'p50BeforeMs': pct(latency_ms(before), 50),
        'p50DuringLossMs': pct(latency_ms(served_next), 50),
        'maxLatencyFirst2sMs': round(max(latency_ms([r for r in after if r['t0'] < t_killed + 2]), default=0)),
        'restartReadyS': ready_s,
        'upAgainAfterStartMs': {n: None if u is None else round((u - t_restart) * 1000) for n, u in zip(names, up)},
        'firstAnswerHomeAfterUpMs': None if first_home is None or not any(up) else
        round((first_home - max(filter(None, up))) * 1000),
        'providersDuringLoss': dict(collections.Counter(r.get('provider') for r in served_next)),
    }
    log(f'(a) in flight failed {len(in_flight)}, other failures {len(others)}, first answer from {nxt} '
        f'{figures["firstAnswerFromNextMs"]} ms after the kill, marked down {figures["markedDownMs"]} ms')
    return figures, (t_kill - 5, t_end)


def scenario_rolling_restart(fleet, load, watcher, region, pause_s):
    names = fleet.regions[region]['replicas']
    t_start = time.time()
    steps = []
    for name in names:
        log(f'(b) SIGTERM {name}')
        t0 = time.time()
        fleet.fleet('replica', 'stop', name)
        t_exit = time.time()
        fleet.fleet('replica', 'start', name)
        t_ready = time.time()
        wait_until(lambda: watcher.state(region, name) == 'UP', 30)
        t_up = time.time()
        down = watcher.first(region, name, 'DOWN', t0)
        steps.append({'replica': name, 'exitS': round(t_exit - t0, 2), 'startToReadyS': round(t_ready - t_exit, 2),
                      'lbDownAfterTermMs': None if down is None else round((down - t0) * 1000),
                      'lbUpAfterReadyMs': round((t_up - t_ready) * 1000)})
        time.sleep(pause_s)
    t_end = time.time()
    recs = load.window(t_start, t_end)
    mine = [r for r in recs if r['region'] == region]
    fails = [r for r in recs if failed(r)]
    figures = {'region': region, 'steps': steps, 'requests': len(recs), 'requestsOfRegion': len(mine),
               'failed': len(fails), 'failedDetail': fails[:20],
               'servedBy': dict(collections.Counter(r.get('server') for r in mine if not failed(r))),
               'p50Ms': pct(latency_ms(mine), 50), 'p99Ms': pct(latency_ms(mine), 99)}
    log(f'(b) rolling restart of {region}: {len(fails)} failed of {len(recs)}')
    return figures, (t_start, t_end)


def propagate(fleet, origin, mutate, poll_s=0.01, timeout=30):
    """One change through origin's admin API; seconds from the PUT until each replica's ETag shows it."""
    status, etag, data = fleet.admin(origin, 'GET')
    if status != 200:
        raise SystemExit(f'GET /admin/routing on {origin}: {status} {data[:200]!r}')
    policy = json.loads(data)
    policy.pop('version', None)
    mutate(policy)
    body = json.dumps(policy).encode()
    old = int(etag)
    seen = {}
    done = threading.Event()
    t_put = [None]

    def poll(name):
        while not done.is_set():
            try:
                _, tag, _ = fleet.admin(name, 'GET')
                if tag.isdigit() and int(tag) > old and t_put[0] is not None:
                    seen[name] = (time.time(), int(tag))
                    return
            except OSError:
                pass
            time.sleep(poll_s)

    pollers = [threading.Thread(target=poll, args=(n,), daemon=True) for n in fleet.replicas]
    t_put[0] = time.time()
    for p in pollers:
        p.start()
    status, new_etag, data = fleet.admin(origin, 'PUT', body, {'If-Match': f'"{etag}"',
                                                               'X-Admin-Actor': 'fleet-scenarios'})
    t_answer = time.time()
    if status != 200:
        done.set()
        raise SystemExit(f'PUT /admin/routing on {origin}: {status} {data[:300]!r}')
    for p in pollers:
        p.join(timeout)
    done.set()
    wrong = {n: v for n, (_, v) in seen.items() if v != int(new_etag)}
    if wrong or len(seen) != len(fleet.replicas):
        raise SystemExit(f'version {new_etag} not served everywhere: seen {seen}, other versions {wrong}')
    return {'origin': origin, 'version': int(new_etag), 'putMs': round((t_answer - t_put[0]) * 1000, 1),
            'servedMs': {n: round((t - t_put[0]) * 1000, 1) for n, (t, _) in seen.items()},
            'allMs': round((max(t for t, _ in seen.values()) - t_put[0]) * 1000, 1)}


def scenario_policy_changes(fleet, load, count, gap_s):
    origins = []
    names = list(fleet.replicas)
    by_region = [[n for n in names if fleet.replicas[n]['region'] == r] for r in fleet.regions]
    for i in range(count):
        region_replicas = by_region[i % len(by_region)]
        origins.append(region_replicas[(i // len(by_region)) % len(region_replicas)])
    t_start = time.time()
    changes = []
    for i, origin in enumerate(origins):
        def rename(policy, i=i):
            policy['routes'][-1]['variants'][0]['name'] = f'us-{i + 1}'
        changes.append(propagate(fleet, origin, rename))
        time.sleep(gap_s)
    t_end = time.time()
    alls = [c['allMs'] for c in changes]
    per_region = {}
    for region in fleet.regions:
        vals = [v for c in changes for n, v in c['servedMs'].items() if fleet.replicas[n]['region'] == region]
        per_region[region] = {'p50Ms': pct(vals, 50), 'maxMs': round(max(vals), 1)}
    by_origin = {}
    for region in fleet.regions:
        vals = [c['allMs'] for c in changes if fleet.replicas[c['origin']]['region'] == region]
        by_origin[region] = {'changes': len(vals), 'p50AllMs': pct(vals, 50), 'maxAllMs': max(vals, default=None)}
    recs = load.window(t_start, t_end)
    figures = {'changes': len(changes), 'allSixP50Ms': pct(alls, 50), 'allSixP99Ms': pct(alls, 99),
               'allSixMaxMs': max(alls), 'putP50Ms': pct([c['putMs'] for c in changes], 50),
               'putP99Ms': pct([c['putMs'] for c in changes], 99), 'goalMs': 5000,
               'servedByRegion': per_region, 'byOriginRegion': by_origin, 'detail': changes,
               'failedRequests': len([r for r in recs if failed(r)]), 'requests': len(recs)}
    log(f'(c) {len(changes)} changes: all six replicas after p50 {figures["allSixP50Ms"]} ms, '
        f'p99 {figures["allSixP99Ms"]} ms, max {figures["allSixMaxMs"]} ms')
    return figures, (t_start, t_end)


def scenario_eu_failure(fleet, load, seconds):
    """Two steps: EU's primary provider fails (its fallback must serve), then both EU providers fail (documents must
    be refused rather than read outside the EU: the fleet runs no local engine, to spare memory and CPU)."""
    origin = fleet.regions[EU_REGION]['replicas'][0]

    def modes(primary, fallback):
        def mutate(policy):
            policy['providers']['test:eu-primary']['mode'] = primary
            policy['providers']['test:eu-fallback']['mode'] = fallback
        return mutate

    def step(primary, fallback):
        t_change = time.time()
        change = propagate(fleet, origin, modes(primary, fallback))
        t_start = time.time()
        time.sleep(seconds)
        t_end = time.time()
        eu = load.window(t_start, t_end, EU_REGION)
        outside = [r for r in eu if not failed(r) and r.get('provider') not in EU_PROVIDERS]
        return (t_change, t_start, t_end), {
            'changeAllSixMs': change['allMs'], 'requests': len(eu), 'failed': len([r for r in eu if failed(r)]),
            'errors': dict(collections.Counter(r.get('error') or str(r['status']) for r in eu if failed(r))),
            'providers': dict(collections.Counter(r.get('provider') for r in eu if not failed(r))),
            'fallbackFrom': dict(collections.Counter(str(r.get('fallbackFrom')) for r in eu if not failed(r))),
            'outsideEu': len(outside), 'outsideDetail': outside[:20],
            'otherRegionsFailed': len([r for r in load.window(t_start, t_end) if failed(r)
                                       and r['region'] != EU_REGION]),
            'otherRegionsProviders': {region: dict(collections.Counter(
                r.get('provider') for r in load.window(t_start, t_end, region) if not failed(r)))
                for region in fleet.regions if region != EU_REGION}}

    log(f'(d) test:eu-primary fails for {seconds} s (changes through {origin})')
    w1, primary = step('fail', 'ok')
    log(f'(d) eu-west documents: providers {primary["providers"]}, outside the EU {primary["outsideEu"]}')
    log(f'(d) test:eu-primary and test:eu-fallback fail for {seconds} s')
    w2, both = step('fail', 'fail')
    log(f'(d) eu-west documents: {both["failed"]} refused {both["errors"]}, providers {both["providers"]}, '
        f'outside the EU {both["outsideEu"]}')
    restore = propagate(fleet, origin, modes('ok', 'ok'))
    # Refusals are expected from the change that fails both until every replica has the restoring one.
    figures = {'region': EU_REGION, 'seconds': seconds, 'primaryFails': primary, 'bothFail': both,
               'bothFailWindow': (w2[0], time.time()), 'restoreAllSixMs': restore['allMs']}
    return figures, (w1[0], time.time())


# ------------------------------------------------------------------------------------------------ report

def measure_rtts(fleet):
    out = {}
    for region, r in fleet.regions.items():
        targets = [o['lb'] for name, o in fleet.regions.items() if name != region]
        res = subprocess.run(['ip', 'netns', 'exec', r['namespace'], sys.executable, str(Path(__file__).resolve()),
                              '_rtt', *targets], capture_output=True, text=True, check=True)
        got = json.loads(res.stdout)
        out[region] = {name: got[o['lb']] for name, o in fleet.regions.items() if name != region}
    return out


def table(rows):
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f'  {k.ljust(width)}  {v}')


def report(result):
    f = result['figures']
    print()
    print(f'fleet: 3 regions x 2 replicas, delays {result["delayMode"]}, RTT (TCP connect, ms) {result["rttMs"]}')
    print(f'load: {result["settings"]["rate"]} documents/s per region; {result["overall"]["requests"]} requests, '
          f'{result["overall"]["failed"]} failed, of which {result["failedUnexpected"]} neither in flight at the '
          f'kill nor refused while every EU provider failed; fleet RSS peak {result["rssPeakMib"]} MiB '
          f'(at start {result["rssStartMib"]} MiB); load average at the end {result["loadavgAtEnd"][0]:.1f}')
    rows = []
    if 'a' in f:
        a = f['a']
        rows += [(f'(a) kill -9 both {a["region"]} replicas: failed in flight / other',
                  f'{a["failedInFlight"]} / {a["failedOther"]} of {a["requestsOfRegion"]} {a["region"]} requests'),
                 ('(a) first answer from ' + a['next'] + ' after the kill', f'{a["firstAnswerFromNextMs"]} ms'),
                 ('(a) HAProxy marked them down after', f'{a["markedDownMs"]} ms (interval x fall '
                                                         f'{a["healthCheckBoundMs"]} ms)'),
                 ('(a) slowest answer to a request sent in the 2 s after the kill', f'{a["maxLatencyFirst2sMs"]} ms'),
                 ('(a) p50 before / during the loss', f'{a["p50BeforeMs"]} / {a["p50DuringLossMs"]} ms'),
                 ('(a) restarted: ready after / traffic home after up', f'{a["restartReadyS"]} s / '
                                                                         f'{a["firstAnswerHomeAfterUpMs"]} ms'),
                 ('(a) providers of ' + a['region'] + ' documents during the loss', a['providersDuringLoss'])]
    if 'b' in f:
        b = f['b']
        rows += [(f'(b) rolling SIGTERM restart of {b["region"]}: failed', f'{b["failed"]} of {b["requests"]}'),
                 ('(b) per replica: exit / start to ready (s)',
                  ', '.join(f'{s["replica"]} {s["exitS"]} / {s["startToReadyS"]}' for s in b['steps']))]
    if 'c' in f:
        c = f['c']
        rows += [(f'(c) {c["changes"]} policy changes: all six serve it after',
                  f'p50 {c["allSixP50Ms"]} ms, p99 {c["allSixP99Ms"]} ms, max {c["allSixMaxMs"]} ms (goal 5000)'),
                 ('(c) the PUT answered after', f'p50 {c["putP50Ms"]} ms, p99 {c["putP99Ms"]} ms')]
    if 'd' in f:
        p, b = f['d']['primaryFails'], f['d']['bothFail']
        rows += [('(d) test:eu-primary fails: eu-west documents', f'{p["requests"]}, failed {p["failed"]}, '
                                                                  f'providers {p["providers"]}'),
                 ('(d) both EU providers fail: eu-west documents', f'{b["requests"]}, refused {b["failed"]} '
                                                                   f'{b["errors"]}, providers {b["providers"]}'),
                 ('(d) answered by a provider outside the EU', p['outsideEu'] + b['outsideEu']),
                 ('(d) other regions\' failures meanwhile', p['otherRegionsFailed'] + b['otherRegionsFailed'])]
    rows.append(('eu-west documents outside the EU, whole run', result['euOutsideWholeRun']))
    table(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = sys.argv[1] if len(sys.argv) > 1 else ''
    if sub == '_client':
        cp = argparse.ArgumentParser()
        cp.add_argument('_'), cp.add_argument('--region'), cp.add_argument('--url')
        cp.add_argument('--rate', type=float), cp.add_argument('--threads', type=int)
        cp.add_argument('--timeout', type=float)
        return client_main(cp.parse_args())
    if sub == '_rtt':
        cp = argparse.ArgumentParser()
        cp.add_argument('_'), cp.add_argument('targets', nargs='+')
        return rtt_main(cp.parse_args())
    ap.add_argument('--scenarios', default='a,b,c,d')
    ap.add_argument('--rate', type=float, default=10, help='documents per second from each region (10)')
    ap.add_argument('--threads', type=int, default=6, help='client threads per region (6)')
    ap.add_argument('--timeout', type=float, default=15)
    ap.add_argument('--kill-region', default='eu-west')
    ap.add_argument('--roll-region', default='us-east')
    ap.add_argument('--hold', type=float, default=8, help='seconds the killed region stays down (8)')
    ap.add_argument('--changes', type=int, default=30, help='policy changes in (c) (30)')
    ap.add_argument('--fail-seconds', type=float, default=15)
    ap.add_argument('--warmup', type=float, default=10, help='seconds of load before the first scenario (10)')
    ap.add_argument('--out', default=str(BENCH / 'out'))
    args = ap.parse_args()
    if os.geteuid() != 0:
        raise SystemExit('needs root: the clients run in the regions\' network namespaces')

    fleet = Fleet()
    not_ready = [n for n in fleet.replicas if not fleet.ready(n)]
    if not_ready:
        raise SystemExit(f'not ready: {not_ready}; start the fleet with bench/fleet/fleet.sh start')
    wanted = [s.strip() for s in args.scenarios.split(',') if s.strip()]
    info = machine()
    rtts = measure_rtts(fleet)
    log(f'RTT between regions (TCP connect from each region to the others\' balancers, ms): {rtts}')
    rss_start, parts_start = fleet.rss_mib()
    rss_peak = [rss_start]
    sampling = threading.Event()

    def sample_rss():
        while not sampling.wait(1):
            rss_peak[0] = max(rss_peak[0], fleet.rss_mib()[0])

    threading.Thread(target=sample_rss, daemon=True).start()
    watcher = StatsWatcher(fleet).start()
    load = Load(fleet, args.rate, args.threads, args.timeout)
    t_run = time.time()
    figures, windows = {}, {}
    try:
        log(f'steady load: {args.rate}/s from each region; warm-up {args.warmup} s')
        time.sleep(args.warmup)
        windows['warmup'] = (t_run, time.time())
        for s in wanted:
            # Server states every 10 ms while replicas come and go, for the times they are marked down and up.
            watcher.interval = 0.01 if s in ('a', 'b') else 0.05
            if s == 'a':
                figures['a'], windows['a'] = scenario_region_loss(fleet, load, watcher, args.kill_region, args.hold, 3)
            elif s == 'b':
                figures['b'], windows['b'] = scenario_rolling_restart(fleet, load, watcher, args.roll_region, 2)
            elif s == 'c':
                figures['c'], windows['c'] = scenario_policy_changes(fleet, load, args.changes, 0.5)
            elif s == 'd':
                figures['d'], windows['d'] = scenario_eu_failure(fleet, load, args.fail_seconds)
            else:
                raise SystemExit(f'unknown scenario {s!r}: a, b, c or d')
            time.sleep(3)
    finally:
        load.stop()
        watcher.stop()
        sampling.set()
    t_end = time.time()
    everything = load.window(t_run, t_end + 60)
    eu_outside = [r for r in everything if r['region'] == EU_REGION and not failed(r)
                  and r.get('provider') not in EU_PROVIDERS]
    expected = [json.dumps(r, sort_keys=True) for r in figures.get('a', {}).get('failedInFlightDetail', [])]
    refused = figures.get('d', {}).get('bothFailWindow')
    unexpected = [r for r in everything if failed(r) and json.dumps(r, sort_keys=True) not in expected
                  and not (refused and r['region'] == EU_REGION and refused[0] <= r['t0'] < refused[1])]
    result = {
        'command': ' '.join(sys.argv), 'stamp': now_stamp(), 'machine': info, 'loadavgAtEnd': os.getloadavg(),
        'settings': {**{k: v for k, v in vars(args).items()}, **{k: fleet.env[k] for k in (
            'checkInterMs', 'checkFall', 'checkRise', 'drainReadyDelay', 'shutdownTimeout', 'providerLatencyMs',
            'heap', 'lbObserve')}},
        'delayMode': fleet.env['delayMode'],
        'delaysMs': {r: v['delaysMs'] for r, v in fleet.regions.items()},
        'rttMs': rtts, 'rssStartMib': rss_start, 'rssStartParts': parts_start, 'rssPeakMib': rss_peak[0],
        'overall': summary_of(everything), 'failedUnexpected': len(unexpected),
        'failedUnexpectedDetail': unexpected[:50],
        'perRegion': {r: summary_of([x for x in everything if x['region'] == r]) for r in fleet.regions},
        'euOutsideWholeRun': len(eu_outside), 'euOutsideDetail': eu_outside[:20],
        'lbChanges': watcher.changes, 'windows': windows, 'figures': figures, 'requests': everything,
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f'fleet-{result["stamp"]}.json'
    path.write_text(json.dumps(result, indent=1))
    report(result)
    print(f'\nwritten: {path}')


if __name__ == '__main__':
    main()
