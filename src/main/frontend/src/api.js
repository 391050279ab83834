// The console's calls to the server: same-origin, CSRF header, a 401 sends the operator to the login page.
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

