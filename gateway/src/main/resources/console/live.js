// The Live view: /admin/stats polled every few seconds, per route and variant, as charts; the canary's guard drawn.
import {call, describe, metricsText} from './api.js';
import {$, el, fmt, notice} from './ui.js';
import {chart} from './charts.js';

const PERIOD_MS = 3000;
const KEEP = 60;
const samples = new Map(); // "route/variant" -> [{t, rps, errorRate, p50, p95, p99, agreement, ...}]
const lastTotals = new Map();
let timer = null;
let paused = false;
let active = false;

export function initLive() {
  $('#live-pause').addEventListener('click', () => {
    paused = !paused;
    $('#live-pause').setAttribute('aria-pressed', String(paused));
    $('#live-pause').textContent = paused ? 'Resume' : 'Pause';
  });
  $('#live-window').addEventListener('change', () => poll());
}

/** Polls while the view is shown; stops when it is not. */
export function showLive(shown) {
  active = shown;
  clearInterval(timer);
  if (shown) {
    poll();
    timer = setInterval(() => { if (!paused) poll(); }, PERIOD_MS);
  }
}

export async function poll() {
  const r = await call('/admin/stats?window=' + $('#live-window').value);
  if (!r.ok) {
    notice(describe(r), {bad: true});
    return null;
  }
  const costs = parseCosts(await metricsText().catch(() => ''));
  record(r.body);
  if (active) render(r.body, costs);
  return r.body;
}

function record(stats) {
  const t = Date.now();
  for (const v of stats.variants) {
    const key = `${v.route}/${v.variant}`;
    const before = lastTotals.get(key);
    const rps = before ? Math.max(0, (v.totalRequests - before.n) / ((t - before.t) / 1000))
      : v.requests / stats.windowSeconds;
    lastTotals.set(key, {n: v.totalRequests, t});
    const list = samples.get(key) || [];
    list.push({t, rps, errorRate: v.errorRate, p50: v.p50Ms, p95: v.p95Ms, p99: v.p99Ms, agreement: v.agreement,
      escalations: v.escalations, fallbacks: v.fallbacks});
    while (list.length > KEEP) list.shift();
    samples.set(key, list);
  }
}

function render(stats, costs) {
  $('#live-updated').textContent = `policy version ${stats.policyVersion}, window ${stats.windowSeconds} s, `
    + `updated ${new Date().toLocaleTimeString()}`;
  const cards = stats.variants.filter(v => v.inPolicy).map(v => {
    const key = `${v.route}/${v.variant}`;
    const list = samples.get(key) || [];
    const col = name => list.map(s => s[name] ?? null);
    const guard = v.canary ? v.canary.guard || {} : {};
    const g = (value, label) => value === undefined || value === null ? null : {value, label};
    const badge = v.canary ? el('span', {class: 'badge ' + v.canary.state, text: `canary ${v.canary.state}`}) : '';
    return el('section', {class: 'variant-card', 'data-key': key},
      el('h4', {}, `${v.route} / ${v.variant} `, el('span', {class: 'muted',
        text: `${v.provider} · weight ${v.weight} `}), badge),
      el('div', {class: 'charts'},
        chart('requests/s', [{name: 'rps', values: col('rps')}], {digits: 2}),
        chart('error rate', [{name: 'errors', values: col('errorRate'), cls: 'p99'}],
          {guard: g(guard.maxErrorRate, `guard ≤ ${guard.maxErrorRate}`), digits: 3}),
        chart('latency ms', [{name: 'p50', values: col('p50'), cls: 'p50'},
          {name: 'p95', values: col('p95'), cls: 'p95'}, {name: 'p99', values: col('p99'), cls: 'p99'}],
        {guard: g(guard.maxP99Ms, `p99 guard ≤ ${guard.maxP99Ms} ms`), digits: 0}),
        chart('agreement', [{name: 'agreement', values: col('agreement')}],
          {guard: g(guard.minAgreement, `guard ≥ ${guard.minAgreement}`), digits: 4, min: 0.5})),
      el('p', {class: 'counters', text: `in window: ${v.requests} requests, ${v.errors} errors, `
        + `${v.escalations} escalated pages, ${v.fallbacks} fallbacks, ${v.shadowCompared} shadow comparisons, `
        + `${v.shadowSkipped} skipped; since start: ${v.totalRequests} requests, ${v.canaryBreaches} guard breaches`}));
  });
  $('#live-variants').replaceChildren(...cards);
  $('#live-providers tbody').replaceChildren(...Object.entries(stats.providers).map(([id, p]) => {
    const res = p.resilience || {};
    const failures = res.failures ? Object.values(res.failures).reduce((a, b) => a + b, 0) : '';
    return el('tr', {'data-provider': id}, el('td', {text: id}), el('td', {text: p.kind}),
      el('td', {text: p.breakerState || 'none (local)'}), el('td', {text: res.calls ?? ''}),
      el('td', {text: failures}), el('td', {text: costs.has(id) ? fmt(costs.get(id), 4) : '–'}));
  }));
  const q = stats.localInference;
  $('#live-pools').textContent = (q ? `local inference: ${q.active}/${q.threads} threads busy, queue ${q.queueDepth}`
    + ` of ${q.queueCapacity}; ` : '') + `shadow reads: ${stats.shadow.inFlight} of ${stats.shadow.capacity}; `
    + `escalation failures since start: ${stats.escalationFailures}`;
}

/** gateway_estimated_cost_usd_total per provider, from the Prometheus text. */
function parseCosts(text) {
  const out = new Map();
  const re = /^gateway_estimated_cost_usd_total\{([^}]*)\}\s+(\S+)/gm;
  let m;
  while ((m = re.exec(text))) {
    const p = /provider="([^"]*)"/.exec(m[1]);
    if (p) out.set(p[1], Number(m[2]));
  }
  return out;
}
