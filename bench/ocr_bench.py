#!/usr/bin/env python3
"""OCR benchmark: our gateway's HTTP API against RapidOcr-Java, Guten OCR and Tesseract on SROIE receipts.

Each engine runs as its own process. First, unless --no-paired, every engine is started and they take turns page
by page at concurrency 1 (the first engine rotating from page to page), so that the machine's drift over the
minutes of a run (10-15% on a shared 2-core machine) falls on all of them alike: the paired latency and its ratios.
Then one engine at a time: per concurrency level it measures per-page latency (p50/p95), pages per second and
peak RSS; at the lowest concurrency level it also writes the predictions in score_sroie.py's format and scores
them (word_f1, line_cer). Results go to bench/out/ocr-<stamp>.json and .md; ratios ours/peer are printed.

How latency is taken:
- ours: end to end, client side, around one HTTP request (image bytes preloaded, one keep-alive connection per
  client thread);
- rapidocr-java, guten: the peer's own per-image timing around its recognise call (no process start, no model
  load: both are warmed up before the timed runs);
- tesseract: wall time of one `tesseract IMG stdout -l eng tsv` process per image (that is how it is used).
Pages/s is images / wall time of the whole run at that concurrency.

How concurrency N is realised:
- ours: N client threads, each with its own connection;
- rapidocr-java: N Java threads sharing the library's singleton native engine;
- guten: N worker_threads in the one Node process, each with its own Ocr instance;
- tesseract: N tesseract processes at a time.

Standard library only.
"""
import argparse
import http.client
import json
import os
import queue
import re
import shlex
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.dont_write_bytecode = True  # keep bench/ free of __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import RssSampler, listening_pid, machine, now_stamp, percentile, stop_process  # noqa: E402

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PEERS = BENCH / '.peers'
ALL_ENGINES = ('ours', 'rapidocr-java', 'guten', 'tesseract')
DESCRIPTIONS = {
    'ours': 'rpa-vision-gateway, local PP-OCRv4 through POST /v1/documents/analyze',
    'baseline': 'another build of rpa-vision-gateway (--baseline-jar), the same way, to compare two builds in one run',
    'rapidocr-java': 'RapidOcr-Java 0.0.7 (JNI over RapidOcrOnnx, bundled PP-OCRv4), in-process',
    'guten': '@gutenye/ocr-node 1.4.8 (PP-OCRv4 on onnxruntime-node), in-process',
    'tesseract': 'Tesseract 5 CLI, -l eng, TSV output',
}


class EngineUnavailable(Exception):
    """The engine cannot run here (not installed, not reachable); the benchmark goes on without it."""


# ---------------------------------------------------------------- engines


