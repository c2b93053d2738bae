import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, loadConfig } from '@quell/platform-config';
import { RULES_CONFIG_SHAPE } from './rules-config';

const schema = z.object(RULES_CONFIG_SHAPE);

describe('RULES_PIPELINE_DIRS', () => {
  it('is empty by default and reads a comma-separated list of folders', () => {
    expect(loadConfig(schema, {}).RULES_PIPELINE_DIRS).toEqual([]);
    const a = mkdtempSync(join(tmpdir(), 'quell-pipes-a-'));
    const b = mkdtempSync(join(tmpdir(), 'quell-pipes-b-'));
    expect(loadConfig(schema, { RULES_PIPELINE_DIRS: ` ${a} , ${b}` }).RULES_PIPELINE_DIRS).toEqual([a, b]);
  });

  it('refuses the boot naming the key, the file and the pipeline key at fault', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quell-pipes-'));
    writeFileSync(join(dir, 'vendor.yml'), 'name: vendor\nsources:\n  - id: vendor-x\n    when: {process.nam: x}\n    logsource: {product: x}\n');
    try {
      loadConfig(schema, { RULES_PIPELINE_DIRS: dir });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues).toEqual([{ key: 'RULES_PIPELINE_DIRS', message: expect.stringMatching(/vendor\.yml: sources\.0\.when\.process\.nam: "process\.nam" is not an Event field/) }]);
    }
    expect(() => loadConfig(schema, { RULES_PIPELINE_DIRS: join(dir, 'absent') })).toThrow(/absent: cannot read the pipeline folder \(ENOENT\)/);
    expect.assertions(3);
  });
});
