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

interface Entry {
  timer: StoredTimer;
  /** Due time while pending, lease deadline while handed out. */
  claimableAt: number;
}

/** The all-in-one and unit-test store: the same contract as Redis's, gone with the process. */
export class InMemoryTimerStore implements TimerStore {
  private readonly entries = new Map<string, Entry>();
  private readonly perTenant = new Map<string, number>();
  private sequence = 0;

  constructor(
    private readonly limits: TimerLimits = DEFAULT_TIMER_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  async schedule(request: TimerRequest): Promise<void> {
    const checked = checkedRequest(request, this.now(), this.limits);
    const previous = this.entries.get(checked.key);
    if (previous?.timer.tenant !== checked.tenant) {
      const held = this.perTenant.get(checked.tenant) ?? 0;
      if (held >= this.limits.maxPerTenant) throw new TimerCapacityError(checked.tenant, this.limits.maxPerTenant);
      if (previous) this.uncount(previous.timer.tenant);
      this.perTenant.set(checked.tenant, held + 1);
    }
    this.sequence += 1;
    this.entries.set(checked.key, { timer: { ...checked, fireId: `${checked.key}#${this.sequence}`, fires: 0 }, claimableAt: checked.dueAt });
  }

  async cancel(key: string): Promise<boolean> {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.remove(entry);
    return true;
  }

  async get(key: string): Promise<StoredTimer | null> {
    const entry = this.entries.get(key);
    return entry ? { ...entry.timer } : null;
  }

  async claim(leaseMs: number, limit: number): Promise<ClaimResult> {
    const now = this.now();
    const due = [...this.entries.values()].filter((e) => e.claimableAt <= now).sort((a, b) => a.claimableAt - b.claimableAt);
    const timers: StoredTimer[] = [];
    for (const entry of due.slice(0, limit)) {
      entry.timer.fires += 1;
      entry.claimableAt = now + leaseMs;
      timers.push({ ...entry.timer });
    }
    let next = Infinity;
    for (const entry of this.entries.values()) next = Math.min(next, entry.claimableAt);
    return { timers, nextInMs: next === Infinity ? undefined : Math.max(0, next - now) };
  }

  async ack(key: string, fireId: string): Promise<boolean> {
    const entry = this.entries.get(key);
    if (entry?.timer.fireId !== fireId) return false;
    this.remove(entry);
    return true;
  }

  async release(key: string, fireId: string, delayMs: number): Promise<boolean> {
    const entry = this.entries.get(key);
    if (entry?.timer.fireId !== fireId) return false;
    entry.claimableAt = this.now() + delayMs;
    return true;
  }

  async size(): Promise<number> {
    return this.entries.size;
  }

  private remove(entry: Entry): void {
    this.entries.delete(entry.timer.key);
    this.uncount(entry.timer.tenant);
  }

  private uncount(tenant: string): void {
    const held = (this.perTenant.get(tenant) ?? 1) - 1;
    if (held > 0) this.perTenant.set(tenant, held);
    else this.perTenant.delete(tenant);
  }
}
