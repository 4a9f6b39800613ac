#!/usr/bin/env python3
"""Builds the dev sets into bench/out/devsets/ (or --out): HTML pages, their renderings, variants and ground truth.

  python3 bench/devsets/build_devsets.py [--out DIR] [--docs N] [--screens N] [--force]

Layout of the output:
  html/{docs,screens}/ID.html     the pages as rendered (fonts and UI-kit CSS referenced by file URL)
  img/docs/ID.{clean.png,scan.jpg,photo.jpg}, img/screens/ID.{light,dark}@{1x,1.5x}.png
  gt/ID[.theme@scale].json        ground truth of the rendering (gt.js), in the clean image's pixels
  manifest.json                   one entry per image: set, variant, page, gt file, and `h`, the 3×3 homography
                                  from ground-truth pixels to the image's pixels (identity unless distorted)

Deterministic: every random choice comes from a seeded random.Random, ImageMagick's noise from -seed.
Needs chromium, node (render.mjs), ImageMagick's convert, and the UI kits of package.json installed into
bench/.devsets-cache/npm (run-devsets.sh does all of that).
"""
import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_docs  # noqa: E402
import make_screens  # noqa: E402

BENCH = HERE.parent
CONVERT = '/usr/bin/convert'  # ImageMagick itself (a stand-in may sit earlier on PATH)
SEED = 20240611
PHOTO_SIZE = (1536, 2048)  # a phone camera's 3:4 frame, as a phone app sends it


def nice(argv):
    return ['nice', '-n', '19', *argv]


