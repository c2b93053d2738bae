import { Controller, Inject, Optional } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Alert, AvroCodec, RuleMatch, Topics } from '@quell/contracts';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { CODEC, SERVICE_CONFIG, TOPICS } from '@quell/platform-service-kit';
import { STATE_STORE, StaleStateError, type StateStore } from '@quell/platform-state';
import type { CorrelatorConfig } from '../config';
import { CorrelatorMetrics } from '../correlator.metrics';
import { matchKeyOf } from '../detection/match-routing';
import { EVENT_DETECTORS, followAlerts, KEYED_PROCESSORS, type EventDetector, type KeyedProcessor } from '../extensions';
import type { CorrelatorRules } from '../rules/correlator-rules';
import { CorrelatorRulesSource } from '../rules/rules.provider';
import { HISTORY_REBUILD, type RebuildFollowers, type RebuildSummary, type WindowHistoryRebuild } from './history-rebuild';
import { PartitionWindows } from './partition-windows';
import { WindowStateStore, type KeptOutput } from './window-state';

// Never rename silently: the group's committed offsets and the windows' state go together.
export const WINDOWS_GROUP = 'correlator-windows';

const EVICT_EVERY_MS = 60_000;

interface LivePartition {
  windows: PartitionWindows;
  rules: CorrelatorRules;
  nextOffset: string | null;
  outbox: KeptOutput[];
  evictedAt: number;
  /** The store may hold groups these windows dropped (restore, rules change): the next write replaces all. */
  rewriteAll: boolean;
  /** Outputs of a rebuild from history, sent with the first batch after it. */
  rebuilt?: OutboundRecord[];
}

const before = (a: string, b: string | null): boolean => b !== null && BigInt(a) < BigInt(b);

/**
 * Stage 2, stateful: the matches topic in its own consumer group, one set of windows per assigned
 * partition. Each batch ends with one atomic write of the partition's state (the groups it changed
 * or evicted, next offset, kept outputs) before its outputs are published and its offsets committed. The live state is trusted
 * only when the batch starts exactly where it ended; anything else (first batch, a partition that
 * came back after a rebalance, a replay after a crash, a failed batch) reloads it from the store.
 */
@Controller()
export class MatchesHandler {
  private readonly live = new Map<string, LivePartition>();
  private readonly state: WindowStateStore;
  /** Outputs of this many latest offsets are kept: no uncommitted batch is longer (one bus slice). */
  private readonly keepOffsets: bigint;

  constructor(
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
    private readonly rules: CorrelatorRulesSource,
    @Inject(STATE_STORE) store: StateStore,
    @Inject(SERVICE_CONFIG) private readonly config: CorrelatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: CorrelatorMetrics,
    @Optional() @Inject(KEYED_PROCESSORS) private readonly keyed: KeyedProcessor[] = [],
    @Optional() @Inject(EVENT_DETECTORS) private readonly detectors: EventDetector[] = [],
    @Optional() @Inject(HISTORY_REBUILD) private readonly history: WindowHistoryRebuild | null = null,
  ) {
    this.state = new WindowStateStore(store);
    this.keepOffsets = BigInt(config.BATCH_MAX_RECORDS);
  }

  @ConsumeBatch('matches', { group: WINDOWS_GROUP })
  async handle(@Payload() records: InboundRecord<RuleMatch>[]): Promise<OutboundRecord[]> {
    if (records.length === 0) return [];
    const { topic, partition } = records[0];
    const id = `${topic}/${partition}`;
    try {
      return await this.handlePartitionBatch(records, topic, partition, id);
    } catch (error) {
      // The windows may hold part of the batch: the retry starts again from the stored state.
      // Thrown, the batch's outputs are not published and its offsets not committed (deliverBatch).
      this.live.delete(id);
      if (error instanceof StaleStateError) this.fenced(topic, partition, error);
      throw error;
    }
  }

  /** Another replica wrote this partition since this one loaded it (e.g. one of them outlived its session during a rebalance). */
  private fenced(topic: string, partition: number, error: StaleStateError): void {
    this.metrics.stateWritesFenced.inc({ partition: String(partition) });
    this.logger.warn(
      { topic, partition, expectedRevision: error.expectedRevision, actualRevision: error.actualRevision },
      'window state write fenced: another replica wrote the partition since it was loaded; batch dropped, retried from the stored state',
    );
  }

