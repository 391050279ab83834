// Dry run: the diagram as drawn, on a payload from a recent delivery or pasted, no connector called (or, ticked, the
// read-only ones for real); the page shows each step's inputs as worked out, what the called ones answered, the
// conditions of the flows, and the path on the diagram.
import { call, getJson } from '../api.js';
import { h, table, json, enc } from '../dom.js';
import { splitMessage } from '../logic/messages.js';

export async function dryRunPanel(modeler, xml, box) {
  const process = modeler.get('canvas').getRootElement().businessObject;
  const start = (process.flowElements || []).find((e) => e.$type === 'bpmn:StartEvent');
  const message = start?.eventDefinitions?.find((d) => d.messageRef)?.messageRef?.name;
  const sources = await getJson('/api/sources');
  let recent = [];
  if (message) {
    const { source, event } = splitMessage(message, sources);
    recent = (await getJson('/api/deliveries?limit=10&source=' + enc(source) + '&event=' + enc(event)))
      .filter((d) => !String(d.id).startsWith('attempt-'));
  }
  const payload = h('textarea', { id: 'dry-run-payload', rows: 8, placeholder: '{"monitor": {"name": "web"}, "msg": "down"}' });
  const pick = h('select', { id: 'dry-run-delivery', onchange: async (e) => {
    if (!e.target.value) return;
    payload.value = json((await getJson('/api/deliveries/' + enc(e.target.value))).body);
  } }, h('option', { value: '' }, recent.length ? '— a recent delivery of ' + message + ' —' : 'no deliveries of this trigger yet'),
  recent.map((d) => h('option', { value: d.id }, new Date(d.receivedAt).toLocaleString() + ' · ' + d.id)));
  const out = h('div', { id: 'dry-run-result' });
  const readOnly = h('input', { type: 'checkbox', id: 'dry-run-read-only' });
  box.replaceChildren(h('section.panel', {}, h('h2', {}, 'Dry run'),
    h('p.muted', {}, 'Runs the diagram as drawn on this payload. Nothing is posted or changed: a step that could change '
      + 'something is not called, and later steps see an empty answer from it.'),
    h('label', {}, 'Payload from ', pick), h('label', {}, 'or pasted (JSON) ', payload),
    h('label.check', {}, readOnly, ' Call read-only steps for real (HTTP GET, reading from Mastodon, shaping data), so '
      + 'later steps see real answers'),
    h('button.primary', { id: 'dry-run-go', onclick: async () => {
      let body;
      try {
        body = payload.value.trim() ? JSON.parse(payload.value) : {};
      } catch (err) {
        out.replaceChildren(h('p.bad', {}, 'The payload is not JSON: ' + err.message));
        return;
      }
      const r = await call('POST', '/api/diagrams/dry-run', JSON.stringify({ xml, payload: body, callReadOnly: readOnly.checked }), 'application/json');
      show(modeler, await r.json(), out);
    } }, 'Run'), out));
}

function show(modeler, result, out) {
  const canvas = modeler.get('canvas');
  const registry = modeler.get('elementRegistry');
  registry.getAll().forEach((e) => canvas.removeMarker(e.id, 'done'));
  if (result.problems?.length) {
    out.replaceChildren(h('ul.problems', {}, result.problems.map((p) => h('li', {}, (p.elementId ? p.elementId + ': ' : '') + p.message))));
    return;
  }
  result.path.forEach((id) => registry.get(id) && canvas.addMarker(id, 'done'));
  out.replaceChildren(h('h3', {}, 'Path taken'), table(['Step', 'Kind', 'Inputs as worked out', 'What happened'],
    result.steps.map((s) => h('tr', { 'data-dry-step': s.activityId },
      h('td', {}, s.name || s.activityId, h('div.muted', {}, s.activityId)), h('td', {}, s.type),
      h('td', {}, Object.keys(s.inputs).length ? h('dl', {}, Object.entries(s.inputs).map(([k, v]) =>
        [h('dt', {}, k), h('dd', { 'data-dry-input': k }, typeof v === 'string' ? v : json(v))])) : ''),
      h('td', {}, s.note || '', s.output ? h('details', { 'data-dry-output': s.activityId }, h('summary', {}, 'Answer'),
        h('pre', {}, json(s.output))) : '', Object.keys(s.conditions || {}).length ? h('ul', {}, Object.entries(s.conditions).map(([f, v]) =>
        h('li', {}, f + ': ' + (v === true ? 'condition holds, taken' : v === false ? 'condition does not hold' : v)))) : ''))),
  { id: 'dry-run-steps' }), h('p', {}, 'Happy with it? ', h('button.primary', { onclick: () => document.getElementById('deploy-enable').click() },
    'Deploy and enable')));
}
