import { call, getJson } from '../api.js';
import { h, table, time, json, enc } from '../dom.js';
import { frame } from '../layout.js';


export async function backupsPage() {
  frame('Backups', h('div', { id: 'backups' }));
  const response = await call('GET', '/api/backups');
  const box = document.getElementById('backups');
  if (!response.ok) {
    box.replaceChildren(h('p.notice', { id: 'not-configured' }, 'Backups are not configured on this Fediflow (',
      'GET /api/backups answered ' + response.status + '). See fediflow.storage.* and fediflow.backup.* in the README.'));
    return;
  }
  const data = await response.json();
  const list = Array.isArray(data) ? data : data.backups || data.runs || [];
  box.replaceChildren(data.nextRun ? h('p', {}, 'Next backup: ', time(data.nextRun)) : '',
    list.length ? table(Object.keys(list[0]), list.map((b) => h('tr', {}, Object.values(b).map((v) =>
      h('td', {}, typeof v === 'object' && v !== null ? json(v) : String(v ?? '')))))) : h('p', {}, 'No backups yet.'),
    h('details', {}, h('summary', {}, 'Raw answer'), h('pre', {}, json(data))));
}

export async function donationsPage() {
  frame('Donations and funding', h('p', {}, 'The public page: ', h('a', { href: '/funding' }, '/funding')), h('div', { id: 'funding' }));
  const f = await getJson('/api/funding');
  document.getElementById('funding').replaceChildren(h('pre', {}, json(f)));
}

export async function upgradesPage() {
  frame('Upgrades', h('p.muted', {}, 'Runs of release-watch and upgrade-rollout with their variables (running version, pending rollout, deadline).'),
    h('div', { id: 'upgrades' }));
  const sections = [];
  for (const key of ['release-watch', 'upgrade-rollout']) {
    const runs = await getJson('/api/runs?definition=' + key + '&limit=10');
    const details = await Promise.all(runs.map((r) => getJson('/api/runs/' + enc(r.id))));
    sections.push(h('h2', {}, key), details.length ? details.map((d) => h('section.run', {},
      h('p', {}, h('a', { href: '/runs/' + enc(d.id) }, d.businessKey || d.id), ' · ', h('span.state.' + d.state, {}, d.state),
        ' · started ', time(d.startedAt)), h('pre', {}, json(d.variables)))) : h('p.muted', {}, 'No runs yet.'));
  }
  document.getElementById('upgrades').replaceChildren(...sections.flat());
}

