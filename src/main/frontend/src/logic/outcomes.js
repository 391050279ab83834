// What became of a delivery, in the operator's words.

const WORDS = {
  waiting: 'waiting for the engine',
  started: 'started',
  reached: 'reached a waiting run',
  'no-listener': 'no diagram listens',
  ignored: 'ignored',
  duplicate: 'duplicate',
  refused: 'refused',
  failed: 'failed',
};

export const OUTCOMES = Object.keys(WORDS);

/** One line for the deliveries table: "started 2 runs", "no diagram listens", "refused: 401: token …". */
export function outcomeText(delivery) {
  const runs = delivery.runs || [];
  switch (delivery.outcome) {
    case 'started':
      return 'started ' + runs.length + (runs.length === 1 ? ' run' : ' runs');
    case 'refused':
    case 'ignored':
    case 'failed':
      return WORDS[delivery.outcome] + (delivery.reason ? ': ' + delivery.reason : '');
    default:
      return WORDS[delivery.outcome] || delivery.outcome;
  }
}
