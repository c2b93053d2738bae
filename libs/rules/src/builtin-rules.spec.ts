import { emptyEventParts, type Event } from '@quell/contracts';
import { evaluateBuiltinRules, fingerprintOf } from './builtin-rules';

function event(overrides: Partial<Event>): Event {
  return {
    ...emptyEventParts(),
    id: 'e1', tenant: 'acme', time: 1000, ingestTime: 1001, source: { type: 'http', name: 't' },
    className: 'authentication', classUid: 3002, action: 'logon', outcome: 'failure', severity: 0,
    host: { name: 'web-1', ip: null }, user: { name: 'bob', domain: null }, src: null, dst: null, process: null,
    service: null, message: null, tags: [], original: {}, rawText: null, attackTechniques: [], late: false, parseWarnings: [],
    ...overrides,
  };
}

describe('built-in failed-authentication rule', () => {
  it('raises an alert crediting the rule, with entities and a fingerprint', () => {
    const [alert] = evaluateBuiltinRules(event({}));
    expect(alert).toMatchObject({
      tenant: 'acme',
      kind: 'detection',
      rule: { id: 'quell.builtin.failed-authentication', author: 'Quell', level: 'medium' },
      entities: [{ type: 'host', value: 'web-1' }, { type: 'user', value: 'bob' }],
      sampleEventIds: ['e1'],
      techniques: ['T1110'],
    });
  });

  it('ignores successes and other classes', () => {
    expect(evaluateBuiltinRules(event({ outcome: 'success' }))).toEqual([]);
    expect(evaluateBuiltinRules(event({ className: 'process' }))).toEqual([]);
  });

  it('repeats the same alert id for the same event, and the same fingerprint for the same entities', () => {
    expect(evaluateBuiltinRules(event({}))[0].id).toBe(evaluateBuiltinRules(event({}))[0].id);
    const other = evaluateBuiltinRules(event({ id: 'e2' }))[0];
    expect(other.id).not.toBe(evaluateBuiltinRules(event({}))[0].id);
    expect(other.fingerprint).toBe(evaluateBuiltinRules(event({}))[0].fingerprint);
    expect(fingerprintOf('acme', 'r', [{ type: 'user', value: 'b' }, { type: 'host', value: 'h' }])).toBe(
      fingerprintOf('acme', 'r', [{ type: 'host', value: 'h' }, { type: 'user', value: 'b' }]),
    );
  });
});
