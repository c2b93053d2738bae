import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { collectTopic, freePort } from '@quell/platform-testing';
import { runCli, type CliIo } from '../../cli';
import { AnsweringServer, type SeenRequest } from './test/answering-server';
import { INGEST_KEYS, IngestServer } from './test/ingest-server';

/**
 * `quell replay` as a user runs it, against the real ingest service (in this process, over the
 * real broker) over HTTP, against the real broker over kafka://, and against a real HTTP server
 * that asks it to wait. Waits go through an injected clock: nothing here sleeps for real.
 */
const server = new IngestServer();
const ROOT = join(__dirname, '..', '..', '..', '..', '..');
const BIN = join(ROOT, 'tools', 'bin', 'quell.js');
const dir = mkdtempSync(join(tmpdir(), 'quell-cli-replay-'));
let fileSeq = 0;

function file(text: string, name = `events-${++fileSeq}.ndjson`): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A clock that moves only when the replay sleeps, and the sleeps it was asked for. */
function fakeClock() {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return { sleeps, now: () => now, sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)) };
}

async function quell(args: string[], options: { key?: string; io?: Partial<CliIo> } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const clock = fakeClock();
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    read: (path) => readFile(path, 'utf8'),
    now: clock.now,
    sleep: clock.sleep,
    env: { QUELL_URL: server.url, QUELL_API_KEY: options.key ?? INGEST_KEYS.acme },
    ...options.io,
  };
  const code = await runCli(['replay', ...args], io);
  return { code, out, err, sleeps: clock.sleeps, json: () => JSON.parse(out.join('\n')) as Record<string, any> };
}

const marker = (name: string) => `${name}-${process.pid}-${Date.now()}`;
const withMarker = (m: string) => (raw: { payload: Buffer }) => raw.payload.toString().includes(m);

