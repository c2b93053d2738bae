import type { AvroCodec, Change } from '@quell/contracts';
import { occurrencesOverlapping, type Occurrence } from '@quell/calendar';
import type { EventHistory } from '@quell/platform-event-history';
import type { EventBus } from '@quell/platform-kafka';
import { DEFAULT_TIMER_LIMITS, type StoredTimer, type TimerLogger, type TimerService } from '@quell/platform-timers';
import { configChangeSourcesIn } from './config-change-sources';
import { windowCloseAlertsOf } from './window-close-report';

/** The timer kind of a change window's close. */
export const WINDOW_CLOSE_TIMER = 'change-window-close';

/** A close due further ahead than the store's horizon is scheduled as a wake-up at the horizon, then again. */
const WAKE_UP_WITHIN_MS = DEFAULT_TIMER_LIMITS.maxHorizonMs - 24 * 3_600_000;

/** What a window-close timer carries. */
export interface WindowClosePayload {
  tenant: string;
  changeId: string;
  /** Which of the change's windows (each window has one pending close at a time). */
  window: number;
  start: number;
  end: number;
}

export interface WindowCloseDeps {
  timers: TimerService;
  /** The latest version of a change this replica holds. */
  changeOf(tenant: string, id: string): Change | undefined;
  history: EventHistory;
  bus: EventBus;
  codec: AvroCodec;
  /** Where the report goes: the screened topic (the calendar has judged it; screening it again could suppress it). */
  topic: string;
  clock: () => number;
  /** How long after a window's end its report waits for late events to reach the history (ms). */
  settleMs: number;
  logger: TimerLogger;
}

/**
 * Durable timers at the end of each approved change's windows, and the report published when one
 * fires. One timer per change window slot (key: tenant, change id, window index): storing a new
 * version reschedules it (the slot's next occurrence), a change no longer approved cancels it, and
 * a recurring window's next occurrence is scheduled once the report of the last one is published.
 * The occurrence start is in the payload and in the report's ids, so a refire publishes the same alerts.
 */
export class WindowCloseTimers {
  constructor(private readonly deps: WindowCloseDeps) {}

  register(): void {
    this.deps.timers.register(WINDOW_CLOSE_TIMER, { fire: (timer) => this.fire(timer), exhausted: (timer) => this.exhausted(timer) });
  }

  /** Schedules (or cancels) the closes of a change version; an older version than the one held is ignored. */
  async plan(change: Change): Promise<void> {
    const held = this.deps.changeOf(change.tenant, change.id);
    const latest = held && held.version > change.version ? held : change;
    const now = this.deps.clock();
    for (let window = 0; window < latest.windows.length; window++) {
      const next = latest.status === 'approved' ? nextOccurrence(latest, window, now) : null;
      if (next) await this.schedule(latest, window, next, now);
      else await this.deps.timers.cancel(keyOf(latest.tenant, latest.id, window));
    }
    // Slots of windows an earlier version had, cancelled until one is missing (one left behind past a gap fires,
    // finds no window, and publishes nothing).
    for (let window = latest.windows.length; await this.deps.timers.cancel(keyOf(latest.tenant, latest.id, window)); window++);
  }

  private async schedule(change: Change, window: number, occurrence: Occurrence, now: number): Promise<void> {
    const payload: WindowClosePayload = { tenant: change.tenant, changeId: change.id, window, start: occurrence.start, end: occurrence.end };
    await this.deps.timers.schedule({
      key: keyOf(change.tenant, change.id, window),
      dueAt: Math.min(occurrence.end + this.deps.settleMs, now + WAKE_UP_WITHIN_MS),
      kind: WINDOW_CLOSE_TIMER,
      payload: JSON.stringify(payload),
      tenant: change.tenant,
    });
  }

  private async fire(timer: StoredTimer): Promise<void> {
    const due = JSON.parse(timer.payload) as WindowClosePayload;
    const change = this.deps.changeOf(due.tenant, due.changeId);
    // Cancelled, rejected or gone meanwhile: its own version cancelled (or will cancel) the slot.
    if (!change || change.status !== 'approved' || !change.windows[due.window]) return;
    const now = this.deps.clock();
    const occurrence = { start: due.start, end: due.end };
    if (!stillAnOccurrence(change, due.window, occurrence)) return this.plan(change);
    // Not settled yet (a refire scheduled early, or a wake-up before a close past the store's horizon): again, later.
    if (occurrence.end + this.deps.settleMs > now) return this.schedule(change, due.window, occurrence, now);
    const sources = await configChangeSourcesIn(this.deps.history, change.tenant, occurrence);
    const alerts = windowCloseAlertsOf(change, occurrence, sources);
    await this.deps.bus.publish(alerts.map((alert) => ({ topic: this.deps.topic, key: alert.fingerprint, value: this.deps.codec.encodable('Alert', alert) })));
    // The slot's next occurrence (a recurring window); its scheduling replaces this fire, whose ack then keeps it.
    const next = nextOccurrence(change, due.window, occurrence.end);
    if (next) await this.schedule(change, due.window, next, now);
  }

  private async exhausted(timer: StoredTimer): Promise<void> {
    // The events stay in history: the log names the window whose report failed, for an operator to rebuild it.
    this.deps.logger.error({ key: timer.key, fires: timer.fires, window: JSON.parse(timer.payload) as WindowClosePayload }, 'window-close report failed too often: not published');
  }
}

export function keyOf(tenant: string, changeId: string, window: number): string {
  return `window-close:${tenant}:${changeId}:${window}`;
}

/** The first occurrence of the change's window that ends after `after`. */
function nextOccurrence(change: Change, window: number, after: number): Occurrence | null {
  const w = change.windows[window];
  if (!w.rrule) return w.end > after ? { start: w.start, end: w.end } : null;
  // Recurrences are at most daily-ish; a year ahead finds the next one of any rule validation accepts.
  const [next] = occurrencesOverlapping(w, after, after + 366 * 24 * 3_600_000).filter((o) => o.end > after);
  return next ?? null;
}

function stillAnOccurrence(change: Change, window: number, occurrence: Occurrence): boolean {
  return occurrencesOverlapping(change.windows[window], occurrence.start, occurrence.start + 1).some((o) => o.start === occurrence.start && o.end === occurrence.end);
}
