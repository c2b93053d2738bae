import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawEvent } from '@quell/contracts';
import { NormalizeError } from '@quell/normalize';
import { createLogger } from '@quell/platform-observability';
import { eventOf, normalizeOutcomes } from './normalize-outcomes';
import { NormalizePool } from './normalize-pool';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'normalize', 'fixtures');
const CRASHING_WORKER = join(__dirname, '..', 'test', 'crashing-normalize.worker.ts');
const logger = createLogger({ service: 'normalize-pool-spec', level: 'silent' });
const NOW = Date.parse('2026-12-02T12:00:00Z');

function raw(text: string, format: string | null, index: number): RawEvent {
  return {
    id: `0190a000-0000-7000-8000-${String(index).padStart(12, '0')}`,
    tenant: 'acme',
    receivedAt: NOW - 1000,
    source: { type: 'http', name: 'spec', host: index % 3 === 0 ? 'shipper-1' : null },
    format,
    contentType: 'text/plain',
    payload: Buffer.from(text),
    attributes: { via: 'spec' },
  };
}

/** Every fixture record of every format (as declared, or detected), and records no parser reads. */
function corpus(): RawEvent[] {
  const raws: RawEvent[] = [];
  for (const format of readdirSync(FIXTURES)) {
    for (const file of readdirSync(join(FIXTURES, format)).filter((name) => name.endsWith('.jsonl'))) {
      for (const line of readFileSync(join(FIXTURES, format, file), 'utf8').split('\n').filter(Boolean)) {
        const fixture = JSON.parse(line) as { input: string; format?: string | null };
        raws.push(raw(fixture.input, fixture.format ?? null, raws.length));
      }
    }
  }
  for (const bad of ['{"truncated": ', 'not a record at all', '\u0000\u0001', '']) raws.push(raw(bad, 'json', raws.length));
  raws.push(raw('CEF:0|only|four|fields', 'cef', raws.length));
  raws.push(raw('x', 'no-such-format', raws.length));
  raws.push(raw('caf\u00e9 \ud83d\ude00 <13>Oct 11 22:14:15 host app: é', null, raws.length));
  return raws;
}

describe('NormalizePool', () => {
  const raws = corpus();
  const inline = normalizeOutcomes(raws, NOW);

  it('gives on worker threads exactly what the main thread gives, failures included', async () => {
    const pool = new NormalizePool(2, logger);
    try {
      const halves = await Promise.all([pool.normalize(raws.slice(0, 300), NOW), pool.normalize(raws.slice(300), NOW)]);
      expect(halves.flat()).toEqual(inline);
      expect(pool.crashes).toBe(0);
    } finally {
      await pool.close();
    }
    // The corpus exercises both sides: hundreds of events and the records no parser reads.
    expect(inline.filter((o) => 'event' in o).length).toBeGreaterThan(300);
    expect(inline.filter((o) => 'failure' in o).length).toBeGreaterThanOrEqual(6);
  });

  it('hands a record that cannot be normalized back as the permanent NormalizeError the inline path throws', async () => {
    const pool = new NormalizePool(1, logger);
    try {
      const [outcome] = await pool.normalize([raw('{"truncated": ', 'json', 1)], NOW);
      let thrown: unknown;
      try {
        eventOf(outcome);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(NormalizeError);
      expect((thrown as NormalizeError).retriable).toBe(false);
      expect((thrown as Error).message).toMatch(/JSON/i);
    } finally {
      await pool.close();
    }
  });

  it.each([
    ['exits', 'a'],
    ['throws', 'throw'],
  ])('loses no batch when a worker %s: the batch is normalized on the main thread and the next gets a new worker', async (_how, first) => {
    const pool = new NormalizePool(1, logger, CRASHING_WORKER);
    try {
      const batch = [raw(first, 'json', 0), ...raws.slice(0, 50)];
      const expected = normalizeOutcomes(batch, NOW);
      expect(await pool.normalize(batch, NOW)).toEqual(expected);
      expect(pool.crashes).toBe(1);
      expect(await pool.normalize(batch, NOW)).toEqual(expected);
      expect(pool.crashes).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('finishes the batches it holds on the main thread when closed, and normalizes inline after', async () => {
    const pool = new NormalizePool(1, logger);
    const pending = pool.normalize(raws, NOW);
    await pool.close();
    expect(await pending).toEqual(inline);
    expect(await pool.normalize(raws.slice(0, 10), NOW)).toEqual(inline.slice(0, 10));
    expect(pool.crashes).toBe(0);
  });

  it('normalizes inline with no workers', async () => {
    const pool = new NormalizePool(0, logger);
    expect(await pool.normalize(raws, NOW)).toEqual(inline);
  });
});
