import Viewer from 'bpmn-js/lib/NavigatedViewer';
import { call, getJson, getText } from '../api.js';
import { h, table, status, time, json, enc, duration } from '../dom.js';
import { fit, withLayout } from '../diagram.js';
import { frame } from '../layout.js';
import { people } from '../people.js';


export async function runsPage() {
  const q = new URLSearchParams(location.search);
  const definitions = await getJson('/api/processes');
  const local = (iso) => (iso ? new Date(iso).toISOString().slice(0, 16) : '');
  const form = h('form.filters', { method: 'get', action: '/runs', onsubmit: (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const out = new URLSearchParams();
    for (const [k, v] of data) {
      if (!v) continue;
      out.set(k, k === 'from' || k === 'to' ? new Date(v + 'Z').toISOString() : v);
    }
    location.search = out.toString();
  } },
  h('label', {}, 'Process ', h('select', { name: 'definition' }, h('option', { value: '' }, 'any'),
    definitions.map((d) => h('option', { value: d.key, selected: q.get('definition') === d.key }, d.key)))),
  h('label', {}, 'State ', h('select', { name: 'state' }, ['', 'active', 'completed', 'failed', 'cancelled'].map((s) =>
    h('option', { value: s, selected: (q.get('state') || '') === s }, s || 'any')))),
  h('label', {}, 'Business key ', h('input', { name: 'businessKey', value: q.get('businessKey') || '' })),
  h('label', {}, 'Started from (UTC) ', h('input', { type: 'datetime-local', name: 'from', value: local(q.get('from')) })),
  h('label', {}, 'to ', h('input', { type: 'datetime-local', name: 'to', value: local(q.get('to')) })),
  h('button', { type: 'submit' }, 'Filter'));
  frame('Runs', form, h('div', { id: 'runs' }));
  const runs = await getJson('/api/runs?' + q.toString());
  document.getElementById('runs').replaceChildren(table(['Run', 'Process', 'Business key', 'State', 'Started', 'Ended'],
    runs.map((r) => h('tr', { 'data-run': r.id },
      h('td', {}, h('a', { href: '/runs/' + enc(r.id) }, r.id)), h('td', {}, r.definitionKey),
      h('td', {}, r.businessKey || ''), h('td', {}, h('span.state.' + r.state, {}, r.state)),
      h('td', {}, time(r.startedAt)), h('td', {}, time(r.endedAt))))));
}

export async function runPage(id) {
  frame('Run ' + id, h('div', { id: 'summary' }), h('div.canvas', { id: 'canvas' }),
    h('p.legend', {}, h('span.key.done', {}, 'path taken'), h('span.key.waiting', {}, 'waiting here'),
      h('span.key.incident', {}, 'incident')),
    h('div', { id: 'incident-list' }),
    h('h2', {}, 'Steps'), h('div', { id: 'steps' }), h('h2', {}, 'Variables'), h('pre', { id: 'variables' }));
  const [detail, inspection] = await Promise.all([getJson('/api/runs/' + enc(id)),
    getJson('/api/runs/' + enc(id) + '/inspection')]);
  const viewer = new Viewer({ container: '#canvas' });
  const xml = await getText('/api/processes/' + enc(inspection.definitionKey) + '/versions/'
    + inspection.definitionVersion + '/xml');
  await viewer.importXML(await withLayout(xml));
  fit(viewer);
  const canvas = viewer.get('canvas');
  const registry = viewer.get('elementRegistry');
  const mark = (elementId, marker) => registry.get(elementId) && canvas.addMarker(elementId, marker);
  inspection.path.forEach((a) => mark(a, 'done'));
  inspection.waitingAt.forEach((a) => mark(a, 'waiting'));
  inspection.incidents.forEach((i) => mark(i.activityId, 'incident'));

  const actions = [];
  if (detail.state === 'active' || detail.state === 'failed') {
    actions.push(h('button.danger', { id: 'cancel', onclick: async () => {
      if (!confirm('Cancel this run? It ends where it is.')) return;
      const r = await call('POST', '/api/runs/' + enc(id) + '/cancel');
      status(r.ok ? 'Cancelled' : 'Could not cancel: ' + r.status, r.ok ? 'ok' : 'bad');
      setTimeout(() => location.reload(), 500);
    } }, 'Cancel'));
  }
  document.getElementById('summary').replaceChildren(h('p', {},
    h('a', { href: '/processes/' + enc(detail.definitionKey) }, detail.definitionKey),
    ' v' + inspection.definitionVersion, ' · business key ', detail.businessKey || '—', ' · state ',
    h('span.state.' + detail.state, { id: 'run-state' }, detail.state), ' · started ', time(detail.startedAt),
    detail.endedAt ? ' · ended ' + time(detail.endedAt) : ''), h('p', {}, actions));

  document.getElementById('incident-list').replaceChildren(...inspection.incidents.map((i) => h('section.incident', {
    'data-incident': i.id },
  h('h2', {}, 'Incident at ' + (registry.get(i.activityId)?.businessObject.name || i.activityId)),
  h('p.message', {}, i.message), h('p', {}, time(i.createdAt)),
  h('button', { class: 'retry', onclick: async () => {
    const r = await call('POST', '/api/incidents/' + enc(i.id) + '/retry');
    status(r.ok ? 'Retrying ' + i.activityId : 'Could not retry: ' + r.status, r.ok ? 'ok' : 'bad');
    watch(id, detail.state);
  } }, 'Retry'), ' ',
  h('button', { class: 'retry-step', onclick: async () => {
    const r = await call('POST', '/api/processes/' + enc(detail.definitionKey) + '/elements/' + enc(i.activityId) + '/retry');
    status('Retrying ' + (await r.json()).retried + ' incidents of this step', 'ok');
    watch(id, detail.state);
  } }, 'Retry all incidents of this step'),
  h('details', {}, h('summary', {}, 'Stack trace'), h('pre.stack', {}, i.stackTrace || '')))));

  // Inputs as the connector got them and its output, whether or not the diagram kept it (secrets masked).
  const shown = (v) => (typeof v === 'string' ? v : json(v));
  document.getElementById('steps').replaceChildren(table(['Step', 'Type', 'Started', 'Took', 'Inputs', 'Output'],
    inspection.steps.map((s) => h('tr', { 'data-step': s.activityId, class: s.endedAt ? null : 'open' },
      h('td', {}, s.name || s.activityId, h('div.muted', {}, s.activityId)),
      h('td', {}, s.connector || s.type),
      h('td', {}, time(s.startedAt)), h('td', {}, s.endedAt ? duration(s.startedAt, s.endedAt) : s.error ? 'failed' : 'waiting'),
      h('td', {}, s.inputs && Object.keys(s.inputs).length ? h('dl', {}, Object.entries(s.inputs).map(([k, v]) =>
        [h('dt', {}, k), h('dd', {}, h('pre', {}, shown(v)))])) : ''),
      h('td', {}, s.output === null || s.output === undefined ? '' : h('pre', {}, json(s.output)),
        s.error ? h('p.message', {}, s.error) : '')))));
  document.getElementById('variables').textContent = json(detail.variables);
  document.querySelector('main').append(await people().auditSection(['run:' + id]
    .concat(detail.businessKey ? ['key:' + detail.businessKey] : [])));
  if (detail.state === 'active') watch(id, detail.state);
}

/** Reloads the run page when its state changes (after a retry, or while it runs). */
function watch(id, state) {
  const timer = setInterval(async () => {
    const now = await getJson('/api/runs/' + enc(id));
    if (now.state !== state) {
      clearInterval(timer);
      location.reload();
    }
  }, 1000);
}
