// Fediflow's operator console: one bundle, the page is chosen by the path the server answered.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import './console.css';

import Viewer from 'bpmn-js/lib/NavigatedViewer';
import Modeler from 'bpmn-js/lib/Modeler';
import { layoutProcess } from 'bpmn-auto-layout';
import { BpmnModdle } from 'bpmn-moddle';
import { diffLines } from 'diff';
import flowable from './flowable.json';
import { peoplePages } from './people.js';

// ---- helpers ---------------------------------------------------------------------------------------------------

const csrfHeader = document.querySelector('meta[name=csrf-header]').content;
const csrfToken = document.querySelector('meta[name=csrf-token]').content;

async function call(method, path, body, contentType, accept = 'application/json') {
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

async function getJson(path) {
  const response = await call('GET', path);
  if (!response.ok) throw new Error(path + ' answered ' + response.status);
  return response.json();
}

async function getText(path) {
  const response = await call('GET', path, undefined, undefined, 'application/xml, text/plain');
  if (!response.ok) throw new Error(path + ' answered ' + response.status);
  return response.text();
}

/** h('a.cls', {href}, child, ...): children are nodes or text (never parsed as HTML). */
function h(tag, attrs, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name);
  if (classes.length) el.className = classes.join(' ');
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

const time = (t) => (t ? new Date(t).toLocaleString() : '');
const json = (v) => JSON.stringify(v, null, 2);
const enc = encodeURIComponent;

function duration(a, b) {
  if (!a || !b) return '';
  const ms = new Date(b) - new Date(a);
  return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(1) + ' s';
}

function table(headers, rows, attrs) {
  return h('table', attrs, h('thead', {}, h('tr', {}, headers.map((t) => h('th', {}, t)))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td.empty', { colspan: headers.length }, 'nothing yet'))));
}

function status(text, kind) {
  const el = document.getElementById('status');
  el.textContent = text;
  el.className = kind || '';
}

/** The whole diagram in view, centred, never blown up beyond its natural size. */
function fit(viewer) {
  const canvas = viewer.get('canvas');
  canvas.zoom('fit-viewport', 'auto');
  if (canvas.zoom() > 1) canvas.zoom(1, 'auto');
}

/** Diagrams written by hand may have no layout; they are laid out for display. */
async function withLayout(xml) {
  if (xml.includes('BPMNDiagram')) return xml;
  // The layout follows each node's incoming/outgoing references, which hand-written XML usually leaves out.
  const moddle = new BpmnModdle({ flowable });
  const { rootElement } = await moddle.fromXML(xml);
  const link = (container) => (container.flowElements || []).forEach((e) => {
    if (e.$type === 'bpmn:SequenceFlow' && e.sourceRef && e.targetRef) {
      if (!e.sourceRef.get('outgoing').includes(e)) e.sourceRef.get('outgoing').push(e);
      if (!e.targetRef.get('incoming').includes(e)) e.targetRef.get('incoming').push(e);
    }
    if (e.flowElements) link(e);
  });
  rootElement.rootElements.filter((r) => r.$type === 'bpmn:Process').forEach(link);
  return layoutProcess((await moddle.toXML(rootElement)).xml);
}

// ---- layout ----------------------------------------------------------------------------------------------------

const app = document.getElementById('app');
const path = location.pathname;
const people = peoplePages({ h, call, getJson, table, frame, time, status, enc });

function frame(title, ...content) {
  const nav = [['/', 'Dashboard'], ['/runs', 'Runs'], ['/backups', 'Backups'], ['/donations', 'Donations'],
    ['/upgrades', 'Upgrades'], ['/audit', 'Audit']];
  document.title = title + ' · Fediflow';
  app.replaceChildren(
    h('header', {},
      h('a.brand', { href: '/' }, 'Fediflow'),
      h('nav', {}, nav.map(([href, text]) => h('a', { href, class: path === href ? 'current' : null }, text))),
      h('a.person', { href: '/account', id: 'person' }, people.person + ' (' + people.role + ')'),
      h('form', { method: 'post', action: '/logout' },
        h('input', { type: 'hidden', name: '_csrf', value: csrfToken }),
        h('button.link', { type: 'submit', id: 'sign-out' }, 'Sign out'))),
    h('main', {}, h('h1', {}, title), h('div', { id: 'status', role: 'status' }), ...content));
}

// ---- dashboard ---------------------------------------------------------------------------------------------------

async function dashboard() {
  frame('Processes', h('div', { id: 'shipped-updates' }), h('div', { id: 'processes' }), h('h2', {}, 'Open incidents'),
    h('div', { id: 'incidents' }));
  const [processes, incidents, shipped] = await Promise.all([getJson('/api/processes'), getJson('/api/incidents'),
    getJson('/api/diagrams/shipped')]);
  document.getElementById('shipped-updates').replaceChildren(...shippedUpdates(shipped));
  document.getElementById('processes').replaceChildren(table(
    ['Process', 'Version', 'Running', 'Completed (24 h)', 'Failed', 'Next timer', 'Open incidents', ''],
    processes.map((p) => h('tr', { 'data-process': p.key },
      h('td', {}, h('a', { href: '/processes/' + enc(p.key) }, p.name || p.key), h('div.muted', {}, p.key),
        p.switchedOff ? h('div.notice.switched-off', {}, 'switched off') : '',
        p.notConfigured && p.notConfigured.length ? h('div.notice.not-configured', {}, 'not configured — needs ',
          p.notConfigured.join(', ')) : ''),
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

function incidentTable(incidents) {
  return table(['When', 'Process', 'Step', 'Error', ''], incidents.map((i) => h('tr', {},
    h('td', {}, time(i.createdAt)), h('td', {}, i.definitionKey || 'inbox'), h('td', {}, i.activityId || ''),
    h('td.message', {}, i.message),
    h('td', {}, i.instanceId ? h('a', { href: '/runs/' + enc(i.instanceId) }, 'Open run') : ''))));
}

// ---- process page --------------------------------------------------------------------------------------------------

async function processPage(key) {
  frame('Process ' + key,
    h('p', {}, h('a', { href: '/editor/' + enc(key) }, 'Edit the diagram'), ' · ',
      h('a', { href: '/runs?definition=' + enc(key) }, 'Runs')),
    h('div.canvas', { id: 'canvas' }),
    h('p.legend', {}, h('span.count.waiting', {}, 'n'), ' runs waiting here ', h('span.count.incidents', {}, 'n'),
      ' open incidents'),
    h('h2', {}, 'Incidents by step'), h('div', { id: 'by-step' }));
  people.auditSection(['process:' + key]).then((s) => app.querySelector('main').append(s));
  const viewer = new Viewer({ container: '#canvas' });
  const [xml, counts] = await Promise.all([getText('/api/processes/' + enc(key) + '/xml'),
    getJson('/api/processes/' + enc(key) + '/elements')]);
  await viewer.importXML(await withLayout(xml));
  fit(viewer);
  const overlays = viewer.get('overlays');
  const registry = viewer.get('elementRegistry');
  for (const [id, c] of Object.entries(counts)) {
    if (!registry.get(id)) continue;
    if (c.waiting) overlays.add(id, { position: { bottom: 8, left: -8 },
      html: h('span.count.waiting', { title: c.waiting + ' waiting', 'data-waiting': id }, c.waiting) });
    if (c.incidents) {
      overlays.add(id, { position: { bottom: 8, right: 8 },
        html: h('span.count.incidents', { title: c.incidents + ' incidents', 'data-incidents': id }, c.incidents) });
      viewer.get('canvas').addMarker(id, 'incident');
    }
  }
  const failing = Object.entries(counts).filter(([, c]) => c.incidents);
  document.getElementById('by-step').replaceChildren(table(['Step', 'Open incidents', ''], failing.map(([id, c]) =>
    h('tr', {}, h('td', {}, registry.get(id)?.businessObject.name || id), h('td', {}, c.incidents),
      h('td', {}, h('button', { 'data-retry-step': id, onclick: async () => {
        const r = await call('POST', '/api/processes/' + enc(key) + '/elements/' + enc(id) + '/retry');
        const body = await r.json();
        status('Retrying ' + body.retried + ' incidents of ' + id, 'ok');
      } }, 'Retry all'))))));
}

// ---- runs --------------------------------------------------------------------------------------------------------

async function runsPage() {
  const q = new URLSearchParams(location.search);
  const definitions = await getJson('/api/definitions');
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

async function runPage(id) {
  frame('Run ' + id, h('div', { id: 'summary' }), h('div.canvas', { id: 'canvas' }),
    h('p.legend', {}, h('span.key.done', {}, 'path taken'), h('span.key.waiting', {}, 'waiting here'),
      h('span.key.incident', {}, 'incident')),
    h('div', { id: 'incident-list' }),
    h('h2', {}, 'Steps'), h('div', { id: 'steps' }), h('h2', {}, 'Variables'), h('pre', { id: 'variables' }));
  const [detail, inspection] = await Promise.all([getJson('/api/instances/' + enc(id)),
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
  app.querySelector('main').append(await people.auditSection(['run:' + id].concat(detail.businessKey ? ['key:' + detail.businessKey] : [])));
  if (detail.state === 'active') watch(id, detail.state);
}

/** Reloads the run page when its state changes (after a retry, or while it runs). */
function watch(id, state) {
  const timer = setInterval(async () => {
    const now = await getJson('/api/instances/' + enc(id));
    if (now.state !== state) {
      clearInterval(timer);
      location.reload();
    }
  }, 1000);
}

// ---- editor ------------------------------------------------------------------------------------------------------

async function editorPage(key) {
  frame('Edit ' + key,
    h('div.toolbar', {}, h('button', { id: 'validate' }, 'Validate'), h('button.primary', { id: 'deploy' }, 'Deploy'),
      h('span.muted', { id: 'file' })),
    h('div.editor', {}, h('div.canvas.modeler', { id: 'canvas' }), h('aside', { id: 'properties' })),
    h('div', { id: 'problems' }),
    h('h2', {}, 'Versions'), h('div', { id: 'versions' }), h('div', { id: 'diff' }));
  const modeler = new Modeler({ container: '#canvas', moddleExtensions: { flowable } });
  const [xml, connectors] = await Promise.all([getText('/api/processes/' + enc(key) + '/xml'), getJson('/api/connectors')]);
  await modeler.importXML(await withLayout(xml));
  fit(modeler);
  const versions = await getJson('/api/processes/' + enc(key) + '/versions');
  const resource = versions[0].resource;
  document.getElementById('file').textContent = 'saved as bpmn/' + resource;
  const panel = propertiesPanel(modeler, connectors);
  modeler.on('selection.changed', (e) => panel(e.newSelection[0]));
  modeler.on('element.changed', (e) => {
    const selected = modeler.get('selection').get()[0];
    if (selected && e.element === selected && !document.activeElement?.closest('#properties')) panel(selected);
  });
  panel(null);

  const problemOverlays = [];
  const showProblems = (errors) => {
    const canvas = modeler.get('canvas');
    const overlays = modeler.get('overlays');
    const registry = modeler.get('elementRegistry');
    problemOverlays.forEach(({ id, overlay }) => { overlays.remove(overlay); canvas.removeMarker(id, 'problem'); });
    problemOverlays.length = 0;
    for (const e of errors) {
      if (!e.elementId || !registry.get(e.elementId)) continue;
      canvas.addMarker(e.elementId, 'problem');
      problemOverlays.push({ id: e.elementId, overlay: overlays.add(e.elementId, { position: { top: -24, left: 0 },
        html: h('div.problem-note', { 'data-problem': e.elementId, title: e.message }, '⚠ ' + e.message) }) });
    }
    document.getElementById('problems').replaceChildren(errors.length
      ? h('ul.problems', {}, errors.map((e) => h('li', {}, (e.elementId ? e.elementId + ': ' : '') + e.message))) : '');
  };
  const currentXml = async () => (await modeler.saveXML({ format: true })).xml;

  document.getElementById('validate').onclick = async () => {
    const result = await (await call('POST', '/api/diagrams/validate', await currentXml(), 'application/xml')).json();
    showProblems(result.errors);
    status(result.errors.length ? result.errors.length + ' problem(s)' : 'No problems: ready to deploy',
      result.errors.length ? 'bad' : 'ok');
  };
  document.getElementById('deploy').onclick = async () => {
    const r = await call('POST', '/api/definitions?name=' + enc(resource), await currentXml(), 'application/xml');
    const body = await r.json();
    if (r.status === 201) {
      showProblems([]);
      status('Deployed ' + body.key + ' version ' + body.version, 'ok');
      loadVersions();
    } else {
      showProblems(body.errors || []);
      status('Not deployed: ' + (body.errors || []).length + ' problem(s)', 'bad');
    }
  };

  async function loadVersions() {
    const list = await getJson('/api/processes/' + enc(key) + '/versions');
    document.getElementById('versions').replaceChildren(table(['Version', 'Deployed', 'By', 'File', ''],
      list.map((v, i) => h('tr', { 'data-version': v.version },
        h('td', {}, v.version + (i === 0 ? ' (running)' : '')), h('td', {}, time(v.deployedAt)),
        h('td.author', {}, v.author || 'bpmn/ folder'), h('td', {}, v.resource),
        h('td', {}, i + 1 < list.length ? h('button', { class: 'show-diff',
          onclick: () => showDiff(list[i + 1].version, v.version) }, 'Changes from v' + list[i + 1].version) : '', ' ',
        i > 0 ? h('button', { class: 'restore', onclick: async () => {
          const r = await call('POST', '/api/processes/' + enc(key) + '/versions/' + v.version + '/restore');
          const body = await r.json();
          if (r.status === 201) {
            status('Restored version ' + v.version + ' as version ' + body.version, 'ok');
            await modeler.importXML(await withLayout(await getText('/api/processes/' + enc(key) + '/xml')));
            fit(modeler);
            loadVersions();
          } else {
            status('Not restored: ' + (body.errors || [body]).map((e) => e.message || e.error).join('; '), 'bad');
          }
        } }, 'Restore') : '')))));
  }

  async function showDiff(from, to) {
    const [a, b] = await Promise.all([from, to].map((v) => getText('/api/processes/' + enc(key) + '/versions/' + v + '/xml')));
    document.getElementById('diff').replaceChildren(h('h2', {}, 'Changes from version ' + from + ' to ' + to),
      h('pre.diff', {}, diffLines(a, b).map((part) => h('span', { class: part.added ? 'added' : part.removed ? 'removed' : 'same' },
        part.value.replace(/^/gm, part.added ? '+ ' : part.removed ? '- ' : '  ').replace(/ {2}$/, '')))));
  }
  loadVersions();
}

/** Name of any element; for service tasks the connector (from the catalog) and its inputs as flowable:fields. */
function propertiesPanel(modeler, connectors) {
  const root = document.getElementById('properties');
  const modeling = modeler.get('modeling');
  const moddle = modeler.get('moddle');
  const byId = Object.fromEntries(connectors.map((c) => [c.id, c]));

  const fieldsOf = (bo) => (bo.extensionElements?.values || []).filter((v) => v.$type === 'flowable:Field');
  const valueOf = (f) => f.stringValue ?? f.expression ?? '';
  function setFields(element, values) {
    const bo = element.businessObject;
    const others = (bo.extensionElements?.values || []).filter((v) => v.$type !== 'flowable:Field');
    const fields = Object.entries(values).filter(([, v]) => v !== '' && v !== undefined).map(([name, v]) =>
      moddle.create('flowable:Field', v.includes('${') ? { name, expression: v } : { name, stringValue: v }));
    const ext = moddle.create('bpmn:ExtensionElements', { values: [...others, ...fields] });
    modeling.updateProperties(element, { extensionElements: ext, delegateExpression: '${connector}' });
  }

  return function render(element) {
    if (!element || element.type === 'bpmn:Process' || element.type === 'label') {
      root.replaceChildren(h('p.muted', {}, 'Select a step to see its properties. Add steps from the palette on the left or the context pad of a step.'));
      return;
    }
    const bo = element.businessObject;
    const parts = [h('h3', {}, element.type.replace('bpmn:', '')), h('label', {}, 'Id', h('input', { value: bo.id, readonly: true })),
      h('label', {}, 'Name', h('input', { id: 'prop-name', value: bo.name || '',
        onchange: (e) => modeling.updateProperties(element, { name: e.target.value }) }))];
    if (element.type === 'bpmn:ServiceTask' || element.type === 'bpmn:Task') {
      const current = Object.fromEntries(fieldsOf(bo).map((f) => [f.name, valueOf(f)]));
      const descriptor = byId[current.connector];
      parts.push(h('label', {}, 'Connector', h('select', { id: 'prop-connector', onchange: (e) => {
        let target = element;
        if (element.type === 'bpmn:Task') target = modeler.get('bpmnReplace').replaceElement(element, { type: 'bpmn:ServiceTask' });
        const keep = { connector: e.target.value };
        if (current.resultVariable) keep.resultVariable = current.resultVariable;
        setFields(target, keep);
        modeler.get('selection').select(target);
        render(target);
      } }, h('option', { value: '' }, '— choose —'), connectors.map((c) =>
        h('option', { value: c.id, selected: c.id === current.connector }, c.name + ' (' + c.id + ')')))));
      if (descriptor) {
        parts.push(h('p.muted', {}, descriptor.description || ''));
        const inputs = [...descriptor.inputs, { name: 'resultVariable', type: 'variable name', required: false,
          description: 'where the output is stored' }];
        for (const input of inputs) {
          parts.push(h('label', { title: input.description || '' },
            input.name, input.required ? h('span.required', { title: 'required' }, ' *') : '',
            h('span.muted', {}, ' ' + input.type + (input.secret ? ', secret' : '')),
            h('input', { 'data-input': input.name, value: current[input.name] || '', placeholder: input.description || '',
              onchange: (e) => { current[input.name] = e.target.value; setFields(element, current); } })));
        }
        parts.push(h('p.muted', {}, 'Text with ${…} is an expression over the run\'s variables.'));
      } else if (current.connector) {
        parts.push(h('p.bad', {}, 'Unknown connector ' + current.connector));
      }
    }
    root.replaceChildren(...parts);
  };
}

// ---- backups, donations, upgrades ----------------------------------------------------------------------------------

async function backupsPage() {
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

async function donationsPage() {
  frame('Donations and funding', h('p', {}, 'The public page: ', h('a', { href: '/funding' }, '/funding')), h('div', { id: 'funding' }));
  const f = await getJson('/api/funding');
  document.getElementById('funding').replaceChildren(h('pre', {}, json(f)));
}

async function upgradesPage() {
  frame('Upgrades', h('p.muted', {}, 'Runs of release-watch and upgrade-rollout with their variables (running version, pending rollout, deadline).'),
    h('div', { id: 'upgrades' }));
  const sections = [];
  for (const key of ['release-watch', 'upgrade-rollout']) {
    const runs = await getJson('/api/runs?definition=' + key + '&limit=10');
    const details = await Promise.all(runs.map((r) => getJson('/api/instances/' + enc(r.id))));
    sections.push(h('h2', {}, key), details.length ? details.map((d) => h('section.run', {},
      h('p', {}, h('a', { href: '/runs/' + enc(d.id) }, d.businessKey || d.id), ' · ', h('span.state.' + d.state, {}, d.state),
        ' · started ', time(d.startedAt)), h('pre', {}, json(d.variables)))) : h('p.muted', {}, 'No runs yet.'));
  }
  document.getElementById('upgrades').replaceChildren(...sections.flat());
}

// ---- routing -----------------------------------------------------------------------------------------------------

const routes = [
  [/^\/$/, dashboard],
  [/^\/processes\/([^/]+)$/, processPage],
  [/^\/runs$/, runsPage],
  [/^\/runs\/([^/]+)$/, runPage],
  [/^\/editor\/([^/]+)$/, editorPage],
  [/^\/backups$/, backupsPage],
  [/^\/donations$/, donationsPage],
  [/^\/upgrades$/, upgradesPage],
  [/^\/audit$/, () => people.auditPage()],
  [/^\/account$/, () => people.accountPage()],
];
const route = routes.find(([re]) => re.test(path));
Promise.resolve(route ? route[1](...path.match(route[0]).slice(1).map(decodeURIComponent)) : frame('Not found'))
  .then(() => document.body.setAttribute('data-ready', 'true'))
  .catch((e) => {
    if (!document.getElementById('status')) frame('Error');
    status(e.message, 'bad');
    document.body.setAttribute('data-ready', 'true');
  });
