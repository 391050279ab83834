import Viewer from 'bpmn-js/lib/NavigatedViewer';
import { call, getJson, getText } from '../api.js';
import { h, table, status, enc } from '../dom.js';
import { fit, withLayout } from '../diagram.js';
import { frame } from '../layout.js';
import { people } from '../people.js';


export async function processPage(key) {
  frame('Process ' + key,
    h('p', {}, h('a', { href: '/editor/' + enc(key) }, 'Edit the diagram'), ' · ',
      h('a', { href: '/runs?definition=' + enc(key) }, 'Runs')),
    h('div.canvas', { id: 'canvas' }),
    h('p.legend', {}, h('span.count.waiting', {}, 'n'), ' runs waiting here ', h('span.count.incidents', {}, 'n'),
      ' open incidents'),
    h('h2', {}, 'Incidents by step'), h('div', { id: 'by-step' }));
  people().auditSection(['process:' + key]).then((s) => document.querySelector('main').append(s));
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
