// Expression help: which variables a step can use, as ${…} expressions.

/** Paths into a JSON value: {account: {username: "a"}} gives payload.account, payload.account.username. */
export function jsonPaths(value, prefix = 'payload', depth = 4) {
  const out = [];
  const walk = (v, path, level) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || level >= depth) return;
    for (const [k, child] of Object.entries(v)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) continue;
      const p = path + '.' + k;
      out.push(p);
      walk(child, p, level + 1);
    }
  };
  walk(value, prefix, 0);
  return out;
}

/**
 * Variables a run has at a step: what every run gets, what the trigger's payload holds, and the outputs
 * (resultVariable) of the connector steps before it.
 */
export function variablesAt(earlierOutputs, payloadExample) {
  const base = ['payload', 'event', 'source'];
  return [...base, ...jsonPaths(payloadExample), ...earlierOutputs];
}

/** Names of the result variables of the steps from which this element can be reached. */
export function earlierOutputs(element, resultVariableOf) {
  const seen = new Set();
  const out = [];
  const visit = (el) => {
    for (const flow of el.incoming || []) {
      const source = flow.sourceRef || flow.source;
      if (!source || seen.has(source.id)) continue;
      seen.add(source.id);
      const name = resultVariableOf(source);
      if (name) out.push(name);
      visit(source);
    }
  };
  visit(element);
  return out.reverse();
}
