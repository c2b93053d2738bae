import { AvroCodec, topicsFor, type EncodableRecord, type RawEvent } from '@quell/contracts';
import type { InboundRecord } from '@quell/platform-kafka';
import { createLogger } from '@quell/platform-observability';
import { AssetEnrichmentService } from './assets/asset-enrichment.service';
import type { NormalizerConfig } from './config';
import { RawEventsHandler } from './raw-events.handler';
import { NormalizePool } from './workers/normalize-pool';

const logger = createLogger({ service: 'normalizer-spec', level: 'silent' });

/** An ASA command executed on fw-01 (fixtures/config-change/cisco-asa.jsonl): a config_change. */
const ASA_COMMAND = "<165>Dec 02 2026 01:30:12 fw-01 : %ASA-5-111008: User 'netadmin' executed the 'access-list outside_in extended permit tcp any host 10.1.1.10 eq 443' command.";

const WINDOWS_LOGON_FAILURE = '{"EventID":4625,"Channel":"Security","Computer":"dc01","TargetUserName":"admin","IpAddress":"203.0.113.7"}';

function raw(id: string, text: string): RawEvent {
  return { id, tenant: 'acme', receivedAt: Date.UTC(2026, 11, 2), source: { type: 'kafka', name: 'shipper', host: null }, format: null, contentType: 'application/octet-stream', payload: Buffer.from(text), attributes: {} };
}

describe('RawEventsHandler', () => {
  const codec = new AvroCodec();
  const topics = topicsFor('t.');
  const pool = new NormalizePool(0, logger);
  const handler = new RawEventsHandler(codec, topics, new AssetEnrichmentService({} as NormalizerConfig, logger), pool);
  const records = (raws: RawEvent[]) => raws.map((value, offset) => ({ topic: topics.raw, partition: 0, offset: String(offset), key: null, value }) as unknown as InboundRecord<RawEvent>);

  afterAll(() => pool.close());

  it('publishes every event to the events topic, and a config change to the config-changes topic as well, with the same key and bytes', async () => {
    const out = await handler.handle(records([raw('r-1', ASA_COMMAND), raw('r-2', WINDOWS_LOGON_FAILURE)]));
    expect(out.map((o) => o.topic)).toEqual([topics.events, topics.configChanges, topics.events]);
    const [event, copy] = out;
    expect(copy.key).toBe(event.key);
    // One encodable: the Event is encoded once for both topics.
    expect(copy.value).toBe(event.value);
    const encodable = event.value as EncodableRecord<'Event'>;
    expect(encodable.decode(encodable.encode())).toMatchObject({ className: 'config_change', host: { name: 'fw-01' } });
    expect((out[2].value as EncodableRecord<'Event'>).object.className).toBe('authentication');
  });
});
