// The Compare view: one document read by two providers, lines paired by position as shadow agreement pairs them.
import {call, describe} from './api.js';
import {$, el, fillSelect, notice} from './ui.js';
import {drawPage, pictureOf} from './page.js';

let last = null; // {body, picture}

export function initCompare() {
  $('#compare-form').addEventListener('submit', e => {
    e.preventDefault();
    compare();
  });
  $('#compare-page').addEventListener('change', redraw);
}

export function providersChanged(ids) {
  fillSelect($('#compare-a'), ids);
  fillSelect($('#compare-b'), ids);
  if ($('#compare-a').value === $('#compare-b').value && ids.length > 1) $('#compare-b').value = ids[1];
}

async function compare() {
  const file = $('#compare-file').files[0];
  if (!file) {
    notice('Choose a document first.', {bad: true});
    return;
  }
  const a = $('#compare-a').value;
  const b = $('#compare-b').value;
  $('#compare-go').disabled = true;
  $('#compare-agreement').value = '…';
  try {
    const r = await call('/admin/console/compare?' + new URLSearchParams({a, b}), {method: 'POST', body: file,
      contentType: file.type || 'application/octet-stream'});
    if (!r.ok) {
      $('#compare-agreement').value = '–';
      notice(describe(r), {bad: true});
      return;
    }
    if (last && last.picture) URL.revokeObjectURL(last.picture);
    last = {body: r.body, picture: pictureOf(file)};
    const out = $('#compare-agreement');
    out.value = r.body.agreement.toFixed(4);
    out.dataset.value = String(r.body.agreement);
    $('#compare-name-a').textContent = `A: ${r.body.a.provider.id}`;
    $('#compare-name-b').textContent = `B: ${r.body.b.provider.id}`;
    $('#compare-page').replaceChildren(...r.body.pages.map(p => el('option', {value: p.pageNumber,
      text: `${p.pageNumber} (agreement ${p.agreement.toFixed(4)})`})));
    redraw();
  } finally {
    $('#compare-go').disabled = false;
  }
}

function status(pair) {
  if (pair.primary < 0 || pair.shadow < 0) return 'only';
  return pair.errors === 0 ? 'same' : 'differ';
}

function redraw() {
  if (!last) return;
  const number = Number($('#compare-page').value || 1);
  const paging = last.body.pages.find(p => p.pageNumber === number) || last.body.pages[0];
  if (!paging) return;
  const pageA = last.body.a.pages.find(p => p.pageNumber === paging.pageNumber);
  const pageB = last.body.b.pages.find(p => p.pageNumber === paging.pageNumber) ||
    {...pageA, lines: []};
  const ofA = new Map();
  const ofB = new Map();
  paging.pairs.forEach((pair, i) => {
    if (pair.primary >= 0) ofA.set(pair.primary, i);
    if (pair.shadow >= 0) ofB.set(pair.shadow, i);
  });
  const picture = paging.pageNumber === 1 ? last.picture : null;
  const svgA = drawPage($('#compare-pane-a'), pageA, {picture,
    lineClass: i => 'pair-' + status(paging.pairs[ofA.get(i)])});
  const svgB = drawPage($('#compare-pane-b'), pageB, {picture,
    lineClass: i => 'pair-' + status(paging.pairs[ofB.get(i)])});
  const rows = paging.pairs.map((pair, i) => {
    const kind = status(pair);
    const row = el('tr', {class: kind, 'data-pair': i, tabIndex: 0},
      el('td', {text: pair.primary >= 0 ? pageA.lines[pair.primary].text : ''}),
      el('td', {text: pair.shadow >= 0 ? pageB.lines[pair.shadow].text : ''}),
      el('td', {text: String(pair.errors)}));
    const light = on => {
      row.classList.toggle('active', on);
      if (pair.primary >= 0) svgA.querySelector(`.line[data-index="${pair.primary}"]`)?.classList.toggle('active', on);
      if (pair.shadow >= 0) svgB.querySelector(`.line[data-index="${pair.shadow}"]`)?.classList.toggle('active', on);
    };
    row.addEventListener('mouseenter', () => light(true));
    row.addEventListener('mouseleave', () => light(false));
    row.addEventListener('focus', () => light(true));
    row.addEventListener('blur', () => light(false));
    return row;
  });
  $('#compare-lines tbody').replaceChildren(...rows);
}
