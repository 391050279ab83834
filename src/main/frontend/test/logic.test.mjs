import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BpmnModdle } from 'bpmn-moddle';
import { keyFromName, keyProblem } from '../src/logic/keys.js';
import { outcomeText } from '../src/logic/outcomes.js';
import { splitMessage, messageName } from '../src/logic/messages.js';
import { jsonPaths, earlierOutputs } from '../src/logic/variables.js';
import { describe, diffElements } from '../src/logic/elementDiff.js';

test('a key is derived from the name: lower case, dashes, no leading digits or accents', () => {
  assert.equal(keyFromName('Uptime Kuma: monitor down → Slack'), 'uptime-kuma-monitor-down-slack');
  assert.equal(keyFromName('  2 Café reports!! '), 'cafe-reports');
  assert.equal(keyFromName('x'.repeat(80)).length, 60);
});

test('a key is refused when empty, malformed or taken', () => {
  assert.match(keyProblem('', []), /name/);
  assert.match(keyProblem('a', []), /2 to 60/);
  assert.match(keyProblem('backup', ['backup']), /already/);
  assert.equal(keyProblem('daily-signups', ['backup']), null);
});

test('outcomes read as the operator expects', () => {
  assert.equal(outcomeText({ outcome: 'started', runs: ['a', 'b'] }), 'started 2 runs');
  assert.equal(outcomeText({ outcome: 'started', runs: ['a'] }), 'started 1 run');
  assert.equal(outcomeText({ outcome: 'no-listener', runs: [] }), 'no diagram listens');
  assert.equal(outcomeText({ outcome: 'refused', reason: '401: bad token', runs: [] }), 'refused: 401: bad token');
});

test('a message name splits at the longest known source', () => {
  assert.deepEqual(splitMessage('mastodon.report.created', ['mastodon', 'slack']), { source: 'mastodon', event: 'report.created' });
  assert.deepEqual(splitMessage('uptime-kuma.0', ['mastodon']), { source: 'uptime-kuma', event: '0' });
  assert.equal(messageName('uptime-kuma', '0'), 'uptime-kuma.0');
  assert.equal(messageName('uptime-kuma', ''), '');
});

test('payload paths list nested object fields that expressions can reach', () => {
  assert.deepEqual(jsonPaths({ monitor: { name: 'web', url: 'x' }, msg: 'down', 'not-a-name': 1 }),
    ['payload.monitor', 'payload.monitor.name', 'payload.monitor.url', 'payload.msg']);
  assert.deepEqual(jsonPaths(null), []);
});

test('the outputs before a step are those of the steps it can be reached from', () => {
  const a = { id: 'a', incoming: [] };
  const b = { id: 'b', incoming: [{ sourceRef: a }] };
  const c = { id: 'c', incoming: [{ sourceRef: b }] };
  const out = { a: 'report', b: 'posted', c: 'never' };
  assert.deepEqual(earlierOutputs(c, (el) => out[el.id]), ['report', 'posted']);
});

const flowable = { name: 'Flowable', prefix: 'flowable', uri: 'http://flowable.org/bpmn', xml: { tagAlias: 'lowerCase' },
  types: [{ name: 'Field', superClass: ['Element'], meta: { allowedIn: ['*'] }, properties: [
    { name: 'name', isAttr: true, type: 'String' }, { name: 'stringValue', isAttr: true, type: 'String' },
    { name: 'expression', isAttr: true, type: 'String' }] }] };

const diagram = (text, condition) => `<?xml version="1.0"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" targetNamespace="t">
  <process id="p"><startEvent id="start"/><sequenceFlow id="f1" sourceRef="start" targetRef="post"/>
    <serviceTask id="post" name="Post"><extensionElements><flowable:field name="text" expression="${text}"/></extensionElements></serviceTask>
    <sequenceFlow id="f2" sourceRef="post" targetRef="end">${condition ? '<conditionExpression xsi:type="tFormalExpression">' + condition + '</conditionExpression>' : ''}</sequenceFlow>
    <endEvent id="end"/></process></definitions>`;

test('differences between versions are listed per element and field', async () => {
  const moddle = new BpmnModdle({ flowable });
  const before = describe((await moddle.fromXML(diagram('Down: ${payload.msg}'))).rootElement);
  const after = describe((await moddle.fromXML(diagram('Monitor down: ${payload.msg}', '${ok}'))).rootElement);
  const diff = diffElements(before, after);
  assert.deepEqual(diff.added, []);
  assert.deepEqual(diff.removed, []);
  assert.deepEqual(diff.changed.map((c) => [c.id, c.changes.map((x) => x.field)]).sort(),
    [['f2', ['condition']], ['post', ['field text']]]);
  const removed = diffElements(before, {});
  assert.equal(removed.removed.length, 5);
});
