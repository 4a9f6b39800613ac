// Small DOM helpers: elements are built with properties, never from HTML strings, so no text can become markup.

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role' || k === 'for') node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

const SVG = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c) node.append(c);
  return node;
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

let noticeTimer;

/** A message under the header; {bad: true} for a failure. */
export function notice(text, {bad = false} = {}) {
  const n = $('#notice');
  n.textContent = text;
  n.className = bad ? 'bad' : '';
  n.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { n.hidden = true; }, bad ? 15000 : 6000);
}

export function fmt(n, digits = 2) {
  return n === null || n === undefined || Number.isNaN(n) ? '–' : Number(n).toFixed(digits);
}

/** Options of a select: provider ids, keeping the current choice when it is still there. */
export function fillSelect(select, values, keep = true) {
  const old = select.value;
  const fixed = [...select.querySelectorAll('option[data-fixed]')];
  select.replaceChildren(...fixed, ...values.map(v => el('option', {value: v, text: v})));
  if (keep && [...select.options].some(o => o.value === old)) select.value = old;
}