class ProtocolPeer:
    """A peer process that speaks the line protocol of bench/peers/* (warmup / run N listfile / quit)."""

    def __init__(self, name, argv, cwd, workdir, env=None, timeout_per_image=120.0):
        self.name, self.argv, self.cwd, self.workdir = name, argv, cwd, workdir
        self.env = env
        self.timeout_per_image = timeout_per_image
        self.proc = None
        self.events = queue.Queue()

    def start(self):
        log = open(self.workdir / f'{self.name}.stderr.log', 'a')  # both phases
        self.proc = subprocess.Popen(self.argv, cwd=self.cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=log, text=True, encoding='utf-8', bufsize=1, env=self.env)
        threading.Thread(target=self._read, daemon=True).start()
        started = self._next(60)
        if started.get('event') != 'started':
            raise EngineUnavailable(f'{self.name} did not start: {started}')
        return self.proc.pid, True

    def _read(self):
        for line in self.proc.stdout:
            line = line.strip()
            if line:
                try:
                    self.events.put(json.loads(line))
                except json.JSONDecodeError:
                    self.events.put({'event': 'noise', 'text': line})
        self.events.put({'event': 'eof'})

    def _next(self, timeout):
        while True:
            try:
                ev = self.events.get(timeout=timeout)
            except queue.Empty:
                raise EngineUnavailable(f'{self.name}: no answer within {timeout:.0f} s') from None
            if ev.get('event') == 'eof':
                raise EngineUnavailable(f'{self.name} exited (code {self.proc.poll()}); see its stderr log')
            if ev.get('event') != 'noise':
                return ev

    def _send(self, line):
        self.proc.stdin.write(line + '\n')
        self.proc.stdin.flush()

    def warmup(self, image):
        self._send(f'warmup {image}')
        ev = self._next(300)
        if ev.get('event') != 'warm':
            raise EngineUnavailable(f'{self.name} warmup failed: {ev}')
        return ev['ms']

    def one(self, image):
        pages, _ = self.run(1, [image], listname=f'{self.name}-one.list')
        return pages[0] if pages else {'image': str(image), 'ms': None, 'lines': None, 'error': 'no page'}

    def run(self, concurrency, images, listname=None):
        listfile = self.workdir / (listname or f'{self.name}-c{concurrency}.list')
        listfile.write_text(''.join(f'{p}\n' for p in images))
        self._send(f'run {concurrency} {listfile}')
        pages = []
        budget = 60 + self.timeout_per_image * len(images) / concurrency
        while True:
            ev = self._next(budget)
            kind = ev.get('event')
            if kind == 'page':
                pages.append({'image': ev['image'], 'ms': ev['ms'], 'lines': normalise_lines(ev['lines'])})
            elif kind == 'error':
                pages.append({'image': ev.get('image'), 'ms': None, 'lines': None, 'error': ev.get('message')})
            elif kind == 'done':
                return pages, ev['wall_ms'] / 1000.0

    def cpu_seconds(self):
        return process_cpu_seconds(self.proc.pid)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            try:
                self._send('quit')
                self.proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()


class TesseractCli:
    """Tesseract 5 through its CLI, one process per page; N at a time for concurrency N."""

    name = 'tesseract'

    def __init__(self, workdir, lang='eng', extra_env=None):
        self.workdir, self.lang = workdir, lang
        self.env = dict(os.environ, **(extra_env or {}))

    def start(self):
        if subprocess.run(['sh', '-c', 'command -v tesseract'], capture_output=True).returncode != 0:
            raise EngineUnavailable('tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)')
        self._cpu0 = os.times()
        return os.getpid(), False  # sample this script's children only

    def one(self, image):
        t0 = time.perf_counter()
        out = subprocess.run(['tesseract', str(image), 'stdout', '-l', self.lang, 'tsv'],
                             capture_output=True, text=True, env=self.env, timeout=300)
        ms = (time.perf_counter() - t0) * 1000
        if out.returncode != 0:
            return {'image': str(image), 'ms': None, 'lines': None, 'error': out.stderr.strip()[-500:]}
        return {'image': str(image), 'ms': ms, 'lines': tesseract_lines(out.stdout)}

    def warmup(self, image):
        return self.one(image)['ms']

    def run(self, concurrency, images):
        return run_on_threads(concurrency, images, self.one)

    def cpu_seconds(self):
        t = os.times()
        return (t.children_user - self._cpu0.children_user) + (t.children_system - self._cpu0.children_system)

    def stop(self):
        pass


