#!/usr/bin/env python3
"""Scores the local engine (the gateway's HTTP API) and Tesseract 5 side by side on the dev sets of build_devsets.py.

  python3 bench/devsets/score_devsets.py [--devsets DIR] [--gateway-jar JAR | --gateway-url URL] [--port 18080]
                                         [--engines ours,tesseract] [--sets docs,screens] [--limit N]
  python3 bench/devsets/score_devsets.py --rescore bench/out/devsets-run-STAMP   # score saved results again

Every image goes to every engine one at a time (ours: POST /v1/documents/analyze, or /v1/screens/analyze with one
find= per query for screens; tesseract: `tesseract IMG stdout -l eng tsv`). The raw results are kept in
bench/out/devsets-run-STAMP/raw/, the figures in report.md and report.json there.

How it counts (see README.md):
- word F1 / recall: per page, the multiset of normalised words of the ground truth against the engine's words
  (line texts split on white space), micro-averaged over the pages of a set and variant. Normalised: NFKC,
  typographic quotes and dashes made ASCII, punctuation stripped at both ends of a word, case kept; a word that is
  only punctuation is dropped. The case-insensitive figure is in report.json too.
- find accuracy (screens): per query (a label that is visible once on the screen), the engine's best match; a hit
  when its centre lies inside the clicked element's box or inside the label's text box (3 px margin). The gateway's
  own matches are used for ours; for Tesseract the same rule (ScreenMatcher: every word, run of words and whole
  line, compared after TextNormalizer with normalised Levenshtein similarity, min score 0.6) runs here on its TSV.
- label → control (screens, ours): per labelled form control of the ground truth (`fields`), one more request per
  control kind, `find=<label>&target=<kind>&limit=1` (input:text/email/tel/password and textarea → input, select →
  dropdown, checkbox and radio → checkbox); right when the control the best match names overlaps the ground-truth
  control box with IoU >= 0.5. A label not found counts as wrong.
- reading order (two-column pages): the engine's words are mapped back onto the page (inverse of the variant's
  homography) and onto the ground-truth words they cover; the score is the share of (column 1 word, column 2 word)
  pairs that the engine reads column 1 first: 1.0 reads the columns one after the other, about 0.5 reads across.
- word errors (ours): ground-truth words and engine words joined where their boxes overlap (half of the smaller
  box, or one's centre inside the other), each connected group compared as text: "There → T here", "20 EUR → 20EUR", "notice → ∅" (not read).
"""
import argparse
import collections
import http.client
import json
import math
import os
import re
import subprocess
import sys
import time
import unicodedata
import urllib.parse
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
BENCH = HERE.parent
sys.path.insert(0, str(BENCH))
from benchlib import machine, now_stamp, stop_process  # noqa: E402

# ---------------------------------------------------------------- text normalisation

QUOTES = str.maketrans({'\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u201c': '"', '\u201d': '"',
                        '\u201e': '"', '\u2013': '-', '\u2014': '-', '\u2212': '-', '\u00b7': '.', '\u2022': '.'})


def is_punct(ch):
    return unicodedata.category(ch)[0] in 'PS'


def strip_punct(s):
    """s without the punctuation and symbols at either end."""
    i, j = 0, len(s)
    while i < j and is_punct(s[i]):
        i += 1
    while j > i and is_punct(s[j - 1]):
        j -= 1
    return s[i:j]


def norm_word(w):
    return strip_punct(unicodedata.normalize('NFKC', w).translate(QUOTES))


def tokens(text):
    return [t for t in (norm_word(w) for w in text.split()) if t]


# the gateway's TextNormalizer and Similarity, for matching Tesseract's words against find queries


def screen_norm(text):
    bare = ''.join(c for c in unicodedata.normalize('NFKD', text or '') if unicodedata.category(c)[0] != 'M')
    return strip_punct(re.sub(r'\s+', '', bare.lower()))


def levenshtein(a, b):
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def similarity(a, b):
    n = max(len(a), len(b))
    return 0.0 if n == 0 else 1.0 - levenshtein(a, b) / n


