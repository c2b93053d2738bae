import { resolve } from 'node:path';

/**
 * `.quell-data/clickhouse.state.sqlite` for `.quell-data/clickhouse`: the document store's journal
 * (incidents, dedup windows, notification marks), beside the engine's files as the demo marker is.
 * WARNING: durable state; moving it makes a restart forget every open incident's state.
 */
export function stateFileOf(dataDir: string): string {
  return `${resolve(dataDir)}.state.sqlite`;
}
