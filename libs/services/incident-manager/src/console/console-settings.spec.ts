import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '@quell/platform-config';
import { incidentManagerConfigSchema } from '../config';
import { consoleFilesOf } from './console-settings';

describe('the console settings', () => {
  it('serve the console from apps/console/dist of the working directory by default', () => {
    const config = loadConfig(incidentManagerConfigSchema, { BUS: 'memory' });
    expect(config).toMatchObject({ CONSOLE_ENABLED: true, CONSOLE_DIR: 'apps/console/dist' });
    expect(consoleFilesOf(config)?.built()).toBe(existsSync(resolve('apps/console/dist/index.html')));
  });

  it('turn it off', () => {
    expect(consoleFilesOf(loadConfig(incidentManagerConfigSchema, { BUS: 'memory', CONSOLE_ENABLED: 'off' }))).toBeUndefined();
  });

  it('refuse a flag that is not one, naming the key', () => {
    const load = () => loadConfig(incidentManagerConfigSchema, { BUS: 'memory', CONSOLE_ENABLED: 'maybe' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow('CONSOLE_ENABLED: expected true or false, got "maybe"');
  });
});