class GatewayHttp:
    """Our engine through its HTTP API; optionally starts gateway.jar itself and waits for /health/ready."""

    name = 'ours'

    def __init__(self, url, workdir, jar=None, jvm_flags=(), env_extra=None, ready_timeout=180.0,
                 path='/v1/documents/analyze', request_timeout=300.0, name='ours', headers=None):
        self.name = name
        self.headers = dict(headers or {})  # sent with every document (an API key, say)
        self.url = urllib.parse.urlsplit(url)
        self.host, self.port = self.url.hostname, self.url.port or 80
        self.path = path
        self.workdir, self.jar, self.jvm_flags = workdir, jar, list(jvm_flags)
        self.env_extra = env_extra or {}
        self.ready_timeout, self.request_timeout = ready_timeout, request_timeout
        self.proc = None
        self.pid = None
        self.bodies = {}
        self.local = threading.local()

    def start(self):
        if self.jar:
            jar = Path(self.jar).resolve()
            if not jar.is_file():
                raise EngineUnavailable(f'{jar} does not exist (build it: mvn -q -pl gateway -am package -DskipTests)')
            if self._get('/health/ready', quiet=True) is not None:
                raise EngineUnavailable(f'port {self.port} is already taken; stop that process or pick --gateway-url')
            # Admin API on a free port so that a harness-started gateway never collides with another one;
            # the working directory is the run's folder, so crash files (hs_err_pid*.log) land there.
            env = dict(os.environ, GATEWAY_HTTP_PORT=str(self.port), GATEWAY_ADMIN_PORT='0')
            env.update(self.env_extra)
            log = open(self.workdir / f'{self.name}.gateway.log', 'a')  # both phases
            self.proc = subprocess.Popen(['java', *self.jvm_flags, '-jar', str(jar)], cwd=self.workdir, env=env,
                                         stdout=log, stderr=subprocess.STDOUT)
            self.pid = self.proc.pid
            deadline = time.monotonic() + self.ready_timeout
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise EngineUnavailable(f'gateway exited with {self.proc.returncode}; see {self.name}.gateway.log')
                if self._get('/health/ready', quiet=True) == 200:
                    break
                time.sleep(0.5)
            else:
                self.stop()
                raise EngineUnavailable(f'gateway not ready within {self.ready_timeout:.0f} s')
        else:
            status = self._get('/health/ready', quiet=True)
            if status is None:
                raise EngineUnavailable(f'nothing answers at {self.host}:{self.port} (start the gateway or pass '
                                        f'--gateway-jar gateway/target/gateway.jar)')
            self.pid = listening_pid(self.port)
        if self.pid is None:
            return None, True  # served by a process we cannot see: no RSS figure
        return self.pid, True

    def _get(self, path, quiet=False):
        try:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=5)
            conn.request('GET', path)
            status = conn.getresponse().status
            conn.close()
            return status
        except OSError:
            if quiet:
                return None
            raise

    def _conn(self):
        conn = getattr(self.local, 'conn', None)
        if conn is None:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=self.request_timeout)
            self.local.conn = conn
        return conn

    def one(self, image):
        body = self.bodies.get(image)
        if body is None:
            body = self.bodies[image] = Path(image).read_bytes()
        headers = {'Content-Type': 'image/jpeg', 'Content-Length': str(len(body)), **self.headers}
        for attempt in (1, 2):  # one retry only for a keep-alive connection the server had closed
            conn = self._conn()
            t0 = time.perf_counter()
            try:
                conn.request('POST', self.path, body=body, headers=headers)
                resp = conn.getresponse()
                payload = resp.read()
            except OSError as e:
                conn.close()
                self.local.conn = None
                if attempt == 2 or not isinstance(e, (BrokenPipeError, ConnectionResetError)):
                    return {'image': str(image), 'ms': None, 'lines': None, 'error': repr(e)}
                continue
            ms = (time.perf_counter() - t0) * 1000
            if resp.status != 200:
                return {'image': str(image), 'ms': None, 'lines': None,
                        'error': f'HTTP {resp.status}: {payload[:300].decode("utf-8", "replace")}'}
            return {'image': str(image), 'ms': ms, 'lines': gateway_lines(json.loads(payload)),
                    'provider': resp.getheader('X-Provider')}

    def warmup(self, image):
        page = self.one(image)
        if page.get('error'):
            raise EngineUnavailable(f'gateway warmup request failed: {page["error"]}')
        return page['ms']

    def run(self, concurrency, images):
        for image in images:
            if image not in self.bodies:
                self.bodies[image] = Path(image).read_bytes()
        return run_on_threads(concurrency, images, self.one)

    def cpu_seconds(self):
        return process_cpu_seconds(self.pid) if self.pid else None

    def stop(self):
        stop_process(self.proc)


# ---------------------------------------------------------------- result shapes


def normalise_lines(lines):
    """[{text, box: [[x,y]...]}] with plain floats, whatever the engine gave."""
    out = []
    for line in lines or []:
        box = line.get('box')
        if not box:
            continue
        out.append({'text': line.get('text') or '', 'box': [[float(p[0]), float(p[1])] for p in box]})
    return out