  private async handlePartitionBatch(records: InboundRecord<RuleMatch>[], topic: string, partition: number, id: string): Promise<OutboundRecord[]> {
    const first = records[0].offset;
    let live = this.live.get(id);
    const rules = this.rules.current;
    if (!live || live.nextOffset !== first) live = await this.restore(topic, partition, rules, first);
    else if (live.rules !== rules) live = this.withRules(live, rules);
    this.live.set(id, live);

    const outputs: OutboundRecord[] = live.rebuilt?.splice(0) ?? [];
    const kept: KeptOutput[] = outputs.map((record) => ({ offset: first, record }));
    let replayed = 0;
    const refused = { tooLate: 0 };
    for (const record of records) {
      if (before(record.offset, live.nextOffset)) {
        replayed++;
        continue;
      }
      for (const output of this.apply(live.windows, record.value, refused)) {
        outputs.push(output);
        kept.push({ offset: record.offset, record: output });
      }
    }
    if (replayed > 0) {
      this.metrics.matchesIgnored.inc({ reason: 'replayed' }, replayed);
      // Outputs of the replayed offsets may never have been published: send them again (same ids).
      outputs.unshift(...live.outbox.filter((o) => !before(o.offset, first)).map((o) => o.record));
    }
    if (refused.tooLate > 0) this.warnTooLate(topic, partition, refused.tooLate);
    const last = BigInt(records[records.length - 1].offset);
    const next = last + 1n;
    if (live.nextOffset === null || next > BigInt(live.nextOffset)) live.nextOffset = next.toString();
    live.outbox = [...live.outbox, ...kept].filter((o) => BigInt(o.offset) >= BigInt(live.nextOffset as string) - this.keepOffsets);
    this.evictIfDue(live, partition);
    const replace = live.rewriteAll;
    const windows = replace ? live.windows.allAsChanges() : live.windows.takeChanges();
    await this.state.save(topic, partition, { nextOffset: live.nextOffset, outbox: live.outbox, windows, replace });
    live.rewriteAll = false;
    return outputs;
  }

  private apply(windows: PartitionWindows, match: RuleMatch, refused?: { tooLate: number }): OutboundRecord[] {
    const out = windows.process(match);
    if (out.ignored) this.metrics.matchesIgnored.inc({ reason: out.ignored });
    if (out.ignored === 'too-late' && refused) refused.tooLate++;
    if (out.opened) this.metrics.correlationResults.inc({ correlation: match.correlationId, kind: 'opened' }, out.opened);
    if (out.updated) this.metrics.correlationResults.inc({ correlation: match.correlationId, kind: 'updated' }, out.updated);
    for (const correlation of out.missingGroupBy) this.metrics.missingGroupBy.inc({ correlation });
    // Alerts raised here are followed like stage 1's (e.g. correlation alerts feed the kill chain).
    const followed = followAlerts(this.detectors, out.alerts);
    return [...out.alerts.map((alert) => this.alertRecord(alert)), ...[...out.matches, ...followed].map((m) => this.matchRecord(m))];
  }

  /** After a rules reload: the same state under the new rules; windows of changed or removed correlations are dropped. */
  private withRules(live: LivePartition, rules: CorrelatorRules): LivePartition {
    const windows = this.newWindows(rules);
    windows.restore(live.windows.snapshot());
    return { ...live, windows, rules, rewriteAll: true };
  }

  private newWindows(rules: CorrelatorRules): PartitionWindows {
    return new PartitionWindows(rules, this.keyed, { clock: Date.now, allowedLatenessMs: this.config.CORRELATION_ALLOWED_LATENESS_MS });
  }

  /**
   * Matches older than the partition's newest event time minus the allowed lateness count for no
   * correlation. After an outage, paths that resume at different times (HTTP straight to the raw
   * topic, shippers through ingest's consumer) deliver one host's events out of order by about the
   * outage's length: past the lateness, this is where they go, so it is said once per batch.
   */
  private warnTooLate(topic: string, partition: number, count: number): void {
    this.logger.warn(
      { topic, partition, count, allowedLatenessMs: this.config.CORRELATION_ALLOWED_LATENESS_MS },
      'matches older than the allowed lateness behind the partition\'s newest event time: not counted by any correlation',
    );
  }

