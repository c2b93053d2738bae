import { ConfigError } from '@quell/platform-config';
import { DEMO_API_KEYS, DEMO_INCIDENTS_API_KEYS, listenPlan } from './listen-plan';

describe('listenPlan', () => {
  it('listens on 127.0.0.1 only while the demo key is active, on 8080 and the next ports', () => {
    const plan = listenPlan({}, 7);
    expect(plan).toMatchObject({ host: '127.0.0.1', demoKey: true, firstUrl: 'http://127.0.0.1:8080' });
    expect(plan.ports).toEqual([8080, 8081, 8082, 8083, 8084, 8085, 8086]);
    expect(plan.env['INGEST_API_KEYS']).toBe(DEMO_API_KEYS);
    expect(plan.env['INCIDENTS_API_KEYS']).toBe(DEMO_INCIDENTS_API_KEYS);
  });

  it('follows HTTP_PORT for the first service and numbers the others after it', () => {
    expect(listenPlan({ HTTP_PORT: '9000' }, 3).ports).toEqual([9000, 9001, 9002]);
  });

  it('refuses a wider HTTP_HOST with the demo key, naming the key and what to do', () => {
    expect(() => listenPlan({ HTTP_HOST: '0.0.0.0' }, 7)).toThrow(ConfigError);
    expect(() => listenPlan({ HTTP_HOST: '0.0.0.0' }, 7)).toThrow(/HTTP_HOST: 0\.0\.0\.0 would expose the public demo key.*set INGEST_API_KEYS/);
    expect(listenPlan({ HTTP_HOST: '::1' }, 7).host).toBe('::1');
  });

  it('listens on every interface, or HTTP_HOST, once the operator sets their own keys', () => {
    const plan = listenPlan({ INGEST_API_KEYS: 'acme:k' }, 7);
    expect(plan).toMatchObject({ host: '0.0.0.0', demoKey: false, firstUrl: 'http://localhost:8080' });
    expect(plan.env['INGEST_API_KEYS']).toBe('acme:k');
    expect(plan.env['INCIDENTS_API_KEYS']).toBeUndefined();
    expect(listenPlan({ INGEST_API_KEYS: 'acme:k', HTTP_HOST: '10.0.0.5' }, 7).host).toBe('10.0.0.5');
  });

  it('refuses a first port that leaves no room for the others', () => {
    expect(() => listenPlan({ HTTP_PORT: '65533' }, 7)).toThrow(/HTTP_PORT: expected the first of 7 consecutive ports, an integer between 1 and 65529, got "65533"/);
    expect(() => listenPlan({ HTTP_PORT: 'eighty' }, 7)).toThrow(/HTTP_PORT/);
  });
});
