// Where each JSON Pointer of a JSON text lies in it, so validation errors can be shown at their place.

/** Escapes one reference token (RFC 6901). */
function token(key) {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Maps every pointer of {@code text} to the offsets of its value ({start, end}; for a member, from its key). A text
 * that does not parse maps what was read before the fault.
 */
export function pointerMap(text) {
  const map = new Map();
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\r\n'.includes(text[i])) i++; };
  const string = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const value = (pointer, from) => {
    ws();
    const start = from ?? i;
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      while (text[i] !== '}') {
        ws();
        const keyStart = i;
        const key = string();
        ws();
        if (text[i++] !== ':') throw new Error('expected :');
        value(pointer + '/' + token(key), keyStart);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') throw new Error('expected , or }');
      }
      i++;
    } else if (c === '[') {
      i++;
      ws();
      let n = 0;
      while (text[i] !== ']') {
        value(pointer + '/' + n++);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') throw new Error('expected , or ]');
        ws();
      }
      i++;
    } else if (c === '"') {
      string();
    } else {
      const m = /^-?[0-9.eE+-]+|^true|^false|^null/.exec(text.slice(i, i + 64));
      if (!m) throw new Error('unexpected ' + c);
      i += m[0].length;
    }
    map.set(pointer, {start, end: i});
  };
  try {
    value('');
  } catch (e) {
    // keep what was mapped
  }
  return map;
}

/**
 * The place of {@code pointer} in {@code text}: its own when it exists, else that of its nearest existing parent (an
 * error about a missing member points at the object that lacks it). Lines are 1-based.
 */
export function locate(text, map, pointer) {
  let p = pointer;
  while (!map.has(p) && p !== '') p = p.slice(0, p.lastIndexOf('/'));
  const at = map.get(p) || {start: 0, end: 0};
  const line = text.slice(0, at.start).split('\n').length;
  return {...at, line, exact: p === pointer};
}