def find_best(query, lines, min_score=0.6):
    """ScreenMatcher.find's best match: per line the best of the whole line and every run of words (shortest run on
    a tie), then the best line (reading order on a tie). Returns {'text', 'score', 'center'} or None."""
    wanted = screen_norm(query)
    if not wanted:
        return None
    best_all = None
    for order, line in enumerate(lines):
        cands = [(line['text'], line['poly'], 10 ** 9)]
        ws = line['words']
        for i in range(len(ws)):
            for k in range(i, len(ws)):
                text = ' '.join(w['text'] for w in ws[i:k + 1])
                a, b = ws[i]['poly'], ws[k]['poly']
                poly = [a[0], a[1], b[2], b[3], b[4], b[5], a[6], a[7]]
                cands.append((text, poly, k - i + 1))
        best = None
        for text, poly, span in cands:
            cand = screen_norm(text)
            longer = max(len(wanted), len(cand))
            if not longer or min(len(wanted), len(cand)) / longer < min_score:
                continue
            score = similarity(wanted, cand)
            if best is None or score > best[0] or (score == best[0] and span < best[2]):
                best = (score, text, span, poly)
        if best and best[0] >= min_score and (best_all is None or best[0] > best_all[0]):
            best_all = best
    if not best_all:
        return None
    p = best_all[3]
    return {'text': best_all[1], 'score': round(best_all[0], 3),
            'center': [(p[0] + p[2] + p[4] + p[6]) / 4, (p[1] + p[3] + p[5] + p[7]) / 4]}


# ---------------------------------------------------------------- engines


class EngineUnavailable(Exception):
    pass


def rect_poly(x0, y0, x1, y1):
    return [x0, y0, x1, y0, x1, y1, x0, y1]


class Tesseract:
    name = 'tesseract'

    def __init__(self, threads):
        self.env = dict(os.environ, OMP_THREAD_LIMIT=str(threads))

    def start(self):
        if subprocess.run(['sh', '-c', 'command -v tesseract'], capture_output=True).returncode:
            raise EngineUnavailable('tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng)')

    def run(self, image, queries):
        t0 = time.perf_counter()
        out = subprocess.run(['nice', '-n', '19', 'tesseract', str(image), 'stdout', '-l', 'eng', 'tsv'],
                             capture_output=True, text=True, env=self.env, timeout=600)
        ms = (time.perf_counter() - t0) * 1000
        if out.returncode:
            return {'error': out.stderr.strip()[-400:]}
        lines = {}
        for row in out.stdout.splitlines()[1:]:
            c = row.split('\t')
            if len(c) < 12 or c[0] != '5' or not c[11].strip():
                continue
            l, t, w, h = (int(v) for v in c[6:10])
            lines.setdefault(tuple(int(v) for v in c[1:5]), []).append({'text': c[11].strip(), 'poly': rect_poly(l, t, l + w, t + h)})
        res = []
        for key in sorted(lines):
            ws = lines[key]
            xs = [v for w in ws for v in w['poly'][0::2]]
            ys = [v for w in ws for v in w['poly'][1::2]]
            res.append({'text': ' '.join(w['text'] for w in ws), 'poly': rect_poly(min(xs), min(ys), max(xs), max(ys)), 'words': ws})
        matches = {q: find_best(q, res) for q in queries}
        return {'ms': round(ms), 'angle': None, 'lines': res, 'matches': matches}

    def stop(self):
        pass


