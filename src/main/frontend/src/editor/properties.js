// The properties of the selected element, fitted to its kind: the trigger of a start event, the message or timer
// of a catch event, a boundary error's code, a flow's condition, a gateway's default flow, the diagram a call
// activity calls, and a connector step's inputs (from the connector catalog) with help on the variables at hand.
import { call, getJson } from '../api.js';
import { h, enc } from '../dom.js';
import { KNOWN_EVENTS, messageName, splitMessage } from '../logic/messages.js';
import { earlierOutputs, variablesAt } from '../logic/variables.js';

const TIMER_KINDS = [['timeCycle', 'repeating (cron or R/PT6H)'], ['timeDuration', 'after a while (PT10M)'],
  ['timeDate', 'at a date (2026-12-24T09:00:00Z)']];

export function propertiesPanel(modeler, context) {
  const root = document.getElementById('properties');
  const modeling = modeler.get('modeling');
  const moddle = modeler.get('moddle');
  const canvas = modeler.get('canvas');
  const byId = Object.fromEntries(context.connectors.map((c) => [c.id, c]));
  const examples = {};
  let lastText = null;

  const definitionsBo = () => canvas.getRootElement().businessObject.$parent;
  const fieldsOf = (bo) => (bo.extensionElements?.values || []).filter((v) => v.$type === 'flowable:Field');
  const valueOf = (f) => f.stringValue ?? f.expression ?? f.string ?? '';
  const fieldMap = (bo) => Object.fromEntries(fieldsOf(bo).map((f) => [f.name, valueOf(f)]));

  function setFields(element, values) {
    const bo = element.businessObject;
    const others = (bo.extensionElements?.values || []).filter((v) => v.$type !== 'flowable:Field');
    const before = Object.fromEntries(fieldsOf(bo).map((f) => [f.name, f]));
    // An unchanged field stays as written; a <flowable:string> text stays one (literal text, read by its connector).
    const fields = Object.entries(values).filter(([, v]) => v !== '' && v !== undefined).map(([name, v]) =>
      before[name] && valueOf(before[name]) === v ? before[name]
        : moddle.create('flowable:Field', before[name]?.string !== undefined ? { name, string: String(v) }
          : String(v).includes('${') ? { name, expression: v } : { name, stringValue: v }));
    const ext = moddle.create('bpmn:ExtensionElements', { values: [...others, ...fields] });
    modeling.updateProperties(element, { extensionElements: ext, delegateExpression: '${connector}' });
  }

  /** The bpmn:Message named so, made when missing (messages live beside the process, shared by its events). */
  function message(name) {
    const defs = definitionsBo();
    let m = defs.rootElements.find((r) => r.$type === 'bpmn:Message' && r.name === name);
    if (!m) {
      m = moddle.create('bpmn:Message', { id: 'Message_' + name.replace(/[^A-Za-z0-9_]/g, '_'), name });
      m.$parent = defs;
      defs.rootElements.push(m);
    }
    return m;
  }

  function errorNamed(code) {
    const defs = definitionsBo();
    let e = defs.rootElements.find((r) => r.$type === 'bpmn:Error' && r.errorCode === code);
    if (!e) {
      e = moddle.create('bpmn:Error', { id: 'Error_' + code.replace(/[^A-Za-z0-9_]/g, '_'), name: code, errorCode: code });
      e.$parent = defs;
      defs.rootElements.push(e);
    }
    return e;
  }

  const definitionOf = (bo, type) => (bo.eventDefinitions || []).find((d) => d.$type === type);

  function setEventDefinition(element, type, props) {
    const def = type ? moddle.create(type, props || {}) : null;
    modeling.updateProperties(element, { eventDefinitions: def ? [def] : [] });
  }

  // ---- pieces -----------------------------------------------------------------------------------------------

  function messagePicker(element, current, onChange) {
    const { source, event } = splitMessage(current, context.sources);
    const sourceSelect = h('select', { id: 'prop-source' }, h('option', { value: '' }, '— source —'),
      [...new Set([...context.sources, source].filter(Boolean))].map((s) => h('option', { value: s, selected: s === source }, s)));
    const listId = 'events-' + Math.random().toString(36).slice(2);
    const eventInput = h('input', { id: 'prop-event', value: event, list: listId, placeholder: 'e.g. report.created or 0' });
    const list = h('datalist', { id: listId });
    const fillList = () => list.replaceChildren(...(KNOWN_EVENTS[sourceSelect.value] || []).map((e) => h('option', { value: e })));
    fillList();
    const shown = h('code', { id: 'prop-message' }, current || '—');
    const changed = () => {
      const name = messageName(sourceSelect.value, eventInput.value.trim());
      shown.textContent = name || '—';
      if (name) onChange(name);
    };
    sourceSelect.onchange = () => { fillList(); changed(); };
    eventInput.onchange = changed;
    return [h('label', {}, 'Source', sourceSelect), h('label', {}, 'Event', eventInput, list),
      h('p.muted', {}, 'Message ', shown, '. For Mastodon, the admin webhook events; for your own sources the value at '
        + 'their event pointer (Uptime Kuma: 0 = down, 1 = up).')];
  }

  function timerFields(element, def) {
    const kind = TIMER_KINDS.find(([k]) => def[k])?.[0] || 'timeCycle';
    const value = def[kind]?.body || '';
    const preview = h('ul.preview', { id: 'timer-preview' });
    const kindSelect = h('select', { id: 'prop-timer-kind' }, TIMER_KINDS.map(([k, text]) =>
      h('option', { value: k, selected: k === kind }, text)));
    const input = h('input', { id: 'prop-timer', value, placeholder: '0 9 * * *  (every day at 09:00)' });
    const update = async () => {
      const text = input.value.trim();
      const expression = moddle.create('bpmn:FormalExpression', { body: text });
      const props = { [kindSelect.value]: text ? expression : undefined };
      for (const [k] of TIMER_KINDS) if (k !== kindSelect.value) props[k] = undefined;
      modeling.updateModdleProperties(element, def, props);
      await showPreview(text, kindSelect.value, preview);
    };
    input.onchange = update;
    kindSelect.onchange = update;
    showPreview(value, kind, preview);
    return [h('label', {}, 'Fires', kindSelect), h('label', {}, 'When', input),
      h('p.muted', {}, 'Cron: minute hour day-of-month month weekday, in the server\'s configured time zone.'), preview];
  }

  async function showPreview(text, kind, box) {
    if (!text || kind !== 'timeCycle') {
      box.replaceChildren();
      return;
    }
    const p = await getJson('/api/timers/preview?expression=' + enc(text));
    box.replaceChildren(...(p.error ? [h('li.bad', {}, p.error)]
      : [h('li.muted', {}, 'Next firings (' + p.zone + '):'), ...p.next.map((t) => h('li', {}, t.replace('T', ' ')))]));
  }

  async function payloadExample(name) {
    if (!name) return null;
    if (!(name in examples)) {
      examples[name] = null;
      const { source, event } = splitMessage(name, context.sources);
      const list = await call('GET', '/api/deliveries?limit=1&source=' + enc(source) + '&event=' + enc(event))
        .then((r) => (r.ok ? r.json() : []));
      const stored = list.find((d) => !String(d.id).startsWith('attempt-'));
      if (stored) examples[name] = (await getJson('/api/deliveries/' + enc(stored.id))).body;
    }
    return examples[name];
  }

  function triggerMessage() {
    const process = canvas.getRootElement().businessObject;
    const start = (process.flowElements || []).find((e) => e.$type === 'bpmn:StartEvent');
    return start && definitionOf(start, 'bpmn:MessageEventDefinition')?.messageRef?.name;
  }

  /** The variables a step can use, as buttons that put ${…} where the operator was typing. */
  function expressionHelp(element) {
    const box = h('div.help', { id: 'expression-help' });
    const resultOf = (bo) => fieldsOf(bo).find((f) => f.name === 'resultVariable')?.stringValue;
    const outputs = earlierOutputs(element.businessObject, resultOf);
    payloadExample(triggerMessage()).then((example) => {
      const names = variablesAt(outputs, example);
      box.replaceChildren(h('details', { open: true }, h('summary', {}, 'Variables here (click to insert)'),
        example ? '' : h('p.muted', {}, 'No delivery of this trigger yet: payload fields show once one arrived.'),
        ...names.map((n) => h('button.var', { type: 'button', onclick: () => insert('${' + n + '}') }, n))));
    });
    return box;
  }

  function insert(text) {
    if (!lastText) return;
    const { selectionStart: s, selectionEnd: e, value } = lastText;
    lastText.value = value.slice(0, s) + text + value.slice(e);
    lastText.dispatchEvent(new Event('change'));
    lastText.focus();
  }

  function inputControl(input, value, onValue) {
    const common = { 'data-input': input.name, placeholder: input.description || '' };
    if (input.name === 'credential') {
      return h('select', { ...common, onchange: (e) => onValue(e.target.value) }, h('option', { value: '' }, '— none —'),
        [...new Set([...context.credentials, value].filter(Boolean))].map((c) => h('option', { value: c, selected: c === value },
          c + (context.credentials.includes(c) ? '' : ' (not configured)'))));
    }
    // A closed set of values (the descriptor's values, generated from the connector's code): a select that keeps a
    // value already in the diagram (an expression, say) as one of its choices.
    const choices = input.values && input.values.length ? input.values : input.options;
    if (choices) {
      return h('select', { ...common, onchange: (e) => onValue(e.target.value) }, h('option', { value: '' }, '—'),
        [...new Set([...choices, value].filter(Boolean))].map((o) => h('option', { value: o, selected: o === value }, o)));
    }
    if (input.type === 'boolean') {
      return h('input', { ...common, type: 'checkbox', checked: value === 'true',
        onchange: (e) => onValue(e.target.checked ? 'true' : '') });
    }
    if (input.type === 'number') {
      return h('input', { ...common, value, onchange: (e) => onValue(e.target.value) });
    }
    const note = h('span.bad.json-problem');
    const area = h('textarea', { ...common, rows: input.type === 'string' ? 2 : 4, onfocus: (e) => { lastText = e.target; },
      onchange: (e) => {
        const v = e.target.value;
        if (input.type === 'json' && v.trim() && !v.includes('${')) {
          try {
            JSON.parse(v);
            note.textContent = '';
          } catch (err) {
            note.textContent = 'not JSON: ' + err.message;
            return;
          }
        }
        onValue(v);
      } });
    area.value = value;
    return [area, note];
  }

  function connectorFields(element, parts) {
    const bo = element.businessObject;
    const current = fieldMap(bo);
    const descriptor = byId[current.connector];
    parts.push(h('label', {}, 'Connector', h('select', { id: 'prop-connector', onchange: (e) => {
      let target = element;
      if (element.type === 'bpmn:Task') target = modeler.get('bpmnReplace').replaceElement(element, { type: 'bpmn:ServiceTask' });
      const keep = { connector: e.target.value };
      if (current.resultVariable) keep.resultVariable = current.resultVariable;
      setFields(target, keep);
      modeler.get('selection').select(target);
      render(target);
    } }, h('option', { value: '' }, '— choose —'), context.connectors.map((c) =>
      h('option', { value: c.id, selected: c.id === current.connector }, c.name + ' (' + c.id + ')')))));
    if (descriptor) {
      parts.push(h('p.muted', {}, descriptor.description || ''));
      const inputs = [...descriptor.inputs, { name: 'resultVariable', type: 'string', required: false,
        description: 'name under which later steps find this step\'s output' }];
      for (const input of inputs) {
        parts.push(h('label', { title: input.description || '' },
          input.name, input.required ? h('span.required', { title: 'required' }, ' *') : '',
          h('span.muted', {}, ' ' + (input.description || input.type)),
          inputControl(input, current[input.name] || '', (v) => { current[input.name] = v; setFields(element, current); })));
      }
      parts.push(h('p.muted', {}, 'Text with ${…} is worked out when the step runs, from the run\'s variables.'),
        expressionHelp(element));
    } else if (current.connector) {
      parts.push(h('p.bad', {}, 'Unknown connector ' + current.connector));
    }
  }

  function render(element) {
    if (!element || element.type === 'label') {
      const process = canvas.getRootElement();
      root.replaceChildren(h('h3', {}, 'Automation'),
        h('label', {}, 'Name', h('input', { id: 'prop-process-name', value: process.businessObject.name || '',
          onchange: (e) => modeling.updateProperties(process, { name: e.target.value }) })),
        h('p.muted', {}, 'Select an element to see its properties. Add steps from the palette on the left or from the '
          + 'context pad of an element; Ctrl+Z and Ctrl+Y undo and redo.'));
      return;
    }
    if (element.type === 'bpmn:Process') return render(null);
    const bo = element.businessObject;
    const parts = [h('h3', {}, element.type.replace('bpmn:', '')), h('label', {}, 'Id', h('input', { value: bo.id, readonly: true })),
      h('label', {}, 'Name', h('input', { id: 'prop-name', value: bo.name || '',
        onchange: (e) => modeling.updateProperties(element, { name: e.target.value }) }))];
    const type = element.type;

    if (type === 'bpmn:StartEvent' && element.parent?.type !== 'bpmn:SubProcess') {
      const messageDef = definitionOf(bo, 'bpmn:MessageEventDefinition');
      const timerDef = definitionOf(bo, 'bpmn:TimerEventDefinition');
      const trigger = messageDef ? 'event' : timerDef ? 'timer' : 'manual';
      parts.push(h('label', {}, 'Starts', h('select', { id: 'prop-trigger', onchange: (e) => {
        if (e.target.value === 'event') setEventDefinition(element, 'bpmn:MessageEventDefinition');
        else if (e.target.value === 'timer') setEventDefinition(element, 'bpmn:TimerEventDefinition');
        else setEventDefinition(element, null);
        render(element);
      } }, [['event', 'on an event from a source'], ['timer', 'on a timer'], ['manual', 'by hand (API or console)']].map(([v, t]) =>
        h('option', { value: v, selected: v === trigger }, t)))));
      if (messageDef) {
        parts.push(...messagePicker(element, messageDef.messageRef?.name,
          (name) => modeling.updateModdleProperties(element, messageDef, { messageRef: message(name) })));
      }
      if (timerDef) parts.push(...timerFields(element, timerDef));
      if (trigger === 'manual') parts.push(h('p.muted', {}, 'Started with POST /api/processes/<key>/start and a JSON payload.'));
    } else if (['bpmn:IntermediateCatchEvent', 'bpmn:BoundaryEvent', 'bpmn:ReceiveTask', 'bpmn:StartEvent'].includes(type)) {
      const messageDef = type === 'bpmn:ReceiveTask' ? null : definitionOf(bo, 'bpmn:MessageEventDefinition');
      const timerDef = definitionOf(bo, 'bpmn:TimerEventDefinition');
      const errorDef = definitionOf(bo, 'bpmn:ErrorEventDefinition');
      if (type === 'bpmn:ReceiveTask') {
        parts.push(h('p.muted', {}, 'Waits for this message with the run\'s business key.'),
          ...messagePicker(element, bo.messageRef?.name, (name) => modeling.updateProperties(element, { messageRef: message(name) })));
      }
      if (messageDef) {
        parts.push(h('p.muted', {}, 'Waits for this message with the run\'s business key.'),
          ...messagePicker(element, messageDef.messageRef?.name,
            (name) => modeling.updateModdleProperties(element, messageDef, { messageRef: message(name) })));
      }
      if (timerDef) parts.push(...timerFields(element, timerDef));
      if (errorDef) {
        const host = element.host?.businessObject;
        const errors = host ? byId[fieldMap(host).connector]?.errors || [] : [];
        const code = errorDef.errorRef?.errorCode || '';
        const listId = 'errors-' + bo.id;
        parts.push(h('label', {}, 'Error code', h('input', { id: 'prop-error-code', value: code, list: listId,
          placeholder: 'empty: any error', onchange: (e) => modeling.updateModdleProperties(element, errorDef,
            { errorRef: e.target.value.trim() ? errorNamed(e.target.value.trim()) : undefined }) }),
        h('datalist', { id: listId }, errors.map((e) => h('option', { value: e.code }, e.description)))),
        errors.length ? h('ul.muted', {}, errors.map((e) => h('li', {}, h('code', {}, e.code), ' ', e.description)))
          : h('p.muted', {}, 'The step it is attached to names no error codes.'));
      }
    } else if (type === 'bpmn:SequenceFlow') {
      const source = element.source;
      const gateway = /ExclusiveGateway|InclusiveGateway/.test(source.type);
      const isDefault = source.businessObject.default === bo;
      if (gateway) {
        parts.push(h('label.check', {}, h('input', { type: 'checkbox', id: 'prop-default', checked: isDefault,
          onchange: (e) => { modeling.updateProperties(source, { default: e.target.checked ? bo : undefined }); render(element); } }),
        ' Default flow: taken when no other condition holds'));
      }
      if (!isDefault && (gateway || (source.outgoing || []).length > 1)) {
        const area = h('textarea', { id: 'prop-condition', rows: 3, placeholder: '${payload.category == \'legal\'}',
          onfocus: (e) => { lastText = e.target; },
          onchange: (e) => modeling.updateProperties(element, { conditionExpression: e.target.value.trim()
            ? moddle.create('bpmn:FormalExpression', { body: e.target.value.trim() }) : undefined }) });
        area.value = bo.conditionExpression?.body || '';
        parts.push(h('label', {}, 'Condition', area), h('p.muted', {}, 'Taken when this is true, e.g. ',
          h('code', {}, '${payload.report.category == \'legal\'}')), expressionHelp(element));
      }
    } else if (/ExclusiveGateway|InclusiveGateway/.test(type)) {
      parts.push(h('label', {}, 'Default flow', h('select', { id: 'prop-gateway-default', onchange: (e) => {
        const flow = (bo.outgoing || []).find((f) => f.id === e.target.value);
        modeling.updateProperties(element, { default: flow });
      } }, h('option', { value: '' }, '— none —'), (bo.outgoing || []).map((f) =>
        h('option', { value: f.id, selected: bo.default === f }, (f.name || f.id) + ' → ' + (f.targetRef?.name || f.targetRef?.id))))),
      h('p.muted', {}, 'Each other outgoing flow needs a condition; the default is taken when none holds.'),
      h('ul.flows', {}, (bo.outgoing || []).map((f) => h('li', {}, h('button.link-like', { type: 'button', 'data-select-flow': f.id,
        'data-flow-target': f.targetRef?.name || f.targetRef?.id, onclick: () => modeler.get('selection').select(
          modeler.get('elementRegistry').get(f.id)) }, 'flow to ' + (f.targetRef?.name || f.targetRef?.id)),
      bo.default === f ? ' (default)' : f.conditionExpression ? ' when ' + f.conditionExpression.body : ' (no condition yet)'))));
    } else if (type === 'bpmn:CallActivity') {
      parts.push(h('label', {}, 'Calls', h('select', { id: 'prop-called', onchange: (e) =>
        modeling.updateProperties(element, { calledElement: e.target.value }) }, h('option', { value: '' }, '— diagram —'),
      context.definitions.map((d) => h('option', { value: d.key, selected: d.key === bo.calledElement }, d.name || d.key)))));
    } else if (type === 'bpmn:ServiceTask' || type === 'bpmn:Task') {
      connectorFields(element, parts);
    }
    root.replaceChildren(...parts);
  }

  return render;
}
