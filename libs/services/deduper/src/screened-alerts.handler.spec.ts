import { AvroCodec, topicsFor, type Alert } from '@quell/contracts';
import { fingerprintPolicySchema } from '@quell/dedup';
import type { EncodableValue, InboundRecord, OutboundRecord } from '@quell/platform-kafka';
import { InMemoryDocumentStore } from '@quell/platform-state';
import type { DeduperConfig } from './config';
import { ScreenedAlertsHandler } from './screened-alerts.handler';

function alert(id: string, fingerprint: string, lastSeen: number): Alert {
  return {
    id, tenant: 'acme', rule: { id: 'r1', title: 'Failed authentication', version: '1', level: 'medium', author: 'Quell', tags: [] },
    kind: 'detection', entities: [{ type: 'host', value: 'web-1' }], fingerprint, firstSeen: lastSeen, lastSeen,
    eventCount: 1, sampleEventIds: [], tactics: [], techniques: [], killChainPhase: null, explanation: null, details: {},
    suppression: { state: 'none', changeId: null, reason: null }, dedup: null,
  };
}

const records = (alerts: Alert[]): InboundRecord<Alert>[] =>
  alerts.map((value, i) => ({ topic: 'screened', partition: 0, offset: String(i), key: value.fingerprint, value, headers: {}, timestamp: 0 }));

const config = { DEDUP_WINDOW_MS: 60_000, DEDUP_FLAP_RETURNS: 3, DEDUP_FLAP_WINDOW_MS: 3_600_000 } as DeduperConfig;

function published(outputs: OutboundRecord[]) {
  return outputs.map((record) => {
    const value = (record.value as EncodableValue).object as Alert;
    return [record.topic, record.key, value.id, value.lastSeen, value.dedup];
  });
}

describe('ScreenedAlertsHandler', () => {
  it('publishes a new alert in its own batch and a batch\'s repeats as one update of the first alert; a redelivered batch the same way', async () => {
    const handler = new ScreenedAlertsHandler(new AvroCodec(), topicsFor('t.'), new InMemoryDocumentStore(), config);
    const batch = records([alert('a1', 'fp-1', 1000), alert('a2', 'fp-2', 1500), alert('a3', 'fp-1', 2000), alert('a4', 'fp-1', 2500)]);
    const expected = [
      ['t.quell.alerts.unique.v1', 'fp-1', 'a1', 2500, { count: 3, firstSeen: 1000 }],
      ['t.quell.alerts.unique.v1', 'fp-2', 'a2', 1500, { count: 1, firstSeen: 1500 }],
    ];
    expect(published(await handler.handle(batch))).toEqual(expected);
    expect(published(await handler.handle(batch))).toEqual(expected);
    expect(published(await handler.handle(records([alert('a5', 'fp-1', 3000)])))).toEqual([
      ['t.quell.alerts.unique.v1', 'fp-1', 'a1', 3000, { count: 4, firstSeen: 1000 }],
    ]);
  });

  it('deduplicates on the configured fingerprint, ignoring a volatile entity', async () => {
    const policy = fingerprintPolicySchema.parse({ default: { ignore: ['entity.ip'] } });
    const handler = new ScreenedAlertsHandler(new AvroCodec(), topicsFor('t.'), new InMemoryDocumentStore(), { ...config, DEDUP_FINGERPRINTS: policy });
    const withIp = (id: string, ip: string) => ({ ...alert(id, `producer-${ip}`, 1000), entities: [{ type: 'host', value: 'web-1' }, { type: 'ip', value: ip }] });
    const outputs = published(await handler.handle(records([withIp('a1', '10.0.0.1'), withIp('a2', '10.0.0.2')])));
    expect(outputs).toHaveLength(1);
    expect(outputs[0][2]).toBe('a1');
    expect(outputs[0][4]).toEqual({ count: 2, firstSeen: 1000 });
  });

  it('publishes a fingerprint that keeps clearing and returning as one alert marked flapping, once per flapping episode', async () => {
    const handler = new ScreenedAlertsHandler(new AvroCodec(), topicsFor('t.'), new InMemoryDocumentStore(), { ...config, DEDUP_FLAP_RETURNS: 2 });
    const flapping: string[] = [];
    const ids: string[] = [];
    // Each occurrence two windows after the last: the window has cleared every time.
    for (let i = 0; i < 8; i += 1) {
      const [record] = await handler.handle(records([alert(`a${i}`, 'fp-1', i * 120_000)]));
      const value = (record.value as EncodableValue).object as Alert;
      ids.push(value.id);
      if (value.details['dedup.flapping'] === 'true') flapping.push(value.id);
    }
    expect(ids).toEqual(['a0', 'a1', 'a2', 'a3', 'a3', 'a3', 'a3', 'a3']);
    expect(flapping).toEqual(['a3', 'a3', 'a3', 'a3', 'a3']);
  });
});
