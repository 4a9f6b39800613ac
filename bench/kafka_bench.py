#!/usr/bin/env python3
"""Kafka against HTTP: the same receipts read by one gateway through its request topic and through
POST /v1/documents/analyze in one run, and the latency the topics add to one request.

Set-up: the broker of bench/kafka-broker.sh at --bootstrap (started if nothing answers there, and then stopped at
the end), and one gateway (--gateway-jar) started with GATEWAY_KAFKA_BOOTSTRAP, GATEWAY_KAFKA_INFERENCE_SHARE=1
(Kafka work may take every inference thread, as HTTP work may), and topics and a consumer group of the run's own
(bench-<stamp>.rpa.ocr.requests, ...), so that no record of an earlier run is read. Or --gateway-url: a gateway
already running with those settings, on the default topics (or --topic-prefix), with no backlog. A request record
is what a bot sends: key = request id, value = {"requestId", "task": "document", "contentType": "image/jpeg",
"data": base64}. Results are read read_committed, as a downstream service would; a dead letter for one of the
run's keys ends that request as a failure.

Phases, after --warmup receipts through each way (which also waits for the gateway's consumer to join its group):
(a) HTTP: --receipts N (the sroie-dev receipts in order, repeated as needed) posted by --concurrency clients with a
    keep-alive connection each (default: the inference threads, the most that run at once); pages/s = pages read
    over the time from the first request to the last answer.
(b) Kafka: the same N receipts produced as N request records at once (the backlog a bot leaves); pages/s = pages
    read over the time from the first produce to the last result read. Ratio (b)/(a): goal >= 0.95.
    With --rounds R, (a) and (b) alternate R times and the ratio is the median of the rounds'.
(c) Latency: --latency-samples receipts one at a time, each through HTTP and through Kafka in turn (alternating, so
    the machine's drift falls on both alike): HTTP = request sent to answer read; Kafka = the request record's
    CreateTime (set when the producer takes it; linger.ms=0) to its result read by a consumer already waiting.
    p50 and p95 of each; the difference is what the topics add.

Writes bench/out/kafka-<stamp>.json (every request, the machine, the load averages) and prints the table. Needs kcat
(Debian: apt-get install kcat) and, to start the broker, Maven. Standard library only.
"""
import argparse
import base64
import http.client
import json
import os
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import SMALL_HEAP_JVM_FLAGS, machine, now_stamp, percentile, stop_process  # noqa: E402
from ocr_bench import EngineUnavailable, GatewayHttp  # noqa: E402

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
# Inline receipts are base64 in the record; the broker script allows records this large.
MAX_RECORD = 10485760
WARMUP_TIMEOUT = 120


def port_open(host, port):
    try:
        socket.create_connection((host, port), timeout=2).close()
        return True
    except OSError:
        return False


def pages_of(doc):
    """Pages read, or None for an error result."""
    if not isinstance(doc, dict) or 'error' in doc:
        return None
    return len(doc.get('pages') or [])


class Broker:
    """The broker at the bootstrap address; started with bench/kafka-broker.sh if nothing answers there."""

    def __init__(self, bootstrap, partitions):
        self.bootstrap = bootstrap
        host, port = bootstrap.rsplit(':', 1)
        self.host, self.port = host, int(port)
        self.env = dict(os.environ, KAFKA_PORT=str(self.port), KAFKA_REQUEST_PARTITIONS=str(partitions))
        self.started = False

    def script(self, command, env=None):
        subprocess.run([str(BENCH / 'kafka-broker.sh'), command], env=env or self.env, check=True)

    def start(self):
        if port_open(self.host, self.port):
            return
        if self.host not in ('localhost', '127.0.0.1'):
            raise SystemExit(f'nothing answers at {self.bootstrap}')
        self.script('start')
        self.started = True

    def create_topics(self, topics):
        self.script('topics', dict(self.env, **topics))

    def stop(self):
        if self.started:
            self.script('stop')


