import type { Alert } from '@quell/contracts';
import { dedupFingerprintOf, fingerprintPolicySchema, NO_FINGERPRINT_POLICY } from './fingerprint-policy';

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'a1', tenant: 'acme', rule: { id: 'r1', title: 'Port scan', version: null, level: 'medium', author: null, tags: [] },
    kind: 'detection', entities: [{ type: 'host', value: 'web-1' }, { type: 'ip', value: '10.0.0.7' }], fingerprint: 'producer-fp',
    firstSeen: 0, lastSeen: 0, eventCount: 1, sampleEventIds: [], tactics: [], techniques: [], killChainPhase: null,
    explanation: null, details: { 'scan.port': '22' }, suppression: { state: 'none', changeId: null, reason: null }, dedup: null,
    ...overrides,
  };
}

describe('dedupFingerprintOf', () => {
  it('keeps the producer\'s fingerprint (rule id plus entity keys) when no spec applies', () => {
    expect(dedupFingerprintOf(alert(), NO_FINGERPRINT_POLICY)).toBe('producer-fp');
  });

  it('ignores a volatile entity type, so alerts differing only in it share a fingerprint', () => {
    const policy = fingerprintPolicySchema.parse({ default: { ignore: ['entity.ip'] } });
    const a = dedupFingerprintOf(alert(), policy);
    expect(dedupFingerprintOf(alert({ entities: [{ type: 'ip', value: '10.9.9.9' }, { type: 'host', value: 'web-1' }] }), policy)).toBe(a);
    expect(dedupFingerprintOf(alert({ entities: [{ type: 'host', value: 'web-2' }] }), policy)).not.toBe(a);
    expect(dedupFingerprintOf(alert({ tenant: 'globex' }), policy)).not.toBe(a);
  });

  it('takes a rule\'s spec over its kind\'s over the default', () => {
    const policy = fingerprintPolicySchema.parse({
      default: { fields: ['rule.id', 'entities'] },
      kinds: { detection: { fields: ['rule.id', 'entity.host'] } },
      rules: { r2: { fields: ['rule.id', 'details.scan.port'] } },
    });
    const byHost = dedupFingerprintOf(alert(), policy);
    expect(dedupFingerprintOf(alert({ entities: [{ type: 'host', value: 'web-1' }] }), policy)).toBe(byHost);
    const r2 = (port: string, host: string) =>
      dedupFingerprintOf(alert({ rule: { ...alert().rule, id: 'r2' }, details: { 'scan.port': port }, entities: [{ type: 'host', value: host }] }), policy);
    expect(r2('22', 'a')).toBe(r2('22', 'b'));
    expect(r2('22', 'a')).not.toBe(r2('23', 'a'));
    expect(dedupFingerprintOf(alert({ kind: 'anomaly' }), policy)).not.toBe(byHost);
  });

  it('refuses an unknown field or key, naming where it is', () => {
    const bad = fingerprintPolicySchema.safeParse({ rules: { r1: { fields: ['rule.id', 'entity.'] } }, defaults: {} });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['rules.r1.fields.1', '']));
    expect(JSON.stringify(bad.error?.issues)).toContain('defaults');
  });
});
