import { ConfigError, loadConfig } from '@quell/platform-config';
import { incidentManagerConfigSchema } from '../config';
import { StreamConnectionLimit } from './stream-connection-limit';

const load = (env: Record<string, string>) => loadConfig(incidentManagerConfigSchema, { BUS: 'memory', ...env });

describe('StreamConnectionLimit', () => {
  it('holds each tenant to its cap, and a release (once, however often called) makes room again', () => {
    const limit = new StreamConnectionLimit(2);
    const first = limit.acquire('acme');
    expect(limit.acquire('acme')).not.toBeNull();
    expect(limit.acquire('acme')).toBeNull();
    // Another tenant has its own count.
    expect(limit.acquire('globex')).not.toBeNull();
    first!();
    first!();
    expect(limit.count('acme')).toBe(1);
    expect(limit.acquire('acme')).not.toBeNull();
    expect(limit.acquire('acme')).toBeNull();
  });

  it('is 50 streams per tenant unless configured; a cap below 1 stops the start, naming the key', () => {
    expect(load({}).INCIDENT_STREAM_MAX_CONNECTIONS_PER_TENANT).toBe(50);
    expect(load({ INCIDENT_STREAM_MAX_CONNECTIONS_PER_TENANT: '5' }).INCIDENT_STREAM_MAX_CONNECTIONS_PER_TENANT).toBe(5);
    expect(() => load({ INCIDENT_STREAM_MAX_CONNECTIONS_PER_TENANT: '0' })).toThrow(ConfigError);
    expect(() => load({ INCIDENT_STREAM_MAX_CONNECTIONS_PER_TENANT: 'many' })).toThrow(/INCIDENT_STREAM_MAX_CONNECTIONS_PER_TENANT/);
  });
});
