#!/usr/bin/env python3
"""Gateway overhead: wrk at fixed request rates against a constant-time loopback provider, directly, through
nginx, and through our gateway routed to that provider.

Targets (all on 127.0.0.1):
- direct:  the provider itself, an nginx `return 200` of a static answer for any request: Textract
           DetectDocumentText (bench/overhead/textract-detect.json) or, with --gateway-route document-ai, a token
           at /token and a Document AI :process answer (DOCAI_DOCUMENT below) everywhere else;
- nginx:   Debian's nginx proxying to it (HTTP/1.1, upstream keep-alive);
- gateway: POST /v1/documents/analyze with bench/overhead/tiny.jpg, the gateway routing to the same provider.

For each target the rates are stepped up (--rates) until the achieved rate falls below 90 % of the target rate.
Reported per rate: achieved rate, p50/p99 latency and errors; added p50/p99 of nginx and gateway over direct at
the same rate; and per target the highest rate sustained with p99 under --p99-limit-ms (10 ms) and no errors.

Gateway routing: by default (--gateway-route textract) the harness writes a routing policy whose catch-all
route sends every request to a `textract` provider with `endpoint` = the loopback provider, and starts the
gateway with GATEWAY_POLICY_FILE pointing at it, dummy AWS keys (the provider ignores signatures),
GATEWAY_WARMUP=false and GATEWAY_ADMIN_PORT=0. --gateway-route none leaves the routing to --gateway-env
KEY=VALUE settings (repeatable; `{provider}` in a value becomes the provider's base URL), which also override
the settings above. The provider entry sets maxConcurrency (--provider-max-concurrency, 64; 0 leaves the
gateway's default of 16): the cap is there for a real provider's quota, and at 4,000/s a 16-call cap refuses the
bursts a GC pause leaves behind, which measures the cap rather than the gateway. The gateway sends the provider
the caller's JPEG unchanged, sized from its header (no pixel decoding), so the gateway's figure is routing, the
AWS SDK call (SigV4, JSON) and the response mapping. --gateway-route document-ai routes to a `document-ai`
provider instead (the Vert.x web client; a service-account key with a fresh RSA key whose token_uri is the
loopback provider), and the provider and nginx are then sent the adapter's :process body.

Before its first step the gateway gets --gateway-warmup seconds (20) of unmeasured load at the highest rate, so
that the steps measure compiled code rather than the JIT's first minute; nginx needs none.

Standard library only; needs wrk and nginx (bench/prepare-peers.sh installs both).
"""
import argparse
import base64
import json
import math
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import RssSampler, machine, now_stamp  # noqa: E402
from ocr_bench import EngineUnavailable, GatewayHttp  # noqa: E402

BENCH = Path(__file__).resolve().parent
OVERHEAD = BENCH / 'overhead'

NGINX_MAIN = """
worker_processes {workers};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  client_body_buffer_size 1m;
  client_max_body_size 20m;
{server}
}}
"""

PROVIDER_SERVER = """
  server {{
    listen 127.0.0.1:{port} reuseport;
    location / {{
      default_type application/x-amz-json-1.1;
      add_header x-amzn-RequestId bench-constant;
      return 200 '{body}';
    }}
  }}
"""

DOCAI_PROVIDER_SERVER = """
  server {{
    listen 127.0.0.1:{port} reuseport;
    default_type application/json;
    location = /token {{
      return 200 '{{"access_token":"bench","expires_in":3600,"token_type":"Bearer"}}';
    }}
    location / {{
      return 200 '{body}';
    }}
  }}
"""

# A Document AI :process answer for the same line the Textract answer carries, in the API's protobuf JSON form.
DOCAI_DOCUMENT = {'document': {
    'mimeType': 'image/jpeg', 'text': 'TOTAL 9.00\n',
    'pages': [{'pageNumber': 1, 'dimension': {'width': 64, 'height': 32, 'unit': 'pixels'},
               'layout': {'textAnchor': {'textSegments': [{'endIndex': '11'}]}, 'confidence': 0.99,
                          'boundingPoly': {'normalizedVertices': [{}, {'x': 1}, {'x': 1, 'y': 1}, {'y': 1}]}},
               'lines': [{'layout': {'textAnchor': {'textSegments': [{'endIndex': '11'}]}, 'confidence': 0.996,
                                     'boundingPoly': {'normalizedVertices': [
                                         {'x': 0.05, 'y': 0.2}, {'x': 0.95, 'y': 0.2},
                                         {'x': 0.95, 'y': 0.8}, {'x': 0.05, 'y': 0.8}]}}}],
               'tokens': [{'layout': {'textAnchor': {'textSegments': [{'endIndex': '6'}]}, 'confidence': 0.997,
                                      'boundingPoly': {'normalizedVertices': [
                                          {'x': 0.05, 'y': 0.2}, {'x': 0.5, 'y': 0.2},
                                          {'x': 0.5, 'y': 0.8}, {'x': 0.05, 'y': 0.8}]}},
                           'detectedBreak': {'type': 'SPACE'}},
                          {'layout': {'textAnchor': {'textSegments': [{'startIndex': '6', 'endIndex': '11'}]},
                                      'confidence': 0.995,
                                      'boundingPoly': {'normalizedVertices': [
                                          {'x': 0.55, 'y': 0.2}, {'x': 0.95, 'y': 0.2},
                                          {'x': 0.95, 'y': 0.8}, {'x': 0.55, 'y': 0.8}]}}}]}]}}
