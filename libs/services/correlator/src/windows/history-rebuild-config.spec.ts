import { ConfigError, loadConfig } from '@quell/platform-config';
import { correlatorConfigSchema } from '../config';

const base = { BUS: 'memory' };

describe('history rebuild config', () => {
  it('rebuilds from at most 100,000 events unless told otherwise', () => {
    expect(loadConfig(correlatorConfigSchema, base)).toMatchObject({ CORRELATION_HISTORY_REBUILD: true, CORRELATION_HISTORY_REBUILD_MAX_EVENTS: 100_000 });
    expect(loadConfig(correlatorConfigSchema, { ...base, CORRELATION_HISTORY_REBUILD: 'off', CORRELATION_HISTORY_REBUILD_MAX_EVENTS: '5000' })).toMatchObject({
      CORRELATION_HISTORY_REBUILD: false,
      CORRELATION_HISTORY_REBUILD_MAX_EVENTS: 5_000,
    });
  });

  it('refuses the boot naming the keys when they are malformed', () => {
    try {
      loadConfig(correlatorConfigSchema, { ...base, CORRELATION_HISTORY_REBUILD: 'maybe', CORRELATION_HISTORY_REBUILD_MAX_EVENTS: '0' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((i) => i.key)).toEqual(['CORRELATION_HISTORY_REBUILD', 'CORRELATION_HISTORY_REBUILD_MAX_EVENTS']);
    }
    expect.assertions(2);
  });
});
