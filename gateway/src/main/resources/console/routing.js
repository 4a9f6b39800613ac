// The Routing view: the policy as routes and as JSON, canary actions, the history of changes.
import {call, describe} from './api.js';
import {$, $$, el, notice} from './ui.js';
import {pointerMap, locate} from './jsonmap.js';

let policy = null;    // the policy as last read
let etag = null;      // its ETag, sent as If-Match
let role = 'operator';
let pending = null;   // {action, route}

export function initRouting(onChange) {
  $('#policy-save').addEventListener('click', () => save(onChange));
  $('#policy-reload').addEventListener('click', () => load(true));
  $('#policy-load-current').addEventListener('click', () => load(true));
  const editor = $('#policy-editor');
  editor.addEventListener('input', () => gutter([]));
  editor.addEventListener('scroll', () => { $('#policy-gutter').scrollTop = editor.scrollTop; });
  editor.addEventListener('keydown', e => {
    // Tab indents in the editor; Escape gives the keyboard back to the page.
    if (e.key === 'Tab' && !e.shiftKey && !editor.dataset.released) {
      e.preventDefault();
      editor.setRangeText('  ', editor.selectionStart, editor.selectionEnd, 'end');
    } else if (e.key === 'Escape') {
      editor.dataset.released = '1';
      notice('Tab now leaves the editor.');
    }
  });
  editor.addEventListener('blur', () => delete editor.dataset.released);
  $('#change-cancel').addEventListener('click', () => $('#change-dialog').close());
  $('#change-form').addEventListener('submit', e => {
    e.preventDefault();
    apply(onChange);
  });
}

export function setRole(r) {
  role = r;
  $('#viewer-note').hidden = r !== 'viewer';
  $$('.needs-operator').forEach(b => { b.disabled = r !== 'operator'; });
  $('#policy-editor').readOnly = r !== 'operator';
}

/** Reads the policy and history; {@code replaceEdit} puts the policy in the editor even over an edit. */
export async function load(replaceEdit = false) {
  const [r, h] = await Promise.all([call('/admin/routing'), call('/admin/routing/history')]);
  if (!r.ok) {
    notice(describe(r), {bad: true});
    return;
  }
  const edited = policy && $('#policy-editor').value !== pretty(policy);
  policy = r.body;
  etag = r.etag;
  $('#routing-version').textContent = `version ${policy.version}`;
  $('#policy-etag').textContent = `editing version ${policy.version} (If-Match: ${etag})`;
  if (replaceEdit || !edited) {
    $('#policy-editor').value = pretty(policy);
    $('#policy-conflict').hidden = true;
    $('#policy-errors').replaceChildren();
    gutter([]);
  }
  routes();
  if (h.ok) history(h.body.changes);
}

function pretty(p) {
  const {version, ...rest} = p;
  return JSON.stringify(rest, null, 2);
}