def solve(a, b):
    """Gaussian elimination with partial pivoting: a x = b (a: n×n list of lists)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        for r in range(n):
            if r != col and m[r][col] != 0:
                f = m[r][col] / m[col][col]
                m[r] = [x - f * y for x, y in zip(m[r], m[col])]
    return [m[i][n] / m[i][i] for i in range(n)]


def homography(src, dst):
    """3×3 matrix (row-major list of 9) mapping the four src points onto the four dst points."""
    a, b = [], []
    for (x, y), (u, v) in zip(src, dst):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y]); b.append(u)
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y]); b.append(v)
    h = solve(a, b)
    return h + [1.0]


def control_points(src, dst):
    return ' '.join(f'{x:.2f},{y:.2f} {u:.2f},{v:.2f}' for (x, y), (u, v) in zip(src, dst))


def scan_variant(clean, out, w, h, rng):
    angle = rng.choice([-1, 1]) * rng.uniform(0.5, 1.5)
    t = math.radians(angle)
    cx, cy = w / 2, h / 2
    dx, dy = rng.uniform(-6, 6), rng.uniform(-6, 6)
    src = [(0, 0), (w, 0), (w, h), (0, h)]
    dst = [(cx + (x - cx) * math.cos(t) - (y - cy) * math.sin(t) + dx,
            cy + (x - cx) * math.sin(t) + (y - cy) * math.cos(t) + dy) for x, y in src]
    brightness, contrast = rng.randint(-8, 4), rng.randint(-25, -10)
    subprocess.run(nice([CONVERT, str(clean), '-alpha', 'off', '-colorspace', 'Gray', '-virtual-pixel', 'White',
                         '-distort', 'Perspective', control_points(src, dst), '+repage',
                         '-blur', f'0x{rng.uniform(0.4, 0.8):.2f}', '-brightness-contrast', f'{brightness}x{contrast}',
                         '-seed', str(rng.randint(1, 10 ** 6)), '-attenuate', f'{rng.uniform(0.5, 0.9):.2f}',
                         '+noise', 'Gaussian', '-type', 'Grayscale', '-quality', str(rng.randint(65, 80)), str(out)]),
                   check=True)
    return homography(src, dst), {'angle': round(angle, 3), 'brightness': brightness, 'contrast': contrast}


def photo_variant(clean, out, w, h, rng):
    fw, fh = PHOTO_SIZE
    ph = fh * rng.uniform(0.82, 0.9)
    pw = ph * w / h
    x0, y0 = (fw - pw) / 2 + rng.uniform(-30, 30), (fh - ph) / 2 + rng.uniform(-30, 30)
    tilt = pw * rng.uniform(0.02, 0.06)  # the top edge is further from the camera
    j = lambda: rng.uniform(-18, 18)  # noqa: E731
    dst = [(x0 + tilt + j(), y0 + j()), (x0 + pw - tilt + j(), y0 + j()), (x0 + pw + j(), y0 + ph + j()), (x0 + j(), y0 + ph + j())]
    src = [(0, 0), (w, 0), (w, h), (0, h)]
    light = (rng.uniform(0, fw), rng.uniform(0, fh * 0.3))
    dark = (fw - light[0], fh - rng.uniform(0, fh * 0.3))
    shade = rng.randint(55, 72)
    cast = rng.choice(['#ffd9a0', '#c8dcff', '#ffe8c0', '#e0ffd8'])
    subprocess.run(nice([CONVERT, str(clean), '-alpha', 'off', '-background', rng.choice(['#4a4036', '#2f3338', '#6b5a48']),
                         '-virtual-pixel', 'background', '-define', f'distort:viewport={fw}x{fh}+0+0',
                         '-distort', 'Perspective', control_points(src, dst), '+repage',
                         '(', '-size', f'{fw}x{fh}', 'xc:', '-sparse-color', 'Barycentric',
                         f'{light[0]:.0f},{light[1]:.0f} white {dark[0]:.0f},{dark[1]:.0f} gray{shade}', ')',
                         '-compose', 'Multiply', '-composite', '-fill', cast, '-colorize', f'{rng.randint(6, 14)}%',
                         '-blur', f'0x{rng.uniform(0.6, 1.1):.2f}', '-seed', str(rng.randint(1, 10 ** 6)),
                         '-attenuate', f'{rng.uniform(0.4, 0.7):.2f}', '+noise', 'Gaussian',
                         '-quality', str(rng.randint(75, 85)), str(out)]), check=True)
    return homography(src, dst), {'shade': shade, 'cast': cast}


def render(jobs, workdir):
    if not jobs:
        return
    listing = workdir / 'render-jobs.json'
    listing.write_text(json.dumps(jobs))
    env = dict(os.environ, NODE_PATH='')
    subprocess.run(nice(['node', str(HERE / 'render.mjs'), str(listing)]), check=True, env=env,
                   stdout=subprocess.DEVNULL)


IDENTITY = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]


def build(out, n_docs, n_screens, force, node_modules):
    if force and out.exists():
        shutil.rmtree(out)
    for d in ('html/docs', 'html/screens', 'img/docs', 'img/screens', 'gt'):
        (out / d).mkdir(parents=True, exist_ok=True)
    manifest = []
    jobs = []
    docs = make_docs.docs(SEED)[:n_docs] if n_docs is not None else make_docs.docs(SEED)
    for d in docs:
        hp = out / 'html/docs' / f'{d["id"]}.html'
        hp.write_text(d['html'])
        png, gt = out / 'img/docs' / f'{d["id"]}.clean.png', out / 'gt' / f'{d["id"]}.json'
        if not (png.exists() and gt.exists()):
            jobs.append({'url': hp.as_uri(), 'png': str(png), 'gt': str(gt), 'width': 816, 'height': 1056,
                         'scale': d['dpi'] / 96, 'dark': False})
    screens = make_screens.screens(node_modules)
    screens = screens[:n_screens] if n_screens is not None else screens
    for s in screens:
        hp = out / 'html/screens' / f'{s["id"]}.html'
        for theme in s['themes']:
            hp_t = hp.with_name(f'{s["id"]}.{theme}.html')
            hp_t.write_text(s['html'](theme))
            for scale in (1, 1.5):
                v = f'{theme}@{scale:g}x'
                png, gt = out / 'img/screens' / f'{s["id"]}.{v}.png', out / 'gt' / f'{s["id"]}.{v}.json'
                if not (png.exists() and gt.exists()):
                    jobs.append({'url': hp_t.as_uri(), 'png': str(png), 'gt': str(gt), 'width': s['width'],
                                 'height': s['height'], 'scale': scale, 'dark': theme == 'dark'})
                manifest.append({'set': 'screens', 'variant': v, 'page': s['id'], 'kind': s['kit'],
                                 'image': str(png.relative_to(out)), 'gt': str(gt.relative_to(out)), 'h': IDENTITY})
    with tempfile.TemporaryDirectory() as tmp:
        print(f'[devsets] rendering {len(jobs)} pages with headless Chromium', file=sys.stderr)
        render(jobs, Path(tmp))
    for i, d in enumerate(docs):
        clean = out / 'img/docs' / f'{d["id"]}.clean.png'
        gt = out / 'gt' / f'{d["id"]}.json'
        info = json.loads(gt.read_text())['image']
        w, h = info['width'], info['height']
        base = {'set': 'docs', 'page': d['id'], 'kind': d['kind'], 'font': d['font'], 'dpi': d['dpi'],
                'columns': d['columns'], 'gt': str(gt.relative_to(out))}
        manifest.append({**base, 'variant': 'clean', 'image': str(clean.relative_to(out)), 'h': IDENTITY})
        for variant, fn in (('scan', scan_variant), ('photo', photo_variant)):
            rng = random.Random(f'{SEED}:{d["id"]}:{variant}')
            img = out / 'img/docs' / f'{d["id"]}.{variant}.jpg'
            meta_file = img.with_suffix('.json')
            if img.exists() and meta_file.exists():
                meta = json.loads(meta_file.read_text())
            else:
                hm, params = fn(clean, img, w, h, rng)
                meta = {'h': hm, 'params': params}
                meta_file.write_text(json.dumps(meta))
            manifest.append({**base, 'variant': variant, 'image': str(img.relative_to(out)), 'h': meta['h'],
                             'params': meta['params']})
        print(f'[devsets] variants {i + 1}/{len(docs)}: {d["id"]}', file=sys.stderr)
    manifest.sort(key=lambda m: (m['set'], m['variant'], m['page']))
    (out / 'manifest.json').write_text(json.dumps({'seed': SEED, 'images': manifest}, indent=1))
    print(f'[devsets] {len(manifest)} images in {out}', file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--out', default=str(BENCH / 'out' / 'devsets'))
    ap.add_argument('--node-modules', default=str(BENCH / '.devsets-cache' / 'npm' / 'node_modules'))
    ap.add_argument('--docs', type=int, default=None, help='only the first N documents (a quick run)')
    ap.add_argument('--screens', type=int, default=None, help='only the first N screens (a quick run)')
    ap.add_argument('--force', action='store_true', help='delete the output folder first')
    a = ap.parse_args()
    build(Path(a.out).resolve(), a.docs, a.screens, a.force, Path(a.node_modules).resolve())


if __name__ == '__main__':
    main()