def gateway_lines(doc):
    """The gateway's unified result → [{text, box}]; polygon is [x0,y0,...,x3,y3] in pixels."""
    out = []
    for page in doc.get('pages', []):
        for line in page.get('lines', []):
            poly = line.get('polygon') or []
            if len(poly) < 8:
                continue
            out.append({'text': line.get('text') or '',
                        'box': [[float(poly[i]), float(poly[i + 1])] for i in range(0, len(poly) - 1, 2)]})
    return out


def tesseract_lines(tsv):
    """Words of tesseract's TSV grouped by (page, block, paragraph, line); a line's box is the union of its words."""
    lines = {}
    rows = tsv.splitlines()
    for row in rows[1:]:
        cols = row.split('\t')
        if len(cols) < 12 or cols[0] != '5':
            continue
        text = cols[11].strip()
        if not text:
            continue
        key = tuple(int(c) for c in cols[1:5])
        left, top, width, height = (int(c) for c in cols[6:10])
        entry = lines.setdefault(key, {'words': [], 'box': [left, top, left + width, top + height]})
        entry['words'].append(text)
        b = entry['box']
        b[0], b[1] = min(b[0], left), min(b[1], top)
        b[2], b[3] = max(b[2], left + width), max(b[3], top + height)
    out = []
    for key in sorted(lines):
        x0, y0, x1, y1 = lines[key]['box']
        out.append({'text': ' '.join(lines[key]['words']),
                    'box': [[float(x0), float(y0)], [float(x1), float(y0)], [float(x1), float(y1)], [float(x0), float(y1)]]})
    return out


def run_on_threads(concurrency, images, one):
    """N threads pull images from one shared queue; returns (pages, wall seconds)."""
    todo = queue.Queue()
    for image in images:
        todo.put(image)
    pages, lock = [], threading.Lock()

    def worker():
        while True:
            try:
                image = todo.get_nowait()
            except queue.Empty:
                return
            try:
                page = one(image)
            except Exception as e:  # an engine failure is a result, not a crash of the benchmark
                page = {'image': str(image), 'ms': None, 'lines': None, 'error': repr(e)}
            with lock:
                pages.append(page)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, name=f'bench-{i}') for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return pages, time.perf_counter() - t0


def process_cpu_seconds(pid):
    """utime + stime of a live process (its reaped children included)."""
    try:
        with open(f'/proc/{pid}/stat') as f:
            fields = f.read().rsplit(')', 1)[1].split()
        ticks = os.sysconf('SC_CLK_TCK')
        return sum(int(fields[i]) for i in (11, 12, 13, 14)) / ticks
    except (OSError, IndexError, ValueError):
        return None


# ---------------------------------------------------------------- scoring and reporting


