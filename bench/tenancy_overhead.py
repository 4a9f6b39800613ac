#!/usr/bin/env python3
"""What authentication and tenants' limits add to the gateway's path: bench/overhead_bench.py twice in one run, the
gateway routed to the same loopback Textract, at the same fixed rates (--rates, default 1000/s):

  off: the embedded defaults (no caller authentication, no tenants' plans);
  on:  GATEWAY_AUTH=api-key with a key file, and a plans file giving the key's tenant every limit there is (requests
       and pages a second per tenant and per key, pages a day and a month, a cloud budget), all too high to be
       reached, so every request is checked and counted and none is refused.

Both with the same provider price, so cloud spend is counted both times. The two alternate --rounds times (a run's
p99 varies by a few tenths of a millisecond on this machine); prints p50/p99 of each run and the median of what `on`
adds (goal: at most 0.2 ms p99 at 1000/s). Writes bench/out/tenancy-overhead-<stamp>.json. Needs wrk and nginx
(bench/prepare-peers.sh).
"""
import argparse
import hashlib
import json
import statistics
import sys
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import overhead_bench  # noqa: E402
from benchlib import now_stamp  # noqa: E402

BENCH = Path(__file__).resolve().parent
KEY = 'rvg_bench_overhead_3e1d5c7b9a0f2e4d6c8b'
HIGH = {'rate': 1000000, 'burst': 1000000}


def run(label, args, extra_env, header, workdir):
    argv = ['--targets', 'gateway', '--rates', args.rates, '--duration', str(args.duration),
            '--gateway-jar', args.gateway_jar, '--gateway-warmup', str(args.warmup), '--out', str(workdir / label),
            '--gateway-env', 'GATEWAY_PRICES_PER_PAGE=textract:bench=0.0015',
            '--gateway-env', 'GATEWAY_PROVIDER_LOOPBACK=true']
    for kv in extra_env:
        argv += ['--gateway-env', kv]
    if header:
        argv += ['--gateway-header', header]
    overhead_bench.main(argv)
    report = json.loads(next((workdir / label).glob('overhead-*.json')).read_text())
    return report['targets']['gateway']


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--rates', default='1000')
    ap.add_argument('--rounds', type=int, default=3, help='off and on, alternating')
    ap.add_argument('--duration', type=int, default=30)
    ap.add_argument('--warmup', type=int, default=20)
    ap.add_argument('--gateway-jar', default=str(BENCH.parent / 'gateway/target/gateway.jar'))
    ap.add_argument('--out', default=str(BENCH / 'out'))
    args = ap.parse_args(argv)
    stamp = now_stamp()
    workdir = Path(args.out) / f'tenancy-overhead-{stamp}'
    workdir.mkdir(parents=True, exist_ok=True)
    keys = workdir / 'api-keys.json'
    keys.write_text(json.dumps({'keys': [{'name': 'bench-bot', 'tenant': 'bench',
                                          'hash': 'sha256:' + hashlib.sha256(KEY.encode()).hexdigest()}]}))
    plans = workdir / 'tenants.json'
    plans.write_text(json.dumps({'tenants': {'bench': {
        'weight': 1, 'requestsPerSecond': HIGH, 'pagesPerSecond': HIGH,
        'perKey': {'requestsPerSecond': HIGH, 'pagesPerSecond': HIGH},
        'pagesPerDay': 10 ** 12, 'pagesPerMonth': 10 ** 12, 'cloudBudgetPerMonth': 10 ** 9}}}))
    rows = []
    for n in range(args.rounds):
        off = run(f'off-{n}', args, [], None, workdir)
        on = run(f'on-{n}', args, ['GATEWAY_AUTH=api-key', f'GATEWAY_API_KEYS_FILE={keys}',
                                   f'GATEWAY_TENANTS_FILE={plans}'], f'X-API-Key: {KEY}', workdir)
        if not off.get('steps') or not on.get('steps'):
            raise SystemExit(f'no steps: off {off}, on {on}')
        for a, b in zip(off['steps'], on['steps']):
            rows.append({'round': n + 1, 'rate': a['target_rate'], 'off': a, 'on': b,
                         'added_p50_ms': round(b['p50_ms'] - a['p50_ms'], 3),
                         'added_p99_ms': round(b['p99_ms'] - a['p99_ms'], 3)})
    (Path(args.out) / f'tenancy-overhead-{stamp}.json').write_text(json.dumps({'rows': rows}, indent=1))
    print('\n| round | rate | off: achieved, p50 / p99 ms, errors | on: achieved, p50 / p99 ms, errors '
          '| added p50 / p99 ms |')
    print('|---|---|---|---|---|')
    for r in rows:
        a, b = r['off'], r['on']
        print(f'| {r["round"]} | {r["rate"]}/s | {a["achieved_rate"]}, {a["p50_ms"]:.3f} / {a["p99_ms"]:.3f}, '
              f'{a["errors"]} | {b["achieved_rate"]}, {b["p50_ms"]:.3f} / {b["p99_ms"]:.3f}, {b["errors"]} | '
              f'{r["added_p50_ms"]:+.3f} / {r["added_p99_ms"]:+.3f} |')
    for rate in sorted({r['rate'] for r in rows}):
        at = [r for r in rows if r['rate'] == rate]
        print(f'median added at {rate}/s over {len(at)} rounds: p50 '
              f'{statistics.median(r["added_p50_ms"] for r in at):+.3f} ms, p99 '
              f'{statistics.median(r["added_p99_ms"] for r in at):+.3f} ms')
    return 0


if __name__ == '__main__':
    sys.exit(main())
