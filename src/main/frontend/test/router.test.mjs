import { test } from 'node:test';
import assert from 'node:assert/strict';
import { route } from '../src/router.js';

const routes = [['/', 'dashboard'], ['/runs', 'runs'], ['/runs/:id', 'run'], ['/editor/:key', 'editor']];

test('the root path shows the dashboard', () => {
  assert.deepEqual(route(routes, '/'), { page: 'dashboard', params: [] });
});

test('a parameter is one decoded path segment', () => {
  assert.deepEqual(route(routes, '/editor/uptime%20alerts'), { page: 'editor', params: ['uptime alerts'] });
  assert.deepEqual(route(routes, '/runs/42'), { page: 'run', params: ['42'] });
});

test('an unknown or longer path matches nothing', () => {
  assert.equal(route(routes, '/runs/42/steps'), null);
  assert.equal(route(routes, '/nowhere'), null);
});
