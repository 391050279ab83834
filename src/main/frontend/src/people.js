// The audit trail and the person's own account (API tokens, the admin's password).
import { call, getJson } from './api.js';
import { h, table, time, status, enc } from './dom.js';
import { frame } from './layout.js';

/** The audit and account pages, and the audit section other pages show, with the console's helpers. */
export function people() {
  return peoplePages({ h, call, getJson, table, frame, time, status, enc });
}

export function peoplePages({ h, call, getJson, table, frame, time, status, enc }) {
  const person = document.querySelector('meta[name=fediflow-person]')?.content || '';
  const role = document.querySelector('meta[name=fediflow-role]')?.content || '';

  function auditTable(entries) {
    return table(['When', 'Who', 'Action', 'Target', 'Result'], entries.map((e) => h('tr', { 'data-audit': e.id },
      h('td', {}, time(e.at)), h('td.who', {}, e.who), h('td.action', {}, e.action), h('td.target', {}, targetLink(e.target)),
      h('td.result', { class: /^(refused|rejected|failed|not )/.test(e.result) ? 'result bad' : 'result' }, e.result))),
    { class: 'audit' });
  }

  function targetLink(target) {
    const [kind, rest] = [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)];
    if (kind === 'run') return h('a', { href: '/runs/' + enc(rest) }, target);
    if (kind === 'process') return h('a', { href: '/processes/' + enc(rest.split('/')[0]) }, target);
    return target;
  }

  /** The Audit page: everything, newest first, filtered by who, action or target, 200 at a time. */
  async function auditPage() {
    const q = new URLSearchParams(location.search);
    const form = h('form.filters', { method: 'get', action: '/audit' },
      h('label', {}, 'Who ', h('input', { name: 'who', value: q.get('who') || '' })),
      h('label', {}, 'Action ', h('input', { name: 'action', value: q.get('action') || '' })),
      h('label', {}, 'Target ', h('input', { name: 'target', value: q.get('target') || '', placeholder: 'run:…, process:…' })),
      h('button', { type: 'submit' }, 'Filter'));
    frame('Audit trail', h('p.muted', {}, 'Every change made in the console, through the API and with Slack buttons: who, when, what and the result. Kept for good.'),
      form, h('div', { id: 'audit' }), h('p', {}, h('button', { id: 'older', hidden: true }, 'Older')));
    const params = new URLSearchParams();
    for (const k of ['who', 'action', 'target']) if (q.get(k)) params.set(k, q.get(k));
    const box = document.getElementById('audit');
    const older = document.getElementById('older');
    let shown = [];
    async function load(before) {
      const page = await getJson('/api/audit?' + params.toString() + (before ? '&before=' + before : ''));
      shown = shown.concat(page);
      box.replaceChildren(auditTable(shown));
      older.hidden = page.length < 200;
      older.onclick = () => load(shown[shown.length - 1].id);
    }
    await load();
  }

  /** The audit entries of a run or a diagram, for its page. */
  async function auditSection(targets) {
    const section = h('section', { id: 'audit-section' }, h('h2', {}, 'Audit trail'));
    const entries = await getJson('/api/audit?limit=50&' + targets.map((t) => 'target=' + enc(t)).join('&'));
    section.append(entries.length ? auditTable(entries) : h('p.muted', {}, 'No changes recorded.'));
    return section;
  }

  /** The person's account: role, personal API tokens, and the local admin's password. */
  async function accountPage() {
    const me = await getJson('/api/me');
    frame('Your account',
      h('p', {}, 'Signed in as ', h('strong', { id: 'me' }, me.name), ' · role ', h('strong', { id: 'my-role' }, me.role)),
      h('h2', {}, 'Personal API tokens'),
      h('p.muted', {}, 'For scripts: send ', h('code', {}, 'Authorization: Bearer <token>'), ' to /api/… . A token acts with your role (',
        me.role, '), is shown once, and works until it expires or you revoke it.'),
      h('form', { id: 'new-token', onsubmit: async (e) => {
        e.preventDefault();
        const data = new FormData(e.target);
        const r = await call('POST', '/api/tokens', JSON.stringify({ name: data.get('name'), days: Number(data.get('days')) }),
          'application/json');
        const body = await r.json();
        if (r.status !== 201) { status('Not created: ' + body.error, 'bad'); return; }
        document.getElementById('secret').replaceChildren(h('p.notice', {}, 'Your new token (copy it now: it is not shown again): '),
          h('pre', { id: 'token-secret' }, body.secret));
        loadTokens();
      } },
      h('label', {}, 'Name ', h('input', { name: 'name', required: true, maxlength: 100, placeholder: 'e.g. backup script' })),
      h('label', {}, ' Valid for (days) ', h('input', { name: 'days', type: 'number', min: 1, max: 366, value: 90 })),
      h('button', { type: 'submit' }, 'Create token')),
      h('div', { id: 'secret' }), h('div', { id: 'tokens' }),
      me.localAdmin ? [h('h2', {}, 'Password of the local admin'), h('form', { id: 'password-form', onsubmit: async (e) => {
        e.preventDefault();
        const data = new FormData(e.target);
        if (data.get('replacement') !== data.get('repeat')) { status('The new passwords differ', 'bad'); return; }
        const r = await call('POST', '/api/account/password', JSON.stringify({ current: data.get('current'),
          replacement: data.get('replacement') }), 'application/json');
        const body = await r.json();
        status(r.ok ? 'Password changed' : 'Not changed: ' + body.error, r.ok ? 'ok' : 'bad');
        if (r.ok) e.target.reset();
      } },
      h('label', {}, 'Current password ', h('input', { name: 'current', type: 'password', autocomplete: 'current-password', required: true })),
      h('label', {}, 'New password (12 characters or more) ', h('input', { name: 'replacement', type: 'password', minlength: 12,
        autocomplete: 'new-password', required: true })),
      h('label', {}, 'New password again ', h('input', { name: 'repeat', type: 'password', autocomplete: 'new-password', required: true })),
      h('button', { type: 'submit' }, 'Change password'))] : '');

    async function loadTokens() {
      const all = me.role === 'operator';
      const tokens = await getJson('/api/tokens' + (all ? '?all=true' : ''));
      document.getElementById('tokens').replaceChildren(all ? h('p.muted', {}, 'Operators see and may revoke everyone\'s tokens.') : '',
        table(['Owner', 'Name', 'Role', 'Created', 'Expires', 'Last used', ''],
        tokens.map((t) => h('tr', { 'data-token': t.id }, h('td', {}, t.owner), h('td', {}, t.name), h('td', {}, t.role), h('td', {}, time(t.createdAt)),
          h('td', {}, time(t.expiresAt)), h('td', {}, time(t.lastUsedAt) || 'never'),
          h('td', {}, h('button.danger', { onclick: async () => {
            if (!confirm('Revoke the token ' + t.name + '? Scripts using it stop working.')) return;
            const r = await call('DELETE', '/api/tokens/' + t.id);
            status(r.ok ? 'Revoked ' + t.name : 'Not revoked: ' + r.status, r.ok ? 'ok' : 'bad');
            loadTokens();
          } }, 'Revoke'))))));
    }
    await loadTokens();
  }

  return { person, role, auditPage, auditSection, accountPage };
}
