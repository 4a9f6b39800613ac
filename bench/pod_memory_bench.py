#!/usr/bin/env python3
"""Peak RSS of one gateway sized as a Kubernetes pod (k8s/base), under receipts and office PDFs at once.

The memory request and limit of k8s/base come from this figure (docs/deployment.md, "Requests and limits"):
the gateway runs with README's JVM flags and the pod's settings (two threads per pool), and `--concurrency`
clients post, for `--seconds`, the SROIE receipts and every third request the invoice PDF of docs/examples (two
office pages drawn at 200 dpi, which the receipts never exercise). RSS of the process is sampled every 50 ms.

    python3 bench/pod_memory_bench.py --gateway-jar gateway/target/gateway.jar --concurrency 8 --seconds 120

Prints the peak RSS in MiB and the answers by status; writes bench/out/podmemory-<UTC stamp>.json.
Standard library only.
"""
import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import RssSampler, machine, now_stamp, stop_process  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
JVM_FLAGS = ['-Xmx512m', '-Xms32m', '-XX:+UseSerialGC', '-XX:MinHeapFreeRatio=5', '-XX:MaxHeapFreeRatio=15']
POD_SETTINGS = {'GATEWAY_INFERENCE_THREADS': '2', 'GATEWAY_ORT_INTRA_THREADS': '2', 'GATEWAY_DECODE_THREADS': '2',
                'GATEWAY_REQUEST_LOG_LEVEL': 'OFF', 'GATEWAY_HOST': '127.0.0.1'}


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def multipart(name, data, content_type):
    boundary = uuid.uuid4().hex
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f'Content-Type: {content_type}\r\n\r\n').encode() + data + f'\r\n--{boundary}--\r\n'.encode()
    return body, f'multipart/form-data; boundary={boundary}'


def documents(receipts_dir):
    receipts = sorted(Path(receipts_dir).glob('*.jpg'))
    if not receipts:
        sys.exit(f'no receipts in {receipts_dir}')
    pdf = ROOT / 'docs/examples/invoice.pdf'
    return [(p.name, p.read_bytes(), 'image/jpeg') for p in receipts], (pdf.name, pdf.read_bytes(), 'application/pdf')


def client(port, index, receipts, pdf, until, statuses, lock):
    conn, n = None, 0
    while time.monotonic() < until:
        name, data, ctype = pdf if (n + index) % 3 == 0 else receipts[(n * 7 + index) % len(receipts)]
        body, header = multipart(name, data, ctype)
        try:
            conn = conn or http.client.HTTPConnection('127.0.0.1', port, timeout=60)
            conn.request('POST', '/v1/documents/analyze', body, {'Content-Type': header})
            response = conn.getresponse()
            response.read()
            status = response.status
        except OSError as e:
            status, conn = type(e).__name__, None
        with lock:
            statuses[str(status)] = statuses.get(str(status), 0) + 1
        n += 1


def wait_ready(port, proc, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f'gateway exited with {proc.returncode}')
        try:
            conn = http.client.HTTPConnection('127.0.0.1', port, timeout=2)
            conn.request('GET', '/health/ready')
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit(f'gateway not ready within {timeout} s')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--gateway-jar', default='gateway/target/gateway.jar')
    ap.add_argument('--receipts', default=str(ROOT.parent / 'shared/data/sroie-dev/img'))
    ap.add_argument('--concurrency', type=int, default=8)
    ap.add_argument('--seconds', type=int, default=120)
    args = ap.parse_args()

    receipts, pdf = documents(args.receipts)
    facts = machine()
    out_dir = ROOT / 'bench/out'
    out_dir.mkdir(parents=True, exist_ok=True)
    port, stamp = free_port(), now_stamp()
    env = dict(os.environ, GATEWAY_HTTP_PORT=str(port), GATEWAY_ADMIN_PORT='0', **POD_SETTINGS)
    log = open(out_dir / f'podmemory-{stamp}.gateway.log', 'w')
    proc = subprocess.Popen(['java', *JVM_FLAGS, '-jar', str(Path(args.gateway_jar).resolve())], env=env,
                            stdout=log, stderr=subprocess.STDOUT, cwd=out_dir)
    sampler = RssSampler(proc.pid)
    try:
        wait_ready(port, proc, 180)
        sampler.start()
        time.sleep(2)
        ready_kib = sampler.reset_peak()
        statuses, lock = {}, threading.Lock()
        until = time.monotonic() + args.seconds
        threads = [threading.Thread(target=client, args=(port, i, receipts, pdf, until, statuses, lock))
                   for i in range(args.concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        peak_kib = sampler.stop()
    finally:
        stop_process(proc)
        log.close()
    report = {'command': ' '.join(sys.argv), 'concurrency': args.concurrency, 'seconds': args.seconds,
              'jvm_flags': JVM_FLAGS, 'settings': POD_SETTINGS, 'ready_rss_mib': round(ready_kib / 1024, 1),
              'peak_rss_mib': round(peak_kib / 1024, 1), 'statuses': statuses,
              'loadavg_at_end': os.getloadavg(), 'machine': facts}
    (out_dir / f'podmemory-{stamp}.json').write_text(json.dumps(report, indent=2))
    print(f'peak RSS {report["peak_rss_mib"]} MiB (ready: {report["ready_rss_mib"]} MiB); answers {statuses}; '
          f'load average at the end {report["loadavg_at_end"][0]:.1f}; bench/out/podmemory-{stamp}.json')


if __name__ == '__main__':
    main()