function routes() {
  $('#routes').replaceChildren(...policy.routes.map(route => {
    const sum = route.variants.reduce((n, v) => n + v.weight, 0) || 1;
    const rows = [
      ['match', matchText(route.match)],
      ['variants', el('ul', {class: 'weights'}, route.variants.map(v => {
        const bar = el('i');
        bar.style.width = (100 * v.weight / sum).toFixed(1) + '%';
        return el('li', {'data-variant': v.name}, el('span', {text: `${v.name} → ${v.provider}`}),
          el('span', {class: 'bar'}, bar), el('span', {class: 'weight', text: String(v.weight)}));
      }))],
    ];
    if (route.stickyBy) rows.push(['sticky by', route.stickyBy]);
    if (route.canary) {
      const live = route.variants.some(v => v.name === route.canary.variant && v.weight > 0);
      rows.push(['canary', el('span', {}, el('span', {class: 'badge ' + (live ? 'live' : 'rolled-back'),
        text: live ? 'live' : 'rolled back'}), ` ${route.canary.variant}; guard ${guardText(route.canary.guard)}`)]);
    }
    if (route.shadow) rows.push(['shadow', `${route.shadow.percent}% to ${route.shadow.provider}`]);
    if (route.cascade) rows.push(['cascade', `pages under ${route.cascade.minConfidence} to ${route.cascade.escalateTo}`]);
    if (route.fallback && route.fallback.length) rows.push(['fallback', route.fallback.join(' → ')]);
    const button = (action, label, enabled) => {
      const b = el('button', {type: 'button', class: 'needs-operator ' + action, text: label,
        disabled: role !== 'operator' || !enabled});
      b.addEventListener('click', () => ask(action, route));
      return b;
    };
    return el('article', {class: 'route', 'data-route': route.name},
      el('h4', {text: route.name}),
      el('dl', {}, rows.flatMap(([k, v]) => [el('dt', {text: k}), el('dd', {}, v)])),
      el('div', {class: 'controls small'},
        button('canary-start', 'Start canary…', route.variants.length > 1),
        button('canary-promote', 'Promote…', !!route.canary),
        button('canary-rollback', 'Roll back…', !!route.canary)));
  }));
}

function matchText(match) {
  if (!match) return 'everything';
  const parts = [];
  for (const [k, v] of Object.entries(match)) {
    if (k === 'header') for (const [h, vals] of Object.entries(v)) parts.push(`header ${h} in ${vals.join(', ')}`);
    else if (k === 'pageCount') parts.push(`pages ${v.min ?? 1}..${v.max ?? '∞'}`);
    else if (Array.isArray(v) && v.length) parts.push(`${k} in ${v.join(', ')}`);
  }
  return parts.length ? parts.join('; ') : 'everything';
}

function guardText(g) {
  if (!g) return 'none';
  const parts = [];
  if (g.maxErrorRate != null) parts.push(`errors ≤ ${g.maxErrorRate}`);
  if (g.maxP99Ms != null) parts.push(`p99 ≤ ${g.maxP99Ms} ms`);
  if (g.minAgreement != null) parts.push(`agreement ≥ ${g.minAgreement}`);
  parts.push(`over ${g.window || '5m'}, from ${g.minRequests ?? 100} requests`);
  return parts.join(', ');
}

const TITLES = {'canary-start': 'Start a canary on', 'canary-promote': 'Promote the canary of',
  'canary-rollback': 'Roll back the canary of'};

function ask(action, route) {
  pending = {action, route: route.name};
  $('#change-title').textContent = `${TITLES[action]} route ${route.name}`;
  const starting = action === 'canary-start';
  $('#change-variant-label').hidden = !starting;
  $('#change-percent-label').hidden = !starting;
  $('#change-variant').replaceChildren(...route.variants.map(v => el('option', {value: v.name, text: v.name})));
  const candidate = route.canary ? route.canary.variant : route.variants[route.variants.length - 1].name;
  $('#change-variant').value = candidate;
  $('#change-reason').value = '';
  $('#change-dialog').showModal();
  (starting ? $('#change-variant') : $('#change-reason')).focus();
}

async function apply(onChange) {
  const reason = $('#change-reason').value.trim();
  if (!reason) {
    $('#change-reason').reportValidity();
    return;
  }
  const {action, route} = pending;
  const path = `/admin/routes/${encodeURIComponent(route)}/` +
    {'canary-start': 'canary', 'canary-promote': 'promote', 'canary-rollback': 'rollback'}[action];
  const json = {reason};
  if (action === 'canary-start') {
    json.variant = $('#change-variant').value;
    json.percent = Number($('#change-percent').value);
  }
  const r = await call(path, {method: 'POST', json, headers: {'X-Change-Reason': reason}});
  $('#change-dialog').close();
  if (!r.ok) {
    const errors = r.body && r.body.errors ? ': ' + r.body.errors.map(e => `${e.pointer} ${e.message}`).join('; ') : '';
    notice(describe(r) + errors, {bad: true});
    return;
  }
  notice(`Route ${route}: ${action.replace('canary-', '')} done; policy version ${r.body.version}.`);
  await load(true);
  onChange();
}

