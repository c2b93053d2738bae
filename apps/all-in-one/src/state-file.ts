import { resolve } from 'node:path';

/**
 * `.quell-data/clickhouse.state.sqlite` for `.quell-data/clickhouse`: the document store
 * (incidents, dedup windows, notification marks) and the journal of the timers (retries, escalations,
 * window closes), beside the engine's files as the demo marker is.
 * WARNING: durable state; moving it makes a restart forget every open incident's state.
 */
export function stateFileOf(dataDir: string): string {
  return `${resolve(dataDir)}.state.sqlite`;
}
