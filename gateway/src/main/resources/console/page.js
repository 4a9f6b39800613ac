// One page of a unified result drawn as SVG: the picture (when the browser can show the file) or a blank sheet, every
// line and word polygon coloured by confidence, a tooltip with text and confidence on hover or keyboard focus.
import {svg, $} from './ui.js';

/** Media types an <image> can show; PDFs and TIFFs are drawn as blank sheets with their text. */
const SHOWABLE = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/bmp'];

export function pictureOf(file) {
  return file && SHOWABLE.includes(file.type) ? URL.createObjectURL(file) : null;
}

export function confidenceColour(c) {
  const t = Math.max(0, Math.min(1, (c - 0.6) / 0.4));
  return `hsl(${Math.round(t * 120)}, 75%, 42%)`;
}

function points(polygon) {
  const out = [];
  for (let i = 0; i + 1 < polygon.length; i += 2) out.push(`${polygon[i]},${polygon[i + 1]}`);
  return out.join(' ');
}

function bounds(polygon) {
  const xs = polygon.filter((_, i) => i % 2 === 0);
  const ys = polygon.filter((_, i) => i % 2 === 1);
  return {x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) - Math.min(...xs),
    h: Math.max(...ys) - Math.min(...ys)};
}

function showTip(target, text) {
  const tip = $('#tip');
  tip.textContent = text;
  tip.hidden = false;
  const r = target.getBoundingClientRect();
  tip.style.left = Math.max(4, Math.min(window.innerWidth - 430, r.left)) + 'px';
  tip.style.top = (r.top > 40 ? r.top - 32 : r.bottom + 6) + 'px';
}

function hideTip() {
  $('#tip').hidden = true;
}

/**
 * Draws {@code page} into {@code stage}.
 *
 * @param options.picture   object URL of the picture, or null for a blank sheet
 * @param options.layer     'lines' or 'words': which boxes answer the pointer and the keyboard
 * @param options.lineClass per line index, a class replacing the confidence colour (comparison), optional
 * @param options.matches   screen matches to mark with their click point, optional
 * @returns the svg
 */
export function drawPage(stage, page, {picture = null, layer = 'lines', lineClass = null, matches = []} = {}) {
  const root = svg('svg', {viewBox: `0 0 ${page.width} ${page.height}`, 'data-layer': layer, role: 'group',
    'aria-label': `page ${page.pageNumber}: ${page.lines.length} lines`});
  if (picture) {
    root.append(svg('image', {href: picture, x: 0, y: 0, width: page.width, height: page.height}));
  } else {
    root.append(svg('rect', {class: 'sheet', x: 0, y: 0, width: page.width, height: page.height}));
  }
  page.lines.forEach((line, index) => {
    if (!picture) {
      const b = bounds(line.polygon);
      const t = svg('text', {class: 'sheet-text', x: b.x, y: b.y + b.h * 0.8, 'font-size': Math.max(6, b.h * 0.8),
        textLength: Math.max(1, b.w), lengthAdjust: 'spacingAndGlyphs'});
      t.textContent = line.text;
      root.append(t);
    }
  });
  const words = [];
  const lines = [];
  page.lines.forEach((line, index) => {
    const cls = lineClass ? lineClass(index) : null;
    const colour = cls ? null : confidenceColour(line.confidence);
    lines.push(box('line', line, index, colour, cls, layer === 'lines'));
    (line.words || []).forEach((word, w) => {
      words.push(box('word', word, `${index}.${w}`, cls ? null : confidenceColour(word.confidence), cls,
        layer === 'words'));
    });
  });
  // The hoverable layer goes on top.
  root.append(...(layer === 'lines' ? [...words, ...lines] : [...lines, ...words]));
  for (const m of matches.filter(x => x.pageNumber === page.pageNumber)) {
    root.append(svg('polygon', {class: 'match', points: points(m.polygon)}));
    root.append(svg('circle', {class: 'click-point', cx: m.center.x, cy: m.center.y,
      r: Math.max(4, page.width / 150)}));
  }
  stage.replaceChildren(root);
  return root;
}

function box(kind, item, index, colour, cls, active) {
  const label = `${item.text} (confidence ${Number(item.confidence).toFixed(4)})`;
  const p = svg('polygon', {class: `box ${kind}${cls ? ' ' + cls : ''}`, points: points(item.polygon),
    'data-index': index, 'data-text': item.text, 'aria-label': label, tabindex: active ? 0 : -1,
    stroke: colour, fill: colour});
  const show = () => showTip(p, label);
  p.addEventListener('mouseenter', show);
  p.addEventListener('focus', show);
  p.addEventListener('mouseleave', hideTip);
  p.addEventListener('blur', hideTip);
  return p;
}