async function save(onChange) {
  const text = $('#policy-editor').value;
  const r = await call('/admin/routing', {method: 'PUT', body: text, contentType: 'application/json',
    headers: {'If-Match': etag}});
  if (r.ok) {
    $('#policy-errors').replaceChildren();
    gutter([]);
    notice(`Policy saved: version ${r.body.version}.`);
    await load(true);
    onChange();
    return;
  }
  if (r.status === 409 || r.status === 412) {
    // Someone else's change came first: show it, keep the edit, overwrite nothing.
    $('#policy-conflict-text').textContent = `Not saved: ${describe(r)}. Your edit is still here; compare it with `
      + `the history, then load the current policy and reapply it.`;
    $('#policy-conflict').hidden = false;
    $('#policy-conflict').dataset.current = r.etag || '';
    notice('Not saved: the policy changed since you loaded it.', {bad: true});
    const h = await call('/admin/routing/history');
    if (h.ok) history(h.body.changes);
    return;
  }
  if (r.status === 422 && r.body && r.body.errors) {
    showErrors(text, r.body.errors);
    notice(`Not saved: ${r.body.error.message}.`, {bad: true});
    return;
  }
  notice(describe(r), {bad: true});
}

function showErrors(text, errors) {
  const map = pointerMap(text);
  const placed = errors.map(e => ({...e, at: locate(text, map, e.pointer)}));
  $('#policy-errors').replaceChildren(...placed.map(e => {
    const li = el('li', {'data-pointer': e.pointer, 'data-line': e.at.line, tabIndex: 0},
      el('code', {text: e.pointer || '(document)'}), ' ', e.message, ' ',
      el('span', {class: 'where', text: `(line ${e.at.line}${e.at.exact ? '' : ', in the enclosing value'})`}));
    const go = () => {
      const editor = $('#policy-editor');
      editor.focus();
      editor.setSelectionRange(e.at.start, e.at.end);
      const lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 18;
      editor.scrollTop = Math.max(0, (e.at.line - 4) * lineHeight);
    };
    li.addEventListener('click', go);
    li.addEventListener('keydown', k => { if (k.key === 'Enter') go(); });
    return li;
  }));
  gutter(placed.map(e => e.at.line));
}

function gutter(errorLines) {
  const count = $('#policy-editor').value.split('\n').length;
  const marked = new Set(errorLines);
  const spans = [];
  for (let n = 1; n <= count; n++) {
    spans.push(el('span', {class: marked.has(n) ? 'error' : '', 'data-line': n, text: marked.has(n) ? `● ${n}` : n}));
  }
  $('#policy-gutter').replaceChildren(...spans);
  $('#policy-gutter').scrollTop = $('#policy-editor').scrollTop;
}

function history(changes) {
  $('#history').replaceChildren(...[...changes].reverse().map(c => el('li', {value: c.version,
    'data-version': c.version},
    el('div', {}, el('strong', {text: `v${c.version} ${c.action}`}), ` by ${c.actor} at ${c.at}`,
      c.reason ? ` — “${c.reason}”` : ''),
    el('ul', {class: 'diff'}, (c.changes || []).map(line => el('li', {}, diffLine(line)))))));
}

/** "route default: weights v4 100→90, v3 0→10" with each "old→new" shown as removed and added. */
function diffLine(text) {
  const parts = [];
  const re = /(\S+)→(\S+?)(?=,|$|\s)/g;
  let at = 0;
  let m;
  while ((m = re.exec(text))) {
    parts.push(text.slice(at, m.index), el('del', {text: m[1]}), ' ', el('ins', {text: m[2]}));
    at = m.index + m[0].length;
  }
  parts.push(text.slice(at));
  return parts;
}
