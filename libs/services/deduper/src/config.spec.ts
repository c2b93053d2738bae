import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@quell/platform-config';
import { deduperConfigSchema } from './config';
import { fingerprintPolicyOf } from './fingerprint-policy-config';

describe('deduper config', () => {
  it('reads the fingerprint policy from a YAML file', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'dedup-config-')), 'fingerprints.yaml');
    writeFileSync(file, 'kinds:\n  anomaly:\n    fields: [rule.id, entity.host]\ndefault:\n  ignore: [entity.ip]\n');
    const config = loadConfig(deduperConfigSchema, { KAFKA_BROKERS: 'localhost:9092', DEDUP_FINGERPRINTS_FILE: file });
    expect(fingerprintPolicyOf(config)).toEqual({ kinds: { anomaly: { fields: ['rule.id', 'entity.host'], ignore: [] } }, rules: {}, default: { ignore: ['entity.ip'] } });
  });

  it('refuses a bad policy at start, naming the key and the place inside it', () => {
    expect(() => loadConfig(deduperConfigSchema, { DEDUP_FINGERPRINTS: '{"rules": {"r1": {"fields": ["rule.name"]}}}' })).toThrow(
      /DEDUP_FINGERPRINTS.*rules\.r1\.fields\.0/s,
    );
    expect(() => loadConfig(deduperConfigSchema, { DEDUP_FINGERPRINTS_FILE: '/nonexistent/fingerprints.yaml' })).toThrow(/DEDUP_FINGERPRINTS_FILE.*cannot read/s);
    expect(() => loadConfig(deduperConfigSchema, { DEDUP_FLAP_RETURNS: '-1' })).toThrow(/DEDUP_FLAP_RETURNS/);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'dedup-config-')), 'fingerprints.json');
    writeFileSync(file, '{}');
    expect(() => loadConfig(deduperConfigSchema, { KAFKA_BROKERS: 'localhost:9092', DEDUP_FINGERPRINTS: '{}', DEDUP_FINGERPRINTS_FILE: file })).toThrow(
      /DEDUP_FINGERPRINTS_FILE: set either DEDUP_FINGERPRINTS or DEDUP_FINGERPRINTS_FILE, not both/,
    );
    expect(() => loadConfig(deduperConfigSchema, { KAFKA_BROKERS: 'localhost:9092', BATCH_MAX_RECORDS: '5000' })).toThrow(/BATCH_MAX_RECORDS: must be at most 1000/);
  });
});
