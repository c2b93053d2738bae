import { AvroCodec, type Alert, type Event } from '@quell/contracts';
import { tallyArrivals, type DurableTail } from '@quell/platform-testing';
import { EVERY_EVENT_RULE_ID, PER_HOST_COUNT_ID } from './fault-rules';
import type { FaultStream } from './fault-stream';

const codec = new AvroCodec();

/** Decodes a tail's records once each, as they arrive. */
export class Decoded<T> {
  readonly values: T[] = [];
  private done = 0;

  constructor(
    private readonly tail: DurableTail,
    private readonly decode: (value: Buffer) => T,
  ) {}

  all(): T[] {
    for (; this.done < this.tail.records.length; this.done += 1) this.values.push(this.decode(this.tail.records[this.done].value));
    return this.values;
  }
}

export const decodedEvents = (tail: DurableTail) => new Decoded<Event>(tail, (value) => codec.decode(value, 'Event'));
export const decodedAlerts = (tail: DurableTail) => new Decoded<Alert>(tail, (value) => codec.decode(value, 'Alert'));

export interface FaultOutcome {
  name: string;
  sent: number;
  /** Distinct ids of the stream's events on the events topic (the normalizer's output). */
  normalized: number;
  /** Event records beyond the first of their id: redeliveries by ingest or the normalizer (same id, harmless). */
  normalizedCopies: number;
  /** Distinct detection alerts of the stream's events: one per event when nothing was lost. */
  arrived: number;
  /** Alert records beyond the first of their id (redeliveries). */
  duplicated: number;
  /** Events that reached the events topic under more than one id: a duplicate that would count twice. */
  reidentified: string[];
  /** Sequence ids sent whose alert never arrived (first few). */
  missing: string[];
  /** Per host: events sent vs the correlation's last count, and how many correlation alert ids it got. */
  hosts: { host: string; expected: number; seen: number; alertIds: number }[];
}

export function outcomeOf(stream: FaultStream, events: Decoded<Event>, alerts: Decoded<Alert>): FaultOutcome {
  const prefix = `${stream.name}-`;
  const seqOf = new Map<string, string>();
  const idsOfSeq = new Map<string, Set<string>>();
  let eventRecords = 0;
  for (const event of events.all()) {
    const seq = event.original['fault.seq'];
    if (!seq?.startsWith(prefix)) continue;
    eventRecords += 1;
    seqOf.set(event.id, seq);
    idsOfSeq.set(seq, (idsOfSeq.get(seq) ?? new Set()).add(event.id));
  }
  const detections = alerts.all().filter((a) => a.kind === 'detection' && a.rule.id === EVERY_EVENT_RULE_ID && seqOf.has(a.sampleEventIds[0]));
  const tally = tallyArrivals(detections, (a) => a.id);
  const alertedSeqs = new Set(detections.map((a) => seqOf.get(a.sampleEventIds[0])));

  const correlations = new Map<string, { seen: number; ids: Set<string> }>();
  for (const alert of alerts.all()) {
    if (alert.kind !== 'correlation' || alert.rule.id !== PER_HOST_COUNT_ID) continue;
    const host = alert.entities.find((e) => e.type === 'host')?.value;
    if (!host?.startsWith(prefix)) continue;
    const entry = correlations.get(host) ?? { seen: 0, ids: new Set<string>() };
    entry.seen = Math.max(entry.seen, alert.eventCount);
    entry.ids.add(alert.id);
    correlations.set(host, entry);
  }
  return {
    name: stream.name,
    sent: stream.sent.size,
    normalized: seqOf.size,
    normalizedCopies: eventRecords - seqOf.size,
    arrived: tally.distinct,
    duplicated: tally.duplicates,
    reidentified: [...idsOfSeq].filter(([, ids]) => ids.size > 1).map(([seq]) => seq),
    missing: [...stream.sent.keys()].filter((seq) => !alertedSeqs.has(seq)).slice(0, 10),
    hosts: [...stream.perHost()].map(([host, expected]) => ({
      host,
      expected,
      seen: correlations.get(host)?.seen ?? 0,
      alertIds: correlations.get(host)?.ids.size ?? 0,
    })),
  };
}

/** Every event reached the end once in effect and every correlation counts exactly. */
export function isComplete(outcome: FaultOutcome): boolean {
  return outcome.arrived === outcome.sent && outcome.hosts.every((h) => h.seen === h.expected);
}

/** The scenario's line for the closing table. */
export function describeOutcome(outcome: FaultOutcome, readiness: string): string {
  const expected = outcome.hosts.reduce((sum, h) => sum + h.expected, 0);
  const seen = outcome.hosts.reduce((sum, h) => sum + h.seen, 0);
  const exact = outcome.hosts.filter((h) => h.seen === h.expected && h.alertIds === 1).length;
  return (
    `[fault] ${outcome.name}: sent ${outcome.sent}, normalized ${outcome.normalized} (+${outcome.normalizedCopies} copies), arrived ${outcome.arrived} distinct, duplicated ${outcome.duplicated}, ` +
    `re-identified ${outcome.reidentified.length}; correlation counts expected ${expected} seen ${seen} (${exact}/${outcome.hosts.length} hosts exact); ` +
    `readiness: ${readiness}`
  );
}
