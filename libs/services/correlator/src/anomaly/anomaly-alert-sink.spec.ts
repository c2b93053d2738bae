import { parseAnomalyRules, FirstSeenEvaluator } from '@quell/anomaly';
import { AvroCodec, topicsFor } from '@quell/contracts';
import { valueBytes, type OutboundRecord } from '@quell/platform-kafka';
import type { EventBus } from '@quell/platform-kafka';
import { BusAlertSink } from './anomaly-alert-sink';
import { logon } from './test/history-event';

describe('BusAlertSink', () => {
  it('publishes anomaly alerts, explanation and details included, as Avro Alerts keyed by fingerprint', async () => {
    const published: OutboundRecord[] = [];
    const bus = { publish: async (records: OutboundRecord[]) => void published.push(...records) } as unknown as EventBus;
    const codec = new AvroCodec();
    const topics = topicsFor('');
    const { firstSeen } = parseAnomalyRules({ firstSeen: [{ name: 'user-on-host', entity: 'host', value: 'user' }] });
    const [alert] = await new FirstSeenEvaluator(firstSeen, { lastSeen: async () => new Map() }).evaluate([logon('2026-11-28T10:00:00Z', 'bob', 'web-1')]);

    await new BusAlertSink(bus, codec, topics.alerts).publish([alert]);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ topic: topics.alerts, key: alert.fingerprint });
    expect(codec.decode(valueBytes(published[0].value), 'Alert')).toEqual(alert);
  });
});
