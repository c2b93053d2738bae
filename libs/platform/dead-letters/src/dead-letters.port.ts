import type { InboundRecord } from '@quell/platform-kafka';

/** One dead letter as the API shows it: why, from where, the start of what failed, and its replay. */
export interface DeadLetterView {
  /** Derived from the consumer group and origin coordinates: the same letter read twice has one id. */
  id: string;
  tenant: string | null;
  reason: string;
  errorClass: string | null;
  /** decode (the bytes were not a valid record) or handle (the stage's handler failed on it). */
  stage: string | null;
  /** The consumer group that gave up on it: which service's stage. */
  group: string | null;
  attempts: number | null;
  origin: { topic: string; partition: number; offset: string } | null;
  failedAt: string;
  key: string | null;
  /** Bytes of the original value (`preview` and the stored copy may hold fewer). */
  size: number;
  /** The first bytes of the value as UTF-8 (invalid sequences replaced). */
  preview: string;
  headers: Record<string, string>;
  /** Whether POST /v1/dead-letters/{id}/replay would republish it now. */
  replayable: boolean;
  /** Why it cannot be replayed at all, or null. */
  notReplayable: string | null;
  /** When it was replayed (once only), and by which key, or null. */
  replayedAt: string | null;
  replayedBy: string | null;
}

/** A letter as kept: its view, and the whole value a replay republishes. */
export interface StoredDeadLetter {
  view: DeadLetterView;
  value: Buffer;
}

export interface DeadLetterFilter {
  /** The key's tenant; undefined (an admin key) sees every tenant's. */
  tenant: string | undefined;
  stage?: string;
  group?: string;
  /** Text the reason contains (case-insensitive). */
  reason?: string;
  /** Failed at or after / before (epoch ms). */
  from?: number;
  to?: number;
  /** The page after this one (nextCursor of the previous page). */
  cursor?: string;
  limit: number;
}

export interface DeadLetterPage {
  items: DeadLetterView[];
  /** Pass as `cursor` for the next (older) page; null on the last. */
  nextCursor: string | null;
}

export const DEAD_LETTER_STORE = Symbol('DEAD_LETTER_STORE');

/** The dead letters kept for operators: written by a consumer of the dead-letter topic, listed and replayed through the API. */
export interface DeadLetterStore {
  /** Stores the letters read from the dead-letter topic; resolves once stored (a letter stored twice collapses). */
  record(records: readonly InboundRecord<Buffer>[]): Promise<void>;
  list(filter: DeadLetterFilter): Promise<DeadLetterPage>;
  /** A letter by id, if `tenant` may see it (undefined: any tenant). */
  get(id: string, tenant: string | undefined): Promise<StoredDeadLetter | undefined>;
  /** Marks the letter replayed by `by` (durably), or with null `at` not replayed (its publish failed). */
  markReplayed(letter: DeadLetterView, at: number | null, by: string): Promise<void>;
}
