// The frame around every page: header with navigation and sign-out, title, status line.
import { csrfToken } from './api.js';
import { h } from './dom.js';

export function frame(title, ...content) {
  const app = document.getElementById('app');
  const path = location.pathname;
  const nav = [['/', 'Dashboard'], ['/deliveries', 'Deliveries'], ['/runs', 'Runs'], ['/backups', 'Backups'],
    ['/donations', 'Donations'], ['/upgrades', 'Upgrades'], ['/audit', 'Audit']];
  const meta = (name) => document.querySelector('meta[name=' + name + ']')?.content || '';
  document.title = title + ' · Fediflow';
  app.replaceChildren(
    h('header', {},
      h('a.brand', { href: '/' }, 'Fediflow'),
      h('nav', {}, nav.map(([href, text]) => h('a', { href, class: path === href ? 'current' : null }, text))),
      h('a.person', { href: '/account', id: 'person' }, meta('fediflow-person') + ' (' + meta('fediflow-role') + ')'),
      h('form', { method: 'post', action: '/logout' },
        h('input', { type: 'hidden', name: '_csrf', value: csrfToken }),
        h('button.link', { type: 'submit', id: 'sign-out' }, 'Sign out'))),
    h('main', {}, h('h1', {}, title), h('div', { id: 'status', role: 'status' }), ...content));
}
