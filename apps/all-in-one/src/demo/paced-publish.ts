import type { InProcessEventBus } from '@quell/platform-kafka';

/** A record of the demo with its (moved) event time. */
export interface TimedLine {
  at: number;
  line: string;
}

/** Consecutive runs of records (in event-time order), each spanning less than `widthMs` of event time. */
export function eventTimeSlices(records: readonly TimedLine[], widthMs: number): TimedLine[][] {
  const out: TimedLine[][] = [];
  for (const record of records) {
    const last = out[out.length - 1];
    if (last && record.at - last[0].at < widthMs) last.push(record);
    else out.push([record]);
  }
  return out;
}

/**
 * Publishes a recorded stream as a live feed would arrive: a slice of event time at a time, each once
 * the stages up to the alerts have read the one before. Sent at once, the partitions ran minutes of
 * event time apart and the correlator rightly refused matches behind its allowed lateness (60 s).
 * A stage still busy after `maxWaitMs` no longer holds the rest back.
 */
export async function publishPaced(
  bus: InProcessEventBus,
  options: { topic: string; drained: readonly string[]; counted: (groupId: string) => boolean; headers: Record<string, string>; sliceMs: number; maxWaitMs: number },
  records: readonly TimedLine[],
): Promise<void> {
  for (const slice of eventTimeSlices(records, options.sliceMs)) {
    await bus.publish(slice.map((r) => ({ topic: options.topic, key: null, value: Buffer.from(r.line), headers: options.headers })));
    const deadline = Date.now() + options.maxWaitMs;
    while (options.drained.some((topic) => bus.backlog(topic, options.counted) > 0) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 10));
  }
}
