import type { Event } from '@quell/contracts';
import { eventWith } from '../sigma/sigma-test-events.test-util';
import { backtestRulesOfFile } from './backtest-rules';
import { summarizeBacktest } from './backtest-scan';

const WHOAMI = `title: Whoami
id: 11111111-1111-4111-8111-111111111111
logsource:
    product: windows
    category: process_creation
detection:
    selection:
        Image|endswith: '\\whoami.exe'
    condition: selection
`;

const run = (image: string, i: number): Event =>
  eventWith({ Image: image, EventID: '1', Channel: 'Microsoft-Windows-Sysmon/Operational' }, { id: `e${i}`, time: 1_000 + i, className: 'process', source: { type: 'windows', name: 'sysmon' } });

async function* pagesOf(events: Event[], size: number) {
  for (let i = 0; i < events.length; i += size) yield events.slice(i, i + size);
}

describe('summarizeBacktest', () => {
  const { rules } = backtestRulesOfFile(new Map([['w.yml', WHOAMI]]), 'w.yml');
  const events = Array.from({ length: 30 }, (_, i) => run(i % 3 === 0 ? 'C:\\Windows\\System32\\whoami.exe' : 'C:\\Windows\\notepad.exe', i));

  it('counts the events read and matched and keeps the first matching ones as a sample', async () => {
    const summary = await summarizeBacktest(rules!, pagesOf(events, 7), { maxEvents: 1000, timeoutMs: 60_000, sampleSize: 3 });
    expect(summary).toMatchObject({ eventsScanned: 30, matches: 10, alerts: 10, stoppedBy: null });
    expect(summary.sample.map((e) => e.id)).toEqual(['e0', 'e3', 'e6']);
  });

  it('stops at maxEvents, and says so only when events were left', async () => {
    expect(await summarizeBacktest(rules!, pagesOf(events, 7), { maxEvents: 10, timeoutMs: 60_000 })).toMatchObject({ eventsScanned: 10, matches: 4, stoppedBy: 'max-events' });
    expect(await summarizeBacktest(rules!, pagesOf(events, 10), { maxEvents: 30, timeoutMs: 60_000 })).toMatchObject({ eventsScanned: 30, stoppedBy: null });
  });

  it('stops between pages once the time is up', async () => {
    // Each page takes 600 ms of a fake clock: the second ends past the 1 s allowed.
    let clock = 0;
    async function* slowPages() {
      for await (const page of pagesOf(events, 5)) {
        clock += 600;
        yield page;
      }
    }
    expect(await summarizeBacktest(rules!, slowPages(), { maxEvents: 1000, timeoutMs: 1000, now: () => clock })).toMatchObject({ eventsScanned: 10, stoppedBy: 'timeout' });
  });

  it('names the file and line of a bad rule, and a rule the text does not hold', () => {
    expect(backtestRulesOfFile(new Map([['w.yml', WHOAMI.replace('title: Whoami\n', 'title: Whoami\nlevel: loud\n')]]), 'w.yml').errors[0]).toMatchObject({ file: 'w.yml', line: expect.any(Number), reason: expect.stringContaining('level') });
    expect(backtestRulesOfFile(new Map([['w.yml', WHOAMI]]), 'w.yml', { ruleRef: 'nope' }).errors).toEqual([{ file: 'w.yml', line: 1, reason: 'the file holds no rule with the id, name or title "nope"' }]);
  });
});
