import { SupersedingQueue } from '@quell/platform-state';
import {
  checkedRequest,
  DEFAULT_TIMER_LIMITS,
  TimerCapacityError,
  type ClaimResult,
  type StoredTimer,
  type TimerLimits,
  type TimerRequest,
  type TimerStore,
} from './timer-store.port';
import type { TimerJournal } from './timer-journal.port';

interface Entry {
  timer: StoredTimer;
  /** Due time while pending, lease deadline while handed out. */
  claimableAt: number;
}

/**
 * The all-in-one and unit-test store: the same contract as Redis's. Gone with the process, unless it
 * has a journal: then the timers it holds are loaded at creation and every change is written to it.
 */
export class InMemoryTimerStore implements TimerStore {
  private readonly entries = new Map<string, Entry>();
  /** The entries, soonest claimable first, so a claim costs the timers it takes, not every pending one (an escalation per open incident). */
  private readonly queue = new SupersedingQueue<Entry>(
    (entry) => entry.claimableAt,
    (entry) => this.entries.get(entry.timer.key) === entry,
    () => this.entries.values(),
    () => this.entries.size,
  );
  private readonly perTenant = new Map<string, number>();
  private sequence = 0;

  constructor(
    private readonly limits: TimerLimits = DEFAULT_TIMER_LIMITS,
    private readonly now: () => number = Date.now,
    private readonly journal?: TimerJournal,
  ) {
    for (const entry of journal?.load() ?? []) {
      this.entries.set(entry.timer.key, entry);
      this.queue.push(entry);
      this.perTenant.set(entry.timer.tenant, (this.perTenant.get(entry.timer.tenant) ?? 0) + 1);
      // fireIds go on from the last run's, so a key scheduled again never reuses one.
      this.sequence = Math.max(this.sequence, Number(entry.timer.fireId.slice(entry.timer.fireId.lastIndexOf('#') + 1)) || 0);
    }
  }

  async schedule(request: TimerRequest): Promise<void> {
    const checked = checkedRequest(request, this.now(), this.limits);
    const previous = this.entries.get(checked.key);
    const recount = previous?.timer.tenant !== checked.tenant;
    const held = this.perTenant.get(checked.tenant) ?? 0;
    if (recount && held >= this.limits.maxPerTenant) throw new TimerCapacityError(checked.tenant, this.limits.maxPerTenant);
    this.sequence += 1;
    this.keep({ timer: { ...checked, fireId: `${checked.key}#${this.sequence}`, fires: 0 }, claimableAt: checked.dueAt });
    if (recount) {
      if (previous) this.uncount(previous.timer.tenant);
      this.perTenant.set(checked.tenant, held + 1);
    }
    await this.journal?.committed();
  }

  async cancel(key: string): Promise<boolean> {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.remove(entry);
    await this.journal?.committed();
    return true;
  }

  async get(key: string): Promise<StoredTimer | null> {
    const entry = this.entries.get(key);
    return entry ? { ...entry.timer } : null;
  }

  async claim(leaseMs: number, limit: number): Promise<ClaimResult> {
    const now = this.now();
    const due: Entry[] = [];
    const claimable = (entry: Entry) => entry.claimableAt <= now;
    while (due.length < limit) {
      const entry = this.queue.popIf(claimable);
      if (!entry) break;
      due.push(entry);
    }
    const timers: StoredTimer[] = [];
    for (const entry of due) {
      this.keep({ timer: { ...entry.timer, fires: entry.timer.fires + 1 }, claimableAt: now + leaseMs });
      timers.push({ ...entry.timer, fires: entry.timer.fires + 1 });
    }
    const next = this.queue.peek()?.claimableAt;
    if (timers.length > 0) await this.journal?.committed();
    return { timers, nextInMs: next === undefined ? undefined : Math.max(0, next - now) };
  }

  async ack(key: string, fireId: string): Promise<boolean> {
    const entry = this.entries.get(key);
    if (entry?.timer.fireId !== fireId) return false;
    this.remove(entry);
    await this.journal?.committed();
    return true;
  }

  async release(key: string, fireId: string, delayMs: number): Promise<boolean> {
    const entry = this.entries.get(key);
    if (entry?.timer.fireId !== fireId) return false;
    this.keep({ timer: entry.timer, claimableAt: this.now() + delayMs });
    await this.journal?.committed();
    return true;
  }

  async size(): Promise<number> {
    return this.entries.size;
  }

  /** The journal first: when its write fails, the change fails with nothing changed (each caller awaits its commit). */
  private keep(entry: Entry): void {
    this.journal?.saved(entry);
    this.entries.set(entry.timer.key, entry);
    this.queue.push(entry);
  }

  private remove(entry: Entry): void {
    this.journal?.removed(entry.timer.key);
    this.entries.delete(entry.timer.key);
    this.uncount(entry.timer.tenant);
  }

  private uncount(tenant: string): void {
    const held = (this.perTenant.get(tenant) ?? 1) - 1;
    if (held > 0) this.perTenant.set(tenant, held);
    else this.perTenant.delete(tenant);
  }
}
