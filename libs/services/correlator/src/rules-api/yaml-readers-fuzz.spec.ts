import { readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { join } from 'node:path';
import { AnomalyRuleError } from '@quell/anomaly';
import { InventoryError, parseInventory } from '@quell/assets';
import { parseJsonWatchlist } from '@quell/intel';
import { readYamlDocuments, yamlValue } from '@quell/input-limits';
import { fuzzSeed, SeededMutator } from '@quell/platform-testing';
import { loadSigmaRules, RuleCatalog } from '@quell/rules';
import { parseAnomalyRulesText } from '../anomaly/anomaly-rules-file';

/**
 * Fuzz tests of the YAML readers (issue 9, point 6) and the JSON watchlist reader: mutations of real
 * fixtures — the sample rules, SigmaHQ rules read in place from ../shared/corpora, the anomaly rules
 * example, an inventory, the STIX fixtures — plus generated alias and depth bombs. Whatever the
 * text, a reader loads it or rejects it with a reason (and a line where one applies): nothing else
 * escapes, no text takes long, and loaded + rejected = files given. Seeded (FUZZ_SEED replays a
 * run) and bounded in count and time; a failure names the seed, the input and the mutations.
 */
const SEED = fuzzSeed(20261202);
const REPO = join(__dirname, '..', '..', '..', '..', '..');
const SIGMA_RULES = join(REPO, '..', 'shared', 'corpora', 'sigma', 'rules');
/** A text over this is a hang in the making. */
const MAX_TEXT_MS = 1_500;
const BUDGET_MS = 4_000;

const mutator = new SeededMutator(SEED, { maxBytes: 512 * 1024 });
const counts: Record<string, { given: number; loaded: number; rejected: number }> = {};

afterAll(() => {
  const lines = Object.entries(counts).map(([input, c]) => `${input}: given ${c.given}, loaded ${c.loaded}, rejected ${c.rejected}`);
  process.stdout.write(`YAML readers fuzz, seed ${SEED}:\n  ${lines.join('\n  ')}\n`);
});

function count(input: string, outcome: 'loaded' | 'rejected'): void {
  const c = (counts[input] ??= { given: 0, loaded: 0, rejected: 0 });
  c.given++;
  c[outcome]++;
}

/** Runs `check` on one text, timing it, and counts its outcome; a failure says how to replay it. */
function attempt(input: string, index: number, text: string, check: () => 'loaded' | 'rejected' | undefined): void {
  const started = Date.now();
  try {
    const outcome = check();
    if (outcome) count(input, outcome);
  } catch (error) {
    throw new Error(`${input} #${index} (FUZZ_SEED=${SEED}, mutations: ${mutator.describe() || 'none'}, ${text.length} chars): ${(error as Error).stack}`);
  }
  const took = Date.now() - started;
  if (took <= MAX_TEXT_MS) return;
  // A busy machine is slow once; a super-linear reader is slow every time.
  const again = Date.now();
  check();
  const retook = Date.now() - again;
  if (retook > MAX_TEXT_MS) throw new Error(`${input} #${index} took ${took} ms, then ${retook} ms (FUZZ_SEED=${SEED}, mutations: ${mutator.describe()})`);
}

/** YAML-specific damage on top of the byte mutations: anchors and aliases, nesting, documents, tags, repeated keys, conditions. */
function yamlBomb(text: string): string {
  const lines = text.split('\n');
  const at = mutator.int(lines.length + 1);
  const indent = /^\s*/.exec(lines[Math.min(at, lines.length - 1)] ?? '')?.[0] ?? '';
  const pick = mutator.int(10);
  if (pick === 9) {
    // Conditions recurse in the parser, the compiler and every match: deep or long ones.
    const n = mutator.pick([31, 33, 300, 20_000]);
    const condition = mutator.pick([`${'('.repeat(n)}selection${')'.repeat(n)}`, `${'not '.repeat(n)}selection`, Array(n).fill('selection').join(mutator.pick([' and ', ' or ']))]);
    return text.replace(/condition: .*/, `condition: "${condition}"`);
  }
  let insert: string;
  if (pick === 0) insert = `${indent}x: &a v\n${indent}y: [${Array(1 + mutator.int(200)).fill('*a').join(', ')}]`;
  else if (pick === 1) {
    const levels = 2 + mutator.int(10);
    insert = `${indent}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]`;
    for (let i = 1; i < levels; i++) insert += `\n${indent}l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`;
  } else if (pick === 2) insert = `${indent}d: ${'['.repeat(mutator.pick([63, 64, 65, 1_000, 10_000]))}`;
  else if (pick === 3) insert = Array.from({ length: mutator.pick([60, 70, 300]) }, (_, i) => `${indent}${' '.repeat(i + 1)}k${i}:`).join('\n');
  else if (pick === 4) insert = `${indent}s: ${'- '.repeat(mutator.pick([64, 65, 5_000]))}x`;
  else if (pick === 5) insert = '---\n'.repeat(mutator.pick([1, 2, 1_001]));
  else if (pick === 6) insert = `${indent}self: &s [1, *s]`;
  else if (pick === 7) insert = `${indent}t: !!python/object:os.system [id]\n${indent}m: { <<: *nowhere }`;
  else insert = `${indent}title: again`;
  lines.splice(at, 0, insert);
  return lines.join('\n');
}

/** One fuzzed text from a fixture: byte mutations, a YAML bomb, or both. */
function fuzzed(fixture: string): string {
  const choice = mutator.int(3);
  const base = choice === 1 ? fixture : mutator.mutate(fixture).toString('utf8');
  return choice === 0 ? base : yamlBomb(base);
}

function sigmaSample(howMany: number): { file: string; text: string }[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith('.yml')) files.push(join(dir, entry.name));
    }
  };
  walk(SIGMA_RULES);
  files.sort();
  return Array.from({ length: howMany }, () => mutator.pick(files)).map((path) => ({ file: path.slice(SIGMA_RULES.length + 1), text: readFileSync(path, 'utf8') }));
}

