import { ConfigError, loadConfig } from '@quell/platform-config';
import { serviceUses } from '@quell/platform-service-kit';
import { normalizerConfigSchema } from './config';
import { normalizerService } from './normalizer.service';

const base = { BUS: 'memory' };

function roles(value?: string) {
  return loadConfig(normalizerConfigSchema, value === undefined ? base : { ...base, NORMALIZER_ROLES: value }).NORMALIZER_ROLES;
}

function refusal(value: string): string {
  try {
    roles(value);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error(`${value} was accepted`);
}

describe('NORMALIZER_ROLES', () => {
  it('runs both roles unless told otherwise', () => {
    expect(roles()).toEqual(['normalize', 'history']);
  });

  it('takes either role alone, and a list with blanks and repeats', () => {
    expect(roles('history')).toEqual(['history']);
    expect(roles('normalize')).toEqual(['normalize']);
    expect(roles(' history , normalize,history,')).toEqual(['history', 'normalize']);
  });

  it('refuses an unknown role or a list of none, naming the key and what was given', () => {
    expect(refusal('normalise')).toBe('Invalid configuration: NORMALIZER_ROLES: expected normalize, history or both (comma-separated), got "normalise"');
    expect(refusal(',')).toMatch(/^Invalid configuration: NORMALIZER_ROLES: expected normalize, history or both/);
  });

  it('opens ClickHouse only in a process that writes history', () => {
    const uses = (value: string) => serviceUses(normalizerService, loadConfig(normalizerConfigSchema, { ...base, NORMALIZER_ROLES: value }));
    expect(uses('normalize')).toEqual({ clickhouse: false });
    expect(uses('history')).toEqual({ clickhouse: true });
    expect(uses('normalize,history')).toEqual({ clickhouse: true });
  });
});

describe('NORMALIZER_WORKERS', () => {
  const workers = (value?: string) =>
    loadConfig(normalizerConfigSchema, value === undefined ? base : { ...base, NORMALIZER_WORKERS: value }).NORMALIZER_WORKERS;

  it('normalizes on the main thread unless told otherwise, and takes up to 16 workers', () => {
    expect(workers()).toBe(0);
    expect(workers('1')).toBe(1);
    expect(workers('16')).toBe(16);
  });

  it.each(['-1', '17', 'two', '1.5'])('refuses %s at boot, naming the key', (value) => {
    expect(() => workers(value)).toThrow(ConfigError);
    expect(() => workers(value)).toThrow(`Invalid configuration: NORMALIZER_WORKERS: expected an integer between 0 and 16, got "${value}"`);
  });
});
