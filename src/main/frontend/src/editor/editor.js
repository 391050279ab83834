// The modeler page: a diagram new or deployed, its properties, validation, dry run, deploy (and enable), versions.
import Modeler from 'bpmn-js/lib/Modeler';
import { diffLines } from 'diff';
import { BpmnModdle } from 'bpmn-moddle';
import { call, getJson, getText } from '../api.js';
import { h, table, status, time, enc } from '../dom.js';
import { withLayout } from '../diagram.js';
import { frame } from '../layout.js';
import flowable from '../flowable.json';
import { propertiesPanel } from './properties.js';
import { dryRunPanel } from './dryrun.js';
import InsertIntoFlow from './insertIntoFlow.js';
import { describe, diffElements } from '../logic/elementDiff.js';

const BLANK = (key, name) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn"
             xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
             xmlns:di="http://www.omg.org/spec/DD/20100524/DI" targetNamespace="https://fediflow.org/automations">
  <process id="${key}" name="${name.replace(/[<&"]/g, '')}" isExecutable="true">
    <startEvent id="start" name="Start"/>
  </process>
  <bpmndi:BPMNDiagram id="diagram"><bpmndi:BPMNPlane id="plane" bpmnElement="${key}">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="160" y="160" width="36" height="36"/></bpmndi:BPMNShape>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</definitions>`;

export async function editorPage(key) {
  const q = new URLSearchParams(location.search);
  frame('Edit ' + key,
    h('div.toolbar', {}, h('button', { id: 'validate' }, 'Validate'), h('button', { id: 'dry-run' }, 'Dry run'),
      h('button.primary', { id: 'deploy' }, 'Deploy'), h('button.primary', { id: 'deploy-enable' }, 'Deploy and enable'),
      h('button.danger', { id: 'delete' }, 'Delete'), h('span.muted', { id: 'file' }), h('span.muted', { id: 'dirty' })),
    h('div.editor', {}, h('div.canvas.modeler', { id: 'canvas' }), h('aside', { id: 'properties' })),
    h('div', { id: 'problems' }), h('div', { id: 'dry-run-panel' }),
    h('h2', {}, 'Versions'), h('div', { id: 'versions' }), h('div', { id: 'diff' }));
  const modeler = new Modeler({ container: '#canvas', moddleExtensions: { flowable }, keyboard: { bind: true },
    additionalModules: [InsertIntoFlow] });
  const xmlResponse = await call('GET', '/api/processes/' + enc(key) + '/xml', undefined, undefined, 'application/xml');
  const isNew = xmlResponse.status === 404;
  if (!isNew && !xmlResponse.ok) throw new Error('/api/processes/' + key + '/xml answered ' + xmlResponse.status);
  const [connectors, definitions, sources, credentials] = await Promise.all([getJson('/api/connectors'),
    getJson('/api/processes'), getJson('/api/sources'), getJson('/api/credentials')]);
  let xml;
  if (!isNew) xml = await xmlResponse.text();
  else if (q.get('template')) xml = await getText('/api/templates/' + q.get('template'));
  else xml = BLANK(key, q.get('name') || key);
  await modeler.importXML(await withLayout(xml));
  if (isNew) renameProcess(modeler, key, q.get('name'));
  fitBesidePalette(modeler);

  const versions = isNew ? [] : await getJson('/api/processes/' + enc(key) + '/versions');
  const resource = versions[0]?.resource || key + '.bpmn';
  document.getElementById('file').textContent = (isNew ? 'new: first deploy creates bpmn/' : 'saved as bpmn/') + resource;

  // Unsaved changes: marked beside the file name, and the browser asks before leaving.
  let dirty = isNew;
  const markDirty = (value) => {
    dirty = value;
    document.getElementById('dirty').textContent = dirty ? '· not deployed yet' : '';
  };
  markDirty(isNew);
  modeler.on('commandStack.changed', () => markDirty(true));
  window.addEventListener('beforeunload', (e) => {
    if (dirty) {
      e.preventDefault();
      e.returnValue = '';
    }
  });

  const panel = propertiesPanel(modeler, { connectors, definitions, sources, credentials });
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
      ? h('ul.problems', {}, errors.map((e) => h('li', {}, e.elementId
        ? h('a', { href: '#', onclick: (ev) => { ev.preventDefault(); select(modeler, e.elementId); } }, e.elementId) : '',
      e.elementId ? ': ' : '', e.message))) : '');
  };
  const currentXml = async () => (await modeler.saveXML({ format: true })).xml;

  document.getElementById('validate').onclick = async () => {
    const result = await (await call('POST', '/api/diagrams/validate', await currentXml(), 'application/xml')).json();
    showProblems(result.errors);
    status(result.errors.length ? result.errors.length + ' problem(s)' : 'No problems: ready to deploy',
      result.errors.length ? 'bad' : 'ok');
  };
  const deploy = async (enable) => {
    const r = await call('POST', '/api/processes?name=' + enc(resource), await currentXml(), 'application/xml');
    const body = await r.json();
    if (r.status !== 201) {
      showProblems(body.errors || []);
      status('Not deployed: ' + (body.errors || []).length + ' problem(s)', 'bad');
      return;
    }
    showProblems([]);
    markDirty(false);
    let text = 'Deployed ' + body.key + ' version ' + body.version;
    if (enable) {
      const on = await call('POST', '/api/processes/' + enc(body.key) + '/enable');
      text += on.ok ? ' and enabled: it starts runs now' : ' but not enabled (' + on.status + ')';
    }
    status(text, 'ok');
    if (isNew && body.key === key) history.replaceState(null, '', '/editor/' + enc(key));
    loadVersions();
  };
  document.getElementById('deploy').onclick = () => deploy(false);
  document.getElementById('deploy-enable').onclick = () => deploy(true);
  document.getElementById('delete').onclick = async () => {
    if (!confirm('Delete ' + key + '? It starts no new runs and its file leaves bpmn/; its runs are kept.')) return;
    const r = await call('DELETE', '/api/processes/' + enc(key));
    if (r.status === 204) {
      markDirty(false);
      location.href = '/';
    } else {
      status(isNew ? 'Nothing to delete: it was never deployed' : 'Not deleted: ' + r.status, 'bad');
    }
  };
  document.getElementById('dry-run').onclick = async () => dryRunPanel(modeler, await currentXml(),
    document.getElementById('dry-run-panel'));

  async function loadVersions() {
    const list = await call('GET', '/api/processes/' + enc(key) + '/versions').then((r) => (r.ok ? r.json() : []));
    document.getElementById('versions').replaceChildren(table(['Version', 'Deployed', 'By', 'File', ''],
      list.map((v, i) => h('tr', { 'data-version': v.version },
        h('td', {}, v.version + (i === 0 ? ' (running)' : '')), h('td', {}, time(v.deployedAt)),
        h('td.author', {}, v.author || 'diagrams folder'), h('td', {}, v.resource),
        h('td', {}, i + 1 < list.length ? h('button', { class: 'show-diff',
          onclick: () => showDiff(list[i + 1].version, v.version) }, 'Changes from v' + list[i + 1].version) : '', ' ',
        i > 0 ? h('button', { class: 'restore', onclick: async () => {
          const r = await call('POST', '/api/processes/' + enc(key) + '/versions/' + v.version + '/restore');
          const body = await r.json();
          if (r.status === 201) {
            status('Restored version ' + v.version + ' as version ' + body.version, 'ok');
            await modeler.importXML(await withLayout(await getText('/api/processes/' + enc(key) + '/xml')));
            fitBesidePalette(modeler);
            markDirty(false);
            loadVersions();
          } else {
            status('Not restored: ' + (body.errors || [body]).map((e) => e.message || e.error).join('; '), 'bad');
          }
        } }, 'Restore') : '')))));
  }

  async function showDiff(from, to) {
    const [a, b] = await Promise.all([from, to].map((v) => getText('/api/processes/' + enc(key) + '/versions/' + v + '/xml')));
    const moddle = new BpmnModdle({ flowable });
    const [da, db] = await Promise.all([a, b].map(async (x) => describe((await moddle.fromXML(x)).rootElement)));
    const diff = diffElements(da, db);
    const label = (e) => (e.name ? e.name + ' (' + e.id + ')' : e.id) + ' · ' + e.type;
    const show = (v) => (v === undefined ? '—' : String(v));
    document.getElementById('diff').replaceChildren(h('h2', {}, 'Changes from version ' + from + ' to ' + to),
      !diff.added.length && !diff.removed.length && !diff.changed.length ? h('p.muted', {}, 'No element changed.') : '',
      h('ul.element-diff', {},
        diff.added.map((e) => h('li.added', {}, 'added ', label(e))),
        diff.removed.map((e) => h('li.removed', {}, 'removed ', label(e))),
        diff.changed.map((c) => h('li.changed', {}, 'changed ', c.name ? c.name + ' (' + c.id + ')' : c.id,
          h('ul', {}, c.changes.map((x) => h('li', {}, x.field + ': ', h('del', {}, show(x.from)), ' → ',
            h('ins', {}, show(x.to)))))))),
      h('details', {}, h('summary', {}, 'The XML, line by line'),
        h('pre.diff', {}, diffLines(a, b).map((part) => h('span', { class: part.added ? 'added' : part.removed ? 'removed' : 'same' },
          part.value.replace(/^/gm, part.added ? '+ ' : part.removed ? '- ' : '  ').replace(/ {2}$/, ''))))));
  }
  loadVersions();
}

/** A template or blank diagram becomes the new automation: its process takes the key and the name. */
function renameProcess(modeler, key, name) {
  const root = modeler.get('canvas').getRootElement();
  const props = { id: key };
  if (name) props.name = name;
  modeler.get('modeling').updateProperties(root, props);
  modeler.get('commandStack').clear();
}

function select(modeler, id) {
  const element = modeler.get('elementRegistry').get(id);
  if (element) modeler.get('selection').select(element);
}

/** The whole diagram in view, to the right of the palette (never under it), never blown up beyond natural size. */
export function fitBesidePalette(modeler) {
  const canvas = modeler.get('canvas');
  canvas.zoom('fit-viewport');
  const { inner, outer } = canvas.viewbox();
  const palette = document.querySelector('#canvas .djs-palette');
  const left = (palette ? palette.getBoundingClientRect().width : 50) + 40;
  const scale = Math.min(1, (outer.width - left - 20) / Math.max(inner.width, 1), (outer.height - 60) / Math.max(inner.height, 1));
  canvas.viewbox({ x: inner.x - left / scale, y: inner.y - 30 / scale, width: outer.width / scale, height: outer.height / scale });
}
