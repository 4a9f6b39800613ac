#!/usr/bin/env python3
"""Slow clients: many connections sending their request head a byte at a time, held open on loopback, while one
client posts a receipt after another; the receipts' latency is compared with the same receipts sent alone.

Phases: --baseline receipts alone; then --connections slow connections are opened (in batches, --open-rate per
second) and held for --hold seconds, every slow connection sending one more byte of a never-ending head every
--trickle seconds and reopened when the gateway cuts it (those cuts are counted, with the 408s read); meanwhile the
receipts are posted again. Sampled every second: the gateway's open file descriptors (/proc/<pid>/fd) against its
limit (/proc/<pid>/limits). Loopback only: --host must be a loopback address.

Standard library only. Start the gateway with connection caps and a header timeout that let the connections be held,
e.g. GATEWAY_MAX_CONNECTIONS=12000 GATEWAY_MAX_CONNECTIONS_PER_ADDRESS=12000 GATEWAY_HEADER_TIMEOUT=60s; see
docs/BENCHMARKS.md, "Slow clients".
"""
import argparse
import asyncio
import ipaddress
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import listening_pid, percentile  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
HEAD = b'POST /v1/documents/analyze HTTP/1.1\r\nHost: bench\r\nContent-Type: image/jpeg\r\nX-Slow: '


def fd_count(pid):
    try:
        return len(list(Path(f'/proc/{pid}/fd').iterdir()))
    except OSError:
        return None


def fd_limit(pid):
    try:
        for line in Path(f'/proc/{pid}/limits').read_text().splitlines():
            if line.startswith('Max open files'):
                return int(line.split()[3])
    except (OSError, ValueError, IndexError):
        return None
    return None


