import { ConfigError, loadConfig } from '@quell/platform-config';
import { InMemoryDocumentStore } from '@quell/platform-state';
import { incidentManagerConfigSchema } from '../config';
import { InboundReplayGuard } from './inbound-replay-guard';

const load = (env: Record<string, string>) => loadConfig(incidentManagerConfigSchema, { BUS: 'memory', ...env });

describe('InboundReplayGuard (the all-in-one’s in-memory store)', () => {
  it('claims a signature once per tenant and provider until its TTL ends; a release lets it be claimed again', async () => {
    let now = 1_000_000;
    const guard = new InboundReplayGuard(new InMemoryDocumentStore(() => now), 600_000);
    expect(await guard.claim('acme', 'pagerduty', 'ab12', now)).toBe(true);
    expect(await guard.claim('acme', 'pagerduty', 'AB12', now)).toBe(false);
    // Another tenant or provider is another delivery.
    expect(await guard.claim('globex', 'pagerduty', 'ab12', now)).toBe(true);
    expect(await guard.claim('acme', 'jira', 'ab12', now)).toBe(true);
    await guard.release('acme', 'jira', 'ab12');
    expect(await guard.claim('acme', 'jira', 'ab12', now)).toBe(true);
    now += 600_001;
    expect(await guard.claim('acme', 'pagerduty', 'ab12', now)).toBe(true);
  });

  it('remembers deliveries for 7 days unless configured; less than 10 minutes (inside the timestamp tolerance) stops the start, naming the key', () => {
    expect(load({}).INBOUND_REPLAY_TTL_MS).toBe(604_800_000);
    expect(() => load({ INBOUND_REPLAY_TTL_MS: '60000' })).toThrow(ConfigError);
    expect(() => load({ INBOUND_REPLAY_TTL_MS: '60000' })).toThrow(/INBOUND_REPLAY_TTL_MS/);
  });
});
