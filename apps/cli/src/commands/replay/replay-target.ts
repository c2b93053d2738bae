import type { ReplayLine } from './replay-lines';
import type { BatchOutcome } from './replay-tally';

/** Where a replay sends its lines: the ingest HTTP API or the ingest topic. */
export interface ReplayTarget {
  /** Shown in the summary (no key, no credentials). */
  readonly name: string;
  /** Connects, or throws ApiUnavailable naming why it cannot. */
  open(): Promise<void>;
  /** Sends one batch; throws ApiUnavailable when the target cannot take it (the replay stops). */
  send(lines: ReplayLine[]): Promise<BatchOutcome>;
  close(): Promise<void>;
}

/** How the lines are told to ingest: the declared format (text lines) or none (NDJSON), and the tenant asked for. */
export interface ReplayLabels {
  format?: string;
  tenant?: string;
  source: string;
  /** Counts a retry after the target asked to wait. */
  onRetry(): void;
}