async def post_receipt(host, port, body):
    """One receipt on a fresh connection, sent and timed by curl in its own process, so that the crowd's work in
    this one does not count as the gateway's latency; returns (status, milliseconds)."""
    proc = await asyncio.create_subprocess_exec(
        'curl', '-s', '-o', '/dev/null', '-w', '%{http_code} %{time_total}', '--max-time', '60',
        '-H', 'Content-Type: image/jpeg', '--data-binary', '@' + body,
        f'http://{host}:{port}/v1/documents/analyze', stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    status, seconds = out.decode().split()
    return int(status), float(seconds) * 1000


async def receipts(host, port, body, count):
    """Posts `count` receipts one after another; returns [(status, ms)]."""
    results = []
    for _ in range(count):
        try:
            results.append(await post_receipt(host, port, body))
        except (OSError, asyncio.TimeoutError, ValueError, IndexError):
            results.append((0, 0.0))
    return results


def summary(results, cpu_s=None, seconds=None):
    ok = [ms for status, ms in results if status == 200]
    out = {'sent': len(results), 'ok': len(ok), 'p50_ms': round(percentile(ok, 50), 1) if ok else None,
           'p95_ms': round(percentile(ok, 95), 1) if ok else None, 'max_ms': round(max(ok), 1) if ok else None}
    if cpu_s is not None and seconds:
        out['gateway_cpu_pct'] = round(100 * cpu_s / seconds, 1)
    return out


def cpu_seconds(pid):
    """User + system CPU seconds the process has used (/proc/<pid>/stat), or None."""
    try:
        fields = Path(f'/proc/{pid}/stat').read_text().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
    except (OSError, ValueError, IndexError):
        return None


async def measured(host, port, body, count, pid, until=None):
    """Receipts (count, or as many as fit before `until`) with the gateway's CPU share meanwhile."""
    cpu0, t0 = cpu_seconds(pid), time.time()
    results = []
    while (until is None and len(results) < count) or (until is not None and time.time() < until):
        results += await receipts(host, port, body, 1)
    cpu1 = cpu_seconds(pid)
    return summary(results, None if cpu0 is None or cpu1 is None else cpu1 - cpu0, time.time() - t0)


class SlowCrowd:
    """Holds up to `target` slow connections open, reopening those the gateway cuts."""

    def __init__(self, host, port, target, trickle, open_rate):
        self.host, self.port, self.target = host, port, target
        self.trickle, self.open_rate = trickle, open_rate
        self.open = 0
        self.peak_open = 0
        self.cut = 0
        self.answered_408 = 0
        self.refused = 0
        self.failed_connects = 0
        self.running = True

    async def one(self):
        while self.running:
            try:
                reader, writer = await asyncio.open_connection(self.host, self.port)
            except OSError:
                self.failed_connects += 1
                await asyncio.sleep(1)
                continue
            self.open += 1
            self.peak_open = max(self.peak_open, self.open)
            try:
                writer.write(HEAD[:1])
                i = 1
                while self.running:
                    try:
                        head = await asyncio.wait_for(reader.read(64), self.trickle)
                    except asyncio.TimeoutError:
                        writer.write(HEAD[i:i + 1] if i < len(HEAD) else b'x')
                        i += 1
                        continue
                    if head.startswith(b'HTTP/1.1 408'):
                        self.answered_408 += 1
                    elif head.startswith(b'HTTP/1.1 503'):
                        self.refused += 1
                    self.cut += 1
                    break
            except OSError:
                self.cut += 1
            finally:
                self.open -= 1
                writer.close()

    async def run(self):
        tasks = []
        batch = max(1, self.open_rate // 10)
        for n in range(self.target):
            tasks.append(asyncio.create_task(self.one()))
            if n % batch == batch - 1:
                await asyncio.sleep(0.1)
        return tasks


async def main_async(args):
    body = str(Path(args.body).resolve())
    port = args.port
    pid = args.pid or listening_pid(port)
    samples = []

    async def sample(stop):
        while not stop.is_set():
            samples.append({'t': round(time.time(), 1), 'fds': fd_count(pid) if pid else None})
            await asyncio.sleep(1)

    await receipts(args.host, port, body, 3)  # warm
    alone = await measured(args.host, port, body, args.baseline, pid)
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample(stop))
    crowd = SlowCrowd(args.host, port, args.connections, args.trickle, args.open_rate)
    opened = time.time()
    tasks = await crowd.run()
    ramp_s = round(time.time() - opened, 1)
    held_at_start = crowd.open
    under = await measured(args.host, port, body, 0, pid, until=time.time() + args.hold)
    held_at_end = crowd.open
    crowd.running = False
    stop.set()
    await sampler
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    fds = [s['fds'] for s in samples if s['fds'] is not None]
    await asyncio.sleep(2)
    after = await measured(args.host, port, body, args.baseline, pid)
    return {
        'connections_target': args.connections, 'ramp_s': ramp_s,
        'held_open_after_ramp': held_at_start, 'held_open_at_end': held_at_end, 'peak_open': crowd.peak_open,
        'cut_by_gateway': crowd.cut, 'answered_408': crowd.answered_408, 'refused_503': crowd.refused,
        'failed_connects': crowd.failed_connects,
        'receipts_alone': alone, 'receipts_with_slow_clients': under, 'receipts_after': after,
        'gateway_pid': pid, 'gateway_fd_peak': max(fds) if fds else None, 'gateway_fd_limit': fd_limit(pid),
        'bench_fd_limit': resource.getrlimit(resource.RLIMIT_NOFILE)[0],
    }


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--port', type=int, default=8080)
    p.add_argument('--pid', type=int, help='the gateway process (default: the one listening on --port)')
    p.add_argument('--connections', type=int, default=10_000)
    p.add_argument('--open-rate', type=int, default=2_000, help='slow connections opened per second')
    p.add_argument('--trickle', type=float, default=5.0, help='seconds between two bytes of a slow head')
    p.add_argument('--hold', type=float, default=30.0, help='seconds the crowd is held while receipts are sent')
    p.add_argument('--baseline', type=int, default=20, help='receipts sent alone, before and after the crowd')
    p.add_argument('--body', default=str(REPO.parent / 'shared/data/sroie-dev/img/000.jpg'))
    args = p.parse_args()
    if not ipaddress.ip_address(args.host).is_loopback:
        sys.exit('slow_clients_bench: --host must be a loopback address')
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < args.connections + 100:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, args.connections + 1000), hard))
    print(json.dumps(asyncio.run(main_async(args)), indent=2))


if __name__ == '__main__':
    main()
