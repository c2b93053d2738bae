import { Type } from 'avsc';
import { AvroCodec, emptyEventParts, loadSchemaCatalog, type Event } from '@quell/contracts';
import { runCli } from '../cli';
import { FakeSchemaRegistry } from './test/fake-schema-registry';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), read: async () => '', now: () => 0 } };
}

describe('quell schemas register', () => {
  const catalog = loadSchemaCatalog();
  let registry: FakeSchemaRegistry;
  let url: string;

  beforeEach(async () => {
    registry = new FakeSchemaRegistry();
    url = await registry.start();
  });
  afterEach(async () => registry.stop());

  it('registers every released version under its subject and fixed id, restores the modes, and a second run changes nothing', async () => {
    const first = io();
    expect(await runCli(['schemas', 'register', '--registry', url], first.io)).toBe(0);
    expect(first.out.at(-1)).toBe(`registered ${catalog.versions.length}, already registered 0, conflicts 0`);
    expect(registry.schemas.map((s) => [s.subject, s.version, s.id]).sort()).toEqual(catalog.versions.map((v) => [v.subject, v.version, v.id]).sort());
    expect(registry.modes.size).toBe(0);
    const again = io();
    expect(await runCli(['schemas', 'register', '--registry', url], again.io)).toBe(0);
    expect(again.out.at(-1)).toBe(`registered 0, already registered ${catalog.versions.length}, conflicts 0`);
    expect(registry.schemas).toHaveLength(catalog.versions.length);
  });

  it("a registry reader decodes Quell's records by the id in their header (what a Python fastavro reader does)", async () => {
    expect(await runCli(['schemas', 'register', '--registry', url], io().io)).toBe(0);
    const event: Event = {
      ...emptyEventParts(),
      ...{ id: 'e1', tenant: 'acme', time: 1, ingestTime: 2, source: { type: 'syslog', name: 'rsyslog' }, className: 'authentication', classUid: 3002 },
      outcome: 'failure',
    };
    const bytes = new AvroCodec().encode('Event', event);
    const id = bytes.readUInt32BE(1);
    const schema = registry.schemas.find((s) => s.id === id)!;
    expect(schema.subject).toBe('quell.Event');
    expect(Type.forSchema(JSON.parse(schema.schema)).fromBuffer(bytes.subarray(5))).toMatchObject({ id: 'e1', className: 'authentication', outcome: 'failure' });
  });

  it('keeps a subject untouched when one of its ids holds another schema, registers the others, and exits 2', async () => {
    registry.schemas.push({ subject: 'someone.Else', version: 1, id: 1101, schema: '"string"' });
    const run = io();
    expect(await runCli(['schemas', 'register', '--registry', url], run.io)).toBe(2);
    expect(run.err.join('\n')).toContain('quell.Event v1: id 1101 holds another schema');
    expect(registry.schemas.filter((s) => s.subject === 'quell.Event')).toHaveLength(0);
    expect(registry.schemas.some((s) => s.subject === 'quell.Alert')).toBe(true);
  });

  it('--dry-run registers nothing; credentials in the URL become basic auth', async () => {
    const run = io();
    const withUser = url.replace('http://', 'http://sr-user:s%40cret@');
    expect(await runCli(['schemas', 'register', '--registry', withUser, '--dry-run'], run.io)).toBe(0);
    expect(run.out.at(-1)).toBe(`would register ${catalog.versions.length}, already registered 0, conflicts 0`);
    expect(registry.schemas).toHaveLength(0);
    expect(registry.authorizations[0]).toBe(`Basic ${Buffer.from('sr-user:s@cret').toString('base64')}`);
  });

  it('--json prints one document with the outcome of every version', async () => {
    const run = io();
    expect(await runCli(['schemas', 'register', '--registry', url, '--json'], run.io)).toBe(0);
    expect(run.out).toHaveLength(1);
    const report = JSON.parse(run.out[0]);
    expect(report).toMatchObject({ dryRun: false, registered: catalog.versions.length, alreadyRegistered: 0, conflicts: 0 });
    expect(report.versions).toHaveLength(catalog.versions.length);
    expect(report.versions[0]).toEqual({ subject: expect.stringMatching(/^quell\./), version: expect.any(Number), id: expect.any(Number), outcome: 'registered' });
  });

  it('usage errors and an unreachable registry exit 1 with the reason', async () => {
    const missing = io();
    expect(await runCli(['schemas', 'register'], missing.io)).toBe(1);
    expect(missing.err[0]).toBe('quell: schemas register needs --registry <url>');
    const unknown = io();
    expect(await runCli(['schemas', 'drop'], unknown.io)).toBe(1);
    const down = io();
    await registry.stop();
    expect(await runCli(['schemas', 'register', '--registry', url], down.io)).toBe(1);
    expect(down.err[0]).toMatch(/^quell: schema registry 127\.0\.0\.1:\d+: fetch failed \(ECONNREFUSED\)$/);
  });
});
