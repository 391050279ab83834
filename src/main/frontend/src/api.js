// The console's calls to the server: same-origin, CSRF header, a 401 sends the operator to the login page, a 403
// (the person's role may not) says so in the status line.
import { status } from './dom.js';

const meta = (name) => document.querySelector('meta[name=' + name + ']')?.content;
export const csrfHeader = meta('csrf-header');
export const csrfToken = meta('csrf-token');

export async function call(method, path, body, contentType, accept = 'application/json') {
  const headers = { [csrfHeader]: csrfToken, Accept: accept };
  if (contentType) headers['Content-Type'] = contentType;
  const response = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  if (response.status === 401) {
    location.href = '/login';
    throw new Error('signed out');
  }
  if (response.status === 403) {
    const text = 'Not allowed: ' + ((await response.json().catch(() => ({}))).error || 'your role may not do this');
    status(text, 'bad');
    throw new Error(text);
  }
  return response;
}

export async function getJson(path) {
  const response = await call('GET', path);
  if (!response.ok) throw new Error(path + ' answered ' + response.status);
  return response.json();
}

export async function getText(path) {
  const response = await call('GET', path, undefined, undefined, 'application/xml, text/plain');
  if (!response.ok) throw new Error(path + ' answered ' + response.status);
  return response.text();
}

