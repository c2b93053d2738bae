import { z } from 'zod';
import { baseServiceSchema } from './base-service.schema';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

const schema = baseServiceSchema({ serviceName: 'deduper', httpPort: 3005 });

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('names a missing required key', () => {
    const error = errorOf(() => loadConfig(schema, {}));
    expect(error.message).toBe('Invalid configuration: KAFKA_BROKERS: required when BUS=kafka');
    expect(error.retriable).toBe(false);
  });

  it('reports a missing plain required key as "required"', () => {
    const appSchema = schema.extend({ WEBHOOK_URL: z.url().describe('Where to post.') });
    const error = errorOf(() => loadConfig(appSchema, { BUS: 'memory' }));
    expect(error.issues).toEqual([{ key: 'WEBHOOK_URL', message: 'required' }]);
  });

  it('names a bad integer with its value', () => {
    const error = errorOf(() => loadConfig(schema, { BUS: 'memory', HTTP_PORT: 'abc' }));
    expect(error.message).toBe('Invalid configuration: HTTP_PORT: expected an integer between 1 and 65535, got "abc"');
  });

  it('rejects out-of-range and fractional integers', () => {
    expect(errorOf(() => loadConfig(schema, { BUS: 'memory', HTTP_PORT: '70000' })).issues[0].key).toBe('HTTP_PORT');
    expect(errorOf(() => loadConfig(schema, { BUS: 'memory', HTTP_PORT: '80.5' })).issues[0].key).toBe('HTTP_PORT');
  });

  it('bounds the consumer fetch linger, which defaults to the broker answering at the first byte', () => {
    expect(loadConfig(schema, { BUS: 'memory' })).toMatchObject({ KAFKA_FETCH_MIN_BYTES: 1, KAFKA_FETCH_MAX_WAIT_MS: 5_000 });
    expect(errorOf(() => loadConfig(schema, { BUS: 'memory', KAFKA_FETCH_MIN_BYTES: '0' })).issues[0].key).toBe('KAFKA_FETCH_MIN_BYTES');
    expect(errorOf(() => loadConfig(schema, { BUS: 'memory', KAFKA_FETCH_MAX_WAIT_MS: '5' })).issues[0].key).toBe('KAFKA_FETCH_MAX_WAIT_MS');
  });

  it('reports every bad key at once', () => {
    const error = errorOf(() =>
      loadConfig(schema, { HTTP_PORT: 'abc', LOG_LEVEL: 'loud', KAFKA_SSL: 'maybe', DELIVERY_MAX_ATTEMPTS: '0' }),
    );
    expect(error.issues.map((issue) => issue.key).sort()).toEqual(
      ['DELIVERY_MAX_ATTEMPTS', 'HTTP_PORT', 'KAFKA_BROKERS', 'KAFKA_SSL', 'LOG_LEVEL'].sort(),
    );
    expect(error.message).toContain('KAFKA_BROKERS: required when BUS=kafka');
    expect(error.message).toContain('HTTP_PORT: expected an integer between 1 and 65535, got "abc"');
    expect(error.message).toContain('LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"');
    expect(error.message).toContain('KAFKA_SSL: expected true or false, got "maybe"');
  });

  it('applies defaults, including the per-service ones', () => {
    const config = loadConfig(schema, { KAFKA_BROKERS: 'localhost:9092' });
    expect(config).toMatchObject({
      SERVICE_NAME: 'deduper',
      LOG_LEVEL: 'info',
      HTTP_PORT: 3005,
      BUS: 'kafka',
      KAFKA_CLIENT_ID: 'deduper',
      KAFKA_GROUP_PREFIX: 'quell',
      TOPIC_PREFIX: '',
      KAFKA_SSL: false,
      CLICKHOUSE_DATABASE: 'quell',
      CLICKHOUSE_DATA_DIR: '.quell-data/clickhouse',
      DELIVERY_MAX_ATTEMPTS: 5,
      DELIVERY_BACKOFF_MS: 200,
    });
    expect(config.CLICKHOUSE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('treats blank values as unset', () => {
    const config = loadConfig(schema, { BUS: 'memory', HTTP_PORT: '', LOG_LEVEL: '  ' });
    expect(config.HTTP_PORT).toBe(3005);
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('parses comma lists and booleans', () => {
    const config = loadConfig(schema, { KAFKA_BROKERS: ' a:9092, b:9092,,c:9092 ,', KAFKA_SSL: 'yes', HTTP_PORT: '8081' });
    expect(config.KAFKA_BROKERS).toEqual(['a:9092', 'b:9092', 'c:9092']);
    expect(config.KAFKA_SSL).toBe(true);
    expect(config.HTTP_PORT).toBe(8081);
  });

  it('does not require brokers for the in-memory bus', () => {
    expect(loadConfig(schema, { BUS: 'memory' }).KAFKA_BROKERS).toBeUndefined();
  });

  it('requires SASL username and password together', () => {
    const error = errorOf(() => loadConfig(schema, { KAFKA_BROKERS: 'a:1', KAFKA_SASL_USERNAME: 'svc' }));
    expect(error.issues).toEqual([
      { key: 'KAFKA_SASL_PASSWORD', message: 'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD must be set together' },
    ]);
  });

  it('keeps cross-key rules after an app extends the base schema', () => {
    const appSchema = schema.extend({ RULES_DIR: z.string().default('rules').describe('Rule files.') });
    const error = errorOf(() => loadConfig(appSchema, {}));
    expect(error.issues).toEqual([{ key: 'KAFKA_BROKERS', message: 'required when BUS=kafka' }]);
    expect(loadConfig(appSchema, { BUS: 'memory' }).RULES_DIR).toBe('rules');
  });
});
