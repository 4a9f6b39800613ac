#!/usr/bin/env python3
"""Soak: the gateway under a steady concurrency for a fixed time, RSS and heap sampled; passes if both are flat.

Load: --concurrency client threads, each with one keep-alive connection, post the sroie-dev receipts round-robin
to POST /v1/documents/analyze (or one --body file) for --duration seconds. With --gateway-route textract or
document-ai, the gateway alone is soaked: the overhead benchmark's constant-time provider is started on the
loopback, the gateway routed to it, and bench/overhead/tiny.jpg posted unless --body says otherwise.

Sampled every --sample-interval seconds: VmRSS of the gateway process (and children), and the JVM heap through
`jstat -gc` (used = S0U+S1U+EU+OU, old = OU, and the GC counts). The first --warmup seconds are left out of the
verdict. Flat means: the median of the last quarter of the samples is at most --max-growth-pct above the median
of the first quarter, or grew by less than --min-growth-mib (RSS and old generation alike, the latter is what
survives collections). The run also fails on an error rate above --max-error-rate or a gateway that died.

Standard library only; jstat comes with the JDK.
"""
import argparse
import json
import shlex
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import descendants, machine, now_stamp, percentile, rss_kib  # noqa: E402
from ocr_bench import EngineUnavailable, GatewayHttp  # noqa: E402
from overhead_bench import OVERHEAD, loopback_provider, routing_env  # noqa: E402

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent


def jstat_heap(pid):
    """{'heap_used_mib', 'old_used_mib', 'ygc', 'fgc'} from `jstat -gc`, or None if pid is no JVM we can read."""
    try:
        out = subprocess.run(['jstat', '-gc', str(pid)], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    rows = out.stdout.split('\n')
    if out.returncode != 0 or len(rows) < 2:
        return None
    return parse_jstat_gc(rows[0], rows[1])


def parse_jstat_gc(header, values):
    cols = dict(zip(header.split(), values.split()))
    try:
        kib = lambda k: float(cols.get(k, '0').replace(',', '.'))  # noqa: E731
        used = kib('S0U') + kib('S1U') + kib('EU') + kib('OU')
        return {'heap_used_mib': round(used / 1024, 1), 'old_used_mib': round(kib('OU') / 1024, 1),
                'ygc': int(float(cols.get('YGC', 0))), 'fgc': int(float(cols.get('FGC', 0)))}
    except ValueError:
        return None


def flat(series, max_growth_pct, min_growth_mib):
    """Verdict on a post-warm-up series: first-quarter median vs last-quarter median."""
    series = [v for v in series if v is not None]
    if len(series) < 8:
        return {'verdict': 'too_few_samples', 'samples': len(series)}
    q = len(series) // 4
    first, last = percentile(series[:q], 50), percentile(series[-q:], 50)
    growth = last - first
    pct = 100.0 * growth / first if first else 0.0
    ok = pct <= max_growth_pct or growth < min_growth_mib
    # least-squares slope, MiB per minute of samples (index → time is uniform)
    n = len(series)
    mean_x, mean_y = (n - 1) / 2, sum(series) / n
    sxx = sum((i - mean_x) ** 2 for i in range(n))
    slope = sum((i - mean_x) * (v - mean_y) for i, v in enumerate(series)) / sxx if sxx else 0.0
    return {'verdict': 'flat' if ok else 'growing', 'first_quarter_median_mib': first,
            'last_quarter_median_mib': last, 'growth_mib': round(growth, 1), 'growth_pct': round(pct, 1),
            'slope_mib_per_sample': round(slope, 4), 'samples': n}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--duration', type=float, default=600, help='seconds of load (default 10 minutes)')
    ap.add_argument('--concurrency', type=int, default=4)
    ap.add_argument('--warmup', type=float, default=60, help='seconds left out of the verdict')
    ap.add_argument('--sample-interval', type=float, default=5.0)
    ap.add_argument('--max-growth-pct', type=float, default=10.0)
    ap.add_argument('--min-growth-mib', type=float, default=32.0)
    ap.add_argument('--max-error-rate', type=float, default=0.001)
    ap.add_argument('--shared', default=str(REPO.parent / 'shared'))
    ap.add_argument('--body', help='post this one file instead of the sroie-dev receipts')
    ap.add_argument('--gateway-url', default='http://127.0.0.1:8080')
    ap.add_argument('--gateway-path', default='/v1/documents/analyze')
    ap.add_argument('--gateway-jar', help='start this gateway.jar (port from --gateway-url)')
    ap.add_argument('--gateway-jvm-flags', default='-Xmx512m')
    ap.add_argument('--gateway-env', action='append', default=[], metavar='KEY=VALUE')
    ap.add_argument('--gateway-ready-timeout', type=float, default=180.0)
    ap.add_argument('--gateway-route', choices=('none', 'textract', 'document-ai'), default='none',
                    help='none: the gateway as configured (the local engine by default); otherwise route every '
                         'request to a constant-time loopback provider of that kind, as the overhead benchmark does')
    ap.add_argument('--provider-port', type=int, default=18091)
    ap.add_argument('--provider-max-concurrency', type=int, default=64)
    ap.add_argument('--out', default=str(BENCH / 'out'))
    args = ap.parse_args(argv)

    stamp = now_stamp()
    out = Path(args.out)
    workdir = out / f'soak-{stamp}'
    workdir.mkdir(parents=True, exist_ok=True)
    alone = args.gateway_route != 'none'
    body = args.body or (str(OVERHEAD / 'tiny.jpg') if alone else None)
    files = [Path(body)] if body else sorted((Path(args.shared) / 'data' / 'sroie-dev' / 'img').glob('*.jpg'))
    if not files:
        raise SystemExit('no request bodies found')

    def log(msg):
        print(msg, flush=True)

    env = {}
    provider = None
    if alone:
        provider_url = f'http://127.0.0.1:{args.provider_port}'
        provider = loopback_provider(args.gateway_route, workdir, args.provider_port).start()
        env = routing_env(args.gateway_route, provider_url, workdir, args.provider_max_concurrency)
    env.update(kv.split('=', 1) for kv in args.gateway_env)
    gateway = GatewayHttp(args.gateway_url, workdir, jar=args.gateway_jar, jvm_flags=shlex.split(args.gateway_jvm_flags),
                          env_extra=env, ready_timeout=args.gateway_ready_timeout, path=args.gateway_path)
    try:
        pid, _ = gateway.start()
        failure = None if pid is not None else 'soak: cannot find the gateway process (RSS and heap need its pid)'
    except EngineUnavailable as e:
        pid, failure = None, f'soak: gateway unavailable: {e}'
    if failure:
        gateway.stop()  # a gateway that started without a pid to watch, or nothing
        if provider:
            provider.stop()
        raise SystemExit(failure)

    images = [str(f) for f in files]
    stop = threading.Event()
    lock = threading.Lock()
    stats = {'ok': 0, 'errors': 0, 'first_error': None}
    window_ms = []  # latencies since the last sample

    def client(k):
        i = k
        while not stop.is_set():
            try:
                page = gateway.one(images[i % len(images)])  # one keep-alive connection per client thread
            except Exception as e:  # e.g. a body that is not JSON: an error of the gateway, not of the soak
                page = {'error': repr(e)}
            i += args.concurrency
            with lock:
                if page.get('error'):
                    stats['errors'] += 1
                    stats['first_error'] = stats['first_error'] or page['error']
                else:
                    stats['ok'] += 1
                    window_ms.append(page['ms'])
            if page.get('error'):
                time.sleep(0.2)  # a dead gateway must not turn the loop into a spin

    samples = []
    t_start = time.monotonic()
    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(args.concurrency)]
    for t in threads:
        t.start()
    log(f'soak: {args.concurrency} clients for {args.duration:.0f} s against {args.gateway_url}, pid {pid}')
    alive = True
    try:
        while time.monotonic() - t_start < args.duration:
            time.sleep(args.sample_interval)
            elapsed = time.monotonic() - t_start
            rss = sum(rss_kib(p) for p in [pid, *descendants(pid)]) / 1024
            heap = jstat_heap(pid)
            with lock:
                lat = list(window_ms)
                window_ms.clear()
                ok, errors = stats['ok'], stats['errors']
            sample = {'t_s': round(elapsed, 1), 'rss_mib': round(rss, 1), 'requests_ok': ok, 'errors': errors,
                      'p50_ms': round(percentile(lat, 50), 1) if lat else None,
                      'p99_ms': round(percentile(lat, 99), 1) if lat else None, **(heap or {})}
            samples.append(sample)
            log(f'  t={sample["t_s"]:>6} s rss {sample["rss_mib"]} MiB heap {sample.get("heap_used_mib")} MiB '
                f'old {sample.get("old_used_mib")} MiB ok {ok} err {errors} p50 {sample["p50_ms"]} ms')
            if rss == 0:
                alive = False
                log('soak: the gateway process is gone')
                break
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=130)
        gateway.stop()
        if provider:
            provider.stop()

    steady = [s for s in samples if s['t_s'] >= args.warmup]
    total = stats['ok'] + stats['errors']
    error_rate = stats['errors'] / total if total else 1.0
    rss_verdict = flat([s['rss_mib'] for s in steady], args.max_growth_pct, args.min_growth_mib)
    old_series = [s.get('old_used_mib') for s in steady]
    heap_verdict = flat(old_series, args.max_growth_pct, args.min_growth_mib) \
        if any(v is not None for v in old_series) else {'verdict': 'not_sampled'}
    passed = (alive and error_rate <= args.max_error_rate and rss_verdict['verdict'] == 'flat'
              and heap_verdict['verdict'] in ('flat', 'not_sampled'))
    report = {'stamp': stamp, 'command': ' '.join(shlex.quote(a) for a in [sys.argv[0], *(argv or sys.argv[1:])]),
              'machine': machine(), 'settings': vars(args), 'pid': pid, 'alive': alive,
              'requests_ok': stats['ok'], 'errors': stats['errors'], 'error_rate': round(error_rate, 5),
              'first_error': stats['first_error'], 'rss': rss_verdict, 'old_gen': heap_verdict,
              'passed': passed, 'samples': samples}
    (out / f'soak-{stamp}.json').write_text(json.dumps(report, indent=2))
    md = '\n'.join([
        f'# Soak {stamp}', '', f'Command: `{report["command"]}`', '',
        f'{args.concurrency} clients, {args.duration:.0f} s, warm-up {args.warmup:.0f} s left out; '
        f'{stats["ok"]} requests ok, {stats["errors"]} errors (rate {error_rate:.4%})', '',
        f'- RSS: {rss_verdict}', f'- old generation: {heap_verdict}', f'- result: {"PASS" if passed else "FAIL"}', ''])
    (out / f'soak-{stamp}.md').write_text(md)
    print()
    print(md)
    return 0 if passed else 1


if __name__ == '__main__':
    sys.exit(main())
