import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The config-change corpus (fixtures/config-change, run by conformance.spec.ts) is the list of
 * sources whose configuration changes Quell recognises. Each source file must show both sides: at
 * least one record that is a config_change and one near miss of the same vendor that is not, and
 * the README table must name the file with the documentation it follows.
 */
const DIR = join(__dirname, '..', 'fixtures', 'config-change');
const files = readdirSync(DIR).filter((name) => name.endsWith('.jsonl')).sort();
const readme = readFileSync(join(DIR, 'README.md'), 'utf8');

interface Fixture {
  origin: string;
  expectEvent?: { className?: string };
}

describe('config-change sources', () => {
  it('has a fixture file per source', () => expect(files.length).toBeGreaterThanOrEqual(7));

  it.each(files)('%s has config changes and near misses, each with a cited origin, and a README row', (file) => {
    const fixtures = readFileSync(join(DIR, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Fixture);
    const classes = fixtures.map((f) => f.expectEvent?.className);
    expect(classes).not.toContain(undefined);
    expect(classes).toContain('config_change');
    expect(classes.filter((c) => c !== 'config_change').length).toBeGreaterThan(0);
    // A near miss says so in its origin, so a reader of the corpus knows which side a record is on.
    for (const f of fixtures) expect({ origin: f.origin, nearMiss: f.origin.startsWith('Near miss.') }).toEqual({ origin: f.origin, nearMiss: f.expectEvent?.className !== 'config_change' });
    expect(readme).toContain(`\`${file}\``);
  });
});
