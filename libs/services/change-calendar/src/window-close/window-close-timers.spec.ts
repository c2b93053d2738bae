import { AvroCodec, type Change } from '@quell/contracts';
import type { EventHistory } from '@quell/platform-event-history';
import { InProcessEventBus } from '@quell/platform-kafka';
import { InMemoryTimerStore, TimerService } from '@quell/platform-timers';
import { keyOf, WindowCloseTimers, type WindowClosePayload } from './window-close-timers';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-03-02T00:00:00Z');
const SETTLE = 120_000;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function change(overrides: Partial<Change> = {}): Change {
  return {
    id: 'chg-31', tenant: 'acme', title: 'Firewall maintenance', ticketRef: 'CHG0031', kind: 'normal', status: 'approved',
    scope: { hosts: ['fw-01'], ips: [], services: [], tags: [], eventClasses: [], actions: [], rules: [] },
    windows: [{ start: NOW + HOUR, end: NOW + 3 * HOUR, rrule: null, timeZone: 'UTC', exdates: [] }],
    owner: 'netops', approver: 'cab', approvals: [], version: 1, ...overrides,
  };
}

describe('window-close timers: planning', () => {
  const held = new Map<string, Change>();
  const timers = new TimerService(new InMemoryTimerStore(), { logger: silent });
  // Planning never reads the history; firing is covered over the real one (window-close.int-spec.ts).
  const unreadHistory = {} as EventHistory;
  const windowClose = new WindowCloseTimers({
    timers, changeOf: (_tenant, id) => held.get(id), history: unreadHistory, bus: new InProcessEventBus({ logger: silent }), codec: new AvroCodec(),
    topic: 'screened', clock: () => NOW, settleMs: SETTLE, logger: silent,
  });

  const pending = async (window = 0) => {
    const timer = await timers.pending(keyOf('acme', 'chg-31', window));
    return timer && { dueAt: timer.dueAt, ...(JSON.parse(timer.payload) as WindowClosePayload) };
  };

  beforeEach(() => held.clear());

  it('schedules the close of an approved window once it has settled, keyed by change and window', async () => {
    await windowClose.plan(change());
    expect(await pending()).toEqual({ dueAt: NOW + 3 * HOUR + SETTLE, tenant: 'acme', changeId: 'chg-31', window: 0, start: NOW + HOUR, end: NOW + 3 * HOUR });
  });

  it('moves the close with a new version, drops it when the change is cancelled or a window removed', async () => {
    await windowClose.plan(change({ windows: [change().windows[0], { ...change().windows[0], start: NOW + 5 * HOUR, end: NOW + 6 * HOUR }] }));
    expect((await pending(1))?.end).toBe(NOW + 6 * HOUR);
    await windowClose.plan(change({ version: 2, windows: [{ ...change().windows[0], end: NOW + 4 * HOUR }] }));
    expect((await pending(0))?.end).toBe(NOW + 4 * HOUR);
    expect(await pending(1)).toBeNull();
    await windowClose.plan(change({ version: 3, status: 'cancelled' }));
    expect(await pending(0)).toBeNull();
  });

  it('plans a replayed older version as the newer one held', async () => {
    held.set('chg-31', change({ version: 5, status: 'cancelled' }));
    await windowClose.plan(change({ version: 1 }));
    expect(await pending()).toBeNull();
  });

  it('schedules the next occurrence of a recurring window, not one already over', async () => {
    const daily = { start: NOW - 22 * HOUR, end: NOW - 21 * HOUR, rrule: 'FREQ=DAILY', timeZone: 'Europe/Berlin', exdates: [] };
    await windowClose.plan(change({ windows: [daily] }));
    expect(await pending()).toMatchObject({ start: NOW + 2 * HOUR, end: NOW + 3 * HOUR });
  });
});
