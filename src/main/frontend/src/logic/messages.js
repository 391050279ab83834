// Triggers: a diagram starts on the BPMN message <source>.<event>.

/** Every Mastodon admin webhook event (Mastodon sends them with a colon-free dotted name). */
export const MASTODON_EVENTS = ['account.approved', 'account.created', 'account.updated', 'report.created',
  'report.updated', 'status.created', 'status.updated'];

/** Events the other built-in senders deliver, as the inbox names them. */
export const KNOWN_EVENTS = {
  mastodon: MASTODON_EVENTS,
  patreon: ['members.create', 'members.update', 'members.delete', 'members.pledge.create', 'members.pledge.update',
    'members.pledge.delete'],
  kofi: ['donation', 'subscription', 'commission', 'shop-order'],
};

export function messageName(source, event) {
  return source && event ? source + '.' + event : '';
}

/** "mastodon.report.created" → {source: "mastodon", event: "report.created"}, given the known sources. */
export function splitMessage(name, sources) {
  if (!name) return { source: '', event: '' };
  const source = [...sources].sort((a, b) => b.length - a.length).find((s) => name.startsWith(s + '.'));
  if (source) return { source, event: name.slice(source.length + 1) };
  const dot = name.indexOf('.');
  return dot < 0 ? { source: name, event: '' } : { source: name.slice(0, dot), event: name.slice(dot + 1) };
}
