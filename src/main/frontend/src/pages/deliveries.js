// Every delivery the webhooks received and what became of it; its body; Replay.
import { call, getJson } from '../api.js';
import { h, table, status, time, json, enc } from '../dom.js';
import { frame } from '../layout.js';
import { OUTCOMES, outcomeText } from '../logic/outcomes.js';

export async function deliveriesPage() {
  const q = new URLSearchParams(location.search);
  const form = h('form.filters', { onsubmit: (e) => {
    e.preventDefault();
    const out = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) out.set(k, v);
    location.search = out.toString();
  } },
  h('label', {}, 'Source ', h('input', { name: 'source', value: q.get('source') || '', size: 12 })),
  h('label', {}, 'Event ', h('input', { name: 'event', value: q.get('event') || '', size: 16 })),
  h('label', {}, 'Outcome ', h('select', { name: 'outcome' }, h('option', { value: '' }, 'any'),
    OUTCOMES.map((o) => h('option', { value: o, selected: q.get('outcome') === o }, o)))),
  h('button', { type: 'submit' }, 'Filter'));
  frame('Deliveries', h('p.muted', {}, 'Every call the webhooks received, newest first: which runs it started or reached, '
    + 'and why nothing happened when nothing did. Replay delivers one again as new, to whatever listens now.'),
  form, h('div', { id: 'deliveries' }), h('div', { id: 'delivery' }));
  const list = await getJson('/api/deliveries?' + q.toString());
  document.getElementById('deliveries').replaceChildren(table(['Received', 'Source', 'Event', 'Outcome', 'Runs', ''],
    list.map((d) => h('tr', { 'data-delivery': d.id, 'data-outcome': d.outcome },
      h('td', {}, time(d.receivedAt)), h('td', {}, d.source), h('td', {}, d.event || ''),
      h('td', {}, h('span.outcome.' + d.outcome, {}, outcomeText(d)),
        d.relatedTo ? h('div.muted', {}, (d.outcome === 'duplicate' ? 'copy of ' : 'replay of ') + d.relatedTo) : ''),
      h('td', {}, d.runs.map((r) => h('a.run', { href: '/runs/' + enc(r) }, r.slice(0, 8)))),
      h('td', {}, h('button.show', { onclick: () => show(d.id) }, 'Body'), ' ',
        d.outcome === 'refused' ? '' : h('button.replay', { onclick: () => replay(d.id) }, 'Replay')))),
  { id: 'delivery-table' }));
  if (q.get('show')) await show(q.get('show'));
}

async function show(id) {
  const d = await getJson('/api/deliveries/' + enc(id));
  document.getElementById('delivery').replaceChildren(h('h2', {}, 'Delivery ' + d.id),
    h('p', {}, d.source + ' · ' + (d.event || '—') + ' · ' + time(d.receivedAt) + ' · ', outcomeText(d),
      d.reason && d.outcome === 'started' && d.reason.includes('reached') ? ' (' + d.reason + ')' : ''),
    d.body === null || d.body === undefined ? h('p.muted', {}, 'Nothing of this delivery was stored.')
      : h('pre', { id: 'delivery-body' }, json(d.body)));
}

async function replay(id) {
  const r = await call('POST', '/api/deliveries/' + enc(id) + '/replay');
  const body = await r.json();
  if (r.status === 202) {
    status('Delivered again as ' + body.id + '; reloading…', 'ok');
    setTimeout(() => { location.search = 'show=' + enc(body.id); }, 1500);
  } else {
    status('Not replayed: ' + (body.error || r.status), 'bad');
  }
}
