#!/usr/bin/env python3
"""What a Kafka backlog costs an HTTP caller: one gateway, two inference threads, Kafka work held to its default share
(GATEWAY_KAFKA_INFERENCE_SHARE=0.5, one record at a time), an HTTP caller posting receipts one after another with
the request topic empty and then with --backlog receipts waiting on it. Goal: HTTP p99 with the backlog at most
twice its p99 without.

Set-up as bench/kafka_bench.py: the broker of bench/kafka-broker.sh at --bootstrap (started if nothing answers there,
stopped at the end), the gateway from --gateway-jar on topics and a consumer group of the run's own, so no record of
an earlier run is read and the backlog left at the end is never read again.

Phases, after --warmup receipts through each way:
(a) alone: --samples receipts (the sroie-dev receipts in order) posted one at a time.
(b) with the backlog: --backlog request records produced at once; once the first result is read (the worker is
    busy), the same --samples receipts posted one at a time again.
p50 / p95 / p99 of each phase, their ratios, and the Kafka results read while (b) ran (the backlog being worked).
The backlog left at the end stays on the run's own topic and is never read again.

Writes bench/out/kafka-backlog-<stamp>.json and prints the table. Needs kcat and, to start the broker, Maven.
"""
import argparse
import json
import os
import shlex
import shutil
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import add_started_gateway_arguments, machine, now_stamp, percentile  # noqa: E402
from kafka_bench import WARMUP_TIMEOUT, Broker, HttpWay, KafkaWay  # noqa: E402
from ocr_bench import EngineUnavailable, GatewayHttp  # noqa: E402



def latencies(http, images, samples):
    rows = [http.one(images[i % len(images)]) for i in range(samples)]
    failed = [r for r in rows if r['pages'] is None]
    return [r['ms'] for r in rows if r['pages'] is not None], failed


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--backlog', type=int, default=2000, help='request records waiting in (b)')
    ap.add_argument('--samples', type=int, default=60, help='HTTP receipts one at a time per phase')
    ap.add_argument('--warmup', type=int, default=4)
    ap.add_argument('--bootstrap', default='localhost:9092')
    add_started_gateway_arguments(ap, 18281)
    args = ap.parse_args(argv)
    if not shutil.which('kcat'):
        raise SystemExit('kafka backlog bench: kcat is missing (Debian: apt-get install kcat)')

    stamp = now_stamp()
    out = Path(args.out)
    workdir = out / f'kafka-backlog-{stamp}'
    workdir.mkdir(parents=True, exist_ok=True)
    images = sorted(str(p) for p in Path(args.images).glob('*.jpg'))
    if not images:
        raise SystemExit(f'no receipts in {args.images}')
    run = f'backlog-{stamp.lower()}'
    topics = {f'GATEWAY_KAFKA_{kind}_TOPIC': f'{run}.{name}' for kind, name in
              (('REQUESTS', 'rpa.ocr.requests'), ('RESULTS', 'rpa.ocr.results'), ('DLQ', 'rpa.ocr.dlq'),
               ('POLICY', 'rpa.gateway.policy'))}
    env = {'GATEWAY_KAFKA_BOOTSTRAP': args.bootstrap, 'GATEWAY_KAFKA_GROUP': f'{run}.rpa-gateway',
           'GATEWAY_INFERENCE_THREADS': '2', 'GATEWAY_REQUEST_LOG_LEVEL': 'OFF', **topics}
    report = {'command': sys.argv, 'machine': machine(), 'stamp': stamp, 'gateway_env': env,
              'backlog': args.backlog}

    gateway = GatewayHttp(args.gateway_url, workdir, jar=args.gateway_jar,
                          jvm_flags=shlex.split(args.gateway_jvm_flags), env_extra=env)
    broker = Broker(args.bootstrap, 2)
    broker.start()
    broker.create_topics(topics)
    kafka = None
    try:
        try:
            gateway.start()
        except EngineUnavailable as e:
            raise SystemExit(f'kafka backlog bench: gateway unavailable: {e}')
        http = HttpWay(gateway.host, gateway.port, 300)
        kafka = KafkaWay(args.bootstrap, topics, workdir)
        for i in range(args.warmup):
            http.one(images[i % len(images)])
        warm = [(f'{run}-w{i:03d}', images[i % len(images)]) for i in range(args.warmup)]
        kafka.send(warm)
        if kafka.collect(warm, WARMUP_TIMEOUT)[1]:
            raise SystemExit(f'kafka backlog bench: no warm-up result within {WARMUP_TIMEOUT} s (log: {workdir})')

        alone, failed_alone = latencies(http, images, args.samples)
        backlog = [(f'{run}-b{i:05d}', images[i % len(images)]) for i in range(args.backlog)]
        kafka.send(backlog)
        keys = [rid for rid, _ in backlog]
        kafka.results.wait(keys[:1], time.monotonic() + WARMUP_TIMEOUT)
        before = sum(1 for k in keys if k in kafka.results.arrived)
        busy, failed_busy = latencies(http, images, args.samples)
        report.update(alone_ms=alone, busy_ms=busy, failed=len(failed_alone) + len(failed_busy),
                      kafka_results_during_b=sum(1 for k in keys if k in kafka.results.arrived) - before)
    finally:
        if kafka:
            kafka.stop()
        gateway.stop()
        broker.stop()
        report['loadavg_at_end'] = os.getloadavg()
        (out / f'kafka-backlog-{stamp}.json').write_text(json.dumps(report, indent=1))

    alone, busy = report['alone_ms'], report['busy_ms']
    print()
    print('| HTTP, one receipt at a time | alone | with the backlog | ratio |')
    print('|---|---|---|---|')
    for q in (50, 95, 99):
        a, b = percentile(alone, q), percentile(busy, q)
        print(f'| p{q} ms | {a:.0f} | {b:.0f} | {b / a:.2f}x |')
    print(f'\n{len(alone)} + {len(busy)} samples, {report["failed"]} failed, '
          f'{report["kafka_results_during_b"]} Kafka results read during (b); '
          f'load average {report["machine"]["loadavg_at_start"][0]:.1f} at the start, '
          f'{report["loadavg_at_end"][0]:.1f} at the end ({os.cpu_count()} cores); '
          f'every request in {out / f"kafka-backlog-{stamp}.json"}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
