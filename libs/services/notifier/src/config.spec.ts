import { ConfigError, loadConfig } from '@quell/platform-config';
import { notifierConfigSchema } from './config';

function issuesOf(env: Record<string, string>): ConfigError['issues'] {
  try {
    loadConfig(notifierConfigSchema, { BUS: 'memory', ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('notifier configuration', () => {
  it('retries a failed webhook at 30 s, 2 min and 10 min by default, on timers leased for a minute', () => {
    const config = loadConfig(notifierConfigSchema, { BUS: 'memory' });
    expect(config.NOTIFY_RETRY_DELAYS_MS).toEqual([30_000, 120_000, 600_000]);
    expect(config).toMatchObject({ TIMER_LEASE_MS: 60_000, TIMER_MAX_IDLE_MS: 5_000, TIMER_MAX_PER_TENANT: 100_000 });
    expect(loadConfig(notifierConfigSchema, { BUS: 'memory', NOTIFY_RETRY_DELAYS_MS: '1000, 5000,' }).NOTIFY_RETRY_DELAYS_MS).toEqual([1_000, 5_000]);
  });

  it('names a delay list that is not whole milliseconds', () => {
    expect(issuesOf({ NOTIFY_RETRY_DELAYS_MS: '30s,2m' })).toEqual([
      { key: 'NOTIFY_RETRY_DELAYS_MS', message: 'expected up to 20 comma-separated delays in ms (0 to 86400000), got "30s,2m"' },
    ]);
  });

  it('waits out a rate-limited channel without spending attempts for an hour by default; a negative deadline is named', () => {
    expect(loadConfig(notifierConfigSchema, { BUS: 'memory' }).NOTIFY_RATE_LIMITED_DEADLINE_MS).toBe(3_600_000);
    expect(issuesOf({ NOTIFY_RATE_LIMITED_DEADLINE_MS: '-1' }).map((issue) => issue.key)).toEqual(['NOTIFY_RATE_LIMITED_DEADLINE_MS']);
  });

  it('refuses a timer lease no longer than a webhook call', () => {
    expect(issuesOf({ NOTIFY_TIMEOUT_MS: '10000', TIMER_LEASE_MS: '10000' })).toEqual([
      { key: 'TIMER_LEASE_MS', message: 'must exceed NOTIFY_TIMEOUT_MS (a retry still running would fire again elsewhere)' },
    ]);
  });

  it('refuses a delivery log that forgets transitions young enough to be notified', () => {
    expect(issuesOf({ NOTIFY_MAX_TRANSITION_AGE_MS: '86400000', NOTIFY_DELIVERY_LOG_TTL_MS: '3600000' })).toEqual([
      { key: 'NOTIFY_DELIVERY_LOG_TTL_MS', message: 'must exceed NOTIFY_MAX_TRANSITION_AGE_MS (a replayed transition the log forgot would be sent again)' },
    ]);
  });
});
