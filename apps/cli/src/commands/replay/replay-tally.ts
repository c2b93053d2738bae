/** What a target answered for one batch: how many it took, and each refused line with the reason. */
export interface BatchOutcome {
  accepted: number;
  rejected: { line: number; reason: string }[];
}

export interface RejectionReason {
  reason: string;
  count: number;
  /** The first line refused for this reason. */
  firstLine: number;
}

/** Distinct reasons kept; past it they are counted under one, so a file of junk cannot fill memory. */
const MAX_REASONS = 50;
const OTHER_REASONS = 'other reasons';

export interface ReplaySummary {
  target: string;
  sent: number;
  accepted: number;
  rejected: number;
  reasons: RejectionReason[];
  /** Requests or produces retried after the target asked to wait (429, 503 with Retry-After). */
  retries: number;
  elapsedMs: number;
  eventsPerSec: number;
  /** Why the replay stopped before the end of the input, when it did. */
  error?: string;
}

/** Counts of a replay so far, for the progress line and the summary. */
export class ReplayTally {
  sent = 0;
  accepted = 0;
  rejected = 0;
  retries = 0;
  private readonly reasons = new Map<string, RejectionReason>();

  record(outcome: BatchOutcome): void {
    this.accepted += outcome.accepted;
    this.rejected += outcome.rejected.length;
    for (const { line, reason } of outcome.rejected) {
      const key = this.reasons.has(reason) || this.reasons.size < MAX_REASONS ? reason : OTHER_REASONS;
      const known = this.reasons.get(key);
      if (known) known.count += 1;
      else this.reasons.set(key, { reason: key, count: 1, firstLine: line });
    }
  }

  summary(target: string, elapsedMs: number, error?: string): ReplaySummary {
    const eventsPerSec = elapsedMs > 0 ? Math.round((this.accepted * 1000) / elapsedMs) : this.accepted;
    const reasons = [...this.reasons.values()].sort((a, b) => b.count - a.count || a.firstLine - b.firstLine);
    return { target, sent: this.sent, accepted: this.accepted, rejected: this.rejected, reasons, retries: this.retries, elapsedMs, eventsPerSec, ...(error ? { error } : {}) };
  }
}

/** The summary for a person: one line of counts, then one line per rejection reason. */
export function summaryLines(summary: ReplaySummary): string[] {
  const seconds = (summary.elapsedMs / 1000).toFixed(1);
  const retries = summary.retries > 0 ? `, ${summary.retries} retried after the target asked to wait` : '';
  return [
    `sent ${summary.sent}, accepted ${summary.accepted}, rejected ${summary.rejected} in ${seconds} s (${summary.eventsPerSec} events/s) to ${summary.target}${retries}`,
    ...summary.reasons.map((r) => `  rejected ${r.count} × ${r.reason} (first at line ${r.firstLine})`),
  ];
}