DOCAI_PROCESS_PATH = '/v1/projects/bench/locations/us/processors/bench:process'

PROXY_SERVER = """
  upstream provider {{
    server 127.0.0.1:{upstream_port};
    keepalive 128;
  }}
  server {{
    listen 127.0.0.1:{port} reuseport;
    location / {{
      proxy_pass http://provider;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering on;
    }}
  }}
"""


def wait_port(port, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(('127.0.0.1', port)) == 0:
                return True
        time.sleep(0.1)
    return False


class Nginx:
    """One nginx master in the foreground with its own prefix directory, so it never touches the system one."""

    def __init__(self, name, prefix, port, server_block, workers):
        self.name, self.prefix, self.port = name, prefix, port
        prefix.mkdir(parents=True, exist_ok=True)
        (prefix / 'logs').mkdir(exist_ok=True)
        self.conf = prefix / 'nginx.conf'
        self.conf.write_text(NGINX_MAIN.format(workers=workers, prefix=prefix, server=server_block))
        self.proc = None

    def start(self):
        nginx = 'nginx' if subprocess.run(['sh', '-c', 'command -v nginx'], capture_output=True).returncode == 0 \
            else '/usr/sbin/nginx'
        self.proc = subprocess.Popen([nginx, '-p', str(self.prefix), '-c', str(self.conf), '-g', 'daemon off;'],
                                     stdout=subprocess.DEVNULL, stderr=open(self.prefix / 'stderr.log', 'w'))
        if not wait_port(self.port):
            self.stop()
            raise RuntimeError(f'{self.name} nginx did not listen on {self.port}; see {self.prefix}/stderr.log')
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def run_wrk(url, rate, duration, body_file, content_type, header, threads, timeout_s):
    """One paced wrk run; returns its summary dict (latencies in ms)."""
    # Enough connections that each has ~5 ms between its send slots (the Lua delay has 1 ms resolution).
    connections = max(threads, min(1000, math.ceil(rate * 0.005)))
    env = dict(os.environ, BENCH_THREAD_RATE=f'{rate / threads:.3f}', BENCH_METHOD='POST',
               BENCH_BODY_FILE=str(body_file), BENCH_CONTENT_TYPE=content_type, BENCH_HEADER=header or '')
    cmd = ['wrk', '-t', str(threads), '-c', str(connections), '-d', f'{duration}s', '--timeout', f'{timeout_s}s',
           '-s', str(OVERHEAD / 'paced.lua'), url]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=duration + 60)
    line = next((l for l in out.stdout.splitlines() if l.startswith('BENCH_RESULT ')), None)
    if line is None:
        raise RuntimeError(f'wrk gave no result: {out.stdout[-400:]} {out.stderr[-400:]}')
    r = json.loads(line[len('BENCH_RESULT '):])
    seconds = r['duration_us'] / 1e6
    errors = sum(r['errors'].values())
    lat = r['latency_us']
    return {
        'target_rate': rate, 'connections': connections,
        'achieved_rate': round(r['requests'] / seconds, 1) if seconds else None,
        'requests': r['requests'], 'errors': errors, 'error_detail': r['errors'],
        'p50_ms': lat['p50'] / 1000, 'p90_ms': lat['p90'] / 1000, 'p99_ms': lat['p99'] / 1000,
        'p999_ms': lat['p999'] / 1000, 'max_ms': lat['max'] / 1000, 'mean_ms': round(lat['mean'] / 1000, 3),
        'command': ' '.join(shlex.quote(c) for c in cmd),
    }


