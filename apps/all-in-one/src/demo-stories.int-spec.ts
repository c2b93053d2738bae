// The demo as `npm start` runs it on a fresh data directory (a child process, the embedded engine, the
// in-process bus): once the replay settles, the incidents API tells the three stories (issue 15).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@quell/platform-testing';
import { STORY } from './demo/demo-stories';
import { killAllInOnes, startAllInOne, stopAllInOne, untilReady, type AllInOneRun } from './test/all-in-one-child';

const KEY = 'quell-demo-key';
const BRUTE_FORCE_THEN_LOGON = '9b2d7f1c-3e5a-4c8b-8f6d-1a4e7c0b5d44';
const LSASS_DUMP_COMSVCS = 'a49fa4d5-11db-418c-8473-1e014a8dd462';

interface Summary {
  id: string;
  title: string;
  priority: number;
  entities: string[];
  ruleIds: string[];
  firstSeen: number;
  lastSeen: number;
}
interface Change {
  id: string;
  ticketRef: string | null;
  title: string;
  status: string;
  windows: { start: number; end: number; timeZone: string }[];
}

const on = (host: string) => (i: Summary) => i.entities.includes(`host:${host}`);
const berlinTime = (t: number) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(t);

describe('the demo tells the three stories', () => {
  jest.setTimeout(180_000);
  let run: AllInOneRun;
  let url: string;
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${KEY}` } });
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    return (await response.json()) as T;
  };
  /** The incidents once every story has reached its end (polled: the pipeline works on after the replay). */
  async function settled(): Promise<Summary[]> {
    let items: Summary[] = [];
    for (let i = 0; i < 240; i++) {
      items = (await api<{ items: Summary[] }>('/v1/incidents?limit=100')).items;
      const breach = items.find(on(STORY.breach.host));
      const slow = items.find(on(STORY.slow.host));
      const night = items.find(on(STORY.night.host));
      const told = [breach?.ruleIds.includes(BRUTE_FORCE_THEN_LOGON), breach?.ruleIds.includes(LSASS_DUMP_COMSVCS), slow?.ruleIds.includes('quell.killchain.user'), night?.ruleIds.includes('quell.change.unapproved')];
      if (told.every(Boolean)) return items;
      await new Promise((done) => setTimeout(done, 500));
    }
    throw new Error(`the stories did not settle: ${JSON.stringify(items.map((i) => [i.title, i.priority, i.entities, i.ruleIds]))}`);
  }

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    run = startAllInOne({ PORT: String(port), CLICKHOUSE_DATA_DIR: join(mkdtempSync(join(tmpdir(), 'quell-demo-')), 'clickhouse') });
    await untilReady(url, run);
  });

  afterAll(async () => {
    if (run) await stopAllInOne(run);
    killAllInOnes();
  });

  it('turns thousands of events into a handful of incidents, the breach on top, the night change suppressed, the slow intrusion escalated', async () => {
    const started = Date.now();
    const items = await settled();
    // The banner is a log line when stdout is no terminal: written once the replay has been handed over.
    let line: string | undefined;
    for (let i = 0; i < 60 && !(line = run.stdout().split('\n').find((l) => l.includes('Quell all-in-one is running'))); i++) await new Promise((done) => setTimeout(done, 500));
    const banner = JSON.parse(line ?? '{}') as { demo: { replay: boolean; events: number } };
    expect(banner.demo).toMatchObject({ replay: true });
    expect(banner.demo.events).toBeGreaterThan(2_000);
    expect(items.length).toBeGreaterThanOrEqual(4);
    expect(items.length).toBeLessThanOrEqual(8);

    // (b) The breach: the logon chain and the LSASS dump in one incident, first in the queue (highest priority, then newest).
    const breach = items.find(on(STORY.breach.host)) as Summary;
    expect(breach.ruleIds).toEqual(expect.arrayContaining([BRUTE_FORCE_THEN_LOGON, LSASS_DUMP_COMSVCS]));
    expect(breach.entities).toContain(`ip:${STORY.breach.attacker}`);
    const queue = [...items].sort((a, b) => a.priority - b.priority || b.lastSeen - a.lastSeen);
    expect(queue[0].id).toBe(breach.id);
    expect(breach.priority).toBe(1);
    // Its events are recent: the last hour's views show them.
    expect(breach.lastSeen).toBeGreaterThan(started - 3_600_000);

    // (a) The approved night change: imported, 01:00–03:00 Europe/Berlin last night, the alerts of its window suppressed under it.
    const changes = (await api<{ changes: Change[] }>(`/v1/changes?ticketRef=${STORY.night.ticket}`)).changes;
    const night = changes.find((c) => c.ticketRef === STORY.night.ticket) as Change;
    expect(night).toMatchObject({ title: 'Firewall maintenance', status: 'approved' });
    expect(night.windows.map((w) => [berlinTime(w.start), berlinTime(w.end), w.timeZone])).toEqual([['01:00', '03:00', 'Europe/Berlin']]);
    expect(night.windows[0].end).toBeLessThan(started);
    expect(night.windows[0].start).toBeGreaterThan(started - 2 * 86_400_000);
    let suppressed: { alerts: { rule: { title: string }; entities: { type: string; value: string }[]; suppression: { state: string; changeId: string } }[] } = { alerts: [] };
    for (let i = 0; i < 60 && suppressed.alerts.filter((a) => a.rule.title === 'Firewall policy changed').length < 1; i++) {
      suppressed = await api(`/v1/changes/${night.id}/suppressed-alerts`);
      await new Promise((done) => setTimeout(done, 500));
    }
    expect(suppressed.alerts.map((a) => a.rule.title)).toContain('Firewall policy changed');
    for (const alert of suppressed.alerts) {
      expect(alert.suppression).toMatchObject({ state: 'suppressed', changeId: night.id });
      expect(alert.entities).toContainEqual({ type: 'host', value: STORY.night.host });
    }
    // …and the change after it, which nobody approved, is an alert of its own.
    const unapproved = items.find(on(STORY.night.host)) as Summary;
    expect(unapproved.ruleIds).toContain('quell.change.unapproved');
    expect(unapproved.entities).toContain(`user:${STORY.night.stranger}`);

    // (c) The slow intrusion: low steps over days on one host, escalated by the kill chain into one incident.
    const slow = items.filter(on(STORY.slow.host));
    expect(slow).toHaveLength(1);
    expect(slow[0].ruleIds).toEqual(expect.arrayContaining(['quell.killchain.host', 'quell.killchain.user']));
    expect(slow[0].lastSeen - slow[0].firstSeen).toBeGreaterThan(7 * 86_400_000);
  });
});
