// The Read view: one document read as the policy decides or by a chosen provider, drawn with its boxes.
import {call, describe} from './api.js';
import {$, el, fillSelect, notice, fmt} from './ui.js';
import {drawPage, pictureOf} from './page.js';

let last = null; // {result, picture}

export function initRead() {
  $('#read-form').addEventListener('submit', e => {
    e.preventDefault();
    read();
  });
  $('#read-layer').addEventListener('change', redraw);
  $('#read-page').addEventListener('change', redraw);
  $('#read-copy').addEventListener('click', copyJson);
  const drop = $('#read-drop');
  drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', e => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer.files.length) {
      $('#read-file').files = e.dataTransfer.files;
      read();
    }
  });
}

export function providersChanged(ids) {
  fillSelect($('#read-provider'), ids);
}

async function read() {
  const file = $('#read-file').files[0];
  if (!file) {
    notice('Choose a document first.', {bad: true});
    return;
  }
  const query = new URLSearchParams({provider: $('#read-provider').value, task: $('#read-task').value});
  const find = $('#read-find').value.trim();
  if (find && $('#read-task').value === 'screen') query.append('find', find);
  $('#read-go').disabled = true;
  $('#read-stage').setAttribute('aria-busy', 'true');
  try {
    const r = await call('/admin/console/read?' + query, {method: 'POST', body: file,
      contentType: file.type || 'application/octet-stream'});
    if (!r.ok) {
      notice(describe(r), {bad: true});
      return;
    }
    if (last && last.picture) URL.revokeObjectURL(last.picture);
    last = {result: r.body, picture: pictureOf(file)};
    $('#read-page').replaceChildren(...r.body.pages.map(p => el('option', {value: p.pageNumber,
      text: `${p.pageNumber} of ${r.body.pages.length}`})));
    facts(r.body);
    $('#read-json').textContent = JSON.stringify(r.body, null, 2);
    redraw();
  } finally {
    $('#read-go').disabled = false;
    $('#read-stage').removeAttribute('aria-busy');
  }
}

function redraw() {
  if (!last) return;
  const number = Number($('#read-page').value || 1);
  const page = last.result.pages.find(p => p.pageNumber === number) || last.result.pages[0];
  if (!page) {
    $('#read-stage').replaceChildren(el('p', {text: 'No pages were read.'}));
    return;
  }
  // A PDF's or TIFF's pages cannot be shown by the browser; the first page of a plain image is the picture.
  drawPage($('#read-stage'), page, {picture: page.pageNumber === 1 ? last.picture : null,
    layer: $('#read-layer').value, matches: last.result.matches || []});
}

function facts(result) {
  const rows = [
    ['route', result.route], ['variant', result.variant],
    ['provider', `${result.provider.id} (${[result.provider.kind, result.provider.model].filter(Boolean).join(', ')})`],
    ['fallback from', result.fallbackFrom || 'none'],
    ['escalated pages', result.escalatedPages && result.escalatedPages.length ? result.escalatedPages.join(', ') : 'none'],
    ['lines', result.pages.reduce((n, p) => n + p.lines.length, 0)],
  ];
  for (const [stage, ms] of Object.entries(result.timingsMs || {})) rows.push([`${stage} ms`, fmt(ms, 1)]);
  $('#read-facts').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', {text: k}),
    el('dd', {text: String(v), 'data-fact': k})]));
  const matches = result.matches || [];
  $('#read-matches').replaceChildren(...matches.map(m => el('li', {text:
    `"${m.text}" for "${m.query}" (score ${fmt(m.score)}) click at ${fmt(m.center.x, 0)}, ${fmt(m.center.y, 0)}`
    + (m.target ? `; its ${m.target.type} at ${fmt(m.target.center.x, 0)}, ${fmt(m.target.center.y, 0)}` : '')})));
}

async function copyJson() {
  const text = $('#read-json').textContent;
  try {
    await navigator.clipboard.writeText(text);
    notice('JSON copied.');
  } catch (e) {
    // Clipboard access needs a secure context; selecting the text lets the operator copy it by hand.
    const range = document.createRange();
    range.selectNodeContents($('#read-json'));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    notice('Press Ctrl+C to copy the selected JSON.');
  }
}