def score(shared, predictions, path):
    path.write_text(json.dumps(predictions, ensure_ascii=False))
    out = subprocess.run([sys.executable, str(shared / 'tools' / 'score_sroie.py'),
                          str(shared / 'data' / 'sroie-dev' / 'box'), str(path)],
                         capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        return {'error': out.stderr.strip()[-500:]}
    return {k: (float(v) if '.' in v else int(v)) for k, v in re.findall(r'(\w+)=([\d.]+)', out.stdout)}


def text_of(page):
    return '\n'.join(line['text'] for line in page['lines'] or [])


def bench_engine(engine, images, concurrencies, shared, workdir, log):
    result = {'engine': engine.name, 'description': DESCRIPTIONS.get(engine.name, ''),
              'loadavg_before': os.getloadavg()}
    t0 = time.perf_counter()
    try:
        pid, include_root = engine.start()
    except EngineUnavailable as e:
        result['skipped'] = str(e)
        log(f'[{engine.name}] skipped: {e}')
        return result
    sampler = RssSampler(pid, include_root).start() if pid else None
    try:
        result['startup_s'] = round(time.perf_counter() - t0, 2)
        result['warmup_ms'] = round(engine.warmup(str(images[0])), 1)
        log(f'[{engine.name}] started in {result["startup_s"]} s, warmup {result["warmup_ms"]} ms')
        if sampler:
            result['rss_after_warmup_mib'] = round(sampler.reset_peak() / 1024, 1)
        levels, first_texts = {}, None
        for c in concurrencies:
            pages, wall = engine.run(c, [str(p) for p in images])
            ok = [p for p in pages if p.get('ms') is not None]
            ms = [p['ms'] for p in ok]
            level = {
                'pages': len(ok), 'errors': len(pages) - len(ok), 'wall_s': round(wall, 3),
                'pages_per_s': round(len(ok) / wall, 3) if wall > 0 else None,
                'p50_ms': round(percentile(ms, 50), 1) if ms else None,
                'p95_ms': round(percentile(ms, 95), 1) if ms else None,
                'mean_ms': round(sum(ms) / len(ms), 1) if ms else None,
                'peak_rss_mib': round(sampler.reset_peak() / 1024, 1) if sampler else None,
            }
            errors = [p['error'] for p in pages if p.get('error')]
            if errors:
                level['first_error'] = errors[0][:300]
            texts = {p['image']: text_of(p) for p in ok}
            if first_texts is None:
                first_texts = texts
                predictions = {Path(p['image']).stem: p['lines'] for p in ok}
                result['accuracy'] = score(shared, predictions, workdir / f'pred-{engine.name}.json')
                result['accuracy']['scored_at_concurrency'] = c
            else:
                same = sum(1 for k, v in texts.items() if first_texts.get(k) == v)
                level['same_text_as_first_level'] = f'{same}/{len(texts)}'
            levels[str(c)] = level
            log(f'[{engine.name}] c={c}: {level["pages"]} pages, {level["pages_per_s"]} pages/s, '
                f'p50 {level["p50_ms"]} ms, p95 {level["p95_ms"]} ms, peak RSS {level["peak_rss_mib"]} MiB'
                + (f', {level["errors"]} errors' if level['errors'] else ''))
        result['levels'] = levels
        result['peak_rss_mib'] = max([result.get('rss_after_warmup_mib') or 0]
                                     + [lv['peak_rss_mib'] or 0 for lv in levels.values()]) or None
        cpu = engine.cpu_seconds()
        pages_total = sum(lv['pages'] for lv in levels.values())
        if cpu is not None and pages_total:
            result['cpu_s_total'] = round(cpu, 1)
    except EngineUnavailable as e:
        result['failed'] = str(e)
        log(f'[{engine.name}] failed: {e}')
    finally:
        if sampler:
            sampler.stop()
        engine.stop()
        result['loadavg_after'] = os.getloadavg()
    return result


def paired_latency(engines, images, log):
    """Concurrency 1 with the engines taking turns page by page; per engine p50/p95/mean ms over the pages."""
    ms = {e.name: [] for e in engines}
    errors = {e.name: 0 for e in engines}
    for i, image in enumerate(images):
        k = i % len(engines)
        for engine in engines[k:] + engines[:k]:
            page = engine.one(str(image))
            if page.get('ms') is None:
                errors[engine.name] += 1
            else:
                ms[engine.name].append(page['ms'])
    out = {}
    for e in engines:
        v = ms[e.name]
        out[e.name] = {'pages': len(v), 'errors': errors[e.name],
                       'p50_ms': round(percentile(v, 50), 1) if v else None,
                       'p95_ms': round(percentile(v, 95), 1) if v else None,
                       'mean_ms': round(sum(v) / len(v), 1) if v else None}
        log(f'[paired] {e.name}: {len(v)} pages, p50 {out[e.name]["p50_ms"]} ms, p95 {out[e.name]["p95_ms"]} ms'
            + (f', {errors[e.name]} errors' if errors[e.name] else ''))
    return out


def bench_paired(names, args, images, workdir, log):
    """Starts every engine that can run, warms each up, runs paired_latency, stops them all."""
    started = []
    try:
        for name in names:
            engine = None
            try:
                engine = build_engine(name, args, workdir)
                engine.start()
                engine.warmup(str(images[0]))
                started.append(engine)
            except EngineUnavailable as e:
                log(f'[paired] {name} left out: {e}')
                if engine is not None:
                    engine.stop()
        if len(started) < 2:
            return {}
        log(f'[paired] {", ".join(e.name for e in started)} take turns over {len(images)} pages at c=1')
        try:
            return paired_latency(started, images, log)
        except EngineUnavailable as e:  # an engine that dies or hangs mid-way spoils the pairing, not the run
            log(f'[paired] abandoned: {e}')
            return {}
    finally:
        for engine in started:
            engine.stop()


def ratio(a, b):
    return round(a / b, 3) if a is not None and b not in (None, 0) else None


def paired_ratios(paired, reference):
    ref = paired.get(reference)
    if not ref:
        return {}
    return {name: {'p50_ms': ratio(ref['p50_ms'], r['p50_ms']), 'p95_ms': ratio(ref['p95_ms'], r['p95_ms']),
                   'mean_ms': ratio(ref['mean_ms'], r['mean_ms'])}
            for name, r in paired.items() if name != reference}


def ratios(results, reference, concurrencies):
    ref = next((r for r in results if r['engine'] == reference and 'levels' in r), None)
    if ref is None:
        return {}
    c1 = str(concurrencies[0])
    out = {}
    for r in results:
        if r is ref or 'levels' not in r:
            continue
        row = {
            f'p50_ms@c{c1}': ratio(ref['levels'][c1]['p50_ms'], r['levels'][c1]['p50_ms']),
            f'p95_ms@c{c1}': ratio(ref['levels'][c1]['p95_ms'], r['levels'][c1]['p95_ms']),
            'peak_rss': ratio(ref.get('peak_rss_mib'), r.get('peak_rss_mib')),
            'word_f1': ratio(ref.get('accuracy', {}).get('word_f1'), r.get('accuracy', {}).get('word_f1')),
            'line_cer': ratio(ref.get('accuracy', {}).get('line_cer'), r.get('accuracy', {}).get('line_cer')),
        }
        for c in concurrencies:
            row[f'pages_per_s@c{c}'] = ratio(ref['levels'][str(c)]['pages_per_s'], r['levels'][str(c)]['pages_per_s'])
        out[r['engine']] = row
    return out


def markdown(report):
    cs = report['concurrency']
    lines = [f'# OCR benchmark {report["stamp"]}', '',
             f'Command: `{report["command"]}`', '',
             f'Machine: {report["machine"].get("nproc")} × {report["machine"].get("cpu_model")}, '
             f'{report["machine"].get("mem_total_gib")} GiB, {report["machine"].get("os")}; '
             f'load average at start {report["machine"]["loadavg_at_start"][0]:.2f}', '',
             f'Images: {report["images"]} from sroie-dev', '']
    head = '| engine | p50 ms (c=%s) | p95 ms (c=%s) | ' % (cs[0], cs[0]) \
        + ' | '.join(f'pages/s c={c}' for c in cs) + ' | peak RSS MiB | word_f1 | line_cer | CPU s |'
    lines += [head, '|' + '---|' * (head.count('|') - 1)]
    for r in report['results']:
        if 'levels' not in r:
            lines.append(f'| {r["engine"]} | ' + (r.get('skipped') or r.get('failed') or '').replace('|', '/')
                         + ' |' + ' |' * (head.count('|') - 3))
            continue
        lv = r['levels']
        acc = r.get('accuracy', {})
        lines.append(f'| {r["engine"]} | {lv[str(cs[0])]["p50_ms"]} | {lv[str(cs[0])]["p95_ms"]} | '
                     + ' | '.join(str(lv[str(c)]['pages_per_s']) for c in cs)
                     + f' | {r.get("peak_rss_mib")} | {acc.get("word_f1")} | {acc.get("line_cer")} | {r.get("cpu_s_total")} |')
    if report['ratios']:
        keys = list(next(iter(report['ratios'].values())).keys())
        lines += ['', f'Ratios {report["reference"]}/peer (latency, RSS, line_cer: lower is better for '
                      f'{report["reference"]}; pages/s, word_f1: higher is better):', '',
                  '| peer | ' + ' | '.join(keys) + ' |', '|' + '---|' * (len(keys) + 1)]
        for peer, row in report['ratios'].items():
            lines.append(f'| {peer} | ' + ' | '.join(str(row[k]) for k in keys) + ' |')
    if report.get('paired'):
        lines += ['', 'Paired, concurrency 1: the engines taking turns page by page (the first rotating), so that '
                      'the machine\'s drift falls on all alike:', '',
                  '| engine | p50 ms | p95 ms | mean ms | pages | '
                  + f'{report["reference"]}/engine p50 | p95 | mean |', '|---|---|---|---|---|---|---|---|']
        for name, r in report['paired'].items():
            q = report.get('paired_ratios', {}).get(name, {})
            lines.append(f'| {name} | {r["p50_ms"]} | {r["p95_ms"]} | {r["mean_ms"]} | {r["pages"]} | '
                         f'{q.get("p50_ms", "")} | {q.get("p95_ms", "")} | {q.get("mean_ms", "")} |')
    lines += ['', 'Per level (p50/p95 ms, peak RSS MiB, errors, same text as the first level):', '']
    for r in report['results']:
        for c, lv in (r.get('levels') or {}).items():
            lines.append(f'- {r["engine"]} c={c}: p50 {lv["p50_ms"]}, p95 {lv["p95_ms"]}, {lv["pages_per_s"]} pages/s, '
                         f'RSS {lv["peak_rss_mib"]}, errors {lv["errors"]}'
                         + (f', same text {lv["same_text_as_first_level"]}' if 'same_text_as_first_level' in lv else ''))
    return '\n'.join(lines) + '\n'


# ---------------------------------------------------------------- main


def build_engine(name, args, workdir):
    if name == 'ours':
        return GatewayHttp(args.gateway_url, workdir, jar=args.gateway_jar, jvm_flags=shlex.split(args.gateway_jvm_flags),
                           env_extra=dict(kv.split('=', 1) for kv in args.gateway_env),
                           ready_timeout=args.gateway_ready_timeout, path=args.gateway_path)
    if name == 'baseline':
        if not args.baseline_jar:
            raise EngineUnavailable('baseline needs --baseline-jar')
        return GatewayHttp(args.baseline_url, workdir, jar=args.baseline_jar,
                           jvm_flags=shlex.split(args.gateway_jvm_flags),
                           env_extra=dict(kv.split('=', 1) for kv in args.gateway_env),
                           ready_timeout=args.gateway_ready_timeout, path=args.gateway_path, name='baseline')
    if name == 'rapidocr-java':
        jar = PEERS / 'rapidocr-java' / 'rapidocr-java-peer.jar'
        if not jar.is_file():
            raise EngineUnavailable(f'{jar} missing: run bench/run-ocr.sh (it builds the peer)')
        argv = ['java', *shlex.split(args.peer_jvm_flags), '-jar', str(jar)]
        if args.peer_intra_threads:
            argv += ['--intra-threads', str(args.peer_intra_threads)]
        return ProtocolPeer(name, argv, cwd=str(workdir), workdir=workdir)
    if name == 'guten':
        script = PEERS / 'guten' / 'run.mjs'
        if not (PEERS / 'guten' / 'node_modules' / '@gutenye' / 'ocr-node').is_dir():
            raise EngineUnavailable(f'{PEERS / "guten"} not installed: run bench/run-ocr.sh')
        argv = ['node', str(script)]
        if args.peer_intra_threads:
            argv += ['--intra-threads', str(args.peer_intra_threads)]
        return ProtocolPeer(name, argv, cwd=str(PEERS / 'guten'), workdir=workdir)
    if name == 'tesseract':
        limit = args.tesseract_omp_thread_limit
        return TesseractCli(workdir, extra_env={'OMP_THREAD_LIMIT': str(limit)} if limit else None)
    raise SystemExit(f'unknown engine {name}; choose from {", ".join(ALL_ENGINES)}, baseline')


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--engines', default=','.join(ALL_ENGINES),
                    help='comma list from: ' + ', '.join(ALL_ENGINES) + ', baseline (with --baseline-jar)')
    ap.add_argument('--concurrency', default='1,2,4,8', help='comma list of concurrency levels (first one is scored)')
    ap.add_argument('--images', type=int, default=0, help='first N images of sroie-dev (default: all)')
    ap.add_argument('--shared', default=str(REPO.parent / 'shared'), help='the shared/ folder (data and scorer)')
    ap.add_argument('--out', default=str(BENCH / 'out'), help='where results are written')
    ap.add_argument('--reference', default='ours', help='engine the ratios are taken for (ours/peer)')
    ap.add_argument('--no-paired', action='store_true',
                    help='skip the first phase, all engines taking turns page by page at concurrency 1')
    ap.add_argument('--gateway-url', default='http://127.0.0.1:8080', help='base URL of our gateway')
    ap.add_argument('--gateway-path', default='/v1/documents/analyze')
    ap.add_argument('--gateway-jar', help='start this gateway.jar (port from --gateway-url) and wait for /health/ready')
    ap.add_argument('--gateway-jvm-flags', default='-Xmx512m', help='JVM flags for --gateway-jar')
    ap.add_argument('--gateway-env', action='append', default=[], metavar='KEY=VALUE',
                    help='extra environment for --gateway-jar (repeatable)')
    ap.add_argument('--gateway-ready-timeout', type=float, default=180.0)
    ap.add_argument('--baseline-jar', help="engine 'baseline': another gateway.jar, started with the same flags, "
                                           'so two builds are measured side by side in one run')
    ap.add_argument('--baseline-url', default='http://127.0.0.1:8090', help='base URL of the baseline gateway')
    ap.add_argument('--peer-jvm-flags', default='', help='JVM flags for the RapidOcr-Java peer')
    ap.add_argument('--peer-intra-threads', type=int, default=0,
                    help='ONNX intra-op threads for rapidocr-java and guten (0: each library\'s default)')
    ap.add_argument('--tesseract-omp-thread-limit', type=int, default=0,
                    help='OMP_THREAD_LIMIT for tesseract (Debian builds it with OpenMP; 0: leave unset)')
    args = ap.parse_args(argv)

    engines = [e.strip() for e in args.engines.split(',') if e.strip()]
    concurrencies = [int(c) for c in args.concurrency.split(',')]
    shared = Path(args.shared).resolve()
    images = sorted((shared / 'data' / 'sroie-dev' / 'img').glob('*.jpg'))
    if args.images:
        images = images[:args.images]
    if not images:
        raise SystemExit(f'no images under {shared / "data" / "sroie-dev" / "img"}')

    stamp = now_stamp()
    out = Path(args.out)
    workdir = out / f'ocr-{stamp}'
    workdir.mkdir(parents=True, exist_ok=True)

    def log(msg):
        print(msg, flush=True)

    report = {'stamp': stamp, 'command': ' '.join(shlex.quote(a) for a in [sys.argv[0], *(argv or sys.argv[1:])]),
              'machine': machine(), 'images': len(images), 'concurrency': concurrencies,
              'reference': args.reference, 'results': []}
    log(f'{len(images)} images, engines {engines}, concurrency {concurrencies}, results in {workdir}')
    if not args.no_paired and len(engines) > 1:
        report['paired'] = bench_paired(engines, args, images, workdir, log)
        report['paired_ratios'] = paired_ratios(report['paired'], args.reference)
    for name in engines:
        try:
            engine = build_engine(name, args, workdir)
        except EngineUnavailable as e:
            report['results'].append({'engine': name, 'skipped': str(e)})
            log(f'[{name}] skipped: {e}')
            continue
        report['results'].append(bench_engine(engine, images, concurrencies, shared, workdir, log))
    report['machine']['loadavg_at_end'] = os.getloadavg()
    report['ratios'] = ratios(report['results'], args.reference, concurrencies)

    (out / f'ocr-{stamp}.json').write_text(json.dumps(report, indent=2, ensure_ascii=False))
    md = markdown(report)
    (out / f'ocr-{stamp}.md').write_text(md)
    print()
    print(md)
    if not report['ratios']:
        print(f'(no ratios: {args.reference} did not run)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