  private async restore(topic: string, partition: number, rules: CorrelatorRules, first: string): Promise<LivePartition> {
    const windows = this.newWindows(rules);
    const stored = await this.state.load(topic, partition);
    // State that ends before the batch starts lacks the matches in between: another replica handled
    // them with a store of its own (no Redis), or a batch was dead-lettered without a write.
    const behind = stored !== null && stored.nextOffset !== null && before(stored.nextOffset, first);
    if ((!stored || behind) && this.history?.possible) {
      const fresh: LivePartition = { windows, rules, nextOffset: null, outbox: [], evictedAt: Date.now(), rewriteAll: true };
      return this.rebuildFromHistory(this.history, topic, partition, fresh, behind ? 'behind' : 'none');
    }
    if (stored?.windows) windows.restore(stored.windows);
    const outcome = behind ? 'behind' : stored ? 'restored' : 'empty';
    this.metrics.stateRestores.inc({ outcome });
    const details = { topic, partition, nextOffset: stored?.nextOffset ?? null, first, groups: windows.activeGroups };
    if (behind) this.logger.warn(details, 'window state ends before the batch and no history can fill the gap: the matches in between are missing from the windows');
    else this.logger.info(details, stored ? 'window state restored' : 'window state starts empty');
    return { windows, rules, nextOffset: stored?.nextOffset ?? null, outbox: stored?.outbox ?? [], evictedAt: Date.now(), rewriteAll: true };
  }

  /**
   * Nothing usable stored for the partition (first start, store flushed or in memory, or state that
   * ends before the batch starts): its windows from the event history. What they raise on the way (alerts whose condition held in history, chained
   * matches) is sent like any output: the ids are deterministic, so an alert sent before the state
   * was lost is the same alert downstream, and one lost before it was sent is not lost.
   */
  private async rebuildFromHistory(history: WindowHistoryRebuild, topic: string, partition: number, live: LivePartition, stored: 'none' | 'behind'): Promise<LivePartition> {
    const started = performance.now();
    const outputs: OutboundRecord[] = [];
    let summary: RebuildSummary;
    try {
      summary = await history.rebuild(live.rules, { topic, partition }, (match) => outputs.push(...this.apply(live.windows, match)), this.rebuildFollowers());
    } catch (error) {
      // Failing the batch would hold back (and finally dead-letter) live matches: start empty, as without a history.
      this.metrics.stateRestores.inc({ outcome: 'rebuild_failed' });
      this.logger.error({ topic, partition, stored, err: error }, 'window state rebuild from history failed; windows start empty');
      return { ...live, windows: this.newWindows(live.rules) };
    }
    const seconds = (performance.now() - started) / 1000;
    const groups = live.windows.activeGroups;
    this.metrics.stateRestores.inc({ outcome: summary.horizonMs === 0 ? 'empty' : 'rebuilt' });
    this.metrics.rebuildEvents.inc(summary.events);
    this.metrics.rebuildMatches.inc(summary.matches);
    this.metrics.rebuildGroups.inc(groups);
    this.metrics.rebuildSeconds.observe(seconds);
    this.logger.info({ topic, partition, stored, ...summary, groups, outputs: outputs.length, seconds }, 'window state rebuilt from history');
    return { ...live, rebuilt: outputs };
  }

  /** The kill chain's records from the detection alerts the history raises, as stage 1 derives them. */
  private rebuildFollowers(): RebuildFollowers {
    return {
      follow: (alerts) => followAlerts(this.detectors, alerts),
      horizonMs: Math.max(0, ...this.keyed.map((p) => p.historyHorizonMs ?? 0)),
    };
  }

  private evictIfDue(live: LivePartition, partition: number): void {
    const now = Date.now();
    if (now - live.evictedAt >= EVICT_EVERY_MS) {
      live.windows.evict();
      live.evictedAt = now;
    }
    this.metrics.activeGroups.set({ partition: String(partition) }, live.windows.activeGroups);
  }

  private alertRecord(alert: Alert): OutboundRecord {
    return { topic: this.topics.alerts, key: alert.fingerprint, value: this.codec.encodable('Alert', alert) };
  }

  private matchRecord(match: RuleMatch): OutboundRecord {
    return { topic: this.topics.matches, key: matchKeyOf(match), value: this.codec.encodable('RuleMatch', match) };
  }
}
