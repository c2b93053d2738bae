import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReloadableFile } from '@quell/platform-service-kit';
import type { ScreeningPolicy } from '@quell/calendar';
import { loadConfig } from '@quell/platform-config';
import { createLogger } from '@quell/platform-observability';
import { changeCalendarConfigSchema } from '../config';
import { screeningPolicyProvider, type ScreeningPolicySource } from './screening-policy.provider';

const logger = createLogger({ service: 'change-calendar', level: 'silent' });
const emergency = { tenant: 'acme', changeKind: 'emergency', level: 'high', alertKind: 'detection' };
const ANNOTATE_EMERGENCY = 'version: 1\nrules:\n  - changeKinds: [emergency]\n    action: annotate\n';

async function sourceOf(env: Record<string, string>): Promise<ScreeningPolicySource> {
  const config = loadConfig(changeCalendarConfigSchema, { BUS: 'memory', ...env });
  return screeningPolicyProvider.useFactory(config, logger) as Promise<ScreeningPolicySource>;
}

describe('the screening policy source', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quell-screening-'));

  it('is the built-in policy when CHANGE_SCREENING_POLICY_FILE is unset', async () => {
    expect((await sourceOf({})).current().decide(emergency).action).toBe('suppress');
  });

  it('reads the file at start, applies an edit without a restart, and keeps the last good policy over a bad edit', async () => {
    const path = join(dir, 'policy.yaml');
    writeFileSync(path, ANNOTATE_EMERGENCY);
    const source = (await sourceOf({ CHANGE_SCREENING_POLICY_FILE: path })) as ReloadableFile<ScreeningPolicy>;
    try {
      expect(source.current().decide(emergency).action).toBe('annotate');
      writeFileSync(path, 'version: 1\n');
      await source.reload();
      expect(source.current().decide(emergency).action).toBe('suppress');
      writeFileSync(path, 'version: 1\nrules:\n  - action: silence\n');
      expect((await source.reload()).error).toContain('policy.yaml:3: rules.0.action: ');
      expect(source.current().decide(emergency).action).toBe('suppress');
    } finally {
      source.stop();
    }
  });

  it('reads the sample policy in deploy/samples', async () => {
    const source = (await sourceOf({ CHANGE_SCREENING_POLICY_FILE: join(__dirname, '../../../../../deploy/samples/screening-policy.yaml') })) as ReloadableFile<ScreeningPolicy>;
    try {
      expect(source.current().decide(emergency)).toEqual({ action: 'annotate', because: 'emergency changes are unplanned work, keep paging' });
      expect(source.current().decide({ ...emergency, changeKind: 'emergency', level: 'medium' }).action).toBe('suppress');
      expect(source.current().decide({ ...emergency, tenant: 'globex', changeKind: 'normal', level: 'low' }).action).toBe('annotate');
    } finally {
      source.stop();
    }
  });

  it('refuses to start on a bad file, naming the file, line and key', async () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'version: 1\nrules:\n  - levels: [severe]\n    action: annotate\n');
    await expect(sourceOf({ CHANGE_SCREENING_POLICY_FILE: path })).rejects.toThrow(/bad\.yaml:3: rules\.0\.levels\.0: /);
  });
});