describe('quell replay', () => {
  beforeAll(() => server.start(), 120_000);
  afterAll(() => server.stop(), 30_000);

  describe('over HTTP to the real ingest service', () => {
    it('sends every line, counts the lines ingest rejects with its reasons and their line numbers, and exits 2', async () => {
      const m = marker('mixed');
      const input = file([`{"message":"${m} one"}`, '', 'not json at all', `{"message":"${m} two"}`, '[1,2]', `{"message":"${m} three"}`, ''].join('\n'));
      const run = await quell([input]);
      expect(run.err).toEqual([]);
      expect(run.code).toBe(2);
      expect(run.out[0]).toMatch(new RegExp(`^sent 5, accepted 3, rejected 2 in [\\d.]+ s \\(\\d+ events/s\\) to ${server.url}$`));
      expect(run.out.slice(1)).toEqual([
        expect.stringMatching(/^ {2}rejected 1 × line is not valid JSON: .+ \(first at line 3\)$/),
        '  rejected 1 × an event must be a JSON object (first at line 5)',
      ]);
      const raws = await server.waitForRaw(3, withMarker(m));
      expect(raws.map((r) => r.tenant)).toEqual(['acme', 'acme', 'acme']);
      expect(new Set(raws.map((r) => r.source.name))).toEqual(new Set([input.split('/').pop()]));
    });

    it('streams a file larger than one batch (gzip bodies, several requests) with --json, text lines in --format, and exits 0', async () => {
      const m = marker('kv');
      const lines = Array.from({ length: 2_500 }, (_, i) => `msg=${m} seq=${i} src=10.0.0.${i % 250} user=u${i}`);
      const run = await quell([file(lines.join('\r\n') + '\r\n', 'big.kv'), '--format', 'kv', '--source', 'replay-spec', '--tenant', 'acme', '--batch', '1000', '--json']);
      expect(run.err).toEqual([]);
      expect(run.code).toBe(0);
      expect(run.json()).toMatchObject({ target: server.url, sent: 2_500, accepted: 2_500, rejected: 0, reasons: [], retries: 0 });
      const raws = await server.waitForRaw(2_500, withMarker(m));
      expect(raws.every((r) => r.format === 'kv' && r.source.name === 'replay-spec' && r.tenant === 'acme')).toBe(true);
      expect(new Set(raws.map((r) => r.payload.toString()))).toEqual(new Set(lines));
    });

    it('reads standard input for -', async () => {
      const m = marker('stdin');
      const run = await quell(['-', '--json'], { io: { stdin: Readable.from([Buffer.from(`{"message":"${m} a"}\n{"mess`), Buffer.from(`age":"${m} b"}`)]) } });
      expect(run.code).toBe(0);
      expect(run.json()).toMatchObject({ sent: 2, accepted: 2 });
      expect((await server.waitForRaw(2, withMarker(m))).map((r) => r.source.name)).toEqual(['stdin', 'stdin']);
    });

    it('paces to --rate by the clock it is given: 200 events at 100/s take 1.9 s of it, in batches of 20', async () => {
      const run = await quell([file(Array.from({ length: 200 }, (_, i) => `{"n":${i}}`).join('\n')), '--rate', '100', '--json']);
      expect(run.code).toBe(0);
      const summary = run.json();
      expect(summary).toMatchObject({ sent: 200, accepted: 200 });
      // The bucket starts with a tenth of a second's worth (10 events); the other 190 wait 10 ms each.
      expect(summary.elapsedMs).toBeGreaterThanOrEqual(1_900);
      expect(summary.elapsedMs).toBeLessThanOrEqual(1_910);
      expect(summary.eventsPerSec).toBe(Math.round(200_000 / summary.elapsedMs));
    });

    it('tells a key of another tenant than --tenant in one line and exits 1', async () => {
      const run = await quell([file('{"a":1}\n'), '--tenant', 'globex']);
      expect(run.code).toBe(1);
      expect(run.out).toEqual([]);
      expect(run.err).toEqual(['quell: POST /v1/events: 403 this API key belongs to another tenant than "globex"']);
    });

    it('tells a wrong key in one line and exits 1', async () => {
      const run = await quell([file('{"a":1}\n')], { key: 'not-a-key' });
      expect(run.code).toBe(1);
      expect(run.err).toEqual([expect.stringMatching(/^quell: POST \/v1\/events: 401 /)]);
    });
  });

  describe('over Kafka to the ingest topic', () => {
    it('produces each line as one record with the tenant and format headers, which ingest wraps as that tenant', async () => {
      const m = marker('kafka');
      const topic = server.topics.ingest;
      const collector = await collectTopic(server.brokers, topic, { fromBeginning: false });
      try {
        const lines = Array.from({ length: 30 }, (_, i) => `msg=${m} seq=${i}`);
        const run = await quell([file(lines.join('\n')), '--target', `kafka://${server.brokers.join(',')}/${topic}`, '--tenant', 'globex', '--format', 'kv', '--batch', '7', '--json']);
        expect(run.err).toEqual([]);
        expect(run.code).toBe(0);
        expect(run.json()).toMatchObject({ target: `kafka://${server.brokers.join(',')}/${topic}`, sent: 30, accepted: 30, rejected: 0 });
        const records = await waitForCount(() => collector.messages.filter((r) => r.value?.toString().includes(m)), 30);
        expect(records.map((r) => r.value!.toString()).sort()).toEqual([...lines].sort());
        expect(records.every((r) => r.headers['quell.tenant']?.toString() === 'globex' && r.headers['quell.format']?.toString() === 'kv')).toBe(true);
        const raws = await server.waitForRaw(30, withMarker(m));
        expect(raws.every((r) => r.tenant === 'globex' && r.format === 'kv' && r.source.type === 'kafka' && r.source.name === topic)).toBe(true);
      } finally {
        await collector.stop();
      }
    }, 60_000);

    it('tells an unreachable broker in one line and exits 1', async () => {
      const port = await freePort();
      const run = await quell([file('{"a":1}\n'), '--target', `kafka://127.0.0.1:${port}/t`]);
      expect(run.code).toBe(1);
      expect(run.out).toEqual([]);
      expect(run.err).toEqual([expect.stringMatching(new RegExp(`^quell: cannot reach 127\\.0\\.0\\.1:${port}: .+`))]);
    }, 30_000);

    it('through the bin, a topic the broker does not have is one line on standard error and exit 1 (no kafkajs warning)', () => {
      const topic = `${server.prefix}.missing`;
      const run = spawnSync(process.execPath, [BIN, 'replay', file('{"a":1}\n'), '--target', `kafka://${server.brokers.join(',')}/${topic}`], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`quell: producing to ${topic}: the broker has no topic ${topic} (Quell's services create their topics at start; or name one: kafka://host:port/<topic>)\n`);
    }, 60_000);

    it('refuses a kafka URL without a broker port as a usage error', async () => {
      const run = await quell([file('{"a":1}\n'), '--target', 'kafka://broker/topic']);
      expect(run.code).toBe(1);
      expect(run.err[0]).toBe('quell: --target kafka://broker:port[,broker:port][/topic], not "kafka://broker/topic"');
    });
  });

  describe('against a server that asks it to wait', () => {
    const accept = (res: ServerResponse, req: SeenRequest) => {
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(req.body) : req.body;
      const count = body.toString().split('\n').filter(Boolean).length;
      const results = Array.from({ length: count }, (_, index) => ({ index, status: 'accepted', id: `e${index}` }));
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: count, rejected: 0, results }));
    };
    const waitServer = new AnsweringServer([
      (res) => res.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '2' }).end('{"status":429,"detail":"tenant acme is over its rate; retry in 2 s"}'),
      (res) => res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '1' }).end('{"status":503,"reason":"pipeline_saturated"}'),
      accept,
    ]);
    beforeAll(() => waitServer.start());
    afterAll(() => waitServer.stop());

    it('waits what Retry-After says (429, then 503 pipeline_saturated) and resends the same batch with the same Idempotency-Key', async () => {
      const run = await quell([file('{"a":1}\n{"b":2}\n'), '--target', waitServer.url, '--json']);
      expect(run.err).toEqual([]);
      expect(run.code).toBe(0);
      expect(run.json()).toMatchObject({ sent: 2, accepted: 2, retries: 2 });
      expect(run.sleeps).toEqual([2_000, 1_000]);
      expect(waitServer.seen).toHaveLength(3);
      expect(new Set(waitServer.seen.map((r) => r.headers['idempotency-key'])).size).toBe(1);
      expect(new Set(waitServer.seen.map((r) => r.body.toString())).size).toBe(1);
      expect(waitServer.seen[0].headers).toMatchObject({ authorization: `Bearer ${INGEST_KEYS.acme}`, 'content-type': 'application/x-ndjson' });
    });

    it('gzips a large batch', async () => {
      waitServer.seen.length = 0;
      const lines = Array.from({ length: 500 }, (_, i) => `{"message":"line ${i} ${'x'.repeat(40)}"}`);
      const run = await quell([file(lines.join('\n')), '--target', waitServer.url, '--json']);
      expect(run.code).toBe(0);
      const request = waitServer.seen.at(-1)!;
      expect(request.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(request.body).toString()).toBe(lines.join('\n') + '\n');
    });
  });

  it('draws the progress line where it is told (standard error on a terminal) and clears it before the summary', async () => {
    const written: string[] = [];
    const run = await quell([file('{"a":1}\n'.repeat(50)), '--batch', '10'], { io: { progress: { write: (text: string) => written.push(text), columns: 120 } } });
    expect(run.code).toBe(0);
    const clearLine = '\r\x1b[2K';
    expect(written[0].startsWith(clearLine)).toBe(true);
    expect(written[0].slice(clearLine.length)).toMatch(/^\[#+-*\] +\d+% 10 accepted, 0 rejected, \d+ events\/s$/);
    expect(written.at(-1)).toBe('\r\x1b[2K');
  });

  describe('failures told in one line', () => {
    it('a target nobody listens on: exit 1, the reason, no summary', async () => {
      const port = await freePort();
      const run = await quell([file('{"a":1}\n'), '--target', `http://127.0.0.1:${port}`]);
      expect(run.code).toBe(1);
      expect(run.out).toEqual([]);
      expect(run.err).toEqual([`quell: cannot reach 127.0.0.1:${port}: fetch failed (ECONNREFUSED)`]);
    });

    it('an input that fails while being read: exit 1, the reason in one line, the batches already sent counted', async () => {
      async function* failing() {
        yield Buffer.from('{"a":1}\n'.repeat(25));
        throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
      }
      const run = await quell(['-', '--batch', '10'], { io: { stdin: failing() } });
      expect(run.code).toBe(1);
      expect(run.err).toEqual(['quell: reading standard input: EIO: i/o error, read']);
      expect(run.out).toEqual([expect.stringMatching(/^sent 20, accepted 20, rejected 0 in /)]);
    });

    it('a missing file: exit 1 in one line, without the usage', async () => {
      const run = await quell([join(dir, 'missing.ndjson')]);
      expect(run.code).toBe(1);
      expect(run.err).toEqual([expect.stringMatching(/^quell: cannot read .*missing\.ndjson: ENOENT/)]);
    });

    it('a bad --rate, --format or --batch, or no key: exit 1', async () => {
      const input = file('{"a":1}\n');
      for (const [args, message] of [
        [['--rate', '0'], '--rate must be a positive number of events per second, not "0"'],
        [['--format', 'xml'], 'unknown format "xml"'],
        [['--batch', '0'], '--batch must be a whole number from 1 to 10000, not "0"'],
      ] as const) {
        const run = await quell([input, ...args]);
        expect(run.code).toBe(1);
        expect(run.err[0]).toContain(message);
      }
      const keyless = await quell([input], { io: { env: { QUELL_URL: server.url } } });
      expect(keyless.code).toBe(1);
      expect(keyless.err[0]).toBe('quell: an API key is needed: set QUELL_API_KEY or give --api-key-file <file|->');
    });
  });
});

async function waitForCount<T>(read: () => T[], count: number): Promise<T[]> {
  for (let i = 0; i < 300; i++) {
    const found = read();
    if (found.length >= count) return found;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`fewer than ${count} records arrived`);
}
