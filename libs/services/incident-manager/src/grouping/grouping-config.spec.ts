import { ConfigError, loadConfig } from '@quell/platform-config';
import { incidentManagerConfigSchema } from '../config';

const load = (env: Record<string, string>) => loadConfig(incidentManagerConfigSchema, { BUS: 'memory', ...env });

describe('incident-manager grouping configuration', () => {
  it('groups by host, user, ip and service within an hour unless told otherwise', () => {
    expect(load({})).toMatchObject({ INCIDENT_GROUPING_WINDOW_MS: 3_600_000, INCIDENT_GROUPING_ENTITY_TYPES: ['host', 'user', 'ip', 'service'], INCIDENT_GROUPING_TENANTS: {} });
  });

  it('reads the per-tenant overrides', () => {
    const config = load({ INCIDENT_GROUPING_ENTITY_TYPES: 'host, user', INCIDENT_GROUPING_TENANTS: 'acme.windowMs=7200000, acme.entityTypes=host+ip, globex.windowMs=600000' });
    expect(config.INCIDENT_GROUPING_ENTITY_TYPES).toEqual(['host', 'user']);
    expect(config.INCIDENT_GROUPING_TENANTS).toEqual({ acme: { windowMs: 7_200_000, entityTypes: ['host', 'ip'] }, globex: { windowMs: 600_000 } });
  });

  it.each([
    ['INCIDENT_GROUPING_WINDOW_MS', '10', /INCIDENT_GROUPING_WINDOW_MS: expected an integer between 60000/],
    ['INCIDENT_GROUPING_ENTITY_TYPES', 'Host', /INCIDENT_GROUPING_ENTITY_TYPES/],
    ['INCIDENT_GROUPING_TENANTS', 'acme.window=5', /INCIDENT_GROUPING_TENANTS: "acme.window=5": expected <tenant>.windowMs=<ms>/],
    ['INCIDENT_GROUPING_TENANTS', 'acme.windowMs=5', /INCIDENT_GROUPING_TENANTS: "acme.windowMs=5": windowMs must be an integer between 60000/],
  ])('refuses a bad %s at start-up, naming the key', (key, value, message) => {
    expect(() => load({ [key]: value })).toThrow(ConfigError);
    expect(() => load({ [key]: value })).toThrow(message);
  });
});
