// Building pages: elements from plain values (never parsed as HTML), tables, the status line, formatting.

/** h('a.cls', {href}, child, ...): children are nodes or text (never parsed as HTML). */
export function h(tag, attrs, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name);
  if (classes.length) el.className = classes.join(' ');
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export const time = (t) => (t ? new Date(t).toLocaleString() : '');
export const json = (v) => JSON.stringify(v, null, 2);
export const enc = encodeURIComponent;

export function duration(a, b) {
  if (!a || !b) return '';
  const ms = new Date(b) - new Date(a);
  return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(1) + ' s';
}

export function table(headers, rows, attrs) {
  return h('table', attrs, h('thead', {}, h('tr', {}, headers.map((t) => h('th', {}, t)))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td.empty', { colspan: headers.length }, 'nothing yet'))));
}

export function status(text, kind) {
  const el = document.getElementById('status');
  el.textContent = text;
  el.className = kind || '';
}

