// A new automation's key (its process id and file name, bpmn/<key>.bpmn) derived from the name the operator types.

const KEY = /^[a-z][a-z0-9-]{1,59}$/;

/** "Uptime Kuma: monitor down → Slack" becomes "uptime-kuma-monitor-down-slack". */
export function keyFromName(name) {
  return (name || '')
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** @return why the key cannot be used, or null when it can */
export function keyProblem(key, existingKeys) {
  if (!key) return 'give the automation a name with at least two letters';
  if (!KEY.test(key)) return 'a key is 2 to 60 lower-case letters, digits and dashes, starting with a letter';
  if (existingKeys.includes(key)) return 'there already is an automation with the key ' + key;
  return null;
}
