import type { Alert, RuleMatch } from '@quell/contracts';
import type { EventHistory } from '@quell/platform-event-history';
import type { EventBus } from '@quell/platform-kafka';
import { detectionsIn } from '../detection/events.handler';
import { matchKeyOf } from '../detection/match-routing';
import type { CorrelatorRules } from '../rules/correlator-rules';

export const HISTORY_REBUILD = Symbol('HISTORY_REBUILD');

export interface HistoryRebuildOptions {
  /** Most events read for one partition: the newest of the horizon. */
  maxEvents: number;
  allowedLatenessMs: number;
  /** Events per ClickHouse query (default 5,000). */
  pageSize?: number;
  now?: () => number;
}

/**
 * What else a rebuild feeds besides the Sigma matches: stage 2's keyed processors (the kill chain)
 * read records stage 1 derives from its detection alerts (`EventDetector.follow`), over their own
 * horizon (the kill-chain window).
 */
export interface RebuildFollowers {
  follow(alerts: readonly Alert[]): RuleMatch[];
  horizonMs: number;
}

/** What one rebuild read and fed. */
export interface RebuildSummary {
  /** Events read from the history. */
  events: number;
  /** Matches of this partition fed to the windows, in event-time order. */
  matches: number;
  horizonMs: number;
  /** The horizon held more events than maxEvents: only the newest were read. */
  truncated: boolean;
}

/**
 * Rebuilds a matches partition's windows from the event history (DESIGN: "Window state is rebuilt
 * from ClickHouse history after a restart or rebalance"), for when the state store has nothing for
 * it: the events of the last horizon (the longest correlation timespan plus the allowed lateness)
 * go through stage-1 detection again, and the matches the producer would have sent to this
 * partition are fed in event-time order. Their ids are stage 1's (`<event id>#<rule id>`), so the
 * same matches replayed from the topic afterwards are skipped by the engine as already counted.
 */
export class WindowHistoryRebuild {
  private readonly now: () => number;

  constructor(
    private readonly history: EventHistory,
    private readonly bus: Pick<EventBus, 'keyPartitioner'>,
    private readonly options: HistoryRebuildOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** How far back the history can hold a match a window still needs; 0 without correlations or followers. */
  horizonMs(rules: CorrelatorRules, followers?: RebuildFollowers): number {
    const spans = [...rules.correlations.definitions.map((def) => def.timespanMs), followers?.horizonMs ?? 0];
    const longest = Math.max(...spans);
    return longest === 0 ? 0 : longest + this.options.allowedLatenessMs;
  }

  /** The bus cannot say where its producer puts a key: the partition's matches cannot be told apart. */
  get possible(): boolean {
    return this.bus.keyPartitioner !== undefined;
  }

  async rebuild(rules: CorrelatorRules, target: { topic: string; partition: number }, feed: (match: RuleMatch) => void, followers?: RebuildFollowers): Promise<RebuildSummary> {
    const horizonMs = this.horizonMs(rules, followers);
    const summary: RebuildSummary = { events: 0, matches: 0, horizonMs, truncated: false };
    if (horizonMs === 0 || !this.bus.keyPartitioner) return summary;
    const partitionOf = await this.bus.keyPartitioner(target.topic);
    const now = this.now();
    // Events stamped a little ahead of this clock (skew) are as live as the rest.
    const range = { from: now - horizonMs, to: now + this.options.allowedLatenessMs + 1 };
    const from = await this.history.newestEventsStart(range, this.options.maxEvents);
    summary.truncated = from > range.from;
    for await (const page of this.history.pages({ ...range, from }, this.options.pageSize ?? 5_000)) {
      for (const event of page) {
        if (summary.events === this.options.maxEvents) return summary;
        summary.events++;
        const found = detectionsIn(rules, event);
        for (const match of followers ? [...found.matches, ...followers.follow(found.alerts)] : found.matches) {
          if (partitionOf(matchKeyOf(match)) !== target.partition) continue;
          feed(match);
          summary.matches++;
        }
      }
    }
    return summary;
  }
}
