import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type { Event, RawEvent } from '@quell/contracts';
import { normalizeRecord } from '@quell/normalize';
import { parseCsvWatchlist } from './parse-csv';
import { WatchlistIndex } from './watchlist-index';

/** Real Windows events from ../shared/corpora, normalized as the pipeline does, looked up in watchlists. */
const CORPORA = join(__dirname, '../../../../shared/corpora');

function normalized(text: string, id: string): Event {
  const raw: RawEvent = { id, tenant: 'default', receivedAt: 0, source: { type: 'file', name: id, host: null }, format: null, contentType: 'text/plain', payload: Buffer.from(text), attributes: {} };
  return normalizeRecord(raw, 0);
}

/** The OTRF LSASS-dump recording: NXLog JSON lines in a one-file zip. */
function otrfEvents(): Event[] {
  const zip = readFileSync(join(CORPORA, 'otrf/psh_lsass_memory_dump_comsvcs.zip'));
  const central = zip.readUInt32LE(zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) + 16);
  const method = zip.readUInt16LE(central + 10);
  const size = zip.readUInt32LE(central + 20);
  const local = zip.readUInt32LE(central + 42);
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const body = zip.subarray(start, start + size);
  return (method === 0 ? body : inflateRawSync(body))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => normalized(line, `otrf#${i + 1}`));
}

describe('watchlists over real Windows events', () => {
  const regression = normalized(
    readFileSync(join(CORPORA, 'sigma/regression/rules-threat-hunting/windows/image_load/image_load_win_werfaultsecure_dbgcore_dbghelp_load/8a2f4b1c-3d5e-4f7a-9b2c-1e4f6d8a9c2b.json'), 'utf8'),
    'regression#1',
  );
  const events = [...otrfEvents(), regression];
  const index = new WatchlistIndex([
    // rundll32.exe of the OTRF recording, dbgcore.dll of the SigmaHQ regression log, and an IMPHASH that must not count as a file hash.
    parseCsvWatchlist('hashes', 'type,value\nmd5,F68AF942FD7CCC0E7BAB1A2335D2AD26\nsha256,1B48A4F8D20026E6C56E3AB4CC4788FA6425C8A75F8D91C2869FA533DE6B209E\nmd5,F27A7FC3A53E74F45BE370131953896A\n'),
    parseCsvWatchlist('azure_wireserver', '# type: cidr\n168.63.128.0/23\n'),
    parseCsvWatchlist('watched_users', 'user\nwardog\n'),
  ]);
  const hits = events.flatMap((event) => index.matchEvent(event).map((hit) => ({ event: event.id, ...hit })));

  it('finds Sysmon file hashes in the Hashes field, never the import hash', () => {
    const hashHits = hits.filter((h) => h.list === 'hashes');
    // rundll32.exe loading its own image (Sysmon 7, #93) and starting (Sysmon 1, #107); dbgcore.dll loaded (Sysmon 7).
    expect(hashHits.map((h) => `${h.event}|${h.field}|${h.indicator}`)).toEqual([
      'otrf#93|Hashes|f68af942fd7ccc0e7bab1a2335d2ad26',
      'otrf#107|Hashes|f68af942fd7ccc0e7bab1a2335d2ad26',
      'regression#1|Hashes|1b48a4f8d20026e6c56e3ab4cc4788fa6425c8a75f8d91c2869fa533de6b209e',
    ]);
  });

  it('finds the destination of the Windows Filtering Platform connections (5156) in a CIDR list', () => {
    const ipHits = hits.filter((h) => h.list === 'azure_wireserver');
    expect(ipHits).toHaveLength(3);
    expect(new Set(ipHits.map((h) => `${h.field}|${h.value}`))).toEqual(new Set(['dst.ip|168.63.129.16']));
  });

  it('finds a domain-qualified user by its bare name', () => {
    const userHits = hits.filter((h) => h.list === 'watched_users');
    expect(userHits.length).toBeGreaterThan(0);
    expect(userHits.every((h) => h.value === 'wardog')).toBe(true);
  });
});
