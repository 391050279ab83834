import { call, getJson } from '../api.js';
import { h, table, status, time, enc } from '../dom.js';
import { frame } from '../layout.js';
import { keyFromName, keyProblem } from '../logic/keys.js';

export async function dashboard() {
  frame('Processes',
    h('p', {}, h('button.primary', { id: 'new-automation', onclick: () => newAutomation() }, 'New automation')),
    h('div', { id: 'new-panel' }), h('div', { id: 'shipped-updates' }),
    h('div', { id: 'processes' }), h('h2', {}, 'Open incidents'), h('div', { id: 'incidents' }));
  const [processes, incidents, shipped] = await Promise.all([getJson('/api/processes'),
    getJson('/api/incidents'), getJson('/api/diagrams/shipped')]);
  document.getElementById('shipped-updates').replaceChildren(...shippedUpdates(shipped));
  const enabled = Object.fromEntries(processes.map((d) => [d.key, d.enabled !== false]));
  document.getElementById('processes').replaceChildren(table(
    ['Process', 'On', 'Version', 'Running', 'Completed (24 h)', 'Failed', 'Next timer', 'Open incidents', ''],
    processes.map((p) => h('tr', { 'data-process': p.key, 'data-enabled': String(enabled[p.key]) },
      h('td', {}, h('a', { href: '/processes/' + enc(p.key) }, p.name || p.key), h('div.muted', {}, p.key),
        p.switchedOff ? h('div.notice.switched-off', {}, 'switched off (fediflow.flows.' + p.key + '.enabled)') : '',
        p.notConfigured && p.notConfigured.length ? h('div.notice.not-configured', {}, 'not configured — needs ',
          p.notConfigured.join(', ')) : ''),
      h('td', {}, h('span.switch.' + (enabled[p.key] ? 'on' : 'off'), {}, enabled[p.key] ? 'on' : 'off'), ' ',
        h('button.toggle', { onclick: () => toggle(p.key, !enabled[p.key]) }, enabled[p.key] ? 'Disable' : 'Enable')),
      h('td', {}, p.version),
      h('td.running', {}, h('a', { href: '/runs?definition=' + enc(p.key) + '&state=active' }, p.running)),
      h('td.completed', {}, p.completedLast24h),
      h('td.failed', { class: p.failed ? 'failed bad' : 'failed' },
        h('a', { href: '/runs?definition=' + enc(p.key) + '&state=failed' }, p.failed)),
      h('td', {}, time(p.nextTimer) || '—'),
      h('td.incidents', { class: p.openIncidents ? 'incidents bad' : 'incidents' }, p.openIncidents),
      h('td', {}, h('a', { href: '/editor/' + enc(p.key) }, 'Edit')))),
    { id: 'process-table' }));
  document.getElementById('incidents').replaceChildren(incidentTable(incidents));
}

// Shipped diagrams the operator overrides and whose shipped version changed: the differences and one-click adopt.
function shippedUpdates(shipped) {
  return shipped.filter((d) => d.newerShippedVersion).map((d) => h('div.notice.newer-shipped', { 'data-key': d.key },
    h('p', {}, 'A newer shipped version of ', h('strong', {}, d.key), ' is available (yours: ', d.file, ').'),
    h('ul', {}, d.differences.map((x) => h('li', {}, x.change + ': ' + x.type + ' ' + x.elementId + (x.name ? ' (' + x.name + ')' : '')))),
    h('button', { type: 'button', onclick: async (e) => {
      e.target.disabled = true;
      const r = await call('POST', '/api/diagrams/shipped/' + enc(d.key) + '/adopt');
      if (r.ok) {
        dashboard();
      } else {
        e.target.disabled = false;
        e.target.after(' ' + (await r.text()));
      }
    } }, 'Adopt the shipped version')));
}

async function toggle(key, on) {
  const r = await call('POST', '/api/processes/' + enc(key) + (on ? '/enable' : '/disable'));
  status(r.ok ? key + (on ? ' is on: new events start runs' : ' is off: it starts no new runs, running ones finish')
    : 'Could not switch ' + key + ': ' + r.status, r.ok ? 'ok' : 'bad');
  if (r.ok) await dashboard();
}

/** Name, key derived from it (checked as typed), blank or a template; opens the editor on the new key. */
async function newAutomation() {
  const [definitions, templates] = await Promise.all([getJson('/api/processes'), getJson('/api/templates')]);
  const existing = definitions.map((d) => d.key);
  const problem = h('p.bad', { id: 'new-problem' });
  const keyInput = h('input', { id: 'new-key', readonly: true });
  const nameInput = h('input', { id: 'new-name', placeholder: 'e.g. Monitor down to Slack', oninput: () => {
    keyInput.value = keyFromName(nameInput.value);
    problem.textContent = keyProblem(keyInput.value, existing) || '';
  } });
  const template = h('select', { id: 'new-template' }, h('option', { value: '' }, 'Blank: a start event'),
    templates.map((t) => h('option', { value: t.file }, t.name + ' (' + t.file + ')')));
  const panel = h('form.panel', { onsubmit: (e) => {
    e.preventDefault();
    const why = keyProblem(keyInput.value, existing);
    if (why) {
      problem.textContent = why;
      return;
    }
    const q = new URLSearchParams({ name: nameInput.value.trim() });
    if (template.value) q.set('template', template.value);
    location.href = '/editor/' + enc(keyInput.value) + '?' + q;
  } },
  h('h2', {}, 'New automation'),
  h('label', {}, 'Name ', nameInput), h('label', {}, 'Key (file bpmn/<key>.bpmn) ', keyInput),
  h('label', {}, 'Start from ', template), problem,
  h('button.primary', { type: 'submit', id: 'create' }, 'Create and edit'),
  h('p.muted', {}, 'Nothing runs until you deploy it from the editor.'));
  document.getElementById('new-panel').replaceChildren(panel);
  nameInput.focus();
}

export function incidentTable(incidents) {
  return table(['When', 'Process', 'Step', 'Error', ''], incidents.map((i) => h('tr', {},
    h('td', {}, time(i.createdAt)), h('td', {}, i.definitionKey || 'inbox'), h('td', {}, i.activityId || ''),
    h('td.message', {}, i.message),
    h('td', {}, i.instanceId ? h('a', { href: '/runs/' + enc(i.instanceId) }, 'Open run') : ''))));
}
