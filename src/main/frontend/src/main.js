// Fediflow's operator console: one bundle, the page is chosen by the path the server answered.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import './console.css';

import { status } from './dom.js';
import { frame } from './layout.js';
import { route } from './router.js';
import { dashboard } from './pages/dashboard.js';
import { processPage } from './pages/process.js';
import { runsPage, runPage } from './pages/runs.js';
import { editorPage } from './editor/editor.js';
import { deliveriesPage } from './pages/deliveries.js';
import { backupsPage, donationsPage, upgradesPage } from './pages/operations.js';
import { people } from './people.js';

const routes = [
  ['/', dashboard],
  ['/processes/:key', processPage],
  ['/deliveries', deliveriesPage],
  ['/runs', runsPage],
  ['/runs/:id', runPage],
  ['/editor/:key', editorPage],
  ['/backups', backupsPage],
  ['/donations', donationsPage],
  ['/upgrades', upgradesPage],
  ['/audit', () => people().auditPage()],
  ['/account', () => people().accountPage()],
];

const found = route(routes, location.pathname);
Promise.resolve(found ? found.page(...found.params) : frame('Not found'))
  .then(() => document.body.setAttribute('data-ready', 'true'))
  .catch((e) => {
    if (!document.getElementById('status')) frame('Error');
    status(e.message, 'bad');
    document.body.setAttribute('data-ready', 'true');
  });
