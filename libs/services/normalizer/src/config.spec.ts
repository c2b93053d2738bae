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