function linesOf(text: string): number {
  return text.split('\n').length;
}

describe(`YAML readers under fuzzing (seed ${SEED})`, () => {
  it('rule files: each is loaded or rejected with file, line and reason; the catalog serves the rest and loses none', () => {
    const samples = readdirSync(join(REPO, 'deploy', 'samples', 'rules')).map((name) => ({ file: name, text: readFileSync(join(REPO, 'deploy', 'samples', 'rules', name), 'utf8') }));
    const fixtures = [...samples, ...sigmaSample(40)];
    const deadline = Date.now() + BUDGET_MS;
    const batch = new Map<string, string>();
    for (let i = 0; i < 400 && Date.now() < deadline; i++) {
      const fixture = fixtures[i % fixtures.length];
      const file = `f${String(i).padStart(3, '0')}-${fixture.file.replace(/[/\\]/g, '_')}`;
      const text = fuzzed(fixture.text);
      attempt('rules', i, text, () => {
        const { errors } = loadSigmaRules(text, file);
        for (const error of errors) {
          expect(error.file).toBe(file);
          expect(Number.isInteger(error.line) && error.line >= 1 && error.line <= linesOf(text) + 1).toBe(true);
          expect(error.reason.length).toBeGreaterThan(8);
        }
        return errors.length === 0 ? 'loaded' : 'rejected';
      });
      batch.set(file, text);
    }
    expect(batch.size).toBeGreaterThanOrEqual(50);
    // The whole batch as one rules directory: every file accounted for, the good ones served.
    const catalog = RuleCatalog.build(batch);
    expect(catalog.files.map((f) => f.file).sort()).toEqual([...batch.keys()].sort());
    const rejected = catalog.files.filter((f) => f.errors > 0).length;
    const loaded = catalog.files.filter((f) => f.errors === 0).length;
    expect(loaded + rejected).toBe(batch.size);
    expect(catalog.errors.every((e) => batch.has(e.file) && e.line >= 1 && e.reason.length > 8)).toBe(true);
    expect(catalog.detectionRules.length).toBeGreaterThan(0);
  });

  it('anomaly rules files: loaded or an AnomalyRuleError naming the file (and the line where one applies)', () => {
    const example = readFileSync(join(__dirname, '..', 'anomaly', 'anomaly-rules.example.yaml'), 'utf8');
    const deadline = Date.now() + BUDGET_MS;
    for (let i = 0; i < 300 && Date.now() < deadline; i++) {
      const text = fuzzed(example);
      attempt('anomaly rules', i, text, () => {
        try {
          parseAnomalyRulesText(text, 'anomaly.yaml');
          return 'loaded';
        } catch (error) {
          if (!(error instanceof AnomalyRuleError)) throw error;
          expect(error.message).toMatch(/^anomaly\.yaml(:\d+)?: \S.{8,}/s);
          if (error.message.includes('YAML: ')) expect(error.line).toBeGreaterThanOrEqual(1);
          return 'rejected';
        }
      });
    }
    expect(counts['anomaly rules'].given).toBeGreaterThanOrEqual(50);
  });

  it('asset inventories (YAML and JSON): loaded or an InventoryError with the reason', () => {
    const entries = Array.from({ length: 12 }, (_, i) => ({ host: `web-${i}`, ip: `10.0.${i}.0/24`, service: 'shop', owner: 'team-web', criticality: i % 2 ? 'high' : 'low' }));
    const yaml = `assets:\n${entries.map((e) => `  - host: ${e.host}\n    ip: ${e.ip}\n    service: ${e.service}\n    owner: ${e.owner}\n    criticality: ${e.criticality}\n`).join('')}`;
    const json = JSON.stringify({ assets: entries }, null, 1);
    const deadline = Date.now() + BUDGET_MS;
    for (let i = 0; i < 300 && Date.now() < deadline; i++) {
      const format = i % 2 === 0 ? 'yaml' : 'json';
      const text = format === 'yaml' ? fuzzed(yaml) : mutator.mutate(json).toString('utf8');
      attempt(`inventory ${format}`, i, text, () => {
        try {
          parseInventory(text, format);
          return 'loaded';
        } catch (error) {
          if (!(error instanceof InventoryError)) throw error;
          expect(error.message).toMatch(/^asset inventory.{10,}/s);
          if (format === 'yaml' && error.message.startsWith('asset inventory is not valid yaml')) expect(error.message).toMatch(/^asset inventory is not valid yaml: line \d+: /);
          return 'rejected';
        }
      });
    }
    expect(counts['inventory yaml'].given + counts['inventory json'].given).toBeGreaterThanOrEqual(50);
  });

  it('JSON watchlists and STIX bundles: indicators or errors with a reason, never an exception', () => {
    const dir = join(REPO, 'libs', 'intel', 'src', 'fixtures');
    const fixtures = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => readFileSync(join(dir, name), 'utf8'));
    const now = () => Date.parse('2026-11-29T00:00:00Z');
    const deadline = Date.now() + BUDGET_MS;
    for (let i = 0; i < 300 && Date.now() < deadline; i++) {
      const text = mutator.mutate(fixtures[i % fixtures.length]).toString('utf8');
      attempt('watchlist json', i, text, () => {
        const list = parseJsonWatchlist('feed', text, { now });
        for (const error of list.errors) expect(error.reason.length).toBeGreaterThan(8);
        return list.indicators.length === 0 && list.errors.length > 0 ? 'rejected' : 'loaded';
      });
    }
    expect(counts['watchlist json'].given).toBeGreaterThanOrEqual(50);
  });

  it('the bounded reader reads every document it accepts exactly as the yaml package does', () => {
    const fixtures = [...sigmaSample(20).map((f) => f.text), readFileSync(join(__dirname, '..', 'anomaly', 'anomaly-rules.example.yaml'), 'utf8')];
    const deadline = Date.now() + BUDGET_MS;
    let compared = 0;
    for (let i = 0; i < 300 && Date.now() < deadline; i++) {
      const text = fuzzed(fixtures[i % fixtures.length]);
      if (text.length > 64 * 1024) continue; // the unbounded parser is the slow side
      attempt('bounded vs yaml', i, text, (): undefined => {
        const ours = readYamlDocuments(text).documents;
        const docs = parseAllDocuments(text, { schema: 'core', uniqueKeys: false });
        if (ours.length === 1 && ours[0].problem && docs.length !== 1) return; // refused whole (too many documents)
        expect(ours.length).toBe(docs.length);
        ours.forEach((entry, d) => {
          if (!entry.document) return;
          let value: unknown;
          try {
            value = yamlValue(entry.document, entry.line);
          } catch {
            return; // the yaml package's own alias guard, reported as a YamlReadError
          }
          expect(docs[d].errors).toEqual([]);
          expect(isDeepStrictEqual(value, docs[d].toJS({ maxAliasCount: -1 }))).toBe(true);
          compared++;
        });
      });
    }
    expect(compared).toBeGreaterThanOrEqual(30);
  });
});
