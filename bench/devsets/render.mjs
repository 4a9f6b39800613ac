// Renders HTML pages with one headless Chromium, driven over the DevTools protocol on a pipe (no extra packages):
// per job, exact CSS viewport and device scale factor, light or dark colour scheme, a PNG screenshot, and the
// ground truth of gt.js scaled to image pixels.
//   node render.mjs jobs.json
// jobs.json: [{"url": "file:///…", "png": "/…/x.png", "gt": "/…/x.json", "width": 816, "height": 1056,
//              "scale": 1.5625, "dark": false}, …]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const jobs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const gtScript = readFileSync(join(here, 'gt.js'), 'utf8');
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const profile = mkdtempSync(join(tmpdir(), 'devsets-chromium-'));

const proc = spawn(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars',
  '--mute-audio', '--disable-extensions', '--font-render-hinting=none', '--remote-debugging-pipe',
  `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
proc.stderr.on('data', () => {});
const toChrome = proc.stdio[3], fromChrome = proc.stdio[4];

let nextId = 1;
const pending = new Map();
const waiters = [];
let buf = Buffer.alloc(0);
fromChrome.on('data', chunk => {
  buf = Buffer.concat([buf, chunk]);
  let at;
  while ((at = buf.indexOf(0)) >= 0) {
    const msg = JSON.parse(buf.subarray(0, at).toString('utf8'));
    buf = buf.subarray(at + 1);
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      msg.error ? reject(new Error(JSON.stringify(msg.error))) : resolve(msg.result);
    } else if (msg.method) {
      for (const w of [...waiters]) if (w.method === msg.method && (!w.sessionId || w.sessionId === msg.sessionId)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(msg.params);
      }
    }
  }
});
function send(method, params = {}, sessionId) {
  const id = nextId++;
  toChrome.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}
function once(method, sessionId, timeoutMs = 30000) {
  return new Promise((resolve, reject) => {
    const w = { method, sessionId, resolve };
    waiters.push(w);
    setTimeout(() => { const i = waiters.indexOf(w); if (i >= 0) { waiters.splice(i, 1); reject(new Error(`timeout waiting for ${method}`)); } }, timeoutMs);
  });
}

const scaleBox = (b, s) => b.map(v => Math.round(v * s * 10) / 10);

try {
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  const S = (m, p) => send(m, p, sessionId);
  await S('Page.enable');
  await S('Runtime.enable');
  for (const job of jobs) {
    await S('Emulation.setDeviceMetricsOverride', { width: job.width, height: job.height, deviceScaleFactor: job.scale, mobile: false });
    await S('Emulation.setEmulatedMedia', { media: 'screen', features: [{ name: 'prefers-color-scheme', value: job.dark ? 'dark' : 'light' }] });
    const loaded = once('Page.loadEventFired', sessionId);
    await S('Page.navigate', { url: job.url });
    await loaded;
    await S('Runtime.evaluate', { expression: 'document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(1)))))', awaitPromise: true });
    await S('Runtime.evaluate', { expression: 'window.__fit && window.__fit()' });
    const res = await S('Runtime.evaluate', { expression: gtScript, returnByValue: true });
    if (res.exceptionDetails) throw new Error(`${job.url}: ${JSON.stringify(res.exceptionDetails).slice(0, 800)}`);
    const gt = res.result.value;
    const shot = await S('Page.captureScreenshot', { format: 'png', captureBeyondViewport: false, fromSurface: true });
    writeFileSync(job.png, Buffer.from(shot.data, 'base64'));
    const s = job.scale;
    for (const w of gt.words) w.box = scaleBox(w.box, s);
    for (const l of gt.lines) l.box = scaleBox(l.box, s);
    for (const q of gt.queries) { q.box = scaleBox(q.box, s); q.target = scaleBox(q.target, s); }
    for (const f of gt.fields) { f.labelBox = scaleBox(f.labelBox, s); f.controlBox = scaleBox(f.controlBox, s); }
    gt.image = { width: Math.round(job.width * s), height: Math.round(job.height * s), scale: s };
    writeFileSync(job.gt, JSON.stringify(gt));
    process.stdout.write(`rendered ${job.png} (${gt.words.length} words)\n`);
  }
  await send('Browser.close').catch(() => {});
} catch (e) {
  process.stderr.write(`render failed: ${e.stack || e}\n`);
  process.exitCode = 1;
} finally {
  setTimeout(() => { try { proc.kill('SIGKILL'); } catch {} rmSync(profile, { recursive: true, force: true }); process.exit(process.exitCode || 0); }, 300);
}
