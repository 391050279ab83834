// Version differences element by element: added, removed, and each changed field of the ones in both.

/** {id: {type, name, ...fields}} of every flow element of a parsed definitions object (bpmn-moddle). */
export function describe(definitions) {
  const out = {};
  const visit = (container) => {
    for (const el of container.flowElements || []) {
      const d = { type: el.$type.replace('bpmn:', '') };
      if (el.name) d.name = el.name;
      for (const f of (el.extensionElements?.values || []).filter((v) => v.$type === 'flowable:Field')) {
        d['field ' + f.name] = f.stringValue ?? f.expression ?? '';
      }
      if (el.conditionExpression) d.condition = el.conditionExpression.body;
      if (el.sourceRef && el.targetRef) d.flow = el.sourceRef.id + ' → ' + el.targetRef.id;
      if (el.default) d.default = el.default.id;
      if (el.calledElement) d.calls = el.calledElement;
      for (const def of el.eventDefinitions || []) {
        const kind = def.$type.replace('bpmn:', '').replace('EventDefinition', '');
        d.trigger = kind + (def.messageRef ? ' ' + (def.messageRef.name || def.messageRef.id) : '')
          + (def.errorRef ? ' ' + (def.errorRef.errorCode || def.errorRef.id) : '')
          + ['timeCycle', 'timeDuration', 'timeDate'].map((t) => (def[t] ? ' ' + t + ' ' + def[t].body : '')).join('');
      }
      out[el.id] = d;
      if (el.flowElements) visit(el);
    }
  };
  for (const root of definitions.rootElements || []) if (root.$type === 'bpmn:Process') visit(root);
  return out;
}

/** @return {added: [{id, ...}], removed: [{id, ...}], changed: [{id, name, changes: [{field, from, to}]}]} */
export function diffElements(before, after) {
  const added = [];
  const removed = [];
  const changed = [];
  for (const [id, d] of Object.entries(after)) if (!before[id]) added.push({ id, ...d });
  for (const [id, d] of Object.entries(before)) if (!after[id]) removed.push({ id, ...d });
  for (const [id, b] of Object.entries(before)) {
    const a = after[id];
    if (!a) continue;
    const changes = [...new Set([...Object.keys(b), ...Object.keys(a)])]
      .filter((k) => b[k] !== a[k]).map((field) => ({ field, from: b[field], to: a[field] }));
    if (changes.length) changed.push({ id, name: a.name || b.name, changes });
  }
  return { added, removed, changed };
}