def step_rates(name, url, rates, args, body_file, content_type, header, log, sampler=None):
    steps = []
    for rate in rates:
        step = run_wrk(url, rate, args.duration, body_file, content_type, header, args.wrk_threads, args.wrk_timeout)
        if sampler:
            step['peak_rss_mib'] = round(sampler.reset_peak() / 1024, 1)
        steps.append(step)
        log(f'[{name}] {rate}/s → {step["achieved_rate"]}/s, p50 {step["p50_ms"]:.3f} ms, p99 {step["p99_ms"]:.3f} ms,'
            f' errors {step["errors"]}')
        if step['achieved_rate'] is None or step['achieved_rate'] < 0.9 * rate:
            log(f'[{name}] saturated at {rate}/s')
            break
        time.sleep(args.pause)
    return steps


def service_account_key(workdir, token_uri):
    """A service-account key file with a fresh RSA key (the loopback provider never checks the signature)."""
    pem = subprocess.run(['openssl', 'genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
                         check=True, capture_output=True, text=True).stdout
    path = workdir / 'docai-key.json'
    path.write_text(json.dumps({'type': 'service_account', 'project_id': 'bench', 'private_key_id': 'bench',
                                'private_key': pem, 'client_email': 'bench@bench.iam.gserviceaccount.com',
                                'token_uri': token_uri}))
    return path


def routing_env(route, provider_url, workdir, max_concurrency):
    """Gateway settings that route every request to the loopback provider."""
    if route == 'none':
        return {}
    if route == 'document-ai':
        provider = {'kind': 'document-ai', 'endpoint': provider_url, 'location': 'us', 'project': 'bench',
                    'processor': 'bench', 'credentials': 'file:' + str(service_account_key(workdir, provider_url + '/token'))}
    else:
        provider = {'kind': 'textract', 'region': 'us-east-1', 'endpoint': provider_url}
    if max_concurrency:
        provider['maxConcurrency'] = max_concurrency
    provider_id = 'docai:bench' if route == 'document-ai' else 'textract:bench'
    policy = {
        'providers': {
            'onnx:ppocr-v4': {'kind': 'onnx', 'model': 'ppocr-v4'},
            provider_id: provider,
        },
        'routes': [{'name': 'default', 'match': {},
                    'variants': [{'name': 'bench', 'provider': provider_id, 'weight': 100}]}],
    }
    path = workdir / 'routing-policy.json'
    path.write_text(json.dumps(policy, indent=2))
    return {'GATEWAY_POLICY_FILE': str(path), 'GATEWAY_WARMUP': 'false', 'GATEWAY_ADMIN_PORT': '0',
            'AWS_ACCESS_KEY_ID': 'bench', 'AWS_SECRET_ACCESS_KEY': 'bench', 'AWS_REGION': 'us-east-1'}


def loopback_provider(route, workdir, port):
    """The constant-time provider (not started): one nginx worker answering every request with a static answer in
    the API's form, Document AI's for route `document-ai`, Textract's DetectDocumentText otherwise."""
    if route == 'document-ai':
        answer, server = json.dumps(DOCAI_DOCUMENT, separators=(',', ':')), DOCAI_PROVIDER_SERVER
    else:
        answer = json.dumps(json.loads((OVERHEAD / 'textract-detect.json').read_text()), separators=(',', ':'))
        server = PROVIDER_SERVER
    # nginx reads backslash escapes inside a quoted string: JSON's own escapes (`\n`) must reach the client intact.
    return Nginx('provider', workdir / 'nginx-provider', port,
                 server.format(port=port, body=answer.replace('\\', '\\\\')), workers=1)


def sustained(steps, limit_ms):
    ok = [s['target_rate'] for s in steps
          if s['errors'] == 0 and s['p99_ms'] < limit_ms and s['achieved_rate'] >= 0.95 * s['target_rate']]
    return max(ok) if ok else None


def added(target_steps, direct_steps):
    by_rate = {s['target_rate']: s for s in direct_steps}
    out = []
    for s in target_steps:
        d = by_rate.get(s['target_rate'])
        if d:
            out.append({'rate': s['target_rate'], 'added_p50_ms': round(s['p50_ms'] - d['p50_ms'], 3),
                        'added_p99_ms': round(s['p99_ms'] - d['p99_ms'], 3)})
    return out


def markdown(report):
    lines = [f'# Gateway overhead {report["stamp"]}', '', f'Command: `{report["command"]}`', '',
             f'Machine: {report["machine"].get("nproc")} × {report["machine"].get("cpu_model")}, '
             f'load average at start {report["machine"]["loadavg_at_start"][0]:.2f}; {report["duration_s"]} s per '
             f'rate; p99 limit {report["p99_limit_ms"]} ms', '']
    names = [n for n in ('direct', 'nginx', 'gateway') if n in report['targets']]
    head = '| rate/s | ' + ' | '.join(f'{n} achieved/s | {n} p50 ms | {n} p99 ms' for n in names) + ' |'
    lines += [head, '|' + '---|' * (1 + 3 * len(names))]
    rates = sorted({s['target_rate'] for n in names for s in report['targets'][n].get('steps', [])})
    for rate in rates:
        cells = []
        for n in names:
            s = next((s for s in report['targets'][n].get('steps', []) if s['target_rate'] == rate), None)
            cells += [str(s['achieved_rate']), f'{s["p50_ms"]:.3f}', f'{s["p99_ms"]:.3f}'] if s else ['', '', '']
        lines.append(f'| {rate} | ' + ' | '.join(cells) + ' |')
    lines += ['']
    for n in names:
        t = report['targets'][n]
        if 'skipped' in t:
            lines.append(f'- {n}: skipped: {t["skipped"]}')
            continue
        lines.append(f'- {n}: highest rate with p99 < {report["p99_limit_ms"]} ms: {t.get("sustained_rate")}/s')
        for a in t.get('added_over_direct', []):
            lines.append(f'  - at {a["rate"]}/s: +{a["added_p50_ms"]} ms p50, +{a["added_p99_ms"]} ms p99 over direct')
    return '\n'.join(lines) + '\n'


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--targets', default='direct,nginx,gateway')
    ap.add_argument('--rates', default='100,200,500,1000,2000,5000,10000,20000')
    ap.add_argument('--duration', type=int, default=20, help='seconds per rate step')
    ap.add_argument('--pause', type=float, default=2.0, help='seconds between steps')
    ap.add_argument('--p99-limit-ms', type=float, default=10.0)
    ap.add_argument('--wrk-threads', type=int, default=1)
    ap.add_argument('--wrk-timeout', type=int, default=5)
    ap.add_argument('--provider-port', type=int, default=18091)
    ap.add_argument('--nginx-port', type=int, default=18092)
    ap.add_argument('--nginx-workers', default='auto', help='worker_processes of the proxying nginx')
    ap.add_argument('--gateway-url', default='http://127.0.0.1:18093')
    ap.add_argument('--gateway-path', default='/v1/documents/analyze')
    ap.add_argument('--gateway-jar', help='start this gateway.jar (port from --gateway-url)')
    ap.add_argument('--gateway-jvm-flags', default='-Xmx512m')
    ap.add_argument('--gateway-header', metavar='"NAME: VALUE"',
                    help='sent with every request to the gateway (and its probe): an API key, say')
    ap.add_argument('--gateway-route', choices=('textract', 'document-ai', 'none'), default='textract',
                    help='routing policy written for the gateway: a textract (SigV4, AWS JSON 1.1) or document-ai '
                         '(OAuth2, REST) provider on the loopback; the loopback provider then answers in that API\'s '
                         'form')
    ap.add_argument('--gateway-warmup', type=int, default=20, metavar='SECONDS',
                    help='unmeasured load at the highest rate before the gateway\'s first step (0: none)')
    ap.add_argument('--provider-max-concurrency', type=int, default=64,
                    help='maxConcurrency of the bench provider (0: the gateway default, 16); the cap protects '
                         'a real provider\'s quota, here it would only measure the cap instead of the gateway')
    ap.add_argument('--gateway-env', action='append', default=[], metavar='KEY=VALUE',
                    help='gateway settings; {provider} is replaced by the provider URL')
    ap.add_argument('--body', default=str(OVERHEAD / 'tiny.jpg'), help='image the gateway is sent')
    ap.add_argument('--out', default=str(BENCH / 'out'))
    args = ap.parse_args(argv)

    targets = [t.strip() for t in args.targets.split(',') if t.strip()]
    rates = [int(r) for r in args.rates.split(',')]
    stamp = now_stamp()
    out = Path(args.out)
    workdir = out / f'overhead-{stamp}'
    workdir.mkdir(parents=True, exist_ok=True)
    provider_url = f'http://127.0.0.1:{args.provider_port}'

    def log(msg):
        print(msg, flush=True)

    # The provider is sent what the adapter would send: the image as base64 in a DetectDocumentText call, or in a
    # Document AI :process call, and answers as that API does.
    content = base64.b64encode(Path(args.body).read_bytes()).decode()
    provider_body = workdir / 'provider-request.json'
    if args.gateway_route == 'document-ai':
        provider_body.write_text(json.dumps({'rawDocument': {'content': content, 'mimeType': 'image/jpeg'}}))
        provider_type, provider_header, provider_path = 'application/json', None, DOCAI_PROCESS_PATH
    else:
        provider_body.write_text(json.dumps({'Document': {'Bytes': content}}))
        provider_type, provider_header = 'application/x-amz-json-1.1', 'X-Amz-Target: Textract.DetectDocumentText'
        provider_path = '/'
    provider = loopback_provider(args.gateway_route, workdir, args.provider_port)
    proxy = Nginx('proxy', workdir / 'nginx-proxy', args.nginx_port,
                  PROXY_SERVER.format(port=args.nginx_port, upstream_port=args.provider_port), workers=args.nginx_workers)
    report = {'stamp': stamp, 'command': ' '.join(shlex.quote(a) for a in [sys.argv[0], *(argv or sys.argv[1:])]),
              'machine': machine(), 'duration_s': args.duration, 'p99_limit_ms': args.p99_limit_ms,
              'provider_url': provider_url, 'targets': {}}
    started = []
    try:
        provider.start()
        started.append(provider)
        if 'direct' in targets:
            steps = step_rates('direct', provider_url + provider_path, rates, args, provider_body, provider_type,
                               provider_header, log)
            report['targets']['direct'] = {'url': provider_url + provider_path, 'steps': steps}
        if 'nginx' in targets:
            proxy.start()
            started.append(proxy)
            url = f'http://127.0.0.1:{args.nginx_port}{provider_path}'
            steps = step_rates('nginx', url, rates, args, provider_body, provider_type, provider_header, log)
            report['targets']['nginx'] = {'url': url, 'steps': steps}
        if 'gateway' in targets:
            env = routing_env(args.gateway_route, provider_url, workdir, args.provider_max_concurrency)
            env.update(kv.split('=', 1) for kv in args.gateway_env)
            env = {k: v.replace('{provider}', provider_url) for k, v in env.items()}
            header = args.gateway_header
            gateway = GatewayHttp(args.gateway_url, workdir, jar=args.gateway_jar,
                                  jvm_flags=shlex.split(args.gateway_jvm_flags), env_extra=env, path=args.gateway_path,
                                  headers=dict([(n.strip(), v.strip()) for n, v in [header.split(':', 1)]])
                                  if header else None)
            try:
                pid, _ = gateway.start()
            except EngineUnavailable as e:
                report['targets']['gateway'] = {'skipped': str(e)}
                log(f'[gateway] skipped: {e}')
            else:
                sampler = RssSampler(pid).start() if pid else None
                try:
                    probe = gateway.one(args.body)
                    expected = {'textract': 'textract:bench', 'document-ai': 'docai:bench'}.get(args.gateway_route)
                    reason = None
                    if probe.get('error'):
                        reason = f'probe request failed: {probe["error"]}'
                    elif expected and probe.get('provider') != expected:
                        # Measuring OCR instead of routing would be worse than no figure.
                        reason = (f'the gateway did not route to the loopback provider (X-Provider: '
                                  f'{probe.get("provider")}, expected {expected}); see routing-policy.json')
                    if reason:
                        report['targets']['gateway'] = {'skipped': reason}
                        log(f'[gateway] skipped: {reason}')
                    else:
                        url = args.gateway_url.rstrip('/') + args.gateway_path
                        if args.gateway_warmup > 0:
                            # Unmeasured: the JIT compiles the SDK's and Vert.x's paths in the first seconds.
                            rate = max(rates)
                            log(f'[gateway] warm-up: {args.gateway_warmup} s at {rate}/s, not measured')
                            warm = argparse.Namespace(**{**vars(args), 'duration': args.gateway_warmup})
                            run_wrk(url, rate, warm.duration, Path(args.body), 'image/jpeg', header, args.wrk_threads,
                                    args.wrk_timeout)
                            time.sleep(args.pause)
                        steps = step_rates('gateway', url, rates, args, Path(args.body), 'image/jpeg', header, log,
                                           sampler)
                        report['targets']['gateway'] = {'url': url, 'steps': steps, 'gateway_env': env}
                finally:
                    if sampler:
                        sampler.stop()
                    gateway.stop()
    finally:
        for n in reversed(started):
            n.stop()
    direct = report['targets'].get('direct', {}).get('steps', [])
    for name, t in report['targets'].items():
        if 'steps' in t:
            t['sustained_rate'] = sustained(t['steps'], args.p99_limit_ms)
            if name != 'direct' and direct:
                t['added_over_direct'] = added(t['steps'], direct)
    report['machine']['loadavg_at_end'] = os.getloadavg()
    (out / f'overhead-{stamp}.json').write_text(json.dumps(report, indent=2))
    md = markdown(report)
    (out / f'overhead-{stamp}.md').write_text(md)
    print()
    print(md)
    return 0


if __name__ == '__main__':
    sys.exit(main())
