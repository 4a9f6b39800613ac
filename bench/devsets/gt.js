// Ground truth of a rendered page, read from its DOM: run in the page by render.mjs after fonts are loaded.
// Returns {viewport, words, lines, queries, fields} in CSS pixels of the viewport (render.mjs scales them).
//
// words   every visible word: the text nodes walked in DOM order, split on white space, each word's box from
//         Range.getClientRects (text-transform applied to the text, so `uppercase` gives what is drawn). Skipped:
//         script/style, hidden (display, visibility, opacity < 0.1, transparent colour), zero-size, off-screen,
//         and words less than 60% inside the clip of their overflow-hidden ancestors. Form controls show text that
//         is not a text node (value, placeholder, selected option): it is measured with a canvas in the control's
//         font and placed at its content box.
// lines   words grouped in DOM order: a new line starts at another block (nearest non-inline ancestor), at a
//         vertical jump of half a line, or when the text goes back left (a wrap). DOM order is reading order,
//         columns one after the other (elements may carry data-col="1"/"2" for the reading-order score).
// queries screens: the visible labels a person would look for (buttons, links, menu items, headers, labels, tabs,
//         badges), with the box of the label's text and the box of the element one would click.
// fields  screens: each <label> with the box of its form control (label.control): the label→input ground truth.
(() => {
  const vw = window.innerWidth, vh = window.innerHeight;
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TITLE', 'TEMPLATE', 'OPTION', 'TEXTAREA', 'SELECT', 'HEAD']);
  const styleOf = new Map();
  const cs = el => { let s = styleOf.get(el); if (!s) { s = getComputedStyle(el); styleOf.set(el, s); } return s; };
  const rnd = v => Math.round(v * 100) / 100;
  const boxOf = r => [rnd(r.left), rnd(r.top), rnd(r.right), rnd(r.bottom)];
  const union = (a, b) => a ? [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])] : b.slice();

  function hidden(el) {
    let opacity = 1;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const s = cs(e);
      if (s.display === 'none') return true;
      opacity *= parseFloat(s.opacity || '1');
      if (e.hasAttribute('hidden') || e.getAttribute('aria-hidden') === 'true' && e.classList.contains('visually-hidden')) return true;
    }
    const s = cs(el);
    if (s.visibility !== 'visible' || opacity < 0.1) return true;
    const m = /rgba?\(([^)]+)\)/.exec(s.color);
    if (m) { const p = m[1].split(/[ ,\/]+/).filter(Boolean); if (p.length === 4 && parseFloat(p[3]) < 0.1) return true; }
    return false;
  }

  // Viewport ∩ padding boxes of the ancestors that clip (overflow other than visible), and of 1px clip tricks.
  function clipOf(el) {
    let c = [0, 0, vw, vh];
    for (let e = el; e && e.nodeType === 1 && e !== document.documentElement; e = e.parentElement) {
      const s = cs(e);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible' || (s.clip && s.clip !== 'auto') || s.clipPath !== 'none') {
        const r = e.getBoundingClientRect();
        const bl = parseFloat(s.borderLeftWidth) || 0, bt = parseFloat(s.borderTopWidth) || 0;
        const br = parseFloat(s.borderRightWidth) || 0, bb = parseFloat(s.borderBottomWidth) || 0;
        c = [Math.max(c[0], r.left + bl), Math.max(c[1], r.top + bt), Math.min(c[2], r.right - br), Math.min(c[3], r.bottom - bb)];
      }
    }
    return c;
  }
  const insideShare = (b, c) => {
    const w = Math.max(0, Math.min(b[2], c[2]) - Math.max(b[0], c[0]));
    const h = Math.max(0, Math.min(b[3], c[3]) - Math.max(b[1], c[1]));
    const a = (b[2] - b[0]) * (b[3] - b[1]);
    return a > 0 ? w * h / a : 0;
  };
  function blockOf(el) {
    for (let e = el; e; e = e.parentElement) {
      const d = cs(e).display;
      if (!d.startsWith('inline') || d === 'inline-block' || d === 'inline-flex' || d === 'inline-grid') return e;
    }
    return document.body;
  }
  const transform = (t, s) => t === 'uppercase' ? s.toUpperCase() : t === 'lowercase' ? s.toLowerCase()
    : t === 'capitalize' ? s.replace(/(^|\s)(\S)/g, (m, a, b) => a + b.toUpperCase()) : s;

  const words = [];
  const blockIds = new Map();
  const blockId = b => { if (!blockIds.has(b)) blockIds.set(b, blockIds.size); return blockIds.get(b); };
  const colOf = el => { const c = el.closest('[data-col]'); return c ? c.getAttribute('data-col') : null; };

  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || SKIP.has(el.tagName) || el.closest('#__gt, svg, select, textarea')) continue;
    const raw = node.nodeValue;
    if (!/\S/.test(raw) || hidden(el)) continue;
    const clip = clipOf(el);
    const t = cs(el).textTransform;
    const re = /\S+/g;
    let m;
    while ((m = re.exec(raw))) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const rects = [...range.getClientRects()].filter(r => r.width > 0.5 && r.height > 0.5);
      if (!rects.length) continue;
      // A word broken over two lines (after a hyphen: "New-" / "York") becomes one word per line.
      const pieces = [];
      if (rects.some(r => Math.abs(r.top - rects[0].top) > r.height / 2)) {
        let from = 0, top = null;
        for (let k = 0; k < m[0].length; k++) {
          range.setStart(node, m.index + k);
          range.setEnd(node, m.index + k + 1);
          const r = range.getBoundingClientRect();
          if (top !== null && Math.abs(r.top - top) > r.height / 2) { pieces.push([from, k]); from = k; }
          top = r.top;
        }
        pieces.push([from, m[0].length]);
      } else pieces.push([0, m[0].length]);
      for (const [a, b] of pieces) {
        range.setStart(node, m.index + a);
        range.setEnd(node, m.index + b);
        let box = null;
        for (const r of range.getClientRects()) if (r.width > 0.5 && r.height > 0.5) box = union(box, boxOf(r));
        if (!box || insideShare(box, clip) < 0.6) continue;
        words.push({ text: transform(t, m[0].slice(a, b)), box, el, block: blockId(blockOf(el)), col: colOf(el) });
      }
    }
  }

  // Text shown by form controls.
  const canvas = document.createElement('canvas').getContext('2d');
  for (const c of document.querySelectorAll('input, select, textarea')) {
    if (hidden(c)) continue;
    let text = '';
    if (c.tagName === 'SELECT') text = c.selectedOptions.length ? c.selectedOptions[0].textContent : '';
    else if (c.tagName === 'TEXTAREA' || ['text', 'email', 'search', 'number', 'tel', 'url', 'date', ''].includes(c.type)) text = c.value || c.placeholder || '';
    else if (['submit', 'button', 'reset'].includes(c.type)) text = c.value;
    text = text.trim();
    if (!text) continue;
    const s = cs(c), r = c.getBoundingClientRect();
    if (c.tagName !== 'SELECT' && c.value === '' && c.placeholder) {
      const ps = getComputedStyle(c, '::placeholder');
      if (/rgba?\([^)]*,\s*0\)/.test(ps.color)) continue;
    }
    canvas.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    const left = r.left + (parseFloat(s.borderLeftWidth) || 0) + (parseFloat(s.paddingLeft) || 0);
    const fs = parseFloat(s.fontSize);
    const top = c.tagName === 'TEXTAREA' ? r.top + (parseFloat(s.borderTopWidth) || 0) + (parseFloat(s.paddingTop) || 0)
      : r.top + r.height / 2 - fs * 0.6;
    const clip = clipOf(c);
    const re = /\S+/g;
    let m;
    const firstLine = text.split('\n')[0];
    while ((m = re.exec(firstLine))) {
      const x0 = left + canvas.measureText(firstLine.slice(0, m.index)).width;
      const x1 = left + canvas.measureText(firstLine.slice(0, m.index + m[0].length)).width;
      const box = [rnd(x0), rnd(top), rnd(x1), rnd(top + fs * 1.2)];
      if (insideShare(box, clip) < 0.6) continue;
      words.push({ text: m[0], box, el: c, block: blockId(c), col: colOf(c), control: true });
    }
  }
  // Controls' text was appended last: put every word back in DOM order (document position of its element).
  const order = new Map(words.map((w, i) => [w, i]));
  words.sort((a, b) => {
    if (a.el === b.el) return order.get(a) - order.get(b);
    const p = a.el.compareDocumentPosition(b.el);
    if (p & Node.DOCUMENT_POSITION_CONTAINED_BY) return a.control ? 1 : -1;
    if (p & Node.DOCUMENT_POSITION_CONTAINS) return b.control ? -1 : 1;
    return p & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  });

  // Lines.
  const lines = [];
  let cur = null;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const h = w.box[3] - w.box[1];
    const prev = cur && words[cur.words[cur.words.length - 1]];
    const same = prev && prev.block === w.block && Math.abs(((prev.box[1] + prev.box[3]) - (w.box[1] + w.box[3])) / 2) < h * 0.5
      && w.box[0] >= prev.box[2] - 2 && w.box[0] - prev.box[2] < h * 3;
    if (!same) { cur = { words: [], box: null, col: w.col }; lines.push(cur); }
    cur.words.push(i);
    cur.box = union(cur.box, w.box);
    w.line = lines.length - 1;
  }
  for (const l of lines) l.text = l.words.map(i => words[i].text).join(' ');

  // Find queries: short visible labels of clickable or heading elements.
  const wordsOf = el => words.filter(w => el === w.el || el.contains(w.el));
  const queries = [];
  const seen = new Set();
  const SEL = 'button, a, [role=button], [role=tab], [role=menuitem], .btn, .nav-link, .dropdown-item, .menu a, th, label, legend, h1, h2, h3, h4, h5, h6, .badge, .tag, .card-title, .navbar-brand, summary, input[type=submit], input[type=button], [data-query]';
  for (const el of document.querySelectorAll(SEL)) {
    if (seen.has(el) || hidden(el) || el.closest('[data-noquery]')) continue;
    let ws = wordsOf(el);
    if (!ws.length || ws.length > 4) continue;
    if (new Set(ws.map(w => w.line)).size !== 1) continue;
    const text = ws.map(w => w.text).join(' ');
    if (text.length > 32 || !/\p{L}{2}/u.test(text)) continue;
    seen.add(el);
    let box = null;
    for (const w of ws) box = union(box, w.box);
    const target = boxOf(el.getBoundingClientRect());
    queries.push({ query: text, box, target, tag: el.tagName.toLowerCase(), line: ws[0].line });
  }

  // label → control.
  const fields = [];
  for (const lab of document.querySelectorAll('label')) {
    const c = lab.control;
    if (!c || hidden(lab)) continue;
    const ws = words.filter(w => (lab === w.el || lab.contains(w.el)) && !(c === w.el || c.contains(w.el)));
    if (!ws.length) continue;
    let box = null;
    for (const w of ws) box = union(box, w.box);
    const cr = c.getBoundingClientRect();
    if (cr.width < 1 || cr.height < 1) continue;
    fields.push({ label: ws.map(w => w.text).join(' '), labelBox: box, control: c.tagName === 'INPUT' ? 'input:' + (c.type || 'text') : c.tagName.toLowerCase(),
      controlBox: boxOf(cr) });
  }

  return {
    viewport: [vw, vh],
    words: words.map(w => ({ text: w.text, box: w.box, line: w.line, col: w.col })),
    lines: lines.map(l => ({ text: l.text, box: l.box, col: l.col, words: l.words })),
    queries, fields,
  };
})()
