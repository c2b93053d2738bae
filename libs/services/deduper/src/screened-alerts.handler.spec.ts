import { AvroCodec, topicsFor, type Alert } from '@quell/contracts';
import type { EncodableValue, InboundRecord } from '@quell/platform-kafka';
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

describe('ScreenedAlertsHandler', () => {
  it('marks each alert of a batch, in order, with its fingerprint\'s count and first sighting, and a redelivered batch the same way', async () => {
    const handler = new ScreenedAlertsHandler(new AvroCodec(), topicsFor('t.'), new InMemoryDocumentStore(), { DEDUP_WINDOW_MS: 60_000 } as DeduperConfig);
    const batch = records([alert('a1', 'fp-1', 1000), alert('a2', 'fp-2', 1500), alert('a3', 'fp-1', 2000)]);
    const dedupOf = async () =>
      (await handler.handle(batch)).map((record) => {
        const value = (record.value as EncodableValue).object as Alert;
        return [record.topic, record.key, value.id, value.dedup];
      });
    const expected = [
      ['t.quell.alerts.unique.v1', 'fp-1', 'a1', { count: 1, firstSeen: 1000 }],
      ['t.quell.alerts.unique.v1', 'fp-2', 'a2', { count: 1, firstSeen: 1500 }],
      ['t.quell.alerts.unique.v1', 'fp-1', 'a3', { count: 2, firstSeen: 1000 }],
    ];
    expect(await dedupOf()).toEqual(expected);
    expect(await dedupOf()).toEqual(expected.map((row) => (row[1] === 'fp-1' ? [...row.slice(0, 3), { count: 2, firstSeen: 1000 }] : row)));
  });
});
