import Modeler from 'bpmn-js/lib/Modeler';
import { diffLines } from 'diff';
import { call, getJson, getText } from '../api.js';
import { h, table, status, time, enc } from '../dom.js';
import { fit, withLayout } from '../diagram.js';
import { frame } from '../layout.js';
import flowable from '../flowable.json';
import { propertiesPanel } from './properties.js';


export async function editorPage(key) {
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
    document.getElementById('versions').replaceChildren(table(['Version', 'Deployed', 'File', ''],
      list.map((v, i) => h('tr', { 'data-version': v.version },
        h('td', {}, v.version + (i === 0 ? ' (running)' : '')), h('td', {}, time(v.deployedAt)), h('td', {}, v.resource),
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

