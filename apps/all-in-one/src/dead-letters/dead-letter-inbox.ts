import { DEAD_LETTER_HEADERS, type InboundRecord } from '@quell/platform-kafka';
import { whyNotReplayable } from './dead-letter-replay';

/** Bytes of a dead letter's value shown in the API (the rest is counted in `size`). */
const PREVIEW_BYTES = 2048;
const TENANT_HEADER = 'quell.tenant';

/** One dead letter as the API shows it: why, from where, and the start of what failed. */
export interface DeadLetterView {
  /** The dead-letter topic's partition and offset: unique in this process. */
  id: string;
  tenant: string | null;
  reason: string;
  errorClass: string | null;
  stage: string | null;
  attempts: number | null;
  origin: { topic: string; partition: number; offset: string } | null;
  failedAt: string | null;
  key: string | null;
  size: number;
  /** The first bytes of the value as UTF-8 (invalid sequences replaced). */
  preview: string;
  headers: Record<string, string>;
  /** Whether POST /v1/dead-letters/{id}/replay would republish it now. */
  replayable: boolean;
  /** Why it cannot be replayed at all (see whyNotReplayable), or null. */
  notReplayable: string | null;
  /** When it was replayed (once only), or null. */
  replayedAt: string | null;
}

/** A letter as kept: its view, and the whole value a replay republishes. */
export interface StoredDeadLetter {
  view: DeadLetterView;
  value: Buffer;
}

/**
 * The all-in-one's dead letters, newest kept: its bus lives in the process, so the dead-letter
 * topic would otherwise be readable only in the log. Bounded (oldest dropped past `capacity`,
 * counted in `dropped`), and, like the in-process bus itself, not kept across a restart.
 */
export class DeadLetterInbox {
  private readonly letters: StoredDeadLetter[] = [];
  dropped = 0;

  /** `deadLetterTopic`: a letter from it is never replayed (it would come straight back). */
  constructor(
    private readonly capacity = 1000,
    private readonly deadLetterTopic = '',
  ) {}

  add(record: InboundRecord<Buffer>): void {
    const h = record.headers;
    const originTopic = h[DEAD_LETTER_HEADERS.topic];
    const notReplayable = whyNotReplayable(h, this.deadLetterTopic);
    const view: DeadLetterView = {
      id: `${record.partition}:${record.offset}`,
      tenant: h[TENANT_HEADER] ?? null,
      reason: h[DEAD_LETTER_HEADERS.error] ?? 'unknown',
      errorClass: h[DEAD_LETTER_HEADERS.errorClass] ?? null,
      stage: h[DEAD_LETTER_HEADERS.stage] ?? null,
      attempts: h[DEAD_LETTER_HEADERS.attempts] === undefined ? null : Number(h[DEAD_LETTER_HEADERS.attempts]),
      origin: originTopic ? { topic: originTopic, partition: Number(h[DEAD_LETTER_HEADERS.partition] ?? 0), offset: h[DEAD_LETTER_HEADERS.offset] ?? '' } : null,
      failedAt: h[DEAD_LETTER_HEADERS.failedAt] ?? null,
      key: record.key,
      size: record.value.length,
      preview: record.value.subarray(0, PREVIEW_BYTES).toString('utf8'),
      headers: h,
      replayable: notReplayable === null,
      notReplayable,
      replayedAt: null,
    };
    this.letters.push({ view, value: record.value });
    if (this.letters.length > this.capacity) {
      this.letters.shift();
      this.dropped++;
    }
  }

  /** Newest first; a tenant sees its own, `undefined` (an admin key) sees all. */
  list(tenant: string | undefined, limit: number): { items: DeadLetterView[]; total: number; dropped: number } {
    const visible = this.letters.filter(({ view }) => tenant === undefined || view.tenant === tenant).map(({ view }) => view);
    return { items: visible.slice(-limit).reverse(), total: visible.length, dropped: this.dropped };
  }

  /** A letter by id, if `tenant` may see it (`undefined`: any tenant). */
  get(id: string, tenant: string | undefined): StoredDeadLetter | undefined {
    return this.letters.find(({ view }) => view.id === id && (tenant === undefined || view.tenant === tenant));
  }

  /** Marks a letter replayed (or, with null, not: its publish failed) — synchronously, so a second request sees it. */
  markReplayed(letter: StoredDeadLetter, at: string | null): void {
    letter.view.replayedAt = at;
    letter.view.replayable = at === null && letter.view.notReplayable === null;
  }
}
