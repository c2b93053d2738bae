import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJson } from '../json-parser';

/** The JSON fixture directories, and the format parseJson must recognize by shape for each. */
const DIRS = { windows: 'windows', ocsf: 'ocsf', ecs: 'json', json: 'json' } as const;
const ROOT = join(__dirname, '../../../fixtures');

describe.each(Object.entries(DIRS))('fixtures/%s', (dir, format) => {
  const inputs = readdirSync(join(ROOT, dir))
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) => readFileSync(join(ROOT, dir, name), 'utf8').split('\n').filter((line) => line.trim() !== ''))
    .map((line) => (JSON.parse(line) as { input: string }).input);

  it(`every record is told apart as ${format}, without warnings`, () => {
    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) {
      const parsed = parseJson(input, { receivedAt: 0 });
      expect({ input: input.slice(0, 80), format: parsed.format, warnings: parsed.warnings }).toEqual({ input: input.slice(0, 80), format, warnings: [] });
    }
  });
});
