import { ConfigError } from '@quell/platform-config';
import { DEMO_API_KEYS, DEMO_CHANGE_CALENDAR_API_KEYS, DEMO_INCIDENTS_API_KEYS, DEMO_RULES_API_KEYS, listenPlan } from './listen-plan';

describe('listenPlan', () => {
  it('listens on 127.0.0.1:8080 only while the demo key is active', () => {
    const plan = listenPlan({});
    expect(plan).toMatchObject({ host: '127.0.0.1', port: 8080, portKey: 'PORT', demoKey: true, url: 'http://127.0.0.1:8080' });
    expect(plan.env['INGEST_API_KEYS']).toBe(DEMO_API_KEYS);
    expect(plan.env['INCIDENTS_API_KEYS']).toBe(DEMO_INCIDENTS_API_KEYS);
    // The console signs in once with the demo key, so every API it reads takes it.
    expect(plan.env['CHANGE_CALENDAR_API_KEYS']).toBe(DEMO_CHANGE_CALENDAR_API_KEYS);
    expect(plan.env['RULES_API_KEYS']).toBe(DEMO_RULES_API_KEYS);
  });

  it('keeps the keys an operator set for one API beside the demo key on the others', () => {
    const plan = listenPlan({ RULES_API_KEYS: 'ops:secret' });
    expect(plan.env['RULES_API_KEYS']).toBe('ops:secret');
    expect(plan.env['CHANGE_CALENDAR_API_KEYS']).toBe(DEMO_CHANGE_CALENDAR_API_KEYS);
  });

  it('links notifications to its own console on PORT unless NOTIFY_INCIDENT_URL_TEMPLATE is set', () => {
    expect(listenPlan({ PORT: '18082' }).env['NOTIFY_INCIDENT_URL_TEMPLATE']).toBe('http://127.0.0.1:18082/');
    expect(listenPlan({ PORT: '18082', NOTIFY_INCIDENT_URL_TEMPLATE: 'https://quell.example/' }).env['NOTIFY_INCIDENT_URL_TEMPLATE']).toBe('https://quell.example/');
  });

  it('follows PORT, else HTTP_PORT, and names the one it used', () => {
    expect(listenPlan({ PORT: '9000', HTTP_PORT: '9100' })).toMatchObject({ port: 9000, portKey: 'PORT' });
    expect(listenPlan({ HTTP_PORT: '9100' })).toMatchObject({ port: 9100, portKey: 'HTTP_PORT' });
  });

  it('refuses a wider HTTP_HOST with the demo key, naming the key and what to do', () => {
    expect(() => listenPlan({ HTTP_HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => listenPlan({ HTTP_HOST: '0.0.0.0' })).toThrow(/HTTP_HOST: 0\.0\.0\.0 would expose the public demo key.*set INGEST_API_KEYS/);
    expect(listenPlan({ HTTP_HOST: '::1' }).url).toBe('http://[::1]:8080');
  });

  it('listens on every interface, or HTTP_HOST, once the operator sets their own keys', () => {
    const plan = listenPlan({ INGEST_API_KEYS: 'acme:k' });
    expect(plan).toMatchObject({ host: '0.0.0.0', demoKey: false, url: 'http://localhost:8080' });
    expect(plan.env['INGEST_API_KEYS']).toBe('acme:k');
    expect(plan.env['INCIDENTS_API_KEYS']).toBeUndefined();
    expect(plan.env['RULES_API_KEYS']).toBeUndefined();
    expect(listenPlan({ INGEST_API_KEYS: 'acme:k', HTTP_HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
  });

  it('refuses a port that is not one, naming the key', () => {
    expect(() => listenPlan({ PORT: '70000' })).toThrow(/PORT: expected a port, an integer between 1 and 65535, got "70000"/);
    expect(() => listenPlan({ HTTP_PORT: 'eighty' })).toThrow(/HTTP_PORT/);
  });
});
