// Small line charts in SVG: a few series over time, with an optional guard threshold drawn as a dashed line.
import {svg, el, fmt} from './ui.js';

const W = 300;
const H = 70;

/**
 * @param title  caption
 * @param series [{name, values: [number|null], cls}]: equal length, oldest first
 * @param guard  {value, label} or null: drawn across the chart, and the scale always includes it
 * @param unit   text after the current value
 */
export function chart(title, series, {guard = null, unit = '', digits = 2, min = 0} = {}) {
  const all = series.flatMap(s => s.values).filter(v => v !== null && Number.isFinite(v));
  let max = Math.max(guard ? guard.value * 1.15 : 0, ...all, min > 0 ? min : 1e-9);
  let floor = min;
  if (min > 0) floor = Math.min(min, ...all, guard ? guard.value : min);
  if (max <= floor) max = floor + 1;
  const n = Math.max(2, ...series.map(s => s.values.length));
  const x = i => (i / (n - 1)) * W;
  const y = v => H - 4 - ((v - floor) / (max - floor)) * (H - 8);
  const root = svg('svg', {viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img',
    'aria-label': title});
  for (const s of series) {
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i + n - s.values.length).toFixed(1)},${y(v).toFixed(1)} `;
      pen = true;
    });
    if (d) root.append(svg('path', {class: 'series ' + (s.cls || ''), d}));
  }
  if (guard) {
    const gy = y(guard.value).toFixed(1);
    root.append(svg('line', {class: 'guard-line', x1: 0, x2: W, y1: gy, y2: gy, 'data-guard': guard.value},
      svg('title', {}, document.createTextNode(guard.label))));
  }
  const now = series.map(s => {
    const v = [...s.values].reverse().find(x => x !== null && Number.isFinite(x));
    return `${series.length > 1 ? s.name + ' ' : ''}${v === undefined ? '–' : fmt(v, digits)}`;
  }).join(' · ');
  return el('figure', {class: 'chart', 'data-chart': title, 'data-guard': guard ? guard.value : undefined},
    el('figcaption', {}, `${title} `, el('span', {class: 'now', text: now + (unit ? ' ' + unit : '')}),
      guard ? el('span', {class: 'muted', text: ` (${guard.label})`}) : ''),
    root);
}
