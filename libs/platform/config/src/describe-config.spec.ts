import { z } from 'zod';
import { baseServiceSchema } from './base-service.schema';
import { describeConfig, SECRET_KEYS, secretKeys } from './describe-config';
import { secret } from './schema-helpers';

const schema = baseServiceSchema({ serviceName: 'notifier', httpPort: 3007 });

describe('describeConfig', () => {
  it('gives every shared key a description', () => {
    const rows = describeConfig(schema);
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) expect(row.description).not.toBe('');
  });

  it('reports defaults, requiredness and secrecy per key', () => {
    const rows = Object.fromEntries(describeConfig(schema).map((row) => [row.key, row]));
    expect(rows.HTTP_PORT).toMatchObject({ required: false, default: 3007, secret: false });
    expect(rows.LOG_LEVEL).toMatchObject({ default: 'info' });
    expect(rows.KAFKA_SASL_PASSWORD).toMatchObject({ required: false, default: undefined, secret: true });
    expect(rows.CLICKHOUSE_URL.description).toMatch(/embedded engine/);
  });

  it('marks app keys without a default as required', () => {
    const appSchema = schema.extend({ PAGER_TOKEN: secret().describe('PagerDuty routing key.') });
    const row = describeConfig(appSchema).find((info) => info.key === 'PAGER_TOKEN');
    expect(row).toEqual({ key: 'PAGER_TOKEN', required: true, default: undefined, description: 'PagerDuty routing key.', secret: true });
  });
});

describe('secretKeys', () => {
  it('lists the shared secrets', () => {
    expect([...SECRET_KEYS].sort()).toEqual(['CLICKHOUSE_PASSWORD', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_USERNAME']);
  });

  it('includes secrets an app adds', () => {
    const appSchema = schema.extend({ SLACK_WEBHOOK_SECRET: secret().optional().describe('Signing secret.'), OTHER: z.string().optional() });
    expect(secretKeys(appSchema)).toContain('SLACK_WEBHOOK_SECRET');
    expect(secretKeys(appSchema)).not.toContain('OTHER');
  });
});
