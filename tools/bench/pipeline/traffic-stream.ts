import type { RawEvent } from '@quell/contracts';
import { seededRandom } from '@quell/platform-testing';
import { allTemplates, KIND_WEIGHTS, rawEventOf, render, type Channel, type Template, type TrafficKind } from './traffic-mix';

/**
 * The incident-manager's grouping in every bench pipeline: by host only. Each alert-raising event
 * has a host of its own and is measured to the incident it opens; the templates share users and
 * addresses, so the default grouping (host, user, ip, service) would fold them into a few incidents
 * of up to 1,000 alerts, whose joins notify nothing (the events count as missing) and whose every
 * version carries all those alerts. The grouping's work per alert is the same either way.
 */
export const BENCH_GROUPING_ENV = { INCIDENT_GROUPING_ENTITY_TYPES: 'host' } as const;

/** One request's worth of events of one channel, as a shipper batches them. */
export interface BenchBatch {
  channel: Channel;
  lines: string[];
  /** Hosts of the alert-raising events in it: each names the incident its event opens. */
  alertHosts: string[];
}

export interface StreamOptions {
  quiet: readonly Template[];
  alerting: readonly Template[];
  /** One event in `alertEvery` raises an alert (100: 1%). */
  alertEvery: number;
  batchSize: number;
  /** Unique per phase: alert hosts are `<tag>-a<n>`, so each phase's incidents are its own. */
  tag: string;
  /** Distinct hosts of the quiet traffic. */
  quietHosts?: number;
  seed?: number;
}

/**
 * Endless traffic: quiet events drawn by kind weight, every `alertEvery`-th event an alert-raising
 * one with a host of its own; events are batched per channel and a batch is handed out when full.
 */
export class TrafficStream {
  private readonly random: () => number;
  private readonly byKind: [TrafficKind, Template[], number][];
  private readonly buffers = new Map<Channel, BenchBatch>();
  private produced = 0;
  private alerts = 0;

  constructor(private readonly options: StreamOptions) {
    // Seeded: the same mix on every run.
    this.random = seededRandom(options.seed ?? 42);
    let cumulative = 0;
    const present = (Object.keys(KIND_WEIGHTS) as TrafficKind[])
      .map((kind) => [kind, options.quiet.filter((t) => t.kind === kind)] as const)
      .filter(([, templates]) => templates.length > 0);
    const total = present.reduce((sum, [kind]) => sum + KIND_WEIGHTS[kind], 0);
    this.byKind = present.map(([kind, templates]) => [kind, templates, (cumulative += KIND_WEIGHTS[kind] / total)]);
    if (this.byKind.length === 0) throw new Error('no quiet templates');
    if (options.alerting.length === 0) throw new Error('no alert-raising templates');
  }

  /** The next full batch. */
  next(): BenchBatch {
    for (;;) {
      const full = this.add();
      if (full) return full;
    }
  }

  private add(): BenchBatch | undefined {
    const index = this.produced++;
    const now = new Date();
    let template: Template;
    let host: string;
    let alertHost: string | undefined;
    if (index % this.options.alertEvery === this.options.alertEvery - 1) {
      template = this.options.alerting[this.alerts % this.options.alerting.length];
      host = alertHost = `${this.options.tag}-a${this.alerts++}`;
    } else {
      const pick = this.random();
      const templates = (this.byKind.find(([, , upTo]) => pick < upTo) ?? this.byKind[this.byKind.length - 1])[1];
      template = templates[Math.floor(this.random() * templates.length)];
      host = `host-${index % (this.options.quietHosts ?? 200)}`;
    }
    let batch = this.buffers.get(template.channel);
    if (!batch) this.buffers.set(template.channel, (batch = { channel: template.channel, lines: [], alertHosts: [] }));
    batch.lines.push(render(template, host, now));
    if (alertHost) batch.alertHosts.push(alertHost);
    if (batch.lines.length < this.options.batchSize) return undefined;
    this.buffers.delete(template.channel);
    return batch;
  }
}

/** Each template once, with a host of its own (`<tag>-t<i>`), for finding out which raise alerts. */
export function calibrationBatches(templates: readonly Template[], tag: string, batchSize: number): BenchBatch[] {
  const batches = new Map<Channel, BenchBatch[]>();
  const now = new Date();
  templates.forEach((template, i) => {
    const list = batches.get(template.channel) ?? [];
    batches.set(template.channel, list);
    let batch = list[list.length - 1];
    if (!batch || batch.lines.length >= batchSize) list.push((batch = { channel: template.channel, lines: [], alertHosts: [] }));
    batch.lines.push(render(template, `${tag}-t${i}`, now));
    batch.alertHosts.push(`${tag}-t${i}`);
  });
  return [...batches.values()].flat();
}

/** `count` RawEvents of the bench's quiet traffic mix, as ingest hands them to the normalizer (for probes of one stage). */
export function quietRawEvents(count: number, tag: string): RawEvent[] {
  const templates = allTemplates();
  const stream = new TrafficStream({ quiet: templates, alerting: templates.slice(0, 1), alertEvery: 1_000_000, batchSize: 1000, tag });
  const raws: RawEvent[] = [];
  while (raws.length < count) {
    const batch = stream.next();
    for (const line of batch.lines) {
      raws.push(rawEventOf(batch.channel, line));
    }
  }
  return raws.slice(0, count);
}
