import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Change } from '@quell/contracts';
import { waitFor } from '@quell/platform-testing';
import { ChangeCalendar } from '../change-calendar';
import { CalendarHarness, firewallDraft, KEYS } from '../test/calendar-harness';

/** The all-in-one (BUS=memory, embedded engine): a restart rebuilds the calendar from the ClickHouse mirror. */
describe('the one-process calendar across a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'quell-calendar-restart-'));
  let calendar: CalendarHarness | undefined;

  afterAll(() => calendar?.stop());

  it('keeps an approved change', async () => {
    calendar = await new CalendarHarness(undefined, dataDir).start();
    const { change } = (await (await calendar.request('POST', '/v1/changes', KEYS.write, firewallDraft())).json()) as { change: Change };
    await calendar.request('POST', `/v1/changes/${change.id}/approve`, KEYS.admin, {});
    await waitFor(async () => {
      const { versions } = (await (await calendar!.request('GET', `/v1/changes/${change.id}/versions`, KEYS.read)).json()) as { versions: Change[] };
      return versions.length === 2 ? true : undefined;
    }, { description: 'both versions mirrored' });
    await calendar.stop();

    calendar = await new CalendarHarness(undefined, dataDir).start();
    const read = await calendar.request('GET', `/v1/changes/${change.id}`, KEYS.read);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ status: 'approved', approver: 'alice', version: 2 });
    // Screening's index holds it too.
    expect(calendar.service.app.get(ChangeCalendar).index.size).toBe(1);
  }, 60_000);
});