class Gateway:
    name = 'ours'

    def __init__(self, url, jar, jvm_flags, workdir, env_extra):
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port or 80
        self.jar, self.jvm_flags, self.workdir, self.env_extra = jar, jvm_flags, workdir, env_extra
        self.proc = None

    def _status(self):
        try:
            c = http.client.HTTPConnection(self.host, self.port, timeout=5)
            c.request('GET', '/health/ready')
            s = c.getresponse().status
            c.close()
            return s
        except OSError:
            return None

    def start(self):
        if not self.jar:
            if self._status() != 200:
                raise EngineUnavailable(f'nothing ready at {self.host}:{self.port} (start it or pass --gateway-jar)')
            return
        jar = Path(self.jar).resolve()
        if not jar.is_file():
            raise EngineUnavailable(f'{jar} does not exist (build it: mvn -q -pl gateway -am package -DskipTests)')
        if self._status() is not None:
            raise EngineUnavailable(f'port {self.port} is already taken; stop that process or pick --port')
        env = dict(os.environ, GATEWAY_HTTP_PORT=str(self.port), GATEWAY_ADMIN_PORT='0', GATEWAY_REQUEST_TIMEOUT='600s')
        env.update(self.env_extra)
        log = open(self.workdir / 'ours.gateway.log', 'a')
        self.proc = subprocess.Popen(['nice', '-n', '19', 'java', *self.jvm_flags, '-jar', str(jar)], cwd=self.workdir,
                                     env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise EngineUnavailable(f'gateway exited with {self.proc.returncode}; see ours.gateway.log')
            if self._status() == 200:
                return
            time.sleep(0.5)
        self.stop()
        raise EngineUnavailable('gateway not ready within 240 s')

    def _post(self, path, body, ctype):
        """(status, payload) of one request, or (None, error text)."""
        try:
            c = http.client.HTTPConnection(self.host, self.port, timeout=900)
            c.request('POST', path, body=body, headers={'Content-Type': ctype, 'Content-Length': str(len(body))})
            r = c.getresponse()
            payload = r.read()
            c.close()
        except OSError as e:
            return None, repr(e)
        return r.status, payload

    def run(self, image, queries, screen, fields=()):
        body = Path(image).read_bytes()
        ctype = 'image/png' if str(image).endswith('.png') else 'image/jpeg'
        path = '/v1/documents/analyze'
        if screen:
            path = '/v1/screens/analyze?' + urllib.parse.urlencode([('find', q) for q in queries] + [('limit', '1')])
        t0 = time.perf_counter()
        status, payload = self._post(path, body, ctype)
        ms = (time.perf_counter() - t0) * 1000
        if status is None:
            return {'error': payload}
        if status != 200:
            return {'error': f'HTTP {status}: {payload[:300].decode("utf-8", "replace")}'}
        doc = json.loads(payload)
        lines, angle = [], None
        for page in doc.get('pages', []):
            angle = page.get('angle')
            for line in page.get('lines', []):
                ws = [{'text': w.get('text') or '', 'poly': w.get('polygon')} for w in line.get('words') or [] if w.get('polygon')]
                lines.append({'text': line.get('text') or '', 'poly': line.get('polygon'), 'words': ws})
        matches = {}
        for m in doc.get('matches') or []:
            if m.get('query') not in matches:
                c = m.get('center') or {}
                matches[m['query']] = {'text': m.get('text'), 'score': m.get('score'), 'center': [c.get('x'), c.get('y')]}
        res = {'ms': round(ms), 'angle': angle, 'lines': lines, 'matches': {q: matches.get(q) for q in queries}}
        if fields:
            res['targets'] = self.targets(body, ctype, fields)
        return res

    def targets(self, body, ctype, fields):
        """{kind: {label: the target box [x0, y0, x1, y1] of its best match, or None}}, one request per kind."""
        out = {}
        for kind in sorted({target_kind(f['control']) for f in fields}):
            labels = list(dict.fromkeys(f['label'] for f in fields if target_kind(f['control']) == kind))
            path = '/v1/screens/analyze?' + urllib.parse.urlencode(
                [('find', q) for q in labels] + [('target', kind), ('limit', '1')])
            status, payload = self._post(path, body, ctype)
            got = {}
            if status == 200:
                for m in json.loads(payload).get('matches') or []:
                    t = m.get('target')
                    if m.get('query') not in got:
                        p = t['polygon'] if t else None
                        got[m['query']] = [min(p[0::2]), min(p[1::2]), max(p[0::2]), max(p[1::2])] if p else None
            out[kind] = {q: got.get(q) for q in labels}
        return out

    def stop(self):
        stop_process(self.proc)


# ---------------------------------------------------------------- geometry


def invert(h):
    a, b, c, d, e, f, g, k, i = h
    det = a * (e * i - f * k) - b * (d * i - f * g) + c * (d * k - e * g)
    return [(e * i - f * k) / det, (c * k - b * i) / det, (b * f - c * e) / det,
            (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
            (d * k - e * g) / det, (b * g - a * k) / det, (a * e - b * d) / det]


def apply(h, x, y):
    w = h[6] * x + h[7] * y + h[8]
    return (h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w


def to_page_box(hinv, poly):
    pts = [apply(hinv, poly[i], poly[i + 1]) for i in range(0, 8, 2)]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return [min(xs), min(ys), max(xs), max(ys)]


def overlap(a, b):
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    area = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return w * h / area if area > 0 else 0.0


def iou(a, b):
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    shared = w * h
    return shared / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - shared)


def inside(pt, box, margin=0.0):
    return box[0] - margin <= pt[0] <= box[2] + margin and box[1] - margin <= pt[1] <= box[3] + margin


# ---------------------------------------------------------------- scoring


def target_kind(control):
    """The gateway's ?target= kind for a ground-truth control (gt.js: input:TYPE or the tag name)."""
    if control in ('input:checkbox', 'input:radio'):
        return 'checkbox'
    if control == 'select':
        return 'dropdown'
    if control.startswith('input:') and control not in ('input:submit', 'input:button', 'input:reset'):
        return 'input'
    return 'input' if control == 'textarea' else 'button'


def target_hits(gt, res):
    """(hits, total, misses) of label → control: the named control overlaps the ground truth's with IoU >= 0.5."""
    hits, misses = 0, []
    for f in gt['fields']:
        kind = target_kind(f['control'])
        box = ((res.get('targets') or {}).get(kind) or {}).get(f['label'])
        ok = bool(box) and iou(box, f['controlBox']) >= 0.5
        hits += ok
        if not ok:
            misses.append({'label': f['label'], 'target': kind, 'got': box})
    return hits, len(gt['fields']), misses


def usable_queries(gt):
    """Queries whose label is seen once on the screen: no other ground-truth line contains it."""
    out = []
    norm_lines = [screen_norm(l['text']) for l in gt['lines']]
    for q in gt['queries']:
        nq = screen_norm(q['query'])
        if len(nq) < 2:
            continue
        if sum(1 for nl in norm_lines if nq in nl) == 1 and q['query'] not in {u['query'] for u in out}:
            out.append(q)
    return out


def word_counts(gt, res):
    exp = collections.Counter(t for w in gt['words'] for t in tokens(w['text']))
    got = collections.Counter(t for l in res['lines'] for t in tokens(l['text']))
    tp = sum((exp & got).values())
    expl = collections.Counter(t.lower() for t in exp.elements())
    gotl = collections.Counter(t.lower() for t in got.elements())
    return {'tp': tp, 'exp': sum(exp.values()), 'got': sum(got.values()), 'tp_ci': sum((expl & gotl).values())}


def engine_words(res, h):
    hinv = invert(h)
    out = []
    for li, line in enumerate(res['lines']):
        for wi, w in enumerate(line['words']):
            if w.get('poly') and len(w['poly']) >= 8:
                out.append({'text': w['text'], 'box': to_page_box(hinv, w['poly']), 'order': (li, wi)})
    return out


def reading_order(gt, ews):
    """Share of (column 1, column 2) word pairs that the engine reads column 1 first; None without two columns."""
    first = {}
    for e in ews:
        for gi, g in enumerate(gt['words']):
            if g['col'] in ('1', '2') and gi not in first and overlap(e['box'], g['box']) >= 0.5:
                first[gi] = e['order']
    seq = sorted(first, key=lambda gi: (first[gi], gi))
    n1 = sum(1 for gi in seq if gt['words'][gi]['col'] == '1')
    n2 = len(seq) - n1
    if not n1 or not n2:
        return None
    good = seen1 = 0
    for gi in seq:
        if gt['words'][gi]['col'] == '1':
            seen1 += 1
        else:
            good += seen1
    return good / (n1 * n2)


def word_errors(gt, ews):
    """Groups of overlapping ground-truth and engine words whose texts differ: [(expected, got)]."""
    gws = gt['words']
    parent = list(range(len(gws) + len(ews)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    # bucket GT words by row to keep this near-linear
    rows = collections.defaultdict(list)
    for gi, g in enumerate(gws):
        for r in range(int(g['box'][1] // 40), int(g['box'][3] // 40) + 1):
            rows[r].append(gi)
    for ei, e in enumerate(ews):
        cand = set()
        for r in range(int(e['box'][1] // 40), int(e['box'][3] // 40) + 1):
            cand.update(rows.get(r, ()))
        ec = ((e['box'][0] + e['box'][2]) / 2, (e['box'][1] + e['box'][3]) / 2)
        for gi in cand:
            g = gws[gi]['box']
            if overlap(e['box'], g) >= 0.5 or inside(ec, g) or inside(((g[0] + g[2]) / 2, (g[1] + g[3]) / 2), e['box']):
                parent[find(len(gws) + ei)] = find(gi)
    groups = collections.defaultdict(lambda: ([], []))
    for gi in range(len(gws)):
        groups[find(gi)][0].append(gi)
    for ei in range(len(ews)):
        root = find(len(gws) + ei)
        if root in groups:
            groups[root][1].append(ei)
    errors = []
    for gis, eis in groups.values():
        exp = [t for gi in sorted(gis) for t in tokens(gws[gi]['text'])]
        got = [t for ei in sorted(eis, key=lambda i: ews[i]['order']) for t in tokens(ews[ei]['text'])]
        if not exp or exp == got:
            continue
        lines = {gws[gi]['line'] for gi in gis}
        errors.append({'expected': ' '.join(exp), 'got': ' '.join(got) if got else '∅', 'lines': len(lines)})
    return errors


def classify(err):
    exp, got = err['expected'], err['got']
    ew, gw = exp.split(), got.split() if got != '∅' else []
    if not gw:
        return 'not read'
    if exp.lower() == got.lower():
        return 'case only'
    if len(ew) == 1 and len(gw) >= 2 and ''.join(gw) == exp:
        return 'capital split (T here)' if len(gw[0]) == 1 and gw[0].isupper() else 'word split (not ice)'
    if len(ew) >= 2 and len(gw) < len(ew) and ''.join(gw).replace(' ', '') == ''.join(ew):
        if err['lines'] > 1 or any(re.fullmatch(r'[\d.,]+', w) for w in ew) and any(w.isalpha() and w.isupper() for w in ew):
            return 'fused columns (20EUR)'
        if all(w.upper() == w for w in ew) and any(c.isalpha() for c in exp):
            return 'lost space, uppercase label'
        return 'lost space'
    if len(ew) == len(gw) == 1 and len(got) < len(exp):
        it = iter(exp)
        if all(ch in it for ch in got):
            return 'dropped letters'
    if len(ew) != len(gw):
        return 'split/merge with misread'
    return 'misread'


def score(manifest, devsets, raw_dir, engines):
    rows = []
    for item in manifest:
        gt = json.loads((devsets / item['gt']).read_text())
        row = {k: item.get(k) for k in ('set', 'variant', 'page', 'kind', 'columns', 'image')}
        queries = usable_queries(gt) if item['set'] == 'screens' else []
        row['queries'] = len(queries)
        for eng in engines:
            f = raw_dir / eng / (item['image'].replace('/', '__') + '.json')
            if not f.exists():
                continue
            res = json.loads(f.read_text())
            if res.get('error'):
                row[eng] = {'error': res['error']}
                continue
            r = word_counts(gt, res)
            r['ms'] = res.get('ms')
            r['angle'] = res.get('angle')
            ews = engine_words(res, item['h'])
            if item['set'] == 'docs' and item.get('columns') == 2:
                r['reading_order'] = reading_order(gt, ews)
            if queries:
                hits = 0
                misses = []
                for q in queries:
                    m = (res.get('matches') or {}).get(q['query'])
                    ok = bool(m and m.get('center') and m['center'][0] is not None and
                              (inside(m['center'], q['target']) or inside(m['center'], q['box'], 3)))
                    hits += ok
                    if not ok:
                        misses.append({'query': q['query'], 'got': m and m.get('text')})
                r['find_hits'], r['find_total'], r['find_misses'] = hits, len(queries), misses
            if eng == 'ours' and gt.get('fields') and 'targets' in res:
                r['target_hits'], r['target_total'], r['target_misses'] = target_hits(gt, res)
            if eng == 'ours':
                r['errors'] = word_errors(gt, ews)
            row[eng] = r
        rows.append(row)
    return rows


def agg(rows, eng):
    s = collections.Counter()
    ro, ms = [], []
    for r in rows:
        e = r.get(eng)
        if not e or 'error' in e:
            s['failed'] += 1
            continue
        for k in ('tp', 'exp', 'got', 'tp_ci', 'find_hits', 'find_total', 'target_hits', 'target_total'):
            s[k] += e.get(k) or 0
        if e.get('reading_order') is not None:
            ro.append(e['reading_order'])
        if e.get('ms') is not None:
            ms.append(e['ms'])
    p = s['tp'] / s['got'] if s['got'] else 0.0
    rc = s['tp'] / s['exp'] if s['exp'] else 0.0
    f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
    pc = s['tp_ci'] / s['got'] if s['got'] else 0.0
    rcc = s['tp_ci'] / s['exp'] if s['exp'] else 0.0
    return {'f1': f1, 'recall': rc, 'precision': p, 'f1_ci': 2 * pc * rcc / (pc + rcc) if pc + rcc else 0.0,
            'find': s['find_hits'] / s['find_total'] if s['find_total'] else None, 'find_total': s['find_total'],
            'target': s['target_hits'] / s['target_total'] if s['target_total'] else None,
            'target_hits': s['target_hits'], 'target_total': s['target_total'],
            'reading_order': sum(ro) / len(ro) if ro else None, 'pages': len(rows) - s['failed'], 'failed': s['failed'],
            'ms_mean': sum(ms) / len(ms) if ms else None}


def fmt(v, digits=3):
    return '–' if v is None else f'{v:.{digits}f}'


def ratio(a, b):
    return '–' if a is None or not b else f'{a / b:.2f}'


def report(rows, engines, meta):
    out = [f'# Dev sets: local engine vs Tesseract ({meta["stamp"]})', '',
           f'Command: `{meta["command"]}`  ', f'Gateway: {meta.get("gateway")}; Tesseract: {meta["machine"].get("tesseract")}; '
           f'{meta["machine"].get("nproc")} cores, {meta["machine"].get("cpu_model")}', '']
    groups = collections.OrderedDict()
    for r in rows:
        groups.setdefault((r['set'], r['variant']), []).append(r)
    for r in rows:
        groups.setdefault((r['set'], 'all'), []).append(r)
    both = 'ours' in engines and 'tesseract' in engines
    out += ['## Word F1, recall, find accuracy and reading order', '',
            '| set | variant | pages | ours F1 | ours recall | tess F1 | tess recall | F1 ours/tess | ours find | tess find | find ours/tess | ours reading order | tess reading order | ours ms/page | tess ms/page |',
            '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |']
    summary = {}
    for (st, var), rs in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] == 'all', kv[0][1])):
        a = {e: agg(rs, e) for e in engines}
        summary[f'{st}/{var}'] = a
        o, t = a.get('ours', {}), a.get('tesseract', {})
        out.append(f'| {st} | {var} | {len(rs)} | {fmt(o.get("f1"))} | {fmt(o.get("recall"))} | {fmt(t.get("f1"))} | {fmt(t.get("recall"))} | '
                   f'{ratio(o.get("f1"), t.get("f1")) if both else "–"} | {fmt(o.get("find"))} | {fmt(t.get("find"))} | '
                   f'{ratio(o.get("find"), t.get("find")) if both else "–"} | {fmt(o.get("reading_order"))} | {fmt(t.get("reading_order"))} | '
                   f'{fmt(o.get("ms_mean"), 0)} | {fmt(t.get("ms_mean"), 0)} |')
    labelled = [(var, a['ours']) for (st, var), a in ((k.split('/', 1), v) for k, v in summary.items())
                if st == 'screens' and a.get('ours', {}).get('target_total')]
    if labelled:
        out += ['', '## Label → control on screens (ours: find=LABEL&target=KIND, IoU >= 0.5 with the labelled control)', '',
                '| variant | right | fields | accuracy |', '| --- | ---: | ---: | ---: |']
        for var, o in labelled:
            out.append(f'| {var} | {o["target_hits"]} | {o["target_total"]} | {fmt(o["target"])} |')
        missed = [f'{r["page"]} ({r["variant"]}): {m["label"]} → {m["target"]} {m["got"] or "none"}'
                  for r in rows for m in (r.get('ours') or {}).get('target_misses') or []]
        if missed:
            out += ['', 'Missed: ' + '; '.join(missed[:20])]
    kinds = collections.OrderedDict()
    for r in rows:
        if r['set'] == 'docs':
            kinds.setdefault(r['kind'], []).append(r)
    if kinds:
        out += ['', '## Documents by kind (all variants)', '', '| kind | pages | ours F1 | tess F1 | F1 ours/tess |', '| --- | ---: | ---: | ---: | ---: |']
        for k, rs in kinds.items():
            o, t = agg(rs, 'ours') if 'ours' in engines else {}, agg(rs, 'tesseract') if 'tesseract' in engines else {}
            out.append(f'| {k} | {len(rs)} | {fmt(o.get("f1"))} | {fmt(t.get("f1"))} | {ratio(o.get("f1"), t.get("f1")) if both else "–"} |')
    if 'ours' in engines:
        errs = collections.Counter()
        classes = collections.Counter()
        examples = collections.defaultdict(collections.Counter)
        turned = collections.Counter()
        for r in rows:
            if r['set'] == 'docs' and (r.get('ours') or {}).get('angle') in (180, 180.0):
                turned['pages'] += 1
                turned['errors'] += len(r['ours'].get('errors') or [])
                continue  # one page-level defect: its word errors are counted there, not among the words
            for e in (r.get('ours') or {}).get('errors') or []:
                key = (e['expected'], e['got'])
                errs[key] += 1
                c = classify(e)
                classes[c] += 1
                examples[c][key] += 1
        upside = [f'{r["page"]} ({r["variant"]})' for r in rows if r['set'] == 'docs' and (r.get('ours') or {}).get('angle') in (180, 180.0)]
        across = [f'{r["page"]} ({r["variant"]}, {r["ours"]["reading_order"]:.2f})' for r in rows
                  if (r.get('ours') or {}).get('reading_order') is not None and r['ours']['reading_order'] < 0.9]
        out += ['', '## Word errors of ours by likely defect', '', '| class | count | most frequent (expected → got) |', '| --- | ---: | --- |']
        for c, n in classes.most_common():
            ex = '; '.join(f'`{a}` → `{b}` ×{k}' for (a, b), k in examples[c].most_common(4))
            out.append(f'| {c} | {n} | {ex} |')
        out.append(f'| page read upside down (angle 180): pages, their word errors | {len(upside)} pages, {turned["errors"]} errors | {", ".join(upside[:8])} |')
        out.append(f'| two columns read across (order < 0.9) | {len(across)} | {", ".join(across[:8])} |')
        out += ['', '## The 30 most frequent word errors of ours (pages read upside down left out)', '', '| # | expected | got | count | class |', '| ---: | --- | --- | ---: | --- |']
        for i, ((a, b), n) in enumerate(errs.most_common(30), 1):
            out.append(f'| {i} | `{a}` | `{b}` | {n} | {classify({"expected": a, "got": b, "lines": 1})} |')
        summary['error_classes'] = dict(classes)
        summary['upside_down'] = upside
        summary['read_across'] = across
    failed = [(r['image'], e, r[e]['error']) for r in rows for e in engines if isinstance(r.get(e), dict) and 'error' in r[e]]
    if failed:
        out += ['', '## Failed requests', ''] + [f'- {e} {i}: {m[:200]}' for i, e, m in failed]
    return '\n'.join(out) + '\n', summary


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--devsets', default=str(BENCH / 'out' / 'devsets'))
    ap.add_argument('--gateway-jar', default=None, help='start this gateway.jar on --port (default: use --gateway-url)')
    ap.add_argument('--gateway-url', default=None, help='a running gateway (default http://127.0.0.1:PORT)')
    ap.add_argument('--port', type=int, default=18080, help='port of the gateway the harness starts (default 18080)')
    ap.add_argument('--gateway-jvm-flags', default='-Xmx1g')
    ap.add_argument('--engines', default='ours,tesseract')
    ap.add_argument('--sets', default='docs,screens')
    ap.add_argument('--limit', type=int, default=None, help='only the first N pages of each set (all their variants)')
    ap.add_argument('--tesseract-threads', type=int, default=1, help='OMP_THREAD_LIMIT for tesseract (default 1)')
    ap.add_argument('--rescore', default=None, help='score the raw results of an earlier run folder again')
    ap.add_argument('--out', default=str(BENCH / 'out'))
    a = ap.parse_args()
    devsets = Path(a.devsets).resolve()
    manifest = json.loads((devsets / 'manifest.json').read_text())['images']
    sets = set(a.sets.split(','))
    manifest = [m for m in manifest if m['set'] in sets]
    if a.limit:
        keep = {}
        for m in manifest:
            pages = keep.setdefault(m['set'], [])
            if m['page'] not in pages and len(pages) < a.limit:
                pages.append(m['page'])
        manifest = [m for m in manifest if m['page'] in keep.get(m['set'], [])]
    engines = [e for e in a.engines.split(',') if e]
    if a.rescore:
        run_dir = Path(a.rescore).resolve()
        meta = json.loads((run_dir / 'report.json').read_text())['meta']
    else:
        stamp = now_stamp()
        run_dir = Path(a.out).resolve() / f'devsets-run-{stamp}'
        (run_dir / 'raw').mkdir(parents=True)
        meta = {'stamp': stamp, 'command': ' '.join(sys.argv), 'machine': machine(),
                'gateway': a.gateway_jar or a.gateway_url or f'http://127.0.0.1:{a.port}'}
        objs = []
        url = a.gateway_url or f'http://127.0.0.1:{a.port}'
        for e in engines:
            objs.append(Gateway(url, a.gateway_jar, a.gateway_jvm_flags.split(), run_dir, {}) if e == 'ours' else Tesseract(a.tesseract_threads))
        live = []
        try:
            for o in objs:
                try:
                    o.start()
                    live.append(o)
                except EngineUnavailable as ex:
                    print(f'[devsets] {o.name} unavailable: {ex}', file=sys.stderr)
            for i, item in enumerate(manifest, 1):
                gt = json.loads((devsets / item['gt']).read_text())
                queries = [q['query'] for q in usable_queries(gt)] if item['set'] == 'screens' else []
                for o in live:
                    res = (o.run(devsets / item['image'], queries, item['set'] == 'screens', gt.get('fields') or ())
                           if o.name == 'ours' else o.run(devsets / item['image'], queries))
                    d = run_dir / 'raw' / o.name
                    d.mkdir(exist_ok=True)
                    (d / (item['image'].replace('/', '__') + '.json')).write_text(json.dumps(res))
                print(f'[devsets] {i}/{len(manifest)} {item["image"]}', file=sys.stderr)
        finally:
            for o in objs:
                o.stop()
        engines = [o.name for o in live]
    rows = score(manifest, devsets, run_dir / 'raw', engines)
    md, summary = report(rows, engines, meta)
    (run_dir / 'report.md').write_text(md)
    (run_dir / 'report.json').write_text(json.dumps({'meta': meta, 'summary': summary, 'pages': rows}, indent=1))
    print(md)
    print(f'[devsets] written {run_dir}/report.md and report.json', file=sys.stderr)


if __name__ == '__main__':
    main()
