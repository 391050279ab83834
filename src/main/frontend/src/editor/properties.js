import { h } from '../dom.js';

/** Name of any element; for service tasks the connector (from the catalog) and its inputs as flowable:fields. */
export function propertiesPanel(modeler, connectors) {
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