class Records:
    """Every record of a topic from a time on, read by one kcat consumer as they come, by key: (the wall-clock time
    it was read, the record with its CreateTime `ts`)."""

    def __init__(self, bootstrap, topic, since_ms, log):
        self.arrived = {}
        self.cond = threading.Condition()
        self.proc = subprocess.Popen(
            ['kcat', '-b', bootstrap, '-C', '-t', topic, '-o', f's@{since_ms}', '-J', '-u', '-q',
             '-X', 'isolation.level=read_committed', '-X', f'fetch.message.max.bytes={MAX_RECORD}'],
            stdout=subprocess.PIPE, stderr=log)
        threading.Thread(target=self._read, name=f'read-{topic}', daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            t = time.time()
            record = json.loads(line)
            with self.cond:
                self.arrived[record.get('key')] = (t, record)
                self.cond.notify_all()

    def wait(self, keys, deadline, other=None):
        """Waits until every key has a record here or in `other` (the dead letters), or the deadline passes."""
        with self.cond:
            while True:
                missing = [k for k in keys if k not in self.arrived and not (other and k in other.arrived)]
                left = deadline - time.monotonic()
                if not missing or left <= 0:
                    return missing
                self.cond.wait(min(left, 0.5))

    def stop(self):
        stop_process(self.proc, timeout=5)


class KafkaWay:
    """Request records in (a kcat producer per batch), results and dead letters out (a kcat consumer each).

    Times are wall-clock milliseconds on this machine: from a request record's CreateTime, which the producer sets
    when the record is handed to it (so the producer process's start is not counted), to its result being read.
    """

    def __init__(self, bootstrap, topics, workdir):
        self.bootstrap, self.topic = bootstrap, topics['GATEWAY_KAFKA_REQUESTS_TOPIC']
        self.log = open(workdir / 'kcat.log', 'a')
        since = int(time.time() * 1000) - 1000  # nothing produced before this run
        self.sent = Records(bootstrap, self.topic, since, self.log)
        self.results = Records(bootstrap, topics['GATEWAY_KAFKA_RESULTS_TOPIC'], since, self.log)
        self.dead = Records(bootstrap, topics['GATEWAY_KAFKA_DLQ_TOPIC'], since, self.log)
        self.envelopes = {}

    def envelope(self, request_id, image):
        data = self.envelopes.get(image)
        if data is None:
            data = self.envelopes[image] = base64.b64encode(Path(image).read_bytes()).decode('ascii')
        value = json.dumps({'requestId': request_id, 'task': 'document', 'contentType': 'image/jpeg', 'data': data},
                           separators=(',', ':'))
        return f'{request_id}\t{value}\n'.encode()

    def send(self, requests):
        """Produces [(request id, image)], all at once; returns when the broker has them all."""
        lines = b''.join(self.envelope(rid, image) for rid, image in requests)
        # One producer per batch: kcat reads standard input in blocks, so a long-lived one would hold the last
        # record back until more input came.
        subprocess.run(['kcat', '-b', self.bootstrap, '-P', '-t', self.topic, '-K', '\t', '-X', 'linger.ms=0',
                        '-X', f'message.max.bytes={MAX_RECORD}'], input=lines, stderr=self.log, check=True)

    def collect(self, requests, timeout):
        """Waits for the results of requests just sent: one row per request, with ms from its produce."""
        keys = [rid for rid, _ in requests]
        deadline = time.monotonic() + timeout
        self.sent.wait(keys, deadline)
        missing = self.results.wait(keys, deadline, self.dead)
        rows = []
        for rid, image in requests:
            row = {'id': rid, 'image': Path(image).name, 'ms': None, 'pages': None,
                   'produced': self.sent.arrived[rid][1]['ts'] / 1000 if rid in self.sent.arrived else None}
            if rid in self.results.arrived:
                t, record = self.results.arrived[rid]
                try:
                    doc = json.loads(record['payload'])
                except (TypeError, ValueError):
                    doc = {'error': {'code': 'not-json'}}
                row.update(read=t, pages=pages_of(doc), error=doc.get('error'), content=doc.get('content'),
                           provider=(doc.get('provider') or {}).get('id'))
                if row['produced'] is not None:
                    row['ms'] = (t - row['produced']) * 1000
            elif rid in self.dead.arrived:
                headers = self.dead.arrived[rid][1].get('headers') or []
                row['error'] = {'deadLetter': dict(zip(headers[::2], headers[1::2]))}
            else:
                row['error'] = {'code': 'no-result', 'message': f'none within {timeout:.0f} s'}
            rows.append(row)
        return rows, missing

    def stop(self):
        for records in (self.sent, self.results, self.dead):
            records.stop()
        self.log.close()


class HttpWay:
    """POST /v1/documents/analyze, one keep-alive connection per thread."""

    def __init__(self, host, port, timeout):
        self.host, self.port, self.timeout = host, port, timeout
        self.local = threading.local()
        self.bodies = {}

    def one(self, image):
        body = self.bodies.get(image)
        if body is None:
            body = self.bodies[image] = Path(image).read_bytes()
        conn = getattr(self.local, 'conn', None)
        if conn is None:
            conn = self.local.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        t0 = time.monotonic()
        try:
            try:
                conn.request('POST', '/v1/documents/analyze', body=body, headers={'Content-Type': 'image/jpeg'})
                resp = conn.getresponse()
            except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
                # A kept-alive connection the gateway closed while idle (GATEWAY_IDLE_TIMEOUT): a new one.
                conn.close()
                conn = self.local.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                t0 = time.monotonic()
                conn.request('POST', '/v1/documents/analyze', body=body, headers={'Content-Type': 'image/jpeg'})
                resp = conn.getresponse()
            payload = resp.read()
        except OSError as e:
            conn.close()
            self.local.conn = None
            return {'image': Path(image).name, 'ms': None, 'pages': None, 'error': {'code': type(e).__name__}}
        ms = (time.monotonic() - t0) * 1000
        try:
            doc = json.loads(payload)
        except ValueError:
            doc = {'error': {'code': 'not-json'}}
        return {'image': Path(image).name, 'ms': ms, 'pages': pages_of(doc), 'status': resp.status,
                'error': doc.get('error'), 'content': doc.get('content'),
                'provider': (doc.get('provider') or {}).get('id')}

    def run(self, images, concurrency):
        """Posts every image, `concurrency` at a time; returns the rows and the wall time in seconds."""
        rows, lock, todo = [None] * len(images), threading.Lock(), iter(range(len(images)))

        def client():
            while True:
                with lock:
                    i = next(todo, None)
                if i is None:
                    return
                rows[i] = self.one(images[i])

        threads = [threading.Thread(target=client) for _ in range(concurrency)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return rows, time.monotonic() - t0


def throughput(rows, seconds):
    pages = sum(r['pages'] or 0 for r in rows)
    return {'requests': len(rows), 'failed': sum(1 for r in rows if r['pages'] is None), 'pages': pages,
            'seconds': round(seconds, 3), 'pages_per_s': round(pages / seconds, 3) if seconds else None}


def failures(rows):
    return [f'{r.get("id", r["image"])}: {r["error"]}' for r in rows if r['pages'] is None][:5]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--receipts', type=int, default=50, help='N: receipts per throughput phase')
    ap.add_argument('--rounds', type=int, default=3, help='HTTP and Kafka throughput phases, alternating')
    ap.add_argument('--concurrency', type=int, default=os.cpu_count(),
                    help='HTTP clients in (a), and the gateway\'s inference threads when this run starts it')
    ap.add_argument('--latency-samples', type=int, default=30, help='receipts one at a time each way in (c)')
    ap.add_argument('--warmup', type=int, default=4, help='receipts through each way before measuring')
    ap.add_argument('--timeout', type=float, default=600, help='seconds to wait for a phase\'s last result')
    ap.add_argument('--bootstrap', default='localhost:9092')
    ap.add_argument('--partitions', type=int, default=6, help='partitions of the run\'s request and result topics')
    ap.add_argument('--images', default=str(REPO.parent / 'shared/data/sroie-dev/img'))
    ap.add_argument('--topic-prefix', help='of the topic names (and the group, when this run starts the gateway); '
                    'default: bench-<stamp>. with --gateway-jar, none (the default topics) without it')
    ap.add_argument('--gateway-url', default='http://127.0.0.1:18280')
    ap.add_argument('--gateway-jar', help='start this gateway.jar (port from --gateway-url)')
    ap.add_argument('--gateway-jvm-flags', default=SMALL_HEAP_JVM_FLAGS)
    ap.add_argument('--gateway-env', action='append', default=[], metavar='KEY=VALUE')
    ap.add_argument('--out', default=str(BENCH / 'out'))
    args = ap.parse_args(argv)
    if not shutil.which('kcat'):
        raise SystemExit('kafka bench: kcat is missing (Debian: apt-get install kcat)')

    stamp = now_stamp()
    out = Path(args.out)
    workdir = out / f'kafka-{stamp}'
    workdir.mkdir(parents=True, exist_ok=True)
    images = sorted(str(p) for p in Path(args.images).glob('*.jpg'))
    if not images:
        raise SystemExit(f'no receipts in {args.images}')
    batch = [images[i % len(images)] for i in range(args.receipts)]
    run = f'bench-{stamp.lower()}'
    prefix = args.topic_prefix if args.topic_prefix is not None else (f'{run}.' if args.gateway_jar else '')
    topics = {f'GATEWAY_KAFKA_{kind}_TOPIC': f'{prefix}{name}' for kind, name in
              (('REQUESTS', 'rpa.ocr.requests'), ('RESULTS', 'rpa.ocr.results'), ('DLQ', 'rpa.ocr.dlq'),
               ('POLICY', 'rpa.gateway.policy'))}
    kafka_env = {'GATEWAY_KAFKA_BOOTSTRAP': args.bootstrap, 'GATEWAY_KAFKA_INFERENCE_SHARE': '1',
                 'GATEWAY_KAFKA_GROUP': f'{prefix}rpa-gateway', 'GATEWAY_INFERENCE_THREADS': str(args.concurrency),
                 'GATEWAY_REQUEST_LOG_LEVEL': 'OFF', **topics}
    kafka_env.update(kv.split('=', 1) for kv in args.gateway_env)
    report = {'command': sys.argv, 'machine': machine(), 'stamp': stamp, 'gateway_env': kafka_env,
              'receipts': args.receipts, 'concurrency': args.concurrency}

    def log(msg):
        print(msg, flush=True)

    gateway = GatewayHttp(args.gateway_url, workdir, jar=args.gateway_jar,
                          jvm_flags=shlex.split(args.gateway_jvm_flags), env_extra=kafka_env)
    if not args.gateway_jar:  # checked first: without it there is nothing to start a broker for
        log(f'the gateway at {args.gateway_url} must read {args.bootstrap} (GATEWAY_KAFKA_BOOTSTRAP) with '
            f'GATEWAY_KAFKA_INFERENCE_SHARE=1 and GATEWAY_INFERENCE_THREADS={args.concurrency}, and the topics '
            + ', '.join(topics.values()))
        try:
            gateway.start()
        except EngineUnavailable as e:
            raise SystemExit(f'kafka bench: gateway unavailable: {e}')
    broker = Broker(args.bootstrap, args.partitions)
    broker.start()
    broker.create_topics(topics)
    kafka = http = None
    try:
        if args.gateway_jar:  # after the broker: the gateway reads the policy topic before it is ready
            try:
                gateway.start()
            except EngineUnavailable as e:
                raise SystemExit(f'kafka bench: gateway unavailable: {e}')
        http = HttpWay(gateway.host, gateway.port, args.timeout)
        kafka = KafkaWay(args.bootstrap, topics, workdir)

        warm = [(f'{run}-w{i:03d}', images[i % len(images)]) for i in range(args.warmup)]
        warm_http = [http.one(image) for _, image in warm]
        log(f'warm-up through HTTP: {sum(1 for r in warm_http if r["pages"] is not None)} of {len(warm)} read')
        # The first result also waits for the gateway's consumer to join its group.
        kafka.send(warm)
        _, missing = kafka.collect(warm, WARMUP_TIMEOUT)
        log(f'warm-up through Kafka: {len(warm) - len(missing)} of {len(warm)} answered')
        if missing:
            raise SystemExit(f'kafka bench: no result for {missing} on {topics["GATEWAY_KAFKA_RESULTS_TOPIC"]} '
                             f'within {WARMUP_TIMEOUT} s: is the gateway reading {args.bootstrap}? '
                             f'(its log: {workdir})')

        rounds = []
        for r in range(args.rounds):
            http_rows, http_s = http.run(batch, args.concurrency)
            backlog = [(f'{run}-r{r}-{i:04d}', image) for i, image in enumerate(batch)]
            kafka.send(backlog)
            kafka_rows, _ = kafka.collect(backlog, args.timeout)
            # From the first record produced to the last result read.
            first = min((row['produced'] for row in kafka_rows if row['produced'] is not None), default=None)
            last = max((row['read'] for row in kafka_rows if 'read' in row), default=None)
            a = throughput(http_rows, http_s)
            b = throughput(kafka_rows, last - first if first and last else 0)
            same = sum(1 for h, k in zip(http_rows, kafka_rows) if h['content'] is not None
                       and h['content'] == k.get('content'))
            rounds.append({'http': a, 'kafka': b, 'same_text': same,
                           'ratio': round(b['pages_per_s'] / a['pages_per_s'], 3)
                           if a['pages_per_s'] and b['pages_per_s'] else None,
                           'http_rows': http_rows, 'kafka_rows': kafka_rows})
            log(f'round {r + 1}: HTTP {a["pages_per_s"]} pages/s ({a["failed"]} failed), Kafka {b["pages_per_s"]} '
                f'pages/s ({b["failed"]} failed), same text {same} of {len(batch)}')
            for f in failures(http_rows) + failures(kafka_rows):
                log(f'  failed: {f}')

        lat_http, lat_kafka = [], []
        for i in range(args.latency_samples):
            image = images[i % len(images)]
            h = http.one(image)
            one = [(f'{run}-l{i:04d}', image)]
            kafka.send(one)
            k, _ = kafka.collect(one, args.timeout)
            lat_http.append(h)
            lat_kafka.append(k[0])
        report['latency'] = {'http': lat_http, 'kafka': lat_kafka}
        report['rounds'] = rounds
    finally:
        if kafka:
            kafka.stop()
        gateway.stop()
        broker.stop()
        report['loadavg_at_end'] = os.getloadavg()
        (out / f'kafka-{stamp}.json').write_text(json.dumps(report, indent=1))

    def pct(rows, q):
        values = [r['ms'] for r in rows if r['ms'] is not None and r['pages'] is not None]
        return percentile(values, q)

    ratios = [r['ratio'] for r in rounds if r['ratio'] is not None]
    ratio = statistics.median(ratios) if ratios else None
    http_pps = [r['http']['pages_per_s'] for r in rounds]
    kafka_pps = [r['kafka']['pages_per_s'] for r in rounds]
    rows = [(f'(a) HTTP pages/s, {args.receipts} receipts, {args.concurrency} clients', ', '.join(map(str, http_pps))),
            ('(b) Kafka pages/s, the same receipts as a backlog', ', '.join(map(str, kafka_pps))),
            ('Kafka / HTTP (goal >= 0.95)' + (' (median of rounds)' if len(rounds) > 1 else ''),
             f'{ratio:.3f}' if ratio else 'n/a')]
    p = {q: (pct(lat_http, q), pct(lat_kafka, q)) for q in (50, 95)}
    for q, (h, k) in p.items():
        if h is not None and k is not None:
            rows.append((f'(c) p{q} ms one at a time: HTTP / Kafka / added by the topics', f'{h:.0f} / {k:.0f} / '
                         f'{k - h:+.0f}'))
    failed = sum(1 for row in lat_http + lat_kafka if row['pages'] is None)
    width = max(len(label) for label, _ in rows)
    print()
    print(f'| {"":{width}} | value |')
    print(f'|{"-" * (width + 2)}|-------|')
    for label, value in rows:
        print(f'| {label:{width}} | {value} |')
    load = report['machine']['loadavg_at_start'][0], report['loadavg_at_end'][0]
    print(f'\nlatency samples {args.latency_samples} each way ({failed} failed); load average {load[0]:.1f} at the '
          f'start, {load[1]:.1f} at the end ({os.cpu_count()} cores); every request in {out / f"kafka-{stamp}.json"}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
