import { randomUUID } from 'node:crypto';
import { emptyEventParts, type Event } from '@quell/contracts';
import { createClickHouseClient, MigrationRunner } from '@quell/platform-clickhouse';
import { clickHouseEngines, uniqueDatabase } from '@quell/platform-testing';
import { EventHistoryRepository } from './event-history.repository';
import { EVENT_HISTORY_MIGRATIONS } from './event-history.migrations';

const T = Date.parse('2026-11-27T12:00:00Z');

function event(id: string, parts: Partial<Event>): Event {
  return {
    ...emptyEventParts(),
    id,
    tenant: 'acme',
    time: T,
    ingestTime: T + 1,
    source: { type: 'test', name: 'row' },
    className: 'process',
    classUid: 1007,
    host: { name: 'ws-1', ip: null },
    ...parts,
  };
}

// Every Event v2 field, as a parser fills them.
const full = event('e-full', {
  code: '1',
  provider: 'Microsoft-Windows-Sysmon',
  observer: { vendor: 'Fortinet', product: 'FortiGate', version: 'v7.4.3', hostname: 'fw-1', ip: '10.0.0.254', type: 'firewall' },
  network: { transport: 'tcp', protocol: 'https', direction: 'egress' },
  process: {
    pid: 4242,
    name: 'powershell.exe',
    executable: 'C:\\Windows\\System32\\powershell.exe',
    commandLine: 'powershell -enc SQBFAFgA',
    parentName: 'WINWORD.EXE',
    parentCommandLine: '"WINWORD.EXE" /n invoice.docm',
    parentExecutable: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
    parentPid: 1200,
    hash: { md5: 'ce3b3dcb08556285c0fc73b7cdc1601d', sha1: null, sha256: '08b28258c2225574fe6359286b5d23b19f07bd39cee04b72ed5cf7a8b7fbf9f3' },
  },
  file: { path: 'C:\\Users\\Public\\x.dll', name: 'x.dll', hash: { md5: null, sha1: '5e4f2c531c549bb72a658ed9dd16d491eddbb286', sha256: null } },
  registry: { path: 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\updater', value: 'updater', data: 'C:\\Users\\Public\\updater.exe' },
  dns: { questionName: 'update.evil-cdn.example' },
  url: { full: 'https://files.example.net/x', domain: 'files.example.net' },
  http: { requestMethod: 'GET', responseStatusCode: 200 },
  userAgent: 'curl/8.5.0',
  cloud: { provider: 'aws', accountId: '123456789012', region: 'us-east-1', serviceName: 'iam.amazonaws.com' },
});

// A v1-shaped event: none of the v2 fields.
const bare = event('e-bare', { process: { pid: 7, name: 'cmd.exe', executable: null, commandLine: null, parentName: null, parentCommandLine: null, parentExecutable: null, parentPid: null, hash: null } });

// Rebuilding history (correlator windows, rules backtests) reads events back from the table: the v2
// fields must survive the round trip, and absent ones must come back null, not as '' or 0.
describe.each(clickHouseEngines())('Event v2 fields through quell_events on %s', (_engine, options) => {
  const client = createClickHouseClient(options());
  const database = uniqueDatabase();

  beforeAll(async () => {
    await new MigrationRunner(client, { sets: [EVENT_HISTORY_MIGRATIONS], database }).run();
    await new EventHistoryRepository(client, database).insertBatch([full, bare].map(EventHistoryRepository.eventToRow), randomUUID());
  });

  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await client.close();
  });

  it('reads back every v2 field it stored, and null for those an event did not have', async () => {
    const read: Event[] = [];
    for await (const page of new EventHistoryRepository(client, database).pages({ from: T - 1, to: T + 1, tenant: 'acme' }, 10)) read.push(...page);
    const byId = new Map(read.map((e) => [e.id, e]));
    const v2 = (e: Event | undefined) => e && { code: e.code, provider: e.provider, observer: e.observer, network: e.network, file: e.file, registry: e.registry, dns: e.dns, url: e.url, http: e.http, userAgent: e.userAgent, cloud: e.cloud, process: e.process };
    expect(v2(byId.get('e-full'))).toEqual(v2(full));
    expect(v2(byId.get('e-bare'))).toEqual(v2(bare));
  });
});
