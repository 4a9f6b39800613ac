#!/usr/bin/env python3
"""Overload: a running gateway offered a multiple (--factor, default 4) of the receipt rate it sustains, open loop,
for --seconds (default 60); then how soon it serves again at its normal latency.

Phases: (1) capacity: --concurrency clients (default: the gateway's inference threads, 2 here) post receipt 000 back
to back for --warm seconds; the rate they get is the capacity and their median the normal latency. (2) overload:
requests start at factor x capacity per second on a fixed schedule whatever the answers, each on its own thread,
for --seconds. Every answer is recorded: status, error code, Retry-After, latency. (3) recovery: right after the last
request of phase 2 has started, one receipt every 100 ms until one is answered 200 within twice the normal latency.

Pass: only 200 and 503 (with Retry-After) are answered, no request goes unanswered within the gateway's deadline,
and recovery takes at most 2 s after the backlog admitted before the end has drained. Retry-After is set against the
wait a request admitted at the same moment had (its latency minus the normal latency).

Standard library only.
"""
import argparse
import http.client
import json
import statistics
import sys
import threading
import time
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import percentile  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def post(host, port, body, timeout):
    start = time.monotonic()
    try:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        conn.request('POST', '/v1/documents/analyze', body=body, headers={'Content-Type': 'image/jpeg'})
        r = conn.getresponse()
        payload = r.read()
        conn.close()
        code = None
        if r.status >= 400:
            try:
                code = json.loads(payload)['error']['code']
            except (ValueError, KeyError, TypeError):
                code = 'not-json'
        return {'t': start, 'status': r.status, 'code': code, 'retryAfter': r.getheader('Retry-After'),
                'ms': (time.monotonic() - start) * 1000}
    except OSError as e:
        return {'t': start, 'status': 0, 'code': type(e).__name__, 'retryAfter': None,
                'ms': (time.monotonic() - start) * 1000}


def capacity(args, body):
    results, lock, stop = [], threading.Lock(), time.monotonic() + args.warm

    def client():
        while time.monotonic() < stop:
            r = post(args.host, args.port, body, args.timeout)
            with lock:
                results.append(r)

    threads = [threading.Thread(target=client) for _ in range(args.concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ok = [r for r in results if r['status'] == 200]
    return len(ok) / args.warm, statistics.median(r['ms'] for r in ok)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--port', type=int, default=8080)
    p.add_argument('--factor', type=float, default=4.0)
    p.add_argument('--seconds', type=float, default=60)
    p.add_argument('--warm', type=float, default=20)
    p.add_argument('--concurrency', type=int, default=2)
    p.add_argument('--timeout', type=float, default=40, help='client timeout: above the gateway deadline')
    p.add_argument('--receipt', default=str(REPO.parent / 'shared/data/sroie-dev/img/000.jpg'))
    p.add_argument('--out', help='write every answer here as JSON')
    args = p.parse_args()
    body = Path(args.receipt).read_bytes()

    post(args.host, args.port, body, args.timeout)
    rate, normal_ms = capacity(args, body)
    offered = rate * args.factor
    print(f'capacity {rate:.2f} receipts/s, normal latency p50 {normal_ms:.0f} ms; offering {offered:.2f}/s '
          f'for {args.seconds:.0f} s')

    results, lock, threads = [], threading.Lock(), []

    def one():
        r = post(args.host, args.port, body, args.timeout)
        with lock:
            results.append(r)

    start = time.monotonic()
    n = int(offered * args.seconds)
    for i in range(n):
        delay = start + i / offered - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        t = threading.Thread(target=one, daemon=True)
        t.start()
        threads.append(t)
    overload_end = time.monotonic()

    # Recovery: from the end of the offered load, the first receipt served at normal latency.
    probes = []
    while time.monotonic() - overload_end < args.timeout + 30:
        r = post(args.host, args.port, body, args.timeout)
        probes.append(r)
        if r['status'] == 200 and r['ms'] <= 2 * normal_ms:
            break
        time.sleep(0.1)
    for t in threads:
        t.join(args.timeout + 5)
    admitted_done = max((r['t'] + r['ms'] / 1000 for r in results if r['status'] == 200), default=overload_end)
    recovered_at = probes[-1]['t'] + probes[-1]['ms'] / 1000
    statuses = {}
    for r in results:
        key = str(r['status']) + ('' if r['code'] is None else ' ' + r['code'])
        statuses[key] = statuses.get(key, 0) + 1
    refused = [r for r in results if r['status'] == 503]
    with_retry = [r for r in refused if r['retryAfter']]
    ok = sorted((r for r in results if r['status'] == 200), key=lambda r: r['t'])

    # For each refusal, the wait of the admitted request that started nearest before it.
    pairs = []
    for r in with_retry:
        before = [a for a in ok if a['t'] <= r['t']]
        if before:
            pairs.append((int(r['retryAfter']), max(0.0, before[-1]['ms'] - normal_ms) / 1000))
    print(f'answers: {statuses} of {len(results)} (unanswered within {args.timeout:.0f} s: '
          f'{sum(1 for r in results if r["status"] == 0)})')
    print(f'503 with Retry-After: {len(with_retry)} of {len(refused)}')
    if pairs:
        ra = [a for a, _ in pairs]
        waits = [w for _, w in pairs]
        print(f'Retry-After s: median {statistics.median(ra)}, p10 {percentile(ra, 10)}, p90 {percentile(ra, 90)}; '
              f'queue wait of the request admitted just before, s: median {statistics.median(waits):.1f}, '
              f'p10 {percentile(waits, 10):.1f}, p90 {percentile(waits, 90):.1f}')
    lat = [r['ms'] for r in ok]
    if lat:
        print(f'200 latency ms: p50 {percentile(lat, 50):.0f}, p99 {percentile(lat, 99):.0f}, max {max(lat):.0f}')
    print(f'backlog drained {admitted_done - overload_end:.1f} s after the load stopped; first receipt at normal '
          f'latency {recovered_at - overload_end:.1f} s after the load stopped, '
          f'{max(0.0, recovered_at - admitted_done):.1f} s after the backlog drained ({len(probes)} probes)')
    bad = {k: v for k, v in statuses.items() if not (k == '200' or k.startswith('503 '))}
    passed = not bad and len(with_retry) == len(refused) and recovered_at - admitted_done <= 2.0
    print('PASS' if passed else f'FAIL {bad}')
    if args.out:
        Path(args.out).write_text(json.dumps({'capacity': rate, 'normalMs': normal_ms, 'answers': results,
                                              'probes': probes}, indent=1))
    return 0 if passed else 1


if __name__ == '__main__':
    sys.exit(main())
