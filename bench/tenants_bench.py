#!/usr/bin/env python3
"""Fair shares between tenants: what a tenant flooding the local engine costs another's latency.

One gateway (--gateway-jar), --threads inference threads and a queue of 4 x threads, caller authentication by API
key (GATEWAY_AUTH=api-key) with two keys, tenant `a` and tenant `b`, and a plans file giving both weight 1
(GATEWAY_TENANTS_FILE). Receipts from sroie-dev, posted to POST /v1/documents/analyze.

(a) alone: tenant b posts --samples receipts one after another.
(b) flooded: tenant a runs --streams clients posting receipts back to back, each waiting as Retry-After says when
    refused (as the README asks of callers; --hostile: 10 ms, a client that ignores it), and meanwhile tenant b
    posts the same --samples receipts one after another.
p50 / p95 / p99 of b in each phase and their ratio (goal: p99 at most 2x), and what a got: answered, refused
with 503 `overloaded` or 429, anything else (goal: nothing else, and nothing but 200 for b).

Writes bench/out/tenants-<stamp>.json and prints the table. Standard library only.
"""
import argparse
import hashlib
import http.client
import json
import os
import shlex
import sys
import threading
import time
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import add_started_gateway_arguments, machine, now_stamp, percentile  # noqa: E402
from ocr_bench import EngineUnavailable, GatewayHttp  # noqa: E402

KEYS = {'a': 'rvg_bench_tenant_a_5c0f2e9b7d1a4e3c', 'b': 'rvg_bench_tenant_b_8a6d4c2e0f1b3d5a'}


class Client:
    """One keep-alive connection posting receipts as one tenant."""

    def __init__(self, host, port, key):
        self.host, self.port, self.key = host, port, key
        self.conn = None
        self.retry_after = 1.0

    def post(self, body):
        for _ in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
            t0 = time.monotonic()
            try:
                self.conn.request('POST', '/v1/documents/analyze', body=body,
                                  headers={'Content-Type': 'image/jpeg', 'X-API-Key': self.key})
                resp = self.conn.getresponse()
                payload = resp.read()
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                continue
            ms = (time.monotonic() - t0) * 1000
            code = None
            if resp.status != 200:
                try:
                    code = json.loads(payload)['error']['code']
                except (ValueError, KeyError, TypeError):
                    code = 'not-json'
            if resp.getheader('Connection', '').lower() == 'close':
                self.conn.close()
                self.conn = None
            self.retry_after = float(resp.getheader('Retry-After') or 1)
            return resp.status, code, ms
        return None, 'connection', None


def sequential(client, bodies, samples):
    rows = [client.post(bodies[i % len(bodies)]) for i in range(samples)]
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--samples', type=int, default=40, help="tenant b's receipts per phase")
    ap.add_argument('--streams', type=int, default=8, help="tenant a's clients in (b)")
    ap.add_argument('--threads', type=int, default=2, help='inference threads of the gateway')
    ap.add_argument('--hostile', action='store_true', help="tenant a's clients retry after 10 ms, not Retry-After")
    add_started_gateway_arguments(ap, 18282)
    args = ap.parse_args(argv)

    stamp = now_stamp()
    out = Path(args.out)
    workdir = out / f'tenants-{stamp}'
    workdir.mkdir(parents=True, exist_ok=True)
    images = sorted(Path(args.images).glob('*.jpg'))
    if not images:
        raise SystemExit(f'no receipts in {args.images}')
    bodies = [p.read_bytes() for p in images[:16]]
    keys = workdir / 'api-keys.json'
    keys.write_text(json.dumps({'keys': [
        {'name': f'bench-{t}', 'tenant': t, 'hash': 'sha256:' + hashlib.sha256(k.encode()).hexdigest()}
        for t, k in KEYS.items()]}))
    plans = workdir / 'tenants.json'
    plans.write_text(json.dumps({'tenants': {'a': {'weight': 1}, 'b': {'weight': 1}}}))
    env = {'GATEWAY_AUTH': 'api-key', 'GATEWAY_API_KEYS_FILE': str(keys), 'GATEWAY_TENANTS_FILE': str(plans),
           'GATEWAY_INFERENCE_THREADS': str(args.threads), 'GATEWAY_INFERENCE_QUEUE': str(4 * args.threads),
           'GATEWAY_REQUEST_LOG_LEVEL': 'OFF'}
    gateway = GatewayHttp(args.gateway_url, workdir, jar=args.gateway_jar,
                          jvm_flags=shlex.split(args.gateway_jvm_flags), env_extra=env)
    try:
        gateway.start()
    except EngineUnavailable as e:
        raise SystemExit(f'tenants bench: gateway unavailable: {e}')
    report = {'command': sys.argv, 'machine': machine(), 'stamp': stamp, 'gateway_env': env}
    try:
        b = Client(gateway.host, gateway.port, KEYS['b'])
        sequential(b, bodies, 4)  # warm-up
        alone = sequential(b, bodies, args.samples)

        stop = threading.Event()
        flood = []
        lock = threading.Lock()

        def stream(i):
            client = Client(gateway.host, gateway.port, KEYS['a'])
            n = i
            while not stop.is_set():
                row = client.post(bodies[n % len(bodies)])
                n += 1
                with lock:
                    flood.append(row)
                if row[0] != 200:
                    time.sleep(0.01 if args.hostile else client.retry_after)

        threads = [threading.Thread(target=stream, args=(i,), daemon=True) for i in range(args.streams)]
        for t in threads:
            t.start()
        time.sleep(3)  # a's streams fill their share first
        flooded = sequential(b, bodies, args.samples)
        stop.set()
        for t in threads:
            t.join(timeout=120)
        report.update(alone=alone, flooded=flooded, flood=flood)
    finally:
        gateway.stop()
        report['loadavg_at_end'] = os.getloadavg()
        (out / f'tenants-{stamp}.json').write_text(json.dumps(report, indent=1))

    def ms(rows):
        return [r[2] for r in rows if r[0] == 200]

    def outcomes(rows):
        counts = {}
        for status, code, _ in rows:
            key = str(status) + (f' {code}' if code else '')
            counts[key] = counts.get(key, 0) + 1
        return counts

    print()
    print("| tenant b, one receipt at a time | alone | a flooding | ratio |")
    print('|---|---|---|---|')
    for q in (50, 95, 99):
        x, y = percentile(ms(alone), q), percentile(ms(flooded), q)
        print(f'| p{q} ms | {x:.0f} | {y:.0f} | {y / x:.2f}x |')
    print(f"\ntenant b's answers: alone {outcomes(alone)}, flooded {outcomes(flooded)}")
    retry = 'retrying after 10 ms' if args.hostile else 'waiting as Retry-After says'
    print(f"tenant a's answers ({args.streams} streams, {retry}): "
          f"{outcomes(flood)}")
    print(f'load average {report["machine"]["loadavg_at_start"][0]:.1f} at the start, '
          f'{report["loadavg_at_end"][0]:.1f} at the end ({os.cpu_count()} cores); every request in '
          f'{out / f"tenants-{stamp}.json"}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
