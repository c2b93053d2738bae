import { ConfigError, loadConfig } from '@quell/platform-config';
import { ingestConfigSchema } from './config';

const kafka = { BUS: 'kafka', KAFKA_BROKERS: 'broker:9092', INGEST_API_KEYS: 'acme:key' };

describe('ingest configuration', () => {
  it('refuses an event size the Kafka producer bound cannot carry through the pipeline, naming the key', () => {
    expect(() => loadConfig(ingestConfigSchema, { ...kafka, INGEST_MAX_EVENT_BYTES: '524288' })).toThrow(ConfigError);
    expect(() => loadConfig(ingestConfigSchema, { ...kafka, INGEST_MAX_EVENT_BYTES: '524288' })).toThrow(
      /INGEST_MAX_EVENT_BYTES: must not exceed a third of KAFKA_MAX_REQUEST_BYTES/,
    );
  });

  it('accepts the defaults, a larger event with a larger bound, and any size over the in-process bus', () => {
    expect(loadConfig(ingestConfigSchema, kafka).INGEST_MAX_EVENT_BYTES).toBe(262_144);
    expect(loadConfig(ingestConfigSchema, { ...kafka, INGEST_MAX_EVENT_BYTES: '524288', KAFKA_MAX_REQUEST_BYTES: '1600000' }).INGEST_MAX_EVENT_BYTES).toBe(524_288);
    expect(loadConfig(ingestConfigSchema, { BUS: 'memory', INGEST_API_KEYS: 'acme:key', INGEST_MAX_EVENT_BYTES: '2097152' }).INGEST_MAX_EVENT_BYTES).toBe(2_097_152);
  });

  it('bounds the wait for room in a full pipeline (default 2 s, 0 answers at once), naming the key when out of range', () => {
    const memory = { BUS: 'memory', INGEST_API_KEYS: 'acme:key' };
    expect(loadConfig(ingestConfigSchema, memory).INGEST_BACKPRESSURE_WAIT_MS).toBe(2_000);
    expect(loadConfig(ingestConfigSchema, { ...memory, INGEST_BACKPRESSURE_WAIT_MS: '0' }).INGEST_BACKPRESSURE_WAIT_MS).toBe(0);
    expect(() => loadConfig(ingestConfigSchema, { ...memory, INGEST_BACKPRESSURE_WAIT_MS: '120000' })).toThrow(/INGEST_BACKPRESSURE_WAIT_MS/);
    expect(() => loadConfig(ingestConfigSchema, { ...memory, INGEST_BACKPRESSURE_WAIT_MS: 'soon' })).toThrow(/INGEST_BACKPRESSURE_WAIT_MS/);
  });
});
