import { getJson } from '../api.js';
import { h, table, time, enc } from '../dom.js';
import { frame } from '../layout.js';


export async function dashboard() {
  frame('Processes', h('div', { id: 'processes' }), h('h2', {}, 'Open incidents'), h('div', { id: 'incidents' }));
  const [processes, incidents] = await Promise.all([getJson('/api/processes'), getJson('/api/incidents')]);
  document.getElementById('processes').replaceChildren(table(
    ['Process', 'Version', 'Running', 'Completed (24 h)', 'Failed', 'Next timer', 'Open incidents', ''],
    processes.map((p) => h('tr', { 'data-process': p.key },
      h('td', {}, h('a', { href: '/processes/' + enc(p.key) }, p.name || p.key), h('div.muted', {}, p.key)),
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

export function incidentTable(incidents) {
  return table(['When', 'Process', 'Step', 'Error', ''], incidents.map((i) => h('tr', {},
    h('td', {}, time(i.createdAt)), h('td', {}, i.definitionKey || 'inbox'), h('td', {}, i.activityId || ''),
    h('td.message', {}, i.message),
    h('td', {}, i.instanceId ? h('a', { href: '/runs/' + enc(i.instanceId) }, 'Open run') : ''))));
}
